"""Use cases shared by the CLI and the TUI: open the store, run a rehearsal, review one answer, build a report.

The shells (cli/, plainchat.py, tui/) parse input and show output; everything they do goes through here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import yaml
from pydantic import BaseModel, Field, ValidationError

from interviewer.catalog import Catalog, default_catalog
from interviewer.engine.clock import MAX_MINUTES, MIN_MINUTES, FakeClock
from interviewer.engine.interview import Interview
from interviewer.engines import EngineSet
from interviewer.errors import UserError
from interviewer.interviews import (  # noqa: F401 - the shells reach these through services
    check_data_dir,
    close_interview,
    load_session,
    is_saved,
    needs_reply,
    new_interview,
    resume_interview,
    retry_save,
)
from interviewer.judges.offline import OfflineJudge
from interviewer.judges.text import clean_answer
from interviewer.models import QuestionRecord, Report, Session, Turn
from interviewer.paths import data_dir
from interviewer.report.grader import grade, grade_async, match_question
from interviewer.store import SessionStore


def open_store(override: str | None = None, *, writable: bool = False) -> SessionStore:
    """The session store of the data dir. ``writable``: check first that sessions can be saved there (DataDirError,
    one line naming the folder and how to choose another, when they cannot)."""
    store = SessionStore(data_dir(override))
    if writable:
        store.check_writable()
    return store


# --------------------------------------------------------------------------- rehearsal scripts


class ScriptAnswer(BaseModel):
    seconds: float = Field(ge=0, le=7200)
    text: str = ""
    code: str | None = None  # a coding round: the code submitted with the text
    # Optional: the question id this answer is for ("wrapup" for the closing questions). A script that names them
    # stays aligned whatever follow-ups the interviewer asks: an answer for a question already over is dropped, and
    # a question the script has nothing for is skipped.
    question: str | None = None


class RehearsalScript(BaseModel):
    persona: str | None = None
    minutes: float | None = Field(default=None, ge=MIN_MINUTES, le=MAX_MINUTES)
    answers: list[ScriptAnswer]


def read_script(path: str | Path) -> tuple[Path, dict]:
    """A script file's YAML mapping (a one-round script, or a loop script with ``rounds``)."""
    p = Path(path)
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise UserError(f"cannot read script {p}: {exc.strerror or exc}") from None
    try:
        data = yaml.safe_load(raw.decode("utf-8", errors="replace"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark else ""
        raise UserError(f"script {p} is not valid YAML{where}: {getattr(exc, 'problem', exc)}") from None
    if not isinstance(data, dict):
        raise UserError(f"script {p}: expected a mapping with 'persona' and 'answers' (or 'rounds' for a loop)")
    return p, data


def validate_script(p: Path, data: dict, model: type[BaseModel]):
    """``data`` as ``model``, or one UserError line naming the first bad field."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        e = exc.errors()[0]
        loc = ".".join(str(x) for x in e["loc"])
        raise UserError(f"script {p}: field '{loc}': {e['msg']}") from None


def load_script(path: str | Path) -> RehearsalScript:
    p, data = read_script(path)
    return validate_script(p, data, RehearsalScript)


@dataclass
class RehearsalResult:
    interview: Interview
    report: Report
    report_paths: dict[str, Path]


async def rehearse(
    script: RehearsalScript,
    *,
    persona_id: str | None = None,
    minutes: float | None = None,
    store: SessionStore | None = None,
    catalog: Catalog | None = None,
    on_turn: Callable[[Turn], None] | None = None,
    on_notice: Callable[[str], None] | None = None,
    judge=None,
    voice=None,
    grader=None,
    engine: str = "offline",
    plan=None,
    on_start: Callable[[Interview], None] | None = None,
) -> RehearsalResult:
    """Run a whole interview from a candidate script. The clock advances by each answer's ``seconds``.
    ``on_start`` sees the interview before its first word (a loop records the round's session then)."""
    catalog = catalog or default_catalog()
    pid = persona_id or script.persona
    if not pid:
        raise UserError("the script names no persona: pass --persona")
    clock = FakeClock()
    interview = new_interview(
        catalog, pid, minutes=minutes or script.minutes, store=store, clock=clock,
        engine=EngineSet(judge=judge, voice=voice, engine=engine), plan=plan,
    )
    try:
        if on_start:
            on_start(interview)
        emit = on_turn or (lambda t: None)
        note = on_notice or (lambda s: None)

        reply = await interview.start()
        emit(reply.turn)  # type: ignore[arg-type]
        answers = list(script.answers)
        dropped = 0
        while interview.awaiting_reply:
            if not answers:
                reply = await interview.end(reason="script_end")
                for n in reply.notices:
                    note(n)
                emit(reply.turn)  # type: ignore[arg-type]
                break
            a = answers[0]
            step = _align(interview, a)
            if step == "drop":
                answers.pop(0)
                dropped += 1
                continue
            if step == "skip":
                reply = await interview.skip()
                emit(reply.turn)  # type: ignore[arg-type]
                continue
            answers.pop(0)
            clock.advance(a.seconds)
            cand = len(interview.session.turns)
            reply = await interview.answer(a.text, seconds=a.seconds, code=a.code)
            emit(interview.session.turns[cand])
            for n in reply.notices:
                note(n)
            if reply.turn:
                emit(reply.turn)
        if answers or dropped:
            note(f"The interview closed with {len(answers) + dropped} scripted answer(s) unused.")
        report = await finish(interview, store=store, grader=grader)
        paths = write_reports(report, store) if store else {}
    finally:
        close_interview(interview)
    return RehearsalResult(interview, report, paths)


def _align(interview: Interview, a: ScriptAnswer) -> str:
    """"answer", "drop" (its question is over) or "skip" (the open question has no scripted answer left)."""
    if a.question is None:
        return "answer"
    q = interview.session.current_question
    current = q.question_id if q else ("wrapup" if interview.session.stage == "wrapup" else None)
    if current is None or current == a.question:
        return "answer"
    if a.question in interview.session.asked_ids or current == "wrapup":
        return "drop"
    return "skip"


async def finish(interview: Interview, *, store: SessionStore | None = None, grader=None) -> Report:
    """Grade a finished (or abandoned) interview and cache the overall score on the session."""
    session = interview.session
    await interview.settle()  # the model's readings still in flight belong in the report
    if grader is not None:
        report = await grade_async(session, interview.persona, interview.rubric, scorer=grader)
    else:
        report = grade(session, interview.persona, interview.rubric, engine=session_engine(session))
    if interview.rubric.kind == "coding":
        from interviewer.report.coding import attach

        attach(report, session, interview.rubric)  # a model grader's report gets the code, the tests and the runs too
    session.overall = report.overall
    if store:
        try:
            store.save(session)
        except OSError:
            pass  # kept in store.unsaved: the shell says so (is_saved), and the report is still shown and written
    return decorate(report, session, store)


def decorate(report: Report, session: Session, store: SessionStore | None = None) -> Report:
    """Add what the report knows beyond this session: the tailored questions and each dimension's history."""
    from interviewer.tailor.plan import annotate

    annotate(report, session)
    if store is not None and session.status == "finished":
        from interviewer.progress import report_history

        try:
            report.history = report_history(store.root, session.id, session.persona_id, {d.id: d.score for d in report.dimensions})
        except Exception:  # noqa: BLE001 - the history is a bonus: an unreadable index never costs the report
            report.history = {}
    return report


def session_engine(session: Session) -> str:
    return session.engine or "offline"


REPORT_FORMATS = ("md", "html", "json")


def write_reports(report: Report, store: SessionStore, formats: tuple[str, ...] = REPORT_FORMATS) -> dict[str, Path]:
    from interviewer.report.render import write_report

    sid = report.session_id or "review"
    return {fmt: write_report(report, store.report_path(sid, fmt), fmt) for fmt in formats}


def write_reports_anywhere(
    report: Report, store: SessionStore, formats: tuple[str, ...] = REPORT_FORMATS
) -> tuple[dict[str, Path], list[str]]:
    """Write the report files where they belong, or, when the data dir cannot take them (a full or read-only disk),
    in the first other folder that can: the temp dir, then the working directory. Returns the paths written and
    one line for each folder that failed."""
    import tempfile

    from interviewer.errors import os_error_text
    from interviewer.report.render import write_report

    sid = report.session_id or "review"
    places = [store.reports_dir, Path(tempfile.gettempdir()) / "interviewer-reports", Path.cwd()]
    written: dict[str, Path] = {}
    failures: list[str] = []
    for place in places:
        for fmt in formats:
            if fmt in written:
                continue
            target = store.report_path(sid, fmt) if place == store.reports_dir else place / f"{sid}.{fmt}"
            try:
                written[fmt] = write_report(report, target, fmt)
            except OSError as exc:
                failures.append(f"could not write the report to {place}: {os_error_text(exc)}")
                break
        if len(written) == len(formats):
            break
    return written, failures


# --------------------------------------------------------------------------- reports of stored sessions


async def regrade(store: SessionStore, session: Session, grader, catalog: Catalog | None = None) -> Report:
    """Grade a stored session again with ``grader`` (an LLM grader) and store the new report."""
    catalog = catalog or default_catalog()
    persona = catalog.persona(session.persona_id)
    rubric = catalog.rubric_for_session(session.rubric_id, persona)
    report = await grade_async(session, persona, rubric, scorer=grader)
    session.overall = report.overall
    store.save(session)
    decorate(report, session, store)
    write_reports(report, store)
    return report


def report_for(store: SessionStore, session: Session, catalog: Catalog | None = None) -> Report:
    """The stored report of a session if there is one, else a fresh offline grading of its transcript."""
    stored = store.report_path(session.id, "json")
    if stored.exists():
        try:
            return Report.model_validate_json(stored.read_bytes())
        except ValidationError:
            pass  # an old or damaged report: grade again
    catalog = catalog or default_catalog()
    persona = catalog.persona(session.persona_id)
    rubric = catalog.rubric_for_session(session.rubric_id, persona)
    return decorate(grade(session, persona, rubric, engine=session_engine(session)), session, store)


# --------------------------------------------------------------------------- review of one written answer


def review_reference(persona, question: str | None):
    """The reference material a reviewed answer is checked against, and one line for the report saying which."""
    from interviewer.judges.offline.reference import BORROW_AT, closest_question, reference_for

    if not question:
        return reference_for(None), "No question was given, so only generic signals were read: pass --question to check the answer against what the question asks."
    match = closest_question(persona, question)
    if match.question is not None and match.exact:
        return reference_for(match.question), "Scored against the key points of this question from the bank."
    if match.question is not None and match.score >= BORROW_AT:
        return reference_for(match.question, question), (
            f"This question is not in the bank; it was scored against the key points of the closest bank question, "
            f"“{match.question.text}”."
        )
    return reference_for(None, question), (
        "This question is not in the bank and none is close to it, so only generic signals were read (no key points)."
    )


def _review_session(answer: str | bytes, persona_id: str, question: str | None, catalog: Catalog | None):
    catalog = catalog or default_catalog()
    persona = catalog.persona(persona_id)
    rubric = catalog.rubric_for(persona)
    cleaned = clean_answer(answer)
    if not cleaned.text:
        raise UserError("the answer is empty: there is nothing to score")
    qtext, dims = match_question(persona, question)
    ref, ref_note = review_reference(persona, question)
    if ref.source == "borrowed":
        borrowed = next(q for q in persona.questions if q.text == ref.borrowed_from)
        dims = list(borrowed.dimensions)
    style = [d.id for d in rubric.dimensions if d.phase == "all"]
    if dims is None:
        dims = [d.id for d in rubric.dimensions if d.phase == "main"]
    dims = list(dict.fromkeys(dims + style))
    now = datetime.now().astimezone().isoformat(timespec="seconds")
    bank = next((b for b in persona.questions if b.text in (ref.question, ref.borrowed_from)), None) if ref.source != "none" else None
    q = QuestionRecord(
        index=0, question_id=bank.id if bank else "review", text=qtext or "(your answer)", dimensions=dims, started_at=0, ended_at=0, budget_seconds=0
    )
    session = Session(
        id="review",
        persona_id=persona.id,
        rubric_id=rubric.id,
        created=now,
        minutes=0,
        stage="question",  # the answer belongs to the question: a judge reads it against that question
        questions=[q],
        turns=[Turn(index=0, role="candidate", text=cleaned.text, at=0, question_index=0)],
    )
    return persona, rubric, session, dims, cleaned.notices, ref, ref_note


def _review_report(report: Report, ref_note: str = "") -> Report:
    report.session_id = None
    report.timing = []
    report.minutes_budget = 0
    if ref_note:
        report.summary = f"{report.summary} {ref_note}".strip()
    return report


def review(answer: str | bytes, *, persona_id: str = "behavioral", question: str | None = None, catalog: Catalog | None = None) -> tuple[Report, list[str]]:
    """Score one written answer with the offline engine, as if it were the only answer of a round."""
    if _is_coding(persona_id, catalog):
        import asyncio

        from interviewer.coding_service import review_code

        return asyncio.run(review_code(answer, persona_id=persona_id, question=question, catalog=catalog))
    persona, rubric, session, dims, notices, ref, ref_note = _review_session(answer, persona_id, question, catalog)
    session.turns[0].assessment = OfflineJudge().assess(session.turns[0].text, rubric, dims, question=ref)
    return _review_report(grade(session, persona, rubric, engine="offline"), ref_note), notices


async def review_async(
    answer: str | bytes, *, persona_id: str = "behavioral", question: str | None = None, catalog: Catalog | None = None, judge=None, grader=None
) -> tuple[Report, list[str]]:
    """``review`` with an LLM judge and grader; a failed judge call falls back to the offline judge."""
    if _is_coding(persona_id, catalog):
        from interviewer.coding_service import review_code

        return await review_code(answer, persona_id=persona_id, question=question, catalog=catalog, judge=judge, grader=grader)
    from interviewer.engine.interview import assess_with_fallback
    from interviewer.judges.base import TurnContext

    persona, rubric, session, dims, notices, ref, ref_note = _review_session(answer, persona_id, question, catalog)
    turn = session.turns[0]
    ctx = TurnContext(persona=persona, rubric=rubric, session=session, question=session.questions[0].text, dimensions=dims)
    offline = OfflineJudge()
    turn.assessment = await assess_with_fallback(judge or offline, offline, turn.text, ctx, 0, session, notices)
    if grader is not None:
        report = await grade_async(session, persona, rubric, scorer=grader)
    else:
        report = grade(session, persona, rubric, engine="offline")
    return _review_report(report, ref_note), notices


async def review_with(judge, answer: str | bytes, *, persona_id: str = "behavioral", question: str | None = None, catalog: Catalog | None = None) -> Report:
    """One answer read by ``judge`` in one call and aggregated offline. A model failure raises ``EngineFailure``
    (batch review reports it on the answer's line rather than mixing in offline scores)."""
    from interviewer.judges.base import TurnContext

    persona, rubric, session, dims, _notices, _ref, ref_note = _review_session(answer, persona_id, question, catalog)
    turn = session.turns[0]
    ctx = TurnContext(persona=persona, rubric=rubric, session=session, question=session.questions[0].text, dimensions=dims)
    turn.assessment = await judge.assess_async(turn.text, ctx)
    return _review_report(grade(session, persona, rubric, engine=getattr(judge, "name", "llm")), ref_note)


def _is_coding(persona_id: str, catalog: Catalog | None) -> bool:
    """Whether the persona's round scores code (a solution file is run against the question's tests)."""
    catalog = catalog or default_catalog()
    persona = catalog.personas.get(persona_id)
    rubric = catalog.rubrics.get(persona.rubric) if persona else None
    return bool(rubric and rubric.kind == "coding")
