"""Load (sync) the problem bank into the interviews service's database; idempotent.

    python -m interview_hub.service.load_problems [--problems-dir problems] [--db-url URL]

The service also syncs its bank at every start; this command is for loading without restarting
(or into another database). Invalid problem folders are reported and skipped.
"""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path

from ..settings import normalise_db_url
from .db.session import Database
from .domain.problems import load_valid, sync_bank

REPO_BANK = Path(__file__).resolve().parents[3] / "problems"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    data_dir = Path(os.environ.get("DATA_DIR", ".data")).resolve()
    default_db = (
        os.environ.get("INTERVIEWS_DATABASE_URL")
        or os.environ.get("DATABASE_URL")
        or f"sqlite:///{data_dir / 'interviews.sqlite'}"
    )
    parser.add_argument(
        "--problems-dir", type=Path, default=Path(os.environ.get("PROBLEMS_DIR") or REPO_BANK)
    )
    parser.add_argument("--db-url", default=default_db)
    args = parser.parse_args(argv)
    if not args.problems_dir.is_dir():
        parser.error(f"{args.problems_dir} is not a folder of problems")
    db = Database(normalise_db_url(args.db_url))
    db.migrate()
    _, errors = load_valid(args.problems_dir)
    for line in errors:
        print(f"invalid: {line}")
    with db.session() as session:
        counts = sync_bank(session, args.problems_dir)
    print(json.dumps(counts))
    return 1 if errors else 0


if __name__ == "__main__":
    raise SystemExit(main())
