"""The onsite loop in the app: Home's entry opens the loop, each round runs in the Interview screen, a break screen
comes between rounds, the debrief at the end; quitting mid-round and resuming from Home continues inside the loop."""

from __future__ import annotations

from pathlib import Path

from interviewer import loop_services
from interviewer.catalog import default_catalog
from interviewer.engine.clock import FakeClock
from interviewer.loop import LoopStore
from interviewer.store import SessionStore
from interviewer.tui.app import InterviewerApp
from interviewer.tui.screens.home import HomeScreen
from interviewer.tui.screens.interview import InterviewScreen
from interviewer.tui.screens.loop import LoopScreen
from tests.test_tui import SIZE, SOLIDISH, WARMUP, send_answer, settle, tui_env  # noqa: F401
from interviewer.tui.screens.modals import ConfirmScreen


async def end_to_report_like(pilot) -> None:
    """End the round (Ctrl+T, confirm) and let the app route the finished round."""
    await pilot.press("ctrl+t")
    await pilot.pause()
    assert isinstance(pilot.app.screen, ConfirmScreen)
    await pilot.press("y")
    await settle(pilot)


def _two_round_loop(home: Path):
    store = SessionStore(home)
    planned, _ = loop_services.plan_rounds(default_catalog(), ["recruiter", "behavioral"], [10])
    return loop_services.new_loop(store, planned)


def _break_text(app) -> str:
    return str(app.screen.query_one("#loop-break").render())


async def test_a_loop_runs_round_by_round_with_a_break_and_ends_in_the_debrief(tui_env):
    loop = _two_round_loop(tui_env)
    app = InterviewerApp(clock=FakeClock(), test_mode=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("l")
        await settle(pilot)
        assert isinstance(app.screen, LoopScreen) and app.screen.loop.id == loop.id
        assert "Round 1 of 2: Recruiter screen" in _break_text(app)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, InterviewScreen)
        assert app.screen.interview.persona.id == "recruiter"
        await send_answer(pilot, WARMUP)
        await end_to_report_like(pilot)
        # back on the loop's screen, at the break
        assert isinstance(app.screen, LoopScreen)
        text = _break_text(app)
        assert "Break" in text and "round 2 of 2, Behavioral" in text and "Press Enter when ready" in text
        assert app.screen.loop.rounds[0].status == "finished"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, InterviewScreen) and app.screen.interview.persona.id == "behavioral"
        await send_answer(pilot, SOLIDISH)
        await end_to_report_like(pilot)
        assert isinstance(app.screen, LoopScreen)
        assert "The loop is over" in _break_text(app)
        stored = LoopStore(tui_env).load(loop.id)
        assert stored.status == "finished" and all(r.status == "finished" for r in stored.rounds)
        assert (tui_env / "reports" / f"{loop.id}.md").is_file()
        debrief_md = app.screen.query_one("#loop-debrief")._markdown  # noqa: SLF001 - the source shown
        assert "Onsite loop debrief" in debrief_md and "Practise these first" in debrief_md


async def test_quitting_mid_round_and_resuming_from_home_continues_inside_the_loop(tui_env):
    loop = _two_round_loop(tui_env)
    app = InterviewerApp(clock=FakeClock(), test_mode=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("l")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await send_answer(pilot, WARMUP)
        sid = app.screen.interview.session.id
    # a new app, as after a crash: Home offers the unfinished round; resuming it goes through the loop
    app = InterviewerApp(clock=FakeClock(), test_mode=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, InterviewScreen) and app.screen.interview.session.id == sid
        assert [t.text for t in app.screen.interview.session.candidate_turns()] == [WARMUP]
        assert isinstance(app.screen_stack[-2], LoopScreen)
        await end_to_report_like(pilot)
        assert isinstance(app.screen, LoopScreen) and "Break" in _break_text(app)
    assert LoopStore(tui_env).load(loop.id).rounds[0].session_id == sid


async def test_the_home_entry_starts_the_default_loop_when_none_is_unfinished(tui_env):
    app = InterviewerApp(clock=FakeClock(), test_mode=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("l")
        await settle(pilot)
        assert isinstance(app.screen, LoopScreen)
        loop = app.screen.loop
        assert [r.persona_id for r in loop.rounds] == ["recruiter", "ml-coding", "ml-system-design", "ml-depth", "behavioral"]
        missing = [r.persona_id for r in loop.rounds if r.persona_id not in app.catalog.personas]
        assert [r.persona_id for r in loop.rounds if r.status == "unavailable"] == missing
        assert "Round 1 of" in _break_text(app) and "Recruiter screen" in _break_text(app)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
    assert LoopStore(tui_env).load(loop.id).status == "active"  # saved, resumable
