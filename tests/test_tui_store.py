"""Issue 11 in the app: the report's way back at 60x20, a readable transcript width, the sent answer out of the box
while the reply is pending, and a full disk that keeps the answer and never claims a save."""

from __future__ import annotations

import asyncio
import errno
from pathlib import Path

import pytest

from interviewer import store as store_mod
from interviewer.engine.clock import FakeClock
from interviewer.engine.voice import OfflineVoice
from interviewer.tui.app import InterviewerApp
from interviewer.tui.widgets import AnswerBox, ChatMessage
from tests.test_tui import (  # noqa: F401 - tui_env is a fixture
    SOLIDISH,
    WARMUP,
    end_to_report,
    record_notifications,
    send_answer,
    settle,
    start_round,
    tui_env,
)


async def test_report_back_to_home_is_not_cut_off_at_60x20(tui_env: Path) -> None:
    app = InterviewerApp(clock=FakeClock(), engine={})
    async with app.run_test(size=(60, 20)) as pilot:
        await start_round(pilot, "recruiter")
        await send_answer(pilot, WARMUP)
        screen = await end_to_report(pilot)
        await pilot.pause()
        home = screen.query_one("#home")
        assert home.region.width > 0 and home.region.right <= 60
        assert "Home" in str(home.label)


async def test_transcript_lines_keep_a_readable_width_in_a_wide_terminal(tui_env: Path) -> None:
    app = InterviewerApp(clock=FakeClock(), engine={})
    async with app.run_test(size=(220, 30)) as pilot:
        screen = await start_round(pilot, "behavioral")
        await send_answer(pilot, WARMUP + " " + SOLIDISH)
        messages = list(screen.query(ChatMessage))
        assert messages and all(0 < m.region.width <= 100 for m in messages)


async def test_sent_answer_leaves_the_box_while_the_reply_is_pending_and_comes_back_on_failure(
    tui_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    original = OfflineVoice.speak
    gate = asyncio.Event()
    calls = {"n": 0}

    async def slow_speak(self, move, ctx, on_token=None):
        calls["n"] += 1
        if calls["n"] == 2:  # the reply to the first answer: pending until released, then fails
            await gate.wait()
            raise ConnectionError("stream broke")
        return await original(self, move, ctx, on_token)

    monkeypatch.setattr(OfflineVoice, "speak", slow_speak)
    app = InterviewerApp(clock=FakeClock(), engine={})
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await start_round(pilot, "behavioral")
        box = screen.query_one(AnswerBox)
        box.text = WARMUP
        await pilot.press("ctrl+s")
        for _ in range(20):
            await pilot.pause(0.02)
        assert screen.busy and box.text == ""  # sent: shown in the transcript, not left in the box
        gate.set()
        await settle(pilot)
        assert box.text == WARMUP  # the reply failed: the answer is back, ready to send again


async def test_full_disk_in_the_app_keeps_the_answer_and_never_claims_a_save(
    tui_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    full = {"on": False}
    real = store_mod.atomic_write_text

    def write(path, text, *a, **kw):
        if full["on"]:
            raise OSError(errno.ENOSPC, "No space left on device", str(path))
        return real(path, text, *a, **kw)

    monkeypatch.setattr(store_mod, "atomic_write_text", write)
    app = InterviewerApp(clock=FakeClock(), engine={})
    notes = record_notifications(app)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await start_round(pilot, "behavioral")
        full["on"] = True
        await send_answer(pilot, WARMUP)
        box = screen.query_one(AnswerBox)
        errors = [m for sev, m in notes if sev == "error"]
        assert box.text == WARMUP
        assert errors and "could not be saved" in errors[-1] and "is saved" not in errors[-1]
        assert app.unfinished_session_id() is None  # quitting now would not say "Your interview is saved"
        full["on"] = False
        await pilot.press("ctrl+s")
        await settle(pilot)
        sid = screen.interview.session.id
        assert app.store.is_saved(sid)
        saved = app.store.load(sid)
        assert [t.text for t in saved.candidate_turns()] == [WARMUP]
        assert saved.turns[-1].role == "interviewer" and box.text == ""
