"""Use cases shared by the CLI and the TUI: open the store, run a rehearsal, review one answer, build a report.

The shells (cli/, plainchat.py, tui/) parse input and show output; everything they do goes through here.

Importing this module is cheap: the catalog, the engine, the judges and the store are imported by the functions that
use them, so `interviewer review` pays only for what scoring one answer needs. The live-interview functions
(``interviews.py``) and the review of one answer (``review_service.py``) are reached through here as well.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, Field, ValidationError

from interviewer.engine.clock import MAX_MINUTES, MIN_MINUTES, FakeClock
from interviewer.errors import UserError
from interviewer.paths import data_dir

if TYPE_CHECKING:
    from interviewer.catalog import Catalog
    from interviewer.engine.interview import Interview
    from interviewer.models import Report, Session, Turn
    from interviewer.store import SessionStore

# names the shells reach through services, imported on first use
_ELSEWHERE = {
    **dict.fromkeys(
        ("check_data_dir", "close_interview", "load_session", "is_saved", "needs_reply", "new_interview",
         "resume_interview", "retry_save"),
        "interviewer.interviews",
    ),
    **dict.fromkeys(
        ("review", "review_async", "review_with", "review_reference", "_review_session", "_review_report"),
        "interviewer.review_service",
    ),
}


def __getattr__(name: str) -> Any:
    module = _ELSEWHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # once: later lookups (and monkeypatch) see a plain module attribute
    return value


def open_store(override: str | None = None, *, writable: bool = False) -> SessionStore:
    """The session store of the data dir. ``writable``: check first that sessions can be saved there (DataDirError,
    one line naming the folder and how to choose another, when they cannot)."""
    from interviewer.store import SessionStore

    store = SessionStore(data_dir(override))
    if writable:
        store.check_writable()
    return store


# --------------------------------------------------------------------------- rehearsal scripts


class ScriptAnswer(BaseModel):
    seconds: float = Field(ge=0, le=7200)
    text: str = ""
    code: str | None = None  # a coding round: the code submitted with the text
    # Optional: the question id this answer is for ("warmup" for the introduction a round with a warm-up opens with,
    # "wrapup" for the closing questions). A script that names them stays aligned whatever follow-ups the interviewer
    # asks: an answer for a question already over is dropped, and a question the script has nothing for is skipped
    # (the warm-up too, when the script's first answer names a bank question).
    question: str | None = None


class RehearsalScript(BaseModel):
    persona: str | None = None
    minutes: float | None = Field(default=None, ge=MIN_MINUTES, le=MAX_MINUTES)
    answers: list[ScriptAnswer]


def read_script(path: str | Path) -> tuple[Path, dict]:
    """A script file's YAML mapping (a one-round script, or a loop script with ``rounds``)."""
    import yaml

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
    from interviewer.catalog import default_catalog
    from interviewer.engines import EngineSet
    from interviewer.interviews import close_interview, new_interview

    catalog = catalog or default_catalog()
    pid = persona_id or script.persona
    if not pid:
        raise UserError("the script names no persona: pass --persona")
    clock = FakeClock()
    interview = new_interview(
        catalog, pid, minutes=minutes or script.minutes, store=store, clock=clock,
        engine=EngineSet(judge=judge, voice=voice, engine=engine), plan=plan, origin="rehearse",
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
    stage = interview.session.stage
    current = q.question_id if q else {"wrapup": "wrapup", "opening": "warmup"}.get(stage)
    if current is None or current == a.question:
        return "answer"
    if a.question == "warmup":
        return "drop"  # the warm-up is over (or the round has none)
    if a.question in interview.session.asked_ids or current == "wrapup":
        return "drop"
    return "skip"


async def finish(interview: Interview, *, store: SessionStore | None = None, grader=None) -> Report:
    """Grade a finished (or abandoned) interview and cache the overall score on the session."""
    from interviewer.report.grader import grade, grade_async

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
            report.history = report_history(store.root, session.id, session.persona_id, {d.id: d.score for d in report.dimensions},
                                            rehearsal=session.origin == "rehearse")
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
    from interviewer.catalog import default_catalog
    from interviewer.report.grader import grade_async

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
    from interviewer.catalog import default_catalog
    from interviewer.models import Report
    from interviewer.report.grader import grade

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
