"""The Kubernetes configuration (KubeSpawner, Zero to JupyterHub), checked without a cluster.

No Kubernetes runs here: a real ``KubeSpawner`` (jupyterhub-kubespawner 7.1) is built from
``configure_kube`` with a kubeconfig that points nowhere (nothing connects to it), and the pod,
the volume claim and the NetworkPolicy it would create are checked. The documented values.yaml
in docs/operations.md is parsed and held to the same settings.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import kubespawner
import pytest
import yaml
from traitlets.config import Config

from interview_hub.spawners.kube import HOME, POD_LABELS, configure_kube, network_policy

DOCS = Path(__file__).resolve().parents[2] / "docs" / "operations.md"
KUBECONFIG = """apiVersion: v1
kind: Config
clusters: [{name: none, cluster: {server: "https://127.0.0.1:9"}}]
users: [{name: none, user: {token: unused}}]
contexts: [{name: none, context: {cluster: none, user: none, namespace: interviews}}]
current-context: none
"""


@pytest.fixture
def spawner(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    kubeconfig = tmp_path / "kubeconfig"
    kubeconfig.write_text(KUBECONFIG)
    # read at import time by kubernetes_asyncio, so patched where it lives
    from kubernetes_asyncio.config import kube_config

    monkeypatch.setattr(kube_config, "KUBE_CONFIG_DEFAULT_LOCATION", str(kubeconfig))
    monkeypatch.setenv("KUBE_IMAGE", "registry.example.com/interview-platform-singleuser:abc123")
    c = Config()
    configure_kube(c)
    return c


async def build(c: Config) -> Any:
    """A KubeSpawner for one interview account (inside a loop: its API client needs one)."""
    user = SimpleNamespace(name="iv-7f3k2", id=7, url="/user/iv-7f3k2/")
    hub = SimpleNamespace(
        public_host="",
        url="http://hub:8081/hub/",
        base_url="/hub/",
        api_url="http://hub:8081/hub/api",
    )
    return kubespawner.KubeSpawner(config=c, user=user, hub=hub, _mock=True)


async def manifests(c: Config) -> tuple[Any, dict[str, Any], dict[str, Any]]:
    """The spawner, and the pod and claim as JSON, exactly what it would send to the API."""
    from kubernetes_asyncio.client import ApiClient

    s = await build(c)
    async with ApiClient() as api:
        pod = api.sanitize_for_serialization(await s.get_pod_manifest())
        pvc = api.sanitize_for_serialization(s.get_pvc_manifest())
    return s, pod, pvc


async def test_pod_is_unprivileged_limited_and_without_cluster_credentials(spawner: Config) -> None:
    assert spawner.JupyterHub.spawner_class == "kubespawner.KubeSpawner"
    _, pod, _ = await manifests(spawner)
    container = pod["spec"]["containers"][0]
    assert container["image"] == "registry.example.com/interview-platform-singleuser:abc123"
    assert container["args"] == ["jupyterhub-singleuser", "--HubOAuth.cache_max_age=10"]
    assert container["securityContext"] == {
        "runAsUser": 1000,
        "runAsGroup": 1000,
        "allowPrivilegeEscalation": False,
        "capabilities": {"drop": ["ALL"]},
        "runAsNonRoot": True,
        "seccompProfile": {"type": "RuntimeDefault"},
    }
    assert pod["spec"]["securityContext"] == {"fsGroup": 1000}
    limits, requests = container["resources"]["limits"], container["resources"]["requests"]
    assert int(limits["memory"]) == 2 * 1024**3 and int(requests["memory"]) == 1024**3
    assert float(limits["cpu"]) == 1.0 and float(requests["cpu"]) == 0.25
    assert limits["ephemeral-storage"] == "1Gi"
    assert pod["spec"]["automountServiceAccountToken"] is False
    assert pod["spec"]["enableServiceLinks"] is False
    for key, value in POD_LABELS.items():
        assert pod["metadata"]["labels"][key] == value
    env = {e["name"]: e.get("value") for e in container["env"]}
    assert (
        env["INTERVIEWS_API_URL"] == "http://proxy-public.interviews.svc/services/interviews/api/"
    )
    assert env["JUPYTERHUB_USER"] == "iv-7f3k2"
    assert not any("SECRET" in name or "PASSWORD" in name for name in env)
    assert container["workingDir"] == HOME


async def test_interview_directory_is_a_claim_of_the_configured_size(spawner: Config) -> None:
    s, pod, pvc = await manifests(spawner)
    volume = next(v for v in pod["spec"]["volumes"] if v["name"] == "interview")
    assert volume["persistentVolumeClaim"] == {"claimName": s.pvc_name}
    assert "{" not in s.pvc_name and "iv-7f3k2" in s.pvc_name
    mount = next(
        m for m in pod["spec"]["containers"][0]["volumeMounts"] if m["name"] == "interview"
    )
    assert mount["mountPath"] == HOME
    assert pvc["metadata"]["name"] == s.pvc_name
    assert pvc["spec"]["resources"]["requests"]["storage"] == "2Gi"
    assert pvc["spec"]["accessModes"] == ["ReadWriteOnce"]


async def test_settings_come_from_the_environment(
    spawner: Config, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KUBE_MEM_LIMIT", "512M")
    monkeypatch.setenv("KUBE_STORAGE", "500Mi")
    monkeypatch.setenv("KUBE_NAMESPACE", "hiring")
    c = Config()
    configure_kube(c, start_timeout=300)
    s, pod, pvc = await manifests(c)
    assert int(pod["spec"]["containers"][0]["resources"]["limits"]["memory"]) == 512 * 1024**2
    assert pvc["spec"]["resources"]["requests"]["storage"] == "500Mi"
    assert s.namespace == "hiring" and s.start_timeout == 300
    assert pod["metadata"].get("namespace", "hiring") == "hiring"


async def test_network_policy_lets_in_the_proxy_and_out_only_to_hub_proxy_and_dns() -> None:
    from kubernetes_asyncio.client import ApiClient

    policy = network_policy("interviews")
    spec = policy["spec"]
    assert spec["podSelector"]["matchLabels"] == POD_LABELS
    assert sorted(spec["policyTypes"]) == ["Egress", "Ingress"]
    peers = [peer for rule in spec["egress"] for peer in rule["to"]]
    # no ipBlock at all: nothing outside the cluster (internet, metadata server) is reachable
    assert all("ipBlock" not in peer for peer in peers)
    targets = {
        (next(iter(p["podSelector"]["matchLabels"].values())), port["port"])
        for rule in spec["egress"]
        for p in rule["to"]
        for port in rule["ports"]
    }
    assert targets == {("hub", 8081), ("proxy", 8000), ("kube-dns", 53)}
    ingress_from = {
        p["podSelector"]["matchLabels"]["component"] for p in spec["ingress"][0]["from"]
    }
    assert ingress_from == {"proxy", "hub"}
    # it is a well-formed NetworkPolicy for the Kubernetes API's own model
    async with ApiClient() as api:
        model = api.deserialize(_Response(policy), "V1NetworkPolicy")
    assert model.spec.egress[0].ports[0].port == 8081
    assert model.spec.pod_selector.match_labels == POD_LABELS


class _Response:
    def __init__(self, body: dict[str, Any]) -> None:
        self.data = json.dumps(body)


def test_documented_values_match_the_spawner_settings() -> None:
    text = DOCS.read_text()
    section = text.split("## Kubernetes", 1)[1]
    block = re.search(r"```yaml\n(.*?)```", section, re.S)
    assert block is not None, "the values.yaml block is missing from docs/operations.md"
    values = yaml.safe_load(block.group(1))
    assert "configure_kube(c)" in values["hub"]["extraConfig"]["interviews"]
    single = values["singleuser"]
    assert single["memory"] == {"limit": "2G", "guarantee": "1G"}
    assert single["cpu"] == {"limit": 1, "guarantee": 0.25}
    assert single["storage"]["capacity"] == "2Gi" and single["storage"]["homeMountPath"] == HOME
    assert single["uid"] == 1000 and single["fsGid"] == 1000
    assert single["allowPrivilegeEscalation"] is False
    assert single["networkPolicy"]["enabled"] is True
    assert "This configuration was not run here" in section
