"""Rust kernel: Debian's rustc (edition 2021), one cell = one main.rs."""

from __future__ import annotations

from pathlib import Path

from .base import WrapperKernel, launch
from .spec import LanguageSpec

SPEC = LanguageSpec(
    name="rust",
    display_name="Rust",
    language="rust",
    module="interview_kernels.rust",
    tools=("rustc",),
    file_extension=".rs",
    mimetype="text/rust",
    codemirror_mode="rust",
    pygments_lexer="rust",
    version="2021",
    logo_text="Rs",
    logo_color="#b7410e",
)


class RustKernel(WrapperKernel):
    spec = SPEC
    source_name = "main.rs"

    def compile_commands(self, source: Path) -> list[list[str]]:
        rustc = self.tool("rustc")
        flags = ["--edition", "2021", "-C", "opt-level=1", "-C", "debuginfo=0", "--color", "never"]
        return [[rustc, *flags, "-o", "prog", source.name]]

    def run_command(self, source: Path, args: list[str]) -> list[str]:
        return [str(self.workdir / "prog"), *args]


if __name__ == "__main__":
    launch(RustKernel)
