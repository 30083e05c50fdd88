"""Go kernel: Debian's golang-go, ``go build`` with the build cache in the cache dir."""

from __future__ import annotations

import os
from pathlib import Path

from .base import WrapperKernel, launch
from .spec import LanguageSpec

SPEC = LanguageSpec(
    name="go",
    display_name="Go",
    language="go",
    module="interview_kernels.go",
    tools=("go",),
    file_extension=".go",
    mimetype="text/x-go",
    codemirror_mode="go",
    pygments_lexer="go",
    logo_text="Go",
    logo_color="#00add8",
)


def go_env(cache: Path, scratch: Path) -> dict[str, str]:
    """Environment for ``go build``: no modules, no network, no cgo (no gcc in the loop)."""
    gocache = cache / "go-build"
    with_cache = gocache.is_dir() and os.access(gocache, os.W_OK)
    return {
        "GOCACHE": str(gocache if with_cache else scratch / "go-build"),
        "GOPATH": str(scratch / "gopath"),
        "GO111MODULE": "off",
        "GOFLAGS": "",
        "GOPROXY": "off",
        "GOTOOLCHAIN": "local",
        "GOTELEMETRY": "off",
        "CGO_ENABLED": "0",
    }


class GoKernel(WrapperKernel):
    spec = SPEC
    source_name = "main.go"

    def compile_env(self) -> dict[str, str]:
        env = super().compile_env()
        env.update(go_env(Path(self.cache_dir), self.workdir))
        return env

    def compile_commands(self, source: Path) -> list[list[str]]:
        return [[self.tool("go"), "build", "-o", "prog", "-ldflags=-s -w", source.name]]

    def run_command(self, source: Path, args: list[str]) -> list[str]:
        return [str(self.workdir / "prog"), *args]


if __name__ == "__main__":
    launch(GoKernel)
