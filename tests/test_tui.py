"""Pilot tests of the Textual app: a whole offline interview with a fake clock, failures, resume, export.

Helpers at the top (``tui_env``, ``settle``, ``start_round``, ``send_answer``, ``end_to_report``) are shared by every
test here. A test through a model engine builds the app with ``InterviewerApp(engine=engines.select(model=...,
api_base=...))`` (or with ``engine=None`` and INTERVIEWER_MODEL / INTERVIEWER_API_BASE set in ``tui_env``) and then
uses the same helpers; see ``run_offline_round`` for the sequence.
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
from pathlib import Path

import pytest

from interviewer import services
from interviewer.catalog import default_catalog
from interviewer.engine.clock import MAX_MINUTES, MIN_MINUTES, MINUTES_RANGE, FakeClock
from interviewer.engine.interview import Interview
from interviewer.tui.app import InterviewerApp
from interviewer.tui.screens.home import HomeScreen
from interviewer.tui.screens.interview import InterviewScreen
from interviewer.tui.screens.modals import ConfirmScreen, HelpScreen
from interviewer.tui.screens.report import ReportScreen
from interviewer.tui.widgets import AnswerBox, ChatLog, ChatMessage, PersonaList, SessionTable

SIZE = (100, 30)

WEAK = "I worked on a project with a tight deadline. It was hard but we did it."
WARMUP = (
    "I'm a machine learning engineer at a payments company. I work on fraud models and the pipelines that feed them, "
    "and lately on making our feature store faster."
)
SOLIDISH = (
    "At my last company our fraud model release slipped, and I owned the launch. I cut the dashboard, kept the "
    "alerting, and shipped two days early; chargebacks dropped 12% in the first month. Next time I'd cut scope sooner."
)


# --------------------------------------------------------------------------- helpers


@pytest.fixture
def tui_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private data dir and config dir, no model configured, test mode on (no cursor blink, no animations)."""
    home = tmp_path / "home"
    monkeypatch.setenv("INTERVIEWER_HOME", str(home))
    monkeypatch.setenv("INTERVIEWER_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("INTERVIEWER_TEST_MODE", "1")
    for key in ("INTERVIEWER_MODEL", "INTERVIEWER_VOICE_MODEL", "INTERVIEWER_JUDGE_MODEL", "INTERVIEWER_API_BASE"):
        monkeypatch.delenv(key, raising=False)
    return home


async def settle(pilot) -> None:
    """Let workers finish and the screen catch up."""
    for _ in range(3):
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def record_notifications(app: InterviewerApp) -> list[tuple[str, str]]:
    """Capture (severity, message) of every notification the app shows."""
    seen: list[tuple[str, str]] = []
    original = app.notify

    def notify(message, *, title="", severity="information", timeout=None, markup=True):
        seen.append((severity, str(message)))
        return original(message, title=title, severity=severity, timeout=timeout, markup=markup)

    app.notify = notify  # type: ignore[method-assign]
    return seen


async def start_round(pilot, persona_id: str, minutes: int | None = None) -> InterviewScreen:
    app = pilot.app
    await settle(pilot)
    assert isinstance(app.screen, HomeScreen)
    plist = app.screen.query_one(PersonaList)
    plist.focus()
    plist.highlighted = [p.id for p in plist.personas].index(persona_id)
    await pilot.pause()
    if minutes is not None:
        app.screen.query_one("#minutes").value = str(minutes)
        plist.focus()
    await pilot.press("enter")
    await settle(pilot)
    screen = app.screen
    assert isinstance(screen, InterviewScreen)
    assert screen.interview is not None
    return screen


async def send_answer(pilot, text: str, *, type_it: bool = False) -> None:
    box = pilot.app.screen.query_one(AnswerBox)
    if type_it:
        box.focus()
        await pilot.press(*[("space" if c == " " else c) for c in text])
    else:
        box.text = text
    await pilot.press("ctrl+s")
    await settle(pilot)


def chat_texts(screen: InterviewScreen) -> list[str]:
    return [m.text for m in screen.query(ChatMessage)]


async def end_to_report(pilot) -> ReportScreen:
    await pilot.press("ctrl+t")
    await pilot.pause()
    assert isinstance(pilot.app.screen, ConfirmScreen)
    await pilot.press("y")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, ReportScreen), type(screen)
    return screen


# --------------------------------------------------------------------------- a whole interview


async def test_whole_offline_interview_with_fake_clock(tui_env: Path) -> None:
    clock = FakeClock()
    app = InterviewerApp(clock=clock)  # engine=None: the real lazy path, offline because no model is configured
    async with app.run_test(size=SIZE) as pilot:
        screen = await start_round(pilot, "behavioral")
        iv = screen.interview
        session = iv.session
        opening = session.turns[0]
        assert opening.role == "interviewer"
        assert chat_texts(screen)[0] == opening.text
        assert app.focused is screen.query_one(AnswerBox)  # the candidate is expected to type

        # the warm-up, typed key by key; Enter makes a new line, it does not send
        clock.advance(60)
        box = screen.query_one(AnswerBox)
        box.focus()
        await pilot.press(*"Hello", "enter", *"there")
        assert box.text == "Hello\nthere"
        assert len(session.turns) == 1
        box.text = ""
        # a fast typist (or a paste) then the send key, all in one read from the terminal: the send key must not
        # overtake the keys typed before it
        from textual import events

        for c in WARMUP:
            app.post_message(events.Key("space" if c == " " else c, c))
        app.post_message(events.Key("ctrl+s", None))
        await settle(pilot)
        assert box.text == ""  # accepted, so cleared
        assert session.turns[1].role == "candidate" and session.turns[1].text == WARMUP
        first_q = session.turns[2]
        assert first_q.move.kind == "question"
        assert chat_texts(screen)[-1] == first_q.text
        assert "question 1 of" in str(screen.query_one("#sb-stage").render())

        # a thin answer draws a follow-up on a gap
        clock.advance(45)
        await send_answer(pilot, WEAK)
        followup = session.turns[-1]
        assert followup.move.kind == "followup"
        assert chat_texts(screen)[-1] == followup.text
        assert followup.move.probe in chat_texts(screen)[-1]
        assert "follow-up 1" in iv.stage_label()

        # past the question's budget, the interviewer moves on for time
        q = session.current_question
        clock.advance(q.budget_seconds + 5)
        await send_answer(pilot, SOLIDISH)
        moved = session.turns[-1]
        assert moved.move.kind == "question" and moved.move.reason == "time"
        assert session.questions[0].ended_by == "time"
        assert chat_texts(screen)[-1] == moved.text
        assert "question 2 of" in iv.stage_label()

        # the status bar counts down on the session clock
        screen.tick()
        left = iv.seconds_left()
        shown = str(screen.query_one("#sb-round").render())
        assert shown == f"{int(left) // 60:02d}:{int(left) % 60:02d} left"

        report_screen = await end_to_report(pilot)
        report = report_screen.report
        title = str(report_screen.query_one("#report-title").render())
        assert f"{report.overall:.2f} / 4" in title
        assert report.recommendation in title
        assert report_screen.query_one("#dimensions").row_count == len(report.dimensions)

    saved = services.open_store(None).load(session.id)
    assert saved.status == "finished" and saved.overall == pytest.approx(report.overall)
    for fmt in ("md", "html", "json"):
        assert services.open_store(None).report_path(session.id, fmt).exists()


async def test_skip_and_time_pressure_colours(tui_env: Path) -> None:
    clock = FakeClock()
    app = InterviewerApp(clock=clock, engine={})
    async with app.run_test(size=SIZE) as pilot:
        screen = await start_round(pilot, "recruiter", minutes=10)
        iv = screen.interview
        assert iv.session.minutes == 10
        await send_answer(pilot, WARMUP)
        asked = len(iv.session.questions)
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert iv.session.turns[-1].move.reason == "skip"
        assert len(iv.session.questions) == asked + 1
        rnd = screen.query_one("#sb-round")
        clock.advance(iv.session.minutes * 60 * 0.85)
        screen.tick()
        assert rnd.has_class("-low") and not rnd.has_class("-over")
        clock.advance(iv.session.minutes * 60 * 0.3)
        screen.tick()
        assert rnd.has_class("-over") and "over time" in str(rnd.render())


# --------------------------------------------------------------------------- failures keep the answer


async def test_answer_stays_in_the_box_when_the_engine_raises(tui_env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    original = Interview.answer
    calls = {"n": 0}

    async def flaky(self, raw, seconds=None, on_token=None):
        calls["n"] += 1
        if calls["n"] == 1:
            raise RuntimeError("the model server hung up")
        return await original(self, raw, seconds=seconds, on_token=on_token)

    monkeypatch.setattr(Interview, "answer", flaky)
    app = InterviewerApp(clock=FakeClock(), engine={})
    notes = record_notifications(app)
    async with app.run_test(size=SIZE) as pilot:
        screen = await start_round(pilot, "behavioral")
        before = chat_texts(screen)
        await send_answer(pilot, WARMUP)
        box = screen.query_one(AnswerBox)
        assert box.text == WARMUP  # nothing lost
        assert chat_texts(screen) == before  # the optimistic "You" message was taken back
        errors = [m for sev, m in notes if sev == "error"]
        assert errors and "the model server hung up" in errors[-1] and "RuntimeError" in errors[-1]
        assert app.focused is box and not box.read_only
        assert len(screen.interview.session.turns) == 1

        await pilot.press("ctrl+s")  # try again: now it goes through
        await settle(pilot)
        assert box.text == ""
        assert screen.interview.session.turns[1].text == WARMUP
        assert calls["n"] == 2


async def test_reply_failure_after_the_answer_was_saved_retries_without_duplicating(
    tui_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from interviewer.engine.voice import OfflineVoice

    original = OfflineVoice.speak
    calls = {"n": 0}

    async def flaky_speak(self, move, ctx, on_token=None):
        calls["n"] += 1
        if calls["n"] == 2:  # the reply to the first answer
            raise ConnectionError("stream broke")
        return await original(self, move, ctx, on_token)

    monkeypatch.setattr(OfflineVoice, "speak", flaky_speak)
    app = InterviewerApp(clock=FakeClock(), engine={})
    notes = record_notifications(app)
    async with app.run_test(size=SIZE) as pilot:
        screen = await start_round(pilot, "behavioral")
        await send_answer(pilot, WARMUP)
        session = screen.interview.session
        assert session.turns[-1].role == "candidate"  # saved on disk before the reply failed
        assert screen.query_one(AnswerBox).text == WARMUP
        assert any("saved" in m and "stream broke" in m for sev, m in notes if sev == "error")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert [t.role for t in session.turns] == ["interviewer", "candidate", "interviewer"]
        assert screen.query_one(AnswerBox).text == ""


async def test_empty_answer_is_not_sent(tui_env: Path) -> None:
    app = InterviewerApp(clock=FakeClock(), engine={})
    notes = record_notifications(app)
    async with app.run_test(size=SIZE) as pilot:
        screen = await start_round(pilot, "behavioral")
        await send_answer(pilot, "   \n ")
        assert len(screen.interview.session.turns) == 1
        assert any("Type your answer first" in m for _, m in notes)


# --------------------------------------------------------------------------- home, resume, quit


async def _finished_and_unfinished(home: Path) -> tuple[str, str]:
    """One finished session (a scripted rehearsal) and one unfinished one (two turns), created through the engine."""
    store = services.open_store(str(home))
    script = services.RehearsalScript(
        persona="recruiter",
        answers=[services.ScriptAnswer(seconds=90, text=WARMUP), services.ScriptAnswer(seconds=120, text=SOLIDISH)],
    )
    done = await services.rehearse(script, store=store)
    iv = Interview.new(default_catalog(), "behavioral", store=store, clock=FakeClock())
    await iv.start()
    await iv.answer(WARMUP)
    return done.interview.session.id, iv.session.id


async def test_home_lists_sessions_and_resumes_the_unfinished_one(tui_env: Path) -> None:
    finished_id, unfinished_id = await _finished_and_unfinished(tui_env)
    app = InterviewerApp(clock=FakeClock(), engine={})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        home = app.screen
        assert isinstance(home, HomeScreen)
        table = home.query_one(SessionTable)
        assert table.row_count == 2
        rows = {key.value: table.get_row(key) for key in table.rows}
        finished = services.open_store(None).load(finished_id)
        assert str(rows[finished_id][3]) == f"{finished.overall:.2f}"
        assert str(rows[unfinished_id][3]) == "-"
        assert rows[unfinished_id][2].startswith("unfinished")
        resume = home.query_one("#resume")
        assert resume.display
        assert "Resume your unfinished Behavioral (STAR) interview" in str(resume.label)

        await pilot.press("r")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, InterviewScreen)
        assert screen.interview.session.id == unfinished_id
        turns = screen.interview.session.turns
        assert chat_texts(screen) == [t.text for t in turns]  # the transcript so far
        assert app.focused is screen.query_one(AnswerBox)
        await send_answer(pilot, WEAK)
        assert screen.interview.session.turns[-2].text == WEAK


async def test_quit_mid_interview_keeps_the_session_and_home_offers_resume(tui_env: Path) -> None:
    app = InterviewerApp(clock=FakeClock(), engine={})
    async with app.run_test(size=SIZE) as pilot:
        screen = await start_round(pilot, "system-design")
        await send_answer(pilot, "I'd start with requirements: who uses it and how many requests per second.")
        sid = screen.interview.session.id
        screen.query_one(AnswerBox).text = "a draft I never sent"
        await pilot.press("ctrl+c")
        await pilot.pause()
    assert app.return_code == 0
    assert app.unfinished_session_id() == sid
    saved = services.open_store(None).load(sid)
    assert saved.status == "active" and len(saved.candidate_turns()) == 1

    app2 = InterviewerApp(clock=FakeClock(), engine={})
    async with app2.run_test(size=SIZE) as pilot:
        await settle(pilot)
        resume = app2.screen.query_one("#resume")
        assert resume.display and "System design" in str(resume.label)


async def test_finished_session_opens_its_report_and_exports_three_files(tui_env: Path) -> None:
    finished_id, _ = await _finished_and_unfinished(tui_env)
    store = services.open_store(None)
    for fmt in ("md", "html", "json"):
        store.report_path(finished_id, fmt).unlink()
    app = InterviewerApp(clock=FakeClock(), engine={})
    notes = record_notifications(app)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = app.screen.query_one(SessionTable)
        table.focus()
        table.move_cursor(row=table.get_row_index(finished_id))
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ReportScreen)
        assert screen.session_id == finished_id
        for key in ("m", "h", "j"):
            await pilot.press(key)
            await settle(pilot)
        for fmt in ("md", "html", "json"):
            path = store.report_path(finished_id, fmt)
            assert path.exists() and path.stat().st_size > 100
            assert any(str(path) in m for _, m in notes)
        await pilot.click("#export-json")  # the buttons do the same
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)


# --------------------------------------------------------------------------- options, help, palette, theme


async def test_minutes_are_validated(tui_env: Path) -> None:
    app = InterviewerApp(clock=FakeClock(), engine={})
    notes = record_notifications(app)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        home = app.screen
        minutes = home.query_one("#minutes")
        for bad in (str(MIN_MINUTES - 1), str(MAX_MINUTES + 1), ""):
            minutes.value = bad
            home.action_start()
            await pilot.pause()
            assert isinstance(app.screen, HomeScreen)
        assert sum(MINUTES_RANGE in m for sev, m in notes if sev == "error") == 3
        minutes.value = "20"
        home.action_start("behavioral")
        await settle(pilot)
        assert isinstance(app.screen, InterviewScreen)
        assert app.screen.interview.session.minutes == 20


async def test_help_palette_commands_and_theme(tui_env: Path) -> None:
    app = InterviewerApp(clock=FakeClock(), engine={})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Start: Behavioral (STAR)" in titles and "Toggle light/dark theme" in titles
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.pause()
        theme = app.theme
        await pilot.press("f2")
        assert app.theme != theme and app.theme in ("textual-dark", "textual-light")
        await pilot.press("f2")
        assert app.theme == theme

        screen = await start_round(pilot, "behavioral")
        titles = [c.title for c in app.get_system_commands(screen)]
        assert {"Send answer", "Skip question", "End interview", "Help: keys"} <= set(titles)
        await pilot.press("f1")  # works from inside the answer box too
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert app.focused is screen.query_one(AnswerBox)

        await pilot.press("ctrl+t")
        await pilot.pause()
        await pilot.press("n")  # keep going
        await pilot.pause()
        assert app.screen is screen and not screen.interview.finished
        assert app.focused is screen.query_one(AnswerBox)


async def test_small_terminal_keeps_the_essentials_visible(tui_env: Path) -> None:
    app = InterviewerApp(clock=FakeClock(), engine={})
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start_round(pilot, "ml-system-design")
        await send_answer(pilot, WEAK)
        width, height = 80, 24
        for selector in ("#answer", "#sb-round", "#sb-stage", "Footer"):
            region = screen.query_one(selector).region
            assert region.width > 0 and region.height > 0, selector
            assert region.right <= width and region.bottom <= height, selector
        assert str(screen.query_one("#sb-round").render()).endswith("left")
        chat = screen.query_one(ChatLog)
        assert chat.scroll_y == chat.max_scroll_y  # the newest message is in view


def test_importing_the_tui_does_not_import_litellm() -> None:
    code = "import sys, interviewer.tui.app; assert 'litellm' not in sys.modules, 'litellm imported'"
    subprocess.run([sys.executable, "-c", code], check=True)
    code = "import sys, interviewer.engine.interview, interviewer.services; assert 'textual' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)


# --------------------------------------------------------------------------- shared sequence


async def test_a_configured_model_is_resolved_lazily_and_an_unusable_one_falls_back(
    tui_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from interviewer import engines
    from interviewer.judges.base import EngineFailure

    monkeypatch.setenv("INTERVIEWER_MODEL", "openai/gpt-test")
    selected: list[dict] = []

    def fake_select(**kw):
        selected.append(kw)
        return {"voice": object(), "judge": object(), "grader": object(), "engine": "llm"}

    async def fake_preflight(engine):
        raise EngineFailure("openai/gpt-test needs OPENAI_API_KEY in the environment (no key found)")

    monkeypatch.setattr(engines, "select", fake_select)
    monkeypatch.setattr(engines, "preflight", fake_preflight)
    app = InterviewerApp(clock=FakeClock())
    notes = record_notifications(app)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert selected == []  # nothing about the model runs before Home is shown and idle
        model_field = app.screen.query_one("#model")
        assert model_field.display and model_field.value == "openai/gpt-test"
        screen = await start_round(pilot, "behavioral")
        assert len(selected) == 1 and selected[0]["model"] is None  # the configured model: engines reads the config
        assert any("no key found" in m and "offline" in m for sev, m in notes if sev == "warning")
        assert screen.interview.session.engine == "offline"
        await send_answer(pilot, WARMUP)
        assert screen.interview.session.turns[-1].role == "interviewer"


async def test_writing_the_report_is_visible_while_grading(tui_env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    release = asyncio.Event()
    original = services.finish

    async def slow_finish(*args, **kwargs):
        await release.wait()
        return await original(*args, **kwargs)

    monkeypatch.setattr(services, "finish", slow_finish)
    app = InterviewerApp(clock=FakeClock(), engine={})
    async with app.run_test(size=SIZE) as pilot:
        screen = await start_round(pilot, "behavioral")
        await send_answer(pilot, WARMUP)
        await pilot.press("ctrl+t")
        await pilot.pause()
        await pilot.press("y")
        for _ in range(50):
            await pilot.pause(0.01)
            if screen.query_one("#finishing").display:
                break
        assert screen.query_one("#finishing").display
        assert not screen.query_one(AnswerBox).display
        assert "Writing your report" in str(screen.query_one("#finishing-label").render())
        assert screen.interview.finished  # the close is on disk before grading starts
        release.set()
        await settle(pilot)
        assert isinstance(app.screen, ReportScreen)


async def test_resume_after_a_crash_between_answer_and_reply(tui_env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from interviewer.engine.voice import OfflineVoice
    from interviewer.models import Turn

    store = services.open_store(None)
    iv = Interview.new(default_catalog(), "behavioral", store=store, clock=FakeClock())
    await iv.start()
    iv.session.turns.append(Turn(index=1, role="candidate", text=WARMUP, at=30.0, seconds=30.0))
    store.save(iv.session)  # the process died here: the answer is on disk, the reply is not

    original = OfflineVoice.speak
    calls = {"n": 0}

    async def flaky_speak(self, move, ctx, on_token=None):
        calls["n"] += 1
        if calls["n"] == 1:
            raise TimeoutError("model timed out")
        return await original(self, move, ctx, on_token)

    monkeypatch.setattr(OfflineVoice, "speak", flaky_speak)
    app = InterviewerApp(clock=FakeClock(), engine={})
    notes = record_notifications(app)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, InterviewScreen)
        assert any("model timed out" in m for sev, m in notes if sev == "error")
        assert [t.role for t in screen.interview.session.turns] == ["interviewer", "candidate"]
        await pilot.press("ctrl+s")  # the box is empty: this asks for the missing reply again
        await settle(pilot)
        turns = screen.interview.session.turns
        assert [t.role for t in turns] == ["interviewer", "candidate", "interviewer"]
        assert chat_texts(screen)[-1] == turns[-1].text
