"""Snapshot tests (pytest-textual-snapshot) of the coding round's screen: the question with its examples, the code
editor holding the candidate's code, and the result of running the examples, at 100x30 and 140x40.

The clock is a FakeClock, test mode turns the cursor blink off, and the run's summary holds no timing.

    pytest tests/test_tui_coding_snapshots.py --snapshot-update   # after an intended change of the screen
"""

from __future__ import annotations

from pathlib import Path

import pytest

from interviewer.catalog import load_catalog
from interviewer.engine.clock import FakeClock
from interviewer.tui.app import InterviewerApp
from interviewer.tui.screens.coding import CodeEditor, CodingInterviewScreen
from interviewer.tui.widgets import PersonaList
from tests.test_tui import settle, tui_env  # noqa: F401 - the fixture is used by name

SIZES = [pytest.param((100, 30), id="100x30"), pytest.param((140, 40), id="140x40")]
SOLUTION = (Path(__file__).parent / "coding_solutions" / "ema_irregular.py").read_text()


async def _coding_round(pilot, code: str | None) -> None:
    await settle(pilot)
    plist = pilot.app.screen.query_one(PersonaList)
    plist.highlighted = [p.id for p in plist.personas].index("ml-coding")
    await pilot.press("enter")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, CodingInterviewScreen)
    if code is not None:
        editor = screen.query_one(CodeEditor)
        editor.text = code
        editor.focus()
        editor.move_cursor((0, 0))
        await pilot.press("f5")
        await settle(pilot)
        assert "2 of 2 tests passed" in str(screen.query_one("#run-result").render())


def _app() -> InterviewerApp:
    return InterviewerApp(clock=FakeClock(), engine={}, test_mode=True, catalog=load_catalog(include_user=False))


@pytest.mark.parametrize("size", SIZES)
def test_coding_round_opens_with_the_starter_code(snap_compare, tui_env, size) -> None:  # noqa: F811
    async def opened(pilot) -> None:
        await _coding_round(pilot, None)

    assert snap_compare(_app(), terminal_size=size, run_before=opened)


@pytest.mark.parametrize("size", SIZES)
def test_coding_round_after_running_the_examples(snap_compare, tui_env, size) -> None:  # noqa: F811
    async def ran(pilot) -> None:
        await _coding_round(pilot, SOLUTION)

    assert snap_compare(_app(), terminal_size=size, run_before=ran)
