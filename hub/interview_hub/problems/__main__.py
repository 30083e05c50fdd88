"""``python -m interview_hub.problems validate [BANK] [--materialise [--cache-dir DIR]]`` (and
``build`` for authors). Validation reads the folders only; ``--materialise`` also builds every
``[[generated]]`` test into the cache (or finds it there) and reports the time it took."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from .bank import BankError, Problem, load_problem, problem_folders, validate_bank
from .materialise import MaterialiseError, default_cache_dir, materialise_all

REPO_BANK = Path(__file__).resolve().parents[3] / "problems"


def default_bank() -> Path:
    here = Path("problems")
    return here if here.is_dir() else REPO_BANK


def validate(bank: Path, cache_dir: Path | None = None, materialise: bool = False) -> int:
    if not bank.is_dir():
        print(f"error: {bank} is not a directory", file=sys.stderr)
        return 1
    failures = 0
    started = time.perf_counter()
    cache = cache_dir or default_cache_dir()
    results = validate_bank(bank)
    for name, errors in results:
        if errors:
            failures += 1
            print(f"FAIL {name}: {len(errors)} error(s)")
            for message in errors:
                print(f"  error: {name}: {message}")
            continue
        try:
            problem = load_problem(bank / name)
        except BankError as error:  # pragma: no cover - validate_bank found nothing
            failures += 1
            print(f"FAIL {name}: {error}")
            continue
        meta = problem.meta
        generated = f" (+{len(meta.generated)} generated)" if meta.generated else ""
        print(
            f"ok   {name} [{meta.difficulty}] {', '.join(meta.topics)}; "
            f"{len(problem.visible)} visible + {len(problem.hidden)}{generated} hidden tests; "
            f"solutions: {', '.join(problem.solutions)}; wrong: {', '.join(problem.wrong)}"
        )
        if materialise and not _materialise(problem, cache):
            failures += 1
    if materialise:
        took = time.perf_counter() - started
        print(f"generated tests in {cache}; {took:.1f} s in all")
    print(f"{len(results) - failures} of {len(results)} problems valid")
    return 1 if failures or not results else 0


def _materialise(problem: Problem, cache: Path) -> bool:
    if not problem.generated:
        return True
    started = time.perf_counter()
    try:
        made = materialise_all(problem, cache)
    except MaterialiseError as error:
        print(f"  error: {problem.slug}: {error}")
        return False
    built = sum(m.built for m in made)
    size = sum(len(m.test.input) + len(m.test.output) for m in made)
    print(
        f"     {problem.slug}: {len(made)} generated tests ({size / 1e6:.1f} MB), "
        f"{built} built, {len(made) - built} cached, {time.perf_counter() - started:.2f} s"
    )
    return True


def build(bank: Path, slugs: list[str]) -> int:
    from .build import build_problem

    folders = [f for f in problem_folders(bank) if not slugs or f.name in slugs]
    for folder in folders:
        build_problem(folder)
        print(f"built {folder.name}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m interview_hub.problems")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("validate", help="check every problem folder of a bank")
    check.add_argument("bank", nargs="?", type=Path, default=None)
    check.add_argument(
        "--materialise",
        "--materialize",
        action="store_true",
        help="also build the [[generated]] hidden tests into the cache and report timing",
    )
    check.add_argument(
        "--cache-dir",
        type=Path,
        default=None,
        help=f"cache of generated tests (default: {default_cache_dir()})",
    )
    make = commands.add_parser(
        "build", help="regenerate tests, examples and starters (authors; runs solutions/python.py)"
    )
    make.add_argument("bank", type=Path)
    make.add_argument("slugs", nargs="*")
    args = parser.parse_args(argv)
    bank = args.bank or default_bank()
    if args.command == "validate":
        return validate(bank, args.cache_dir, args.materialise)
    return build(bank, args.slugs)


if __name__ == "__main__":
    sys.exit(main())
