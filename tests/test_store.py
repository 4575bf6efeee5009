"""Session store: round trips, lookup, corrupt files, and crash safety under SIGKILL."""

from __future__ import annotations

import json
import os
import random
import re
import signal
import subprocess
import sys
import textwrap
import time
from datetime import datetime
from pathlib import Path

import pytest

from interviewer import atomic as atomic_mod
from interviewer import store as store_mod
from interviewer.atomic import atomic_write_bytes, atomic_write_text
from interviewer.models import Move, Session, Turn
from interviewer.store import SessionStore, StoreError

PROJECT_ROOT = Path(__file__).resolve().parents[1]


def make_session(sid: str, *, turns: int = 2, created: str = "2026-11-21T10:45:00", status: str = "active") -> Session:
    s = Session(
        id=sid,
        persona_id="behavioral",
        rubric_id="star",
        created=created,
        minutes=30,
        status=status,  # type: ignore[arg-type]
    )
    for i in range(turns):
        if i % 2 == 0:
            s.turns.append(
                Turn(index=i, role="interviewer", text=f"Question {i}?", at=float(i), move=Move(kind="question"))
            )
        else:
            s.turns.append(Turn(index=i, role="candidate", text=f"Answer {i}.", at=float(i), seconds=3.5))
    return s


def temp_files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.name.startswith(".") or p.name.endswith(".tmp")]


@pytest.fixture
def store(tmp_path: Path) -> SessionStore:
    return SessionStore(tmp_path / "data")


# --------------------------------------------------------------------------- atomic writes


def test_atomic_write_creates_parents_and_replaces(tmp_path: Path) -> None:
    target = tmp_path / "a" / "b" / "file.txt"
    atomic_write_text(target, "one")
    atomic_write_text(target, "two é")
    assert target.read_text(encoding="utf-8") == "two é"
    atomic_write_bytes(target, b"\x00\x01")
    assert target.read_bytes() == b"\x00\x01"
    assert temp_files(tmp_path) == []


def test_atomic_write_failure_removes_temp_and_keeps_old(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "file.txt"
    atomic_write_text(target, "old")

    def boom(src: str, dst: str) -> None:
        assert Path(src).name.startswith(".file.txt") and src.endswith(".tmp")
        raise OSError("disk on fire")

    monkeypatch.setattr(atomic_mod.os, "replace", boom)
    with pytest.raises(OSError, match="disk on fire"):
        atomic_write_text(target, "new")
    assert target.read_text() == "old"
    assert temp_files(tmp_path) == []


# --------------------------------------------------------------------------- ids and paths


def test_new_id_format_and_uniqueness(store: SessionStore, monkeypatch: pytest.MonkeyPatch) -> None:
    now = datetime(2026, 11, 21, 10, 45, 0)
    sid = store.new_id("behavioral", now)
    assert re.fullmatch(r"20261121-104500-behavioral-[0-9a-f]{4}", sid)
    assert store.new_id("Recruiter Screen!", now).startswith("20261121-104500-recruiter-screen-")

    store.save(make_session("20261121-104500-behavioral-aaaa"))
    rolls = iter(["aaaa", "aaaa", "bbbb"])
    monkeypatch.setattr(store_mod, "_rand4", lambda: next(rolls))
    assert store.new_id("behavioral", now) == "20261121-104500-behavioral-bbbb"


def test_report_path(store: SessionStore) -> None:
    assert store.report_path("abc-1", "md") == store.root / "reports" / "abc-1.md"
    with pytest.raises(StoreError):
        store.report_path("../evil", "md")
    with pytest.raises(StoreError):
        store.report_path("abc", "m/d")


# --------------------------------------------------------------------------- save / load


def test_round_trip(store: SessionStore) -> None:
    s = make_session("20261121-104500-behavioral-3fa2", turns=5)
    path = store.save(s)
    assert path == store.root / "sessions" / "20261121-104500-behavioral-3fa2.json"
    assert s.updated and datetime.fromisoformat(s.updated).microsecond == 0
    assert json.loads(path.read_text())["id"] == s.id

    loaded = store.load(s.id)
    assert loaded == s
    assert loaded.turns[0].move is not None and loaded.turns[0].move.kind == "question"
    assert store.load(str(path)) == s  # by path
    assert store.load(path) == s
    assert temp_files(store.root) == []


def test_save_rejects_unsafe_id(store: SessionStore) -> None:
    with pytest.raises(StoreError):
        store.save(make_session("../escape"))


def test_prefix_lookup_and_ambiguity(store: SessionStore) -> None:
    ids = [
        "20261121-104500-behavioral-3fa2",
        "20261121-104500-behavioral-3fb7",
        "20261122-090000-design-0001",
    ]
    for sid in ids:
        store.save(make_session(sid))

    assert store.load("20261122").id == ids[2]
    assert store.load("20261121-104500-behavioral-3fa").id == ids[0]

    with pytest.raises(StoreError) as err:
        store.load("20261121-104500-behavioral-3f")
    msg = str(err.value)
    assert "ambiguous" in msg and ids[0] in msg and ids[1] in msg and "\n" not in msg

    with pytest.raises(StoreError) as err:
        store.load("1999")
    assert str(err.value) == "no session matches '1999' (see `interviewer sessions`)"

    with pytest.raises(StoreError, match="no session file"):
        store.load(str(store.root / "nope.json"))


def test_ambiguity_lists_at_most_five(store: SessionStore) -> None:
    for i in range(8):
        store.save(make_session(f"20261121-104500-x-000{i}"))
    with pytest.raises(StoreError) as err:
        store.load("2026")
    msg = str(err.value)
    assert msg.count("20261121-104500-x-") == 5 and "and 3 more" in msg


def test_exact_id_wins_over_prefix(store: SessionStore) -> None:
    store.save(make_session("abc"))
    store.save(make_session("abcd"))
    assert store.load("abc").id == "abc"


# --------------------------------------------------------------------------- listing and corrupt files


def test_list_sorted_skips_corrupt_and_temp_files(store: SessionStore) -> None:
    store.save(make_session("old", created="2026-01-01T09:00:00"))
    store.save(make_session("new", created="2026-03-01T09:00:00+01:00"))
    store.save(make_session("mid", created="2026-02-01T09:00:00", status="finished"))

    sessions_dir = store.root / "sessions"
    good = (sessions_dir / "new.json").read_text()
    truncated = sessions_dir / "truncated.json"
    truncated.write_text(good[: len(good) // 2])
    invalid = sessions_dir / "invalid.json"
    bad = json.loads(good)
    bad["id"] = "invalid"
    bad["turns"][0]["role"] = "robot"
    invalid.write_text(json.dumps(bad))
    # leftovers of interrupted atomic writes, and unrelated files
    (sessions_dir / ".old.json1234abcd.tmp").write_text("{")
    (sessions_dir / ".hidden.json").write_text("{")
    (sessions_dir / "notes.txt").write_text("hi")

    found = store.listing()
    sessions, corrupt = found.sessions, found.corrupt
    assert [s.id for s in sessions] == ["new", "mid", "old"]
    reasons = dict(corrupt)
    assert set(reasons) == {truncated, invalid}
    assert "json" in reasons[truncated].lower()
    assert "turns.0.role" in reasons[invalid]
    assert all("\n" not in r for r in reasons.values())

    for path in (truncated, invalid):
        with pytest.raises(StoreError) as err:
            store.load(path.stem)
        msg = str(err.value)
        assert msg.startswith(f"session file {path} is corrupt: ") and "\n" not in msg
        assert err.value.path == path


def test_list_empty_store(store: SessionStore) -> None:
    found = store.listing()
    assert (found.sessions, found.corrupt) == ([], [])


# --------------------------------------------------------------------------- crash safety

CHILD = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from interviewer.models import Session, Turn
    from interviewer.store import SessionStore

    store = SessionStore(Path(sys.argv[1]))
    sid = sys.argv[2]
    try:
        session = store.load(sid)
    except Exception:
        session = Session(id=sid, persona_id="behavioral", rubric_id="star",
                          created="2026-11-21T10:45:00", minutes=30)
    announced = False
    while True:
        i = len(session.turns)
        session.turns.append(Turn(index=i, role="candidate" if i % 2 else "interviewer",
                                  text=f"turn {i} " + "x" * 4000, at=float(i)))
        store.save(session)
        if not announced:
            print("saved", flush=True)
            announced = True
    """
)


def test_sigkill_during_saves_never_leaves_a_partial_file(tmp_path: Path) -> None:
    root = tmp_path / "data"
    sid = "20261121-104500-behavioral-kill"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(PROJECT_ROOT), os.environ.get("PYTHONPATH")]))}
    rng = random.Random(20261121)
    store = SessionStore(root)
    previous = 0
    for _ in range(20):
        child = subprocess.Popen(
            [sys.executable, "-c", CHILD, str(root), sid],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
            cwd=tmp_path,
        )
        try:
            line = child.stdout.readline()  # blocks until the first save has completed (or the child died)
            assert line.strip() == b"saved", child.stderr.read().decode(errors="replace")
            time.sleep(rng.uniform(0, 0.05))
            child.send_signal(signal.SIGKILL)
        finally:
            if child.poll() is None:
                child.kill()
            child.wait()
            child.stdout.close()
            child.stderr.close()
        assert child.returncode == -signal.SIGKILL

        session = store.load(sid)  # parses and validates, or raises
        n = len(session.turns)
        assert n >= max(previous, 1)
        assert [t.index for t in session.turns] == list(range(n))
        assert all(t.text.startswith(f"turn {t.index} ") and len(t.text) == len(f"turn {t.index} ") + 4000
                   for t in session.turns)
        previous = n

        found = store.listing()  # leftover temp files from the kill are ignored
        sessions, corrupt = found.sessions, found.corrupt
        assert [s.id for s in sessions] == [sid] and corrupt == []
