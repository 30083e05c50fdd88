"""TypeScript kernel: esbuild strips the types (no type check), node runs the result."""

from __future__ import annotations

from pathlib import Path

from .base import WrapperKernel, launch
from .spec import LanguageSpec

SPEC = LanguageSpec(
    name="typescript",
    display_name="TypeScript (Node.js)",
    language="typescript",
    module="interview_kernels.typescript",
    tools=("node", "esbuild"),
    file_extension=".ts",
    mimetype="text/typescript",
    codemirror_mode="typescript",
    pygments_lexer="typescript",
    logo_text="TS",
    logo_color="#3178c6",
)


class TypeScriptKernel(WrapperKernel):
    spec = SPEC
    source_name = "main.ts"

    def compile_commands(self, source: Path) -> list[list[str]]:
        esbuild = self.tool("esbuild")
        flags = ["--platform=node", "--target=node20", "--sourcemap", "--log-level=warning"]
        return [[esbuild, source.name, "--outfile=main.js", "--color=false", *flags]]

    def run_command(self, source: Path, args: list[str]) -> list[str]:
        out = str(source.with_suffix(".js"))
        return [self.tool("node"), "--enable-source-maps", out, *args]


if __name__ == "__main__":
    launch(TypeScriptKernel)
