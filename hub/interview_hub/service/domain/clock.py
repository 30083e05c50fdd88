"""The service's clock. Tests move it forward through a file instead of sleeping."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path


class Clock:
    """Wall-clock UTC time, optionally shifted by the seconds written in ``offset_file``.

    The offset file is honoured only when the service runs with ``INTERVIEWS_TEST_CLOCK=1``
    (tests); in production ``offset_file`` is None.
    """

    def __init__(self, offset_file: Path | None = None) -> None:
        self.offset_file = offset_file

    def offset(self) -> timedelta:
        if self.offset_file is None:
            return timedelta()
        try:
            return timedelta(seconds=float(self.offset_file.read_text().strip() or 0))
        except (FileNotFoundError, ValueError):
            return timedelta()

    def now(self) -> datetime:
        return datetime.now(UTC) + self.offset()
