"""Relevance in a recruiter screen when the question is in neither the bank nor the library (no key points to compare
with): a recruiter asks about you, so a long answer about the market, friends or companies in general, with next to
nothing about the candidate, does not answer it, however fluent. Answers written for these tests."""

from __future__ import annotations

import pytest

from interviewer import services
from interviewer.catalog import default_catalog
from interviewer.judges.offline.closest import closest_reference

QUESTION = "How are things going with your other applications?"

MARKET_RAMBLE = (
    "Searching is strange these days. Five years ago every company seemed to be hiring and recruiters wrote to "
    "everyone constantly. Now postings collect hundreds of applicants in a day and a lot of them are closed again "
    "before anyone is interviewed. Friends of mine say it takes months to land anything, and contracting has become "
    "the default for many of them. Some say the big firms are waiting to see what AI does to headcount. It is what it "
    "is, and everyone is cautious."
)
DIRECT = (
    "Slowly, on purpose. I applied to six teams, all doing ranking or search, and I'm at the onsite stage with one. I "
    "turned down two screens because the roles were mostly dashboards. My notice is four weeks, so I'd like to decide "
    "by the end of next month. This one is near the top of my list because of the on-device work."
)
ABOUT_THE_TEAM = (
    "Most of the attention has gone to teams like yours. Your ranking team wrote the post on distilling the "
    "cross-encoder, and this role owns that serving path, which is the work I have been doing for two years. The other "
    "processes are at earlier stages and are less specific to search. If the timeline works, you're the first choice."
)
FACTS_WITHOUT_I = (
    "Two other processes are live. One is a payments company, at the final round next Thursday, for a ranking role. "
    "The other is a health startup, after a first call, for a data platform role. Neither has made an offer. The "
    "notice period at the current job is four weeks, so a start in early March works. Relocation is not needed for "
    "either."
)


def _review(answer: str):
    report, _ = services.review(answer, persona_id="recruiter", question=QUESTION)
    return report, {f for q in report.questions for f in q.flags}


def test_the_question_has_no_key_points() -> None:
    """The rule is for the generic path: with key points, relevance is read from them."""
    assert closest_reference(default_catalog().persona("recruiter"), QUESTION).question is None


def test_an_answer_about_the_market_is_off_topic() -> None:
    report, flags = _review(MARKET_RAMBLE)
    assert "off_topic" in flags
    assert report.overall <= 1.5
    direct, _ = _review(DIRECT)
    assert direct.overall >= report.overall + 1.0


@pytest.mark.parametrize("answer", [DIRECT, ABOUT_THE_TEAM, FACTS_WITHOUT_I], ids=["direct", "about-the-team", "facts-without-I"])
def test_answers_about_the_candidate_or_the_role_are_not(answer: str) -> None:
    """Facts about the candidate's situation count without "I"; so does talking about this team and role."""
    report, flags = _review(answer)
    assert "off_topic" not in flags
    assert report.overall >= 2.5


def test_the_report_says_why() -> None:
    from interviewer.report.render import render

    report, _ = _review(MARKET_RAMBLE)
    md = render(report, "md")
    assert "not about you" in md
    assert "(“How are things going" not in md.split("## Scores by dimension")[1]  # the question is named once, above


# --------------------------------------------------------------------------- the dimensions a free-text question asks


TERSE_FACTS = "Two processes. One final round next week, one first call. Notice is four weeks. No offers yet."


def test_a_logistics_question_is_read_for_logistics_only() -> None:
    """A question about other applications does not ask for a career story: the short factual answer is not marked
    down for career narrative, motivation and role fit it was never asked about."""
    report, _ = _review(TERSE_FACTS)
    assert {d.id for d in report.dimensions} == {"logistics_compensation", "concision"}
    assert {d.id: d.score for d in report.dimensions}["logistics_compensation"] >= 3


def test_a_question_that_names_no_dimension_is_read_for_all() -> None:
    report, _ = services.review(DIRECT, persona_id="recruiter", question="Tell me about the last team you were on.")
    assert {"career_narrative", "motivation", "role_fit", "logistics_compensation"} <= {d.id for d in report.dimensions}


def test_a_why_question_is_read_for_motivation() -> None:
    answer = (
        "Because the team ships ranking models to phones, and on-device inference is what I've spent two years on. "
        "I want to own a model from training to the app, which I can't do where I am."
    )
    report, _ = services.review(answer, persona_id="recruiter", question="What pulls you towards on-device work, and why now?")
    assert "motivation" in {d.id for d in report.dimensions}
    assert "logistics_compensation" not in {d.id for d in report.dimensions}
