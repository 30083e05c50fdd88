"""Cell magics at the top of a cell.

``%%timeout SECONDS``   time limit for this cell's program (0: none)
``%%args A B "C D"``    command-line arguments for the program
``%%stdin``             the lines up to a line ``%%`` are the program's standard input

Magic lines are replaced by empty lines, so compiler line numbers match the cell's.
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass, field

MAGICS = ("timeout", "args", "stdin")


class MagicError(ValueError):
    """A malformed magic line; the message is shown to the user."""


@dataclass
class Cell:
    code: str
    timeout: float | None = None
    stdin: bytes | None = None
    args: list[str] = field(default_factory=list)


def parse(source: str) -> Cell:
    lines = source.split("\n")
    cell = Cell(code=source)
    i = 0
    while i < len(lines):
        stripped = lines[i].strip()
        if not stripped:
            i += 1
            continue
        if not stripped.startswith("%%"):
            break
        name, _, rest = stripped[2:].partition(" ")
        rest = rest.strip()
        if name == "timeout":
            try:
                cell.timeout = float(rest)
            except ValueError:
                raise MagicError(f"%%timeout needs a number of seconds, not {rest!r}") from None
            if cell.timeout < 0:
                raise MagicError("%%timeout must be 0 (no limit) or more")
            lines[i] = ""
        elif name == "args":
            try:
                cell.args = shlex.split(rest)
            except ValueError as exc:
                raise MagicError(f"%%args: {exc}") from None
            lines[i] = ""
        elif name == "stdin":
            end = next((j for j in range(i + 1, len(lines)) if lines[j].strip() == "%%"), None)
            if end is None:
                raise MagicError("%%stdin: end the input with a line containing only %%")
            data = "\n".join(lines[i + 1 : end])
            cell.stdin = (data + "\n").encode() if data else b""
            for j in range(i, end + 1):
                lines[j] = ""
            i = end
        else:
            known = ", ".join(f"%%{m}" for m in MAGICS)
            raise MagicError(f"unknown magic %%{name} (known: {known})")
        i += 1
    cell.code = "\n".join(lines)
    return cell
