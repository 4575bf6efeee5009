"""The coding judge reads the words of a coding answer against the open question, like every other round's judge: the
dimensions no coding detector reads (communication) were read by the offline judge with no question at all, so a
fluent explanation about something else earned communication credit and a misconception the question lists as a red
flag went unnoticed. Answers and code written for these tests."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from interviewer.catalog import Catalog
from interviewer.judges.coding import CodingJudge
from interviewer.judges.offline.judge import OfflineJudge
from interviewer.models import QuestionRecord, Session
from interviewer.services import RehearsalScript, ScriptAnswer, rehearse

_RAMBLE = (
    "Our office moved to a new building last spring, which made my commute much longer, and the new desks are nicer, "
    "although the coffee is worse. My team sits together now, and we have lunch on Fridays, which is a nice change "
    "from before. Overall the move was fine and people adapted quickly."
)
_GLOBAL_OPTIMUM = (
    "I use Lloyd's algorithm: each pass assigns every point to its nearest centroid, then moves each centroid to the "
    "mean of its points. K-means always finds the global optimum, so a single run from any start is enough."
)
_EMA = (Path(__file__).parent / "coding_solutions" / "ema_irregular.py").read_text(encoding="utf-8")  # the bank's own solution


def _open(catalog: Catalog, qid: str) -> tuple:
    persona = catalog.persona("ml-coding")
    rubric = catalog.rubric_for(persona)
    q = next(x for x in persona.questions if x.id == qid)
    record = QuestionRecord(index=0, question_id=qid, text=q.text, dimensions=[d.id for d in rubric.dimensions], started_at=0, budget_seconds=600)
    session = Session(id="s", persona_id=persona.id, rubric_id=rubric.id, created="", minutes=60, stage="question", questions=[record])
    return persona, rubric, q, session


def test_an_explanation_about_something_else_earns_no_communication_credit(catalog: Catalog) -> None:
    persona, rubric, q, session = _open(catalog, "kmeans")
    blind = OfflineJudge().assess(_RAMBLE, rubric, ["communication"])  # what the coding judge used to ask for
    assert blind.level("communication") >= 2 and "off_topic" not in blind.flags  # fluent, so it paid without the question
    read = CodingJudge(persona, session).assess(_RAMBLE, rubric)
    assert "off_topic" in read.flags, read.flags
    assert read.level("communication") == 1


def test_a_misconception_the_question_lists_is_flagged(catalog: Catalog) -> None:
    persona, rubric, q, session = _open(catalog, "kmeans")
    read = CodingJudge(persona, session).assess(_GLOBAL_OPTIMUM, rubric)
    assert "red_flag" in read.flags, read.flags


def test_in_a_round_the_judge_reads_each_answer_against_its_own_question(tmp_home, catalog: Catalog) -> None:
    script = RehearsalScript(persona="ml-coding", answers=[
        ScriptAnswer(question="ema-irregular", seconds=600, text=_RAMBLE, code=_EMA),
        ScriptAnswer(question="kmeans", seconds=600, text=_GLOBAL_OPTIMUM),
    ])
    session = asyncio.run(rehearse(script, catalog=catalog)).interview.session
    ids = {q.index: q.question_id for q in session.questions}
    first = next(t for t in session.turns if t.role == "candidate" and ids.get(t.question_index) == "ema-irregular")
    # passing code answers the question: only the words beside it are about something else, and that costs communication
    assert "off_topic" not in first.assessment.flags and first.assessment.level("communication") == 1  # type: ignore[union-attr]
    assert first.assessment.level("correctness") >= 3  # type: ignore[union-attr]  # the code still answers: the tests decide
    second = next(t for t in session.turns if t.role == "candidate" and ids.get(t.question_index) == "kmeans")
    assert "red_flag" in second.assessment.flags  # type: ignore[union-attr]


@pytest.mark.parametrize("follow_up", [False, True])
def test_a_reply_to_a_follow_up_is_read_as_one(catalog: Catalog, follow_up: bool) -> None:
    """The offline judge does not call a short reply to a probe off-topic; the coding judge now tells it which it is."""
    from interviewer.judges.base import TurnContext

    persona, rubric, q, session = _open(catalog, "kmeans")
    reply = "I would test it on two well separated clusters and check that every point gets the right label."
    prompt = "How would you test it?" if follow_up else q.text
    ctx = TurnContext(persona=persona, rubric=rubric, session=session, question=q.text, prompt=prompt, dimensions=None)
    read = CodingJudge(persona, session).assess_turn(reply, ctx)
    expected = OfflineJudge().assess(reply, rubric, ["communication"], question=q, follow_up=follow_up)
    assert ("off_topic" in read.flags) == ("off_topic" in expected.flags)
    if follow_up:
        assert "off_topic" not in read.flags
