"""Clocks. The agent never reads the time itself: it is handed ``now`` from one of these, so tests and rehearsals
control time exactly."""

from __future__ import annotations

import time
from typing import Protocol


class Clock(Protocol):
    def now(self) -> float:
        """Seconds on the session clock."""
        ...


class SystemClock:
    """Wall time since this process picked the session up, plus what the session had already used."""

    def __init__(self, offset: float = 0.0) -> None:
        self._start = time.monotonic()
        self.offset = offset

    def now(self) -> float:
        return self.offset + (time.monotonic() - self._start)


class FakeClock:
    """A clock that moves only when told to (tests, rehearsals)."""

    def __init__(self, start: float = 0.0) -> None:
        self.t = start

    def now(self) -> float:
        return self.t

    def advance(self, seconds: float) -> None:
        if seconds < 0:
            raise ValueError("time does not go backwards")
        self.t += seconds
