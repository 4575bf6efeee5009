"""A whole rehearsal on a slow local model server (issue 9): llama-cpp-python's OpenAI-compatible server with a small
model on CPU. It runs only when such a server is reachable; it builds and downloads nothing itself (see the README,
"A slow local model", for how to install and start the server and where the model comes from). CI stays on the fake
server.

    INTERVIEWER_SLOW_API_BASE   the server's base URL (default http://127.0.0.1:8011/v1)
    INTERVIEWER_SLOW_MODEL      the litellm model name (default openai/local; llama-cpp-python serves any name)

Measures: the rehearsal's wall time from the first request to the written report (6 answers, behavioral round),
and each turn's wait from the answer to the interviewer's whole reply on screen. The answers here are written for
this benchmark.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")

DEFAULT_BASE = "http://127.0.0.1:8011/v1"

ANSWERS = [
    "Hi, I'm a backend engineer with five years on payments and data pipelines, most recently at a fintech.",
    "Last spring our nightly settlement job started missing its deadline twice a week. I owned that job, so I "
    "profiled it and found one query scanning the whole ledger. I added a date-partitioned index, split the job into "
    "four parallel stages, and set an alert on the runtime. It went from five hours to fifty minutes and has not "
    "missed the deadline since.",
    "I learned to put a runtime budget and an alert on every batch job from day one, not after it breaks.",
    "A product manager and I disagreed about shipping a risky migration before a holiday. I wrote down the rollback "
    "plan and the failure cost, we agreed to ship behind a flag to ten percent of traffic, and it went fine.",
    "I mentor two junior engineers; I pair with them weekly and review their designs before they write code.",
    "What does a typical week look like for the team, and how do you decide what goes on call?",
]


def server() -> tuple[str, str] | None:
    """(api_base, model) if a server answers at the configured address, else None."""
    base = os.environ.get("INTERVIEWER_SLOW_API_BASE", DEFAULT_BASE).rstrip("/")
    model = os.environ.get("INTERVIEWER_SLOW_MODEL", "openai/local")
    try:
        with urllib.request.urlopen(f"{base}/models", timeout=3) as resp:  # noqa: S310 - a local URL the user set
            json.load(resp)
    except (OSError, ValueError):
        return None
    return base, model


def rehearsal(answers: int | None = None) -> dict | None:
    """Run the rehearsal (the first ``answers`` of the script, default all 6); None (skip) when no slow server is
    reachable."""
    found = server()
    if found is None:
        return None
    base, model = found
    import tempfile

    from interviewer import engines, services
    from interviewer.catalog import default_catalog
    from interviewer.config import Settings
    from interviewer.engine.clock import FakeClock
    from interviewer.engine.interview import Interview
    from interviewer.store import SessionStore
    from llm_bench import timed_answer  # benchmarks/llm_bench.py

    settings = Settings(model=model, api_base=base)  # the defaults a user gets
    eng = engines.select(settings=settings)
    waits: list[float] = []
    firsts: list[float] = []
    with tempfile.TemporaryDirectory() as tmp:
        store = SessionStore(Path(tmp))

        async def run():
            t0 = time.perf_counter()
            clock = FakeClock()
            iv = Interview.new(default_catalog(), "behavioral", minutes=30, store=store, clock=clock,
                               judge=eng["judge"], voice=eng["voice"], engine=eng["engine"])
            await iv.start()
            for text in ANSWERS[: answers or len(ANSWERS)]:
                if not iv.awaiting_reply:
                    break
                t = await timed_answer(iv, clock, text, 90)
                waits.append(t.wait)
                firsts.append(t.first_token if t.first_token is not None else t.wait)
            if not iv.finished:
                await iv.end(reason="script_end")
            t_grade = time.perf_counter()
            report = await services.finish(iv, store=store, grader=eng["grader"])
            services.write_reports(report, store)
            return iv, report, time.perf_counter() - t0, time.perf_counter() - t_grade

        load_before = os.getloadavg()[0]
        iv, report, wall, grading = asyncio.run(run())
    session = iv.session
    gate = eng["judge"].client.gate
    return {
        "server": base,
        "model": model,
        "answers": len(session.candidate_turns()),
        "wall": wall,
        "grading": grading,
        "max_wait": max(waits) if waits else 0.0,
        "max_first": max(firsts) if firsts else 0.0,
        "waits": [round(w, 1) for w in waits],
        "model_turns": sum(1 for t in session.turns if t.role == "interviewer" and (t.engine or "").startswith("llm:")),
        "interviewer_turns": sum(1 for t in session.turns if t.role == "interviewer"),
        "model_readings": sum(1 for t in session.candidate_turns() if t.assessment and t.assessment.engine.startswith("llm:")),
        "fallbacks": len(session.fallbacks),
        "fallback_reasons": [f"{f.role}: {f.reason}"[:120] for f in report.fallbacks.turns][:8],
        "report_engine": report.engine,
        "grader_fallbacks": sum(1 for f in report.fallbacks.turns if f.role == "grader"),
        "server_limit": gate.limit,
        "preemptions": gate.preemptions,
        "load": (round(load_before, 2), round(os.getloadavg()[0], 2)),
        "overall": report.overall,
    }


def slow_rows() -> list[dict]:
    """Benchmark rows (dicts of ``run.Row`` fields); one informational row when no server is configured."""
    r = rehearsal()
    if r is None:
        where = os.environ.get("INTERVIEWER_SLOW_API_BASE", DEFAULT_BASE)
        return [{"name": "Slow local server: 6-answer behavioral rehearsal", "value": None, "unit": "min", "target": "<= 8 min",
                 "passed": None, "note": f"skipped: no model server at {where} (README: 'A slow local model')"}]
    note = (f"{r['model']} at {r['server']}; {r['answers']} answers, grading {r['grading']:.0f} s, model wrote "
            f"{r['model_turns']}/{r['interviewer_turns']} replies, read {r['model_readings']}/{r['answers']} answers, "
            f"{r['fallbacks']} fallback(s); report by {r['report_engine']} ({r['grader_fallbacks']} dimension(s) graded offline); "
            f"{r['server_limit']} request(s) at a time, {r['preemptions']} background request(s) gave way to a reply; "
            f"load average {r['load'][0]} before, {r['load'][1]} after (2 cores); baseline (issue 9, before this change): 14.2 min; "
            f"fallbacks: {'; '.join(dict.fromkeys(x.split(': ', 1)[-1][:90] for x in r['fallback_reasons'])) or 'none'}")
    return [
        {"name": "Slow local server: 6-answer behavioral rehearsal with a report", "value": round(r["wall"] / 60, 2),
         "unit": "min", "target": "<= 8 min", "passed": r["wall"] <= 480, "note": note},
        {"name": "Slow local server: longest wait for a reply", "value": round(r["max_wait"], 1), "unit": "s",
         "target": "<= 30 s", "passed": r["max_wait"] <= 30,
         "note": f"answer -> whole reply; first token at most {r['max_first']:.1f} s; per turn {r['waits']}; "
                 "baseline (issue 9, before this change): 22.7 s"},
    ]


if __name__ == "__main__":
    r = rehearsal(int(sys.argv[1]) if len(sys.argv) > 1 else None)  # e.g. 2: a short check of the behaviour
    if r is None:
        print(f"skipped: no model server at {os.environ.get('INTERVIEWER_SLOW_API_BASE', DEFAULT_BASE)} (see the README, 'A slow local model')")
    else:
        print(json.dumps(r, indent=2))
