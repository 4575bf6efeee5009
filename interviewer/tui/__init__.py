"""The full-screen Textual app. Only this package imports Textual; it never imports litellm at import time.

``run_app`` is the entry point used by ``interviewer`` with no arguments in a terminal.
"""

from __future__ import annotations

import gc

# This package is imported to run the app, and the app's start-up allocates tens of thousands of objects that live on
# (Textual's modules and classes, the CSS rules, the widgets): the cyclic garbage collector would walk them again and
# again, about a hundred times before Home's first frame (some 25 ms, a tenth of the time to that frame). So it
# collects rarely until then (Textual offers the same while scrolling: App.PAUSE_GC_ON_SCROLL). The app restores
# the usual thresholds once Home's first frame is on screen, or when it stops (``resume_gc``). A collection still runs
# every 100,000 new objects, so a process that imports this package and never runs the app keeps a collector.
_GC_THRESHOLD = gc.get_threshold()
gc.set_threshold(max(_GC_THRESHOLD[0], 100_000), *_GC_THRESHOLD[1:])

import sys  # after the pause above, which should cover every import
from typing import Any

__all__ = ["resume_gc", "run_app"]


def resume_gc() -> None:
    """Collect garbage as usual again (the start-up pause above is over)."""
    gc.set_threshold(*_GC_THRESHOLD)


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
    from interviewer.paths import check_writable
    from interviewer.paths import data_dir as resolve_data_dir
    from interviewer.tui.app import InterviewerApp, resume_hint

    warning = None
    try:  # no store (pydantic models) before the first frame: the app reads sessions after it
        check_writable(resolve_data_dir(data_dir))
    except DataDirError as exc:
        if not exc.disk_full:
            print(f"interviewer: error: {exc.message}", file=sys.stderr)
            return exc.exit_code
        warning = exc.message
    app = InterviewerApp(data_dir=data_dir, clock=clock, engine=engine, start=(persona, minutes, job, cv), session=session)
    app.startup_warning = warning
    try:
        result = app.run()
    finally:
        resume_gc()
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
