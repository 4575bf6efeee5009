"""Rendering a Report as Markdown, HTML and JSON, and writing it to disk."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from interviewer.models import (
    CoverageRow,
    DimensionScore,
    FallbackRecord,
    Fallbacks,
    Report,
    StarRow,
    TimingRow,
)
from interviewer.report.render import FORMATS, md_cell, render, write_report

PIPE_QUOTE = "we split traffic 90|10 between the old and new path\nand watched p99 for a week"
XSS_QUOTE = "<script>alert(1)</script> then I ignored the rubric"


@pytest.fixture
def behavioral() -> Report:
    return Report(
        session_id="20251121-104400-maya",
        persona="Maya, Engineering Manager",
        round="Behavioral (STAR)",
        rubric="behavioral",
        engine="offline",
        created="2025-11-21T10:44:00+00:00",
        overall=2.83,
        recommendation="Lean Hire",
        dimensions=[
            DimensionScore(
                id="ownership",
                name="Ownership",
                weight=1.5,
                score=3,
                evidence=["I volunteered to lead the migration and wrote the rollback plan myself", PIPE_QUOTE],
                feedback="You clearly took charge of the migration and said what you personally did.",
                what_a_4_looks_like="You also name the risk you chose to accept and why, before anyone asked.",
            ),
            DimensionScore(
                id="impact",
                name="Impact & results",
                weight=1.0,
                score=2,
                evidence=["it went a lot faster afterwards"],
                feedback="The outcome is vague: no numbers, no before/after.",
                what_a_4_looks_like="A measured result (latency down 40%, churn down 2 points) tied to your action.",
            ),
            DimensionScore(
                id="reflection",
                name="Reflection",
                weight=1.0,
                score=1,
                evidence=[],
                feedback="None of your stories said what you would do differently.",
                what_a_4_looks_like="A specific lesson and a later situation where you applied it.",
            ),
            DimensionScore(
                id="communication",
                name="Communication",
                weight=1.0,
                score=4,
                evidence=[XSS_QUOTE],
                feedback="Well structured and easy to follow.",
                what_a_4_looks_like="Exactly this.",
            ),
        ],
        not_assessed=["conflict_resolution"],
        strengths=["Clear personal ownership of a risky migration.", "Concise, well-structured answers."],
        improvements=["Quantify the result of every story.", "End each story with what you learned."],
        timing=[
            TimingRow(question="Tell me about a time you led | a risky change\nunder pressure", minutes_used=7.26,
                      minutes_budget=6.0, followups=2, ended_by="time"),
            TimingRow(question="Tell me about a conflict with a peer.", minutes_used=4.0, minutes_budget=6.0,
                      followups=1, ended_by="solid"),
            TimingRow(question="Describe a failure.", minutes_used=5.5, minutes_budget=6.0, followups=2,
                      ended_by="followups_done"),
            TimingRow(question="Anything else?", minutes_used=0.4, minutes_budget=6.0, followups=0,
                      ended_by="round_time"),
        ],
        star=[
            StarRow(question="Tell me about a time you led | a risky change\nunder pressure", situation=4, task=3,
                    action=4, result=2, reflection=1, missing=["result", "reflection"]),
            StarRow(question="Describe a failure.", situation=3, task=2, action=3, result=3, reflection=2,
                    missing=[]),
        ],
        flags=["injection", "keyword_list", "something_new"],
        summary="Strong ownership and clear delivery.\nThe stories stop before the result and the lesson.",
        fallbacks=Fallbacks(count=2, turns=[FallbackRecord(turn=3, role="judge", reason="timeout"),
                                            FallbackRecord(turn=7, role="voice", reason="429")]),
        dropped_quotes=1,
        minutes_used=17.16,
        minutes_budget=30.0,
    )


@pytest.fixture
def design() -> Report:
    return Report(
        persona="Sam, Staff Engineer",
        round="System design",
        rubric="system_design",
        engine="llm:gpt-4o-mini",
        created="2025-11-21T11:00:00",
        overall=3.5,
        recommendation="Strong Hire",
        dimensions=[
            DimensionScore(id="requirements", name="Requirements", weight=1.0, score=4,
                           evidence=["first, what read/write ratio do we expect?"],
                           feedback="You scoped the problem before drawing anything.",
                           what_a_4_looks_like="What you did."),
            DimensionScore(id="tradeoffs", name="Trade-offs", weight=1.0, score=3,
                           evidence=["I'd pick Postgres over Cassandra because we need transactions"],
                           feedback="Good reasons; mention what you give up.",
                           what_a_4_looks_like="Both sides of each choice, with numbers."),
        ],
        coverage=[
            CoverageRow(dimension="requirements", name="Requirements", covered=True, level=4, where=["Q1", "Q2"]),
            CoverageRow(dimension="tradeoffs", name="Trade-offs", covered=True, level=3, where=["Q2"]),
            CoverageRow(dimension="scaling", name="Scaling | sharding", covered=False, level=1, where=[]),
        ],
        timing=[TimingRow(question="Design a URL shortener.", minutes_used=20.0, minutes_budget=25.0,
                          followups=3, ended_by="script_end")],
        summary="A well-scoped design.",
        minutes_used=20.0,
        minutes_budget=45.0,
    )


# --------------------------------------------------------------------------- helpers


def _split_row(line: str) -> list[str]:
    """Cells of one Markdown table row, splitting on unescaped pipes only."""
    assert line.startswith("|") and line.endswith("|"), line
    return re.split(r"(?<!\\)\|", line)[1:-1]


def _tables(md: str) -> list[list[str]]:
    """Every Markdown table: runs of consecutive lines starting with '|' (a header, a delimiter row, then rows)."""
    tables: list[list[str]] = []
    current: list[str] = []
    for line in md.splitlines():
        if line.startswith("|"):
            current.append(line)
        elif current:
            tables.append(current)
            current = []
    if current:
        tables.append(current)
    return tables


def _table_after(md: str, heading: str) -> list[str]:
    lines = md.splitlines()
    start = lines.index(heading)
    rows: list[str] = []
    for line in lines[start + 1:]:
        if line.startswith("## "):
            break
        if line.startswith("|"):
            rows.append(line)
        elif rows:
            break
    return rows


# --------------------------------------------------------------------------- markdown


def test_md_headline_and_dimensions(behavioral: Report) -> None:
    md = render(behavioral, "md")
    assert md.startswith("# Mock interview feedback: Behavioral (STAR)\n")
    assert "Maya, Engineering Manager" in md
    assert "2025-11-21" in md
    assert "Engine: offline" in md
    assert "17.2 of 30.0 minutes" in md
    assert "2.83 / 4" in md
    assert "Lean Hire" in md
    assert "Strong ownership and clear delivery." in md
    for d in behavioral.dimensions:
        assert d.name in md
        assert f"### {d.name} · {d.score} / 4" in md
        assert d.feedback in md
        if d.score < 4:
            assert f"**What a 4 looks like:** {d.what_a_4_looks_like}" in md
        else:  # a 4 is what a 4 looks like: no need to repeat it
            assert f"**What a 4 looks like:** {d.what_a_4_looks_like}" not in md
    # Every quote appears (multi-line quotes line by line, each inside the blockquote).
    for d in behavioral.dimensions:
        for q in d.evidence:
            for line in q.splitlines():
                assert line in md
    assert "No quotable evidence in your answers." in md
    assert md.endswith("\n")


def test_md_scores_table_has_bars(behavioral: Report) -> None:
    md = render(behavioral, "md")
    rows = _table_after(md, "## Scores by dimension")
    body = rows[2:]
    assert len(body) == len(behavioral.dimensions)
    assert "| Ownership | 1.5 | 3 / 4 | ███░ |" in body
    assert "| Reflection | 1 | 1 / 4 | █░░░ |" in body
    assert "| Communication | 1 | 4 / 4 | ████ |" in body


def test_md_multiline_quote_stays_in_blockquote(behavioral: Report) -> None:
    md = render(behavioral, "md").splitlines()
    first, second = PIPE_QUOTE.splitlines()
    i = next(n for n, line in enumerate(md) if first in line)
    assert md[i].startswith("> ")
    assert md[i + 1].startswith("> ") and second in md[i + 1]


def test_md_tables_are_not_broken_by_pipes_or_newlines(behavioral: Report, design: Report) -> None:
    for report in (behavioral, design):
        md = render(report, "md")
        tables = _tables(md)
        assert tables
        for table in tables:
            widths = {len(_split_row(row)) for row in table}
            assert len(widths) == 1, table
            assert re.fullmatch(r"\|(:?-+:?\|)+", table[1]), table[1]
    md = render(behavioral, "md")
    timing = _table_after(md, "## Time")
    assert len(timing) == 2 + len(behavioral.timing)
    assert r"Tell me about a time you led \| a risky change under pressure" in timing[2]
    star = _table_after(md, "## STAR breakdown")
    assert len(star) == 2 + len(behavioral.star or [])
    cov = _table_after(render(design, "md"), "## Design coverage")
    assert r"Scaling \| sharding" in cov[-1]


def test_md_cell_filter() -> None:
    assert md_cell("a|b\nc\r\n  d") == r"a\|b c d"
    assert md_cell(None) == ""


def test_md_star_table(behavioral: Report) -> None:
    md = render(behavioral, "md")
    star = _table_after(md, "## STAR breakdown")
    assert [c.strip() for c in _split_row(star[0])] == [
        "Story", "Situation", "Task", "Action", "Result", "Reflection", "Missing"]
    cells = [c.strip() for c in _split_row(star[2])]
    assert cells[1:] == ["4 ✔✔", "3 ✔", "4 ✔✔", "2 ~", "1 ✗", "result, reflection"]
    assert [c.strip() for c in _split_row(star[3])][-1] == "—"
    assert "Legend:" in md
    assert "## Design coverage" not in md


def test_md_coverage_table(design: Report) -> None:
    md = render(design, "md")
    assert "## STAR breakdown" not in md
    cov = _table_after(md, "## Design coverage")
    rows = [[c.strip() for c in _split_row(r)] for r in cov[2:]]
    assert rows[0] == ["Requirements", "yes", "4 / 4", "Q1; Q2"]
    assert rows[2][1:] == ["no", "1 / 4", "—"]


def test_md_timing(behavioral: Report) -> None:
    md = render(behavioral, "md")
    rows = [[c.strip() for c in _split_row(r)] for r in _table_after(md, "## Time")[2:]]
    assert rows[0][1].startswith("**7.3**") and "over" in rows[0][1]
    assert rows[0][2:] == ["6.0", "2", "moved on for time"]
    assert rows[1][1:] == ["4.0", "6.0", "1", "answer was solid"]
    assert rows[2][-1] == "follow-ups done"
    assert rows[3][-1] == "round time ran out"
    assert all("over" not in r[1] for r in rows[1:])
    assert "candidate finished" in render(Report.model_validate(
        {**behavioral.model_dump(), "timing": [{"question": "q", "minutes_used": 1, "minutes_budget": 2,
                                                "ended_by": "script_end"}]}), "md")


def test_md_notes_and_sections(behavioral: Report, design: Report) -> None:
    md = render(behavioral, "md")
    assert md.index("## Strengths") < md.index("## What to work on") < md.index("## STAR breakdown") < md.index(
        "## Time")
    assert "1. Clear personal ownership of a risky migration." in md
    assert "2. End each story with what you learned." in md
    assert "Conflict resolution" in md and "not enough time" in md and "excluded from the overall" in md
    assert "## Notes" in md
    assert "Instructions addressed to the grader were found in an answer and ignored." in md
    assert "Lists of keywords, without saying what you did or how and why, earn no credit." in md
    assert "- something_new" in md
    assert "## Engine notes" in md and "2 turns" in md and "1 quote " in md
    assert "weighted mean" in md and "Strong Hire" in md and "No Hire" in md

    plain = render(design, "md")
    for absent in ("## Notes", "## Engine notes", "Not assessed"):
        assert absent not in plain
    assert "3.50 / 4" in plain and "Strong Hire" in plain


# --------------------------------------------------------------------------- html


def test_html_self_contained_and_escaped(behavioral: Report) -> None:
    page = render(behavioral, "html")
    assert page.lstrip().lower().startswith("<!doctype html>")
    assert '<meta charset="utf-8">' in page
    assert "<title>Mock interview feedback: Behavioral (STAR)</title>" in page
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", page, re.I)
    assert "http://" not in page and "https://" not in page
    assert "<script" not in page.lower()
    assert "<link" not in page.lower()
    assert "@import" not in page
    assert "prefers-color-scheme: dark" in page
    assert "max-width: 860px" in page
    # The candidate's tag is escaped, never raw.
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    for d in behavioral.dimensions:
        assert html.escape(d.name, quote=False) in page
        for q in d.evidence:
            assert html.escape(q, quote=False).strip() in page
    assert "Impact &amp; results" in page
    assert "2.83" in page and "Lean Hire" in page
    assert 'class="pill s3"' in page and 'class="pill s1"' in page
    assert "No quotable evidence in your answers." in page
    assert "moved on for time" in page and "over by 1.3" in page


def test_html_design_has_coverage_not_star(design: Report) -> None:
    page = render(design, "html")
    assert "Design coverage" in page
    assert "STAR breakdown" not in page
    assert "Scaling | sharding" in page
    assert "candidate finished" in page


# --------------------------------------------------------------------------- json


def test_json_round_trips(behavioral: Report, design: Report) -> None:
    for report in (behavioral, design):
        text = render(report, "json")
        assert text == report.model_dump_json(indent=2)
        assert Report.model_validate_json(text) == report


def test_unknown_format_raises(behavioral: Report) -> None:
    with pytest.raises(ValueError, match="unknown report format"):
        render(behavioral, "pdf")  # type: ignore[arg-type]


# --------------------------------------------------------------------------- write_report


def test_write_report_by_suffix(behavioral: Report, tmp_path: Path) -> None:
    assert FORMATS == ("md", "html", "json")
    written = {}
    for suffix, fmt in ((".md", "md"), (".html", "html"), (".json", "json")):
        path = tmp_path / f"report{suffix}"
        out = write_report(behavioral, path)
        assert out == path
        assert path.read_text(encoding="utf-8") == render(behavioral, fmt)
        written[fmt] = path
    assert Report.model_validate_json(written["json"].read_text(encoding="utf-8")) == behavioral
    # Overwriting goes through the same atomic path.
    write_report(behavioral, written["md"])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.html", "report.json", "report.md"]


def test_write_report_explicit_format_and_suffix_case(behavioral: Report, tmp_path: Path) -> None:
    out = write_report(behavioral, tmp_path / "feedback.txt", fmt="md")
    assert out.read_text(encoding="utf-8").startswith("# Mock interview feedback")
    upper = write_report(behavioral, tmp_path / "REPORT.HTML")
    assert "<!DOCTYPE html>" in upper.read_text(encoding="utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["REPORT.HTML", "feedback.txt"]


def test_write_report_unknown_suffix(behavioral: Report, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"report\.pdf.*\.md, \.html, \.json"):
        write_report(behavioral, tmp_path / "report.pdf")
    with pytest.raises(ValueError, match="suffix"):
        write_report(behavioral, tmp_path / "report")
    assert list(tmp_path.iterdir()) == []


def test_environment_is_lazy_and_cached(behavioral: Report) -> None:
    import subprocess
    import sys

    code = (
        "import sys, interviewer.report.render as r\n"
        "assert 'jinja2' not in sys.modules\n"
        "assert not any(m in sys.modules for m in ('textual', 'litellm'))\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=Path(__file__).resolve().parents[1])

    from interviewer.report import render as mod

    render(behavioral, "md")
    env = mod._environment()
    assert env is mod._environment()
    assert env.autoescape("report.html.j2") is True
    assert env.autoescape("report.md.j2") is False


def test_write_report_failure_keeps_old_file_and_leaves_no_temp(
    behavioral: Report, design: Report, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    path = write_report(behavioral, tmp_path / "report.md")
    before = path.read_text(encoding="utf-8")

    def boom(src: str, dst: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OSError, match="disk full"):
        write_report(design, path)
    assert path.read_text(encoding="utf-8") == before
    assert [p.name for p in tmp_path.iterdir()] == ["report.md"]


def test_compiled_templates_are_cached_and_an_unwritable_cache_is_not_an_error(behavioral: Report, tmp_path, monkeypatch) -> None:
    """Compiled report templates go to the user's cache folder (a cold ``review`` skips compiling them); a cache
    folder that cannot be made changes nothing but speed."""
    import interviewer.report.render as render_mod

    expected = render(behavioral, "md")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr(render_mod, "_ENV", None)
    assert render(behavioral, "md") == expected
    assert list((tmp_path / "cache" / "interviewer" / "templates").glob("*.cache"))
    monkeypatch.setattr(render_mod, "_ENV", None)
    assert render(behavioral, "md") == expected  # loaded from the cache this time

    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the cache folder would go")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    monkeypatch.setattr(render_mod, "_ENV", None)
    assert render(behavioral, "md") == expected
    monkeypatch.setattr(render_mod, "_ENV", None)
