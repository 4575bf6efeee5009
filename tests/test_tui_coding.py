"""The app's coding round: a Python code editor beside the chat, F5 runs the examples in a worker, Ctrl+S submits
the answer with the code, which runs against the hidden tests in the sandbox."""

from __future__ import annotations

from pathlib import Path

from interviewer.engine.clock import FakeClock
from interviewer.tui.app import InterviewerApp
from interviewer.tui.screens.coding import CodeEditor, CodingInterviewScreen
from interviewer.tui.widgets import AnswerBox
from tests.test_tui import send_answer, settle, start_round, tui_env  # noqa: F401 - the fixture is used by name

SOLUTION = (Path(__file__).parent / "coding_solutions" / "ema_irregular.py").read_text()
SIZE = (140, 40)


async def test_the_coding_round_has_an_editor_runs_examples_and_submits_code(tui_env: Path) -> None:  # noqa: F811
    app = InterviewerApp(clock=FakeClock())
    async with app.run_test(size=SIZE) as pilot:
        screen = await start_round(pilot, "ml-coding")
        assert isinstance(screen, CodingInterviewScreen)
        editor = screen.query_one(CodeEditor)
        assert editor.language == "python" and editor.show_line_numbers
        assert "def ema(" in editor.text and "raise NotImplementedError" in editor.text  # the starter code
        spec = str(screen.query_one("#spec").render())
        assert "Examples:" in spec and "ema([(0.0, 10.0), (1.0, 20.0)], half_life=1.0)" in spec

        await pilot.press("f5")  # the starter code fails the examples
        await settle(pilot)
        result = str(screen.query_one("#run-result").render())
        assert "0 of 2 tests passed" in result and "NotImplementedError" in result
        session = screen.interview.session
        assert [r.kind for r in session.code_runs] == ["examples"]

        editor.text = SOLUTION
        await pilot.press("f5")
        await settle(pilot)
        assert "2 of 2 tests passed" in str(screen.query_one("#run-result").render())

        await send_answer(pilot, "One pass with a weight from the time gap: O(n) time and O(1) extra memory.")
        runs = session.code_runs
        assert [r.kind for r in runs] == ["examples", "examples", "tests"]
        assert runs[-1].result.all_passed
        answer = session.turns[runs[-1].turn]
        assert answer.code == SOLUTION and answer.text.startswith("One pass")

        # a follow-up with unchanged code does not run the tests again
        if not screen.interview.finished and session.current_question is not None:
            await send_answer(pilot, "I would test an empty stream and events at the same timestamp.")
            assert len(session.code_runs) == 3


async def test_f6_switches_between_code_and_answer(tui_env: Path) -> None:  # noqa: F811
    app = InterviewerApp(clock=FakeClock())
    async with app.run_test(size=SIZE) as pilot:
        screen = await start_round(pilot, "ml-coding")
        await pilot.press("f6")
        assert app.focused is screen.query_one(CodeEditor)
        await pilot.press("f6")
        assert app.focused is screen.query_one(AnswerBox)


TYPED = """def ema(events, half_life):
    out, avg, last = [], None, None
    for t, v in events:
        if avg is None:
            avg = float(v)
        else:
            k = 0.5 ** ((t - last) / half_life)
            avg = k * avg + (1 - k) * v
        last = t
        out.append(avg)
    return out
"""


async def test_code_typed_in_the_editor_runs_the_examples_and_is_submitted(tui_env: Path) -> None:  # noqa: F811
    """Keystrokes, not a pasted string: the candidate types a solution, F5 runs the examples (in the sandbox, not in
    the app's process), and sending the answer submits the code against the hidden tests."""
    app = InterviewerApp(clock=FakeClock())
    async with app.run_test(size=SIZE) as pilot:
        screen = await start_round(pilot, "ml-coding")
        editor = screen.query_one(CodeEditor)
        editor.focus()
        editor.clear()  # the starter code goes; what follows is typed key by key
        await pilot.press(*[{"\n": "enter", " ": "space"}.get(ch, ch) for ch in TYPED])
        assert editor.text == TYPED

        await pilot.press("f5")
        await settle(pilot)
        assert str(screen.query_one("#run-result").render()).startswith("2 of 2 tests passed")
        session = screen.interview.session
        (run,) = session.code_runs
        assert run.kind == "examples" and run.code == TYPED
        assert run.result.sandbox and all(t.outcome == "passed" for t in run.result.tests)  # the sandboxed child's notes

        await pilot.press("f6")  # to the answer box, and type the explanation
        await send_answer(pilot, "One pass, the weight from the time gap.", type_it=True)
        kinds = [(r.kind, r.code == TYPED) for r in session.code_runs]
        assert kinds == [("examples", True), ("tests", True)]
        tests_run = session.code_runs[-1]
        answer = session.turns[tests_run.turn]
        assert answer.role == "candidate" and answer.text == "One pass, the weight from the time gap." and answer.code == TYPED
        assert len(tests_run.result.tests) > 2  # the hidden tests, not only the examples


async def test_f5_leaves_the_focus_in_the_editor(tui_env: Path) -> None:  # noqa: F811
    """Running the examples is part of writing code: after F5 (and after its result is shown) the cursor is still in
    the editor, where the candidate goes on typing."""
    app = InterviewerApp(clock=FakeClock())
    async with app.run_test(size=SIZE) as pilot:
        screen = await start_round(pilot, "ml-coding")
        editor = screen.query_one(CodeEditor)
        editor.focus()
        await pilot.pause()
        await pilot.press("f5")
        assert app.focused is editor
        await settle(pilot)
        assert "tests passed" in str(screen.query_one("#run-result").render())
        assert app.focused is editor
        await pilot.press("x")  # keys still reach the code
        assert "x" in editor.text


async def test_f5_from_the_answer_box_returns_the_focus_to_the_editor(tui_env: Path) -> None:  # noqa: F811
    """After a reply the focus is in the answer box; F5 there runs the examples and puts the cursor back in the
    editor, so the fix typed next goes into the code, not into the answer."""
    app = InterviewerApp(clock=FakeClock())
    async with app.run_test(size=SIZE) as pilot:
        screen = await start_round(pilot, "ml-coding")
        editor, box = screen.query_one(CodeEditor), screen.query_one(AnswerBox)
        box.focus()
        await pilot.pause()
        await pilot.press("f5")
        await settle(pilot)
        assert "tests passed" in str(screen.query_one("#run-result").render())
        assert app.focused is editor
        await pilot.press("x")
        assert "x" in editor.text and "x" not in box.text
