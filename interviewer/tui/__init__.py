"""The full-screen Textual app. Only this package imports Textual; it never imports litellm at import time.

``run_app`` is the entry point used by ``interviewer`` with no arguments in a terminal.
"""

from __future__ import annotations

import sys
from typing import Any

__all__ = ["run_app"]


def run_app(
    data_dir: str | None = None,
    *,
    clock: Any = None,
    engine: Any = None,
    persona: str | None = None,
    minutes: float | None = None,
    job: str | None = None,
    cv: str | None = None,
    session: str | None = None,
) -> int:
    """Run the app until the candidate quits. Returns the exit code.

    ``persona`` (with ``minutes``, and a ``job`` description or ``cv`` file to tailor it) starts that round at once,
    ``session`` continues that session; otherwise Home
    opens. ``engine`` (an EngineSet) replaces the configured one; ``clock`` is for tests. The data dir is checked
    first: if sessions cannot be saved there, one line says so and the app does not start (a full disk only
    warns: answers stay in the box until they can be saved)."""
    from interviewer.errors import DataDirError
    from interviewer.paths import data_dir as resolve_data_dir
    from interviewer.store import SessionStore
    from interviewer.tui.app import InterviewerApp, resume_hint

    warning = None
    try:
        SessionStore(resolve_data_dir(data_dir)).check_writable()
    except DataDirError as exc:
        if not exc.disk_full:
            print(f"interviewer: error: {exc.message}", file=sys.stderr)
            return exc.exit_code
        warning = exc.message
    app = InterviewerApp(data_dir=data_dir, clock=clock, engine=engine, start=(persona, minutes, job, cv), session=session)
    app.startup_warning = warning
    result = app.run()
    sid = app.unfinished_session_id()
    if sid:
        print(resume_hint(sid), file=sys.stderr)
    lost = app.unsaved_session_id()
    if lost:
        print(f"interviewer: error: your last answer in session {lost} could not be saved in {app.store.root}.", file=sys.stderr)
        return 1
    if app.return_code not in (None, 0):
        return int(app.return_code)
    return int(result or 0)
