"""Syncing the bank into the database: idempotent, custom edits kept, bad folders skipped."""

from __future__ import annotations

import shutil
from pathlib import Path

from sqlalchemy import select

from interview_hub.service.db.models import Problem
from interview_hub.service.db.session import Database
from interview_hub.service.domain.problems import save_custom, sync_bank
from tests.support.platform import ROOT

SLUG = "balanced-brackets"


def small_bank(root: Path) -> Path:
    shutil.copytree(ROOT / "problems" / SLUG, root / SLUG)
    for path in (root / SLUG / "tests" / "hidden").glob("*.in"):
        if path.stat().st_size > 4096:
            path.unlink()
            path.with_suffix(".out").unlink()
    return root


def test_sync_is_idempotent_and_keeps_edits(tmp_path: Path) -> None:
    bank = small_bank(tmp_path / "bank")
    (bank / "broken-one").mkdir()
    (bank / "broken-one" / "problem.toml").write_text('slug = "broken-one"\n')
    db = Database(f"sqlite:///{tmp_path / 'db.sqlite'}")
    db.migrate()
    with db.session() as session:
        first = sync_bank(session, bank)
    assert first["added"] == 1 and first["invalid"] == 1
    with db.session() as session:
        assert sync_bank(session, bank)["unchanged"] == 1
        problem = session.scalar(select(Problem).where(Problem.slug == SLUG))
        assert problem is not None and problem.origin == "bank" and problem.hidden
    with db.session() as session:
        fields = {"title": "Brackets, our way"}
        save_custom(session, "alice", SLUG, fields, can_write=True)
    toml = bank / SLUG / "problem.toml"
    toml.write_text(toml.read_text().replace("time_limit_s = 2.0", "time_limit_s = 3.0"))
    with db.session() as session:
        again = sync_bank(session, bank)
        assert again["kept_custom"] == 1 and again["invalid"] == 1
        kept = session.scalar(select(Problem).where(Problem.slug == SLUG))
        assert kept is not None and kept.title == "Brackets, our way"


def test_load_command_is_idempotent(tmp_path: Path, capsys: object) -> None:
    from interview_hub.service.load_problems import main

    bank = small_bank(tmp_path / "bank")
    url = f"sqlite:///{tmp_path / 'cli.sqlite'}"
    assert main(["--problems-dir", str(bank), "--db-url", url]) == 0
    assert main(["--problems-dir", str(bank), "--db-url", url]) == 0
    out = capsys.readouterr().out.strip().splitlines()  # type: ignore[attr-defined]
    assert '"added": 1' in out[0] and '"unchanged": 1' in out[1]
