"""A dimension read over several questions claims no more than the answers support: its level is the mean of the
per-question levels with a half rounded towards the weaker reading (one answer at 4 and one at 1 reads 2/4, not
"3/4 solid"), with the unrounded mean beside it, the same in md, html and json; the overall takes each dimension at
that mean, so rounding the words down does not also drop half a point from the overall."""

from __future__ import annotations

import asyncio
import json
import re

import pytest

from interviewer.catalog import Catalog
from interviewer.models import Assessment, DimensionEvidence, QuestionRecord, Report, Session, Turn
from interviewer.report.evidence import answered
from interviewer.report.grader import best_per_question, dimension_levels, dimension_reading, mean_level
from interviewer.report.ranking import overall_of
from interviewer.report.render import render
from interviewer.services import RehearsalScript, ScriptAnswer, rehearse

# written for this test: a full answer on L1 versus L2, then a vague one on dropout
_L1_L2 = (
    "L1 adds the sum of absolute weights to the loss, and its pull on a weight has the same size however small the "
    "weight is, so many weights land exactly at zero and the model keeps only a few features. L2 adds the sum of "
    "squared weights; its pull shrinks with the weight, so every weight gets smaller but almost none reaches exactly "
    "zero. I pick L1 when I expect most of thousands of sparse features to be irrelevant and want a small, readable "
    "model, and L2 when many features each carry a little signal. With correlated features L1 keeps one of them "
    "arbitrarily while L2 spreads the weight, so elastic net is the middle ground. Either way I scale the features "
    "first and tune the strength on a validation set."
)
_DROPOUT = "Dropout is a layer you add to make the network better. It helps the model, I think, and people use it a lot."


@pytest.mark.parametrize(
    "levels, expected",
    [((4, 1), 2), ((3, 2), 2), ((4, 3), 3), ((2, 1), 1), ((4, 4, 1), 3), ((4, 3, 3), 3), ((4, 4, 3), 4), ((3, 2, 2), 2), ((4,), 4)],
)
def test_a_half_rounds_towards_the_weaker_reading(levels: tuple[int, ...], expected: int) -> None:
    assert mean_level(list(levels)) == expected


def _session(levels: list[int]) -> Session:
    turns, questions = [], []
    for i, lv in enumerate(levels):
        questions.append(QuestionRecord(index=i, question_id=f"q{i}", text=f"Question {i}?", dimensions=["d"], started_at=0, budget_seconds=60))
        turns.append(Turn(index=i, role="candidate", text="an answer", at=float(i), question_index=i,
                          assessment=Assessment(dimensions={"d": DimensionEvidence(dimension="d", level=lv)})))
    return Session(id="s", persona_id="p", rubric_id="r", created="", minutes=20, stage="closed", turns=turns, questions=questions)


def test_dimension_levels_uses_the_rule_and_max_still_takes_the_best() -> None:
    assert dimension_levels(_session([4, 1]), "d", "mean")[0] == 2
    assert dimension_reading(_session([4, 1]), "d", "mean")[2] == 2.5
    assert dimension_reading(_session([4, 2]), "d", "mean")[2] is None  # a whole level needs no mean beside it
    assert dimension_levels(_session([4, 1]), "d", "max")[0] == 4
    assert dimension_reading(_session([4, 1]), "d", "max")[2] is None


@pytest.fixture
def split_round(tmp_home, catalog: Catalog) -> tuple[Report, Session]:
    script = RehearsalScript(persona="ml-depth", answers=[
        ScriptAnswer(question="warmup", seconds=30, text="I build ranking models for an online shop."),
        ScriptAnswer(question="l1-vs-l2", seconds=300, text=_L1_L2),
        ScriptAnswer(question="dropout", seconds=200, text=_DROPOUT),
    ])
    result = asyncio.run(rehearse(script, catalog=catalog))
    return result.report, result.interview.session


def test_one_strong_and_one_weak_answer_never_read_solid_on_balance(split_round: tuple[Report, Session], catalog: Catalog) -> None:
    report, session = split_round
    rubric = catalog.rubrics[report.rubric]
    halves = 0
    for d in report.dimensions:
        dim = next(x for x in rubric.dimensions if x.id == d.id)
        per_q = list(best_per_question(answered(session), d.id).values())
        if dim.aggregate != "mean" or len(per_q) < 2:
            continue
        mean = sum(per_q) / len(per_q)
        assert d.score <= mean, (d.id, d.score, per_q)  # never more than the answers support
        assert d.score > mean - 1, (d.id, d.score, per_q)
        assert d.mean == (round(mean, 2) if mean != d.score else None), (d.id, d.mean, per_q)
        halves += mean % 1 == 0.5
        if len(set(per_q)) > 1:  # the spread behind the level is shown
            assert "By question:" in d.feedback, d.feedback
    assert halves, "the answers were written to put at least one dimension exactly between two levels"
    correctness = next(d for d in report.dimensions if d.id == "correctness")
    assert correctness.score == 2, correctness  # one answer at 4, one at 1
    weights = sum(d.weight for d in report.dimensions)
    assert report.overall == round(sum((d.score if d.mean is None else d.mean) * d.weight for d in report.dimensions) / weights, 2)
    assert report.overall == overall_of(report.dimensions)


def test_md_html_and_json_show_the_same_levels(split_round: tuple[Report, Session]) -> None:
    report, _ = split_round
    md, html, js = render(report, "md"), render(report, "html"), json.loads(render(report, "json"))
    for d in report.dimensions:
        mean = f" (mean {d.mean:g})" if d.mean is not None else ""
        assert re.search(rf"\| {re.escape(d.name)} \| [\d.]+ \| {d.score} / 4{re.escape(mean)} \|", md), d.name
        html_mean = f' <span class="mean">(mean {d.mean:g})</span>' if d.mean is not None else ""
        assert re.search(rf"<td>{re.escape(d.name)}</td>.*?{d.score} / 4</span>{re.escape(html_mean)}</td>", html), d.name
        row = next(x for x in js["dimensions"] if x["id"] == d.id)
        assert (row["score"], row["mean"]) == (d.score, d.mean)
    assert "a half rounds down" in md and "a half rounds down" in html
    assert Report.model_validate(js) == report  # the json reads back (progress and history read stored reports)
    for row in js["dimensions"]:
        del row["mean"]  # a report written before the mean existed still loads, and reads its scores as they were
    assert [d.mean for d in Report.model_validate(js).dimensions] == [None] * len(report.dimensions)


async def test_the_app_shows_the_same_level_and_mean(split_round: tuple[Report, Session]) -> None:
    """The TUI's report table reads the same Report: the level, and the mean beside it where there is one."""
    from textual.widgets import DataTable

    from interviewer.tui.app import InterviewerApp
    from interviewer.tui.screens.report import ReportScreen

    report, _ = split_round
    app = InterviewerApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await app.push_screen(ReportScreen(report, render(report, "md"), None))
        await pilot.pause()
        table = app.screen.query_one("#dimensions", DataTable)
        cells = {d.id: str(table.get_cell(d.id, "score")) for d in report.dimensions}
    for d in report.dimensions:
        assert cells[d.id].startswith(f"{d.score} / 4"), cells[d.id]
        assert ("mean" in cells[d.id]) == (d.mean is not None), cells[d.id]
        assert d.mean is None or f"mean {d.mean:g}" in cells[d.id], cells[d.id]
    assert any(d.mean is not None for d in report.dimensions)
