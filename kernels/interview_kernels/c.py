"""C kernel: gcc -std=c17 -O2 -Wall."""

from __future__ import annotations

from pathlib import Path

from .base import WrapperKernel, launch
from .spec import LanguageSpec

SPEC = LanguageSpec(
    name="c",
    display_name="C17",
    language="c",
    module="interview_kernels.c",
    tools=("gcc",),
    file_extension=".c",
    mimetype="text/x-csrc",
    codemirror_mode="text/x-csrc",
    pygments_lexer="c",
    version="C17",
    logo_text="C",
    logo_color="#283593",
)


class CKernel(WrapperKernel):
    spec = SPEC
    source_name = "main.c"

    def compile_commands(self, source: Path) -> list[list[str]]:
        gcc = self.tool("gcc")
        # ISO C17 semantics, with the POSIX declarations (fork, getline, usleep...) visible.
        flags = ["-std=c17", "-D_DEFAULT_SOURCE", "-O2", "-Wall", "-fdiagnostics-color=never"]
        return [[gcc, *flags, "-o", "prog", source.name, "-lm"]]

    def run_command(self, source: Path, args: list[str]) -> list[str]:
        return [str(self.workdir / "prog"), *args]


if __name__ == "__main__":
    launch(CKernel)
