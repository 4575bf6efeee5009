"""A reply that is not an answer ("I don't know", unreadable text, another language, the same sentence over and over)
does not answer its question: the report's completeness counts it as not answered, the verdict rule for incomplete
rounds applies, and the report says what happened in words a candidate understands. Answers written for these tests."""

from __future__ import annotations

import asyncio
import json

import pytest

from interviewer.catalog import Catalog
from interviewer.models import Report
from interviewer.report.completeness import CAP, NOT_ENOUGH
from interviewer.report.render import render
from interviewer.services import RehearsalScript, ScriptAnswer, rehearse

_L1_L2 = (
    "L1 adds the sum of absolute weights to the loss; its pull has the same size however small a weight is, so many "
    "weights land exactly at zero and the model keeps a few features. L2 adds the squared weights; its pull shrinks "
    "with the weight, so weights get smaller but almost none reach zero. I pick L1 when most of thousands of sparse "
    "features are likely irrelevant, and L2 when many features each carry a little signal. With correlated features "
    "L1 keeps one arbitrarily and L2 spreads the weight, so elastic net sits between them. I scale features first and "
    "tune the strength on validation data."
)
_DONT_KNOW = "I don't know, sorry."
_GERMAN = (
    "Ich beobachte den Validierungsfehler nach jeder Epoche und speichere den besten Stand. Wenn der Fehler fünf "
    "Epochen lang nicht besser wird, höre ich auf und nehme den besten Stand, nicht den letzten. Die Geduld ist ein "
    "Hyperparameter, und die Testdaten sind dafür tabu."
)
_IMBALANCE = (
    "With 1% positives, accuracy is useless: predicting no for everyone scores 99%. I'd look at precision and recall "
    "at the threshold the business needs, and the precision-recall curve. I'd weight the rare class in the loss or "
    "resample only the training folds, never the validation or test data, and then set the threshold on validation "
    "data from the cost of a missed positive against a false alarm."
)


def _rehearse(catalog: Catalog, persona: str, answers: list[tuple[str, str]]):
    script = RehearsalScript(persona=persona, answers=[ScriptAnswer(question=q, seconds=120, text=t) for q, t in answers])
    return asyncio.run(rehearse(script, catalog=catalog))


@pytest.fixture
def depth(tmp_home, catalog: Catalog):
    return _rehearse(catalog, "ml-depth", [
        ("warmup", "I train ranking models for an online shop."),
        ("l1-vs-l2", _L1_L2),
        ("dropout", _DONT_KNOW),
        ("early-stopping", _GERMAN),
        ("class-imbalance", _IMBALANCE),
        ("wrapup", "No questions, thanks."),
    ])


def test_a_non_answer_does_not_answer_its_question(depth, catalog: Catalog) -> None:
    report: Report = depth.report
    texts = {q.id: q.text for q in catalog.persona("ml-depth").questions}
    flags = {q.question_id: [f for t in depth.interview.session.turns if t.question_index == q.index and t.assessment for f in t.assessment.flags]
             for q in depth.interview.session.questions}
    assert "non_answer" in flags["dropout"] and "not_english" in flags["early-stopping"], flags  # the judge named them
    c = report.completeness
    assert c is not None and (c.planned, c.answered) == (4, 2), c
    assert c.not_attempted == []  # they were asked, and replied to: not "not attempted" either
    assert [u.question for u in c.no_answer] == [texts["dropout"], texts["early-stopping"]]
    why = {u.question: u.why for u in c.no_answer}
    assert "did not know" in why[texts["dropout"]], why
    assert "not in English" in why[texts["early-stopping"]], why
    # the rule for incomplete rounds: a planned question without an answer caps the verdict
    assert report.recommendation in ("Lean Hire", "Lean No Hire", "No Hire"), report.recommendation
    assert c.uncapped == "" or report.recommendation == CAP


def test_the_report_says_what_happened_in_every_format(depth, catalog: Catalog) -> None:
    report: Report = depth.report
    texts = {q.id: q.text for q in catalog.persona("ml-depth").questions}
    md, html = render(report, "md"), render(report, "html")
    assert "Not answered (2 of 4 planned questions answered)" in md and "Not answered (2 of 4 planned questions answered)" in html
    assert f"{texts['dropout']} (you said you did not know or would rather not say)" in md
    assert f"{texts['dropout']} (you said you did not know or would rather not say)" in html
    assert "2 of 4 planned questions got no answer" in report.summary, report.summary
    rows = {r["question"]: r for r in json.loads(render(report, "json"))["completeness"]["no_answer"]}
    assert set(rows) == {texts["dropout"], texts["early-stopping"]}
    assert "no answer" in md  # the timing table says how each question ended
    assert Report.model_validate_json(render(report, "json")) == report


def test_fewer_than_half_answered_is_not_enough_evidence(tmp_home, catalog: Catalog) -> None:
    result = _rehearse(catalog, "recruiter", [
        ("background-why", "I don't know."),
        ("why-leaving", "I'd rather not say."),
        ("looking-for", "Not sure."),
        ("salary-expectations", "I don't know, whatever is fair."),
        ("timeline-notice", "No idea."),
        ("wrapup", "No."),
    ])
    c = result.report.completeness
    assert c is not None and c.answered == 0 and len(c.no_answer) == c.planned, c
    assert result.report.recommendation == NOT_ENOUGH


def test_an_answer_that_ends_with_a_question_back_still_answers(tmp_home, catalog: Catalog) -> None:
    result = _rehearse(catalog, "ml-depth", [
        ("warmup", "I train ranking models for an online shop."),
        ("l1-vs-l2", _L1_L2 + " Do you use elastic net much on your team?"),
    ])
    c = result.report.completeness
    texts = {q.id: q.text for q in catalog.persona("ml-depth").questions}
    assert c is not None and texts["l1-vs-l2"] not in [u.question for u in c.no_answer] and c.answered == 1


def test_a_report_written_before_no_answer_existed_still_loads(depth) -> None:
    data = json.loads(render(depth.report, "json"))
    del data["completeness"]["no_answer"]
    old = Report.model_validate(data)
    assert old.completeness is not None and old.completeness.no_answer == []


def test_the_loop_debrief_counts_an_unanswered_question_as_missing() -> None:
    from interviewer.loop import build_debrief
    from interviewer.loop import Loop, LoopRound
    from interviewer.models import Completeness, Unanswered

    def report(c: Completeness, rec: str) -> Report:
        return Report(persona="p", round="r", rubric="r", engine="offline", created="", overall=3.8, recommendation=rec,
                      dimensions=[], completeness=c)

    loop = Loop(id="l", created="", rounds=[LoopRound(persona_id=p, status="finished", session_id=p) for p in ("a", "b")])
    reports = {
        0: report(Completeness(planned=2, answered=2), "Strong Hire"),
        1: report(Completeness(planned=2, answered=1, no_answer=[Unanswered(question="Q2", why="the reply was empty")],
                               uncapped="Strong Hire"), "Lean Hire"),
    }
    d = build_debrief(loop, reports, {"a": "A", "b": "B"}, {})
    assert d.recommendation == "Lean Hire" and d.rounds[1].note == "1 of 2 questions answered"
