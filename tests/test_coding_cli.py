"""`interviewer questions`, `interviewer check` and `review --persona ml-coding` as a user runs them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

SOLUTIONS = Path(__file__).parent / "coding_solutions"


def cli(args: list[str], tmp_path: Path, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    env = {"PATH": "/usr/bin:/bin", "INTERVIEWER_HOME": str(tmp_path / "home"), "INTERVIEWER_CONFIG_DIR": str(tmp_path / "cfg")}
    return subprocess.run([sys.executable, "-m", "interviewer", *args], capture_output=True, env=env, input=stdin, timeout=120)


def test_questions_lists_a_round_as_json(tmp_path):
    p = cli(["questions", "ml-coding", "--format", "json"], tmp_path)
    assert p.returncode == 0, p.stderr
    rows = json.loads(p.stdout)
    assert len(rows) >= 12 and {"id", "text"} == set(rows[0])
    assert "kmeans" in [r["id"] for r in rows]


def test_questions_of_an_unknown_round_is_one_clear_line(tmp_path):
    p = cli(["questions", "nope"], tmp_path)
    assert p.returncode != 0 and b"Traceback" not in p.stderr and b"unknown persona 'nope'" in p.stderr


def test_questions_takes_the_round_as_p_like_the_other_commands(tmp_path):
    flag = cli(["questions", "-p", "recruiter", "--format", "json"], tmp_path)
    positional = cli(["questions", "recruiter", "--format", "json"], tmp_path)
    assert flag.returncode == 0, flag.stderr
    assert json.loads(flag.stdout) == json.loads(positional.stdout)
    assert "salary-expectations" in [r["id"] for r in json.loads(flag.stdout)]


def test_questions_with_no_round_or_two_rounds_is_one_clear_line(tmp_path):
    none = cli(["questions"], tmp_path)
    assert none.returncode != 0 and b"Traceback" not in none.stderr and b"which round?" in none.stderr
    two = cli(["questions", "recruiter", "-p", "behavioral"], tmp_path)
    assert two.returncode != 0 and b"two rounds given" in two.stderr


def test_check_a_passing_solution_exits_0_with_the_json_table(tmp_path):
    p = cli(["check", "top-k-frequent", str(SOLUTIONS / "top_k_frequent.py"), "--format", "json"], tmp_path)
    assert p.returncode == 0, p.stderr
    data = json.loads(p.stdout)
    assert data["passed"] == len(data["tests"]) and data["failed"] == 0 and data["timed_out"] == 0
    assert {"name", "outcome", "detail"} == set(data["tests"][0])


def test_check_a_failing_solution_exits_1(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("def top_k_frequent(items, k):\n    while True:\n        pass\n")
    p = cli(["check", "top-k-frequent", str(bad), "--format", "json", "--timeout", "0.5"], tmp_path)
    assert p.returncode == 1
    data = json.loads(p.stdout)
    assert data["passed"] == 0 and data["timed_out"] == len(data["tests"])
    assert data["tests"][0]["detail"] == "timed out after 0.5 s on test 1"


def test_check_an_unknown_question_or_missing_file_is_one_clear_line(tmp_path):
    p = cli(["check", "nope", str(SOLUTIONS / "kmeans.py")], tmp_path)
    assert p.returncode != 0 and b"unknown coding question 'nope'" in p.stderr and b"Traceback" not in p.stderr
    p = cli(["check", "kmeans", str(tmp_path / "missing.py")], tmp_path)
    assert p.returncode != 0 and b"cannot read" in p.stderr


def test_review_a_solution_file_for_a_coding_question(tmp_path):
    p = cli(["review", "--persona", "ml-coding", "--question", "roc-auc", "--format", "json", str(SOLUTIONS / "roc_auc.py")], tmp_path)
    assert p.returncode == 0, p.stderr
    report = json.loads(p.stdout)
    scores = {d["id"]: d["score"] for d in report["dimensions"]}
    assert scores["correctness"] == 4
    assert report["coding"][0]["question_id"] == "roc-auc" and report["coding"][0]["tests"]


def test_review_a_coding_round_without_a_question_says_how(tmp_path):
    p = cli(["review", "--persona", "ml-coding", str(SOLUTIONS / "roc_auc.py")], tmp_path)
    assert p.returncode != 0 and b"--question" in p.stderr and b"Traceback" not in p.stderr


def test_rehearse_script_with_code(tmp_path):
    script = Path(__file__).parent / "data" / "coding" / "scripts" / "ml-coding-strong.yaml"
    p = cli(["rehearse", "--script", str(script), "--format", "json"], tmp_path)
    assert p.returncode == 0, p.stderr
    report = json.loads(p.stdout)
    assert report["coding"] and report["coding"][0]["summary"].startswith("10 of 10")
