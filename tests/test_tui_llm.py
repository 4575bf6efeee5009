"""The app through the LLM path: a local fake OpenAI-compatible server, the real litellm code, a configured model."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from interviewer import services
from interviewer.engine.clock import FakeClock
from interviewer.tui.app import InterviewerApp
from tests.fakeopenai import FakeOpenAI, Reply
from tests.llm_helpers import VOICE_TEXT, role_of
from tests.test_tui import SIZE, SOLIDISH, WARMUP, chat_texts, end_to_report, record_notifications, send_answer, start_round

os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")


@pytest.fixture
def llm_env(server: FakeOpenAI, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    srv = server
    monkeypatch.setenv("INTERVIEWER_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("INTERVIEWER_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("INTERVIEWER_TEST_MODE", "1")
    monkeypatch.setenv("INTERVIEWER_MODEL", "openai/fake-model")
    monkeypatch.setenv("INTERVIEWER_API_BASE", srv.url)
    monkeypatch.setenv("INTERVIEWER_TIMEOUT", "3")
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-tui-fake-key-000000")
    return srv


async def test_interview_through_a_configured_model(llm_env: FakeOpenAI) -> None:
    clock = FakeClock()
    app = InterviewerApp(clock=clock)  # the real lazy path: the model comes from INTERVIEWER_MODEL / _API_BASE
    async with app.run_test(size=SIZE) as pilot:
        screen = await start_round(pilot, "behavioral")
        iv = screen.interview
        assert iv.session.engine == "llm:openai/fake-model"
        # the opening was streamed from the model into the chat log
        opening = iv.session.turns[0]
        assert opening.text == chat_texts(screen)[0] and opening.text.startswith(VOICE_TEXT)
        # the model's words did not carry the warm-up question, so it follows them, word for word
        assert opening.move.question_text in opening.text
        clock.advance(60)
        await send_answer(pilot, WARMUP)
        clock.advance(90)
        await send_answer(pilot, SOLIDISH)
        assert chat_texts(screen)[-1].startswith(VOICE_TEXT)
        report_screen = await end_to_report(pilot)
        candidate = [t for t in iv.session.turns if t.role == "candidate"]
        assert candidate[-1].assessment.engine.startswith("llm:openai/fake-model")  # read in the background, in the report
        assert report_screen.report.engine == "llm:openai/fake-model"
    roles = [role_of(r.json) for r in llm_env.completions]
    assert {"preflight", "voice", "judge", "grader"} <= set(roles)
    assert any(r.json.get("stream") for r in llm_env.completions if role_of(r.json) == "voice")
    saved = services.open_store(None).load(iv.session.id)
    assert [t.text for t in saved.candidate_turns()] == [WARMUP, SOLIDISH]


async def test_model_failure_mid_interview_notifies_and_continues_offline(llm_env: FakeOpenAI) -> None:
    clock = FakeClock()
    app = InterviewerApp(clock=clock)
    notes = record_notifications(app)
    async with app.run_test(size=SIZE) as pilot:
        screen = await start_round(pilot, "behavioral")
        # from now on every request fails: the judge and the voice fall back to the offline engine
        llm_env.default = lambda req: Reply.error(500)
        clock.advance(60)
        await send_answer(pilot, WARMUP)
        iv = screen.interview
        last = iv.session.turns[-1]
        assert last.role == "interviewer" and last.engine == "offline"
        assert chat_texts(screen)[-1] == last.text
        assert any("offline" in m and "500" in m for _, m in notes), notes
        assert iv.session.fallbacks
