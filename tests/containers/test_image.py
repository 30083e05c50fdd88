"""images/build: the single-user image is tagged by a hash of its inputs and built only once."""

from __future__ import annotations

from tests.containers.conftest import build_image


def test_second_build_is_a_no_op(podman_env: dict[str, str], image: str) -> None:
    tag, seconds, log = build_image(podman_env)
    assert tag == image
    assert "building" not in log and "debootstrap" not in log, log
    print(f"warm images/build: {seconds:.2f} s")
