"""Case-study detectors read how a concise answer really says things: a metric as "success is the share of…", a
guardrail as "… as a check", a definition asked for as "late against what?"."""

from __future__ import annotations

from interviewer.catalog import default_catalog
from interviewer.judges.offline import OfflineJudge


def _levels(answer: str) -> dict[str, int]:
    catalog = default_catalog()
    persona = catalog.persona("case-study")
    a = OfflineJudge().assess(answer, catalog.rubric_for(persona))
    return {k: d.level for k, d in a.dimensions.items()}


def test_a_metric_and_its_check_said_plainly_are_read() -> None:
    plain = _levels("Success is the share of orders more than ten minutes late, with refunds and complaints as a check.")
    none = _levels("We would keep working on it and hope that customers notice the difference over time.")
    assert plain["success_metrics"] >= 3 > none["success_metrics"]


def test_defining_the_goal_counts_as_clarifying() -> None:
    said = _levels("First, late against what: the time we promised at checkout, or the time the restaurant quoted?")
    assert said["clarifying"] >= 2


def test_a_component_whose_role_is_said_by_what_flows_through_it_counts() -> None:
    """"the client uploads the file to S3 and updates a record in a database" gives both components a role."""
    catalog = default_catalog()
    persona = catalog.persona("system-design")
    rubric = catalog.rubric_for(persona)
    dim = next(d for d in rubric.dimensions if d.detector == "components")
    said = (
        "When a file changes, the client uploads the file to object storage such as S3 and updates a record in a "
        "database with the path and size. A worker that watches the queue sends a push to the other devices."
    )
    from interviewer.judges.offline.judge import build_context

    finding = build_context(said, rubric).detect("components", dim)
    assert finding.level >= 3 and len(finding.hits) >= 2


def test_a_contrast_with_its_cost_in_ml_terms_is_a_trade_off() -> None:
    """"Boosting usually wins on tabular data but it overfits noisy labels more easily" weighs two options."""
    from interviewer.judges.offline.judge import build_context

    catalog = default_catalog()
    rubric = catalog.rubric_for(catalog.persona("ml-depth"))
    dim = next(d for d in rubric.dimensions if d.detector == "tradeoff")
    said = "Boosting usually wins on tabular data but it overfits noisy labels more easily than bagging does."
    assert build_context(said, rubric).detect("tradeoff", dim).level >= 2
