"""Pure functions: output comparison, verdict mapping, Judge0 statuses, launcher cache by hash."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from interview_hub.grading import Grader, Limits, ProcessResult, Verdict, judge0_status
from interview_hub.grading.assets import build_launcher
from interview_hub.grading.cgroups import MOUNT_FLAGS, MS_REMOUNT, favordynmods_remount
from interview_hub.grading.runner import classify
from interview_hub.grading.verdicts import describe, outputs_match, signal_name
from tests.support.needs import require


def test_outputs_match_ignores_trailing_whitespace_only() -> None:
    assert outputs_match("1 2\n3\n", "1 2   \n3\n\n\n")
    assert outputs_match("a\r\nb", "a\nb\n")
    assert not outputs_match("1 2", "1  2")
    assert not outputs_match("a\nb", "a\n\nb")
    assert not outputs_match(" a", "a")


def test_signal_names_and_labels() -> None:
    assert signal_name(11) == "SIGSEGV" and signal_name(25) == "SIGXFSZ"
    assert signal_name(77).startswith("SIG")
    assert describe(Verdict.RUNTIME_ERROR, "SIGSEGV") == "Runtime Error (SIGSEGV)"
    assert describe(Verdict.ACCEPTED) == "Accepted"


def test_judge0_statuses() -> None:
    assert judge0_status(Verdict.ACCEPTED) == {"id": 3, "description": "Accepted"}
    assert judge0_status(Verdict.RUNTIME_ERROR, "SIGSEGV")["id"] == 7
    assert judge0_status(Verdict.RUNTIME_ERROR)["description"] == "Runtime Error (NZEC)"
    assert judge0_status(Verdict.RUNTIME_ERROR, "SIGKILL")["id"] == 12
    assert judge0_status(Verdict.COMPILATION_ERROR)["id"] == 6
    assert judge0_status(Verdict.TIME_LIMIT_EXCEEDED)["id"] == 5


@pytest.mark.parametrize(
    ("result", "verdict"),
    [
        (ProcessResult(exit_code=0, stdout=b"42\n"), Verdict.ACCEPTED),
        (ProcessResult(exit_code=0, stdout=b"41\n"), Verdict.WRONG_ANSWER),
        (ProcessResult(exit_code=1), Verdict.RUNTIME_ERROR),
        (ProcessResult(signal="SIGSEGV"), Verdict.RUNTIME_ERROR),
        (ProcessResult(signal="SIGXCPU"), Verdict.TIME_LIMIT_EXCEEDED),
        (ProcessResult(exit_code=0, cpu_s=2.5), Verdict.TIME_LIMIT_EXCEEDED),
        (ProcessResult(timed_out=True, signal="SIGKILL"), Verdict.TIME_LIMIT_EXCEEDED),
        (ProcessResult(oom_killed=True, signal="SIGKILL"), Verdict.MEMORY_LIMIT_EXCEEDED),
        (
            ProcessResult(exit_code=1, stderr=b"java.lang.OutOfMemoryError: Java heap space"),
            Verdict.MEMORY_LIMIT_EXCEEDED,
        ),
        (ProcessResult(output_exceeded=True, signal="SIGKILL"), Verdict.OUTPUT_LIMIT_EXCEEDED),
        (ProcessResult(setup_error="bwrap failed"), Verdict.INTERNAL_ERROR),
    ],
)
def test_classify(result: ProcessResult, verdict: Verdict) -> None:
    assert classify(result, Limits(time_s=2), "42")[0] is verdict


def test_launcher_is_cached_by_content_hash(tmp_path: Path) -> None:
    first = build_launcher(tmp_path)
    mtime = first.stat().st_mtime_ns
    assert build_launcher(tmp_path) == first and first.stat().st_mtime_ns == mtime
    assert os.access(first, os.X_OK) and first.name.startswith("launcher-")
    assert first.stat().st_mode & 0o077 == 0


def test_classify_with_a_checker_compares_the_whole_output() -> None:
    long = b"1\n" * 50_000 + b"2\n"
    finished = ProcessResult(exit_code=0, stdout=long)
    assert classify(finished, Limits(), "1\n" * 50_000 + "2\n")[0] is Verdict.ACCEPTED
    assert classify(finished, Limits(), "1\n" * 50_001)[0] is Verdict.WRONG_ANSWER
    tokens = lambda expected, actual: expected.split() == actual.split()  # noqa: E731
    assert classify(finished, Limits(), "1 " * 50_000 + "2", tokens)[0] is Verdict.ACCEPTED
    assert classify(finished, Limits(), "1 " * 50_000, tokens)[0] is Verdict.WRONG_ANSWER
    crashed = ProcessResult(exit_code=1, stdout=long)
    assert classify(crashed, Limits(), "x", lambda e, a: True)[0] is Verdict.RUNTIME_ERROR


SYSTEMD_CGROUP2 = (
    "30 23 0:26 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:4 - cgroup2 cgroup2 "
    "rw,nsdelegate,memory_recursiveprot"
)
HYBRID = (
    "19 41 0:37 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory\n"
    "20 41 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw"
)


def test_the_favordynmods_remount_keeps_every_option_of_the_cgroup2_mount() -> None:
    # mount(2) with MS_REMOUNT replaces the mount flags and the superblock options with what it
    # is given: dropping nsdelegate or nosuid on a host would be a regression we cause
    plan = favordynmods_remount(SYSTEMD_CGROUP2)
    assert plan is not None
    point, flags, data = plan
    assert point == "/sys/fs/cgroup"
    assert data == "nsdelegate,memory_recursiveprot,favordynmods"
    for option in ("nosuid", "nodev", "noexec", "relatime"):
        assert flags & MOUNT_FLAGS[option], option
    assert flags & MS_REMOUNT and not flags & MOUNT_FLAGS["ro"]
    assert favordynmods_remount(HYBRID) == (
        "/sys/fs/cgroup/unified",
        MS_REMOUNT | 1 << 21,
        "favordynmods",
    )


def test_no_remount_when_favordynmods_is_on_or_there_is_no_cgroup2() -> None:
    assert favordynmods_remount(SYSTEMD_CGROUP2 + ",favordynmods") is None
    assert favordynmods_remount(HYBRID.splitlines()[0]) is None


def test_the_grader_leaves_the_cgroup2_mount_favouring_migrations(grader: Grader) -> None:
    mountinfo = Path("/proc/self/mountinfo").read_text()
    require(" - cgroup2 " in mountinfo, "no cgroup2 mount on this host")
    assert favordynmods_remount(mountinfo) is None, "cgroup2 was not remounted"
