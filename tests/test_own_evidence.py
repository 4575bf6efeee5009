"""A dimension with no evidence of its own is not lifted by what the answer covers for the other dimensions: a case
answer that proposes solutions but asks nothing read "Clarifying questions 2/4 (partial)". Key points are assigned to
the dimension they are about; when the answer says none of a dimension's key points and its detector finds nothing,
the dimension stays at 1 and the report says what is missing. Answers written for these tests."""

from __future__ import annotations

from interviewer import services

MUSIC = "How would you improve the recommendations of a music streaming app?"

NO_QUESTIONS = (
    "I'd build a session-based recommender that looks at the last few songs and mixes in tracks from artists the "
    "listener has not heard yet, and I'd add a mood filter on the home screen. Both are cheap to try and the first one "
    "probably matters more."
)
ASKS_FIRST = (
    "Before I propose anything, can I ask which surface we mean, the home screen or the radio, and is the goal more "
    "listening time or fewer skips? Assuming it's the home screen, I'd build a session-based recommender that mixes "
    "in artists the listener has not heard yet."
)
TRACKS_A_METRIC = "To see whether it works I'd track the number of songs played per user, before and after."


def _dims(answer: str) -> dict:
    report, _ = services.review(answer, persona_id="case-study", question=MUSIC)
    return {d.id: d for d in report.dimensions}


def test_no_question_asked_is_no_evidence_of_clarifying() -> None:
    dims = _dims(NO_QUESTIONS)
    assert dims["clarifying"].score == 1
    assert "ask what" in dims["clarifying"].feedback.lower()
    assert dims["solutions"].score >= 2  # what was said still counts where it belongs


def test_a_clarifying_question_is_evidence() -> None:
    assert _dims(ASKS_FIRST)["clarifying"].score >= 2


def test_tracking_a_count_per_user_is_a_metric() -> None:
    metrics = _dims(TRACKS_A_METRIC)["success_metrics"]
    assert metrics.score >= 2 and metrics.evidence
    assert "name a primary metric" not in metrics.feedback.lower()  # it was named: the advice is what comes next
