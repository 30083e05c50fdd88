"""A broken problem folder gives one clear message per fault; checkers and signatures behave."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from pydantic import ValidationError

from interview_hub.problems import (
    BankError,
    Signature,
    checker_for,
    load_bank,
    load_problem,
    outputs_accepted,
)
from interview_hub.problems.__main__ import main
from interview_hub.problems.schema import MAX_TEST_BYTES
from tests.problems.conftest import BANK


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    bank = tmp_path / "bank"
    bank.mkdir()
    shutil.copytree(BANK / "pair-with-target", bank / "pair-with-target")
    shutil.copytree(BANK / "pair-with-target", bank / "renamed")
    folder = bank / "pair-with-target"
    toml = folder / "problem.toml"
    text = toml.read_text().replace('difficulty = "easy"', 'difficulty = "trivial"')
    toml.write_text(text.replace("time_limit_s = 2.0", "time_limit_s = 2.0\ncolour = 'red'"))
    (folder / "starter" / "rust.rs").unlink()
    (folder / "tests" / "hidden" / "03.out").unlink()
    (folder / "solutions" / "cpp.cpp").unlink()
    (folder / "starter" / "notes.txt").write_text("x")
    return bank


def test_broken_folder_lists_every_fault(broken: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(broken)]) == 1
    out = capsys.readouterr().out
    assert "FAIL pair-with-target" in out
    assert "problem.toml: difficulty: Input should be 'easy', 'medium' or 'hard'" in out
    assert "problem.toml: colour: Extra inputs are not permitted" in out
    assert "starter/rust.rs is missing (rust)" in out
    assert "tests/hidden/03.out is missing (tests come in .in/.out pairs)" in out
    assert "solutions/ needs at least one compiled language" in out
    assert "starter/notes.txt: unknown file" in out
    assert "FAIL renamed" in out and "slug 'pair-with-target' differs from the folder name" in out
    assert out.splitlines()[-1] == "0 of 2 problems valid"
    with pytest.raises(BankError) as raised:
        load_bank(broken)
    assert {slug for slug, _ in raised.value.errors} == {"pair-with-target", "renamed"}


def test_examples_must_match_the_statement(tmp_path: Path) -> None:
    folder = tmp_path / "pair-with-target"
    shutil.copytree(BANK / "pair-with-target", folder)
    (folder / "tests" / "visible" / "01.in").write_text("3\n9 9 9\n18\n")
    with pytest.raises(BankError, match=r"statement\.md does not show the input of visible 01"):
        load_problem(folder)


def test_missing_and_invalid_toml(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "empty").mkdir()
    (tmp_path / "bad").mkdir()
    (tmp_path / "bad" / "problem.toml").write_text("slug = [")
    assert main(["validate", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert "error: empty: problem.toml is missing" in out
    assert "error: bad: problem.toml is not valid TOML" in out
    assert main(["validate", str(tmp_path / "nowhere")]) == 1


def test_signature_rules() -> None:
    ok: dict[str, object] = {
        "function": "f",
        "returns": "int",
        "params": [{"name": "n", "type": "int"}],
    }
    assert Signature.model_validate(ok).function == "f"
    cases: list[tuple[dict[str, object], str]] = [
        ({"params": [{"name": "a", "type": "int[]"}]}, "needs 'len'"),
        ({"params": [{"name": "a", "type": "int[]", "len": "n"}]}, "earlier int parameter"),
        ({"params": [{"name": "class", "type": "int"}]}, "reserved word"),
        ({"function": "Solve"}, "snake_case"),
        ({"returns": "bool"}, "Input should be"),
        ({"params": [{"name": "n", "type": "int", "rows": 3}]}, "must not have 'rows'"),
    ]
    for change, message in cases:
        with pytest.raises(ValidationError, match=message):
            Signature.model_validate(ok | change)


def test_checkers() -> None:
    assert outputs_accepted("exact", "1 2\n3\n", "1 2  \n3\n\n")
    assert not outputs_accepted("exact", "1 2\n", "1  2\n")
    assert outputs_accepted("tokens", "1 2\n3\n", "1\n2 3")
    assert not outputs_accepted("tokens", "1 2", "1 2 3")
    assert outputs_accepted("float:1e-6", "12.750000\n", "12.7500004")
    assert outputs_accepted("float:1e-6", "1e9", "1000000000.5")
    assert not outputs_accepted("float:1e-6", "12.75", "12.76")
    assert not outputs_accepted("float:1e-6", "1.0", "nan")
    with pytest.raises(ValueError, match="unknown checker"):
        outputs_accepted("fuzzy", "a", "a")


def test_checker_for_builds_the_callable() -> None:
    tokens = checker_for("tokens")
    assert tokens("1 2\n3\n", "1\n2 3") and not tokens("1 2", "1 3")
    close = checker_for("float:1e-6")
    assert close("0.5\n", "0.5000001") and not close("0.5", "0.51")
    assert checker_for("exact")("a\n", "a  \n\n") and not checker_for("exact")("a b", "a  b")
    assert checker_for("tokens") == tokens  # plain values: comparable, printable
    for bad in ("fuzzy", "float:", "float:x"):
        with pytest.raises(ValueError, match="unknown checker"):
            checker_for(bad)


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text() + text)


def test_generated_specs_are_checked(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "pair-with-target"
    shutil.copytree(BANK / "pair-with-target", folder)
    toml = folder / "problem.toml"
    original = toml.read_text()
    _append(toml, '\n[[generated]]\nname = "Big two"\nn = 0\nseed = 2\nsize = 3\n')
    assert main(["validate", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert "generated.3.name: String should match pattern" in out
    assert "generated.3.n: Input should be greater than or equal to 1" in out
    assert "generated.3.size: Extra inputs are not permitted" in out
    toml.write_text(original + '\n[[generated]]\nname = "big-1"\nn = 7\nseed = 1\n')
    assert "generated: test name(s) ['big-1'] appear more than once" in "; ".join(_errors(folder))
    toml.write_text(original + '\n[[generated]]\nname = "more"\nn = 50000\nseed = 1003\n')
    assert "two tests have the same n and seed" in "; ".join(_errors(folder))
    toml.write_text(original)
    for index in range(20):
        _append(toml, f'\n[[generated]]\nname = "x{index}"\nn = 5\nseed = {index}\n')
    (folder / "generator.py").unlink()
    big = folder / "tests" / "hidden" / "01.in"
    big.write_text("1\n" * (MAX_TEST_BYTES // 2 + 1))
    errors = _errors(folder)
    assert "[[generated]] tests need generator.py" in errors
    assert "tests/hidden/ has 9 tests (+23 generated); expected 8 to 30" in errors
    assert any("01.in is larger than 256 KiB: make it a [[generated]] test" in e for e in errors)


def _errors(folder: Path) -> list[str]:
    with pytest.raises(BankError) as raised:
        load_problem(folder)
    return [message for _, message in raised.value.errors]
