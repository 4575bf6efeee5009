"""LLM-path measurements against the local fake OpenAI-compatible server (tests/fakeopenai.py), no network, no key.

- per-turn app overhead: answer submitted -> first streamed token handed to the UI callback, and last token -> ready
  for the next answer, with zero model delay (the one-time litellm import is excluded by a warm-up turn);
- prompt tokens per turn at turns 5, 15 and 30 (litellm's token counter on the requests actually sent);
- report grading wall time with N dimensions relative to one grading call, with a fixed model delay.
"""

from __future__ import annotations

import asyncio
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")


def _server(default=None, **kw):
    from tests.fakeopenai import FakeOpenAI
    from tests.llm_helpers import interview_responder

    return FakeOpenAI(default=default or interview_responder, **kw).start()


def _settings(url: str, **kw):
    from interviewer.config import Settings

    return Settings(**({"model": "openai/fake-model", "api_base": url, "timeout": 10.0} | kw))


def _answers(n: int) -> list[str]:
    base = (
        "At my last company I owned the ranking pipeline. I measured the latency and found the cache was cold "
        "after deploys, so I added a warm-up job and cut p99 latency by 35%. I learned to measure before arguing."
    )
    return [f"{base} (story {i})" for i in range(n)]


def turn_overhead(turns: int = 30) -> dict:
    """p50/p90 of submit->first token and last token->ready, in ms, plus prompt tokens per turn."""
    from interviewer import engines
    from interviewer.catalog import default_catalog
    from interviewer.engine.clock import FakeClock
    from interviewer.engine.interview import Interview
    from tests.llm_helpers import judge_reply, role_of

    # gaps everywhere, so the interview keeps going with follow-ups for 30+ turns
    def responder(req):
        from tests.llm_helpers import interview_responder

        return json.dumps(judge_reply(req, 1)) if role_of(req) == "judge" else interview_responder(req)

    srv = _server(responder)
    try:
        eng = engines.select(settings=_settings(srv.url, history_turns=6))
        clock = FakeClock()
        iv = Interview.new(default_catalog(), "behavioral", minutes=240, clock=clock, judge=eng["judge"], voice=eng["voice"])

        async def run():
            await iv.start()  # warm-up: imports litellm, opens connections
            first, after = [], []
            for text in _answers(turns):
                if not iv.awaiting_reply:
                    break
                marks: list[float] = []
                clock.advance(60)
                t0 = time.perf_counter()
                await iv.answer(text, on_token=lambda _c: marks.append(time.perf_counter()))
                t_ready = time.perf_counter()
                if marks:
                    first.append((marks[0] - t0) * 1000)
                    after.append((t_ready - marks[-1]) * 1000)
            return first, after

        first, after = asyncio.run(run())
        tokens = prompt_tokens_per_turn(srv)
    finally:
        srv.stop()
    pct = lambda xs, q: statistics.quantiles(xs, n=10)[int(q * 10) - 1] if len(xs) >= 10 else max(xs)  # noqa: E731
    return {
        "turns": len(first),
        "first_token_p50": statistics.median(first),
        "first_token_p90": pct(first, 0.9),
        "ready_p50": statistics.median(after),
        "ready_p90": pct(after, 0.9),
        "tokens": tokens,
    }


def prompt_tokens_per_turn(srv) -> dict[int, dict[str, int]]:
    """Prompt tokens of the judge and voice requests of candidate turns 5, 15 and 30 (1-based)."""
    from interviewer.judges.llm import _litellm
    from tests.llm_helpers import role_of

    litellm = _litellm()
    reqs = [r for r in srv.completions if role_of(r.json) in ("judge", "voice")]
    # turn k = the k-th judge request and the voice request right after it
    turns: list[dict[str, int]] = []
    pending: dict[str, int] | None = None
    for r in reqs:
        n = litellm.token_counter(model="gpt-4o", messages=r.json["messages"])
        if role_of(r.json) == "judge":
            pending = {"judge": n}
        elif pending is not None:
            pending["voice"] = n
            turns.append(pending)
            pending = None
    return {k: turns[k - 1] for k in (5, 15, 30) if len(turns) >= k}


def grading_wall(delay: float = 0.4) -> dict:
    """Grading a finished interview (N dimensions, concurrent calls) against one call, with a fixed model delay."""
    from interviewer import engines, services
    from interviewer.store import SessionStore
    from tests.fakeopenai import Reply
    from tests.llm_helpers import grade_reply, interview_responder, role_of

    def responder(req):
        if role_of(req) == "grader":
            return Reply(text=json.dumps(grade_reply(req)), delay=delay)
        return interview_responder(req)

    srv = _server(responder)
    try:
        import tempfile

        eng = engines.select(settings=_settings(srv.url, concurrency=8))
        script = services.RehearsalScript(persona="system-design", answers=[services.ScriptAnswer(seconds=120, text=a) for a in _answers(8)])
        with tempfile.TemporaryDirectory() as tmp:
            store = SessionStore(Path(tmp))
            res = asyncio.run(services.rehearse(script, store=store, judge=eng["judge"], voice=eng["voice"], engine=eng["engine"]))
            session, persona, rubric = res.interview.session, res.interview.persona, res.interview.rubric

            async def one_call():
                from interviewer.judges.llm import GradeOutput, StructuredCaller, render_prompt, system_prompt

                t0 = time.perf_counter()
                dim = rubric.dimensions[0]
                await StructuredCaller(eng["grader"].client).call(
                    lambda schema: render_prompt("grade.j2", dimension=dim, offline_level=None, answers=[{"question": "q", "text": "a"}], schema=schema),
                    system_prompt(persona, rubric, session.minutes), GradeOutput, "dimension_grade", 300,
                )
                return time.perf_counter() - t0

            async def all_dims():
                t0 = time.perf_counter()
                from interviewer.report.grader import grade_async

                report = await grade_async(session, persona, rubric, scorer=eng["grader"])
                return time.perf_counter() - t0, report

            single = min(asyncio.run(one_call()) for _ in range(3))
            wall, report = asyncio.run(all_dims())
    finally:
        srv.stop()
    return {"dimensions": len(report.dimensions), "single": single, "wall": wall, "ratio": wall / single}


if __name__ == "__main__":
    t = turn_overhead()
    print(json.dumps(t, indent=2))
    print(json.dumps(grading_wall(), indent=2))
