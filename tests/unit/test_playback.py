"""Code playback over a history archive written by the recorder's own ``Archive``: three Y
clients (the server, a candidate and an interviewer) edit a notebook; every frame equals the
notebook at that moment, and every character belongs to whoever typed it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pycrdt

from interview_hub.service.domain import history, playback
from interview_hub.service.domain.retention import pseudonym
from tests.support.notebook_history import ALICE, CAROL, SERVER, Room, awareness, cell, text


def test_awareness_names_come_from_the_user_field() -> None:
    payload = awareness(
        (CAROL, {"user": {"username": "carol", "name": "Carol C"}}),
        (ALICE, {"user": {"name": "alice"}}),
        (SERVER, None),  # a client that left
        (44, {"cursors": []}),  # no user
    )
    assert history.awareness_users(payload) == {CAROL: "carol", ALICE: "alice"}


def test_every_frame_is_the_notebook_then_with_each_authors_characters(tmp_path: Path) -> None:
    room = Room(tmp_path)
    room.edit(SERVER, lambda d: d.__setitem__("cells", pycrdt.Array([cell("a", "# brief")])))
    room.edit(SERVER, lambda d: d.get("cells", type=pycrdt.Array).append(cell("b", "")))
    room.names(awareness((CAROL, {"user": {"username": "carol"}})))
    room.names(awareness((ALICE, {"user": {"username": "alice"}})))
    for char in "def f(x):\n    return x":
        room.edit(CAROL, lambda d, c=char: text(d, 1).insert(len(text(d, 1)), c))
    room.edit(ALICE, lambda d: text(d, 1).insert(len(text(d, 1)), " + 1  # why +1?"))
    room.edit(CAROL, lambda d: text(d, 1).__delitem__(slice(len(text(d, 1)) - 11, None)))
    room.edit(CAROL, lambda d: text(d, 1).insert(0, "import math\n"))
    room.archive.close()

    line = playback.Timeline(tmp_path)
    assert len(line.steps) == len(room.moments)
    assert [s.author for s in line.steps[:2]] == ["", ""]
    assert {s.author for s in line.steps[2:]} == {"carol", "alice"}
    # a deletion advances no Y clock, so it cannot name its author: it goes to whoever typed
    # last (here alice, though carol deleted; the text it removed is gone either way)
    assert line.steps[-2].author == line.steps[-3].author == "alice"
    assert line.checkpoints and len(line.checkpoints) == 1 + (len(line.steps) - 1) // 100
    for when, expected in room.moments:
        assert [c["source"] for c in line.frame(when)["cells"]] == expected
    assert line.frame(0)["cells"] == []

    final = line.frame(room.clock)["cells"][1]
    assert final["source"] == "import math\ndef f(x):\n    return x + 1"

    def owned(runs: list[list[Any]], source: str) -> list[tuple[str, str]]:
        return [(source[start:end], who) for start, end, who in runs]

    assert owned(final["runs"], final["source"]) == [
        ("import math\ndef f(x):\n    return x", "carol"),
        (" + 1", "alice"),
    ]
    assert line.frame(room.clock)["cells"][0]["runs"] == [[0, 7, ""]]


def test_frames_from_checkpoints_equal_a_replay_from_the_start(tmp_path: Path) -> None:
    room = Room(tmp_path)
    room.edit(SERVER, lambda d: d.__setitem__("cells", pycrdt.Array([cell("a", "")])))
    room.names(awareness((CAROL, {"user": {"username": "carol"}})))
    for i in range(250):
        room.edit(CAROL, lambda d, i=i: text(d, 0).insert(len(text(d, 0)), f"{i % 10}"))
    room.archive.close()
    line = playback.timeline(tmp_path)
    assert line is not None and len(line.checkpoints) == 3
    for when, expected in room.moments[::37] + room.moments[-1:]:
        frame = line.frame(when)
        assert [c["source"] for c in frame["cells"]] == expected
        assert [c["source"] for c in history.notebook_at(tmp_path, when)["cells"]] == expected
        assert all(who == "carol" for _, _, who in frame["cells"][0]["runs"])
    assert playback.timeline(tmp_path) is line  # cached while the archive is unchanged


def one_edit_by(directory: Path, announced: str) -> Room:
    """A notebook of one cell where the client announcing ``announced`` typed ``x = 1``."""
    room = Room(directory)
    room.edit(SERVER, lambda d: d.__setitem__("cells", pycrdt.Array([cell("a", "")])))
    room.names(awareness((CAROL, {"user": {"username": announced}})))
    room.edit(CAROL, lambda d: text(d, 0).insert(0, "x = 1"))
    room.archive.close()
    return room


def test_a_name_that_is_not_a_participant_is_unknown(tmp_path: Path) -> None:
    one_edit_by(tmp_path, "mallory")
    line = playback.timeline(tmp_path, participants={"carol", "alice"})
    assert line is not None and line.steps[-1].author == playback.UNKNOWN


def test_no_history_is_none(tmp_path: Path) -> None:
    assert playback.timeline(tmp_path) is None


def test_a_growing_archive_is_extended_and_large_pastes_are_found(tmp_path: Path) -> None:
    room = Room(tmp_path)
    room.edit(SERVER, lambda d: d.__setitem__("cells", pycrdt.Array([cell("a", "")])))
    room.names(awareness((CAROL, {"user": {"username": "carol"}})))
    for char in "x = ":
        room.edit(CAROL, lambda d, c=char: text(d, 0).insert(len(text(d, 0)), c))
    line = playback.timeline(tmp_path, {"carol"})
    assert line is not None and len(line.steps) == 5 and line.pastes("carol") == []
    pasted = "[" + ", ".join(str(i) for i in range(40)) + "]"  # 150 characters at once
    room.edit(CAROL, lambda d: text(d, 0).insert(len(text(d, 0)), pasted))
    room.edit(CAROL, lambda d: text(d, 0).insert(0, "# " + "y" * 100 + "\n"), after=2.0)
    room.archive.close()
    again = playback.timeline(tmp_path, {"carol"})
    assert again is line and len(line.steps) == 7  # extended, not rebuilt
    assert [(s.inserted, s.author) for s in line.pastes("carol")] == [
        (150, "carol"),
        (103, "carol"),
    ]
    assert line.steps[0].inserted == 0 and line.steps[1].inserted == 1
    rebuilt = playback.Timeline(tmp_path, {"carol"})
    assert [(s.time, s.author, s.inserted) for s in rebuilt.steps] == [
        (s.time, s.author, s.inserted) for s in line.steps
    ]
    for when, expected in room.moments:
        assert [c["source"] for c in line.frame(when)["cells"]] == expected


def test_a_deleted_candidate_is_shown_by_their_pseudonym(tmp_path: Path) -> None:
    room = one_edit_by(tmp_path, "carol")
    # retention.forget_person renamed carol in the interview; the archive still says "carol"
    alias = pseudonym("carol")
    line = playback.Timeline(tmp_path, {alias, "alice"})
    assert line.steps[-1].author == alias
    assert line.frame(room.clock)["cells"][0]["runs"] == [[0, 5, alias]]
