"""Scripted strong, average and weak candidates for every talking round (tests/data/scripts), rehearsed whole on the
offline engine against the packaged question banks: every answer names the question it was written for, is judged
against that question (none lands on a follow-up of the previous question or is dropped), and the candidates come out
in order."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from interviewer.catalog import Catalog
from interviewer.services import load_script, rehearse
from tests.scripted import landed_questions

SCRIPTS = Path(__file__).parent / "data" / "scripts"
ROUNDS = ["recruiter", "behavioral", "system-design", "ml-system-design", "ml-depth", "case-study"]
LABELS = ("strong", "average", "weak")


def _rehearse(catalog: Catalog, path: Path):
    """The report, and the question each candidate turn was judged against ("warmup", a bank id, "wrapup"), in order;
    fails if the interview left a scripted answer unused."""
    notes: list[str] = []
    result = asyncio.run(rehearse(load_script(path), catalog=catalog, on_notice=notes.append))
    assert not [n for n in notes if "unused" in n], (path.name, notes)
    return result.report, landed_questions(result.interview.session)


@pytest.mark.parametrize("round_id", ROUNDS)
def test_scripts_exist_for_the_packaged_persona(catalog: Catalog, round_id: str) -> None:
    for label in LABELS:
        script = load_script(SCRIPTS / f"{round_id}-{label}.yaml")
        assert script.persona == round_id
        assert 3 <= len(script.answers) <= 8, (round_id, label)
        assert round_id in catalog.personas
        persona = catalog.persona(round_id)
        known = {q.id for q in persona.questions} | {"wrapup"} | ({"warmup"} if persona.warmup else set())
        assert all(a.question in known for a in script.answers), (label, [a.question for a in script.answers])


@pytest.mark.parametrize("round_id", ROUNDS)
def test_strong_average_weak_come_out_in_order(tmp_home, catalog: Catalog, round_id: str) -> None:
    runs = {label: _rehearse(catalog, SCRIPTS / f"{round_id}-{label}.yaml") for label in LABELS}
    for label, (_, landed) in runs.items():  # each answer was judged against the question it was written for
        assert landed == [a.question for a in load_script(SCRIPTS / f"{round_id}-{label}.yaml").answers], (label, landed)
    reports = {label: report for label, (report, _) in runs.items()}
    scores = {label: r.overall for label, r in reports.items()}
    # every main answer met its question: the round asked one main question per scripted main answer, in bank order
    bank = [q.text for q in catalog.persona(round_id).questions]
    for report in reports.values():
        asked = [row.question for row in report.timing]
        assert asked == bank[: len(asked)] and len(asked) >= 2, asked
    assert scores["strong"] > scores["average"] > scores["weak"], scores


def test_a_warm_up_answer_is_named_and_never_lands_on_a_question(tmp_home, catalog: Catalog) -> None:
    """`question: warmup` answers the introduction; in a round without a warm-up it is dropped, and a first answer that
    names a bank question skips the warm-up instead of being spent on it."""
    from interviewer.services import RehearsalScript, ScriptAnswer

    story = "Last year I cut the scope of a launch myself: I listed every feature by value and shipped half on time."
    intro = ScriptAnswer(question="warmup", seconds=30, text="I build payment systems.")
    notes: list[str] = []
    no_warmup = asyncio.run(rehearse(RehearsalScript(persona="recruiter", answers=[intro]), catalog=catalog, on_notice=notes.append))
    assert [t.text for t in no_warmup.interview.session.turns if t.role == "candidate"] == []
    assert any("1 scripted answer(s) unused" in n for n in notes), notes
    skipped = asyncio.run(rehearse(RehearsalScript(persona="behavioral", answers=[
        ScriptAnswer(question="tight-deadline", seconds=300, text=story)]), catalog=catalog))
    session = skipped.interview.session
    turn = next(t for t in session.turns if t.role == "candidate")
    assert turn.question_index is not None and session.questions[turn.question_index].question_id == "tight-deadline"
