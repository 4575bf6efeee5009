"""A shared shape for signal-driven detectors: a dimension's own signals plus the detector's, counted by kind."""

from __future__ import annotations

import re

from interviewer.judges.offline.base import Ctx, Finding, Hit, named_signals, signals_rx, specifics_of, uniq
from interviewer.models import Dimension


def distinct_signals(ctx: Ctx, dim: Dimension, hits: list[Hit]) -> int:
    """How many different signals of the dimension the hits show (repeating one phrase adds nothing)."""
    named = named_signals(tuple(dim.signals))
    if named is None:
        return 0
    return len({m.lastgroup for h in hits for m in named.finditer(h.sent.low)})


def read_signals(
    ctx: Ctx,
    dim: Dimension,
    own: re.Pattern[str] | None,
    *,
    strong: bool,
    missing: str,
    thin: str,
    deeper: str,
    pool_first: bool = False,
    solid: bool | None = None,
) -> Finding:
    """Levels from evidence: 1 none, 2 a mention, 3 several different signals with specifics, 4 that plus ``strong``
    (the structure the detector asks for); ``solid`` replaces "with specifics" when the detector knows better. ``pool_first`` hands the detector's own hits the first place in quotes."""
    mine = ctx.matching(own) if own is not None else []
    theirs = ctx.matching(signals_rx(tuple(dim.signals)))
    hits = uniq(mine + theirs) if pool_first else uniq(theirs + mine)
    if not hits:
        return Finding(1, [], [missing])
    # different phrasings count as different evidence; the same phrase said again does not
    own_kinds = {m.group(0).lower() for h in mine for m in own.finditer(h.sent.low)} if own is not None else set()
    kinds = distinct_signals(ctx, dim, hits) + len(own_kinds)
    spec = specifics_of(hits)
    if kinds >= 3 and len(hits) >= 2 and strong:
        return Finding(4, hits, [])
    if kinds >= 2 and (solid if solid is not None else (spec >= 1 or len(hits) >= 2)):
        return Finding(3, hits, [deeper])
    return Finding(2, hits, [thin])
