"""Starting, resuming and closing an interview: the part of the services about one live session.

The shells reach these through ``services`` (which re-exports them). A new or resumed interview is checked for a
writable data dir and held by one writer (``store.lock``) until ``close_interview`` or the end of the process.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from interviewer.catalog import Catalog
from interviewer.engine.clock import check_minutes
from interviewer.engine.interview import Interview, Reply
from interviewer.engines import EngineSet
from interviewer.errors import DataDirError, UserError
from interviewer.store import SessionStore, StoreError


def load_session(store: SessionStore, ref: str):
    """The session ``ref`` names (an id, a unique prefix, or a file), or UserError in one line."""
    try:
        return store.load(ref)
    except StoreError as exc:
        raise UserError(str(exc)) from None


def new_interview(
    catalog: Catalog,
    persona_id: str,
    *,
    minutes: float | None = None,
    store: SessionStore | None = None,
    engine: EngineSet | Mapping[str, Any] | None = None,
    clock=None,
    plan=None,
    origin: str = "",
) -> Interview:
    """A new interview (``plan``: a tailored round or a drill). With a store: the data dir is checked writable first,
    and this process becomes the session's one writer (``close_interview`` lets go; so does the end of the process).
    ``origin`` is saved with the session: ``app`` or ``chat`` (a drill plan makes it ``drill``), ``loop``, or
    ``rehearse`` for scripted answers, which ``progress`` keeps apart from the candidate's own practice."""
    eng = EngineSet.of(engine)
    if minutes is not None:
        check_minutes(minutes)
    if store is not None:
        store.check_writable()
    iv = Interview.new(
        catalog, persona_id, minutes=minutes, store=store, clock=clock, judge=eng.judge, voice=eng.voice, engine=eng.engine,
        plan=plan,
    )
    drill = plan is not None and getattr(plan, "kind", "") == "drill"
    iv.session.origin = "drill" if drill and origin in ("app", "chat") else origin
    if store is not None:
        store.lock(iv.session.id)
    return iv


def resume_interview(
    catalog: Catalog,
    store: SessionStore,
    ref: str,
    *,
    engine: EngineSet | Mapping[str, Any] | None = None,
    clock=None,
) -> Interview:
    """An unfinished interview, continued by this process as its one writer. Raises UserError for a finished
    session, SessionLocked when another process has it open. Check the data dir first (``check_data_dir``)."""
    eng = EngineSet.of(engine)
    session = load_session(store, ref)
    if session.status == "finished":
        raise UserError(f"session {session.id} is already finished; see `interviewer report {session.id}`")
    store.lock(session.id)
    try:
        session = store.load(session.id)  # read again under the lock: the last writer may have saved since
    except StoreError as exc:
        store.unlock(session.id)
        raise UserError(str(exc)) from None
    return Interview.resume(catalog, session, store=store, clock=clock, judge=eng.judge, voice=eng.voice)


def check_data_dir(store: SessionStore, *, resuming: bool = False) -> str | None:
    """Raise DataDirError unless sessions can be saved in the data dir. When ``resuming``, a full disk is only a
    warning (returned): space may free up, and the candidate can still end the interview and get the report."""
    try:
        store.check_writable()
    except DataDirError as exc:
        if resuming and exc.disk_full:
            return f"{exc.message} You can still end the interview and read its report."
        raise
    return None


def needs_reply(interview: Interview) -> bool:
    """Whether the interviewer speaks first when the session is opened: a new session (the opening), or one whose
    last saved turn is the candidate's (the process stopped before the reply). ``Interview.recover`` gives it."""
    turns = interview.session.turns
    return not interview.finished and (not turns or turns[-1].role == "candidate")


def close_interview(interview: Interview) -> None:
    """Let go of the session (another window may open it now)."""
    if interview.store is not None:
        interview.store.unlock(interview.session.id)


def is_saved(interview: Interview) -> bool:
    """Whether everything the interview holds is on disk (False without a store, or after a failed save)."""
    return interview.store is not None and interview.store.is_saved(interview.session.id)




async def retry_save(interview: Interview, on_token=None) -> Reply:
    """After a failed save (a full disk): save what the interview holds, then give the interviewer's missing reply
    (``recover``), or the last one again if it was never shown. Raises the OSError if the disk is still full."""
    if not is_saved(interview) and interview.store is not None:
        interview.store.save(interview.session)
    if needs_reply(interview):
        return await interview.recover(on_token)
    return Reply(interview.last_interviewer_turn())
