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

    def restart(self) -> None:
        """Start counting from now (the round's clock starts at the first question, not at start-up)."""
        self._start = time.monotonic()


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


# --------------------------------------------------------------------------- the round's length and clock faces

MIN_MINUTES = 1
MAX_MINUTES = 240
MINUTES_RANGE = f"{MIN_MINUTES} to {MAX_MINUTES}"


def check_minutes(minutes: float) -> float:
    """``minutes`` as a float if it is a valid round length, else ValueError with a sentence naming the range."""
    if not MIN_MINUTES <= minutes <= MAX_MINUTES:
        raise ValueError(f"the round's length must be from {MINUTES_RANGE} minutes, not {minutes:g}")
    return float(minutes)


def fmt_clock(seconds: float) -> str:
    """``MM:SS`` for a number of seconds (minutes grow past 59; the sign is dropped)."""
    s = int(abs(seconds))
    return f"{s // 60:02d}:{s % 60:02d}"


def time_left_text(seconds_left: float) -> str:
    """``12:34 left``, or ``01:05 over time`` once the round is over."""
    return f"{fmt_clock(seconds_left)} left" if seconds_left >= 0 else f"{fmt_clock(seconds_left)} over time"
