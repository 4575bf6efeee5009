"""The history index and the progress view: trends that match the reports, staleness, rebuilds, extensions."""

from __future__ import annotations

import asyncio
import json
import os
import sqlite3

import pytest

from interviewer import history, history_ext, services
from interviewer.history import Extension, HistoryIndex
from interviewer.progress import progress_view, render_text, sparkline
from interviewer.store import SessionStore

STRONG = (
    "At my last company I owned the checkout service, and in March our payment error rate jumped from 0.2% to 3% "
    "two days before a big sale. My task was to find the cause and fix it without freezing releases. I pulled the "
    "traces myself, found that a retry loop in the card client doubled traffic to the bank, and I wrote a fix with a "
    "circuit breaker and a 200 ms timeout. I ran a canary on 5% of traffic, watched the dashboards for an hour, then "
    "rolled it out. The error rate fell back to 0.1% and the sale processed 1.2 million orders without an incident. "
    "I learned to load-test every client retry policy, and I now add a retry budget review to every design doc."
)
WEAK = "We had some problems and the team fixed them. It went fine in the end."


def _script(strong: bool) -> services.RehearsalScript:
    text = STRONG if strong else WEAK
    return services.RehearsalScript(
        persona="behavioral", minutes=20, answers=[services.ScriptAnswer(seconds=150, text=text) for _ in range(6)]
    )


def _rehearse(store: SessionStore, strong: bool, catalog):
    return asyncio.run(services.rehearse(_script(strong), store=store, catalog=catalog))


def _ordered_reports(store: SessionStore):
    """The stored reports in the order the product lists sessions: by creation time, then id."""
    sessions = store.listing().sessions
    reports = []
    for s in reversed(sessions):  # the listing is newest first
        reports.append(json.loads(store.report_path(s.id, "json").read_text()))
    return reports


def test_ten_rehearsals_give_trends_that_match_their_reports(tmp_path, catalog):
    store = SessionStore(tmp_path)
    pattern = [False, False, True, False, True, True, False, True, True, True]
    for strong in pattern:
        _rehearse(store, strong, catalog)
    reports = _ordered_reports(store)
    assert len(reports) == 10

    view = progress_view(tmp_path, rehearsals=True, catalog=catalog)
    assert [r.persona_id for r in view.rounds] == ["behavioral"]
    rp = view.rounds[0]
    assert rp.overall == [r["overall"] for r in reports]
    by_dim = {t.dimension: t for t in rp.trends}
    expected: dict[str, list[int]] = {}
    for r in reports:
        for d in r["dimensions"]:
            expected.setdefault(d["id"], []).append(d["score"])
    assert set(by_dim) == set(expected)
    for dim, scores in expected.items():
        t = by_dim[dim]
        assert t.scores == scores
        assert (t.first, t.latest, t.best) == (scores[0], scores[-1], max(scores))
        assert t.spark == sparkline(scores)
    # strong and weak sessions really differ, so the trends are not flat by accident
    assert min(rp.overall) < max(rp.overall)
    # the last report's history is the same series the progress view shows
    last = reports[-1]
    for dim, series in last["history"].items():
        assert series == expected[dim]
    # what to practise next is the weakest recent dimension, with bank questions that probe it
    s = view.suggestion
    assert s is not None and s.persona_id == "behavioral"
    weakest = min(rp.trends, key=lambda t: t.recent)
    assert s.recent == weakest.recent
    persona = catalog.persona("behavioral")
    assert s.questions and all(s.dimension in persona.questions[[q.id for q in persona.questions].index(qid)].dimensions for qid, _ in s.questions)
    text = render_text(view)
    assert "What to practise next" in text and s.drill_command in text


def test_progress_shows_the_candidates_own_practice_and_counts_the_rehearsals_apart(tmp_path, catalog):
    store = SessionStore(tmp_path)
    rehearsed = [_rehearse(store, strong, catalog).interview.session for strong in (True, True)]
    assert all(s.origin == "rehearse" for s in rehearsed)
    own = []
    for strong in (False, True, False):  # the candidate's own sessions: the same answers, typed (origin "chat")
        result = _rehearse(store, strong, catalog)
        session = result.interview.session
        session.origin = "chat"
        store.save(session)
        own.append(result.report)
    view = progress_view(tmp_path, catalog=catalog)
    assert view.sessions == 3 and view.rehearsals_left_out == 2
    assert view.rounds[0].overall == [r.overall for r in own] and view.rounds[0].rehearsals == 0
    assert "Not counted: 2 scripted rehearsals" in render_text(view)
    both = progress_view(tmp_path, rehearsals=True, catalog=catalog)
    assert both.sessions == 5 and both.rounds[0].rehearsals == 2 and both.rehearsals_left_out == 0
    assert "(2 of them scripted rehearsals)" in render_text(both)
    # a report's history charts sessions of its own kind: the candidate's practice, or the rehearsals
    from interviewer.progress import report_history

    dims = {d.id: d.score for d in own[-1].dimensions}
    hist = report_history(tmp_path, own[-1].session_id, "behavioral", dims)
    assert all(len(series) == 3 for series in hist.values())
    hist = report_history(tmp_path, rehearsed[-1].id, "behavioral", dims, rehearsal=True)
    assert all(len(series) == 2 for series in hist.values())


def test_since_and_persona_filters(tmp_path, catalog):
    store = SessionStore(tmp_path)
    _rehearse(store, True, catalog)
    assert progress_view(tmp_path, rehearsals=True, persona="recruiter", catalog=catalog).rounds == []
    assert progress_view(tmp_path, rehearsals=True, since="2999-01-01", catalog=catalog).rounds == []
    assert progress_view(tmp_path, rehearsals=True, since="2000-01-01", catalog=catalog).sessions == 1
    with pytest.raises(ValueError, match="--since"):
        progress_view(tmp_path, rehearsals=True, since="last week", catalog=catalog)


def test_the_index_follows_the_files(tmp_path, catalog):
    store = SessionStore(tmp_path)
    a = _rehearse(store, True, catalog).interview.session.id
    b = _rehearse(store, False, catalog).interview.session.id
    with HistoryIndex(tmp_path, catalog=catalog) as index:
        index.sync()  # the reports written after each session finished are read
        assert index.sync().indexed == 0  # warm: nothing read again
        assert len(index.sessions()) == 2

    # a changed report is re-read (size or mtime differ)
    path = store.report_path(a, "json")
    report = json.loads(path.read_text())
    report["dimensions"][0]["score"] = 1 if report["dimensions"][0]["score"] != 1 else 2
    path.write_text(json.dumps(report))
    dim0 = report["dimensions"][0]
    with HistoryIndex(tmp_path, catalog=catalog) as index:
        assert index.sync().indexed == 1
        rows = index.query("SELECT score FROM scores WHERE session_id = ? AND dimension = ?", (a, dim0["id"]))
        assert rows == [(dim0["score"],)]

    # a deleted session disappears with its scores; an unreadable file is skipped, not fatal
    store.path_for(b).unlink()
    (store.sessions_dir / "broken.json").write_text("{not json")
    with HistoryIndex(tmp_path, catalog=catalog) as index:
        stats = index.sync()
        assert stats.removed == 1 and [f for f, _ in stats.skipped] == ["broken.json"]
        assert [r[0] for r in index.sessions()] == [a]
        assert index.query("SELECT COUNT(*) FROM scores WHERE session_id = ?", (b,)) == [(0,)]
        assert index.sync().skipped == []  # the broken file is not read again until it changes


def test_a_missing_or_corrupt_index_is_rebuilt(tmp_path, catalog):
    store = SessionStore(tmp_path)
    sid = _rehearse(store, True, catalog).interview.session.id
    idx = tmp_path / history.INDEX_NAME
    progress_view(tmp_path, rehearsals=True, catalog=catalog)
    assert idx.exists()
    idx.unlink()
    for suffix in ("-wal", "-shm"):
        (tmp_path / (history.INDEX_NAME + suffix)).unlink(missing_ok=True)
    assert progress_view(tmp_path, rehearsals=True, catalog=catalog).sessions == 1
    for suffix in ("-wal", "-shm"):
        (tmp_path / (history.INDEX_NAME + suffix)).unlink(missing_ok=True)
    idx.write_bytes(b"this is not a sqlite database" * 100)
    view = progress_view(tmp_path, rehearsals=True, catalog=catalog)
    assert view.sessions == 1 and view.rounds[0].trends[0].sessions == [sid]


def test_a_session_without_a_report_is_graded_from_its_transcript(tmp_path, catalog):
    store = SessionStore(tmp_path)
    result = _rehearse(store, True, catalog)
    for fmt in ("json", "md", "html"):
        store.report_path(result.interview.session.id, fmt).unlink()
    view = progress_view(tmp_path, rehearsals=True, catalog=catalog)
    got = {t.dimension: t.latest for t in view.rounds[0].trends}
    assert got == {d.id: d.score for d in result.report.dimensions}


def test_extensions_add_tables_and_a_version_change_rebuilds(tmp_path, catalog, monkeypatch):
    store = SessionStore(tmp_path)
    sid = _rehearse(store, True, catalog).interview.session.id
    calls: list[str] = []

    def index_words(conn: sqlite3.Connection, doc: history.SessionDoc) -> None:
        calls.append(doc.id)
        words = sum(len(t["text"].split()) for t in doc.data["turns"] if t["role"] == "candidate")
        conn.execute("INSERT INTO words VALUES (?, ?)", (doc.id, words))

    ddl = ("CREATE TABLE IF NOT EXISTS words (session_id TEXT REFERENCES sessions(id) ON DELETE CASCADE, n INTEGER)",)
    monkeypatch.setattr(history_ext, "_EXTENSIONS", {})
    progress_view(tmp_path, rehearsals=True, catalog=catalog)  # an index without the extension
    history.register(Extension("words", 1, ddl, index_words))
    with HistoryIndex(tmp_path, catalog=catalog) as index:
        assert index.query("SELECT session_id FROM words") == [(sid,)]
    assert calls == [sid]
    history.register(Extension("words", 2, ddl, index_words))
    with HistoryIndex(tmp_path, catalog=catalog) as index:
        index.sync()
    assert calls == [sid, sid]  # a new extension version re-reads every session


def test_an_index_that_cannot_be_written_falls_back_to_memory(tmp_path, catalog):
    store = SessionStore(tmp_path)
    _rehearse(store, True, catalog)
    for suffix in ("", "-wal", "-shm"):
        (tmp_path / (history.INDEX_NAME + suffix)).unlink(missing_ok=True)
    (tmp_path / history.INDEX_NAME).mkdir()  # something in the way that is not a database and cannot be removed
    with HistoryIndex(tmp_path, catalog=catalog) as index:
        assert index.sync().indexed == 1
        assert len(index.sessions()) == 1


def test_sparkline_scales_one_to_four():
    assert sparkline([1, 2, 3, 4]) == "▁▃▆█"
    assert sparkline([]) == ""
    assert sparkline([0, 9]) == "▁█"
