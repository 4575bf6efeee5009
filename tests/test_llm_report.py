"""LLM reports are built the same way as offline ones: the model's per-dimension grades replace the score, quotes
and feedback, while the judge's notes and the best moments still shape strengths and improvements."""

from __future__ import annotations

import asyncio
import json
import os

from interviewer import engines, services
from interviewer.config import Settings
from tests.fakeopenai import FakeOpenAI
from tests.llm_helpers import grade_reply, interview_responder, judge_reply, role_of

os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")

ADVICE = "Say what you measured before and after the change."


def _responder(req):
    role = role_of(req)
    if role == "judge":
        out = judge_reply(req, level=2)
        for d in out["dimensions"]:
            d["missing"] = ADVICE
        return json.dumps(out)
    if role == "grader":
        return json.dumps(grade_reply(req, score=2))
    return interview_responder(req)


def test_llm_report_keeps_the_judges_notes_in_improvements():
    srv = FakeOpenAI(default=_responder).start()
    try:
        eng = engines.select(settings=Settings(model="openai/fake-model", api_base=srv.url, timeout=5.0))
        story = "At my last company I owned the billing pipeline. I rewrote the retry logic and cut failed payments by 30%."
        report, notices = asyncio.run(services.review_async(story, judge=eng["judge"], grader=eng["grader"]))
    finally:
        srv.stop()
    assert not notices and report.engine == eng["grader"].name
    assert report.dimensions and all(d.score == 2 for d in report.dimensions)  # the model's grades
    assert all(d.feedback == grade_reply({}, 2)["feedback"] for d in report.dimensions)
    # improvements carry the judge's advice, as offline reports do (they used to fall back to the generic "a 4 looks like")
    assert report.improvements and ADVICE in report.improvements[0]
    assert len({line.split(": ", 1)[1] for line in report.improvements}) == len(report.improvements)  # no advice twice


def test_grader_failures_keep_the_offline_grade_and_are_counted():
    def responder(req):
        if role_of(req) == "grader":
            from tests.fakeopenai import Reply

            return Reply.error(400, "bad request")
        return _responder(req)

    srv = FakeOpenAI(default=responder).start()
    try:
        eng = engines.select(settings=Settings(model="openai/fake-model", api_base=srv.url, timeout=5.0, retries=0))
        story = "At my last company I owned the billing pipeline. I rewrote the retry logic and cut failed payments by 30%."
        report, _ = asyncio.run(services.review_async(story, judge=eng["judge"], grader=eng["grader"]))
    finally:
        srv.stop()
    n = len(report.dimensions)
    assert report.engine == f"{eng['grader'].name} (offline for {n} dimension(s))"
    assert report.fallbacks.count == n and all(f.role == "grader" for f in report.fallbacks.turns)
