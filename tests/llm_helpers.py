"""A responder for the fake OpenAI server that plays every role of the interview engine plausibly.

It reads the request the engine actually sent (the judge, grader, voice or preflight prompt) and answers in the
shape that role expects, quoting the candidate verbatim, so a whole interview can run through the real litellm code.
"""

from __future__ import annotations

import json
import re

VOICE_TEXT = "Thanks for that. Could you tell me a little more about what you did yourself?"
FAKE_KEY = "sk-test-FAKEKEY-9f8e7d6c5b4a3210"


def _user_text(request: dict) -> str:
    msgs = request.get("messages") or []
    users = [m.get("content") or "" for m in msgs if m.get("role") == "user"]
    return users[0] if users else ""


def _answers(text: str) -> list[str]:
    return [a.strip() for a in re.findall(r"<candidate_answer>\s*(.*?)\s*</candidate_answer>", text, re.S)]


def _quote(answer: str, words: int = 8) -> str:
    return " ".join(answer.split()[:words])


def role_of(request: dict) -> str:
    text = _user_text(request)
    if text.startswith("ROLE: the judge"):
        return "judge"
    if text.startswith("ROLE: the grader"):
        return "grader"
    if text.startswith("ROLE: the interviewer"):
        return "voice"
    if "Reply with the word OK" in text:
        return "preflight"
    if "role-playing a job candidate" in text:
        return "candidate"
    return "other"


def judge_reply(request: dict, level: int = 3) -> dict:
    text = _user_text(request)
    m = re.search(r"Dimensions to assess: (.*)", text)
    dims = [d.strip() for d in m.group(1).split(",")] if m else []
    answers = _answers(text)
    answer = answers[-1] if answers else ""
    return {
        "dimensions": [
            {"id": d, "present": True, "level": level, "quotes": [_quote(answer)] if answer else [], "missing": ""}
            for d in dims
        ],
        "flags": [],
    }


def grade_reply(request: dict, score: int = 3) -> dict:
    """A grading: one dimension's (``grade.j2``), or every dimension's in one call (``grade_all.j2``)."""
    text = _user_text(request)
    answers = _answers(text)
    m = re.search(r"Dimensions to grade: (.*)", text)
    if m:
        return {"dimensions": [
            {"id": d.strip(), "score": score, "evidence": [_quote(answers[0])] if answers else [],
             "feedback": "You gave concrete detail about your own actions."}
            for d in m.group(1).split(",")
        ]}
    return {
        "score": score,
        "evidence": [_quote(answers[0])] if answers else [],
        "feedback": "You gave concrete detail about your own actions.",
        "what_a_4_looks_like": "A 4 would add a measured result and what you changed afterwards.",
    }


def interview_responder(request: dict):
    """A callable reply spec for FakeOpenAI: judge/grader get schema-valid JSON, the voice gets a sentence."""
    role = role_of(request)
    if role == "judge":
        return json.dumps(judge_reply(request))
    if role == "grader":
        return json.dumps(grade_reply(request))
    if role == "preflight":
        return "OK"
    if role == "candidate":
        return "At my last company I owned the ranking service and cut p99 latency by 30% by adding a cache."
    return VOICE_TEXT


def reading_responder(rubric):
    """A fake model that reads the answer: its judge's levels and its grades are the offline judge's reading of the
    answers in the request (a grade is the best level any of them reaches on that dimension), so a strong answer
    gets better grades than a weak one. The voice and the other roles answer as ``interview_responder``."""
    from interviewer.judges.offline import OfflineJudge

    judge = OfflineJudge()

    def levels(answers: list[str], dims: list[str]) -> dict[str, int]:
        best = {d: 1 for d in dims}
        for a in answers:
            for d, ev in judge.assess(a, rubric, dims).dimensions.items():
                best[d] = max(best.get(d, 1), min(max(ev.level, 1), 4))
        return best

    def respond(request: dict):
        role = role_of(request)
        text = _user_text(request)
        answers = _answers(text)
        if role == "judge":
            out = judge_reply(request)
            read = levels(answers[-1:], [d["id"] for d in out["dimensions"]])
            for d in out["dimensions"]:
                d["level"] = read[d["id"]]
                d["present"] = d["level"] >= 2
            return json.dumps(out)
        if role == "grader":
            m = re.search(r"Dimensions to grade: (.*)", text)
            if m:  # every dimension in one call
                out = grade_reply(request)
                read = levels(answers, [d["id"] for d in out["dimensions"]])
                for d in out["dimensions"]:
                    d["score"] = read[d["id"]]
                return json.dumps(out)
            dim = re.search(r'\(([a-z_]+)\), using its level descriptors', text)
            return json.dumps(grade_reply(request, levels(answers, [dim.group(1)])[dim.group(1)] if dim else 1))
        return interview_responder(request)

    return respond
