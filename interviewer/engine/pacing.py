"""The round's plan in numbers a candidate can read, and honest words about time.

- The opening states the round's real length (``--minutes``), not the persona's default.
- Question budgets are whole or half minutes, and the plan's budgets never add up to more than the round has.
(Why a round did not reach some dimensions, for the report, is in ``interviewer/report/reach.py``.)
"""

from __future__ import annotations

import math
import re

from interviewer.models import Session

HALF_MINUTE = 30.0

_N_MINUTES = re.compile(r"\b(an?\s+)?(\d+(?:\.\d+)?)(\s|-)(minutes?|mins?)\b", re.I)
_HOURS = re.compile(
    r"\b(?:(about|around|roughly|just over|just under)\s+)?(half an hour|an hour and a half|an hour|one hour|(\d+)\s+hours?)\b", re.I
)


def _num(minutes: float) -> str:
    return f"{minutes:g}"


def _article(n: str) -> str:
    """'a' or 'an' before a number said aloud ('an 8-minute', 'an 18-minute', 'a 20-minute')."""
    return "an" if re.match(r"(8|11|18)(\D|$)|8\d(\D|$)|8\d\d(\D|$)", n) else "a"


def round_opening(opening: str, default_minutes: float, minutes: float) -> str:
    """``opening`` with its stated length changed to ``minutes`` ("For the next 45 minutes" -> "For the next 20
    minutes", "about an hour" -> "about 30 minutes"); a sentence stating the length is added when it names none and
    the round is not the persona's default length. A length already right is left as written."""
    n = _num(minutes)
    found = False

    def minutes_sub(m: re.Match[str]) -> str:
        nonlocal found
        found = True
        if abs(float(m.group(2)) - minutes) < 1e-9:
            return m.group(0)
        art = m.group(1)
        lead = (_article(n) + " ") if art else ""
        if art and art[:1].isupper():
            lead = lead.capitalize()
        unit = m.group(4)
        if m.group(3) == " " and not unit.endswith("s") and minutes != 1:
            unit += "s"
        return f"{lead}{n}{m.group(3)}{unit}"

    def hours_sub(m: re.Match[str]) -> str:
        nonlocal found
        found = True
        said = m.group(2).lower()
        stated = 30 if said.startswith("half") else 90 if "and a half" in said else 60 * int(m.group(3) or 1)
        if abs(stated - minutes) < 1e-9:
            return m.group(0)
        return f"{m.group(1) or 'about'} {n} minutes"

    text = _N_MINUTES.sub(minutes_sub, opening)
    text = _HOURS.sub(hours_sub, text)
    if not found and abs(minutes - default_minutes) > 1e-9:
        text = f"{text.rstrip()} We have {n} minutes today."
    return text


def floor_half_minute(seconds: float) -> float:
    """``seconds`` rounded down to whole or half minutes."""
    return math.floor(seconds / HALF_MINUTE + 1e-9) * HALF_MINUTE


def plan_slots(question_seconds: float, questions: int) -> list[float]:
    """Each planned question's budget in seconds: whole or half minutes, adding up to at most ``question_seconds``,
    the larger slots first (5.5, 5.5, 5.5, 5.5, 5.0 for 27 minutes and five questions)."""
    questions = max(1, questions)
    halves = max(int(question_seconds // HALF_MINUTE), questions)  # at least half a minute each
    base, extra = divmod(halves, questions)
    return [(base + (1 if i < extra else 0)) * HALF_MINUTE for i in range(questions)]


def fit_questions(estimates: list[tuple[str, float]], question_seconds: float, most: int) -> list[tuple[str, float]]:
    """The questions a round plans when each carries an estimated time ((id, seconds), in bank order): up to ``most``,
    taken in bank order when they fit in the time left with room for the shortest remaining ones after them, so a
    long question is followed by shorter ones and the round reaches its count. Each slot is its estimate scaled up
    to share the spare time (whole or half minutes, never more than the round has). With no question that fits, the
    shortest one gets the whole time."""
    if not estimates:
        return []
    chosen: list[tuple[str, float]] = []
    left = question_seconds
    for i, (qid, seconds) in enumerate(estimates):
        if len(chosen) >= most:
            break
        others = sorted(s for q, s in estimates[i + 1 :])[: most - len(chosen) - 1]
        if seconds <= left - sum(others) + 1e-9:
            chosen.append((qid, seconds))
            left -= seconds
    if not chosen:
        qid, seconds = min(estimates, key=lambda e: e[1])
        return [(qid, max(HALF_MINUTE, floor_half_minute(question_seconds)))]
    scale = question_seconds / sum(s for _, s in chosen)
    return [(qid, max(HALF_MINUTE, floor_half_minute(s * scale))) for qid, s in chosen]


def question_budget(slots: list[float], asked: int, remaining: float) -> float:
    """The budget of question ``asked`` (0-based): its planned slot while the plan still fits in the time left, else an
    even share of what is left (whole or half minutes, never below half a minute, never above the slot)."""
    if asked >= len(slots):
        return max(HALF_MINUTE, min(slots[-1], floor_half_minute(remaining)))
    slot = slots[asked]
    if remaining - sum(slots[asked + 1 :]) >= slot - 1e-9:
        return slot
    share = remaining / (len(slots) - asked)
    return max(HALF_MINUTE, min(slot, floor_half_minute(share)))
