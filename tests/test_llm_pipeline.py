"""The turn pipeline with a model, through the real litellm code against tests/fakeopenai.py: the judge off the
critical path, crash safety of a pending reading, the time limits of a slow model, the circuit breaker, request
budgets, and the chosen question always reaching the candidate. No test here depends on timing: requests are held
"in the model" with events, and the breaker's clock is a fake."""

from __future__ import annotations

import asyncio
import json
import os
import re
import threading
from dataclasses import dataclass

import pytest

from interviewer import engines
from interviewer.catalog import default_catalog
from interviewer.config import Settings
from interviewer.engine.clock import FakeClock
from interviewer.engine.interview import Interview
from interviewer.judges.llm import budgets
from interviewer.store import SessionStore
from tests.fakeopenai import FakeOpenAI, Reply
from tests.llm_helpers import interview_responder, judge_reply, role_of

os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")

ANSWER = (
    "At my last company I owned the billing pipeline. Payments failed silently, so I rewrote the retry logic, "
    "added alerts, and cut failed payments by 30% in a quarter. I learned to measure before arguing."
)


@pytest.fixture
def serve():
    """Start fake servers (``serve(default, **kw)``); every one is stopped after the test."""
    started: list[FakeOpenAI] = []

    def start(default=interview_responder, **kw) -> FakeOpenAI:
        srv = FakeOpenAI(default=default, **kw).start()
        started.append(srv)
        return srv

    yield start
    for srv in started:
        srv.stop()


@pytest.fixture
def held(tmp_path, serve):
    """A server whose judge requests wait in the model until ``held.gate`` is set, a store and an engine on it."""

    gate = threading.Event()
    srv = serve(_held_judge(gate))
    return Held(gate, srv, SessionStore(tmp_path / "home"), _engine(srv))


@dataclass
class Held:
    gate: threading.Event
    srv: FakeOpenAI
    store: SessionStore
    eng: engines.EngineSet

    async def answered(self) -> Interview:
        """An interview that has asked its first question and had one answer (its model reading held)."""
        iv = _interview(self.eng, self.store)
        await iv.start()
        await iv.answer(ANSWER)
        return iv


def _engine(srv: FakeOpenAI, **kw):
    base = {"model": "openai/fake-model", "api_base": srv.url, "timeout": 30.0, "idle_timeout": 30.0, "retries": 2}
    return engines.select(settings=Settings(**(base | kw)))


def _interview(eng, store=None, clock=None) -> Interview:
    return Interview.new(
        default_catalog(), "behavioral", store=store, clock=clock or FakeClock(),
        judge=eng.get("judge"), voice=eng.get("voice"), engine=eng.get("engine", "offline"),
    )


def _held_judge(gate: threading.Event):
    """Judge requests wait for ``gate``; everything else answers at once."""

    def respond(req):
        if role_of(req) == "judge":
            return Reply(text=json.dumps(judge_reply(req)), gate=gate)
        return interview_responder(req)

    return respond


# --------------------------------------------------------------------------- the judge off the critical path


def test_the_reply_does_not_wait_for_the_model_judge(held):
    store = held.store

    async def run():
        iv = await held.answered()
        reply = iv.session.turns[-1]
        assert reply.role == "interviewer"  # replied while the model still reads
        turn = iv.session.candidate_turns()[-1]
        assert iv.pending_readings() == [turn.index]
        saved = store.load(iv.session.id).candidate_turns()[-1]
        assert saved.text == " ".join(ANSWER.split()) or saved.text == ANSWER
        assert saved.assessment.provisional and saved.assessment.engine == "offline"  # the instant reading, on disk
        held.gate.set()
        await iv.settle()
        return iv

    iv = asyncio.run(run())
    cand = store.load(iv.session.id).candidate_turns()[-1]
    assert cand.assessment.engine.startswith("llm:") and not cand.assessment.provisional  # the model's, saved
    assert iv.pending_readings() == []


def test_serial_mode_decides_from_the_models_reading(tmp_path, serve):
    """judge_wait waits for the model before choosing the move (infinity: the old serial pipeline)."""
    srv = serve()
    eng = _engine(srv)
    eng["judge"].wait = float("inf")

    async def run():
        iv = _interview(eng)
        await iv.start()
        await iv.answer(ANSWER)
        return iv

    iv = asyncio.run(run())
    cand = iv.session.candidate_turns()[-1]
    assert cand.assessment.engine.startswith("llm:") and not cand.assessment.provisional
    roles = [role_of(r.json) for r in srv.completions]
    assert roles[-2:] == ["judge", "voice"]  # judged before the reply was asked for


def test_a_pending_reading_survives_a_crash_and_is_redone_on_resume(held):
    srv, store = held.srv, held.store  # the gate is never set: the process "dies" with the judge's request in flight

    async def first_run():
        iv = await held.answered()
        await asyncio.sleep(0)
        return iv.session.id  # the loop ends here with the reading pending, like a kill

    sid = asyncio.run(first_run())
    saved = store.load(sid)
    assert saved.candidate_turns()[-1].assessment.provisional  # the answer and its offline reading were kept

    srv.default = interview_responder  # the model is back

    async def resume(engine):
        iv = Interview.resume(default_catalog(), store.load(sid), store=store, clock=FakeClock(),
                              judge=engine.get("judge"), voice=engine.get("voice"))
        await iv.settle()
        return iv

    asyncio.run(resume(_engine(srv)))
    redone = store.load(sid).candidate_turns()[-1].assessment
    assert redone.engine.startswith("llm:") and not redone.provisional


def test_a_pending_reading_is_filled_offline_when_resumed_without_a_model(held):
    store = held.store

    async def first_run():
        return (await held.answered()).session.id

    sid = asyncio.run(first_run())

    async def resume():
        iv = Interview.resume(default_catalog(), store.load(sid), store=store, clock=FakeClock())
        await iv.settle()

    asyncio.run(resume())
    final = store.load(sid).candidate_turns()[-1].assessment
    assert final.engine == "offline" and not final.provisional


# --------------------------------------------------------------------------- the chosen question reaches the candidate


def _asked(req) -> str | None:
    m = re.search(r'(?:ask this new main question|ask this question|repeat the question|repeat what you asked), keeping its meaning: "(.*?)"', json.dumps(req))
    return m.group(1) if m else None


@pytest.mark.parametrize("carries", [False, True])
def test_the_chosen_question_always_reaches_the_candidate(tmp_path, carries, serve):
    def respond(req):
        if role_of(req) == "voice":
            q = re.search(r'keeping its meaning: \\"(.*?)\\"', json.dumps(req))
            if carries and q:
                return "Thanks. " + q.group(1).replace('\\\\"', '"')
            return "Thanks for sharing that, it was really interesting."  # generic: no question at all
        return interview_responder(req)

    srv = serve(respond)
    eng = _engine(srv)

    async def run():
        iv = _interview(eng)
        shown: list[str] = []
        await iv.start(on_token=shown.append)
        texts = ["".join(shown)]
        for _ in range(3):
            shown.clear()
            await iv.answer(ANSWER, on_token=shown.append)
            texts.append("".join(shown))
        return iv, texts

    iv, streamed = asyncio.run(run())
    turns = [t for t in iv.session.turns if t.role == "interviewer"]
    asked = [t for t in turns if t.move and t.move.kind in ("opening", "question") and t.move.question_text]
    assert asked, "the interview asked bank questions"
    for t in asked:
        assert t.move.question_text in t.text  # the bank question, word for word
        assert t.text.count(t.move.question_text) == 1  # never twice
    assert streamed == [t.text for t in turns]  # what streamed is what was saved


# --------------------------------------------------------------------------- slow but working is not failing


def test_a_timed_out_request_is_not_retried_on_the_same_server(tmp_path, serve):
    """No first token in time: the server may still be working on it, so the turn goes offline, no retry."""
    gate = threading.Event()  # never set: the model never starts writing
    srv = serve(keep_working=True)
    srv.queue(Reply(text="never sent", gate=gate))
    eng = _engine(srv, timeout=0.5, retries=2)
    reply = asyncio.run(_interview(eng).start())
    assert len(srv.completions) == 1  # one request, not three
    assert reply.turn.engine == "offline"
    assert any("0.5 s" in n for n in reply.notices)


def test_a_model_that_stalls_mid_reply_is_replaced_not_duplicated(tmp_path, serve):
    srv = serve()
    srv.queue(Reply(text="Hello there, welcome to the interview today.", stall_after=2))
    eng = _engine(srv, idle_timeout=0.5)
    shown: list[str] = []
    reply = asyncio.run(_interview(eng).start(on_token=shown.append))
    assert reply.replaced_partial and reply.turn.engine == "offline"
    assert any("went silent" in n for n in reply.notices)
    assert len(srv.completions) == 1  # a stream that began is never retried


@pytest.mark.parametrize("max_concurrency", [None, 8])  # a local server (one request at a time), or one that serves 8
def test_every_request_asks_for_the_output_it_needs(tmp_path, serve, max_concurrency):
    srv = serve()
    eng = _engine(srv, max_concurrency=max_concurrency)

    async def run():
        iv = _interview(eng)
        await iv.start()
        for _ in range(2):
            await iv.answer(ANSWER)
        await iv.settle()
        from interviewer.report.grader import grade_async

        await grade_async(iv.session, iv.persona, iv.rubric, scorer=eng["grader"])

    asyncio.run(run())
    s = Settings()
    graders = [r for r in srv.completions if role_of(r.json) == "grader"]
    assert len(graders) == 1 if max_concurrency is None else len(graders) > 1
    for r in srv.completions:
        role, mt = role_of(r.json), r.json["max_tokens"]
        if role == "judge":
            dims = re.search(r"Dimensions to assess: (.*)", r.json["messages"][1]["content"]).group(1).split(", ")
            assert mt == budgets.judge(len(dims), s.judge_max_tokens) < s.judge_max_tokens
        elif role == "grader" and max_concurrency is None:  # every dimension in one call
            dims = re.search(r"Dimensions to grade: (.*)", r.json["messages"][1]["content"]).group(1).split(", ")
            assert mt == budgets.grade_all(len(dims), s.grade_max_tokens * len(dims)) < s.grade_max_tokens * len(dims)
        elif role == "grader":
            assert mt == budgets.grade(s.grade_max_tokens) < s.grade_max_tokens
        elif role == "voice":
            assert mt <= budgets.voice(5, s.voice_max_tokens) < s.voice_max_tokens


# --------------------------------------------------------------------------- a dead server: the circuit breaker


def test_a_dead_server_opens_the_breaker_says_so_once_and_is_tried_again(tmp_path, serve):
    srv = serve()
    port, url = srv.port, srv.url
    eng = _engine(srv, retries=2, breaker_failures=3, breaker_cooloff=60)
    now = [0.0]
    health = eng["voice"].client.health
    assert eng["judge"].client.health is health  # one breaker for the session's server
    health.clock = lambda: now[0]
    notices: list[str] = []
    store = SessionStore(tmp_path / "home")

    async def run():
        iv = _interview(eng, store)
        await iv.start()
        srv.stop()  # the server goes away: connection refused from here on
        for _ in range(4):
            r = await iv.answer(ANSWER)
            notices.extend(r.notices)
            await iv.settle()
        assert health.is_open
        now[0] += 61  # the cool-off passes; the server is back on its port
        back = FakeOpenAI(default=interview_responder, port=port).start()
        try:
            r = await iv.answer(ANSWER)
            await iv.settle()
        finally:
            back.stop()
        return iv, r

    iv, last = asyncio.run(run())
    about_server = [n for n in notices if "connection refused" in n]
    assert len(about_server) == 1 and "continuing offline" in about_server[0], notices  # said once
    reasons = [f.reason for f in iv.session.fallbacks]
    assert reasons and all(f"connection refused at {url}" in r for r in reasons), reasons
    assert not any("(500)" in r or "attempts" in r for r in reasons)
    assert last.turn.engine == eng["voice"].name and not health.is_open  # tried again, and working
    assert len(store.load(iv.session.id).candidate_turns()) == 5  # nothing lost


# --------------------------------------------------------------------------- the clock


class _Clock:
    """A fake clock that also knows how to restart, like the system clock."""

    def __init__(self) -> None:
        self.t = 0.0
        self.start = 0.0

    def now(self) -> float:
        return self.t - self.start

    def restart(self) -> None:
        self.start = self.t


def test_the_clock_starts_at_the_first_question():
    clock = _Clock()
    clock.t = 9.0  # start-up: the model check, loading the model
    iv = Interview.new(default_catalog(), "behavioral", clock=clock)
    reply = asyncio.run(iv.start())
    assert reply.turn.at == 0.0
    assert iv.seconds_left() == iv.session.minutes * 60


def test_a_background_reading_gives_way_to_the_reply_and_is_sent_again(tmp_path, serve):
    """A reply the candidate waits for starts while the model is still reading an earlier answer: that reading is sent
    again once the reply is done (a one-request-at-a-time server such as llama-cpp-python's cuts it short), and the
    reading still lands in the session."""
    gate = threading.Event()
    judge_calls: list[int] = []

    def respond(req):
        if role_of(req) == "judge":
            judge_calls.append(1)
            if len(judge_calls) == 1:
                return Reply(text=json.dumps(judge_reply(req)), gate=gate)
            return json.dumps(judge_reply(req))
        return interview_responder(req)

    srv = serve(respond)
    eng = _engine(srv)

    async def run():
        iv = _interview(eng)
        await iv.start()
        await iv.answer(ANSWER)
        while not judge_calls:  # the first reading is with the model
            await asyncio.sleep(0.01)
        reply = await iv.answer(ANSWER + " Another detail.")  # a reply, while that reading is held
        assert reply.turn.engine == eng["voice"].name
        gate.set()
        await iv.settle()
        return iv

    iv = asyncio.run(run())
    first, second = iv.session.candidate_turns()[-2:]
    assert first.assessment.engine.startswith("llm:") and second.assessment.engine.startswith("llm:")
    assert len(judge_calls) == 3  # the held reading, sent again, and the second answer's
    assert not iv.session.fallbacks
