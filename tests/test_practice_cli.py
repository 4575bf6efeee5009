"""The practice commands end to end, as a user runs them: progress, drill, rehearse --job/--resume, review --batch
(including a rerun after the process is killed mid-batch)."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

from tests.fakeopenai import FakeOpenAI, Reply
from tests.llm_helpers import judge_reply, role_of

STRONG = (
    "At my last company I owned the checkout service. In March our payment error rate jumped from 0.2% to 3% two "
    "days before a sale. I traced it myself to a retry loop and I wrote a fix with a circuit breaker and a 200 ms "
    "timeout; errors fell to 0.1% and the sale took 1.2 million orders. I learned to load-test retry policies."
)


def _cli(args, env, **kw):
    return subprocess.run([sys.executable, "-m", "interviewer", *args], capture_output=True, text=True, env=env, timeout=300, **kw)


def _script(tmp_path: Path, answers: list[str], persona: str = "behavioral") -> Path:
    import yaml

    path = tmp_path / f"script-{len(list(tmp_path.glob('script-*')))}.yaml"
    path.write_text(yaml.safe_dump({"persona": persona, "minutes": 20, "answers": [{"seconds": 150, "text": a} for a in answers]}))
    return path


def test_rehearse_with_job_and_resume_then_progress_and_drill(tmp_home, tmp_path):
    env = tmp_home.env()
    job = tmp_path / "job.md"
    job.write_text("Staff engineer for payments reliability: incident response, on-call, production incidents and "
                   "postmortems for our checkout platform. Production incident leadership is a must.")
    resume = tmp_path / "cv.txt"
    resume.write_text("Sam Lee\nSenior Engineer, Paylane (2020 - 2024)\n- Led the checkout retry redesign, cutting failed payments by 40%.\n")
    weak = _script(tmp_path, ["We fixed it.", "It went fine."] * 3)
    strong = _script(tmp_path, [STRONG] * 6)
    first = _cli(["rehearse", "--script", str(weak), "--job", str(job), "--resume", str(resume), "--format", "json"], env)
    assert first.returncode == 0, first.stderr
    report = json.loads(first.stdout)
    sources = {t["source"] for t in report["tailored"]}
    assert "resume" in sources and "bank" in sources
    assert any("production incident" in t["why"] or "incident" in t["why"] for t in report["tailored"] if t["source"] == "bank")
    assert any("checkout retry redesign" in t["question"] for t in report["tailored"])
    assert "Tailored to job.md and cv.txt" in first.stderr
    second = _cli(["rehearse", "--script", str(strong), "--format", "json"], env)
    assert second.returncode == 0, second.stderr
    last = json.loads(second.stdout)
    assert all(len(series) == 2 for series in last["history"].values())
    html = next((tmp_home.home / "reports").glob(f"{last['session_id']}.html")).read_text()
    assert "<svg class=\"history\"" in html

    own = json.loads(_cli(["progress", "--format", "json"], env).stdout)  # by default: the candidate's own practice
    assert own["rounds"] == [] and own["rehearsals_left_out"] == 2
    assert "Not counted: 2 scripted rehearsals" in _cli(["progress"], env).stdout
    prog = _cli(["progress", "--rehearsals", "--format", "json"], env)
    assert prog.returncode == 0, prog.stderr
    view = json.loads(prog.stdout)
    assert view["rounds"][0]["rehearsals"] == 2 and view["rehearsals_left_out"] == 0
    dims = {d["id"]: d for d in view["rounds"][0]["dimensions"]}
    for d in last["dimensions"]:
        assert dims[d["id"]]["scores"] == last["history"][d["id"]]
        assert dims[d["id"]]["latest"] == d["score"]
    nxt = view["next"]
    assert nxt and nxt["questions"] and nxt["command"].startswith("interviewer drill --dimension ")
    text = _cli(["progress", "--rehearsals"], env)
    assert "2 of them scripted rehearsals" in text.stdout
    assert "What to practise next" in text.stdout and any(c in text.stdout for c in "▁▂▃▄▅▆▇█")

    drill = _cli(["drill", "--dimension", nxt["dimension"], "--persona", "behavioral", "--script", str(strong), "--format", "json"], env)
    assert drill.returncode == 0, drill.stderr
    dreport = json.loads(drill.stdout)
    assert dreport["tailored"] and all(t["source"] == "drill" for t in dreport["tailored"])
    asked = [t["question"] for t in dreport["tailored"]]
    assert asked == [q["text"] for q in nxt["questions"]][: len(asked)]  # the questions `progress` suggested
    bad = _cli(["progress", "--since", "yesterday"], env)
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1 and "--since" in bad.stderr
    nodim = _cli(["drill", "--dimension", "charisma", "--script", str(strong)], env)
    assert nodim.returncode == 1 and "no round scores a dimension 'charisma'" in nodim.stderr


def test_chat_refuses_a_job_from_stdin(tmp_home):
    res = _cli(["chat", "-p", "behavioral", "--job", "-"], tmp_home.env(), input="")
    assert res.returncode == 2 and "need a file" in res.stderr


def test_batch_rerun_after_a_kill_scores_only_the_rest(tmp_home, tmp_path):
    n = 40
    inp, out = tmp_path / "answers.jsonl", tmp_path / "results.jsonl"
    with inp.open("w") as fh:
        for i in range(n):
            fh.write(json.dumps({"id": f"s{i}", "persona": "behavioral", "question": "A hard problem",
                                 "answer": f"{STRONG} This is answer number {i}."}) + "\n")
    judged: list[int] = []

    def responder(req):
        if role_of(req) != "judge":
            return "OK"
        text = json.dumps(req["messages"])
        judged.append(int(text.split("This is answer number ")[1].split(".")[0]))
        return Reply(text=json.dumps(judge_reply(req)), delay=0.3)

    env = tmp_home.env(OPENAI_API_KEY="sk-fake-key-for-tests", LITELLM_LOCAL_MODEL_COST_MAP="True")
    with FakeOpenAI(default=responder) as server:
        args = ["review", "--batch", str(inp), "-o", str(out), "-c", "4", "--model", "openai/fake-model", "--api-base", server.url]
        proc = subprocess.Popen([sys.executable, "-m", "interviewer", *args], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and (not out.exists() or out.read_text().count("\n") < 8):
            assert proc.poll() is None, proc.stderr.read().decode()
            time.sleep(0.05)
        proc.kill()
        proc.communicate()
        done_before = {json.loads(line)["id"] for line in out.read_text().splitlines() if line.endswith("}")}
        assert 8 <= len(done_before) < n
        first_run = len(judged)
        rerun = _cli(args, env)
        assert rerun.returncode == 0, rerun.stderr
        assert f"{len(done_before)} of {n} answers are already in" in rerun.stderr
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert sorted(r["id"] for r in rows) == sorted(f"s{i}" for i in range(n))  # each id exactly once
    assert all(r["error"] is None and r["overall"] == 3.0 for r in rows)
    second = judged[first_run:]
    assert len(second) == len(set(second)) == n - len(done_before)  # only the rest went to the model
    assert not {f"s{i}" for i in second} & done_before


def test_a_loop_rehearsal_with_a_job_tailors_every_round(tmp_home, tmp_path):
    job = tmp_path / "job.txt"
    job.write_text("Payments platform engineer: production incidents, on-call, postmortems; designing rate limiters "
                   "and a notification service for many internal teams.")
    import yaml

    script = tmp_path / "loop.yaml"
    answers = [{"seconds": 200, "text": STRONG}] * 4
    script.write_text(yaml.safe_dump({"rounds": [
        {"persona": "behavioral", "minutes": 20, "answers": answers},
        {"persona": "system-design", "minutes": 20, "answers": answers},
    ]}))
    res = _cli(["rehearse", "--script", str(script), "--job", str(job), "--format", "json"], tmp_home.env())
    assert res.returncode == 0, res.stderr
    sessions = [json.loads(p.read_text()) for p in (tmp_home.home / "sessions").glob("*.json")]
    assert len(sessions) == 2
    for s in sessions:
        assert s["plan"] and s["plan"]["job_name"] == "job.txt" and s["plan"]["notes"]
        assert s["questions"][0]["question_id"] == s["plan"]["questions"][0]["id"]


def test_loop_takes_the_resume_file_by_another_name(tmp_home):
    res = _cli(["loop", "--help"], tmp_home.env())
    assert "--job FILE" in res.stdout and "--resume-file FILE, --cv FILE" in res.stdout
