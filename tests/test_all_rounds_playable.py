"""All seven rounds are playable in the app (Textual pilot), in the plain line chat and in `rehearse`: each one is
started, answered and ended, and gives its report. (Whole rehearsals of every round, strong above average above weak,
are in test_scripted_candidates.py and test_coding_round.py.)"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from interviewer.engine.clock import FakeClock
from interviewer.tui.app import InterviewerApp
from interviewer.tui.screens.coding import CodingInterviewScreen
from tests.test_tui import end_to_report, send_answer, start_round, tui_env  # noqa: F401 - fixture by name

ROUNDS = ["recruiter", "behavioral", "system-design", "ml-system-design", "ml-coding", "ml-depth", "case-study"]
ANSWER = "I'd start from the goal and the constraints, then walk through the trade-offs with one concrete example."
CODE = "def ema(events, half_life):\n    return [float(v) for _, v in events]\n"


@pytest.mark.parametrize("round_id", ROUNDS)
async def test_every_round_is_playable_in_the_app(tui_env: Path, round_id: str) -> None:  # noqa: F811
    app = InterviewerApp(clock=FakeClock())
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await start_round(pilot, round_id, minutes=15)
        assert screen.interview.session.persona_id == round_id
        assert isinstance(screen, CodingInterviewScreen) == (round_id == "ml-coding")
        if round_id == "ml-coding":
            screen.editor.text = CODE
        await send_answer(pilot, ANSWER)
        session = screen.interview.session
        assert ANSWER in [t.text for t in session.turns if t.role == "candidate"]
        assert (round_id == "ml-coding") == bool(session.code_runs)  # the code ran (in the sandbox) only when coding
        report = await end_to_report(pilot)
        assert report.report.round == screen.interview.persona.round and 1 <= report.report.overall <= 4


@pytest.mark.parametrize("round_id", ROUNDS)
def test_every_round_is_playable_in_the_plain_chat(tmp_home, round_id: str) -> None:
    code = f"/code\n{CODE}.\n" if round_id == "ml-coding" else ""
    p = subprocess.run(
        [sys.executable, "-m", "interviewer", "chat", "--persona", round_id, "--minutes", "15"],
        input=f"{code}{ANSWER}\n.\n/end\n".encode(), capture_output=True, env=tmp_home.env(), timeout=120,
    )
    assert p.returncode == 0, p.stderr.decode()[-2000:]
    (path,) = (tmp_home.home / "reports").glob("*.json")
    report = json.loads(path.read_text())
    session = json.loads((tmp_home.home / "sessions" / f"{report['session_id']}.json").read_text())
    assert session["persona_id"] == round_id and session["status"] == "finished"
    assert [t["text"].strip() for t in session["turns"] if t["role"] == "candidate"] == [ANSWER]
    assert (round_id == "ml-coding") == bool(session["code_runs"])  # the code ran only in the coding round
