"""Scripted strong, average and weak candidates for every talking round (tests/data/scripts), rehearsed whole on the
offline engine against the packaged question banks: each script's answers meet the questions they were written for,
and the candidates come out in order."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from interviewer.catalog import Catalog
from interviewer.services import load_script, rehearse

SCRIPTS = Path(__file__).parent / "data" / "scripts"
ROUNDS = ["recruiter", "behavioral", "system-design", "ml-system-design", "ml-depth", "case-study"]
LABELS = ("strong", "average", "weak")


def _rehearse(catalog: Catalog, path: Path):
    return asyncio.run(rehearse(load_script(path), catalog=catalog)).report


@pytest.mark.parametrize("round_id", ROUNDS)
def test_scripts_exist_for_the_packaged_persona(catalog: Catalog, round_id: str) -> None:
    for label in LABELS:
        script = load_script(SCRIPTS / f"{round_id}-{label}.yaml")
        assert script.persona == round_id
        assert 5 <= len(script.answers) <= 8, (round_id, label)
        assert round_id in catalog.personas


@pytest.mark.parametrize("round_id", ROUNDS)
def test_strong_average_weak_come_out_in_order(tmp_home, catalog: Catalog, round_id: str) -> None:
    reports = {label: _rehearse(catalog, SCRIPTS / f"{round_id}-{label}.yaml") for label in LABELS}
    scores = {label: r.overall for label, r in reports.items()}
    # every main answer met its question: the round asked one main question per scripted main answer, in bank order
    bank = [q.text for q in catalog.persona(round_id).questions]
    for report in reports.values():
        asked = [row.question for row in report.timing]
        assert asked == bank[: len(asked)] and len(asked) >= 2, asked
    assert scores["strong"] > scores["average"] > scores["weak"], scores
