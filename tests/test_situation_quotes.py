"""The situation is read from the scene, not from an action told later that happens to say "we were"."""

from __future__ import annotations

from interviewer.catalog import default_catalog
from interviewer.judges.offline.judge import build_context

STORY = (
    "Last spring a partner launch moved up by three weeks, and the ETA model for the new city had to be live on day "
    "one. It was my model, so the cut was my call. I ranked the six planned features by expected error reduction and "
    "kept the two that gave most of the gain. I told the partner team in writing what we were cutting and why. We "
    "launched on time with p90 error at 7 minutes."
)


def test_a_later_action_is_not_quoted_as_the_situation() -> None:
    catalog = default_catalog()
    rubric = catalog.rubric_for(catalog.persona("behavioral"))
    dim = next(d for d in rubric.dimensions if d.detector == "star_situation")
    finding = build_context(STORY, rubric).detect("star_situation", dim)
    said = [h.sent.body for h in finding.hits]
    assert any(s.startswith("Last spring") for s in said)
    assert not any(s.startswith("I told the partner team") for s in said)
