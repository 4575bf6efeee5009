"""The modelling-depth and case-study question banks: shape, topics, and red-flag patterns that catch the
misconceptions they name without firing on the correct statement."""

from __future__ import annotations

import re

import pytest

from interviewer.catalog import Catalog


def test_ml_depth_bank(catalog: Catalog) -> None:
    p = catalog.persona("ml-depth")
    assert (p.rubric, p.minutes) == ("ml-depth", 45)
    assert len(p.questions) >= 12
    dims = {"correctness", "mechanism", "tradeoffs", "application", "communication"}
    assert all(set(q.dimensions) <= dims for q in p.questions)
    text = " ".join(q.text.lower() for q in p.questions)
    for topic in ("l1", "dropout", "early stopping", "1% of examples", "bias-variance", "adam", "roc auc",
                  "self-attention", "embedding", "calibrated", "concept drift", "gradient-boosted trees",
                  "loss curves", "leakage"):
        assert topic in text, topic
    assert p.name and p.style and p.opening and p.warmup and p.closing and p.facts


def test_case_study_bank(catalog: Catalog) -> None:
    p = catalog.persona("case-study")
    assert (p.rubric, p.minutes) == ("case-study", 45)
    assert len(p.questions) >= 8
    dims = {"clarifying", "users", "assumptions", "pain_points", "solutions", "success_metrics", "recommendation",
            "communication"}
    assert all(set(q.dimensions) <= dims for q in p.questions)
    assert any("music" in q.text.lower() for q in p.questions)


# (question id, a sentence stating the misconception, a correct sentence on the same topic)
MISCONCEPTIONS = [
    ("l1-vs-l2", "L1 regularisation gives you dense weights.", "L1 gives sparse weights rather than dense ones."),
    ("l1-vs-l2", "L2 produces sparse weights, which is why it selects features.", "L2 shrinks every weight but rarely makes any exactly zero."),
    ("dropout", "You keep dropout on at inference exactly as in training.", "At inference dropout is switched off and nothing is dropped."),
    ("class-imbalance", "Accuracy is a good metric here because it is easy to explain.", "Accuracy is misleading because predicting all negatives gives 99%."),
    ("class-imbalance", "We got 99% accuracy so the model works.", "Precision and recall at the chosen threshold matter most."),
    ("bias-variance", "More training data reduces bias.", "More training data reduces variance, not bias."),
    ("metrics-mislead", "A high AUC means the model is useful in production.", "AUC only measures ranking, so check precision at the threshold."),
    ("attention-transformers", "Attention scales linearly with the sequence length.", "Self-attention cost grows quadratically with sequence length."),
    ("calibration", "A high AUC shows the model is well calibrated.", "AUC does not change under monotone recalibration."),
    ("drift", "Concept drift is when the input distribution changes.", "Concept drift is when the relationship between inputs and label changes."),
    ("learning-curves", "That is underfitting: the validation loss rises while the training loss keeps falling.", "Underfitting shows as both losses staying high."),
]


@pytest.mark.parametrize(("qid", "wrong", "right"), MISCONCEPTIONS)
def test_red_flag_patterns_catch_the_misconception(catalog: Catalog, qid: str, wrong: str, right: str) -> None:
    q = next(q for q in catalog.persona("ml-depth").questions if q.id == qid)
    patterns = [t[3:] for rf in q.red_flags for t in rf.terms if t.startswith("re:")]
    assert patterns, qid
    assert any(re.search(p, wrong, re.I) for p in patterns), wrong
    assert not any(re.search(p, right, re.I) for p in patterns), right
