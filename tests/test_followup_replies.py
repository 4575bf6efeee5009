"""A reply to a follow-up answers the probe, not the main question's wording: it is never called off-topic or "no
story" against the main question (a real rehearsal's report read "did not address its question" for a short reply to
"What options did you consider?")."""

from __future__ import annotations

from interviewer.catalog import default_catalog
from interviewer.services import RehearsalScript, ScriptAnswer, rehearse

STORY = (
    "Last spring a partner launch moved up by three weeks, and the ETA model for the new city had to be live on day "
    "one. It was my model, so the cut was my call. I ranked the six planned features by expected error reduction and "
    "kept the two that gave most of the gain. We launched on time with p90 error at 7 minutes, and I learned to rank "
    "scope by measured impact early."
)
HABIT = (
    "Honestly I think incidents are mostly about staying calm. I always try to follow the runbook and communicate a "
    "lot with the team, and usually we figure it out together pretty quickly."
)


async def _rehearse(*after: ScriptAnswer):
    """A behavioral rehearsal: warm-up, a story, the habits-only answer, then ``after``."""
    opening = [
        ScriptAnswer(seconds=30, text="I'm an ML engineer at a delivery company; I own the ETA model."),
        ScriptAnswer(seconds=120, text=STORY),
        ScriptAnswer(seconds=60, text=HABIT),
    ]
    return await rehearse(RehearsalScript(persona="behavioral", answers=[*opening, *after]), catalog=default_catalog())


async def test_a_short_reply_to_a_follow_up_is_not_off_topic() -> None:
    result = await _rehearse(
        ScriptAnswer(seconds=20, text="Not really, it was a team effort."), ScriptAnswer(seconds=20, text="Not really.")
    )
    s = result.interview.session
    replies = [t for t in s.turns if t.role == "candidate" and t.question_index is not None and t.assessment]
    first = {}
    for t in replies:
        first.setdefault(t.question_index, t)
    follow_ups = [t for t in replies if first[t.question_index] is not t]
    assert follow_ups, "the weak answer drew a follow-up"
    for t in follow_ups:
        assert "off_topic" not in t.assessment.flags and "no_story" not in t.assessment.flags, (t.text, t.assessment.flags)
    habit = next(t for t in replies if t.text.startswith("Honestly"))
    assert "no_story" in habit.assessment.flags and "off_topic" not in habit.assessment.flags


async def test_an_answer_with_no_story_is_asked_for_one_specific_time() -> None:
    from interviewer.engine.agent import SPECIFIC_STORY_PROBE

    result = await _rehearse(ScriptAnswer(seconds=120, text=STORY))
    turns = result.interview.session.turns
    i = next(k for k, t in enumerate(turns) if t.role == "candidate" and t.text.startswith("Honestly"))
    move = next(t.move for t in turns[i + 1 :] if t.role == "interviewer")
    assert move.kind == "followup" and move.probe == SPECIFIC_STORY_PROBE
