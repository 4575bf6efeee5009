"""The offline judge, one module per round family, each registering its detectors in one registry (``base``)."""

from __future__ import annotations

from interviewer.judges.offline import case, depth, design, generic, ml, recruiter, star  # noqa: F401 - they register detectors
from interviewer.judges.offline.base import DETECTORS, OTHER_JUDGES, Ctx, Finding, Hit, detector
from interviewer.judges.offline.judge import ENGINE, OfflineJudge, build_context

__all__ = ["DETECTORS", "ENGINE", "Ctx", "Finding", "Hit", "OfflineJudge", "build_context", "detector", "known_detectors"]


def known_detectors() -> set[str]:
    """Every detector name a rubric may use: the offline registry and the names other judges implement."""
    return set(DETECTORS) | {n for names in OTHER_JUDGES.values() for n in names}
