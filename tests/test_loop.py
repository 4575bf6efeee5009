"""The onsite loop: planning, the debrief rule, a whole loop rehearsed from a script (offline and through the fake
OpenAI server), the line chat with its break, and kill -9 at a break and mid-round followed by resume."""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from interviewer import engines, loop_services, services
from interviewer.catalog import load_catalog
from interviewer.config import Settings
from interviewer.loop import LoopStore, loop_recommendation
from interviewer.report.completeness import capped
from interviewer.store import SessionStore

DATA = Path(__file__).parent / "data" / "loop"
LOOP_SCRIPT = DATA / "scripts" / "loop-three-rounds.yaml"


@pytest.fixture(scope="module")
def mini_catalog():
    cat = load_catalog(extra_dirs=[DATA], include_user=False)
    assert not cat.problems, [str(p) for p in cat.problems]
    return cat


def _with_mini_personas(tmp_home) -> None:
    """Make the test personas visible to a subprocess (they go in the user's persona folder)."""
    shutil.copytree(DATA / "personas", tmp_home.config / "personas", dirs_exist_ok=True)


def cli(args: list[str], tmp_home, stdin: bytes = b"", timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "interviewer", *args], input=stdin, capture_output=True, env=tmp_home.env(), timeout=timeout
    )


# --------------------------------------------------------------------------- the rule


@pytest.mark.parametrize(
    ("recs", "overall", "expected"),
    [
        (["Hire", "Hire", "Strong Hire"], 3.3, "Hire"),
        (["Strong Hire", "Strong Hire", "Hire"], 3.6, "Strong Hire"),
        (["Strong Hire", "Strong Hire", "Lean Hire"], 3.6, "Hire"),  # Strong Hire needs every round at Hire+
        (["Strong Hire", "Hire", "No Hire"], 3.1, "Lean No Hire"),  # one No Hire caps the loop
        (["Hire", "No Hire", "No Hire"], 2.6, "No Hire"),  # two make it No Hire
        (["Lean No Hire", "No Hire"], 1.6, "No Hire"),  # a cap never raises a verdict
        (["Lean Hire", "Lean Hire"], 2.5, "Lean Hire"),
    ],
)
def test_loop_recommendation_rule(recs, overall, expected):
    rec, reasons = loop_recommendation(recs, overall)
    assert rec == expected
    assert reasons and reasons[0].startswith(f"mean of the rounds {overall:.2f}")


def test_plan_marks_missing_default_rounds_and_rejects_unknown_named_ones(mini_catalog):
    cat = mini_catalog
    missing = [p for p in ("ml-coding", "ml-depth") if p not in cat.personas]
    planned, notices = loop_services.plan_rounds(cat)
    assert [r.persona_id for r in planned] == ["recruiter", "ml-coding", "ml-system-design", "ml-depth", "behavioral"]
    assert [r.persona_id for r in planned if r.status == "unavailable"] == missing
    assert len(notices) == len(missing) and all("not available yet" in n for n in notices)
    with pytest.raises(services.UserError, match="unknown round"):
        loop_services.plan_rounds(cat, ["recruiter", "recruter"])
    planned, _ = loop_services.plan_rounds(cat, ["recruiter", "behavioral"], [20, 30])
    assert [r.minutes for r in planned] == [20, 30]
    with pytest.raises(services.UserError, match="one value or one per round"):
        loop_services.plan_rounds(cat, ["recruiter", "behavioral"], [20, 30, 40])


# --------------------------------------------------------------------------- rehearsal


def _check_debrief(d: dict, personas: list[str]) -> None:
    assert [r["persona"] for r in d["rounds"]] == personas
    assert all(r["status"] == "finished" for r in d["rounds"])
    overalls = [r["overall"] for r in d["rounds"]]
    assert d["overall"] == pytest.approx(round(sum(overalls) / len(overalls), 2))
    rec = loop_recommendation([r["recommendation"] for r in d["rounds"]], d["overall"])[0]
    if any(r["note"] for r in d["rounds"]):  # a round with a question not attempted caps the loop (missing evidence)
        rec = capped(rec)
    assert rec == d["recommendation"]
    assert 1 <= len(d["practice"]) <= 3
    for r in d["rounds"]:
        assert set(r["reports"]) == {"md", "html", "json"} and all(Path(p).is_file() for p in r["reports"].values())


def test_cli_rehearses_a_whole_loop_and_prints_the_debrief_json(tmp_home):
    _with_mini_personas(tmp_home)
    p = cli(["rehearse", "--script", str(LOOP_SCRIPT), "--format", "json"], tmp_home)
    assert p.returncode == 0, p.stderr.decode()[-2000:]
    d = json.loads(p.stdout)
    _check_debrief(d, ["recruiter", "ml-depth-mini", "case-study-mini"])
    assert d["complete"] is True and d["engine"] == "offline"
    # the debrief is written beside the round reports and links to each of them
    md = (tmp_home.home / "reports" / f"{d['loop_id']}.md").read_text()
    for r in d["rounds"]:
        assert f"({r['session_id']}.md)" in md and f"({r['session_id']}.html)" in md
    assert "any round at No Hire caps the loop at Lean No Hire" in md
    html = (tmp_home.home / "reports" / f"{d['loop_id']}.html").read_text()
    assert html.count("<tr>") == 1 + len(d["rounds"])
    # the loop file references one session per round, and `loop --debrief` reads it back
    loop = json.loads((tmp_home.home / "loops" / f"{d['loop_id']}.json").read_text())
    assert [r["session_id"] for r in loop["rounds"]] == [r["session_id"] for r in d["rounds"]]
    again = cli(["loop", "--debrief", d["loop_id"][:16], "--format", "json"], tmp_home)
    assert again.returncode == 0, again.stderr.decode()
    assert json.loads(again.stdout)["recommendation"] == d["recommendation"]


def test_a_bad_loop_script_is_one_clear_line(tmp_home, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("rounds:\n  - persona: recruiter\n    answers: nope\n")
    p = cli(["rehearse", "--script", str(bad)], tmp_home)
    assert p.returncode == 1 and b"Traceback" not in p.stderr
    assert b"field 'rounds.0.answers'" in p.stderr
    p = cli(["loop", "--rounds", "recruiter,nosuch"], tmp_home)
    assert p.returncode == 1 and b"unknown round(s) nosuch" in p.stderr and b"Traceback" not in p.stderr


def test_a_loop_is_scored_by_the_llm_engine_through_the_fake_server(tmp_path, mini_catalog, server):
    settings = Settings(model="openai/fake-model", api_base=server.url, timeout=5.0, retries=1)
    eng = engines.select(settings=settings)
    store = SessionStore(tmp_path / "home")
    script = loop_services.load_loop_script(LOOP_SCRIPT)
    result = asyncio.run(loop_services.rehearse_loop(script, store=store, catalog=mini_catalog, **eng))
    d = json.loads(result.debrief.model_dump_json())
    _check_debrief(d, ["recruiter", "ml-depth-mini", "case-study-mini"])
    assert d["engine"] == "llm:openai/fake-model"
    for r in d["rounds"]:
        report = json.loads(Path(r["reports"]["json"]).read_text())
        assert report["engine"] == "llm:openai/fake-model" and report["fallbacks"]["count"] == 0


# --------------------------------------------------------------------------- the line chat: break, kill -9, resume

RECRUITER_ANSWER = "I'm an ML engineer with five years of experience, most recently owning fraud models at a payments company."
STORY_1 = "At my last company I owned the ranking pipeline when a retrain dropped click-through rate by six percent."
STORY_2 = "I traced it to a logging change and added a validation step that blocks retrains when labels shift."


def _wait_for(what: str, check, proc: subprocess.Popen, deadline: float = 90.0):
    """Poll the files until ``check()`` is truthy: the process is then blocked reading input it has not been given,
    so what happens next does not depend on timing (the deadline only turns a hang into a failure)."""
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        try:
            value = check()
        except (OSError, ValueError, KeyError, IndexError):
            value = None  # a file not written yet
        if value:
            return value
        if proc.poll() is not None:
            raise AssertionError(f"the loop exited ({proc.returncode}) before {what}")
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def _loop_file(tmp_home) -> dict | None:
    files = list((tmp_home.home / "loops").glob("loop-*.json"))
    return json.loads(files[0].read_text()) if files else None


def _session(tmp_home, sid: str) -> dict:
    return json.loads((tmp_home.home / "sessions" / f"{sid}.json").read_text())


def _candidate_texts(session: dict) -> list[str]:
    return [" ".join(t["text"].split()) for t in session["turns"] if t["role"] == "candidate"]


def test_loop_in_the_line_chat_survives_kill_at_the_break_and_mid_round(tmp_home):
    start = [sys.executable, "-m", "interviewer", "loop", "--rounds", "recruiter,behavioral", "--minutes", "10"]
    proc = subprocess.Popen(start, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=tmp_home.env())
    proc.stdin.write(f"{RECRUITER_ANSWER}\n.\n/end\n".encode())
    proc.stdin.flush()
    # round 1 is graded and recorded: the loop now waits at the break for Enter
    loop = _wait_for("round 1 to finish", lambda: (lp := _loop_file(tmp_home)) and lp["rounds"][0]["status"] == "finished" and lp, proc)
    assert loop["rounds"][1]["status"] == "pending"
    proc.send_signal(signal.SIGKILL)
    proc.wait()

    resume = [sys.executable, "-m", "interviewer", "resume", loop["id"]]
    proc = subprocess.Popen(resume, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=tmp_home.env())
    proc.stdin.write(f"\n{STORY_1}\n.\n".encode())  # Enter ends the break; then the first answer of round 2
    proc.stdin.flush()

    def answered():
        lp = _loop_file(tmp_home)
        sid = lp["rounds"][1]["session_id"]
        if not sid or not (tmp_home.home / "sessions" / f"{sid}.json").exists():
            return None  # the loop names a round's session before the session's first save
        s = _session(tmp_home, sid)
        return sid if _candidate_texts(s) == [STORY_1] and s["turns"][-1]["role"] == "interviewer" else None

    sid = _wait_for("the first answer of round 2", answered, proc)
    proc.send_signal(signal.SIGKILL)  # mid-round: the interviewer has replied and waits for the next answer
    proc.wait()

    p = subprocess.run(
        [sys.executable, "-m", "interviewer", "loop", "--resume", loop["id"]],
        input=f"{STORY_2}\n.\n/end\n".encode(), capture_output=True, env=tmp_home.env(), timeout=120,
    )
    assert p.returncode == 0, p.stderr.decode()[-2000:]
    out = p.stdout.decode()
    assert "Onsite loop debrief" in out and "Resuming session" in out
    final = json.loads((tmp_home.home / "loops" / f"{loop['id']}.json").read_text())
    assert final["status"] == "finished"
    assert [r["session_id"] for r in final["rounds"]] == [loop["rounds"][0]["session_id"], sid]  # nothing restarted
    assert _candidate_texts(_session(tmp_home, loop["rounds"][0]["session_id"])) == [RECRUITER_ANSWER]
    assert _candidate_texts(_session(tmp_home, sid)) == [STORY_1, STORY_2]  # nothing lost, nothing twice
    d = json.loads((tmp_home.home / "reports" / f"{loop['id']}.json").read_text())
    assert [r["persona"] for r in d["rounds"]] == ["recruiter", "behavioral"] and d["complete"]


def test_stopping_at_the_break_keeps_the_loop_resumable(tmp_home):
    p = cli(["loop", "--rounds", "recruiter,behavioral", "--minutes", "10"], tmp_home, stdin=f"{RECRUITER_ANSWER}\n.\n/end\n".encode())
    assert p.returncode == 0, p.stderr.decode()
    assert b"Press Enter when ready" in p.stdout + p.stderr
    loop = _loop_file(tmp_home)
    assert f"interviewer loop --resume {loop['id']}".encode() in p.stderr
    listed = cli(["loop", "--list"], tmp_home)
    assert f"{loop['id']}".encode() in listed.stdout and b"unfinished (1 of 2 rounds)" in listed.stdout


def test_loop_store_finds_loops_by_prefix(tmp_path):
    store = SessionStore(tmp_path)
    planned, _ = loop_services.plan_rounds(load_catalog(include_user=False), ["recruiter"])
    loop = loop_services.new_loop(store, planned)
    loops = LoopStore(tmp_path)
    assert loops.load(loop.id[:13]).id == loop.id
    assert loops.latest_unfinished().id == loop.id
    (tmp_path / "loops" / "broken.json").write_text("{")
    assert [lp.id for lp in loops.list()] == [loop.id]
    assert os.path.exists(loops.path_for(loop.id))


def test_reconcile_repairs_a_loop_left_by_a_crash(tmp_path, mini_catalog):
    """Killed after the loop named a session but before it was written: the round starts again. Killed after a
    round finished but before the loop recorded it: the round is graded from its session and recorded."""
    store = SessionStore(tmp_path)
    planned, _ = loop_services.plan_rounds(mini_catalog, ["recruiter", "behavioral"], [10])
    loop = loop_services.new_loop(store, planned)
    loop.rounds[0].status, loop.rounds[0].session_id = "active", "20990101-000000-recruiter-dead"
    assert asyncio.run(loop_services.reconcile(loop, store, mini_catalog)) == []
    assert loop.rounds[0].status == "pending" and loop.rounds[0].session_id is None

    iv = loop_services.begin_round(loop, store, mini_catalog)
    assert LoopStore(tmp_path).load(loop.id).rounds[0].session_id == iv.session.id  # recorded before any turn
    asyncio.run(iv.start())
    asyncio.run(iv.answer(RECRUITER_ANSWER))
    asyncio.run(iv.end())  # the session is closed; the loop was never told
    stale = LoopStore(tmp_path).load(loop.id)
    assert stale.rounds[0].status == "active"
    notices = asyncio.run(loop_services.reconcile(stale, store, mini_catalog))
    assert stale.rounds[0].status == "finished" and stale.rounds[0].overall is not None
    assert notices and "already finished" in notices[0]
    assert store.report_path(iv.session.id, "json").is_file()
    assert LoopStore(tmp_path).load(loop.id).current == 1
