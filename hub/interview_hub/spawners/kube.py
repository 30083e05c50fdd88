"""Kubernetes: KubeSpawner settings for interview servers, and their NetworkPolicy.

**Not run here** (this machine has no cluster). ``configure_kube(c)`` is what the Zero
to JupyterHub values in docs/operations.md put in ``hub.extraConfig``; tests/unit/test_kube_config
builds a real ``KubeSpawner`` from it and checks the pod, the volume claim and the policy it
would create, without a cluster.

Isolation on Kubernetes comes from the pod (own network namespace, cgroup limits, a non-root
uid without privilege escalation or capabilities, no service-account token, no service-link
environment) and from ``network_policy()``: interview pods take connections from the proxy only
and may reach the hub (API and the interviews service) and cluster DNS, nothing else
(PostgreSQL, other pods, the cloud metadata server, the internet). The cluster's network plugin
must enforce NetworkPolicy (Calico, Cilium, …).
"""

from __future__ import annotations

import os
from typing import Any

from traitlets import Float, Unicode, default
from traitlets.config import LoggingConfigurable

#: labels on every interview pod (the NetworkPolicy selects them)
POD_LABELS = {"app.kubernetes.io/part-of": "interview-platform", "component": "singleuser-server"}
HOME = "/home/interview"


class KubeSettings(LoggingConfigurable):
    """Settings of the Kubernetes spawner; defaults come from environment variables."""

    namespace = Unicode(help="Namespace of hub and interview pods (KUBE_NAMESPACE).").tag(
        config=True
    )

    @default("namespace")
    def _namespace_default(self) -> str:
        return os.environ.get("KUBE_NAMESPACE", "interviews")

    image = Unicode(help="Single-user image in the cluster's registry (KUBE_IMAGE).").tag(
        config=True
    )

    @default("image")
    def _image_default(self) -> str:
        return os.environ.get(
            "KUBE_IMAGE", "registry.example.com/interview-platform-singleuser:latest"
        )

    mem_limit = Unicode(help="Memory limit per server (KUBE_MEM_LIMIT).").tag(config=True)

    @default("mem_limit")
    def _mem_limit_default(self) -> str:
        return os.environ.get("KUBE_MEM_LIMIT", "2G")

    mem_guarantee = Unicode(help="Memory request per server (KUBE_MEM_GUARANTEE).").tag(config=True)

    @default("mem_guarantee")
    def _mem_guarantee_default(self) -> str:
        return os.environ.get("KUBE_MEM_GUARANTEE", "1G")

    cpu_limit = Float(help="CPU cores per server (KUBE_CPU_LIMIT).").tag(config=True)

    @default("cpu_limit")
    def _cpu_limit_default(self) -> float:
        return float(os.environ.get("KUBE_CPU_LIMIT", "1"))

    cpu_guarantee = Float(help="CPU cores requested per server (KUBE_CPU_GUARANTEE).").tag(
        config=True
    )

    @default("cpu_guarantee")
    def _cpu_guarantee_default(self) -> float:
        return float(os.environ.get("KUBE_CPU_GUARANTEE", "0.25"))

    storage_capacity = Unicode(
        help="Size of the interview directory's volume (KUBE_STORAGE): the disk quota."
    ).tag(config=True)

    @default("storage_capacity")
    def _storage_default(self) -> str:
        return os.environ.get("KUBE_STORAGE", "2Gi")

    scratch_limit = Unicode(
        help="Ephemeral storage per pod (/tmp, logs; KUBE_SCRATCH_LIMIT): evicted beyond it."
    ).tag(config=True)

    @default("scratch_limit")
    def _scratch_default(self) -> str:
        return os.environ.get("KUBE_SCRATCH_LIMIT", "1Gi")


def configure_kube(c: Any, **overrides: Any) -> None:
    """Make KubeSpawner the hub's spawner with the interview servers' isolation settings.

    ``overrides`` set any KubeSpawner trait, e.g. ``mem_limit="1G"``.
    """
    kube = KubeSettings()
    c.JupyterHub.spawner_class = "kubespawner.KubeSpawner"
    c.JupyterHub.cleanup_servers = False  # pods survive a hub restart
    s = c.KubeSpawner
    s.namespace = kube.namespace
    s.image = kube.image
    s.image_pull_policy = "IfNotPresent"
    s.cmd = ["jupyterhub-singleuser"]
    # share grants and revocations take effect within seconds
    s.args = ["--HubOAuth.cache_max_age=10"]
    s.default_url = "/lab"
    s.working_dir = HOME
    s.uid = 1000
    s.gid = 1000
    s.fs_gid = 1000
    s.allow_privilege_escalation = False
    s.container_security_context = {
        "capabilities": {"drop": ["ALL"]},
        "runAsNonRoot": True,
        "seccompProfile": {"type": "RuntimeDefault"},
    }
    s.mem_limit = kube.mem_limit
    s.mem_guarantee = kube.mem_guarantee
    s.cpu_limit = kube.cpu_limit
    s.cpu_guarantee = kube.cpu_guarantee
    s.extra_resource_limits = {"ephemeral-storage": kube.scratch_limit}
    s.storage_pvc_ensure = True
    s.storage_capacity = kube.storage_capacity
    s.storage_access_modes = ["ReadWriteOnce"]
    s.volumes = [{"name": "interview", "persistentVolumeClaim": {"claimName": "{pvc_name}"}}]
    s.volume_mounts = [{"name": "interview", "mountPath": HOME}]
    s.extra_labels = dict(POD_LABELS)
    s.extra_pod_config = {
        # candidate code must not talk to the Kubernetes API as the pod
        "automountServiceAccountToken": False,
        # no KUBERNETES_SERVICE_HOST, POSTGRES_PORT… variables naming the cluster's services
        "enableServiceLinks": False,
    }
    s.http_timeout = 60
    s.start_timeout = 180
    # the notebook's grading control reaches the interviews service through the proxy (the
    # service listens on 127.0.0.1 inside the hub pod)
    s.environment = {
        "INTERVIEWS_API_URL": f"http://proxy-public.{kube.namespace}.svc/services/interviews/api/"
    }
    for name, value in overrides.items():
        setattr(s, name, value)


def network_policy(namespace: str = "interviews") -> dict[str, Any]:
    """The NetworkPolicy for interview pods: in from the proxy, out to the hub's API, the
    proxy (the interviews service's API) and cluster DNS only."""
    hub = {"podSelector": {"matchLabels": {"component": "hub"}}}
    proxy = {"podSelector": {"matchLabels": {"component": "proxy"}}}
    return {
        "apiVersion": "networking.k8s.io/v1",
        "kind": "NetworkPolicy",
        "metadata": {"name": "interview-servers", "namespace": namespace},
        "spec": {
            "podSelector": {"matchLabels": dict(POD_LABELS)},
            "policyTypes": ["Ingress", "Egress"],
            "ingress": [
                {
                    "from": [proxy, hub],
                    "ports": [{"protocol": "TCP", "port": 8888}],
                }
            ],
            "egress": [
                {"to": [hub], "ports": [{"protocol": "TCP", "port": 8081}]},
                {"to": [proxy], "ports": [{"protocol": "TCP", "port": 8000}]},
                {
                    "to": [
                        {
                            "namespaceSelector": {
                                "matchLabels": {"kubernetes.io/metadata.name": "kube-system"}
                            },
                            "podSelector": {"matchLabels": {"k8s-app": "kube-dns"}},
                        }
                    ],
                    "ports": [{"protocol": "UDP", "port": 53}, {"protocol": "TCP", "port": 53}],
                },
            ],
        },
    }
