"""Coding-round use cases shared by the CLI, the plain chat and the app: list a round's questions, check a solution
against a question's tests, review one solution file, and what a coding question shows the candidate."""

from __future__ import annotations

from datetime import datetime

from interviewer.catalog import Catalog, CatalogError, default_catalog
from interviewer.models import CodeRun, Persona, Question, QuestionRecord, Report, Session, Turn
from interviewer.runner import BankError, CodingSpec, Limits, RunResult, load_spec
from interviewer.services import UserError

MAX_CODE_BYTES = 200_000


def _persona(persona_id: str, catalog: Catalog | None) -> Persona:
    try:
        return (catalog or default_catalog()).persona(persona_id)
    except CatalogError as exc:
        raise UserError(str(exc)) from None


def questions(round_id: str, catalog: Catalog | None = None) -> list[dict[str, str]]:
    """[{id, text}] for a round's questions, in the bank's order."""
    return [{"id": q.id, "text": " ".join(q.text.split())} for q in _persona(round_id, catalog).questions]


def spec(question_id: str) -> CodingSpec:
    try:
        return load_spec(question_id)
    except BankError:
        known = ", ".join(q["id"] for q in questions("ml-coding")) if "ml-coding" in default_catalog().personas else "none"
        raise UserError(f"unknown coding question '{question_id}' (available: {known})") from None


def spec_text(question_id: str | None) -> str | None:
    """What the candidate sees beside a coding question (signature and examples), or None for other questions."""
    if not question_id:
        return None
    try:
        return load_spec(question_id).shown()
    except BankError:
        return None


def decode_code(data: str | bytes) -> str:
    if isinstance(data, bytes):
        if len(data) > MAX_CODE_BYTES:
            raise UserError(f"the code is {len(data):,} bytes; the limit is {MAX_CODE_BYTES:,}")
        data = data.decode("utf-8", errors="replace")
    return data.replace("\r\n", "\n")


def check(question_id: str, code: str | bytes, *, examples: bool = False, timeout: float = 5.0) -> RunResult:
    """Run ``code`` against a question's hidden tests (or its shown examples) in the sandbox."""
    from interviewer.runner import run_examples, run_tests

    s = spec(question_id)
    text = decode_code(code)
    if not text.strip():
        raise UserError("the file is empty: there is no code to run")
    limits = Limits(timeout=timeout)
    return (run_examples if examples else run_tests)(s, text, limits)


def _find_question(persona: Persona, question: str | None) -> Question:
    if not question:
        raise UserError(f"name the question with --question ID (see `interviewer questions {persona.id}`)")
    for q in persona.questions:
        if q.id == question or " ".join(q.text.split()) == " ".join(question.split()):
            return q
    raise UserError(f"unknown question '{question}' for {persona.id} (see `interviewer questions {persona.id}`)")


def _review_session(code: str, persona: Persona, q: Question, rubric) -> Session:
    from interviewer.runner import run_tests

    result = run_tests(spec(q.id), code)
    dims = list(dict.fromkeys([*q.dimensions, *(d.id for d in rubric.dimensions if d.phase == "all")]))
    now = datetime.now().astimezone().isoformat(timespec="seconds")
    record = QuestionRecord(index=0, question_id=q.id, text=q.text, dimensions=dims, started_at=0, ended_at=0, budget_seconds=0)
    return Session(
        id="review", persona_id=persona.id, rubric_id=rubric.id, created=now, minutes=0, stage="question", questions=[record],
        turns=[Turn(index=0, role="candidate", text="", at=0, question_index=0, code=code)],
        code_runs=[CodeRun(index=0, question_id=q.id, kind="tests", at=0, turn=0, code=code, result=result)],
    )


async def review_code(
    data: str | bytes, *, persona_id: str, question: str | None, catalog: Catalog | None = None, judge=None, grader=None
) -> tuple[Report, list[str]]:
    """Score one solution file as the only answer of a coding round: the tests decide correctness; comments and
    docstrings are read as the explanation."""
    from interviewer.engine.assessor import assess_with_fallback
    from interviewer.judges.base import TurnContext
    from interviewer.judges.coding import CodingJudge, code_comments
    from interviewer.report.coding import attach
    from interviewer.report.grader import grade

    catalog = catalog or default_catalog()
    persona = _persona(persona_id, catalog)
    rubric = catalog.rubric_for(persona)
    q = _find_question(persona, question)
    code = decode_code(data)
    if not code.strip():
        raise UserError("the file is empty: there is no code to score")
    session = _review_session(code, persona, q, rubric)
    turn = session.turns[0]
    explanation = code_comments(code)
    offline = CodingJudge(persona, session)
    notices: list[str] = [f"Hidden tests: {session.code_runs[0].result.summary}"]
    ctx = TurnContext(persona=persona, rubric=rubric, session=session, question=q.text, dimensions=session.questions[0].dimensions)
    active = CodingJudge(persona, session, inner=judge) if judge else offline
    turn.assessment = await assess_with_fallback(active, offline, explanation, ctx, 0, session, notices)  # type: ignore[arg-type]
    report = await grader.grade_async(session, persona, rubric) if grader else grade(session, persona, rubric, engine="offline")
    attach(report, session, rubric)
    report.session_id = None
    report.timing = []
    report.minutes_budget = 0
    return report, notices


def starter_or_latest(session: Session, question_id: str) -> str:
    """The code to put in the editor for a question: the latest the candidate wrote, else the starter code."""
    for run in reversed(session.code_runs):
        if run.question_id == question_id:
            return run.code
    for t in reversed(session.turns):
        q = session.questions[t.question_index] if t.question_index is not None and t.question_index < len(session.questions) else None
        if t.code and q is not None and q.question_id == question_id:
            return t.code
    try:
        return load_spec(question_id).starter
    except BankError:
        return ""
