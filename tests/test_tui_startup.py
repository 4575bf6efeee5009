"""What keeps the app's first frame light (issue 9): Home's lean Start button looks and acts like Textual's Button,
the garbage collector's start-up pause ends with the first frame, and nothing heavy is imported before it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from textual.app import App, ComposeResult
from textual.containers import Horizontal
from textual.geometry import Region
from textual.widgets import Button, Static

from interviewer.tui.widgets.home import StartButton

REPO = Path(__file__).resolve().parents[1]


class _Buttons(App):
    AUTO_FOCUS = None
    CSS = "Horizontal { height: 1; } Static { width: auto; } #textual, #lean { margin: 0 0 0 2; }"

    def __init__(self) -> None:
        super().__init__()
        self.pressed: list[str] = []

    def compose(self) -> ComposeResult:
        with Horizontal():
            yield Static("Minutes")
            yield Button("Start interview", id="textual", variant="primary", compact=True)
        with Horizontal():
            yield Static("Minutes")
            yield StartButton("Start interview", id="lean")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.pressed.append(event.button.id or "")


def _cells(widget) -> list[list[tuple[str, str]]]:
    """The widget's rendered lines: text and style of every segment."""
    region = Region(0, 0, widget.size.width, widget.size.height)
    return [[(seg.text, str(seg.style)) for seg in strip] for strip in widget.render_lines(region)]


@pytest.mark.parametrize("theme", ["textual-dark", "textual-light"])
async def test_start_button_renders_like_textuals_compact_primary_button_in_every_state(theme: str) -> None:
    app = _Buttons()
    async with app.run_test(size=(60, 6)) as pilot:
        app.theme = theme
        await pilot.pause()
        textual, lean = app.query_one("#textual", Button), app.query_one("#lean", StartButton)
        assert lean.region.size == textual.region.size
        normal = _cells(textual)
        assert _cells(lean) == normal

        seen = {}
        for name, widget in (("textual", textual), ("lean", lean)):
            await pilot.hover(f"#{name}")
            await pilot.pause()
            seen[name] = _cells(widget)
            await pilot.hover(Static)
            await pilot.pause()
        assert seen["lean"] == seen["textual"] != normal  # hover

        for name, widget in (("textual", textual), ("lean", lean)):
            widget.focus()
            await pilot.pause()
            seen[name] = _cells(widget)
        app.set_focus(None)
        assert seen["lean"] == seen["textual"] != normal  # focus

        for widget in (textual, lean):
            widget.add_class("-active")  # pressed
        await pilot.pause()
        assert _cells(lean) == _cells(textual) != normal
        for widget in (textual, lean):
            widget.remove_class("-active")
            widget.disabled = True
        await pilot.pause()
        assert _cells(lean) == _cells(textual) != normal


@pytest.mark.parametrize("how", ["click", "enter"])
async def test_start_button_is_a_button_that_presses(how: str) -> None:
    app = _Buttons()
    async with app.run_test(size=(60, 6)) as pilot:
        if how == "click":
            await pilot.click("#lean")
        else:
            app.query_one("#lean").focus()
            await pilot.press("enter")
        await pilot.pause()
    assert app.pressed == ["lean"]  # Button.Pressed, as from any Button


def _fresh_python(code: str, tmp_path: Path) -> str:
    env = dict(os.environ, INTERVIEWER_HOME=str(tmp_path / "home"), INTERVIEWER_CONFIG_DIR=str(tmp_path / "config"))
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120, cwd=str(REPO))
    assert out.returncode == 0, out.stderr[-2000:]
    return out.stdout


def test_the_garbage_collector_pause_ends_with_the_first_frame(tmp_path: Path) -> None:
    code = """
import gc, json, os, sys
usual = gc.get_threshold()
from interviewer.tui.app import InterviewerApp
paused = gc.get_threshold()

class Probe(InterviewerApp):
    def on_ready(self):
        heavy = [m for m in ("pydantic", "yaml", "jinja2", "litellm", "interviewer.store") if m in sys.modules]
        super().on_ready()
        print(json.dumps([usual, paused, gc.get_threshold(), heavy]))
        self.exit()

Probe(data_dir=os.environ["INTERVIEWER_HOME"]).run(headless=True, size=(100, 30))
"""
    usual, paused, after, heavy = json.loads(_fresh_python(code, tmp_path).strip().splitlines()[-1])
    assert after == usual  # the usual thresholds are back once Home is on screen
    assert paused[0] == 100_000 > usual[0]  # and the pause was on while the app started
    assert heavy == []  # nothing heavy before the first frame: no models, YAML, templates or model client


def test_run_app_checks_the_data_dir_without_the_store(tmp_path: Path) -> None:
    code = """
import sys
from interviewer import tui
import interviewer.tui.app as app_module

class Stop(Exception):
    pass

def no_run(self, *args, **kwargs):
    raise Stop([m for m in ("interviewer.store", "pydantic") if m in sys.modules])

app_module.InterviewerApp.run = no_run
try:
    tui.run_app()
except Stop as stop:
    print(stop.args[0])
"""
    assert _fresh_python(code, tmp_path).strip() == "[]"
    assert (tmp_path / "home" / "sessions").is_dir()  # the check made the folder and wrote its probe there
    assert not list((tmp_path / "home" / "sessions").iterdir())  # and removed the probe


async def test_home_follows_a_terminal_resize(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Home ignores a resize to the size it is laid out at (Textual sends the first size up to three times), and
    lays itself out again when the size really changes."""
    from interviewer.tui.app import InterviewerApp
    from interviewer.tui.widgets import PersonaList

    monkeypatch.setenv("INTERVIEWER_CONFIG_DIR", str(tmp_path / "config"))
    app = InterviewerApp(data_dir=tmp_path / "home", engine={})
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert app.screen.query_one(PersonaList).region.width == 98
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert app.screen.size == (80, 24)
        assert app.screen.query_one(PersonaList).region.width == 78
        assert app.screen.query_one("#start").region.right <= 80
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        assert app.screen.query_one(PersonaList).region.width == 98
