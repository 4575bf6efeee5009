"""The console entry, run as a user runs it: ``python -m interviewer ...`` in a subprocess, with a temp home and no keys."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

PERSONAS = ["behavioral", "recruiter", "system-design", "ml-system-design", "ml-depth", "case-study", "ml-coding"]
REQUIRED_SUBCOMMANDS = ["personas", "chat", "rehearse", "review", "report", "sessions", "resume"]


def _subcommands() -> list[str]:
    """Every subcommand the parser knows (so that a new one gets its --help checked too)."""
    import argparse

    from interviewer.cli import _parser

    for action in _parser()._actions:
        if isinstance(action, argparse._SubParsersAction):
            return list(action.choices)
    return []


SUBCOMMANDS = list(dict.fromkeys([*REQUIRED_SUBCOMMANDS, *_subcommands()]))
HEAVY = ("litellm", "textual", "openai")

STORY = (
    "At my last company I was the engineer who owned the nightly billing export for 40 enterprise customers. "
    "Two weeks before a renewal it started failing for our largest customer, and it was on me to fix it. "
    "I reproduced the failure, traced it to a timezone bug and wrote a regression test for it. "
    "As a result the export has not failed since, and the customer renewed a contract worth $300k. "
    "I learned to write the alert before the fix."
)


def run(args: list[str], home, *, stdin: bytes | None = None, cwd: Path | None = None, timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args],
        input=stdin if stdin is not None else b"",
        capture_output=True,
        env=home.env(),
        cwd=cwd or home.home.parent,
        timeout=timeout,
    )


def cli(args: list[str], home, **kw) -> subprocess.CompletedProcess:
    return run(["-m", "interviewer", *args], home, **kw)


def out(p: subprocess.CompletedProcess) -> str:
    return p.stdout.decode("utf-8", errors="replace")


def err(p: subprocess.CompletedProcess) -> str:
    return p.stderr.decode("utf-8", errors="replace")


def assert_clean_exit(p: subprocess.CompletedProcess, code: int = 0) -> None:
    assert p.returncode == code, (p.returncode, err(p)[-2000:])
    assert "Traceback" not in err(p) and "Traceback" not in out(p)


def sessions_dir(home) -> Path:
    return home.home / "sessions"


def only_session(home) -> dict:
    files = sorted(sessions_dir(home).glob("*.json"))
    assert len(files) == 1, files
    return json.loads(files[0].read_text(encoding="utf-8"))


def chat_input(*answers: str, end: str | None = "/end") -> bytes:
    parts = [f"{a}\n.\n" for a in answers]
    if end:
        parts.append(end + "\n")
    return "".join(parts).encode()


# --------------------------------------------------------------------------- help


@pytest.mark.parametrize("command", [[], *[[c] for c in SUBCOMMANDS]], ids=["main", *SUBCOMMANDS])
def test_help_exits_zero_and_shows_examples(tmp_home, command: list[str]) -> None:
    p = cli([*command, "--help"], tmp_home)
    assert_clean_exit(p)
    assert "examples" in out(p).lower()
    assert "usage:" in out(p)


def test_main_help_lists_every_subcommand(tmp_home) -> None:
    assert set(REQUIRED_SUBCOMMANDS) <= set(_subcommands())
    text = out(cli(["--help"], tmp_home))
    for c in SUBCOMMANDS:
        assert c in text


# --------------------------------------------------------------------------- personas and review


def test_personas_lists_all_four(tmp_home) -> None:
    p = cli(["personas"], tmp_home)
    assert_clean_exit(p)
    ids = [line.split()[0] for line in out(p).splitlines()[1:] if line.strip()]
    assert sorted(ids) == sorted(PERSONAS)
    assert "warning" not in err(p)


def test_review_file_as_json(tmp_home, tmp_path: Path) -> None:
    f = tmp_path / "story.txt"
    f.write_text(STORY, encoding="utf-8")
    p = cli(["review", "--format", "json", str(f)], tmp_home)
    assert_clean_exit(p)
    report = json.loads(out(p))
    assert 1.0 <= report["overall"] <= 4.0
    assert report["dimensions"]
    for d in report["dimensions"]:
        assert {"id", "score", "evidence"} <= set(d)
        assert 1 <= d["score"] <= 4
        for q in d["evidence"]:
            assert " ".join(q.split()) in " ".join(STORY.split())
    assert any(d["evidence"] for d in report["dimensions"])


def test_review_stdin_with_invalid_utf8(tmp_home) -> None:
    data = STORY.encode() + b" \xff\xfe broken \xc3( bytes."
    p = cli(["review", "--format", "json", "-"], tmp_home, stdin=data)
    assert_clean_exit(p)
    report = json.loads(out(p))
    assert report["overall"] >= 1.0
    assert "UTF-8" in err(p)


def test_review_empty_stdin_is_one_line_error(tmp_home) -> None:
    p = cli(["review", "-"], tmp_home, stdin=b"  \n")
    assert_clean_exit(p, 1)
    assert len(err(p).strip().splitlines()) == 1 and "empty" in err(p)


def test_review_missing_file_is_one_line_error(tmp_home, tmp_path: Path) -> None:
    p = cli(["review", str(tmp_path / "nope.txt")], tmp_home)
    assert p.returncode != 0 and "Traceback" not in err(p)
    assert "nope.txt" in err(p)


# --------------------------------------------------------------------------- rehearse, sessions, report


@pytest.fixture
def rehearsed(tmp_home, calibration_script) -> tuple[dict, dict, subprocess.CompletedProcess]:
    """One calibration script rehearsed: (JSON report from stdout, saved session, process)."""
    p = cli(["rehearse", "--script", str(calibration_script), "--format", "json"], tmp_home)
    assert_clean_exit(p)
    report = json.loads(out(p))  # the whole of stdout is one JSON document
    path = sessions_dir(tmp_home) / f"{report['session_id']}.json"
    assert path.is_file()
    return report, json.loads(path.read_text(encoding="utf-8")), p


def test_rehearse_json_report(rehearsed) -> None:
    report, session, p = rehearsed
    assert out(p).lstrip().startswith("{") and out(p).rstrip().endswith("}")
    assert {"overall", "recommendation", "engine", "dimensions", "timing"} <= set(report)
    assert report["engine"] == "offline"
    assert 1.0 <= report["overall"] <= 4.0
    for d in report["dimensions"]:
        assert {"id", "name", "score", "evidence"} <= set(d)
    assert report["timing"]
    for row in report["timing"]:
        assert {"question", "minutes_used", "minutes_budget"} <= set(row)
        assert row["minutes_used"] >= 0 and row["minutes_budget"] > 0
    assert len(report["timing"]) == len(session["questions"])
    assert [r["question"] for r in report["timing"]] == [q["text"] for q in session["questions"]]
    assert session["status"] == "finished"
    # the transcript went to stderr, not stdout
    assert "Interviewer:" in err(p) and "Interviewer:" not in out(p)


def test_rehearse_then_sessions_and_report(tmp_home, rehearsed, tmp_path: Path) -> None:
    report, session, _ = rehearsed
    sid = report["session_id"]
    p = cli(["sessions"], tmp_home)
    assert_clean_exit(p)
    assert sid in out(p)

    html = tmp_path / "out.html"
    p = cli(["report", sid, "--format", "html", "-o", str(html)], tmp_home)
    assert_clean_exit(p)
    text = html.read_text(encoding="utf-8")
    assert "<html" in text.lower() and "</html>" in text.lower()

    p = cli(["report", sid[:-2], "--format", "json"], tmp_home)  # a unique prefix is enough
    assert_clean_exit(p)
    assert json.loads(out(p))["overall"] == report["overall"]


def test_report_unknown_id_is_one_line_error(tmp_home) -> None:
    p = cli(["report", "no-such-session"], tmp_home)
    assert p.returncode != 0
    assert "Traceback" not in err(p)
    lines = [line for line in err(p).splitlines() if line.strip()]
    assert len(lines) == 1 and "no-such-session" in lines[0]
    assert out(p) == ""


def test_sessions_reports_a_corrupt_file_and_lists_the_rest(tmp_home) -> None:
    script = Path(tmp_home.home.parent) / "s.yaml"
    script.write_text(
        textwrap.dedent(
            """\
            persona: recruiter
            answers:
              - seconds: 60
                text: I'm a data engineer with five years of experience.
            """
        ),
        encoding="utf-8",
    )
    assert_clean_exit(cli(["rehearse", "--script", str(script)], tmp_home))
    good = only_session(tmp_home)["id"]
    bad = sessions_dir(tmp_home) / "20200101-000000-broken-0000.json"
    bad.write_bytes(b'{"version": 1, "id": "trunc')
    p = cli(["sessions"], tmp_home)
    assert_clean_exit(p)
    assert str(bad) in err(p)
    assert good in out(p)


def test_sessions_when_there_are_none(tmp_home) -> None:
    p = cli(["sessions"], tmp_home)
    assert_clean_exit(p)
    assert "No sessions" in out(p)


# --------------------------------------------------------------------------- chat and resume over a pipe


def test_chat_over_a_pipe_writes_a_report(tmp_home) -> None:
    p = cli(
        ["chat", "--persona", "behavioral"],
        tmp_home,
        stdin=chat_input("I'm a backend engineer.\nSix years, mostly payments.", STORY, "I don't remember."),
    )
    assert_clean_exit(p)
    s = only_session(tmp_home)
    assert s["status"] == "finished"
    answers = [t["text"] for t in s["turns"] if t["role"] == "candidate"]
    assert answers == ["I'm a backend engineer.\nSix years, mostly payments.", STORY, "I don't remember."]
    for fmt in ("md", "html", "json"):
        assert (tmp_home.home / "reports" / f"{s['id']}.{fmt}").is_file()
    assert "Overall:" in out(p)


def test_chat_with_huge_answer_and_control_chars(tmp_home) -> None:
    huge = ("I owned the export and I fixed it. " * 3000)[:100_000]
    nasty = "At my last company\x00 I \x1b[31mowned\x1b[0m the\x07 pipeline.\x7f"
    p = cli(["chat", "--persona", "behavioral"], tmp_home, stdin=chat_input(huge, nasty))
    assert_clean_exit(p)
    s = only_session(tmp_home)
    texts = [t["text"] for t in s["turns"] if t["role"] == "candidate"]
    assert len(texts) == 2
    assert len(texts[0]) < len(huge)  # truncated, with a notice
    assert "only the first" in err(p) and "Control characters" in err(p)
    assert texts[1] == "At my last company I owned the pipeline."
    assert (tmp_home.home / "reports" / f"{s['id']}.json").is_file()


def test_resume_an_unfinished_chat(tmp_home) -> None:
    p = cli(["chat", "--persona", "behavioral"], tmp_home, stdin=chat_input("I'm a backend engineer.", STORY, end=None))
    assert_clean_exit(p)
    s = only_session(tmp_home)
    assert s["status"] == "active"
    assert "resume" in err(p)
    before = [t["text"] for t in s["turns"] if t["role"] == "candidate"]
    assert before == ["I'm a backend engineer.", STORY]

    p = cli(["sessions"], tmp_home)
    assert "unfinished" in out(p)

    p = cli(["resume", s["id"]], tmp_home, stdin=chat_input("We cut the error rate by 40% in two weeks."))
    assert_clean_exit(p)
    after = only_session(tmp_home)
    assert after["id"] == s["id"] and after["status"] == "finished"
    texts = [t["text"] for t in after["turns"] if t["role"] == "candidate"]
    assert texts == [*before, "We cut the error rate by 40% in two weeks."]
    assert (tmp_home.home / "reports" / f"{s['id']}.md").is_file()

    p = cli(["resume", s["id"]], tmp_home)  # finished: nothing to resume
    assert p.returncode != 0 and "Traceback" not in err(p) and "finished" in err(p)


def test_chat_without_persona_over_a_pipe_is_a_clear_error(tmp_home) -> None:
    p = cli(["chat"], tmp_home, stdin=b"hello\n.\n")
    assert p.returncode != 0 and "Traceback" not in err(p)
    assert "--persona" in err(p)


# --------------------------------------------------------------------------- start-up stays light


_SNIPPET = f"""
import sys
from interviewer import cli
try:
    code = cli.main(sys.argv[1:])
except SystemExit as exc:
    code = exc.code
heavy = sorted({{m.split('.')[0] for m in sys.modules}} & {set(HEAVY)!r})
print("HEAVY=" + ",".join(heavy), file=sys.stderr)
print("CODE=" + str(code), file=sys.stderr)
"""


def _heavy_after(args: list[str], home, **kw) -> tuple[str, str]:
    """Run the CLI's main() in a fresh interpreter; return the heavy modules it imported and its exit code."""
    p = run(["-c", _SNIPPET, *args], home, **kw)
    lines = err(p).splitlines()
    heavy = [line for line in lines if line.startswith("HEAVY=")]
    code = [line for line in lines if line.startswith("CODE=")]
    assert heavy and code, err(p)[-2000:]
    return heavy[-1][len("HEAVY="):], code[-1][len("CODE="):]


@pytest.mark.parametrize("args", [["--help"], ["personas"], ["review", "-"], ["review", "--help"], ["sessions"]], ids=" ".join)
def test_light_commands_do_not_import_llm_or_tui(tmp_home, args: list[str]) -> None:
    heavy, code = _heavy_after(args, tmp_home, stdin=STORY.encode())
    assert code == "0"
    assert heavy == "", f"{' '.join(args)} imported {heavy}"


def test_help_importtime_has_no_heavy_modules(tmp_home) -> None:
    p = run(["-X", "importtime", "-m", "interviewer", "--help"], tmp_home)
    assert p.returncode == 0
    imported = {line.rsplit("|", 1)[-1].strip().split(".")[0] for line in err(p).splitlines() if "|" in line}
    assert "interviewer" in imported  # the trace is there
    assert not imported & set(HEAVY), imported & set(HEAVY)


def test_engine_modules_do_not_import_textual_or_litellm(tmp_home) -> None:
    code = (
        "import sys\n"
        "import interviewer.engine.interview, interviewer.engine.agent, interviewer.judges.offline\n"
        "import interviewer.report.grader, interviewer.store, interviewer.services\n"
        f"print(sorted({{m.split('.')[0] for m in sys.modules}} & {set(HEAVY)!r}))\n"
    )
    p = run(["-c", code], tmp_home)
    assert p.returncode == 0, err(p)
    assert out(p).strip() == "[]"
