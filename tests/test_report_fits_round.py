"""The words around the scores fit what happened in the round. Answers written for these tests.

- The closing praises the conversation ("a good discussion, I appreciated how you talked through your thinking") only
  when the round gave it something to praise: after "I don't know" and nonsense it thanks the candidate for their time.
- "Every dimension scored 1/4: none stood out" is said only when it is true of the numbers printed beside it: a 1/4
  with a mean of 1.5 shown beside it stood out above a 1/4 with no mean.
- A round where no planned question got an answer says so once, not "on the answers you gave", and does not list
  the same reason once per question.
- A short off-topic reply is not said to have earned nothing "however long it was".
"""

from __future__ import annotations

import asyncio

import pytest

from interviewer.catalog import Catalog
from interviewer.models import DimensionScore, Report, Session
from interviewer.report.ranking import strengths_and_improvements
from interviewer.report.render import render
from interviewer.report.summary import summarise
from interviewer.services import RehearsalScript, ScriptAnswer, rehearse

_URL_SHORTENER = (
    "First the requirements: create a short link, redirect, optional custom alias and expiry; reads outnumber writes "
    "about a hundred to one. At 100 million new links a month that is about 40 writes a second and 4,000 redirects a "
    "second at peak, and five years of links at 500 bytes each is about 3 TB. The API is POST /links with the long URL "
    "returning the code, and GET /{code} answering with a 302 so we keep click analytics. Codes come from a counter "
    "service that hands out ranges to each app server, encoded in base62, so there are no collisions. The table is "
    "keyed by code in a replicated key-value store, and a Redis cache in front serves the hot codes, since a small "
    "share of links gets most clicks. If the cache fails we fall back to the store; we alert on p99 redirect latency "
    "and the error rate, and rate-limit link creation per user to stop abuse."
)
_NEWS_FEED = (
    "I'd clarify first: chronological or ranked, and how fresh. Say 200 million daily users reading the feed ten times "
    "a day, about 20,000 feed reads a second. On write, a post goes to a queue and fan-out workers push its id into "
    "each follower's precomputed feed list in Redis, capped at a few hundred ids. For accounts with millions of "
    "followers I skip fan-out and merge their recent posts at read time, a hybrid. Reads page with a cursor over the "
    "cached list and hydrate posts from the post store. The trade-off is write amplification against read latency. "
    "I'd watch the fan-out queue backlog and serve a degraded chronological feed from the post store if the cache is down."
)


def _rehearse(catalog: Catalog, persona: str, answers: list[tuple[str, str]]):
    script = RehearsalScript(persona=persona, answers=[ScriptAnswer(question=q, seconds=120, text=t) for q, t in answers])
    return asyncio.run(rehearse(script, catalog=catalog))


def _closing(result) -> str:
    return [t.text for t in result.interview.session.turns if t.role == "interviewer"][-1]


# --------------------------------------------------------------------------- 1. the closing fits the round


def test_the_design_closing_does_not_praise_a_round_of_non_answers(catalog: Catalog) -> None:
    result = _rehearse(catalog, "system-design", [
        ("url-shortener", "I don't know, I've never designed anything like that."),
        ("news-feed", "No idea, sorry, I haven't worked on feeds."),
        ("wrapup", "No questions."),
    ])
    closing = _closing(result)
    assert "good discussion" not in closing and "appreciated" not in closing, closing
    assert closing.startswith("Thank you for your time.") and "written feedback on the design round" in closing, closing


def test_the_design_closing_keeps_its_praise_after_real_answers(catalog: Catalog) -> None:
    result = _rehearse(catalog, "system-design", [
        ("url-shortener", _URL_SHORTENER),
        ("news-feed", _NEWS_FEED),
        ("wrapup", "No questions from me, thanks."),
    ])
    closing = _closing(result)
    assert "a good discussion" in closing and "written feedback on the design round" in closing, closing


def test_a_recruiter_closing_is_not_really_helpful_after_evasions(catalog: Catalog) -> None:
    result = _rehearse(catalog, "recruiter", [
        ("background-why", "I'd rather not go into that."),
        ("why-leaving", "No comment."),
        ("looking-for", "Not sure really."),
        ("salary-expectations", "I don't know."),
        ("timeline-notice", "No idea."),
        ("wrapup", "No."),
    ])
    closing = _closing(result)
    assert "helpful" not in closing, closing
    assert "I'll share my notes with the hiring manager" in closing, closing


# --------------------------------------------------------------------------- 2. "every dimension" is true of the numbers


def _dim(i: int, name: str, score: int, mean: float | None = None) -> DimensionScore:
    return DimensionScore(id=f"d{i}", name=name, weight=1.0, score=score, mean=mean,
                          evidence=[], what_a_4_looks_like=f"More {name}.")


def _report(dims: list[DimensionScore], overall: float) -> Report:
    return Report(persona="p", round="r", rubric="r", engine="offline", created="", overall=overall,
                  recommendation="No Hire", dimensions=dims, improvements=[f"{d.name} ({d.score}/4): x" for d in dims])


def test_every_dimension_at_one_is_not_said_when_their_means_differ() -> None:
    dims = [_dim(0, "Correctness", 1, 1.5), _dim(1, "Mechanism", 1), _dim(2, "Trade-offs", 1, 1.33), _dim(3, "Application", 1)]
    text = summarise(_report(dims, 1.21), Session(id="s", persona_id="p", rubric_id="r", created="", minutes=45))
    assert "Every dimension" not in text and "none stood out" not in text, text
    # the gaps named are the lowest numbers printed: the two 1/4 without a higher mean beside them
    assert "The biggest gaps were mechanism and application" in text, text
    _, improvements = strengths_and_improvements(dims, {})
    assert [i.split(" (")[0] for i in improvements] == ["Mechanism", "Application", "Trade-offs"], improvements


def test_every_dimension_is_said_when_the_numbers_are_the_same() -> None:
    dims = [_dim(0, "Correctness", 2, 2.33), _dim(1, "Mechanism", 2, 2.33)]
    text = summarise(_report(dims, 2.33), Session(id="s", persona_id="p", rubric_id="r", created="", minutes=45))
    assert "Both dimensions scored 2/4: none stood out" in text, text


# --------------------------------------------------------------------------- 3. a round with no answer at all


def test_a_round_without_one_answer_says_so_once(catalog: Catalog) -> None:
    result = _rehearse(catalog, "behavioral", [
        ("warmup", "I'm a backend engineer, mostly payments."),
        ("tight-deadline", "I don't know."),
        ("production-incident", "I'd rather not say."),
        ("influence-without-authority", "Not sure."),
        ("own-mistake", "No idea, sorry."),
        ("wrapup", "No."),
    ])
    report = result.report
    c = report.completeness
    assert c is not None and c.answered == 0 and c.planned == len(c.no_answer), c
    summary = report.summary
    assert "on the answers you gave" not in summary and "none stood out" not in summary, summary
    assert f"None of the {c.planned} planned questions got an answer" in summary, summary
    assert summary.count("you said you did not know") == 1, summary  # the same reason, said once
    assert "each time: you said you did not know or would rather not say" in summary, summary
    assert "there is not enough evidence for a verdict" in summary


def test_one_unanswered_question_is_it_not_they(catalog: Catalog) -> None:
    result = _rehearse(catalog, "system-design", [
        ("url-shortener", "I don't know."),
        ("news-feed", _NEWS_FEED),
        ("wrapup", "No questions."),
    ])
    md = render(result.report, "md")
    assert "so it counts as unanswered" in md and "they count" not in md, md


# --------------------------------------------------------------------------- 4. "however long" only of a long answer


def test_a_short_off_topic_reply_is_not_called_long(catalog: Catalog) -> None:
    result = _rehearse(catalog, "system-design", [
        ("url-shortener", _URL_SHORTENER),
        ("news-feed", "I went hiking with my dog on Sunday and the weather was lovely."),
        ("wrapup", "No questions."),
    ])
    report = result.report
    flags = [f for q in report.questions for f in q.flags]
    assert "off_topic" in flags, report.questions  # the judge's reading, which this test is about the words of
    md, html = render(report, "md"), render(report, "html")
    for text in (report.summary, md, html):
        assert "however long" not in text, text
    assert "did not address its question" in report.summary


# --------------------------------------------------------------------------- 5. a 1 on the mean is not "no evidence"

_L1_L2_WITH_CHOICE = (
    "L1 adds the absolute values of the weights to the loss. Because its gradient has constant size, it pushes small "
    "weights all the way to zero, so you get a sparse model that does feature selection. L2 adds the squared weights; "
    "the push shrinks as the weight shrinks, so weights get small but rarely exactly zero, and correlated features "
    "share the weight. I use L1 when I suspect most of many features are noise, L2 as a default for stability, and "
    "elastic net when features are correlated. In the escalation model I tuned the L2 strength on a validation set."
)


@pytest.fixture
def depth(catalog: Catalog):
    return _rehearse(catalog, "ml-depth", [
        ("warmup", "I trained a model that predicts which support tickets will escalate."),
        ("l1-vs-l2", _L1_L2_WITH_CHOICE),
        ("dropout", "Dropout randomly turns off some neurons during training so the network doesn't rely too much on "
                    "any single one. At inference you use all of them. It's a kind of regularisation, like weight decay."),
        ("dropout", "I don't know."),
        ("early-stopping", "I think it's kind of when you stop training early, basically, to be honest I usually just "
                           "use whatever the default is."),
        ("class-imbalance", "No idea, I have never had that problem."),
        ("wrapup", "What does the team work on day to day?"),
    ])


def test_a_one_with_a_higher_answer_is_little_evidence_not_none(depth) -> None:
    report = depth.report
    tradeoffs = next(d for d in report.dimensions if d.id == "tradeoffs")
    by_question = tradeoffs.feedback.split("By question:")[-1]
    assert tradeoffs.score == 1 and tradeoffs.mean is not None and tradeoffs.mean > 1, tradeoffs
    assert "3/4 on “Compare L1 and L2" in by_question, tradeoffs.feedback  # the judge's reading of the L1/L2 choice
    md, html = render(report, "md"), render(report, "html")
    section = md.split("### Trade-offs and when to use it")[1].split("###")[0]
    assert section.startswith(" · 1 / 4 (little evidence)"), section
    assert "Not yet shown" not in section and "No quotable evidence" not in section, section
    assert tradeoffs.feedback.startswith("Little evidence."), tradeoffs.feedback
    assert "no evidence" not in html.split("Trade-offs and when to use it")[1].split("</h3>")[0]


def test_the_summary_names_an_unanswered_question_once_and_joins_names_with_and(depth) -> None:
    summary = depth.report.summary
    assert summary.count("You're building a classifier") == 1, summary  # not again as "was a non-answer"
    assert "you said you did not know or would rather not say" in summary
    gaps = summary.split("The biggest gaps were ")[1].split(";")[0]
    assert gaps.startswith("trade-offs and when to use it, and "), summary  # not "… to use it and depth of …"
