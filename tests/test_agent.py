"""The agent and the interview loop: follow-up policy, time keeping, odd replies, determinism, no score leaks, resume.

Time comes only from a FakeClock, so nothing here depends on how fast the machine is. Most tests feed the agent
hand-built ``Assessment`` objects through a scripted judge, so the levels it reacts to are known exactly; a few use
the real offline judge end to end.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import pytest

from interviewer.catalog import Catalog
from interviewer.engine.agent import Agent
from interviewer.engine.clock import FakeClock
from interviewer.engine.interview import Interview, InterviewOver, Reply
from interviewer.judges.base import EngineFailure
from interviewer.models import Assessment, DimensionEvidence, Move, Persona, Rubric, Session, Turn
from interviewer.report.grader import grade
from interviewer.services import RehearsalScript, ScriptAnswer, rehearse
from interviewer.store import SessionStore

STAR = ["situation", "task_ownership", "actions", "result", "reflection"]

STORY = (
    "At my last company I was one of four engineers on the payments team. We had to migrate the card tokenisation "
    "service before a compliance deadline. I wrote the migration plan and we shipped it on time."
)
# different stories, for tests where telling the same story twice (which gets "a different example, please") is not the point
OTHER_STORIES = [
    "When I joined the search team, our p99 latency had crept to 900 ms. I profiled the service, batched the calls to "
    "the personalisation API with a 50 ms timeout, and p99 fell to 220 ms within a sprint.",
    "A junior engineer's pull requests sat for days. I paired with her twice a week and wrote a checklist for small "
    "changes; her median review time went from four days to one, and she was promoted six months later.",
    "Our product manager wanted to launch a recommender before the holiday freeze. I ran an A/B test on 5% of traffic, "
    "found a 3% conversion drop for new users, and we launched for returning users only.",
]
WARMUP = "I'm a backend engineer with six years of experience, currently working on payment systems."


# --------------------------------------------------------------------------- helpers


def assessment(levels: dict[str, int] | None = None, dims: Iterable[str] | None = None, flags: Iterable[str] = ()) -> Assessment:
    """A hand-built assessment: ``levels`` for the named dimensions, level 1 for the other ``dims``."""
    levels = dict(levels or {})
    names = list(dict.fromkeys([*(dims or []), *levels]))
    return Assessment(
        engine="scripted",
        words=120,
        flags=list(flags),
        dimensions={
            d: DimensionEvidence(dimension=d, level=levels.get(d, 1), present=levels.get(d, 1) >= 2) for d in names
        },
    )


class ScriptedJudge:
    """A judge that returns prepared assessments in order (``default`` once they run out).

    An item is a dict of levels (for the dimensions the agent asked about), an ``Assessment``, or an exception to
    raise (a crash in the middle of a turn).
    """

    name = "scripted"

    def __init__(self, *items: object, default: dict[str, int] | None = None) -> None:
        self.items = list(items)
        self.default = default or {}
        self.calls: list[tuple[str, list[str]]] = []

    async def assess_async(self, answer: str, ctx) -> Assessment:
        self.calls.append((answer, list(ctx.dimensions)))
        item = self.items.pop(0) if self.items else self.default
        if isinstance(item, BaseException):
            raise item
        if isinstance(item, Assessment):
            return item.model_copy(deep=True)
        return assessment(item, dims=ctx.dimensions)  # type: ignore[arg-type]


def new_interview(
    catalog: Catalog, persona: str | Persona = "behavioral", *, judge=None, minutes: float | None = None, store=None
) -> tuple[Interview, FakeClock]:
    if isinstance(persona, Persona):
        catalog = Catalog(personas={**catalog.personas, persona.id: persona}, rubrics=dict(catalog.rubrics))
        persona = persona.id
    clock = FakeClock()
    iv = Interview.new(catalog, persona, minutes=minutes, clock=clock, judge=judge, store=store)
    return iv, clock


async def say(iv: Interview, clock: FakeClock, text: str | bytes, seconds: float) -> Reply:
    """The candidate takes ``seconds`` to give ``text``."""
    clock.advance(seconds)
    reply = await iv.answer(text)
    assert reply.turn is not None and reply.turn.role == "interviewer"
    return reply


async def to_first_question(iv: Interview, clock: FakeClock, warmup_seconds: float = 60) -> None:
    """Start, and answer the warm-up if the persona has one, so that the first main question is open."""
    reply = await iv.start()
    if reply.turn.move.question_id is None:  # a warm-up prompt
        reply = await say(iv, clock, WARMUP, warmup_seconds)
    assert reply.turn.move.kind in ("question", "opening") and reply.turn.move.question_id
    assert iv.session.current_question is not None and iv.session.current_question.index == 0


def move_of(reply: Reply) -> Move:
    assert reply.turn is not None and reply.turn.move is not None
    return reply.turn.move


def hand_built(persona: Persona, rubric: Rubric, *answers: dict[str, int], probed: Iterable[str] = ()) -> tuple[Agent, Session]:
    """A session with the first main question open and the given answers (as levels) recorded against it."""
    agent = Agent(persona, rubric)
    s = Session(id="t", persona_id=persona.id, rubric_id=rubric.id, created="2026-01-01T09:00:00", minutes=persona.minutes)
    q = persona.questions[0]
    move = Move(kind="question", question_id=q.id, question_text=q.text)
    agent.apply(s, move, 0.0)
    s.turns.append(Turn(index=0, role="interviewer", text=q.text, at=0.0, move=move, question_index=0))
    for i, levels in enumerate(answers, 1):
        a = assessment(levels, dims=agent.dimensions_for_reply(s))
        s.turns.append(Turn(index=len(s.turns), role="candidate", text="answer", at=30.0 * i, question_index=0, assessment=a))
    s.questions[0].probed.extend(probed)
    return agent, s


@pytest.fixture
def behavioral(catalog: Catalog) -> tuple[Persona, Rubric]:
    p = catalog.persona("behavioral")
    return p, catalog.rubric_for(p)


# --------------------------------------------------------------------------- follow-up policy


@pytest.mark.parametrize(
    ("levels", "probed", "expected"),
    [
        ({"situation": 1, "task_ownership": 2, "actions": 2, "result": 2, "reflection": 2}, [], "situation"),
        ({"situation": 3, "task_ownership": 3, "actions": 3, "result": 3, "reflection": 2}, [], "reflection"),
        # equal levels: the heavier dimension first (actions and result weigh 1.5), then question order
        ({"situation": 2, "task_ownership": 2, "actions": 2, "result": 2, "reflection": 2}, [], "actions"),
        ({"situation": 2, "task_ownership": 2, "actions": 3, "result": 2, "reflection": 2}, [], "result"),
        ({"situation": 2, "task_ownership": 2, "actions": 3, "result": 3, "reflection": 2}, [], "situation"),
        # a probed dimension is not probed again, however weak it still is
        ({}, ["actions"], "result"),
        ({}, ["actions", "result"], "situation"),
        ({"situation": 1, "task_ownership": 3}, ["situation", "actions", "result"], "reflection"),
        # every relevant dimension solid: nothing to follow up on (communication is judged, never probed)
        ({"situation": 3, "task_ownership": 3, "actions": 4, "result": 3, "reflection": 3, "communication": 1}, [], None),
        ({"situation": 3, "task_ownership": 3, "actions": 3, "result": 3, "reflection": 1}, ["reflection"], None),
    ],
)
def test_followup_target_is_weakest_unprobed_relevant_dimension(behavioral, levels, probed, expected) -> None:
    agent, s = hand_built(*behavioral, levels, probed=probed)
    assert agent.followup_target(s) == expected


def test_followup_target_uses_best_level_over_the_question_answers(behavioral) -> None:
    # the first answer showed a solid result; a thinner follow-up answer does not undo it
    agent, s = hand_built(*behavioral, {"result": 3, "actions": 3, "situation": 3, "task_ownership": 3, "reflection": 2}, {})
    assert agent.question_levels(s, s.questions[0])["result"] == 3
    assert agent.followup_target(s) == "reflection"


def test_followup_target_ignores_answers_to_other_questions(behavioral) -> None:
    persona, rubric = behavioral
    agent, s = hand_built(persona, rubric, {d: 4 for d in STAR})
    q2 = persona.questions[1]
    move = Move(kind="question", question_id=q2.id, question_text=q2.text)
    agent.apply(s, move, 100.0)
    s.turns.append(Turn(index=len(s.turns), role="interviewer", text=q2.text, at=100.0, move=move, question_index=1))
    s.turns.append(
        Turn(index=len(s.turns), role="candidate", text="x", at=130.0, question_index=1,
             assessment=assessment({"situation": 3, "task_ownership": 3, "actions": 3, "result": 1, "reflection": 3}))
    )
    assert agent.followup_target(s) == "result"


async def test_followup_targets_the_weakest_gap_in_a_live_interview(catalog: Catalog) -> None:
    rubric = catalog.rubrics["behavioral"]
    judge = ScriptedJudge(
        {},  # the warm-up
        {"situation": 3, "task_ownership": 2, "actions": 2, "result": 1, "reflection": 2},
        {"result": 3},  # the follow-up filled the result gap; the question's best levels are now 3,2,2,3,2
    )
    iv, clock = new_interview(catalog, judge=judge)
    await to_first_question(iv, clock)
    r = await say(iv, clock, STORY, 120)
    m = move_of(r)
    assert (m.kind, m.reason, m.dimension) == ("followup", "gap", "result")
    assert m.probe in rubric.dimension("result").probes
    assert m.probe in r.turn.text
    r = await say(iv, clock, "We shipped it two weeks early.", 40)
    m = move_of(r)
    assert (m.kind, m.dimension) == ("followup", "actions")  # level 2 ties: actions weighs 1.5
    q = iv.session.questions[0]
    assert q.followups == 2 and q.probed == ["result", "actions"]
    # the judge was asked about the question's dimensions plus the style dimension
    assert judge.calls[1][1] == [*STAR, "communication"]


async def test_no_followup_when_every_relevant_dimension_is_solid(catalog: Catalog) -> None:
    judge = ScriptedJudge({}, {"situation": 3, "task_ownership": 4, "actions": 3, "result": 3, "reflection": 3, "communication": 1})
    iv, clock = new_interview(catalog, judge=judge)
    await to_first_question(iv, clock)
    first = iv.session.questions[0]
    r = await say(iv, clock, STORY, 150)
    m = move_of(r)
    assert m.kind == "question" and m.reason == "next"
    assert m.question_id != first.question_id
    assert first.ended_by == "solid" and first.followups == 0 and first.probed == []
    assert len(iv.session.questions) == 2 and iv.session.stage == "question"


@pytest.mark.parametrize("persona_id", ["behavioral", "recruiter", "system-design", "ml-system-design"])
async def test_at_most_max_followups_per_question(catalog: Catalog, persona_id: str) -> None:
    persona = catalog.persona(persona_id)
    rubric = catalog.rubric_for(persona)
    style = {d.id for d in rubric.dimensions if d.phase == "all"}
    iv, clock = new_interview(catalog, persona_id, judge=ScriptedJudge(default={}))  # every answer scores 1
    await to_first_question(iv, clock, warmup_seconds=20)
    moves = []
    while True:
        m = move_of(await say(iv, clock, STORY, 20))
        moves.append(m)
        if m.kind != "followup":
            break
        assert len(moves) <= 10, "the agent kept following up"
    q = iv.session.questions[0]
    relevant = [d for d in q.dimensions if d not in style]
    expected = min(persona.max_followups, len(relevant))
    assert q.followups == expected == len(moves) - 1
    assert moves[-1].kind == "question"
    assert q.ended_by == "followups_done"
    assert len(set(q.probed)) == len(q.probed)
    assert not set(q.probed) & style


async def test_same_dimension_never_probed_twice_in_one_question(catalog: Catalog) -> None:
    persona = catalog.persona("behavioral").model_copy(update={"id": "behavioral-patient", "max_followups": 10})
    iv, clock = new_interview(catalog, persona, judge=ScriptedJudge(default={}))
    await to_first_question(iv, clock)
    probes = []
    while True:
        m = move_of(await say(iv, clock, STORY, 30))
        if m.kind != "followup":
            break
        probes.append(m.dimension)
    q = iv.session.questions[0]
    # all five STAR dimensions stayed at 1: each is probed exactly once (heaviest first), then the question ends
    assert probes == q.probed == ["actions", "result", "situation", "task_ownership", "reflection"]
    assert m.kind == "question"
    # nothing was solid: the question ended because the follow-ups were used up, not because it was "solid"
    assert q.ended_by == "followups_done"


async def test_followup_probes_rotate_through_the_rubric(catalog: Catalog) -> None:
    rubric = catalog.rubrics["behavioral"]
    iv, clock = new_interview(catalog, judge=ScriptedJudge(default={}))
    await to_first_question(iv, clock)
    r = await say(iv, clock, STORY, 30)
    m = move_of(r)
    assert m.probe in rubric.dimension(m.dimension).probes
    assert m.question_id == iv.session.questions[0].question_id


# --------------------------------------------------------------------------- time


async def test_question_that_overruns_its_budget_moves_on_by_time(catalog: Catalog) -> None:
    iv, clock = new_interview(catalog, judge=ScriptedJudge(default={}))  # gaps everywhere: it would follow up
    await to_first_question(iv, clock, warmup_seconds=60)
    q = iv.session.questions[0]
    assert q.started_at == 60 and q.budget_seconds > 0
    r = await say(iv, clock, STORY, q.budget_seconds + 5)
    m = move_of(r)
    assert (m.kind, m.reason) == ("question", "time")
    assert q.ended_by == "time" and q.followups == 0
    assert q.seconds_used == pytest.approx(q.budget_seconds + 5)
    assert "interest of time" in r.turn.text
    assert iv.session.questions[1].started_at == clock.now()


async def test_time_move_on_also_cuts_follow_ups_short(catalog: Catalog) -> None:
    iv, clock = new_interview(catalog, judge=ScriptedJudge(default={}))
    await to_first_question(iv, clock)
    q = iv.session.questions[0]
    assert move_of(await say(iv, clock, STORY, q.budget_seconds / 2)).kind == "followup"
    m = move_of(await say(iv, clock, STORY, q.budget_seconds / 2))
    assert (m.kind, m.reason) == ("question", "time")
    assert q.followups == 1 and q.ended_by == "time"


async def test_round_time_wraps_up_then_closes(catalog: Catalog) -> None:
    iv, clock = new_interview(catalog, judge=ScriptedJudge(default={}))
    await to_first_question(iv, clock)
    budget = iv.agent.budget
    r = await say(iv, clock, STORY, budget.question_seconds)  # the answer runs past the time for main questions
    m = move_of(r)
    assert (m.kind, m.reason) == ("wrapup", "round_time")
    assert m.expects_reply
    assert iv.session.stage == "wrapup"
    assert iv.session.questions[0].ended_by == "round_time"
    assert "questions" in r.turn.text.lower()
    r = await say(iv, clock, "What does the team hope to ship in the next six months?", 60)
    m = move_of(r)
    assert m.kind == "close" and not m.expects_reply
    assert r.finished and iv.finished
    assert iv.session.stage == "closed" and iv.session.status == "finished"
    assert iv.persona.closing.strip() in r.turn.text
    n = len(iv.session.turns)
    with pytest.raises(InterviewOver):
        await iv.answer("one more thing")
    assert len(iv.session.turns) == n


async def test_wrapup_when_too_little_time_is_left_for_another_question(catalog: Catalog) -> None:
    solid = {d: 3 for d in STAR}
    iv, clock = new_interview(catalog, judge=ScriptedJudge(default=solid))
    await to_first_question(iv, clock, warmup_seconds=60)
    moves = [move_of(await say(iv, clock, text, 560)) for text in [STORY, *OTHER_STORIES]]
    assert [m.kind for m in moves] == ["question", "question", "question", "wrapup"]
    assert moves[-1].reason == "round_time"
    qs = iv.session.questions
    assert [q.ended_by for q in qs] == ["solid", "solid", "solid", "round_time"]
    assert clock.now() < iv.agent.budget.question_seconds  # wrapped up early: half a question would not fit


async def test_wrapup_when_the_planned_questions_are_done(catalog: Catalog) -> None:
    # recruiter: 5 planned questions of ~5 minutes; solid 4-minute answers finish them with time to spare
    rubric = catalog.rubrics["recruiter"]
    solid = {d.id: 3 for d in rubric.dimensions}
    iv, clock = new_interview(catalog, "recruiter", judge=ScriptedJudge(default=solid))
    await to_first_question(iv, clock)
    moves = []
    while not iv.finished and iv.session.stage != "wrapup":
        moves.append(move_of(await say(iv, clock, STORY, 240)))
    assert (moves[-1].kind, moves[-1].reason) == ("wrapup", "next")
    assert len(iv.session.questions) >= iv.agent.budget.target_questions
    assert all(q.ended_by in ("solid", "round_time") for q in iv.session.questions)


def _script(seconds: float, n: int = 40, text: str = STORY) -> RehearsalScript:
    return RehearsalScript(persona="behavioral", answers=[ScriptAnswer(seconds=seconds, text=text) for _ in range(n)])


async def test_verbose_candidate_gets_fewer_main_questions(catalog: Catalog) -> None:
    brief = await rehearse(_script(90), catalog=catalog)
    verbose = await rehearse(_script(600), catalog=catalog)
    nb, nv = len(brief.interview.session.questions), len(verbose.interview.session.questions)
    # the brief candidate gets the plan, never more (the counter said "of 4"); the verbose one runs out of time first
    assert nb == brief.interview.agent.budget.target_questions
    assert nv < nb
    assert any(q.ended_by == "time" for q in verbose.interview.session.questions)
    assert not any(q.ended_by == "time" for q in brief.interview.session.questions)
    for result in (brief, verbose):
        s = result.interview.session
        assert s.stage == "closed"
        kinds = [t.move.kind for t in s.turns if t.role == "interviewer"]
        assert kinds[-2:] == ["wrapup", "close"]


async def test_time_used_per_question_is_recorded(catalog: Catalog) -> None:
    seconds = [45, 130, 70, 95, 610, 20, 240, 180, 75, 300, 60, 500, 90, 400]
    script = RehearsalScript(
        persona="behavioral", answers=[ScriptAnswer(seconds=s, text=STORY) for s in seconds]
    )
    result = await rehearse(script, catalog=catalog)
    s = result.interview.session
    assert s.questions
    for q in s.questions:
        answers = [t for t in s.turns if t.role == "candidate" and t.question_index == q.index]
        assert q.ended_at is not None
        # the clock only moves while the candidate answers: a question's time is the time of its answers
        assert q.seconds_used == pytest.approx(sum(t.seconds for t in answers))
        opener = next(t for t in s.turns if t.role == "interviewer" and t.move.question_id == q.question_id)
        assert opener.at == pytest.approx(q.started_at)
    for q, row in zip(s.questions, result.report.timing, strict=True):
        assert row.minutes_used == round(q.seconds_used / 60, 1)
        assert row.minutes_budget == round(q.budget_seconds / 60, 1)
        assert row.ended_by == q.ended_by
    # candidate turns record how long they took, which is how far the clock moved
    cand = [t for t in s.turns if t.role == "candidate"]
    assert [t.seconds for t in cand] == seconds[: len(cand)]


# --------------------------------------------------------------------------- odd replies


async def test_empty_answer_gets_a_reprompt_and_is_not_scored(catalog: Catalog) -> None:
    judge = ScriptedJudge(default={})
    iv, clock = new_interview(catalog, judge=judge)
    await to_first_question(iv, clock)
    q = iv.session.questions[0]
    calls = len(judge.calls)
    r = await say(iv, clock, "   \n\t ", 30)
    m = move_of(r)
    assert (m.kind, m.reason) == ("reprompt", "empty")
    assert q.text in r.turn.text  # the question again
    assert any("empty" in n for n in r.notices)
    cand = iv.session.turns[-2]
    assert cand.role == "candidate" and cand.text == ""
    assert cand.assessment is not None and cand.assessment.flags == ["empty"] and cand.assessment.dimensions == {}
    assert len(judge.calls) == calls  # the judge never saw it
    assert q.followups == 0 and iv.session.current_question is q
    # a real answer after it is handled normally
    assert move_of(await say(iv, clock, STORY, 60)).kind == "followup"


async def test_two_empty_answers_in_a_row_move_on(catalog: Catalog) -> None:
    iv, clock = new_interview(catalog, judge=ScriptedJudge(default={}))
    await to_first_question(iv, clock)
    first = iv.session.questions[0]
    assert move_of(await say(iv, clock, "", 30)).kind == "reprompt"
    m = move_of(await say(iv, clock, b"\x1b[0m\x00", 30))  # nothing left after cleaning: empty too
    assert m.kind == "question" and m.reason == "empty"
    assert first.ended_by == "skip"
    assert iv.session.questions[1].question_id != first.question_id
    assert iv.session.empty_streak == 0


async def test_empty_answers_must_be_in_a_row(catalog: Catalog) -> None:
    iv, clock = new_interview(catalog, judge=ScriptedJudge(default={}))
    await to_first_question(iv, clock)
    assert move_of(await say(iv, clock, "", 30)).kind == "reprompt"
    assert move_of(await say(iv, clock, STORY, 30)).kind == "followup"
    m = move_of(await say(iv, clock, "", 30))
    assert (m.kind, m.reason) == ("reprompt", "empty")
    assert move_of(await say(iv, clock, STORY, 30)).kind == "followup"  # the second follow-up, still question 1
    assert len(iv.session.questions) == 1


async def test_a_session_of_empty_answers_scores_nothing(catalog: Catalog) -> None:
    iv, clock = new_interview(catalog, judge=ScriptedJudge(default={d: 4 for d in STAR}))
    await iv.start()
    for _ in range(6):
        if iv.finished:
            break
        await say(iv, clock, "", 10)
    await iv.end()
    report = grade(iv.session, iv.persona, iv.rubric)
    assert report.dimensions == []
    assert set(report.not_assessed) >= set(STAR)


async def test_question_back_to_the_interviewer_is_deferred(catalog: Catalog) -> None:
    iv, clock = new_interview(catalog)  # the real offline judge
    await to_first_question(iv, clock)
    q = iv.session.questions[0]
    r = await say(iv, clock, "What does a typical week look like for an engineer on your team?", 20)
    m = move_of(r)
    assert (m.kind, m.reason) == ("reprompt", "candidate")
    assert "question_to_interviewer" in iv.session.turns[-2].assessment.flags
    assert "end" in r.turn.text.lower() and q.text in r.turn.text
    assert q.followups == 0 and iv.session.current_question is q
    # the candidate answers after all: the question goes on as usual
    r = await say(iv, clock, STORY, 120)
    assert move_of(r).kind == "followup"


async def test_second_question_back_in_a_row_moves_on(catalog: Catalog) -> None:
    iv, clock = new_interview(catalog)
    await to_first_question(iv, clock)
    assert move_of(await say(iv, clock, "Can you tell me more about your team?", 20)).kind == "reprompt"
    m = move_of(await say(iv, clock, "What is your team working on right now?", 20))
    assert m.kind == "question"
    assert len(iv.session.questions) == 2


async def test_question_back_is_not_scored(catalog: Catalog) -> None:
    iv, clock = new_interview(catalog)
    await to_first_question(iv, clock)
    await say(iv, clock, "What does a typical week look like for an engineer on your team?", 20)
    await iv.end()
    report = grade(iv.session, iv.persona, iv.rubric)
    # only the warm-up counts as an answer: the question back adds no evidence and no flags
    assert "question_to_interviewer" not in report.flags
    assert all("week look like" not in q for d in report.dimensions for q in d.evidence)


@pytest.mark.parametrize(
    "text",
    ["I don't remember the details, it was a while ago.", "Honestly, no idea.", "I can't think of one, sorry."],
)
async def test_non_answer_moves_on(catalog: Catalog, text: str) -> None:
    iv, clock = new_interview(catalog)
    await to_first_question(iv, clock)
    first = iv.session.questions[0]
    r = await say(iv, clock, text, 20)
    m = move_of(r)
    assert "non_answer" in iv.session.turns[-2].assessment.flags
    assert (m.kind, m.reason) == ("question", "next")
    assert first.followups == 0 and first.ended_by == "followups_done"


async def test_skip_moves_to_the_next_question(catalog: Catalog) -> None:
    iv, clock = new_interview(catalog, judge=ScriptedJudge(default={}))
    await to_first_question(iv, clock)
    first = iv.session.questions[0]
    clock.advance(15)
    r = await iv.skip()
    m = move_of(r)
    assert (m.kind, m.reason) == ("question", "skip")
    assert first.ended_by == "skip" and first.ended_at == clock.now()
    assert "skip" in r.turn.text.lower()
    assert iv.session.questions[1].question_id != first.question_id
    assert first.question_id in iv.session.asked_ids  # a skipped question is not asked again


async def test_skip_during_wrapup_closes(catalog: Catalog) -> None:
    iv, clock = new_interview(catalog, judge=ScriptedJudge(default={}))
    await to_first_question(iv, clock)
    await say(iv, clock, STORY, iv.agent.budget.question_seconds)
    assert iv.session.stage == "wrapup"
    r = await iv.skip()
    assert move_of(r).kind == "close" and iv.finished


async def test_end_closes_the_interview(catalog: Catalog) -> None:
    iv, clock = new_interview(catalog, judge=ScriptedJudge(default={}))
    await to_first_question(iv, clock)
    await say(iv, clock, STORY, 60)
    clock.advance(10)
    r = await iv.end()
    m = move_of(r)
    assert (m.kind, m.reason, m.expects_reply) == ("close", "candidate", False)
    assert iv.finished and iv.session.status == "finished"
    q = iv.session.questions[0]
    assert q.ended_by == "end" and q.ended_at == clock.now()
    n = len(iv.session.turns)
    again = await iv.end()  # idempotent
    assert again.turn is r.turn and len(iv.session.turns) == n
    with pytest.raises(InterviewOver):
        await iv.skip()


# --------------------------------------------------------------------------- engine failures


class FailingVoice:
    name = "flaky-llm"

    async def speak(self, move, ctx, on_token=None) -> str:
        if on_token:
            on_token("Half a sent")
        raise EngineFailure("stream broke", partial="Half a sent")


async def test_failing_judge_falls_back_to_offline_and_goes_on(catalog: Catalog) -> None:
    judge = ScriptedJudge({}, EngineFailure("HTTP 429"))
    iv, clock = new_interview(catalog, judge=judge)
    await to_first_question(iv, clock)
    r = await say(iv, clock, STORY, 120)
    cand = iv.session.turns[-2]
    assert cand.assessment is not None and cand.assessment.engine == "offline"
    assert [(f.role, f.reason, f.turn) for f in iv.session.fallbacks] == [("judge", "HTTP 429", cand.index)]
    assert any("429" in n for n in r.notices)
    assert move_of(r).kind in ("followup", "question")


async def test_failing_voice_falls_back_to_offline_words(catalog: Catalog) -> None:
    clock = FakeClock()
    iv = Interview.new(catalog, "behavioral", clock=clock, voice=FailingVoice())
    tokens: list[str] = []
    r = await iv.start(tokens.append)
    assert r.turn.engine == "offline" and iv.persona.opening.strip() in r.turn.text
    assert iv.session.fallbacks[0].role == "voice"
    # the partial model text went to the UI, the offline words did not follow it: the reply says to replace it
    assert tokens == ["Half a sent"] and r.replaced_partial
    assert "Half a sent" not in r.turn.text
    r = await iv.answer(WARMUP)
    assert move_of(r).kind == "question" and iv.session.questions[0].text in r.turn.text


# --------------------------------------------------------------------------- determinism and leaks


def _transcript(s: Session) -> list[tuple]:
    return [(t.role, t.text, t.at, t.seconds, t.question_index, t.move, t.assessment) for t in s.turns]


async def test_same_inputs_give_the_same_moves(catalog: Catalog) -> None:
    texts = [WARMUP, STORY, "", "I don't remember.", STORY + " I learned to plan for slack.", "What is the team like?"]
    answers = [ScriptAnswer(seconds=40 + 37 * i, text=t) for i, t in enumerate(texts * 3)]
    script = RehearsalScript(persona="behavioral", answers=answers)
    a = await rehearse(script, catalog=catalog)
    b = await rehearse(script, catalog=catalog)
    assert _transcript(a.interview.session) == _transcript(b.interview.session)
    assert [q.model_dump() for q in a.interview.session.questions] == [q.model_dump() for q in b.interview.session.questions]
    # the session id (and so the report's) carries the wall-clock second it started: not an input of the agent
    assert a.report.model_dump(exclude={"created", "session_id"}) == b.report.model_dump(exclude={"created", "session_id"})


def test_next_move_is_a_function_of_session_and_time(behavioral) -> None:
    persona, rubric = behavioral
    agent, s = hand_built(persona, rubric, {"situation": 2, "result": 1})
    copy = s.model_copy(deep=True)
    m1 = agent.next_move(s, 120.0)
    m2 = Agent(persona, rubric).next_move(copy, 120.0)
    assert m1 == m2 and m1.kind == "followup" and m1.dimension == "actions"
    # time is an input too: the same state past the question's budget moves on instead
    late = Agent(persona, rubric).next_move(s.model_copy(deep=True), s.questions[0].budget_seconds + 1)
    assert (late.kind, late.reason) == ("question", "time")


_LEAKS = [re.compile(r"\d\s*/\s*4"), re.compile(r"\bscor\w*", re.I), re.compile(r"\brubric\w*", re.I), re.compile(r"\blevels?\b", re.I)]

_PERSONA_ANSWERS = {
    "behavioral": [WARMUP, STORY, "I don't remember.", "", "What is the team like?"],
    "recruiter": [
        "I'm a data engineer with five years of experience, most recently at a logistics startup.",
        "I'm excited about your platform team because I want to build tooling for other engineers.",
        "Based on my research the market range is 150 to 170k base, and I'm flexible on the mix.",
        "Could you share the band for this role?",
    ],
    "system-design": [
        "I'd clarify requirements first: 100 million users, reads dominate writes 100 to 1, p99 under 50 ms.",
        "A load balancer in front of stateless servers, a Redis cache for hot reads, and Postgres sharded by user id.",
        "The trade-off is consistency versus latency because async replication can serve stale data.",
    ],
    "ml-system-design": [
        "I'd optimise recall at a fixed precision because fraud is rare, and track loss in dollars online.",
        "Labels come from chargebacks, which arrive weeks late, so I'd use a delayed training window.",
        "Serving must stay within 50 ms, so a gradient boosted model with a feature store for velocity features.",
    ],
}


def _leaks(text: str, bank: list[str]) -> list[str]:
    for q in bank:  # the question bank's own words are the persona's, quoted verbatim; they are checked separately
        text = text.replace(q, "")
    return [m.group(0) for rx in _LEAKS for m in rx.finditer(text)]


@pytest.mark.parametrize("persona_id", ["behavioral", "recruiter", "system-design", "ml-system-design"])
async def test_interviewer_never_mentions_scores(catalog: Catalog, persona_id: str, calibration_answers_if_any) -> None:
    texts = list(_PERSONA_ANSWERS[persona_id])
    texts += [i["answer"] for i in calibration_answers_if_any if i["persona"] == persona_id]
    answers = [ScriptAnswer(seconds=45 + 53 * (i % 7), text=t) for i, t in enumerate(texts * 3)]
    result = await rehearse(RehearsalScript(persona=persona_id, answers=answers), catalog=catalog)
    s = result.interview.session
    persona = catalog.persona(persona_id)
    bank = [q.text for q in persona.questions]
    facts = list(persona.facts.values())  # the persona's own words about the role and process, said verbatim
    said = [t for t in s.turns if t.role == "interviewer"]
    kinds = {t.move.kind for t in said}
    assert {"opening", "followup", "close"} <= kinds  # the run exercised the talkative moves
    assert any(t.assessment and t.assessment.dimensions for t in s.turns)  # there were scores to leak
    for t in said:
        assert not _leaks(t.text, bank + facts), (t.move.kind, t.text)
    # the persona's fixed lines carry no scoring talk either (a question about a *job* level is fine)
    for line in [persona.opening, persona.closing, persona.warmup or ""]:
        assert not _leaks(line, []), line
    for q in bank:
        assert not re.search(r"\d\s*/\s*4|\bscor|\brubric", q, re.I), q


# --------------------------------------------------------------------------- resume after a crash


class Crash(RuntimeError):
    """The process dies in the middle of a turn (after the answer is saved, before the judge returns)."""


async def test_recover_continues_a_session_that_died_after_the_answer(catalog: Catalog, tmp_path) -> None:
    store = SessionStore(tmp_path / "data")
    levels = {"situation": 3, "task_ownership": 3, "actions": 3, "result": 1, "reflection": 3}
    iv, clock = new_interview(catalog, judge=ScriptedJudge({}, Crash("killed")), store=store)
    await to_first_question(iv, clock)
    clock.advance(150)
    with pytest.raises(Crash):
        await iv.answer(STORY)

    saved = store.load(iv.session.id)  # what a new process finds on disk
    last = saved.turns[-1]
    # the answer is on disk, with the offline judge's instant reading standing in for the judge's (provisional)
    assert last.role == "candidate" and last.text == STORY and (last.assessment is None or last.assessment.provisional)
    assert last.at == 210 and last.seconds == 150
    n = len(saved.turns)

    judge = ScriptedJudge(levels)
    iv2 = Interview.resume(catalog, saved, store=store, clock=FakeClock(last.at), judge=judge)
    r = await iv2.recover()
    m = move_of(r)
    assert (m.kind, m.dimension) == ("followup", "result")
    assert judge.calls == [(STORY, [*STAR, "communication"])]  # the saved answer was assessed, once

    again = store.load(iv.session.id)
    assert len(again.turns) == n + 1
    cand = again.turns[n - 1]
    assert cand.role == "candidate" and cand.text == STORY
    assert cand.assessment is not None and cand.assessment.level("result") == 1
    assert again.turns[-1].role == "interviewer" and again.turns[-1].move == m
    assert [t.role for t in again.turns].count("candidate") == 2  # the warm-up and the story, no duplicate

    # the resumed interview goes on to the end and the answer counts in the report
    r = await say(iv2, iv2.clock, "We cut the error rate by 40% in two weeks.", 60)
    await iv2.end()
    report = grade(iv2.session, iv2.persona, iv2.rubric)
    assert {d.id for d in report.dimensions} >= set(STAR)


async def test_recover_an_empty_answer_that_was_never_assessed(catalog: Catalog, tmp_path) -> None:
    store = SessionStore(tmp_path / "data")
    iv, clock = new_interview(catalog, judge=ScriptedJudge(default={}), store=store)
    await to_first_question(iv, clock)
    iv.session.turns.append(Turn(index=len(iv.session.turns), role="candidate", text="", at=100.0, question_index=0))
    store.save(iv.session)
    saved = store.load(iv.session.id)
    iv2 = Interview.resume(catalog, saved, store=store, clock=FakeClock(100.0), judge=ScriptedJudge(default={}))
    r = await iv2.recover()
    assert move_of(r).kind == "reprompt"
    assert store.load(saved.id).turns[-2].assessment.flags == ["empty"]


async def test_recover_without_a_pending_answer_adds_nothing(catalog: Catalog, tmp_path) -> None:
    store = SessionStore(tmp_path / "data")
    iv, clock = new_interview(catalog, judge=ScriptedJudge(default={}), store=store)
    await to_first_question(iv, clock)
    saved = store.load(iv.session.id)
    iv2 = Interview.resume(catalog, saved, store=store, clock=FakeClock(saved.turns[-1].at))
    r = await iv2.recover()
    assert r.turn == saved.turns[-1]
    assert len(store.load(saved.id).turns) == len(saved.turns)
    assert iv2.awaiting_reply


async def test_recruiter_closing_questions_are_scored(catalog: Catalog) -> None:
    """At the wrap-up, questions for the interviewer are the answer, not a deflection."""
    answers = [
        ScriptAnswer(seconds=600, text="I'm an ML engineer with six years of experience; I own our fraud model serving and cut p99 latency by 60%."),
        ScriptAnswer(seconds=900, text="I want to work on experimentation infrastructure because that is where I can grow."),
        ScriptAnswer(seconds=60, text="What would success look like in the first six months? And how does the team plan its roadmap?"),
    ]
    res = await rehearse(RehearsalScript(persona="recruiter", minutes=20, answers=answers), catalog=catalog)
    assert res.interview.session.turns[-1].move.kind == "close"
    ids = {d.id: d.score for d in res.report.dimensions}
    assert "questions_for_interviewer" not in res.report.not_assessed
    assert ids["questions_for_interviewer"] >= 3


async def test_sending_the_same_answer_again_after_a_failed_reply_does_not_duplicate_it(catalog: Catalog, tmp_path) -> None:
    store = SessionStore(tmp_path / "data")
    levels = {"situation": 3, "task_ownership": 3, "actions": 3, "result": 1, "reflection": 3}
    iv, clock = new_interview(catalog, judge=ScriptedJudge({}, Crash("reply failed")), store=store)
    await to_first_question(iv, clock)
    clock.advance(150)
    with pytest.raises(Crash):
        await iv.answer(STORY)
    iv.judge = ScriptedJudge(levels)
    r = await iv.answer(STORY)  # the UI sends the same text again
    assert move_of(r).kind == "followup"
    roles = [t.role for t in store.load(iv.session.id).turns]
    assert roles.count("candidate") == 2 and roles[-2:] == ["candidate", "interviewer"]
