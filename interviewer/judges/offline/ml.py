"""Detectors for ML rounds: problem framing and metrics."""

from __future__ import annotations


from interviewer.judges.offline.base import Ctx, Finding, detector, signals_rx, specifics_of, uniq
from interviewer.judges.text import low
from interviewer.models import Dimension

# --------------------------------------------------------------------------- ML design

_ML_METRICS = low(
    r"\b(precision|recall|auc|roc|pr-auc|f1|ndcg|map@?\d*|mrr|ctr|conversion|log[- ]loss|calibrat\w*|false (positive|negative)s?|"
    r"business metric|revenue|retention|engagement|loss in dollars|dollars|objective|optimi[sz]\w*|north star|guardrails?|"
    r"mae|rmse|latency budget|within \d+ ?ms)\b",
)
_ACCURACY_TRAP = low(r"\b\d+(\.\d+)?\s*%\s*accura\w*|\baccura\w*\b[^.]{0,40}\bbecause most\b")


@detector("ml_metrics")
def _ml_metrics(ctx: Ctx, dim: Dimension) -> Finding:
    hits = uniq(ctx.matching(_ML_METRICS) + ctx.matching(signals_rx(tuple(dim.signals))))
    trap = any(_ACCURACY_TRAP.search(s.low) for s in ctx.content)
    notes = ["Accuracy is misleading when the positive class is rare: use precision/recall at an operating point."] if trap else []
    metrics = {m.group(0).lower() for h in hits for m in _ML_METRICS.finditer(h.sent.low)}
    if not hits:
        return Finding(1, [], notes + ["Frame the problem: the prediction, the decision it drives, offline and online metrics."])
    if trap:
        return Finding(min(2, 1 + (len(metrics) >= 3)), hits, notes)
    if len(metrics) >= 4 and specifics_of(hits) >= 2:
        return Finding(4, hits, [])
    if len(metrics) >= 2:
        return Finding(3, hits, ["Tie the offline metric to the business metric you would move online."])
    return Finding(2, hits, ["Name the metric you optimise and why it fits the problem."])
