"""``python -m interview_extension.precompress [DIR…]``: write ``<file>.gz`` beside JupyterLab's
compressible assets (default: this environment's lab bundle and prebuilt extensions); see
:mod:`interview_extension.static`. Run when the single-user environment is built."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .static import precompress


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m interview_extension.precompress",
        description="Write <file>.gz beside JupyterLab's compressible assets.",
    )
    parser.add_argument("dirs", nargs="*", type=Path, help="default: this environment's lab "
                        "static directory and its labextensions")  # fmt: skip
    args = parser.parse_args(argv)
    dirs = args.dirs or [
        Path(sys.prefix, "share", "jupyter", "lab", "static"),
        Path(sys.prefix, "share", "jupyter", "labextensions"),
    ]
    found = precompress(d for d in dirs if d.is_dir())
    print(
        f"precompressed {found['written']} new of {found['files']} assets: "
        f"{found['bytes'] / 1e6:.1f} MB → {found['gzip_bytes'] / 1e6:.1f} MB",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
