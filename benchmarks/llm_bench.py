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
from dataclasses import dataclass
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
    """The fake server stands for a hosted API here (it serves many requests at once), not for a local model that
    serves one at a time (slow_bench.py measures that), so the one-at-a-time default for 127.0.0.1 is lifted."""
    from interviewer.config import Settings

    return Settings(**({"model": "openai/fake-model", "api_base": url, "timeout": 10.0, "max_concurrency": 64} | kw))


@dataclass(frozen=True)
class TimedAnswer:
    """One answer sent through ``Interview.answer``, timed (seconds): until the reply was whole, until its first
    streamed token and from its last token to ready for the next answer (None when nothing was streamed)."""

    wait: float
    first_token: float | None
    after_last: float | None


async def timed_answer(iv, clock, text: str, think: float) -> TimedAnswer:
    """Send ``text`` after ``think`` seconds of the candidate's (fake) time and time the interviewer's reply. Used
    by this module and by slow_bench.py."""
    clock.advance(think)
    marks: list[float] = []
    t0 = time.perf_counter()
    await iv.answer(text, on_token=lambda _c: marks.append(time.perf_counter()))
    ready = time.perf_counter()
    return TimedAnswer(ready - t0, marks[0] - t0 if marks else None, ready - marks[-1] if marks else None)


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
                t = await timed_answer(iv, clock, text, 60)
                if t.first_token is not None and t.after_last is not None:
                    first.append(t.first_token * 1000)
                    after.append(t.after_last * 1000)
            await iv.settle()
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
    judges = [r for r in srv.completions if role_of(r.json) == "judge"]
    voices = [r for r in srv.completions if role_of(r.json) == "voice"][1:]  # the opening has no answer to judge
    # turn k = the k-th answer's judge request and the k-th reply (the judge now runs in the background, after it)
    count = lambda r: litellm.token_counter(model="gpt-4o", messages=r.json["messages"])  # noqa: E731
    turns = [{"judge": count(j), "voice": count(v)} for j, v in zip(judges, voices)]
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
                    lambda schema: render_prompt("grade.j2", dimension=dim, offline_level=None, answers=[{"question": "q", "text": "a"}], references=[], schema=schema),
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


def first_word(turns: int = 20, judge_delay: float = 2.0, first_token: float = 0.4) -> dict:
    """Answer submitted -> first interviewer token, p50 over ``turns`` answers, with the fake server's judge taking
    ``judge_delay`` s and the voice's first token ``first_token`` s. Two modes in the same run: ``serial`` (the old
    pipeline: wait for the model judge, then decide, then speak; ``judge_wait`` = infinity) and ``background``
    (the default: decide from the offline judge's instant reading plus the model readings already arrived)."""
    from interviewer import engines
    from interviewer.catalog import default_catalog
    from interviewer.engine.clock import FakeClock
    from interviewer.engine.interview import Interview
    from tests.fakeopenai import Reply
    from tests.llm_helpers import interview_responder, role_of

    def responder(req):
        role = role_of(req)
        if role == "judge":
            return Reply(text=interview_responder(req), delay=judge_delay)
        if role == "voice":
            return Reply(text=interview_responder(req), first_token_delay=first_token)
        return interview_responder(req)

    srv = _server(responder)
    out: dict = {}
    try:
        for mode in ("serial", "background"):
            eng = engines.select(settings=_settings(srv.url, timeout=30.0))
            eng["judge"].wait = float("inf") if mode == "serial" else 0.0

            async def run():
                clock = FakeClock()
                iv = Interview.new(default_catalog(), "behavioral", minutes=240, clock=clock, judge=eng["judge"], voice=eng["voice"])
                await iv.start()
                lat = []
                for text in _answers(turns):
                    if not iv.awaiting_reply:
                        break
                    t = await timed_answer(iv, clock, text, 60)
                    if t.first_token is not None:
                        lat.append(t.first_token)
                t0 = time.perf_counter()
                await iv.settle()
                pending = time.perf_counter() - t0
                readings = sum(1 for t in iv.session.candidate_turns() if t.assessment and t.assessment.engine.startswith("llm:"))
                return lat, readings, len(iv.session.candidate_turns()), pending

            lat, readings, answers, settle = asyncio.run(run())
            out[mode] = {"p50": statistics.median(lat), "max": max(lat), "turns": len(lat), "model_readings": readings,
                         "answers": answers, "settle": settle}
    finally:
        srv.stop()
    return out


def followup_quality(max_answers: int = 6) -> dict:
    """Follow-up quality before (serial) and after (background): simulated candidates (strong, average, weak, from the
    labelled sample answers) interviewed through the fake server, whose "model" reads each answer it is sent: its
    judge's levels and its grades are the offline judge's reading of the answers in the request
    (``tests.llm_helpers.reading_responder``; labels are never read). Reports each mode's overall scores (the order
    must hold), its follow-ups per candidate, and how many interviewer moves (kind and probed dimension) the
    background pipeline chose the same as the serial one."""
    from interviewer import engines
    from interviewer.catalog import default_catalog
    from interviewer.evaluate import default_answers_file, load_samples, run_eval
    from tests.llm_helpers import reading_responder

    cal = ROOT.parent / "shared" / "calibration" / "answers.jsonl"
    path = cal if cal.is_file() else default_answers_file()
    if path is None:
        return {}
    samples = load_samples(path)
    catalog = default_catalog()
    responder = reading_responder(catalog.rubrics[catalog.persona("behavioral").rubric])

    srv = _server(responder)
    out: dict = {}
    moves: dict[str, list] = {}
    try:
        for mode in ("serial", "background"):
            eng = engines.select(settings=_settings(srv.url, timeout=30.0))
            eng["judge"].wait = float("inf") if mode == "serial" else 0.0
            seen: list = []
            import interviewer.engine.interview as iv_mod

            original = iv_mod.Interview._interviewer_turn

            async def spy(self, move, on_token, _orig=original, _seen=seen):
                _seen.append((self.session.persona_id, len(self.session.turns), move.kind, move.dimension))
                return await _orig(self, move, on_token)

            iv_mod.Interview._interviewer_turn = spy
            try:
                rows = asyncio.run(run_eval(persona_id="behavioral", samples=samples, engine=eng, max_answers=max_answers))
            finally:
                iv_mod.Interview._interviewer_turn = original
            by = {r.quality: r.overall for r in rows}
            out[mode] = {"overall": by, "ordered": by["strong"] > by["average"] > by["weak"]}
            moves[mode] = seen
    finally:
        srv.stop()
    pairs = list(zip(moves["serial"], moves["background"]))
    out["same_moves"] = sum(1 for a, b in pairs if a == b) / max(len(pairs), 1)
    out["moves"] = len(pairs)
    out["set"] = path.name if path != cal else "shared calibration sample"
    for mode in ("serial", "background"):
        out[mode]["followups"] = sum(1 for m in moves[mode] if m[2] == "followup")
    return out


if __name__ == "__main__":
    print(json.dumps(first_word(), indent=2))
    print(json.dumps(followup_quality(), indent=2))
    t = turn_overhead()
    print(json.dumps(t, indent=2))
    print(json.dumps(grading_wall(), indent=2))


def pipeline_rows(turns: int = 20) -> list[dict]:
    """Benchmark rows (dicts of ``run.Row`` fields): first-word latency before (serial) and after (background), and
    follow-up quality in both modes."""
    fw = first_word(turns=turns)
    s, b = fw["serial"], fw["background"]
    rows = [
        {"name": "LLM turn: answer -> first interviewer token, judge 2.0 s, voice first token 0.4 s (p50)",
         "value": round(b["p50"], 2), "unit": "s", "target": "<= 0.7 s", "passed": b["p50"] <= 0.7,
         "note": f"baseline, same run: serial pipeline {s['p50']:.2f} s p50 ({s['turns']} turns); after: max {b['max']:.2f} s over "
                 f"{b['turns']} turns, model readings {b['model_readings']}/{b['answers']} answers"},
    ]
    fq = followup_quality()
    if fq:
        ser, bg = fq["serial"], fq["background"]
        fmt = lambda d: ", ".join(f"{k} {v:.2f}" for k, v in d["overall"].items())  # noqa: E731
        rows.append({
            "name": "Follow-up quality: eval order strong > average > weak, serial and background pipelines (fake model reads each answer)",
            "value": 1.0 if bg["ordered"] and ser["ordered"] else 0.0, "unit": "", "target": "both ordered (1)",
            "passed": bool(bg["ordered"] and ser["ordered"]),
            "note": f"after: {fmt(bg)}, {bg['followups']} follow-ups; before (serial): {fmt(ser)}, {ser['followups']} follow-ups; "
                    f"set {fq['set']}",
        })
        rows.append({
            "name": "Follow-up quality: interviewer moves identical to the serial pipeline's",
            "value": round(100 * fq["same_moves"], 1), "unit": "%", "target": "report", "passed": None,
            "note": f"{fq['moves']} moves; answers sent back to back (no typing time), the worst case for background readings; "
                    "the fake model reads like the offline judge, so a move differs only where a model reading arrived late",
        })
    return rows
