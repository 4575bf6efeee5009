"""What a coding round adds to the turn loop: run the submitted code in the sandbox (off the event loop, never in
this process), record every run on the session, and turn failing tests into follow-ups."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from interviewer.models import CodeRun, Move, Persona, Session, Turn
from interviewer.runner import BankError, CodingSpec, load_spec
from interviewer.runner.models import Limits, RunResult

if TYPE_CHECKING:  # pragma: no cover
    from interviewer.engine.interview import Interview


def judges(persona: Persona, session: Session, judge):
    """(offline judge, judge) for a coding round: the coding judge, wrapping a model judge when there is one."""
    from interviewer.judges.coding import CodingJudge

    offline = CodingJudge(persona, session)
    return offline, (CodingJudge(persona, session, inner=judge) if judge else offline)


async def submit(iv: Interview, code: str, turn: Turn) -> list[str]:
    """Run submitted code against the open question's hidden tests; the notice the candidate sees."""
    q = iv.session.current_question
    run = await run_code(iv.session, q.question_id, code, "tests", iv.now(), turn.index) if q else None
    iv._save()
    return [submitted_notice(run)] if run else []


async def run_examples(iv: Interview, code: str) -> RunResult | None:
    q = iv.session.current_question
    if q is None or iv.rubric.kind != "coding":
        return None
    run = await run_code(iv.session, q.question_id, code, "examples", iv.now())
    iv._save()
    return run.result if run else None


def spec_for(question_id: str | None) -> CodingSpec | None:
    if not question_id:
        return None
    try:
        return load_spec(question_id)
    except BankError:
        return None


async def run_code(
    session: Session, question_id: str, code: str, kind: str, at: float, turn: int | None = None, limits: Limits | None = None
) -> CodeRun | None:
    """Run ``code`` against the question's hidden tests (``kind="tests"``) or its examples, and record the run."""
    spec = spec_for(question_id)
    if spec is None:
        return None
    from interviewer.runner import run_examples, run_tests

    fn = run_tests if kind == "tests" else run_examples
    result: RunResult = await asyncio.to_thread(fn, spec, code, limits)
    record = CodeRun(index=len(session.code_runs), question_id=question_id, kind=kind, at=round(at, 3), turn=turn, code=code, result=result)  # type: ignore[arg-type]
    session.code_runs.append(record)
    return record


def submitted_notice(run: CodeRun) -> str:
    r = run.result
    if r.status in ("error", "timed_out"):
        return f"Your code ran against the hidden tests: {r.summary}"
    return f"Your code ran against the hidden tests: {r.passed} of {len(r.tests)} passed."


def tailor(move: Move, session: Session) -> Move:
    """A follow-up on correctness asks about the first failing hidden test's case (without revealing the test)."""
    if move.kind != "followup" or move.dimension != "correctness":
        return move
    last = None
    for run in reversed(session.code_runs):
        if run.question_id == move.question_id and run.kind == "tests":
            last = run
            break
    if last is None:
        return move
    failing = next((t for t in last.result.tests if t.outcome != "passed" and t.probe), None)
    if failing is None:
        return move
    return move.model_copy(update={"probe": failing.probe})
