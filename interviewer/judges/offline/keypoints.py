"""Detectors for the modelling-depth (``ml-depth``) and case-study (``case-study``) rounds.

They are registered here so that rubrics can name them; until the key-point reading lands they read a dimension
with the generic detector (the dimension's signals), which is what an unknown detector name did before.
"""

from __future__ import annotations

from interviewer.judges.offline.base import Ctx, Finding, detector
from interviewer.judges.offline.generic import _generic
from interviewer.models import Dimension

_NAMES = (
    "key_points",
    "correctness",
    "mechanism",
    "application",
    "clarifying",
    "users",
    "assumptions",
    "pain_points",
    "solutions",
    "success_metrics",
    "recommendation",
)


def _register(name: str) -> None:
    @detector(name)
    def read(ctx: Ctx, dim: Dimension) -> Finding:
        return _generic(ctx, dim)


for _name in _NAMES:
    _register(_name)
