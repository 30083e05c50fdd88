"""The container spawner's seccomp profile: Podman's default without new namespaces (the
container tests run `unshare` against it for real; this checks the rules themselves)."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from interview_hub.spawners.docker import (
    CLONE_NAMESPACE_FLAGS,
    ENGINE_SECCOMP,
    NAMESPACE_SYSCALLS,
    IsolatedDockerSpawner,
    seccomp_profile,
)
from tests.support.needs import require

CLONE_NEWUSER = 0x10000000
CLONE_NEWNET = 0x40000000
CLONE_THREAD_FLAGS = 0x003D0F00  # what pthread_create passes: no namespace bit


def podman_default() -> dict[str, Any]:
    require(ENGINE_SECCOMP.exists(), f"{ENGINE_SECCOMP} (containers-common) is not installed")
    found: dict[str, Any] = json.loads(ENGINE_SECCOMP.read_text())
    return found


def verdict(profile: dict[str, Any], name: str, arg0: int = 0) -> str:
    """What libseccomp decides for ``name(arg0, …)``: the strictest matching rule wins."""
    order = ["SCMP_ACT_KILL", "SCMP_ACT_TRAP", "SCMP_ACT_ERRNO", "SCMP_ACT_TRACE", "SCMP_ACT_ALLOW"]
    matched = []
    for rule in profile["syscalls"]:
        if name not in rule["names"] or rule.get("includes") or rule.get("excludes"):
            continue
        ok = True
        for arg in rule.get("args") or []:
            assert arg["op"] == "SCMP_CMP_MASKED_EQ" and arg["index"] == 0, arg
            ok = ok and (arg0 & arg["value"]) == arg["valueTwo"]
        if ok:
            matched.append(rule["action"])
    if not matched:
        return str(profile["defaultAction"])
    return min(matched, key=order.index)


@pytest.mark.parametrize("base", ["podman", "none"])
def test_no_new_namespaces_but_threads_and_forks(base: str) -> None:
    profile = seccomp_profile(podman_default() if base == "podman" else None)
    for name in ("unshare", "setns", "clone3"):
        assert verdict(profile, name) == "SCMP_ACT_ERRNO", name
    for flags in (CLONE_NEWUSER, CLONE_NEWNET, CLONE_NEWUSER | CLONE_THREAD_FLAGS):
        assert verdict(profile, "clone", flags) == "SCMP_ACT_ERRNO", hex(flags)
    assert verdict(profile, "clone", CLONE_THREAD_FLAGS) == "SCMP_ACT_ALLOW"
    assert verdict(profile, "clone", 0x11) == "SCMP_ACT_ALLOW"  # fork(): SIGCHLD
    assert verdict(profile, "read") == "SCMP_ACT_ALLOW"
    assert CLONE_NAMESPACE_FLAGS & CLONE_NEWUSER


def test_the_rest_of_podmans_default_is_kept() -> None:
    base = podman_default()
    profile = seccomp_profile(base)
    assert profile["defaultAction"] == base["defaultAction"]
    allowed = {n for r in base["syscalls"] if r["action"] == "SCMP_ACT_ALLOW" for n in r["names"]}
    kept = {n for r in profile["syscalls"] if r["action"] == "SCMP_ACT_ALLOW" for n in r["names"]}
    # only the namespace calls lose their unconditional rule (clone keeps a filtered one)
    assert allowed - kept == set(NAMESPACE_SYSCALLS) - {"clone"}
    assert kept <= allowed  # nothing is added
    assert base == podman_default()  # the engine's file is not changed in place


def test_the_engine_is_asked_once_and_a_removed_profile_is_written_again(tmp_path: Path) -> None:
    asked: list[str] = []

    def spawner(api: str, engine: str) -> SimpleNamespace:
        async def docker(method: str) -> dict[str, Any]:
            asked.append(api)
            return {"Components": [{"Name": engine}]}

        return SimpleNamespace(
            data_dir=str(tmp_path / api),
            client_kwargs={"base_url": f"unix:///{api}.sock"},
            docker=docker,
            _seccomp_by_engine=IsolatedDockerSpawner._seccomp_by_engine,
        )

    def options(s: SimpleNamespace) -> list[str]:
        found: list[str] = asyncio.run(IsolatedDockerSpawner._seccomp_options(s))  # type: ignore[arg-type]
        return found

    podman = spawner("podman", "Podman Engine")
    (tmp_path / "podman" / "containers").mkdir(parents=True)
    profile = tmp_path / "podman" / "containers" / "seccomp.json"
    assert options(podman) == [f"seccomp={profile}"]
    written = json.loads(profile.read_text())
    assert written["syscalls"][-1] == {
        "names": ["unshare", "setns"],
        "action": "SCMP_ACT_ERRNO",
        "errnoRet": 1,
    }
    assert options(podman) == [f"seccomp={profile}"] and asked == ["podman"]  # cached
    profile.unlink()
    assert options(podman) == [f"seccomp={profile}"] and asked == ["podman", "podman"]
    assert json.loads(profile.read_text()) == written

    docker = spawner("docker", "Engine")  # Docker Engine: its own default profile
    assert options(docker) == [] and options(docker) == []
    assert asked.count("docker") == 1
