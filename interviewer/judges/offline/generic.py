"""The generic detector: evidence from a dimension's signals alone (also the fallback for unknown names)."""

from __future__ import annotations

from interviewer.judges.offline.base import Ctx, Finding, detector, named_signals, signals_rx, specifics_of
from interviewer.models import Dimension

# --------------------------------------------------------------------------- generic


@detector("generic")
def _generic(ctx: Ctx, dim: Dimension) -> Finding:
    """Evidence from the dimension's signals alone: how many different signals, how specific, how often."""
    hits = ctx.matching(signals_rx(tuple(dim.signals)))
    if not hits:
        return Finding(1, [], [f"Make {dim.name.lower()} explicit; an interviewer would ask: “{dim.probes[0]}”"])
    named = named_signals(tuple(dim.signals))
    # repeating one phrase does not add evidence: count the different signals among the matching sentences
    distinct = len({m.lastgroup for h in hits for m in named.finditer(h.sent.low)})  # type: ignore[union-attr]
    spec = specifics_of(hits)
    if distinct >= 4 and spec >= 2 and len(hits) >= 3:
        return Finding(4, hits, [])
    if distinct >= 2 and (spec >= 1 or len(hits) >= 2):
        return Finding(3, hits, [f"Go one level deeper on {dim.name.lower()} with specifics."])
    return Finding(2, hits, [f"Only a passing mention of {dim.name.lower()}: explain how and why."])
