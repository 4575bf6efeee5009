"""Snapshot tests (pytest-textual-snapshot) of Home, Interview mid-stream and Report at 100x30 and 80x24.

Everything time-dependent is fixed: a FakeClock drives the status bar, the sessions on Home are built with fixed ids
and dates, the report has a fixed date, and test mode turns cursor blink and the typing animation off.

    pytest tests/test_tui_snapshots.py --snapshot-update   # after an intended change of the screens
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from interviewer import services
from interviewer.catalog import Catalog, load_catalog
from interviewer.engine.clock import FakeClock
from interviewer.engine.interview import Interview
from interviewer.models import DimensionScore, Report, Session, TimingRow, recommendation_for
from interviewer.store import SessionStore
from interviewer.tui.app import InterviewerApp
from interviewer.tui.messages import OpenReport
from interviewer.tui.widgets import AnswerBox, ChatMessage, PersonaList

SIZES = [pytest.param((100, 30), id="100x30"), pytest.param((80, 24), id="80x24")]

FINISHED_ID = "20260110-093000-behavioral-a1b2"
UNFINISHED_ID = "20260112-184500-system-design-c3d4"
RECRUITER_ID = "20260105-120000-recruiter-e5f6"

STORY = (
    "At my last company our fraud model release slipped three weeks and I owned the launch. I listed what we could "
    "cut, kept the alerting and dropped the dashboard, and we shipped two days early. Chargebacks fell 12% in the "
    "first month. Next time I would agree on the cut list with product in week one."
)
INTRO = "I'm an ML engineer at a payments company; I build fraud models and the pipelines that feed them."

PARTIAL_REPLY = (
    "Thanks, that's a useful story.\n\n"
    "Let me dig into one part of it. When you decided to **drop the dashboard**, who did you need to convince, and"
)
REST_OF_REPLY = " what did you tell them?"


def _session(sid: str, persona_id: str, rubric_id: str, created: str, minutes: float) -> Session:
    return Session(id=sid, persona_id=persona_id, rubric_id=rubric_id, created=created, updated=created, minutes=minutes)


SCORES = [3, 2, 3, 2, 4, 3]  # the behavioral rubric's dimensions, in order


def _fixed_report(catalog: Catalog) -> Report:
    """A hand-built report, so the Report snapshot does not move when the offline judge or grader is tuned."""
    persona = catalog.persona("behavioral")
    rubric = catalog.rubric_for(persona)
    dims = [
        DimensionScore(
            id=d.id, name=d.name, weight=d.weight, score=score,
            evidence=["I listed what we could cut"] if score >= 3 else [],
            feedback=f"{d.name}: say it in one sentence, with a number.", what_a_4_looks_like=d.levels[4],
        )
        for d, score in zip(rubric.dimensions, SCORES)
    ]
    overall = sum(d.score * d.weight for d in dims) / sum(d.weight for d in dims)
    return Report(
        session_id=FINISHED_ID, persona=persona.name, round=persona.round, rubric=rubric.id, engine="offline",
        created="2026-01-10T09:45:00+01:00", overall=round(overall, 2), recommendation=recommendation_for(overall),
        dimensions=dims, strengths=["A concrete cut list, owned by you."], improvements=["Say what changed, in numbers."],
        timing=[TimingRow(question="Tell me about a time you had to deliver something under a tight deadline.",
                          minutes_used=6.5, minutes_budget=10.1, followups=2, ended_by="followups_done")],
        summary="A clear story with a measurable result; the reflection carried it.",
        minutes_used=8.8, minutes_budget=45.0,
    )


async def _build_sessions(store: SessionStore, catalog: Catalog) -> None:
    """Three sessions through the engine with fixed ids and dates; the finished ones get fixed scores."""

    async def run(sid: str, persona_id: str, created: str, answers: list[tuple[float, str]], overall: float | None) -> None:
        persona = catalog.persona(persona_id)
        rubric = catalog.rubric_for(persona)
        clock = FakeClock()
        iv = Interview(_session(sid, persona_id, rubric.id, created, persona.minutes), persona, rubric, store=store, clock=clock)
        await iv.start()
        for seconds, text in answers:
            clock.advance(seconds)
            await iv.answer(text)
        if overall is not None:
            await iv.end()
            iv.session.overall = overall
            store.save(iv.session)

    report = _fixed_report(catalog)
    await run(RECRUITER_ID, "recruiter", "2026-01-05T12:00:00+01:00", [(60, INTRO), (120, STORY)], 2.6)
    await run(FINISHED_ID, "behavioral", "2026-01-10T09:30:00+01:00", [(90, INTRO), (240, STORY)], report.overall)
    await run(UNFINISHED_ID, "system-design", "2026-01-12T18:45:00+01:00", [(120, "Requirements first: who, how many.")], None)
    services.write_reports(report, store)


@pytest.fixture
def snap_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Catalog]:
    monkeypatch.setenv("INTERVIEWER_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("INTERVIEWER_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("INTERVIEWER_TEST_MODE", "1")
    for key in ("INTERVIEWER_MODEL", "INTERVIEWER_VOICE_MODEL", "INTERVIEWER_JUDGE_MODEL"):
        monkeypatch.delenv(key, raising=False)
    catalog = load_catalog(include_user=False)
    home = tmp_path / "home"
    asyncio.run(_build_sessions(SessionStore(home), catalog))
    return home, catalog


def _app(home: Path, catalog: Catalog, engine: dict | None = None) -> InterviewerApp:
    return InterviewerApp(data_dir=str(home), clock=FakeClock(), engine=engine or {}, test_mode=True, catalog=catalog)


async def _settle(pilot) -> None:
    for _ in range(3):
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES)
def test_home(snap_compare, snap_env, size) -> None:
    home, catalog = snap_env
    assert snap_compare(_app(home, catalog), terminal_size=size, run_before=_settle)


@pytest.mark.parametrize("size", SIZES)
def test_report(snap_compare, snap_env, size) -> None:
    home, catalog = snap_env

    async def open_report(pilot) -> None:
        await _settle(pilot)
        pilot.app.post_message(OpenReport(FINISHED_ID))
        await _settle(pilot)

    assert snap_compare(_app(home, catalog), terminal_size=size, run_before=open_report)


class StallingVoice:
    """The offline voice for the opening; then half of a reply, and it never finishes (the model is 'thinking')."""

    name = "test-voice"

    def __init__(self) -> None:
        from interviewer.engine.voice import OfflineVoice

        self.offline = OfflineVoice()
        self.calls = 0
        self.stalled = False

    async def speak(self, move, ctx, on_token=None) -> str:
        self.calls += 1
        if self.calls == 1:
            text = self.offline.phrase(move, ctx)
            if on_token:
                on_token(text)
            return text
        for word in PARTIAL_REPLY.split(" "):
            if on_token:
                on_token(word + " ")
            await asyncio.sleep(0)
        self.stalled = True
        await asyncio.Event().wait()  # cancelled when the app exits
        return PARTIAL_REPLY + REST_OF_REPLY


@pytest.mark.parametrize("size", SIZES)
def test_interview_mid_stream(snap_compare, snap_env, size) -> None:
    home, catalog = snap_env
    voice = StallingVoice()

    async def half_streamed(pilot) -> None:
        await _settle(pilot)
        app = pilot.app
        plist = app.screen.query_one(PersonaList)
        plist.highlighted = [p.id for p in plist.personas].index("behavioral")
        await pilot.press("enter")
        await _settle(pilot)  # the opening is complete
        app.screen.query_one(AnswerBox).text = INTRO
        await pilot.press("ctrl+s")
        for _ in range(200):  # the reply is streaming and stalls half way; the worker stays busy
            await pilot.pause(0.01)
            messages = list(app.screen.query(ChatMessage))
            if voice.stalled and messages[-1].text.rstrip() == PARTIAL_REPLY:
                break
        else:
            raise AssertionError("the reply did not stream")
        await pilot.pause()

    app = _app(home, catalog, engine={"voice": voice, "engine": "test"})
    assert snap_compare(app, terminal_size=size, run_before=half_streamed)
