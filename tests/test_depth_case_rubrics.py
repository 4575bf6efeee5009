"""The modelling-depth and case-study rubrics: their shape (the contract other helpers build on). The order in which
scripted strong, average and weak candidates come out of these rounds is tested on the packaged banks in
``test_scripted_candidates.py`` (one copy of the scripts, in ``tests/data/scripts``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from interviewer.catalog import Catalog, load_catalog

DATA = Path(__file__).parent / "data" / "loop"

CONTRACT = {
    "ml-depth": ("depth", ["correctness", "mechanism", "tradeoffs", "application", "communication"]),
    "case-study": (
        "case",
        ["clarifying", "users", "assumptions", "pain_points", "solutions", "success_metrics", "recommendation", "communication"],
    ),
}


@pytest.fixture(scope="module")
def mini_catalog() -> Catalog:
    cat = load_catalog(extra_dirs=[DATA], include_user=False)
    assert not cat.problems, [str(p) for p in cat.problems]
    return cat


@pytest.mark.parametrize("rubric_id", sorted(CONTRACT))
def test_rubric_matches_the_shared_contract(mini_catalog: Catalog, rubric_id: str) -> None:
    rubric = mini_catalog.rubrics[rubric_id]
    kind, dims = CONTRACT[rubric_id]
    assert rubric.kind == kind
    assert rubric.ids == dims
    for d in rubric.dimensions:
        assert all(d.levels[level].strip() for level in (1, 2, 3, 4)), d.id
        assert d.signals and d.probes, d.id
    # every dimension has its own detector, named after it (tradeoffs uses the shared trade-off detector)
    detectors = {d.id: d.detector for d in rubric.dimensions}
    for dim_id, det in detectors.items():
        assert det == {"tradeoffs": "tradeoff"}.get(dim_id, dim_id), (dim_id, det)


def test_correctness_weighs_most_in_the_depth_round(mini_catalog: Catalog) -> None:
    rubric = mini_catalog.rubrics["ml-depth"]
    correctness = rubric.dimension("correctness").weight
    assert all(correctness > d.weight for d in rubric.dimensions if d.id != "correctness")
