"""A quote appears under the dimension it evidences (issue 7): in a system-design review against a library topic, a
data-model sentence is not quoted under Requirements, and a freshness requirement is not quoted under API and data
model. The answer is written for this test."""

from __future__ import annotations

from interviewer.catalog import Catalog
from interviewer.report.render import render
from interviewer.services import review

QUESTION = "Design a counter for likes and views on posts"
REQUIREMENTS = "Requirements: users can like a post once and view it many times, and every post page shows the like and view counts."
PEAK = "It has to handle around 100k views per second at peak."
DATA_MODEL = (
    "Data model: a post_counts table keyed by post_id with likes and views columns, plus a likes table with primary "
    "key (post_id, user_id) so a user cannot like twice."
)
FRESHNESS = (
    "Freshness: the counts a reader sees can be up to five seconds old, but the user who liked must see their own "
    "like right away, so the API returns the cached count plus their own like."
)
FLOW = (
    "Writes go to Kafka and a stream job sums them per post each second and writes the totals to the table, and "
    "Redis caches the hot counts."
)
ANSWER = "\n".join([f"{REQUIREMENTS} {PEAK}", DATA_MODEL, FRESHNESS, FLOW])


def _quotes(report, name: str) -> list[str]:
    dim = next(d for d in report.dimensions if d.name == name)
    return list(dim.evidence)


def test_each_design_quote_sits_under_the_dimension_it_evidences(catalog: Catalog) -> None:
    report, _ = review(ANSWER, persona_id="system-design", question=QUESTION, catalog=catalog)
    assert "closest topic in the reference library" in report.summary  # the question is not in the bank
    requirements = _quotes(report, "Requirements and scope")
    api = _quotes(report, "API and data model")
    assert not any(q.startswith("Data model:") for q in requirements), requirements
    assert not any(q.startswith("Freshness:") for q in api), api
    assert any(q.startswith("Data model:") for q in api), api  # the data model is API-and-data-model evidence
    assert any(q.startswith(("Requirements:", "Freshness:")) for q in requirements), requirements
    md = render(report, "md")
    section = md.split("### Requirements and scope", 1)[1].split("###", 1)[0]
    assert "post_counts table" not in section and "“Data model:" not in section, section
    section = md.split("### API and data model", 1)[1].split("###", 1)[0]
    assert "five seconds old" not in section, section


def test_a_freshness_target_is_a_non_functional_requirement(catalog: Catalog) -> None:
    """'Counts may be up to five seconds stale' is a requirement the design answers, read as one on its own."""
    from interviewer.judges.offline.judge import build_context

    rubric = catalog.rubric_for(catalog.persona("system-design"))
    dim = next(d for d in rubric.dimensions if d.id == "requirements")
    ctx = build_context(FRESHNESS, rubric)
    assert ctx.detect(dim.detector, dim).level >= 3
