"""Time that is said honestly: the opening states the real round length, the question counter keeps its plan, the
Time table's budgets are whole or half minutes that fit the round, and "not enough time" only when time ran out."""

from __future__ import annotations

import re

import pytest

from interviewer.catalog import Catalog
from interviewer.engine.pacing import floor_half_minute, plan_slots, question_budget, round_opening
from interviewer.report.reach import minutes_half, not_reached_reason
from interviewer.report.render import render
from interviewer.services import RehearsalScript, ScriptAnswer, rehearse
from tests.test_agent import STORY, ScriptedJudge, new_interview, say, to_first_question

# --------------------------------------------------------------------------- the opening


@pytest.mark.parametrize(
    ("opening", "default", "minutes", "says", "not_says"),
    [
        ("For the next 45 minutes I'd like to hear a few stories.", 45, 20, "For the next 20 minutes", "45"),
        ("This is a relaxed 30-minute screen: tell me about you.", 30, 15, "relaxed 15-minute screen", "30"),
        ("We have about an hour for an open-ended design problem.", 60, 40, "We have about 40 minutes for", "hour"),
        ("We have an hour for this.", 60, 90, "We have about 90 minutes for this", "an hour"),
        ("It's an 8-minute chat.", 8, 20, "It's a 20-minute chat.", "an 20"),
        ("It's a 20-minute chat.", 20, 8, "It's an 8-minute chat.", "a 8"),
        ("Hi, I'm Sam.", 45, 25, "Hi, I'm Sam. We have 25 minutes today.", "45"),
    ],
)
def test_the_opening_states_the_rounds_real_length(opening, default, minutes, says, not_says) -> None:
    text = round_opening(opening, default, minutes)
    assert says in text and not_says not in text


def test_the_opening_is_unchanged_at_the_default_length() -> None:
    text = "For the next 45 minutes I'd like to hear a few stories."
    assert round_opening(text, 45, 45) == text
    assert round_opening("We have about an hour.", 60, 60) == "We have about an hour."


def test_the_opening_follows_the_round_even_when_the_persona_default_moved() -> None:
    # a drill's plan shortens the persona's minutes; the opening text still says 45
    assert "For the next 15 minutes" in round_opening("For the next 45 minutes I'd like to hear a few stories.", 15, 15)


@pytest.mark.parametrize(("persona_id", "minutes"), [("behavioral", 20), ("recruiter", 15), ("system-design", 35), ("ml-system-design", 90)])
async def test_a_live_opening_says_minutes_not_the_persona_default(catalog: Catalog, persona_id: str, minutes: int) -> None:
    persona = catalog.persona(persona_id)
    iv, _ = new_interview(catalog, persona_id, minutes=minutes)
    r = await iv.start()
    assert re.search(rf"\b{minutes}[ -]minute", r.turn.text)
    assert f"{persona.minutes} minutes" not in r.turn.text and f"{persona.minutes}-minute" not in r.turn.text
    assert "an hour" not in r.turn.text


# --------------------------------------------------------------------------- the plan and the counter


def test_plan_slots_are_half_minutes_that_fit_the_round() -> None:
    for seconds in (1620, 2430, 3240, 60, 545.5, 7000):
        for n in (1, 2, 4, 5, 7):
            slots = plan_slots(seconds, n)
            assert len(slots) == n
            assert all(s % 30 == 0 and s >= 30 for s in slots)
            assert sum(slots) <= max(seconds, 30 * n) + 1e-9
            assert max(slots) - min(slots) <= 30
    assert [s / 60 for s in plan_slots(1620, 5)] == [5.5, 5.5, 5.5, 5.5, 5.0]


def test_a_question_budget_shrinks_when_earlier_questions_ran_over() -> None:
    slots = plan_slots(1620, 5)
    assert question_budget(slots, 0, 1620) == 330
    assert question_budget(slots, 1, 1000) == floor_half_minute(1000 / 4)  # behind plan: an even share of what's left
    assert question_budget(slots, 4, 20) == 30  # never below half a minute
    assert question_budget(slots, 4, 2000) == slots[4]  # a fast candidate's spare time does not inflate the budget


@pytest.mark.parametrize("persona_id", ["behavioral", "recruiter", "system-design", "ml-system-design"])
@pytest.mark.parametrize("seconds", [15, 90, 400])
async def test_the_question_counter_keeps_its_plan(catalog: Catalog, persona_id: str, seconds: float) -> None:
    solid = {d.id: 3 for d in catalog.rubric_for(catalog.persona(persona_id)).dimensions}
    iv, clock = new_interview(catalog, persona_id, judge=ScriptedJudge(default=solid), minutes=30)
    await iv.start()
    labels = [iv.stage_label()]
    while not iv.finished and iv.session.stage != "wrapup":
        await say(iv, clock, STORY, seconds)
        labels.append(iv.stage_label())
    plan = iv.agent.budget.target_questions
    counted = [tuple(map(int, m.groups())) for lb in labels if (m := re.match(r"question (\d+) of (\d+)", lb))]
    assert counted and {n for _, n in counted} == {plan}  # "1 of 5" never becomes "8 of 8"
    assert all(k <= plan for k, _ in counted)
    assert len(iv.session.questions) <= plan


async def test_budgets_in_the_report_are_readable_and_fit_the_round(catalog: Catalog) -> None:
    # the 30-minute round showed budgets of 5.4, 6.7, 8.8, 13.0 and 26.0 minutes
    script = RehearsalScript(persona="recruiter", minutes=30, answers=[ScriptAnswer(seconds=s, text=STORY) for s in [50, 70, 30, 400, 60, 45, 90, 20, 30, 60, 40, 30]])
    result = await rehearse(script, catalog=catalog)
    rows = result.report.timing
    assert rows
    assert all((r.minutes_budget * 2).is_integer() for r in rows)
    assert sum(r.minutes_budget for r in rows) <= 30
    md = render(result.report, "md")
    for r in rows:
        assert f"| {r.minutes_budget:.1f} |" in md


def test_minutes_half_rounds_old_budgets_to_readable_values() -> None:
    assert [minutes_half(m * 60) for m in (5.4, 6.7, 8.8, 13.0, 26.0)] == [5.5, 6.5, 9.0, 13.0, 26.0]


# --------------------------------------------------------------------------- why something was not assessed


async def test_ending_early_is_not_called_running_out_of_time(catalog: Catalog) -> None:
    iv, clock = new_interview(catalog, "recruiter", judge=ScriptedJudge(default={}), minutes=30)
    await to_first_question(iv, clock)
    await say(iv, clock, STORY, 120)
    await iv.end()
    reason = not_reached_reason(iv.session)
    assert reason == "you ended the round with 28 minutes left, before these came up"
    from interviewer.report.grader import grade

    report = grade(iv.session, iv.persona, iv.rubric)
    assert report.not_assessed and report.not_assessed_reason == reason
    md, html = render(report, "md"), render(report, "html")
    assert "you ended the round with 28 minutes left" in md and "not enough time" not in md
    assert "you ended the round with 28 minutes left" in html


async def test_running_out_of_time_says_so(catalog: Catalog) -> None:
    iv, clock = new_interview(catalog, "system-design", judge=ScriptedJudge(default={}), minutes=30)
    await to_first_question(iv, clock)
    r = await say(iv, clock, STORY, iv.agent.budget.question_seconds + 1)
    assert r.turn.move.kind == "wrapup"
    assert not_reached_reason(iv.session) == "not enough time to reach them"


async def test_a_plan_done_early_says_the_questions_did_not_touch_them(catalog: Catalog) -> None:
    solid = {d.id: 3 for d in catalog.rubrics["recruiter"].dimensions}
    iv, clock = new_interview(catalog, "recruiter", judge=ScriptedJudge(default=solid))
    await iv.start()
    while iv.session.stage != "wrapup":
        await say(iv, clock, STORY, 60)
    assert not_reached_reason(iv.session) == "the round's questions did not touch them"
