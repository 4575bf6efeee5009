"""The story bank's table in the history index: one row per telling, filled from each session file.

Registered with the history index at import (``interviewer/history.py`` imports this module, so every index has the
same tables whichever command opens it). Standard library only at import time; the session's models, its rubric and
the STAR reading (``interviewer.stories``) are loaded only when a session is indexed.
"""

from __future__ import annotations

import json
import sqlite3

from interviewer.history_ext import Extension, SessionDoc, register

DDL = (
    """CREATE TABLE IF NOT EXISTS tellings (
        session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE, position INTEGER NOT NULL,
        persona_id TEXT NOT NULL, created TEXT NOT NULL, question_id TEXT NOT NULL, question TEXT NOT NULL,
        text TEXT NOT NULL, title TEXT NOT NULL, score REAL NOT NULL, reused INTEGER NOT NULL,
        levels TEXT NOT NULL, parts TEXT NOT NULL, quotes TEXT NOT NULL,
        PRIMARY KEY (session_id, position)
    )""",
)
COLUMNS = "session_id, persona_id, created, question_id, question, text, title, score, reused, levels, parts, quotes"


def index_session(conn: sqlite3.Connection, doc: SessionDoc) -> None:
    """The tellings of one session (none unless its round is behavioral)."""
    if not doc.data.get("questions"):
        return
    from interviewer.catalog import default_catalog
    from interviewer.stories import rubric_of, tellings_of

    try:
        session = doc.session
        rubric = rubric_of(default_catalog(), session)
        if rubric is None or rubric.kind != "behavioral":
            return
        tellings = tellings_of(session, rubric)
    except Exception:  # noqa: BLE001 - a session the story bank cannot read must not drop out of progress
        return
    rows = [
        (
            t.session_id, i, t.persona_id, t.created, t.question_id, t.question, t.text, t.title, t.score, int(t.reused),
            json.dumps(t.levels), json.dumps(t.parts), json.dumps(t.quotes),
        )
        for i, t in enumerate(tellings)
    ]
    conn.executemany("INSERT INTO tellings VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)


register(Extension(name="stories", version=1, ddl=DDL, index=index_session))
