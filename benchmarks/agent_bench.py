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
    """A behavioral session whose open question has one ~``words``-word answer, weak on every dimension (so every
    dimension's probes are checked against it), plus a round of earlier answers."""
    from interviewer.catalog import default_catalog
    from interviewer.engine.agent import Agent
    from interviewer.models import Assessment, DimensionEvidence, Move, Session, Turn

    catalog = default_catalog()
    persona = catalog.persona("behavioral")
    rubric = catalog.rubric_for(persona)
    agent = Agent(persona, rubric)
    s = Session(id="bench", persona_id=persona.id, rubric_id=rubric.id, created="2026-01-01T09:00:00", minutes=45)
    text = " ".join([STORY] * (words // len(STORY.split()) + 1))
    for k, q in enumerate(persona.questions[:3]):
        move = Move(kind="question", question_id=q.id, question_text=q.text)
        agent.apply(s, move, 600.0 * k)
        s.turns.append(Turn(index=len(s.turns), role="interviewer", text=q.text, at=600.0 * k, move=move, question_index=k))
        weak = Assessment(words=len(text.split()), dimensions={d: DimensionEvidence(dimension=d) for d in q.dimensions})
        body = text if k == 2 else STORY.replace("payments", f"team {k}")
        s.turns.append(Turn(index=len(s.turns), role="candidate", text=body, at=600.0 * k + 60, question_index=k, assessment=weak))
    return agent, s, len(text.split())


def followup_ms(reps: int = 30) -> dict[str, float]:
    """Median ms of one follow-up choice after a ~5,000-word answer (nothing cached: a new answer is read), and of the
    plain rotation it replaced (weakest dimension, next probe), in the same run."""
    from interviewer.engine import followups

    agent, session, words = _long_session()
    q = session.questions[-1]

    def plain() -> object:
        levels = agent.question_levels(session, q)
        cands = [(lv, d) for d, lv in levels.items() if lv < 3]
        if not cands:
            return None
        d = min(cands)[1]
        probes = agent.rubric.dimension(d).probes
        return probes[(q.index + q.followups) % len(probes)]

    def cold_choice() -> object:
        followups._topic_hits.cache_clear()
        followups._lower.cache_clear()
        followups._content_stems.cache_clear()
        return agent.followup_choice(session)

    def timed(fn) -> float:
        xs = []
        for _ in range(reps):
            t0 = time.perf_counter()
            fn()
            xs.append((time.perf_counter() - t0) * 1000)
        return statistics.median(xs)

    assert cold_choice() is not None
    return {"choice_ms": timed(cold_choice), "plain_ms": timed(plain), "words": words}


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
        for i in range(n):  # each session's tellings differ in their words (no cache hit across sessions)
            copy = session.model_copy(update={"id": f"20260101-{i:06d}-behavioral"}, deep=True)
            for t in copy.turns:
                if t.role == "candidate" and t.text == STORY:
                    t.text = f"{STORY} That was in sprint {i} of the project, and it took {i % 17 + 2} weeks."
            store.save(copy)
        t0 = time.perf_counter()
        sessions = store.listing().sessions
        listed = time.perf_counter() - t0
        t0 = time.perf_counter()
        bank, _ = stories.bank_from_index(d)  # the first run builds the index
        cold = time.perf_counter() - t0
        warm_runs = []
        for _ in range(3):
            t0 = time.perf_counter()
            bank, _ = stories.bank_from_index(d)
            warm_runs.append(time.perf_counter() - t0)
    return {
        "warm_s": statistics.median(warm_runs), "cold_s": cold, "list_s": listed,
        "stories": len(bank), "tellings": sum(len(s.tellings) for s in bank),
    }


def rows(b, at_most) -> list:
    """Table rows for benchmarks/run.py (``at_most`` is its row constructor)."""
    f = followup_ms(reps=b.reps(30, 8))
    s = stories_seconds(n=b.reps(300, 60))
    n = b.reps(300, 60)
    return [
        at_most(
            "Follow-up choice after a 5,000-word answer (nothing cached)", round(f["choice_ms"], 1), "ms", 50.0,
            f"plain rotation (baseline, asks for what was said) {f['plain_ms']:.2f} ms; {f['words']:.0f} words",
        ),
        at_most(
            f"`stories`: story bank from {n} behavioral sessions (index warm)", round(s["warm_s"], 3), "s", 1.0,
            f"first run, building the index: {s['cold_s']:.2f} s; reading the sessions without an index (baseline) "
            f"{s['list_s']:.2f} s; {s['stories']:.0f} story from {s['tellings']:.0f} tellings",
        ),
    ]


if __name__ == "__main__":
    f = followup_ms()
    s = stories_seconds()
    print(f"follow-up choice: {f['choice_ms']:.2f} ms (plain rotation {f['plain_ms']:.2f} ms, {f['words']:.0f} words)")
    print(f"stories bank: warm {s['warm_s']:.3f} s, cold {s['cold_s']:.2f} s (reading the sessions alone {s['list_s']:.2f} s), {s['stories']:.0f} stories, {s['tellings']:.0f} tellings")
