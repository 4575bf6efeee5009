"""The app's practice features: the Progress screen (trends, a chart, what to practise next, a drill from it) and a
round tailored to a job description typed on Home."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable, Input, Sparkline, Static

from interviewer import services
from interviewer.engine.clock import FakeClock
from interviewer.progress import progress_view
from interviewer.store import SessionStore
from interviewer.tui.app import InterviewerApp
from interviewer.tui.screens.home import HomeScreen
from interviewer.tui.screens.interview import InterviewScreen
from interviewer.tui.screens.progress import ProgressScreen
from tests.test_tui import SIZE, settle, start_round, tui_env  # noqa: F401 - the fixture is used by name

GOOD = (
    "At my last company I owned the checkout service. In March our payment error rate jumped from 0.2% to 3% two days "
    "before a sale. I traced it myself to a retry loop and I wrote a fix with a circuit breaker; errors fell to 0.1%. "
    "I learned to load-test every retry policy."
)


async def _sessions(home: Path, catalog, texts: list[str]) -> None:
    store = SessionStore(home)
    for text in texts:
        script = services.RehearsalScript(persona="behavioral", minutes=20, answers=[services.ScriptAnswer(seconds=200, text=text)] * 5)
        await services.rehearse(script, store=store, catalog=catalog)


async def test_progress_screen_shows_trends_a_chart_and_starts_a_drill(tui_env: Path, catalog) -> None:
    await _sessions(tui_env, catalog, ["We fixed it.", GOOD, GOOD])
    expected = progress_view(tui_env, catalog=catalog, rehearsals=True)
    app = InterviewerApp(clock=FakeClock())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("p")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ProgressScreen)
        table = screen.query_one("#trends", DataTable)
        assert table.row_count == 0  # scripted rehearsals are not the candidate's own practice
        assert "Not counted: 3 scripted rehearsals. Press R" in str(screen.query_one("#next", Static).render())
        await pilot.press("r")
        await settle(pilot)
        trends = expected.rounds[0].trends
        assert table.row_count == len(trends)
        first_round, first_trend = screen.rows[0]
        assert screen.query_one("#chart", Sparkline).data == [float(x) for x in first_trend.scores]
        assert table.get_row_at(0)[1] == first_trend.name
        await pilot.press("down")
        await pilot.pause()
        assert screen.query_one("#chart", Sparkline).data == [float(x) for x in screen.rows[1][1].scores]
        s = expected.suggestion
        nxt = str(screen.query_one("#next", Static).render())
        assert f"What to practise next: {s.name}" in nxt and s.questions[0][1][:40] in nxt
        await pilot.press("d")
        await settle(pilot)
        iv = app.screen
        assert isinstance(iv, InterviewScreen) and iv.interview is not None
        plan = iv.interview.session.plan
        assert plan is not None and plan.kind == "drill" and plan.dimension == s.dimension
        assert iv.interview.session.origin == "drill"  # the candidate's own practice, started from the app
        assert iv.interview.session.questions[0].dimensions[0] == s.dimension


async def test_a_job_description_typed_on_home_tailors_the_round(tui_env: Path, tmp_path: Path) -> None:
    job = tmp_path / "job.md"
    job.write_text("We need an engineer who handles production incidents calmly: incident response, on-call, "
                   "postmortems and production incident leadership for our payments platform.")
    app = InterviewerApp(clock=FakeClock())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.screen.query_one("#job", Input).value = "/no/such/job.md"
        await pilot.press("s")  # a missing file is one clear message, and nothing starts
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        app.screen.query_one("#job", Input).value = str(job)
        screen = await start_round(pilot, "behavioral")
        session = screen.interview.session
        assert session.plan is not None and session.plan.job_name == "job.md"
        assert session.plan.notes[0].source == "bank" and "incident" in session.plan.notes[0].why
        # after the warm-up, the best match is the first question the interviewer asks
        assert screen.interview.persona.questions[0].id == session.plan.questions[0].id
