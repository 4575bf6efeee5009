"""Detectors for the modelling-depth round (``ml-depth``): key points, correctness, mechanism, application.

Correctness comes from the question's key points and red flags: a fluent, confident answer that states a misconception
or covers none of what the question is about scores low, however well it reads.
"""

from __future__ import annotations


from interviewer.judges.offline.base import Ctx, Finding, Hit, detector, uniq
from interviewer.judges.text import low
from interviewer.judges.offline.generic import _generic
from interviewer.judges.offline.signals import read_signals
from interviewer.models import Dimension

_NO_REFERENCE = "This question has no key points to check against, so only generic signals were read."


def _point_hits(ctx: Ctx) -> list[Hit]:
    return [h for _, h in ctx.cov.hits] if ctx.cov else []


@detector("key_points")
def _key_points(ctx: Ctx, dim: Dimension) -> Finding:
    """The share of the question's key points covered inside content sentences; red flags cost a level each."""
    cov = ctx.cov
    if cov is None or not cov.ref.has_points:
        f = _generic(ctx, dim)
        return Finding(f.level, f.hits, [_NO_REFERENCE, *f.notes])
    return Finding(cov.level, _point_hits(ctx), [])


@detector("correctness")
def _correctness(ctx: Ctx, dim: Dimension) -> Finding:
    """Right or wrong against the reference: a red flag (a misconception) caps it at 2, two at 1."""
    cov = ctx.cov
    if cov is None or not cov.ref.has_points:
        f = _generic(ctx, dim)
        return Finding(min(f.level, 3), f.hits, [_NO_REFERENCE, *f.notes])
    level = cov.level
    if cov.flags:
        level = min(level, 1 if len(cov.flags) >= 2 or cov.strict_fraction < 0.3 else 2)
    return Finding(level, _point_hits(ctx), [])


_MECHANISM = low(
    r"\b(because|so that|which means|that'?s why|this is why|the reason|as a result|in effect|intuitively|"
    r"under the hood|works by|by (adding|penali[sz]ing|shrinking|pushing|pulling|averaging|sampling|reweighting|"
    r"minimi[sz]ing|maximi[sz]ing|projecting|normali[sz]ing|splitting)|proportional to|equivalent to|the gradient|"
    r"derivative|penalt(y|ies)|geometr\w*|prior|posterior|likelihood|variance|bias|expectation|converge\w*)\b",
)


@detector("mechanism")
def _mechanism(ctx: Ctx, dim: Dimension) -> Finding:
    """How and why it works: causal sentences about the topic (the key points' and question's words)."""
    vocab = ctx.cov.ref.vocab if ctx.cov else frozenset()
    f = read_signals(
        ctx, dim, _MECHANISM, strong=True,
        missing="Explain how it works and why: the mechanism, not just the name of the technique.",
        thin="Go from what it does to why it works: the cause and effect behind it.",
        deeper="Add the math or the intuition that makes it work, and when it breaks.",
        pool_first=True,
    )
    if not vocab or f.level <= 1:
        return f
    # an explanation must be about the topic: causal sentences that share none of its words do not count
    from interviewer.judges.offline.reference import content_stems

    on_topic = [h for h in f.hits if set(content_stems(h.sent.body)) & vocab]
    if not on_topic:
        return Finding(1, [], ["Explain the mechanism of the technique you were asked about."])
    causal = [h for h in on_topic if _MECHANISM.search(h.sent.low)]
    level = f.level if len(causal) >= 2 else min(f.level, 2 if not causal else 3)
    return Finding(level, uniq(causal + on_topic), f.notes)


_APPLICATION = low(
    r"\b(for (example|instance)|e\.g\.|in practice|in production|at serving time|on (a|my|our) (last )?(project|model|dataset|team)|"
    r"at my (last|previous|current) (job|company|role|team)|we used|i used|i(?:'d| would) (start|use|set|try|check|plot|tune|sweep|pick)|"
    r"when i|last year|a/b test|cross[- ]validation|validation set|held[- ]out)\b",
)


@detector("application")
def _application(ctx: Ctx, dim: Dimension) -> Finding:
    """Applied to a concrete problem, with settings, checks and numbers."""
    concrete = [h for h in ctx.matching(_APPLICATION) if h.sent.specifics >= 1]
    return read_signals(
        ctx, dim, _APPLICATION, strong=len(concrete) >= 2,
        missing="Apply it to a concrete problem: the setting, the values you would use and the check that tells you it worked.",
        thin="Name what you would actually do there: the values, the diagnostic and the outcome you would look for.",
        deeper="Add numbers: the starting value, how you would tune it and what result would convince you.",
        pool_first=True,
    )
