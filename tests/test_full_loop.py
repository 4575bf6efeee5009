"""The whole ML engineer loop with every round packaged: all seven rounds are listed; the full default onsite
rehearsed from one script (code submitted in the coding round) prints the debrief JSON; loops made of the project's
scripted candidates come out strong above weak (offline) and are scored by the LLM engine through the fake OpenAI
server; a loop killed with kill -9 mid-round resumes with nothing lost; a second window on a running loop (or on its
round's session) is refused by name; and a loop keeps its job description and resume for the rounds it resumes."""

from __future__ import annotations

import asyncio
import json
import signal
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from interviewer import engines, loop_services, services
from interviewer.catalog import load_catalog
from interviewer.config import Settings
from interviewer.locks import SessionLocked
from interviewer.loop import DEFAULT_ROUNDS
from interviewer.store import SessionStore
from tests.test_loop import _wait_for

TESTS = Path(__file__).parent
ALL_ROUNDS = ["recruiter", "behavioral", "system-design", "ml-system-design", "ml-coding", "ml-depth", "case-study"]
LOOP_ROUNDS = [*DEFAULT_ROUNDS, "case-study"]
ORDER = ["No Hire", "Lean No Hire", "Lean Hire", "Hire", "Strong Hire"]
FULL_LOOP = TESTS / "data" / "loop" / "scripts" / "loop-full.yaml"


def _candidate_script(persona: str, label: str) -> Path:
    coding = TESTS / "data" / "coding" / "scripts" / f"{persona}-{label}.yaml"
    return coding if coding.exists() else TESTS / "data" / "scripts" / f"{persona}-{label}.yaml"


def _loop_script(tmp_path: Path, label: str) -> Path:
    """One loop script made of the project's scripted candidates of one quality, round by round."""
    rounds = []
    for persona in LOOP_ROUNDS:
        data = yaml.safe_load(_candidate_script(persona, label).read_text(encoding="utf-8"))
        rounds.append({"persona": persona, "answers": data["answers"], **({"minutes": data["minutes"]} if data.get("minutes") else {})})
    path = tmp_path / f"loop-{label}.yaml"
    path.write_text(yaml.safe_dump({"rounds": rounds}, sort_keys=False), encoding="utf-8")
    return path


def _cli(args: list[str], tmp_home, timeout: float = 600, stdin: bytes = b"") -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "interviewer", *args], input=stdin, capture_output=True, env=tmp_home.env(), timeout=timeout
    )


def test_personas_lists_all_seven_rounds(tmp_home):
    p = _cli(["personas"], tmp_home)
    assert p.returncode == 0, p.stderr.decode()
    listed = [line.split()[0] for line in p.stdout.decode().splitlines()[1:] if line.strip()]
    assert sorted(listed) == sorted(ALL_ROUNDS)


def test_the_default_loop_has_every_round_available(catalog):
    planned, notices = loop_services.plan_rounds(catalog)
    assert [r.persona_id for r in planned] == list(DEFAULT_ROUNDS)
    assert not notices and all(r.status == "pending" for r in planned)


def test_the_full_default_loop_from_one_script_prints_the_debrief_json(tmp_home):
    p = _cli(["rehearse", "--script", str(FULL_LOOP), "--format", "json"], tmp_home)
    assert p.returncode == 0, p.stderr.decode()[-2000:]
    d = json.loads(p.stdout)
    assert [r["persona"] for r in d["rounds"]] == list(DEFAULT_ROUNDS) and d["complete"] is True
    assert 1 <= d["overall"] <= 4 and d["recommendation"] in ORDER
    for r in d["rounds"]:
        assert 1 <= r["overall"] <= 4 and r["recommendation"] in ORDER, r
    assert d["overall"] == pytest.approx(sum(r["overall"] for r in d["rounds"]) / len(d["rounds"]), abs=0.01)
    # the coding round ran the scripted code against the hidden tests, and its report shows them
    coding = next(r for r in d["rounds"] if r["persona"] == "ml-coding")
    session = json.loads((tmp_home.home / "sessions" / f"{coding['session_id']}.json").read_text())
    runs = [run for run in session["code_runs"] if run["kind"] == "tests"]
    assert [run["question_id"] for run in runs] == ["ema-irregular", "kmeans"]
    assert all(run["result"]["tests"] and {t["outcome"] for t in run["result"]["tests"]} == {"passed"} for run in runs)
    report = json.loads(Path(coding["reports"]["json"]).read_text())
    assert [c["question_id"] for c in report["coding"]] == ["ema-irregular", "kmeans"] and all(c["final_code"] for c in report["coding"])
    assert b"code ran against the hidden tests" in p.stderr


def test_a_full_onsite_rehearsed_offline_orders_strong_above_weak(tmp_home, tmp_path):
    debriefs = {}
    for label in ("strong", "weak"):
        p = _cli(["rehearse", "--script", str(_loop_script(tmp_path, label)), "--format", "json"], tmp_home)
        assert p.returncode == 0, p.stderr.decode()[-2000:]
        d = json.loads(p.stdout)
        assert [r["persona"] for r in d["rounds"]] == LOOP_ROUNDS and d["complete"]
        assert all(r["recommendation"] and 1 <= r["overall"] <= 4 for r in d["rounds"])
        debriefs[label] = d
    assert debriefs["strong"]["overall"] > debriefs["weak"]["overall"]
    for strong, weak in zip(debriefs["strong"]["rounds"], debriefs["weak"]["rounds"]):
        assert strong["overall"] > weak["overall"], (strong["persona"], strong["overall"], weak["overall"])
    assert ORDER.index(debriefs["strong"]["recommendation"]) > ORDER.index(debriefs["weak"]["recommendation"])


def test_a_full_onsite_is_scored_by_the_llm_engine(tmp_path, catalog, server):
    eng = engines.select(settings=Settings(model="openai/fake-model", api_base=server.url, timeout=5.0, retries=1))
    script = loop_services.load_loop_script(_loop_script(tmp_path, "average"))
    result = asyncio.run(loop_services.rehearse_loop(script, store=SessionStore(tmp_path / "home"), catalog=catalog, **eng))
    d = result.debrief
    assert [r.persona for r in d.rounds] == LOOP_ROUNDS and d.complete and d.engine == "llm:openai/fake-model"
    for r in d.rounds:
        report = json.loads(Path(r.reports["json"]).read_text())
        assert report["engine"] == "llm:openai/fake-model", r.persona


# --------------------------------------------------------------------------- the line chat: kill -9, second window, job

RECRUITER = "I'm an ML engineer with five years of experience; right now I own the fraud models at a payments company."
EMA_CODE = """def ema(events, half_life):
    out, avg, last = [], None, None
    for t, v in events:
        avg = float(v) if avg is None else 0.5 ** ((t - last) / half_life) * avg + (1 - 0.5 ** ((t - last) / half_life)) * v
        last = t
        out.append(avg)
    return out
"""
EMA_TEXT = "The weight of the old average depends on the time gap, so one pass in O(n) time; an empty stream gives []."
LATER = {
    "ml-coding": "For the edge cases I would test an empty stream, equal timestamps and a very long gap.",
    "ml-system-design": "I would frame fraud scoring around chargebacks, with a time-based split and PR-AUC at a cost-based threshold.",
    "ml-depth": "Recently I trained a gradient-boosted model that predicts chargebacks, with a time-based evaluation.",
    "behavioral": "I'm an ML engineer on fraud models, and I handled our last serious incident as the on-call engineer.",
}


def _popen(args: list[str], tmp_home) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "interviewer", *args], stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL, env=tmp_home.env(),
    )


def _send(proc: subprocess.Popen, text: str) -> None:
    proc.stdin.write(text.encode())
    proc.stdin.flush()


def _loop_file(tmp_home) -> dict:
    (path,) = (tmp_home.home / "loops").glob("loop-*.json")
    return json.loads(path.read_text())


def _session(tmp_home, sid: str) -> dict:
    return json.loads((tmp_home.home / "sessions" / f"{sid}.json").read_text())


def _answers(session: dict) -> list[str]:
    return [" ".join(t["text"].split()) for t in session["turns"] if t["role"] == "candidate"]


def _round_waiting(tmp_home, index: int, answers: list[str]):
    """The loop file once round ``index``'s session holds exactly ``answers`` and the interviewer has replied."""
    lp = _loop_file(tmp_home)
    sid = lp["rounds"][index]["session_id"]
    s = _session(tmp_home, sid)
    return lp if _answers(s) == answers and s["turns"][-1]["role"] == "interviewer" else None


def test_the_default_loop_killed_mid_coding_round_resumes_with_nothing_lost(tmp_home):
    proc = _popen(["loop", "--minutes", "20"], tmp_home)  # 20 minutes of coding: the EMA question fits
    _send(proc, f"{RECRUITER}\n.\n/end\n\n/code\n{EMA_CODE}.\n{EMA_TEXT}\n.\n")
    loop = _wait_for("the first coding answer", lambda: _round_waiting(tmp_home, 1, [EMA_TEXT]), proc, deadline=240)
    coding_sid = loop["rounds"][1]["session_id"]
    runs = _session(tmp_home, coding_sid)["code_runs"]
    assert [(r["kind"], r["code"]) for r in runs] == [("tests", EMA_CODE)]  # the code ran, in the sandbox, and is kept
    proc.send_signal(signal.SIGKILL)
    proc.wait()

    later = "".join(f"\n{LATER[r]}\n.\n/end\n" for r in ("ml-system-design", "ml-depth", "behavioral"))
    p = subprocess.run(
        [sys.executable, "-m", "interviewer", "loop", "--resume", loop["id"]], input=f"{LATER['ml-coding']}\n.\n/end\n{later}".encode(),
        capture_output=True, env=tmp_home.env(), timeout=300,
    )
    assert p.returncode == 0, p.stderr.decode()[-2000:]
    assert b"Onsite loop debrief" in p.stdout and b"Resuming session" in p.stdout
    final = _loop_file(tmp_home)
    assert final["status"] == "finished" and [r["persona_id"] for r in final["rounds"]] == list(DEFAULT_ROUNDS)
    sids = [r["session_id"] for r in final["rounds"]]
    assert sids[:2] == [loop["rounds"][0]["session_id"], coding_sid]  # nothing restarted
    assert _answers(_session(tmp_home, sids[0])) == [RECRUITER]
    coding = _session(tmp_home, coding_sid)
    assert _answers(coding) == [EMA_TEXT, LATER["ml-coding"]]  # nothing lost, nothing twice
    assert [r["code"] for r in coding["code_runs"]] == [EMA_CODE]
    for sid, persona in zip(sids[2:], ("ml-system-design", "ml-depth", "behavioral")):
        assert _answers(_session(tmp_home, sid)) == [LATER[persona]]
    d = json.loads((tmp_home.home / "reports" / f"{loop['id']}.json").read_text())
    assert [r["persona"] for r in d["rounds"]] == list(DEFAULT_ROUNDS) and d["complete"]
    assert all(r["overall"] is not None for r in d["rounds"])


def test_a_second_window_on_a_running_loop_or_its_round_is_refused_by_name(tmp_home):
    proc = _popen(["loop", "--rounds", "recruiter,behavioral", "--minutes", "10"], tmp_home)
    try:
        _send(proc, f"{RECRUITER}\n.\n")
        loop = _wait_for("the first answer", lambda: _round_waiting(tmp_home, 0, [RECRUITER]), proc, deadline=240)
        sid = loop["rounds"][0]["session_id"]
        for args in (["loop", "--resume", loop["id"]], ["resume", sid], ["resume", loop["id"]]):
            p = _cli(args, tmp_home, timeout=60)
            assert p.returncode == 1 and b"Traceback" not in p.stderr, (args, p.stderr.decode())
            assert f"open in another window (pid {proc.pid})".encode() in p.stderr, (args, p.stderr.decode())
        # the round's session has one writer for the whole round, not only while it saves
        with pytest.raises(SessionLocked) as exc:
            services.resume_interview(load_catalog(include_user=False), SessionStore(tmp_home.home), sid)
        assert exc.value.pid == proc.pid
        assert _answers(_session(tmp_home, sid)) == [RECRUITER]  # the refused windows wrote nothing
    finally:
        proc.kill()
        proc.wait()
    # the lock dies with its process: the loop can be resumed now
    p = _cli(["loop", "--resume", loop["id"]], tmp_home, timeout=120)
    assert p.returncode == 0, p.stderr.decode()[-2000:]


JOB = """Senior ML engineer, streaming feature store.
You will build our streaming feature store: point-in-time correct features, online and offline feature parity,
feature freshness monitoring and backfills. Experience with feature stores, streaming pipelines and training/serving
skew is a must."""


def test_a_loop_keeps_its_job_and_resume_for_resumed_rounds(tmp_home, tmp_path):
    job = tmp_path / "job.txt"
    job.write_text(JOB)
    cv = tmp_path / "cv.md"
    cv.write_text("## Experience\n- Led the fraud-scoring migration to a streaming feature pipeline at a payments company.\n")
    first = _cli(["loop", "--rounds", "ml-system-design,behavioral", "--minutes", "20", "--job", str(job), "--cv", str(cv)],
                 tmp_home, stdin=f"{LATER['ml-system-design']}\n.\n/end\n".encode(), timeout=120)
    assert first.returncode == 0, first.stderr.decode()[-2000:]  # input ended at the break: the loop is saved
    loop = _loop_file(tmp_home)
    assert loop["job"] == job.read_text().strip() and "fraud-scoring migration" in loop["resume"]
    assert loop["job_name"] == "job.txt" and loop["rounds"][1]["status"] == "pending"
    # resumed days later without --job/--cv: round 2 is tailored to the same job description and resume
    p = _cli(["loop", "--resume", loop["id"]], tmp_home, stdin=f"\n{LATER['behavioral']}\n.\n/end\n".encode(), timeout=120)
    assert p.returncode == 0, p.stderr.decode()[-2000:]
    assert b"tailored to job.txt" in p.stderr
    final = _loop_file(tmp_home)
    plans = [_session(tmp_home, r["session_id"])["plan"] for r in final["rounds"]]
    for plan in plans:
        assert plan and plan["kind"] == "tailored" and plan["job"] == loop["job"] and plan["resume"] == loop["resume"]
    behavioral = _session(tmp_home, final["rounds"][1]["session_id"])
    asked = [q["question_id"] for q in behavioral["questions"]]
    assert asked and asked[0] == plans[1]["questions"][0]["id"]  # the round asked the plan's questions first


def test_a_second_opener_is_refused_before_the_model_is_loaded_or_checked(tmp_home):
    import os

    store = SessionStore(tmp_home.home)
    iv = services.new_interview(load_catalog(include_user=False), "recruiter", store=store)  # this process: the writer
    asyncio.run(iv.start())
    dead_server = "http://127.0.0.1:9/v1"  # nothing listens there: a model check would fail, naming it
    p = _cli(["resume", iv.session.id, "--plain", "--model", "openai/fake-model", "--api-base", dead_server], tmp_home, timeout=120)
    assert p.returncode == 1 and b"Traceback" not in p.stderr
    assert f"open in another window (pid {os.getpid()})".encode() in p.stderr
    assert b"127.0.0.1:9" not in p.stderr  # refused first: the model was never checked
    services.close_interview(iv)
