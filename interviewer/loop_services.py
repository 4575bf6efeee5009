"""Use cases of the onsite loop, shared by the line chat, the CLI and the app: plan a loop, begin and complete its
rounds, pick it up again after a crash or a few days, rehearse a whole loop from a script, write the debrief.

The shells decide how a round is played (the line chat, the Interview screen) and what a break looks like; the
bookkeeping lives here. The loop file is saved at every step that changes it, after the session it points to, so a
process killed at any moment leaves a loop that ``reconcile`` turns back into a consistent one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, Field

from interviewer import services
from interviewer.catalog import Catalog, default_catalog
from interviewer.engine.clock import MAX_MINUTES, MIN_MINUTES
from interviewer.engine.interview import Interview
from interviewer.loop import DEFAULT_ROUNDS, now_iso, Debrief, Loop, LoopError, LoopRound, LoopStore, build_debrief
from interviewer.models import Report, Turn
from interviewer.store import SessionStore, StoreError

__all__ = [
    "LoopScript", "begin_round", "complete_round", "debrief", "hold_loop", "loop_store", "new_loop", "plan_rounds",
    "reconcile", "rehearse_loop", "round_plan", "set_tailor", "tailor_of", "write_debrief",
]


def loop_store(store: SessionStore) -> LoopStore:
    """The loops beside ``store``'s sessions."""
    return LoopStore(store.root)


# --------------------------------------------------------------------------- planning


def plan_rounds(
    catalog: Catalog, rounds: list[str] | None = None, minutes: list[float] | None = None
) -> tuple[list[LoopRound], list[str]]:
    """The rounds of a new loop, and notices for default rounds whose persona is not available.

    Rounds the candidate names must exist (a typo is an error); a default round whose persona is missing is kept,
    marked unavailable, so the debrief says it did not run. ``minutes``: one value for every round, or one per round.
    """
    explicit = rounds is not None
    ids = [r.strip() for r in (rounds or list(DEFAULT_ROUNDS)) if r.strip()]
    if not ids:
        raise services.UserError("no rounds given: pass --rounds a,b,c (see `interviewer personas`)")
    known = ", ".join(sorted(catalog.personas)) or "none"
    if explicit:
        unknown = [r for r in ids if r not in catalog.personas]
        if unknown:
            raise services.UserError(f"unknown round(s) {', '.join(unknown)} (available: {known})")
    minutes = list(minutes or [])
    if len(minutes) not in (0, 1, len(ids)):
        raise services.UserError(f"--minutes takes one value or one per round ({len(ids)} rounds, {len(minutes)} values)")
    planned, notices = [], []
    for i, pid in enumerate(ids):
        m = minutes[0] if len(minutes) == 1 else (minutes[i] if minutes else None)
        if pid in catalog.personas:
            planned.append(LoopRound(persona_id=pid, minutes=m))
        else:
            note = f"round '{pid}' is not available yet (no persona '{pid}'); the loop runs without it"
            planned.append(LoopRound(persona_id=pid, minutes=m, status="unavailable", note=note))
            notices.append(note)
    if not any(r.status == "pending" for r in planned):
        raise services.UserError(f"none of the loop's rounds is available (available: {known})")
    return planned, notices


def new_loop(store: SessionStore, rounds: list[LoopRound], engine: str = "offline", tailor: tuple | None = None) -> Loop:
    """A new loop, saved, held by this process (``hold_loop``), with the job description and resume it is tailored
    to (``tailor``: (job, resume) documents) kept in the loop file for every round, resumed ones included."""
    loops = loop_store(store)
    loop = Loop(id=loops.new_id(), created=now_iso(), engine=engine, rounds=rounds)
    set_tailor(loop, tailor)
    loops.lock(loop.id)
    loops.save(loop)
    return loop


def hold_loop(store: SessionStore, loop: Loop) -> None:
    """Become the one process running ``loop`` until this process ends (LoopLocked, naming the other process's
    pid, when another window runs it)."""
    loop_store(store).lock(loop.id)


def release_loop(store: SessionStore, loop: Loop) -> None:
    """Let another window run the loop."""
    loop_store(store).release(loop.id)


def set_tailor(loop: Loop, tailor: tuple | None) -> None:
    """Keep the (job, resume) documents in the loop (None leaves what the loop has)."""
    if not tailor or not any(tailor):
        return
    job, resume = tailor
    loop.job, loop.job_name = (job.text, job.name) if job else ("", "")
    loop.resume, loop.resume_name = (resume.text, resume.name) if resume else ("", "")


def tailor_of(loop: Loop) -> tuple | None:
    """The (job, resume) documents the loop's rounds are tailored to, or None."""
    if not loop.tailored:
        return None
    from interviewer.tailor.documents import Document

    return (
        Document(loop.job_name or "job description", loop.job) if loop.job else None,
        Document(loop.resume_name or "resume", loop.resume) if loop.resume else None,
    )


def load_loop(store: SessionStore, ref: str) -> Loop:
    try:
        return loop_store(store).load(ref)
    except LoopError as exc:
        raise services.UserError(str(exc)) from None


# --------------------------------------------------------------------------- rounds


def begin_round(
    loop: Loop, store: SessionStore, catalog: Catalog | None = None, *, judge=None, voice=None, clock=None,
    engine: str = "offline", plan=None,
) -> Interview:
    """The interview of the loop's current round: its session resumed if it has one, else a new session, recorded
    in the loop and saved (with no turns) before the first word, so a crash never orphans it."""
    catalog = catalog or default_catalog()
    index = loop.current
    if index is None:
        raise services.UserError(f"loop {loop.id} has no round left to run")
    r = loop.rounds[index]
    if r.session_id:
        # the round's one writer for the whole round, like a chat session (SessionLocked names the other window)
        store.lock(r.session_id)
        try:
            session = store.load(r.session_id)  # read under the lock: the last writer may have saved since
            iv = Interview.resume(catalog, session, store=store, judge=judge, voice=voice, clock=clock)
            _remember_stories(iv, loop, index, store, catalog)
            return iv
        except StoreError:
            store.unlock(r.session_id)  # the session was never written (killed before its first save): start afresh
    iv = Interview.new(
        catalog, r.persona_id, minutes=r.minutes, store=store, judge=judge, voice=voice, clock=clock, engine=engine,
        plan=plan,  # a round tailored to the job description and resume (--job/--resume), saved with its session
    )
    store.lock(iv.session.id)
    iv.session.origin = "loop"  # the candidate's own practice (a scripted loop goes through services.rehearse)
    r.session_id, r.status = iv.session.id, "active"
    loop_store(store).save(loop)  # first: a loop that names a session not yet written starts the round again
    store.save(iv.session)
    _remember_stories(iv, loop, index, store, catalog)
    return iv


def _remember_stories(iv: Interview, loop: Loop, index: int, store: SessionStore, catalog: Catalog) -> None:
    """The stories told in the loop's earlier rounds, so a story told again gets "a different example, please"."""
    from interviewer.stories import known_stories

    earlier = []
    for r in loop.rounds[:index]:
        if r.session_id:
            try:
                earlier.append(store.load(r.session_id))
            except StoreError:
                continue
    iv.agent.remember_stories(known_stories(earlier, catalog))


def complete_round(loop: Loop, index: int, store: SessionStore, report: Report) -> None:
    """Record a finished round's result (its report is already written) and save the loop."""
    r = loop.rounds[index]
    r.status, r.overall, r.recommendation = "finished", report.overall, report.recommendation
    if loop.current is None:
        loop.status = "finished"
    loop_store(store).save(loop)
    if r.session_id:
        store.unlock(r.session_id)  # the round is over: its session may be opened (read-only) elsewhere


async def reconcile(loop: Loop, store: SessionStore, catalog: Catalog | None = None, grader=None) -> list[str]:
    """Bring a loop read from disk up to date with its sessions (after a crash, or when a round was finished
    through `interviewer resume`): a finished session's round is graded and recorded; a round whose session was
    never written starts again. Returns notices for the candidate."""
    catalog = catalog or default_catalog()
    notices: list[str] = []
    changed = False
    for i, r in enumerate(loop.rounds):
        if r.status != "active" or not r.session_id:
            continue
        try:
            session = store.load(r.session_id)
        except StoreError:
            r.status, r.session_id, changed = "pending", None, True
            continue
        if session.status == "finished" or session.stage == "closed":
            iv = Interview.resume(catalog, session, store=store)
            report = await _graded(iv, store, catalog, grader)
            complete_round(loop, i, store, report)
            notices.append(f"Round {loop.position(i)[0]} ({r.persona_id}) was already finished: {report.overall:.2f}, {report.recommendation}.")
    if loop.current is None and loop.status != "finished":
        loop.status, changed = "finished", True
    if changed:
        loop_store(store).save(loop)
    return notices


async def _graded(iv: Interview, store: SessionStore, catalog: Catalog, grader) -> Report:
    """The round's stored report, or a fresh grading written to disk."""
    stored = store.report_path(iv.session.id, "json")
    if stored.exists() and iv.session.overall is not None:
        return services.report_for(store, iv.session, catalog)
    report = await services.finish(iv, store=store, grader=grader)
    services.write_reports(report, store)
    return report


async def finish_round(loop: Loop, iv: Interview, store: SessionStore, catalog: Catalog | None = None, grader=None) -> Report:
    """Grade the round just played (if the shell has not), write its report and record it in the loop."""
    catalog = catalog or default_catalog()
    index = loop.round_for_session(iv.session.id)
    if index is None:
        raise LoopError(f"session {iv.session.id} is not part of loop {loop.id}")
    report = await _graded(iv, store, catalog, grader)
    complete_round(loop, index, store, report)
    return report


# --------------------------------------------------------------------------- the debrief


def debrief(loop: Loop, store: SessionStore, catalog: Catalog | None = None) -> Debrief:
    catalog = catalog or default_catalog()
    reports: dict[int, Report] = {}
    paths: dict[int, dict[str, Path]] = {}
    for i, r in enumerate(loop.rounds):
        if r.status != "finished" or not r.session_id:
            continue
        try:
            session = store.load(r.session_id)
        except StoreError as exc:
            r.note = f"session missing: {exc}"
            continue
        reports[i] = services.report_for(store, session, catalog)
        paths[i] = {fmt: p for fmt in ("md", "html", "json") if (p := store.report_path(session.id, fmt)).exists()}
    names = {p.id: p.round for p in catalog.personas.values()}
    return build_debrief(loop, reports, names, paths)


def write_debrief(result: Debrief, store: SessionStore, formats: tuple[str, ...] = ("md", "html", "json")) -> dict[str, Path]:
    from interviewer.report.debrief import write_debrief as _write

    return {fmt: _write(result, store.report_path(result.loop_id, fmt), fmt) for fmt in formats}


# --------------------------------------------------------------------------- rehearsal of a whole loop


class LoopScriptRound(BaseModel):
    persona: str
    minutes: float | None = Field(default=None, ge=MIN_MINUTES, le=MAX_MINUTES)
    answers: list[services.ScriptAnswer]


class LoopScript(BaseModel):
    rounds: list[LoopScriptRound] = Field(min_length=1)


def is_loop_script(data: dict) -> bool:
    return "rounds" in data


def load_loop_script(path: str | Path) -> LoopScript:
    p, data = services.read_script(path)
    return services.validate_script(p, data, LoopScript)


@dataclass
class LoopRehearsal:
    loop: Loop
    debrief: Debrief
    paths: dict[str, Path]


async def rehearse_loop(
    script: LoopScript,
    *,
    store: SessionStore,
    catalog: Catalog | None = None,
    on_turn: Callable[[Turn], None] | None = None,
    on_notice: Callable[[str], None] | None = None,
    on_round: Callable[[int, int, str], None] | None = None,
    judge=None,
    voice=None,
    grader=None,
    engine: str = "offline",
    tailor: tuple | None = None,
) -> LoopRehearsal:
    """Every round of ``script`` rehearsed in order as one loop, then the debrief (written beside the reports)."""
    catalog = catalog or default_catalog()
    ids = [r.persona for r in script.rounds]
    planned, _ = plan_rounds(catalog, ids)
    for r, sr in zip(planned, script.rounds):
        r.minutes = sr.minutes
    loop = new_loop(store, planned, engine, tailor)
    try:
        return await _rehearse_rounds(loop, script, store, catalog, on_turn, on_notice, on_round, judge, voice, grader, engine)
    finally:
        release_loop(store, loop)


async def _rehearse_rounds(loop, script, store, catalog, on_turn, on_notice, on_round, judge, voice, grader, engine) -> LoopRehearsal:
    for i, sr in enumerate(script.rounds):
        if on_round:
            on_round(i + 1, len(script.rounds), sr.persona)
        one = services.RehearsalScript(persona=sr.persona, minutes=sr.minutes, answers=sr.answers)
        plan = await round_plan(loop, sr.persona, {"judge": judge, "engine": engine} if judge else {}, store, catalog, on_notice)

        def started(iv: Interview, r: LoopRound = loop.rounds[i]) -> None:
            # recorded before the round's first word: a rehearsal killed mid-round resumes with `loop --resume`
            r.session_id, r.status = iv.session.id, "active"
            loop_store(store).save(loop)

        result = await services.rehearse(
            one, store=store, catalog=catalog, on_turn=on_turn, on_notice=on_notice,
            judge=judge, voice=voice, grader=grader, engine=engine, plan=plan, on_start=started,
        )
        complete_round(loop, i, store, result.report)
    result_debrief = debrief(loop, store, catalog)
    return LoopRehearsal(loop, result_debrief, write_debrief(result_debrief, store))


async def round_plan(loop: Loop, persona_id: str, eng: dict, store: SessionStore, catalog: Catalog, on_notice=None):
    """The plan of a new round of ``loop`` for the job description and resume kept in the loop file, or None."""
    tailor = tailor_of(loop)
    if not tailor:
        return None
    from interviewer import tailoring

    job, resume = tailor
    return await tailoring.plan_for(persona_id, job=job, resume=resume, engine=eng, catalog=catalog,
                                    cache_dir=store.root / "tailored", on_notice=on_notice)
