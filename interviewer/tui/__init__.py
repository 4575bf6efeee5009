"""The full-screen Textual app. Only this package imports Textual; it never imports litellm at import time.

``run_app`` is the entry point used by ``interviewer`` with no arguments in a terminal.
"""

from __future__ import annotations

import sys
from typing import Any

__all__ = ["run_app"]


def run_app(data_dir: str | None = None, *, clock: Any = None, engine: dict[str, Any] | None = None) -> int:
    """Run the app until the candidate quits. ``clock`` and ``engine`` (a dict like ``engines.select`` returns) are
    injection points for tests. Returns the exit code."""
    from interviewer.tui.app import InterviewerApp, resume_hint

    app = InterviewerApp(data_dir=data_dir, clock=clock, engine=engine)
    result = app.run()
    sid = app.unfinished_session_id()
    if sid:
        print(resume_hint(sid), file=sys.stderr)
    if app.return_code not in (None, 0):
        return int(app.return_code)
    return int(result or 0)
