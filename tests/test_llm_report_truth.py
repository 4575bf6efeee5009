"""A report graded by a model goes through the same truth checks as an offline one (issue 7, "Reports"): each quote
once, under the dimension it evidences, only what the candidate said, and no "no evidence" beside a 3 or a quote.
Run against the real fake OpenAI server, with a model reply written for this test."""

from __future__ import annotations

import asyncio
import json
import os
import re

import pytest

from interviewer import engines, services
from interviewer.config import Settings
from interviewer.report.render import render
from tests.fakeopenai import FakeOpenAI
from tests.llm_helpers import interview_responder, judge_reply, role_of

os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")

SITUATION = "Last spring our checkout service was timing out for about 8% of users during a holiday sale."
OWNER = "I was the on-call engineer and the fix was mine to own."
ACTION = (
    "I traced the timeouts to a connection pool that was capped at ten connections, raised the cap and added a "
    "circuit breaker around the payment provider."
)
RESULT = "Timeouts dropped to 0.3% within an hour and the sale finished without another incident."
LESSON = "Since then I load-test connection limits before every big sale."
STORY = " ".join([SITUATION, OWNER, ACTION, RESULT, LESSON])
NEVER_SAID = "I single-handedly rewrote the whole payments platform in a weekend."

# what the fake model says of each dimension: (score, quotes, feedback)
GRADES = {
    "situation": (3, [], "The context is clear."),
    "task_ownership": (3, [OWNER, ACTION], "Your part is explicit."),
    "actions": (4, [NEVER_SAID, ACTION], "Specific, technical actions."),
    "result": (3, [SITUATION], "A measured outcome."),  # the situation sentence, under the wrong dimension
    "reflection": (3, [LESSON], "No evidence yet of reflection. Say what you would do differently next time."),
    "communication": (3, [], "Easy to follow, in order."),
}


def _grading(req: dict) -> str:
    text = req["messages"][-1]["content"]
    one_call = re.search(r"Dimensions to grade: (.*)", text)
    if one_call:
        ids = [d.strip() for d in one_call.group(1).split(",")]
        return json.dumps({"dimensions": [
            {"id": d, "score": GRADES[d][0], "evidence": GRADES[d][1], "feedback": GRADES[d][2]} for d in ids
        ]})
    dim = re.search(r"\(([a-z_]+)\), using its level descriptors", text).group(1)  # type: ignore[union-attr]
    score, quotes, feedback = GRADES[dim]
    return json.dumps({"score": score, "evidence": quotes, "feedback": feedback, "what_a_4_looks_like": ""})


def _responder(req):
    role = role_of(req)
    if role == "judge":
        return json.dumps(judge_reply(req, level=3))
    if role == "grader":
        return _grading(req)
    return interview_responder(req)


@pytest.fixture(scope="module")
def report():
    srv = FakeOpenAI(default=_responder).start()
    try:
        eng = engines.select(settings=Settings(model="openai/fake-model", api_base=srv.url, timeout=5.0))
        report, _ = asyncio.run(services.review_async(STORY, judge=eng["judge"], grader=eng["grader"]))
    finally:
        srv.stop()
    assert report.engine == eng["grader"].name  # graded by the model, every dimension
    return report


def test_a_model_graded_report_passes_the_same_truth_checks(report) -> None:
    dims = {d.id: d for d in report.dimensions}
    assert {d: dims[d].score for d in GRADES if d in dims} == {d: g[0] for d, g in GRADES.items() if d in dims}
    # a quote the candidate never said is not shown, and is counted
    assert all(NEVER_SAID not in d.evidence for d in report.dimensions)
    assert report.dropped_quotes >= 1 and NEVER_SAID not in render(report, "md")
    # each quote once, wherever the model put it
    shown = [q for d in report.dimensions for q in d.evidence]
    assert len(shown) == len(set(shown)), shown
    assert shown.count(ACTION) == 1
    # the situation sentence is not a result: it moves under the situation, which the model graded with no quote
    assert SITUATION not in dims["result"].evidence
    assert SITUATION in dims["situation"].evidence
    # no "no evidence" beside a 3 and a quote; the advice beside it stays
    assert LESSON in dims["reflection"].evidence
    assert not re.search(r"no evidence", dims["reflection"].feedback, re.I), dims["reflection"].feedback
    assert "Say what you would do differently next time." in dims["reflection"].feedback
    md = render(report, "md")
    assert not re.search(r"no evidence yet", md, re.I)


def test_the_checks_do_not_touch_a_model_graded_report_that_is_already_true(report) -> None:
    dims = {d.id: d for d in report.dimensions}
    assert dims["actions"].feedback == "Specific, technical actions."
    assert dims["communication"].feedback == "Easy to follow, in order."
    assert OWNER in dims["task_ownership"].evidence
