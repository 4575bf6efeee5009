"""The interviewer reads a non-answer as the judge and the report do (``judges.offline.nonanswer.is_non_answer``): a
reply the report names no answer (unreadable text, another language, the same text over and over, "I don't know") is
never thanked as helpful nor probed further, and a fact it mentions is not taken as given; a real answer that merely
contains "I'm not sure whether..." is an answer. Answers written for these tests."""

from __future__ import annotations

import asyncio

import pytest

from interviewer.catalog import Catalog
from interviewer.engine.followups import Ledger
from interviewer.engine.voice import _ACK_NON_ANSWER, _ACK_SUBSTANCE
from interviewer.judges.offline.nonanswer import is_non_answer
from interviewer.models import Assessment, Session, Turn
from interviewer.report.render import render
from interviewer.services import RehearsalScript, ScriptAnswer, rehearse

GERMAN = (
    "Ich weiß es nicht genau, aber wir würden die Daten in einer Datenbank speichern und mit einem Cache davor "
    "arbeiten, damit die Antworten schnell sind und die Last verteilt wird."
)
GIBBERISH = (
    "qwpx zkrt vbnm lkjh gfds mnbv cxzq wrtp lkjhg fdsq zxcv bnmk qwrt yxcv plkm nbvc xzqw ertz uiop asdf ghjk lzxc "
    "vbnm qwer tyui opas dfgh jklz xcvb nmqw"
)
REPEATED = "We put a cache in front of the database. " * 8
UNSURE_BUT_ANSWERS = (
    "I'm not sure whether the read path needs strong consistency, so I would ask that first. Assuming a 100:1 read to "
    "write ratio and 10k writes per second, I would keep the URL table in a key-value store keyed by the short code, "
    "put a cache in front for reads, and have a counter service hand out ID ranges to each API server."
)


def _after(session: Session, candidate_turn: Turn) -> Turn:
    return next(t for t in session.turns if t.index > candidate_turn.index and t.role == "interviewer")


@pytest.mark.parametrize("reply", [GERMAN, GIBBERISH, REPEATED], ids=["not_english", "gibberish", "repetitive"])
def test_a_reply_the_report_names_no_answer_is_neither_thanked_nor_probed(tmp_home, catalog: Catalog, reply: str) -> None:
    result = asyncio.run(rehearse(RehearsalScript(persona="system-design", answers=[
        ScriptAnswer(seconds=120, text=reply), ScriptAnswer(seconds=120, text=UNSURE_BUT_ANSWERS),
    ]), catalog=catalog))
    s = result.interview.session
    first = next(t for t in s.turns if t.role == "candidate")
    assert first.assessment is not None and is_non_answer(first.assessment.flags), first.assessment.flags
    nxt = _after(s, first)
    assert nxt.move is not None and nxt.move.kind == "question", (nxt.move, nxt.text)  # moved on: nothing to probe
    assert nxt.text.startswith(tuple(_ACK_NON_ANSWER)) and "Let's try a different one." in nxt.text, nxt.text
    assert "helpful" not in nxt.text and "thank" not in nxt.text.split("\n")[0].lower(), nxt.text
    # the report names it no answer, and the second question was asked and answered
    q0 = s.questions[0].text
    md = render(result.report, "md")
    assert result.report.completeness is not None
    no = [u for u in result.report.completeness.no_answer if u.question == q0]
    assert no and no[0].why in md, result.report.completeness


def test_a_real_answer_that_says_it_is_not_sure_of_one_thing_is_an_answer(tmp_home, catalog: Catalog) -> None:
    result = asyncio.run(rehearse(RehearsalScript(persona="system-design", answers=[
        ScriptAnswer(seconds=120, text=UNSURE_BUT_ANSWERS), ScriptAnswer(seconds=60, text="Then I would shard by the short code."),
    ]), catalog=catalog))
    s = result.interview.session
    first = next(t for t in s.turns if t.role == "candidate")
    assert first.assessment is not None and not is_non_answer(first.assessment.flags), first.assessment.flags
    nxt = _after(s, first)
    assert not nxt.text.startswith(tuple(_ACK_NON_ANSWER)) and "Let's try a different one." not in nxt.text, nxt.text
    assert nxt.text.startswith(tuple(_ACK_SUBSTANCE)), nxt.text


def _session_with(*replies: tuple[str, list[str]]) -> Session:
    s = Session(id="s", persona_id="recruiter", rubric_id="recruiter", created="", minutes=30, stage="question")
    for i, (text, flags) in enumerate(replies):
        s.turns.append(Turn(index=i, role="candidate", text=text, at=0, question_index=0,
                            assessment=Assessment(engine="offline", flags=flags)))
    return s


def test_a_fact_mentioned_in_a_non_answer_is_still_asked_for() -> None:
    """'No idea about my notice period' gives no notice period: the probe for it stays open for the round."""
    ledger = Ledger.of(_session_with(("No idea about my notice period, sorry.", ["non_answer"])), 0)
    assert not ledger.given("notice")
    ledger = Ledger.of(_session_with(("Sehr gut, meine notice ist kurz und ich kann bald anfangen, wenn alles passt.", ["not_english"])), 0)
    assert not ledger.given("notice")
    real = "I'm not sure whether it is four or six weeks of notice; I'll check my contract, and I could start in March."
    assert Ledger.of(_session_with((real, [])), 0).given("notice")


def test_the_shared_reading_names_what_the_report_names() -> None:
    assert is_non_answer(["non_answer"]) and is_non_answer(["gibberish"]) and is_non_answer(["not_english"])
    assert is_non_answer(["repetitive", "vague"])
    assert not is_non_answer([]) and not is_non_answer(["vague", "red_flag", "off_topic"])
