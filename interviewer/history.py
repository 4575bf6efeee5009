"""The history index: a SQLite file beside the session files that answers progress (and story) queries in
milliseconds, however many sessions there are.

The JSON session files (and the report JSON written beside them) stay the source of truth. The index is a cache of
what they say: ``sync()`` compares every file's size and modification time with what the index recorded (one directory
scan, no file is read) and re-reads only the files that changed, so a warm index costs a few milliseconds. A missing,
corrupt or outdated index is rebuilt from the files; a read-only data dir gets an in-memory index.

Layout under the store's root::

    history.sqlite3       the index (safe to delete at any time)

Extending it: another feature registers an :class:`Extension` (its tables and a function that fills them from one
session) with :func:`register`. Its tables should reference ``sessions(id) ON DELETE CASCADE`` so a session that
changes or disappears takes its rows with it. Changing an extension's ``version`` rebuilds the index.

Standard library only at import time (no pydantic, Textual or litellm): ``interviewer progress`` must start fast.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from interviewer import history_ext as _ext
from interviewer.history_ext import SCHEMA_VERSION, Extension, SessionDoc, fingerprint, register  # noqa: F401
from interviewer import stories_index  # noqa: E402,F401 - registers the story bank's table (so every index has it)

INDEX_NAME = "history.sqlite3"

_BASE_DDL = (
    "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    # one row per session file: the signature (size and mtime) of the session and of its report JSON when indexed
    "CREATE TABLE IF NOT EXISTS files (session_id TEXT PRIMARY KEY, session_sig TEXT NOT NULL, report_sig TEXT NOT NULL)",
    """CREATE TABLE IF NOT EXISTS sessions (
        id TEXT PRIMARY KEY, persona_id TEXT NOT NULL, rubric_id TEXT NOT NULL, round TEXT NOT NULL,
        created TEXT NOT NULL, created_ts REAL NOT NULL, status TEXT NOT NULL, engine TEXT NOT NULL,
        overall REAL, minutes REAL NOT NULL, plan_kind TEXT NOT NULL DEFAULT '', plan_dimension TEXT,
        origin TEXT NOT NULL DEFAULT ''
    )""",
    "CREATE INDEX IF NOT EXISTS sessions_by_time ON sessions (created_ts, id)",
    # one row per dimension scored in a finished session, stored in time order (the primary key), so a progress query
    # reads it front to back with no join and no sort
    """CREATE TABLE IF NOT EXISTS scores (
        created_ts REAL NOT NULL, session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
        persona_id TEXT NOT NULL, dimension TEXT NOT NULL, score INTEGER NOT NULL, origin TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (created_ts, session_id, dimension)
    ) WITHOUT ROWID""",
    "CREATE INDEX IF NOT EXISTS scores_by_session ON scores (session_id)",
    # each dimension's name and weight as the newest session of its round had them
    """CREATE TABLE IF NOT EXISTS dimensions (
        persona_id TEXT NOT NULL, dimension TEXT NOT NULL, name TEXT NOT NULL, weight REAL NOT NULL,
        created_ts REAL NOT NULL, PRIMARY KEY (persona_id, dimension)
    )""",
    # the question bank as the catalog loaded it, so "what to practise next" needs no YAML or pydantic on a warm run
    """CREATE TABLE IF NOT EXISTS bank (
        persona_id TEXT NOT NULL, position INTEGER NOT NULL, question_id TEXT NOT NULL, text TEXT NOT NULL,
        dimensions TEXT NOT NULL, PRIMARY KEY (persona_id, position)
    )""",
    """CREATE TABLE IF NOT EXISTS asked (
        session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE, position INTEGER NOT NULL,
        question_id TEXT NOT NULL, PRIMARY KEY (session_id, position)
    )""",
)


# --------------------------------------------------------------------------- scanning


def _scan(folder: Path, suffix: str) -> dict[str, str]:
    """``{stem: "size:mtime_ns"}`` for the files in ``folder`` ending in ``suffix`` (temp files skipped)."""
    out: dict[str, str] = {}
    try:
        entries = os.scandir(folder)
    except OSError:
        return out
    with entries:
        for e in entries:
            name = e.name
            if not name.endswith(suffix) or name.startswith("."):
                continue
            try:
                st = e.stat()
            except OSError:
                continue
            out[name[: -len(suffix)]] = f"{st.st_size}:{st.st_mtime_ns}"
    return out


def _timestamp(created: str) -> float:
    try:
        return datetime.fromisoformat(created).timestamp()
    except (ValueError, TypeError, OverflowError, OSError):
        return 0.0


@dataclass
class SyncStats:
    indexed: int = 0  # sessions (re)read from their files
    removed: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (file, why) for unreadable files
    rebuilt: bool = False
    seconds: float = 0.0


# --------------------------------------------------------------------------- the index


class HistoryIndex:
    """The index of one data dir. Use ``open_index(root)``; every query method syncs first unless told not to."""

    def __init__(self, root: Path | str, *, catalog=None) -> None:
        self.root = Path(root)
        self.sessions_dir = self.root / "sessions"
        self.reports_dir = self.root / "reports"
        self.path = self.root / INDEX_NAME
        self._catalog = catalog
        self.conn = self._connect()
        self._synced = False

    # ------------------------------------------------------------------ connection

    def _connect(self) -> sqlite3.Connection:
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            conn = self._open(str(self.path))
        except (sqlite3.DatabaseError, OSError):
            try:  # corrupt or not a database: it is only a cache, start again
                self.path.unlink(missing_ok=True)
                conn = self._open(str(self.path))
            except (sqlite3.DatabaseError, OSError):  # a read-only data dir: index in memory for this run
                conn = self._open(":memory:")
        return conn

    def _open(self, where: str) -> sqlite3.Connection:
        conn = sqlite3.connect(where, timeout=10, isolation_level=None)
        conn.execute("PRAGMA foreign_keys = ON")
        if where != ":memory:":
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
        row = None
        try:
            row = conn.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
        except sqlite3.OperationalError:
            pass  # no meta table yet
        if row is None or row[0] != fingerprint():
            self._create(conn, drop=row is not None)
        return conn

    def _create(self, conn: sqlite3.Connection, drop: bool) -> None:
        conn.execute("BEGIN IMMEDIATE")
        try:
            if drop:  # an older layout: the files are the truth, so drop everything and index again
                conn.execute("PRAGMA foreign_keys = OFF")
                tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
                for t in tables:
                    if not t.startswith("sqlite_"):
                        conn.execute(f'DROP TABLE IF EXISTS "{t}"')
                conn.execute("PRAGMA foreign_keys = ON")
            for stmt in _BASE_DDL:
                conn.execute(stmt)
            for ext in _ext._EXTENSIONS.values():
                for stmt in ext.ddl:
                    conn.execute(stmt)
            conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('schema', ?)", (fingerprint(),))
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> HistoryIndex:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ sync

    def sync(self, on_progress: Callable[[int, int], None] | None = None) -> SyncStats:
        """Bring the index up to date with the files: read the changed ones, forget the deleted ones."""
        t0 = time.perf_counter()
        stats = SyncStats()
        sessions = _scan(self.sessions_dir, ".json")
        reports = _scan(self.reports_dir, ".json")
        known = {sid: (s, r) for sid, s, r in self.conn.execute("SELECT session_id, session_sig, report_sig FROM files")}
        stats.rebuilt = not known and bool(sessions)
        changed = [sid for sid, sig in sessions.items() if known.get(sid) != (sig, reports.get(sid, ""))]
        gone = [sid for sid in known if sid not in sessions]
        if changed or gone:
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                for sid in gone:
                    self.conn.execute("DELETE FROM sessions WHERE id = ?", (sid,))
                    self.conn.execute("DELETE FROM files WHERE session_id = ?", (sid,))
                stats.removed = len(gone)
                for i, sid in enumerate(sorted(changed)):
                    self._index_one(sid, sessions[sid], reports.get(sid, ""), stats)
                    if on_progress and (i % 50 == 0 or i == len(changed) - 1):
                        on_progress(i + 1, len(changed))
                self.conn.execute("COMMIT")
            except BaseException:
                self.conn.execute("ROLLBACK")
                raise
        self._synced = True
        stats.seconds = time.perf_counter() - t0
        return stats

    def _index_one(self, sid: str, session_sig: str, report_sig: str, stats: SyncStats) -> None:
        self.conn.execute("DELETE FROM sessions WHERE id = ?", (sid,))
        # the file is recorded even when unreadable, so a broken file is not re-read on every query
        self.conn.execute("INSERT OR REPLACE INTO files VALUES (?, ?, ?)", (sid, session_sig, report_sig))
        path = self.sessions_dir / f"{sid}.json"
        try:
            data = json.loads(path.read_bytes())
            if not isinstance(data, dict) or data.get("id") != sid:
                raise ValueError("not a session file")
        except (OSError, ValueError) as exc:
            stats.skipped.append((path.name, str(exc).splitlines()[0] if str(exc) else type(exc).__name__))
            return
        report = None
        if report_sig:
            try:
                report = json.loads((self.reports_dir / f"{sid}.json").read_bytes())
            except (OSError, ValueError):
                report = None  # a damaged report: graded again from the transcript below
        doc = SessionDoc(path, data, report if isinstance(report, dict) else None)
        try:
            self._index_doc(doc)
        except Exception as exc:  # noqa: BLE001 - one bad file never breaks the index of the others
            self.conn.execute("DELETE FROM sessions WHERE id = ?", (sid,))
            stats.skipped.append((path.name, f"{type(exc).__name__}: {exc}".splitlines()[0]))
            return
        stats.indexed += 1

    def _index_doc(self, doc: SessionDoc) -> None:
        d = doc.data
        plan = d.get("plan") or {}
        dims: list[dict[str, Any]] = []
        overall = d.get("overall")
        round_name = str(d.get("persona_id", ""))
        if d.get("status") == "finished":
            report = doc.report if _is_report_of(doc.report, doc.id) else None
            if report is None:
                report = self._grade(doc)
            if report is not None:
                dims = list(report.get("dimensions") or [])
                overall = report.get("overall", overall)
                round_name = str(report.get("round") or round_name)
        created = str(d.get("created", ""))
        origin = str(d.get("origin") or "")
        self.conn.execute(
            "INSERT INTO sessions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                doc.id, str(d.get("persona_id", "")), str(d.get("rubric_id", "")), round_name, created,
                _timestamp(created), str(d.get("status", "active")), str(d.get("engine") or "offline"),
                overall, float(d.get("minutes") or 0), str(plan.get("kind") or ""), plan.get("dimension"), origin,
            ),
        )
        ts, pid = _timestamp(created), str(d.get("persona_id", ""))
        self.conn.executemany(
            "INSERT OR REPLACE INTO scores VALUES (?, ?, ?, ?, ?, ?)",
            [(ts, doc.id, pid, x["id"], int(x["score"]), origin) for x in dims],
        )
        self.conn.executemany(
            "INSERT INTO dimensions VALUES (?, ?, ?, ?, ?) ON CONFLICT (persona_id, dimension) DO UPDATE SET "
            "name = excluded.name, weight = excluded.weight, created_ts = excluded.created_ts "
            "WHERE excluded.created_ts >= dimensions.created_ts",
            [(pid, x["id"], x.get("name") or x["id"], float(x.get("weight", 1.0)), ts) for x in dims],
        )
        asked = [q.get("question_id") for q in d.get("questions") or [] if q.get("question_id")]
        self.conn.executemany("INSERT INTO asked VALUES (?, ?, ?)", [(doc.id, i, q) for i, q in enumerate(asked)])
        for ext in _ext._EXTENSIONS.values():
            ext.index(self.conn, doc)

    def _grade(self, doc: SessionDoc) -> dict[str, Any] | None:
        """A finished session with no stored report: graded offline from its transcript, as `report` would."""
        from interviewer.catalog import CatalogError, default_catalog
        from interviewer.report.grader import grade

        catalog = self._catalog or default_catalog()
        session = doc.session
        try:
            persona = catalog.persona(session.persona_id)
        except CatalogError:
            return None
        rubric = catalog.rubric_for_session(session.rubric_id, persona)
        return grade(session, persona, rubric, engine=session.engine or "offline").model_dump(mode="json")

    # ------------------------------------------------------------------ queries

    def _ensure(self) -> None:
        if not self._synced:
            self.sync()

    def query(self, sql: str, params: Iterable[Any] = ()) -> list[tuple]:
        self._ensure()
        return self.conn.execute(sql, tuple(params)).fetchall()

    def scores(self, persona: str | None = None, since: float | None = None, rehearsals: bool | None = None) -> list[tuple]:
        """``(persona_id, session_id, dimension, score)`` of finished sessions, oldest first. ``rehearsals``: None for
        every session, False for the candidate's own practice only, True for scripted rehearsals only."""
        where, params = _filters(persona, since, rehearsals)
        return self.query(
            f"SELECT s.persona_id, s.session_id, s.dimension, s.score FROM scores s WHERE 1 {where} "
            "ORDER BY s.created_ts, s.session_id, s.dimension",
            params,
        )

    def dimension_names(self, persona: str | None = None) -> dict[tuple[str, str], tuple[str, float]]:
        """``{(persona_id, dimension): (name, weight)}`` as the newest session scored it."""
        where, params = _filters(persona, None)
        rows = self.query(f"SELECT s.persona_id, s.dimension, s.name, s.weight FROM dimensions s WHERE 1 {where}", params)
        return {(p, d): (n, w) for p, d, n, w in rows}

    def sessions(self, persona: str | None = None, since: float | None = None, rehearsals: bool | None = None) -> list[tuple]:
        """``(id, persona_id, round, created, overall, plan_kind, origin)`` of finished sessions, oldest first
        (``rehearsals`` as in ``scores``)."""
        where, params = _filters(persona, since, rehearsals)
        return self.query(
            "SELECT id, persona_id, round, created, overall, plan_kind, origin FROM sessions s "
            f"WHERE s.status = 'finished' {where} ORDER BY s.created_ts, s.id",
            params,
        )

    def bank(self, persona: str) -> list[tuple[str, str, list[str]]]:
        """``(question id, text, dimensions)`` of ``persona``'s bank, in order (see ``history_bank.py``)."""
        from interviewer.history_bank import bank

        return bank(self, persona)

    def asked_counts(self, persona: str) -> dict[str, int]:
        """How often each question of ``persona`` has been asked across sessions."""
        rows = self.query(
            "SELECT a.question_id, COUNT(*) FROM asked a JOIN sessions s ON s.id = a.session_id "
            "WHERE s.persona_id = ? GROUP BY a.question_id",
            (persona,),
        )
        return dict(rows)


def _is_report_of(report: dict[str, Any] | None, sid: str) -> bool:
    return isinstance(report, dict) and report.get("session_id") == sid and isinstance(report.get("dimensions"), list)


REHEARSE = "rehearse"  # the origin of sessions answered from a script (``interviewer rehearse``)


def _filters(persona: str | None, since: float | None, rehearsals: bool | None = None) -> tuple[str, list[Any]]:
    where, params = "", []
    if rehearsals is not None:
        where += f" AND s.origin {'=' if rehearsals else '<>'} ?"
        params.append(REHEARSE)
    if persona:
        where += " AND s.persona_id = ?"
        params.append(persona)
    if since is not None:
        where += " AND s.created_ts >= ?"
        params.append(since)
    return where, params


def open_index(root: Path | str, *, catalog=None) -> HistoryIndex:
    return HistoryIndex(root, catalog=catalog)
