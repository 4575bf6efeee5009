"""Every loop script under tests/data names, for each answer, a question the loop's round really plans (as the
rehearsal scripts do, see ``services._align``), and rehearsed whole, each answer lands on the question it names."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from interviewer import loop_services
from interviewer.catalog import load_catalog
from interviewer.engine.agent import question_plan
from interviewer.models import Session
from interviewer.store import SessionStore
from tests.scripted import landed_questions

DATA = Path(__file__).parent / "data"
LOOP_SCRIPTS = sorted((DATA / "loop" / "scripts").glob("*.yaml"))


@pytest.fixture(scope="module")
def loop_catalog():
    cat = load_catalog(extra_dirs=[DATA / "loop"], include_user=False)
    assert not cat.problems, [str(p) for p in cat.problems]
    return cat


def _planned(catalog, persona_id: str, minutes: float | None) -> list[str]:
    persona = catalog.persona(persona_id)
    session = Session(id="plan", persona_id=persona.id, rubric_id=persona.rubric, created="", minutes=minutes or persona.minutes)
    return question_plan(persona, session)


def test_there_are_loop_scripts() -> None:
    assert {p.name for p in LOOP_SCRIPTS} >= {"loop-full.yaml", "loop-three-rounds.yaml"}


@pytest.mark.parametrize("path", LOOP_SCRIPTS, ids=lambda p: p.name)
def test_every_answer_names_a_question_the_loop_plans(loop_catalog, path: Path) -> None:
    script = loop_services.load_loop_script(path)
    for r in script.rounds:
        persona = loop_catalog.persona(r.persona)
        plan = _planned(loop_catalog, r.persona, r.minutes)
        known = {*plan, "wrapup", *({"warmup"} if persona.warmup else set())}
        named = [a.question for a in r.answers]
        assert all(named), (path.name, r.persona, "every answer names its question", named)
        assert all(q in known for q in named), (path.name, r.persona, named, plan)
        mains = [q for q in named if q in plan]
        assert mains == [q for q in plan if q in mains], (path.name, r.persona, "in the order asked", mains, plan)


def test_the_three_round_loop_lands_each_answer_on_its_question(loop_catalog, tmp_path: Path) -> None:
    path = DATA / "loop" / "scripts" / "loop-three-rounds.yaml"
    script = loop_services.load_loop_script(path)
    notes: list[str] = []
    store = SessionStore(tmp_path / "home")
    result = asyncio.run(loop_services.rehearse_loop(script, store=store, catalog=loop_catalog, on_notice=notes.append))
    assert not [n for n in notes if "unused" in n], notes
    for sr, r in zip(script.rounds, result.debrief.rounds):
        landed = landed_questions(store.load(r.session_id))
        assert landed == [a.question for a in sr.answers], (sr.persona, landed)
        assert not r.note, (sr.persona, r.note)  # every planned question was answered
