"""The ml-coding question bank: every question has what the candidate sees, hidden tests, and a reference solution
(kept here, used only by tests) that passes all of them; the starter code passes none."""

from __future__ import annotations

from pathlib import Path

import pytest

from interviewer.catalog import load_catalog
from interviewer.runner import load_spec, run_examples, run_tests

SOLUTIONS = Path(__file__).parent / "coding_solutions"
PERSONA = load_catalog(include_user=False).personas["ml-coding"]
IDS = [q.id for q in PERSONA.questions]


def reference(qid: str) -> str:
    return (SOLUTIONS / f"{qid.replace('-', '_')}.py").read_text()


def test_the_round_has_the_twelve_questions_the_issue_names():
    assert len(IDS) >= 12
    for must in ("ema-irregular", "kmeans", "logistic-regression", "softmax-cross-entropy", "attention-mask", "roc-auc",
                 "stratified-split", "precision-recall-f1", "top-k-frequent", "reservoir-sampling", "sliding-window-median", "bpe-merge-step"):
        assert must in IDS


@pytest.mark.parametrize("qid", IDS)
def test_every_question_is_complete(qid):
    q = next(q for q in PERSONA.questions if q.id == qid)
    assert q.tests and len(q.key_points) >= 4 and q.red_flags
    spec = load_spec(qid)
    assert spec.function in spec.starter and spec.examples and spec.tests_source
    assert "tests_source" not in spec.model_dump()  # hidden tests never travel with what is shown


@pytest.mark.parametrize("qid", IDS)
def test_the_reference_passes_every_hidden_test_and_example(qid):
    spec = load_spec(qid)
    r = run_tests(spec, reference(qid))
    assert r.status == "passed", [t.model_dump() for t in r.tests if t.outcome != "passed"]
    assert len(r.tests) >= 8
    e = run_examples(spec, reference(qid))
    assert e.status == "passed", e.summary


@pytest.mark.parametrize("qid", IDS)
def test_the_starter_code_passes_nothing(qid):
    spec = load_spec(qid)
    r = run_tests(spec, spec.starter)
    assert r.passed == 0 and "NotImplementedError" in r.tests[0].detail


def test_hidden_tests_cover_edge_cases_with_follow_up_probes():
    for qid in IDS:
        src = load_spec(qid).tests_source
        assert "probe=" in src, qid
        assert "ValueError" in src or "empty" in src.lower(), qid
