"""Cell magics, without a kernel."""

from __future__ import annotations

import pytest

from interview_kernels.magics import MagicError, parse


def test_no_magic_keeps_the_cell() -> None:
    cell = parse("int main() {}\n")
    assert cell.code == "int main() {}\n"
    assert cell.timeout is None and cell.stdin is None and cell.args == []


def test_magics_become_blank_lines_so_line_numbers_match() -> None:
    cell = parse('%%timeout 2.5\n%%args a "b c"\n%%stdin\n1 2\n3\n%%\nint main() {}')
    assert cell.timeout == 2.5
    assert cell.args == ["a", "b c"]
    assert cell.stdin == b"1 2\n3\n"
    assert cell.code.split("\n")[6] == "int main() {}"
    assert cell.code.split("\n")[:6] == [""] * 6


def test_empty_stdin_block_is_empty_input() -> None:
    assert parse("%%stdin\n%%\nx").stdin == b""


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("%%timeout soon\nx", "number of seconds"),
        ("%%timeout -1\nx", "0 (no limit) or more"),
        ("%%stdin\n1 2\nx", "end the input"),
        ("%%bogus\nx", "unknown magic %%bogus"),
        ('%%args "open\nx', "%%args"),
    ],
)
def test_bad_magics_explain_themselves(source: str, message: str) -> None:
    with pytest.raises(MagicError, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse(source)
