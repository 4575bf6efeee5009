"""A recruiter report says what the answer shows, even when the answer uses none of the key points' words: a plain,
dated career arc is evidence of a narrative (partial, not "no evidence"), "a good salary" names compensation although
"a good team" beside it says nothing, and "pick up new skills" is a reason for moving, if a vague one. Answers written
for these tests."""

from __future__ import annotations

from interviewer import services

BACKGROUND = "Walk me through your background and why you're interested in this role."
WHY_LEAVING = "What's prompting you to look for a new role at this point?"
LOOKING_FOR = "What are you looking for in your next role, and what would make you say yes to an offer?"

PLAIN_ARC = (
    "I studied physics, then joined a logistics company as an analyst for three years. After that I spent two years "
    "at a fintech startup building fraud models, and since last spring I have been at a retailer as an ML engineer. "
    "This job is an ML engineering job, so it fits."
)
NO_ARC = (
    "I am a hard worker and I love technology. Teamwork is very important to me and I always try to learn. People "
    "say I am easy to work with."
)
VAGUE_GROWTH = (
    "Honestly I've been doing the same kind of work for a few years and I want a fresh challenge where I can pick up "
    "new skills."
)
NO_REASON = "It's just time, I guess. Nothing in particular."
GOOD_TEAM_AND_PAY = "Mostly a good team, interesting problems, and a fair salary for the level."
PLATITUDE_ONLY = "A good team is what matters most in any job."


def _dim(answer: str, question: str, dim: str):
    report, _ = services.review(answer, persona_id="recruiter", question=question)
    return next(d for d in report.dimensions if d.id == dim), report


def test_a_plain_career_arc_is_partial_evidence_not_none() -> None:
    d, _ = _dim(PLAIN_ARC, BACKGROUND, "career_narrative")
    assert d.score == 2
    assert d.evidence and all(q in PLAIN_ARC for q in d.evidence)
    assert "no evidence" not in d.feedback.lower()
    none, _ = _dim(NO_ARC, BACKGROUND, "career_narrative")
    assert none.score == 1  # traits and platitudes are no history


def test_a_vague_growth_reason_is_a_reason() -> None:
    d, _ = _dim(VAGUE_GROWTH, WHY_LEAVING, "motivation")
    assert d.score == 2 and d.evidence
    assert "give one concrete, honest reason" not in d.feedback
    none, _ = _dim(NO_REASON, WHY_LEAVING, "motivation")
    assert none.score == 1


def test_pay_beside_a_platitude_is_still_said() -> None:
    """The platitude is read per clause: "a good team" shows nothing, "a fair salary" in the next clause is said."""
    _, report = _dim(GOOD_TEAM_AND_PAY, LOOKING_FOR, "role_fit")
    missing = " ".join(report.questions[0].missing)
    assert "decision criteria" in missing and "practical conditions" not in missing
    _, alone = _dim(PLATITUDE_ONLY, LOOKING_FOR, "role_fit")
    assert any("decision criteria" in m for m in alone.questions[0].missing)  # "what matters most" in a platitude


LIFE_STORY = (
    "I grew up by the sea and got my first computer at twelve. I studied mechanical engineering because my parents "
    "wanted me to, then spent a year at a bicycle maker, travelled for a while, did a bootcamp and now work at a bank."
)
REASON_TO_MOVE = (
    "I've spent four years on search ranking at a travel site. I'm looking now because my team was merged into a "
    "platform group, and I want to keep working on ranking models close to the product."
)


def test_a_reason_for_a_degree_is_not_a_reason_for_this_role() -> None:
    """'Because my parents wanted me to' explains a degree in a life story; it is not motivation for the role (a long
    life story with no reason for wanting the job read Motivation 3/4). The detector reads a reason only when its
    clause is about work: the role, the team, a move, what the candidate wants to do."""
    from interviewer.catalog import default_catalog
    from interviewer.judges.offline.judge import build_context

    cat = default_catalog()
    rubric = cat.rubric_for(cat.persona("recruiter"))
    dim = next(d for d in rubric.dimensions if d.id == "motivation")
    life = build_context(LIFE_STORY, rubric).detect(dim.detector, dim)
    moving = build_context(REASON_TO_MOVE, rubric).detect(dim.detector, dim)
    assert life.level == 1 and not life.hits, life
    assert moving.level >= 2 and any("because my team" in h.sent.low for h in moving.hits), moving
