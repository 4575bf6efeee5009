"""Benchmarks of the interviewer's own logic: the follow-up choice per turn, and the story bank over many sessions.

    python benchmarks/agent_bench.py            # both, printed as a small table

``followup_ms()`` times ``Agent.followup_choice`` (which reads everything said so far for facts and story parts) on
a long session, next to the plain rotation it replaced (weakest dimension, next probe) in the same run.
``stories_seconds()`` builds the story bank from N behavioral sessions on disk, next to listing the same sessions.
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

STORY = (
    "At my last company I was one of four engineers on the payments team, and I owned the card tokenisation service. "
    "We had to migrate it before a compliance deadline in March. I wrote the migration plan, split it into five waves "
    "and ran both paths side by side for two weeks; we shipped it on time and failed payments fell from 2% to 0.3%. "
    "Next time I would agree the cut list with product in week one."
)


def _long_session(words: int = 5000):
    from interviewer.catalog import default_catalog
    from interviewer.engine.clock import FakeClock
    from interviewer.engine.interview import Interview

    catalog = default_catalog()
    persona = catalog.persona("behavioral").model_copy(update={"id": "bench-patient", "max_followups": 10})
    catalog.personas[persona.id] = persona
    iv = Interview.new(catalog, persona.id, clock=FakeClock(), minutes=240)
    clock = iv.clock

    async def run() -> None:
        await iv.start()
        said = 0
        while said < words and iv.session.stage in ("opening", "question", "followup"):
            clock.advance(30)  # type: ignore[attr-defined]
            await iv.answer(STORY)
            said += len(STORY.split())

    asyncio.run(run())
    return iv


def followup_ms(reps: int = 200) -> dict[str, float]:
    """Median ms of one follow-up choice on a ~5,000-word session, and of the plain rotation it replaced."""
    iv = _long_session()
    agent, session = iv.agent, iv.session
    q = session.current_question
    if q is None:  # the round closed: reopen the last question so there is a choice to make
        session.stage = "followup"
        q = session.questions[-1]
    q.probed.clear()

    def plain() -> object:
        levels = agent.question_levels(session, q)
        cands = [(lv, d) for d, lv in levels.items() if lv < 3]
        if not cands:
            return None
        d = min(cands)[1]
        probes = agent.rubric.dimension(d).probes
        return probes[(q.index + q.followups) % len(probes)]

    def timed(fn) -> float:
        xs = []
        for _ in range(reps):
            t0 = time.perf_counter()
            fn()
            xs.append((time.perf_counter() - t0) * 1000)
        return statistics.median(xs)

    words = sum(len(t.text.split()) for t in session.turns if t.role == "candidate")
    from interviewer.engine import followups

    followups.topics_in.cache_clear()
    cold0 = time.perf_counter()
    agent.followup_choice(session)
    cold = (time.perf_counter() - cold0) * 1000
    return {"choice_ms": timed(lambda: agent.followup_choice(session)), "cold_ms": cold, "plain_ms": timed(plain), "words": words}


def stories_seconds(n: int = 300) -> dict[str, float]:
    """Seconds to build the story bank from ``n`` behavioral sessions on disk, and to list them alone."""
    from interviewer import stories
    from interviewer.catalog import default_catalog
    from interviewer.services import RehearsalScript, ScriptAnswer, rehearse
    from interviewer.store import SessionStore

    catalog = default_catalog()
    with tempfile.TemporaryDirectory() as d:
        store = SessionStore(d)
        script = RehearsalScript(persona="behavioral", answers=[ScriptAnswer(seconds=120, text=STORY)] * 8)
        session = asyncio.run(rehearse(script, catalog=catalog)).interview.session
        for i in range(n):
            store.save(session.model_copy(update={"id": f"20260101-{i:06d}-behavioral"}))
        t0 = time.perf_counter()
        sessions, _ = store.list()
        listed = time.perf_counter() - t0
        t0 = time.perf_counter()
        sessions, _ = store.list()
        bank = stories.bank(sessions, catalog)
        total = time.perf_counter() - t0
    return {"bank_s": total, "list_s": listed, "stories": len(bank), "tellings": sum(len(s.tellings) for s in bank)}


def rows(b, at_most) -> list:
    """Table rows for benchmarks/run.py (``at_most`` is its row constructor)."""
    f = followup_ms(reps=b.reps(200, 40))
    s = stories_seconds(n=b.reps(300, 60))
    n = b.reps(300, 60)
    return [
        at_most(
            "follow-up choice, ~5,000-word session", f["choice_ms"], "ms", 5.0,
            f"plain rotation (baseline) {f['plain_ms']:.3f} ms; first call (no cache) {f['cold_ms']:.1f} ms; {f['words']:.0f} words",
        ),
        at_most(
            f"stories: bank from {n} behavioral sessions", s["bank_s"], "s", 2.0,
            f"listing the same sessions alone (baseline) {s['list_s']:.2f} s; {s['stories']:.0f} story from {s['tellings']:.0f} tellings",
        ),
    ]


if __name__ == "__main__":
    f = followup_ms()
    s = stories_seconds()
    print(f"follow-up choice: {f['choice_ms']:.3f} ms (plain rotation {f['plain_ms']:.3f} ms, cold {f['cold_ms']:.1f} ms, {f['words']:.0f} words)")
    print(f"stories bank: {s['bank_s']:.2f} s (list alone {s['list_s']:.2f} s), {s['stories']:.0f} stories, {s['tellings']:.0f} tellings")
