"""Install the kernelspecs of every language whose toolchain is present.

``python -m interview_kernels.install [--prefix PREFIX | --sys-prefix | --user]
[--cache-dir DIR] [--languages c,cpp,...] [--no-prepare]``
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from html import escape
from pathlib import Path

from jupyter_client.kernelspec import KernelSpecManager

from . import __version__
from .prepare import prepare
from .spec import LanguageSpec, find_tool

LANGUAGE_MODULES = ("c", "cpp", "java", "javascript", "typescript", "go", "rust")


def all_specs() -> list[LanguageSpec]:
    from importlib import import_module

    return [import_module(f"interview_kernels.{name}").SPEC for name in LANGUAGE_MODULES]


def missing_tools(spec: LanguageSpec) -> list[str]:
    return [tool for tool in spec.tools if find_tool(tool) is None]


def logo_svg(spec: LanguageSpec) -> str:
    size = 32 if len(spec.logo_text) < 3 else 24
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64" viewBox="0 0 64 64">'
        f'<rect width="64" height="64" rx="12" fill="{spec.logo_color}"/>'
        f'<text x="32" y="{32 + size * 0.36:.0f}" font-family="sans-serif" font-weight="bold" '
        f'font-size="{size}" fill="#ffffff" text-anchor="middle">{escape(spec.logo_text)}</text>'
        "</svg>\n"
    )


def kernel_json(spec: LanguageSpec, cache_dir: Path) -> dict[str, object]:
    env = {"INTERVIEW_KERNELS_CACHE": str(cache_dir)}
    for tool in spec.tools:
        path = find_tool(tool)
        if path and tool == "esbuild":
            env["INTERVIEW_KERNELS_TOOL_ESBUILD"] = path
    return {
        "argv": [sys.executable, "-m", spec.module, "-f", "{connection_file}"],
        "display_name": spec.display_name,
        "language": spec.language,
        "interrupt_mode": "message",
        "env": env,
        "metadata": {"interview_kernels": {"version": __version__}},
    }


def default_cache(prefix: str | None, user: bool) -> Path:
    if user or prefix is None:
        from .spec import default_cache_dir

        return default_cache_dir()
    return Path(prefix) / "share" / "interview-kernels" / "cache"


def install(
    *,
    prefix: str | None = None,
    user: bool = False,
    cache_dir: Path | None = None,
    languages: list[str] | None = None,
    build_cache: bool = True,
) -> tuple[dict[str, str], dict[str, str]]:
    """Returns ``(installed name -> path, skipped name -> reason)``."""
    cache = cache_dir or default_cache(prefix, user)
    manager = KernelSpecManager()
    installed: dict[str, str] = {}
    skipped: dict[str, str] = {}
    wanted = [s for s in all_specs() if languages is None or s.name in languages]
    ready = []
    for spec in wanted:
        missing = missing_tools(spec)
        if missing:
            skipped[spec.name] = f"{', '.join(missing)} not found"
        else:
            ready.append(spec)
    if build_cache and ready:
        for step, message in prepare(cache, [s.name for s in ready]).items():
            print(f"  prepare {step}: {message}")
    for spec in ready:
        with tempfile.TemporaryDirectory() as tmp:
            source = Path(tmp) / spec.name
            source.mkdir()
            (source / "kernel.json").write_text(json.dumps(kernel_json(spec, cache), indent=2))
            (source / "logo-svg.svg").write_text(logo_svg(spec))
            installed[spec.name] = manager.install_kernel_spec(
                str(source), spec.name, user=user, prefix=prefix
            )
    return installed, skipped


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--prefix", help="install under PREFIX/share/jupyter/kernels")
    where.add_argument("--sys-prefix", action="store_true", help=f"under {sys.prefix} (default)")
    where.add_argument("--user", action="store_true", help="into the user's Jupyter data dir")
    parser.add_argument("--cache-dir", type=Path, help="precompiled artifacts (PCH, javac)")
    parser.add_argument("--languages", help="comma-separated kernel names (default: all)")
    parser.add_argument("--no-prepare", action="store_true", help="do not build the cache")
    args = parser.parse_args(argv)
    prefix = args.prefix if args.prefix else (None if args.user else sys.prefix)
    languages = args.languages.split(",") if args.languages else None
    installed, skipped = install(
        prefix=prefix,
        user=args.user,
        cache_dir=args.cache_dir,
        languages=languages,
        build_cache=not args.no_prepare,
    )
    for name, path in installed.items():
        print(f"installed {name:11} {path}")
    for name, reason in skipped.items():
        print(f"skipped   {name:11} {reason}")


if __name__ == "__main__":
    main()
