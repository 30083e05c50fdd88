"""C++17 kernel: g++ -std=c++17 -O2 -Wall, with <bits/stdc++.h> precompiled (see prepare)."""

from __future__ import annotations

from pathlib import Path

from traitlets import Bool

from .base import WrapperKernel, launch
from .spec import LanguageSpec

SPEC = LanguageSpec(
    name="cpp",
    display_name="C++17",
    language="c++",
    module="interview_kernels.cpp",
    tools=("g++",),
    file_extension=".cpp",
    mimetype="text/x-c++src",
    codemirror_mode="text/x-c++src",
    pygments_lexer="cpp",
    version="17",
    logo_text="C++",
    logo_color="#00599c",
)

# The precompiled header is only valid for the same flags: keep them in one place.
CXX_FLAGS = ("-std=c++17", "-O2")
PCH_DIR = "cxx17-pch"


def pch_dir(cache: Path) -> Path:
    return cache / PCH_DIR


class CppKernel(WrapperKernel):
    spec = SPEC
    source_name = "main.cpp"

    preinclude = Bool(
        True,
        help="Include the precompiled <bits/stdc++.h> in every cell (fast compiles whatever "
        "the cell includes). Off: it is used only by cells that include it first.",
    ).tag(config=True)

    def compile_commands(self, source: Path) -> list[list[str]]:
        argv = [self.tool("g++"), *CXX_FLAGS, "-Wall", "-fdiagnostics-color=never"]
        pch = pch_dir(Path(self.cache_dir))
        if (pch / "bits" / "stdc++.h.gch").is_file():
            argv += ["-I", str(pch)]
            if self.preinclude:
                argv += ["-include", "bits/stdc++.h"]
        return [[*argv, "-o", "prog", source.name]]

    def run_command(self, source: Path, args: list[str]) -> list[str]:
        return [str(self.workdir / "prog"), *args]


if __name__ == "__main__":
    launch(CppKernel)
