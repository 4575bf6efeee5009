"""The coding section of a report: for each question, the final code, the hidden tests' table (with the failing
inputs) and how the code evolved across runs."""

from __future__ import annotations

import difflib

from interviewer.models import CodeRunRow, CodingSection, Report, Rubric, Session


def _change(before: str | None, after: str) -> str:
    if before is None:
        return "first version"
    if before == after:
        return "unchanged"
    added = removed = 0
    for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0):
        if line.startswith("+") and not line.startswith("+++"):
            added += 1
        elif line.startswith("-") and not line.startswith("---"):
            removed += 1
    return f"+{added} -{removed} lines"


def coding_sections(session: Session) -> list[CodingSection]:
    out: list[CodingSection] = []
    for q in session.questions:
        runs = [r for r in session.code_runs if r.question_id == q.question_id]
        codes = [t.code for t in session.turns if t.role == "candidate" and t.question_index == q.index and t.code]
        if not runs and not codes:
            out.append(CodingSection(question_id=q.question_id, question=q.text, summary="No code was written for this question."))
            continue
        rows, prev = [], None
        for r in runs:
            rows.append(
                CodeRunRow(
                    minute=round(r.at / 60, 1),
                    kind=r.kind,
                    passed=r.result.passed,
                    total=len(r.result.tests),
                    status=r.result.status,
                    summary=r.result.summary,
                    lines=len(r.code.splitlines()),
                    change=_change(prev, r.code),
                )
            )
            prev = r.code
        final_tests = next((r for r in reversed(runs) if r.kind == "tests"), None)
        final_code = codes[-1] if codes else runs[-1].code
        out.append(
            CodingSection(
                question_id=q.question_id,
                question=q.text,
                final_code=final_code,
                summary=final_tests.result.summary if final_tests else "The code was never submitted against the hidden tests.",
                tests=list(final_tests.result.tests) if final_tests else [],
                runs=rows,
            )
        )
    return out


def attach(report: Report, session: Session, rubric: Rubric | None = None) -> Report:
    """Add the coding section, and keep correctness the tests' verdict whoever graded (a model grader's score for
    it is replaced by the level the test runs gave, and the overall is recomputed from the parts)."""
    if report.coding is None and (session.code_runs or any(t.code for t in session.turns)):
        report.coding = coding_sections(session)
    if rubric is None:
        return report
    from interviewer.report.completeness import apply_verdict
    from interviewer.report.grader import dimension_reading, overall_of

    changed = False
    for dim in rubric.dimensions:
        if dim.detector != "code_correctness":
            continue
        score = next((d for d in report.dimensions if d.id == dim.id), None)
        level, _, mean = dimension_reading(session, dim.id, dim.aggregate)
        if score is not None and level and (score.score, score.mean) != (level, mean):
            score.score, score.mean = level, mean
            score.feedback = f"From the hidden tests: {dim.levels[level][:1].lower()}{dim.levels[level][1:]}"
            changed = True
    if changed:
        report.overall = overall_of(report.dimensions)
        apply_verdict(report)  # the rule for incomplete rounds holds whoever graded
    return report
