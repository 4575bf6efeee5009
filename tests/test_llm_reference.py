"""The LLM judge and grader read a question's key points and red flags as a reference, in their user message only.

They never go into the shared system prefix: the voice uses that prefix, and the interviewer must never reveal the
expected answer. Runs the real litellm code against the local fake OpenAI server.
"""

from __future__ import annotations

import asyncio
import os


from interviewer import engines, services
from interviewer.catalog import Catalog
from interviewer.config import Settings
from tests.fakeopenai import FakeOpenAI
from tests.llm_helpers import role_of

os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")

ANSWER = (
    "I would keep a counter per user in Redis, keyed by user id and API key, so every API server sees the same count. "
    "Each request does an atomic INCR and is rejected with HTTP 429 once the count passes the limit; the key expires "
    "every minute."
)


def _engine(srv: FakeOpenAI) -> dict:
    return engines.select(settings=Settings(model="openai/fake-model", api_base=srv.url, timeout=5.0, retries=1))


def _system(req: dict) -> str:
    return "\n".join(m.get("content") or "" for m in req["messages"] if m.get("role") == "system")


def _user(req: dict) -> str:
    return "\n".join(m.get("content") or "" for m in req["messages"] if m.get("role") != "system")


def test_judge_and_grader_get_the_reference_in_the_user_message_not_the_system_prefix(server, catalog: Catalog) -> None:
    persona = catalog.persona("system-design")
    question = next(q for q in persona.questions if q.id == "rate-limiter")
    assert question.key_points and question.red_flags
    eng = _engine(server)
    asyncio.run(services.review_async(ANSWER, persona_id=persona.id, question=question.text, catalog=catalog,
                                      judge=eng["judge"], grader=eng["grader"]))
    reqs = [r.json for r in server.completions if role_of(r.json) in ("judge", "grader")]
    assert {role_of(r) for r in reqs} == {"judge", "grader"}
    for req in reqs:
        user, system = _user(req), _system(req)
        assert question.key_points[0].text in user, role_of(req)
        assert question.red_flags[0].text in user
        assert "do not require all of them" in user.lower() and "credit other valid approaches" in user.lower()
        for kp in question.key_points:
            assert kp.text not in system
        for flag in question.red_flags:
            assert flag.text not in system


def test_the_voice_never_sees_the_reference(server, catalog: Catalog) -> None:
    persona = catalog.persona("system-design")
    script = services.RehearsalScript(persona=persona.id, answers=[services.ScriptAnswer(seconds=120, text=ANSWER)] * 3)
    asyncio.run(services.rehearse(script, catalog=catalog, **_engine(server)))
    voice = [r.json for r in server.completions if role_of(r.json) == "voice"]
    assert voice
    texts = [kp.text for q in persona.questions for kp in q.key_points] + [f.text for q in persona.questions for f in q.red_flags]
    for req in voice:
        whole = _system(req) + _user(req)
        assert not any(t in whole for t in texts)
    judged = [r.json for r in server.completions if role_of(r.json) == "judge"]
    assert any(any(t in _user(r) for t in texts) for r in judged)  # the judge of the same interview did get it
