"""In the ML coding round, code that passes the hidden tests answers the question by itself: an explanation beside it
about something else costs its own dimension (communication), but the report never says the answer does not address
the question. Without code, or with code that fails the tests, the words alone are read and an off-topic explanation
is still off-topic. Answers written for these tests; the code is the bank's own solution."""

from __future__ import annotations

import asyncio
from pathlib import Path

from interviewer.catalog import Catalog
from interviewer.report.render import render
from interviewer.services import RehearsalScript, ScriptAnswer, rehearse

_COMMUTE = (
    "Our office moved to a new building last spring, which made my commute much longer, and the new desks are nicer, "
    "although the coffee is worse. My team sits together now, and we have lunch on Fridays, which is a nice change "
    "from before. Overall the move was fine and people adapted quickly."
)
_EMA = (Path(__file__).parent / "coding_solutions" / "ema_irregular.py").read_text(encoding="utf-8")
_BROKEN = "def ema(events, half_life):\n    return [0.0 for _ in events]\n"


def _first_turn(code: str | None, catalog: Catalog):
    script = RehearsalScript(persona="ml-coding", answers=[ScriptAnswer(question="ema-irregular", seconds=600, text=_COMMUTE, code=code)])
    result = asyncio.run(rehearse(script, catalog=catalog))
    session = result.interview.session
    ids = {q.index: q.question_id for q in session.questions}
    turn = next(t for t in session.turns if t.role == "candidate" and ids.get(t.question_index) == "ema-irregular")
    return result.report, turn


def test_passing_code_beside_an_off_topic_explanation_is_not_called_off_topic(tmp_home, catalog: Catalog) -> None:
    report, turn = _first_turn(_EMA, catalog)
    a = turn.assessment
    assert a is not None
    assert "off_topic" not in a.flags, a.flags
    assert a.level("correctness") == 4  # the tests decide correctness
    assert a.level("communication") == 1  # the words are about something else: that costs, where it belongs
    notes = " ".join(a.dimensions["communication"].notes)
    assert "does not address the question" not in notes and "explanation" in notes, notes
    for fmt in ("md", "html", "json"):
        text = render(report, fmt)
        assert "not address" not in text and "did not address" not in text, fmt
    assert "did not address" not in report.summary
    assert all("off_topic" not in q.flags for q in report.questions), [q.flags for q in report.questions]


def test_an_off_topic_explanation_beside_failing_code_is_still_off_topic(tmp_home, catalog: Catalog) -> None:
    _, turn = _first_turn(_BROKEN, catalog)
    assert turn.assessment is not None and "off_topic" in turn.assessment.flags, turn.assessment.flags
