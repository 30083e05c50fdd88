"""What the installer needs to know about a language, without importing ipykernel."""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

PACKAGE_DIR = Path(__file__).resolve().parent


@dataclass(frozen=True)
class LanguageSpec:
    name: str
    """Kernelspec name (folder under ``share/jupyter/kernels``)."""
    display_name: str
    language: str
    module: str
    """``python -m`` module that runs the kernel."""
    tools: tuple[str, ...]
    file_extension: str
    mimetype: str
    codemirror_mode: str
    pygments_lexer: str
    version: str = ""
    logo_text: str = ""
    logo_color: str = "#555555"
    extra: dict[str, Any] = field(default_factory=dict)

    def language_info(self) -> dict[str, Any]:
        return {
            "name": self.language,
            "version": self.version,
            "mimetype": self.mimetype,
            "file_extension": self.file_extension,
            "codemirror_mode": self.codemirror_mode,
            "pygments_lexer": self.pygments_lexer,
        }


def find_tool(name: str) -> str | None:
    """Absolute path of a toolchain program.

    ``INTERVIEW_KERNELS_TOOL_<NAME>`` overrides; Debian's ``/usr/bin`` wins over PATH (a rustup
    toolchain in a private home directory is unreachable from a sandboxed server); esbuild is
    looked up in ``kernels/node`` next to this package.
    """
    override = os.environ.get(f"INTERVIEW_KERNELS_TOOL_{name.upper()}")
    if override:
        return override if os.access(override, os.X_OK) else None
    if name == "esbuild":
        local = PACKAGE_DIR.parent / "node" / "node_modules" / ".bin" / "esbuild"
        if os.access(local, os.X_OK):
            return str(local)
    system = Path("/usr/bin") / name
    if os.access(system, os.X_OK):
        return str(system)
    return shutil.which(name)


def default_cache_dir() -> Path:
    env = os.environ.get("INTERVIEW_KERNELS_CACHE")
    if env:
        return Path(env)
    xdg = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(xdg) / "interview-kernels"
