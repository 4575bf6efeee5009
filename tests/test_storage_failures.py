"""Issue 11: storage under real conditions. Read-only and full disks, global options, copied session files, one
writer per session, and the line chat's rough edges. Each test failed before the fix it covers.

Read-only and full file systems are real where the test runs as root (a tmpfs mounted by the test); a failure that
cannot be mounted is injected as the OSError the file system would raise.
"""

from __future__ import annotations

import asyncio
import errno
import io
import json
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from interviewer import services
from interviewer import store as store_mod
from interviewer.engine.clock import FakeClock
from interviewer.locks import FileLock, SessionLocked, holder_pid
from interviewer.plainchat import PlainChat, Wrapper
from interviewer.store import SessionStore, status_text

ANSWER = (
    "At my last company I owned the billing export. It failed for our largest customer two weeks before renewal; "
    "I traced it to a timezone bug, fixed it and added a regression test, and the customer renewed."
)


def run_cli(args: list[str], env: dict[str, str], *, stdin: bytes = b"", timeout: float = 90) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "interviewer", *args], input=stdin, capture_output=True, env=env, timeout=timeout
    )


def _mount(target: Path, *options: str) -> None:
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("needs root to mount a tmpfs (read-only or full file system)")
    target.mkdir(parents=True, exist_ok=True)
    res = subprocess.run(["mount", "-t", "tmpfs", "-o", ",".join(options), "tmpfs", str(target)], capture_output=True)
    if res.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {res.stderr.decode(errors='replace').strip()}")


@pytest.fixture
def readonly_dir(tmp_path: Path):
    target = tmp_path / "ro"
    _mount(target, "size=1m")
    (target / "sessions").mkdir()
    subprocess.run(["mount", "-o", "remount,ro", str(target)], check=True)
    yield target
    subprocess.run(["umount", "-l", str(target)], check=False)


# --------------------------------------------------------------------------- (1) a data dir that cannot be written


def test_readonly_data_dir_stops_chat_before_the_first_question(readonly_dir: Path, tmp_home) -> None:
    p = run_cli(["chat", "-p", "recruiter", "--plain"], tmp_home.env(INTERVIEWER_HOME=str(readonly_dir)), stdin=b"hi\n.\n")
    err = p.stderr.decode()
    assert p.returncode != 0
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert str(readonly_dir) in lines[0] and "--data-dir" in lines[0] and "read-only" in lines[0]
    assert "Interviewer:" not in p.stdout.decode() and "saved" not in err.lower().replace("cannot save", "")


def test_readonly_data_dir_stops_the_app_with_one_line(readonly_dir: Path, capsys) -> None:
    from interviewer.tui import run_app

    code = run_app(data_dir=str(readonly_dir))  # returns before the app takes the screen
    err = capsys.readouterr().err
    assert code != 0
    assert str(readonly_dir) in err and "--data-dir" in err and "Your interview is saved" not in err


def test_app_never_claims_a_save_that_did_not_happen(tmp_path: Path, catalog) -> None:
    from interviewer.tui.app import InterviewerApp

    app = InterviewerApp(data_dir=str(tmp_path), engine={}, catalog=catalog)
    iv = services.new_interview(catalog, "recruiter", store=app.store, clock=FakeClock())
    asyncio.run(iv.start())
    app.current_interview = iv
    assert app.unfinished_session_id() == iv.session.id
    app.store.unsaved[iv.session.id] = OSError(errno.EROFS, "Read-only file system")  # the last save failed
    assert app.unfinished_session_id() is None and app.unsaved_session_id() == iv.session.id


# --------------------------------------------------------------------------- (2) global options in either place


@pytest.mark.parametrize("before", [True, False], ids=["before-command", "after-command"])
def test_data_dir_works_before_or_after_the_command(tmp_path: Path, tmp_home, before: bool) -> None:
    script = tmp_path / "s.yaml"
    script.write_text("persona: recruiter\nanswers:\n  - seconds: 60\n    text: I build data pipelines.\n")
    where = tmp_path / "elsewhere"
    opt = ["--data-dir", str(where)]
    args = [*opt, "rehearse", "--script", str(script)] if before else ["rehearse", "--script", str(script), *opt]
    p = run_cli(args, tmp_home.env())
    assert p.returncode == 0, p.stderr.decode()
    assert len(list((where / "sessions").glob("*.json"))) == 1
    assert not list((tmp_home.home / "sessions").glob("*.json"))


# --------------------------------------------------------------------------- (3) copies and renamed session files


def _saved_session(catalog, store: SessionStore) -> str:
    iv = services.new_interview(catalog, "recruiter", store=store, clock=FakeClock())
    asyncio.run(iv.start())
    asyncio.run(iv.answer(ANSWER))
    services.close_interview(iv)
    return iv.session.id


def test_a_copied_session_file_is_listed_once_and_says_which_file_wins(tmp_path: Path, catalog) -> None:
    store = SessionStore(tmp_path)
    sid = _saved_session(catalog, store)
    original = store.path_for(sid)
    copy = original.with_name(f"{sid}.backup.json")
    shutil.copy(original, copy)
    found = store.listing()
    assert [s.id for s in found.sessions] == [sid]
    assert found.copies == [(copy, original)]
    assert any(copy.name in w and original.name in w for w in found.warnings())
    assert store.load(sid).id == sid and store.load(sid[:10]).id == sid  # the prefix is not "ambiguous"


def test_a_renamed_session_file_is_found_by_the_id_inside_it(tmp_path: Path, catalog) -> None:
    store = SessionStore(tmp_path)
    sid = _saved_session(catalog, store)
    renamed = store.path_for(sid).with_name("my-interview.json")
    store.path_for(sid).rename(renamed)
    assert [s.id for s in store.listing().sessions] == [sid]
    assert store.load(sid).id == sid


def test_sessions_command_lists_a_copied_session_once(tmp_home, catalog) -> None:
    store = SessionStore(tmp_home.home)
    sid = _saved_session(catalog, store)
    shutil.copy(store.path_for(sid), store.path_for(sid).with_name(f"{sid}.backup.json"))
    p = run_cli(["sessions"], tmp_home.env())
    assert p.returncode == 0 and "Traceback" not in p.stderr.decode()
    assert p.stdout.decode().count(sid) == 1
    assert f"{sid}.backup.json" in p.stderr.decode()


async def test_app_home_with_a_copied_session_file_does_not_crash(tmp_home, catalog) -> None:
    from interviewer.tui.app import InterviewerApp
    from interviewer.tui.widgets.home import SessionTable

    store = SessionStore(tmp_home.home)
    sid = await asyncio.to_thread(_saved_session, catalog, store)
    shutil.copy(store.path_for(sid), store.path_for(sid).with_name(f"{sid}.backup.json"))
    app = InterviewerApp(clock=FakeClock(), engine={}, catalog=catalog, test_mode=True)
    async with app.run_test(size=(100, 30)) as pilot:
        for _ in range(50):
            await pilot.pause(0.05)
            if app.screen.query(SessionTable) and app.screen.query_one(SessionTable).row_count:
                break
        assert app.screen.query_one(SessionTable).row_count == 1


# --------------------------------------------------------------------------- (4) one writer per session

HOLDER = textwrap.dedent(
    """
    import sys
    from interviewer.store import SessionStore
    store = SessionStore(sys.argv[1])
    store.lock(sys.argv[2])
    print("locked", flush=True)
    sys.stdin.read()
    """
)


def test_second_opener_is_told_the_session_is_open_and_a_dead_holder_is_taken_over(tmp_home, catalog) -> None:
    store = SessionStore(tmp_home.home)
    iv = services.new_interview(catalog, "recruiter", store=store, clock=FakeClock())
    asyncio.run(iv.start())
    services.close_interview(iv)
    sid = iv.session.id
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(tmp_home.home), sid], stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=tmp_home.env()
    )
    try:
        assert holder.stdout.readline().strip() == b"locked"
        p = run_cli(["resume", sid, "--plain"], tmp_home.env(), stdin=ANSWER.encode() + b"\n.\n")
        assert p.returncode != 0
        assert f"open in another window (pid {holder.pid})" in p.stderr.decode()
        assert len(store.load(sid).candidate_turns()) == 0  # the second opener wrote nothing
        with pytest.raises(SessionLocked) as err:
            store.lock(sid)
        assert err.value.pid == holder.pid
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait()
    assert holder_pid(store.lock_path(sid)) is None  # the kernel dropped the dead holder's lock
    p = run_cli(["resume", sid, "--plain"], tmp_home.env(), stdin=ANSWER.encode() + b"\n.\n/end\n")
    assert p.returncode == 0, p.stderr.decode()
    assert len(store.load(sid).candidate_turns()) == 1


def test_a_lock_is_reentrant_in_one_process_and_released(tmp_path: Path) -> None:
    path = tmp_path / ".x.lock"
    with FileLock(path, "x"):
        with FileLock(path, "x"):
            assert path.read_text().strip() == str(os.getpid())
        assert path.exists()
    assert not path.exists() and holder_pid(path) is None


# --------------------------------------------------------------------------- (6) a full disk in the line chat


class FullDisk:
    """Makes the store's writes fail with ENOSPC while ``full`` is set (what a full file system raises)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.full = False
        real = store_mod.atomic_write_text

        def write(path, text, *a, **kw):
            if self.full:
                raise OSError(errno.ENOSPC, "No space left on device", str(path))
            return real(path, text, *a, **kw)

        monkeypatch.setattr(store_mod, "atomic_write_text", write)


class Feed(io.RawIOBase):
    """stdin for the chat: lines handed out one by one, with a hook before each (to fill or free the disk)."""

    def __init__(self, steps: list[tuple[bytes, object]]) -> None:
        self.steps = list(steps)

    def readline(self, size: int = -1) -> bytes:  # type: ignore[override]
        if not self.steps:
            return b""
        line, hook = self.steps.pop(0)
        if callable(hook):
            hook()
        return line


def _chat(catalog, store, steps, capsys=None) -> tuple[int, str, PlainChat]:
    iv = services.new_interview(catalog, "recruiter", store=store, clock=FakeClock())
    out = io.StringIO()
    chat = PlainChat(iv, store, out=out, inp=Feed(steps), tty=False)
    code = asyncio.run(chat.loop())
    services.close_interview(iv)
    return code, out.getvalue(), chat


def test_full_disk_in_the_line_chat_keeps_the_answer_says_so_and_retries(tmp_path: Path, catalog, monkeypatch, capsys) -> None:
    disk = FullDisk(monkeypatch)
    store = SessionStore(tmp_path)

    def fill() -> None:
        disk.full = True

    def free() -> None:
        disk.full = False

    steps = [
        (b"I build data pipelines.\n", None), (b".\n", None),
        (ANSWER.encode() + b"\n", fill), (b".\n", None),       # this answer meets a full disk
        (b"/retry\n", None),                                    # still full: said again, still kept
        (b"/retry\n", free),                                    # space is back: saved, and the interview goes on
        (b"/end\n", None),
    ]
    code, out, chat = _chat(catalog, store, steps)
    err = capsys.readouterr().err
    assert "Errno" not in err and "Traceback" not in err
    assert err.count("Could not save in") == 2 and "no space left on device" in err
    saved = store.load(chat.interview.session.id)
    assert ANSWER in [t.text for t in saved.candidate_turns()]
    assert code == 0 and "Overall:" in out


def test_end_on_a_full_disk_writes_the_report_wherever_it_can(tmp_path: Path, catalog, monkeypatch, capsys) -> None:
    disk = FullDisk(monkeypatch)
    store = SessionStore(tmp_path / "data")
    import interviewer.report.render as render_mod

    real_write = render_mod.atomic_write_bytes

    def write_report_bytes(path, data):
        if Path(path).is_relative_to(store.root):
            raise OSError(errno.ENOSPC, "No space left on device", str(path))
        return real_write(path, data)

    monkeypatch.setattr(render_mod, "atomic_write_bytes", write_report_bytes)
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()

    def fill() -> None:
        disk.full = True

    code, out, chat = _chat(catalog, store, [(ANSWER.encode() + b"\n", fill), (b".\n", None), (b"/end\n", None)])
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert f"could not write the report to {store.reports_dir}" in err
    written = list((tmp_path / "tmp" / "interviewer-reports").glob("*.md"))
    assert written and str(written[0]) in out
    assert code == 1 and "could not be saved" in err  # the session itself: said plainly, not claimed saved


# --------------------------------------------------------------------------- (7) rough edges of the CLI and line chat


def test_skip_after_draft_text_is_not_stored_as_part_of_an_answer(tmp_path: Path, catalog, capsys) -> None:
    store = SessionStore(tmp_path)
    steps = [(b"I build data pipelines.\n", None), (b".\n", None),
             (b"a half-written draft\n", None), (b"/skip\n", None), (b"/end\n", None)]
    code, out, chat = _chat(catalog, store, steps)
    texts = [t.text for t in store.load(chat.interview.session.id).candidate_turns()]
    assert texts == ["I build data pipelines."]
    assert "was not sent" in capsys.readouterr().err


def test_line_chat_word_wraps() -> None:
    out = io.StringIO()
    w = Wrapper(out, 30)
    w.write("Interviewer: ")
    for chunk in ["Tell me about a time ", "you disagreed with your manager ", "and how it ended up."]:
        w.write(chunk)
    w.line()
    lines = out.getvalue().splitlines()
    assert len(lines) > 1 and all(len(line) <= 30 for line in lines)
    assert " ".join(lines).split() == "Interviewer: Tell me about a time you disagreed with your manager and how it ended up.".split()


def test_sessions_says_1_answer_not_1_answers(catalog, tmp_path: Path) -> None:
    store = SessionStore(tmp_path)
    sid = _saved_session(catalog, store)
    assert status_text(store.load(sid)) == "unfinished (1 answer)"


def test_report_to_an_unknown_suffix_names_the_option_not_an_internal_name(tmp_home, tmp_path: Path, catalog) -> None:
    sid = _saved_session(catalog, SessionStore(tmp_home.home))
    p = run_cli(["report", sid, "-o", str(tmp_path / "out.txt")], tmp_home.env())
    err = p.stderr.decode()
    assert p.returncode != 0 and "fmt=" not in err and "--format" in err


@pytest.mark.parametrize("command", ["chat", "resume"])
def test_chat_and_resume_open_the_app_in_a_terminal_and_the_line_chat_with_plain(command, monkeypatch, tmp_home, catalog) -> None:
    from interviewer import cli, plainchat, tui

    sid = _saved_session(catalog, SessionStore(tmp_home.home))
    opened: list[dict] = []
    monkeypatch.setattr(tui, "run_app", lambda **kw: opened.append(kw) or 0)
    monkeypatch.setattr(plainchat, "run_chat", lambda *a, **k: opened.append({"plain": True}) or 0)
    monkeypatch.setattr(plainchat, "run_resume", lambda *a, **k: opened.append({"plain": True}) or 0)
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True, raising=False)
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True, raising=False)
    monkeypatch.setenv("TERM", "xterm")
    args = ["chat", "-p", "recruiter"] if command == "chat" else ["resume", sid]
    assert cli.main(args) == 0
    assert cli.main([*args, "--plain"]) == 0
    assert cli.main(["--plain", *args]) == 0
    assert opened[0].get("persona") == "recruiter" if command == "chat" else opened[0].get("session") == sid
    assert opened[1:] == [{"plain": True}, {"plain": True}]


# --------------------------------------------------------------------------- (8) eval from a clean install


def test_eval_default_sample_set_ships_inside_the_package(monkeypatch, tmp_path: Path) -> None:
    from interviewer import evaluate

    monkeypatch.delenv("INTERVIEWER_SHARED", raising=False)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(evaluate, "checkout_sets", lambda: [])  # an installed wheel has no benchmarks/ or tests/
    path = evaluate.default_answers_file()
    assert path is not None and Path(evaluate.__file__).parent in path.parents
    samples = evaluate.load_samples(path)
    for quality in evaluate.QUALITIES:
        answers, _ = evaluate.scripted_answers(samples, "behavioral", quality)
        assert answers
    assert {"strong", "average", "weak"} <= {s["label"] for s in samples}
