"""JavaScript kernel: node (CommonJS or ES modules, detected from the syntax)."""

from __future__ import annotations

from pathlib import Path

from .base import WrapperKernel, launch
from .spec import LanguageSpec

SPEC = LanguageSpec(
    name="javascript",
    display_name="JavaScript (Node.js)",
    language="javascript",
    module="interview_kernels.javascript",
    tools=("node",),
    file_extension=".js",
    mimetype="text/javascript",
    codemirror_mode="javascript",
    pygments_lexer="javascript",
    logo_text="JS",
    logo_color="#c9a800",
)


class JavaScriptKernel(WrapperKernel):
    spec = SPEC
    source_name = "main.js"

    def run_command(self, source: Path, args: list[str]) -> list[str]:
        return [self.tool("node"), str(source), *args]


if __name__ == "__main__":
    launch(JavaScriptKernel)
