"""Sweeping claims: what a confident misconception sounds like when there is no reference to check it against.

Correct answers say when something holds ("usually", "if the classes are balanced", "I'd check…"); confident
misconceptions state universals ("always", "everyone does this", "the best way") and wave away the checks a careful
engineer would make ("no need for appeals", "monitoring isn't really necessary", "A/B tests are slow and expensive so
I prefer to avoid them"). Counted in content sentences only, so a list of such words earns nothing either way.
"""

from __future__ import annotations

import re
from functools import lru_cache

from interviewer.judges.offline.base import Ctx
from interviewer.judges.offline.reference import _topic, content_stems, topical
from interviewer.judges.patterns import low
from interviewer.models import Dimension

_SWEEPING = low(
    r"\b(always|everyone|everybody|everything|basically|the best (way|approach|choice|option|solution|method|practice|"
    r"model|thing|fix)|is the best|of course|simply|solved|most reliable|at once|"
    r"state[- ]of[- ]the[- ]art|obviously|definitely|certainly|guaranteed to|regardless|purely|(?<!if )at all)\b"
)
_DISMISSES = low(
    r"\b(no need (for|to)|(don'?t|doesn'?t|never) (really )?need (to|a|an|any)|not (really )?(an? )?(real )?(issue|problem|necessary|"
    r"needed|worth it)|isn'?t (really )?(an? )?(real )?(issue|problem|concern)|waste of time|overkill|prefer to (avoid|skip)|"
    r"(there'?s|there is|with) no (real )?(downside|risk)|no reason to|"
    r"(wouldn'?t|won'?t|don'?t|do not|would not|will not) (bother|spend (any |much )?time)( on)? "
    r"(analy[sz]\w*|measur\w*|test\w*|checking|looking (at|into))|solves? itself|"
    r"(slow|expensive) and (slow|expensive|noisy)|"
    # the hard part waved away: "it scales", "the cloud handles it"
    r"it('ll| will)? (just )?scales?( (automatically|itself|fine|easily|infinitely))?(?! (with|by|to|linearly|as|because|if|when))|"
    r"scales (automatically|itself|infinitely)|"
    r"(the cloud|the provider|the platform|kubernetes|k8s|aws|gcp|azure|the framework) (will )?(just )?(handles?|takes? care of|deals? with) "
    r"(it|that|this|everything|the rest|scaling|the scaling|the load))\b"
)
# rounds where an answer makes technical claims (in a story or a screen, "we always had tight deadlines" describes
# the situation, it claims nothing)
CLAIM_ROUNDS = frozenset({"design", "depth", "case", "generic"})
OVERCLAIM_AT = 2  # a sweeping word counts 1, waving away a check counts 2
OVERCLAIM_NOTE = (
    "Sweeping claims ('always', 'the best way', 'no need for…') read as a confident misconception: say when it holds, "
    "what could go wrong, and what you would check."
)


def overclaims(ctx: Ctx) -> int:
    """How strongly the answer overclaims: sweeping words, plus two for each check it waves away."""
    if "overclaims" not in ctx.memo:
        ctx.memo["overclaims"] = sum(
            len(_SWEEPING.findall(s.low)) + 2 * len(_DISMISSES.findall(s.low)) for s in ctx.content
        )
    return ctx.memo["overclaims"]


# --------------------------------------------------------------------------- without key points


@lru_cache(maxsize=256)
def _dim_vocab(name: str, description: str, top: str, signals: tuple[str, ...]) -> frozenset[str]:
    words = " ".join([name, description, top, *(re.sub(r"\\[a-z]|[^a-zA-Z ]", " ", p) for p in signals)])
    return frozenset(content_stems(words))


def dimension_vocab(dim: Dimension) -> frozenset[str]:
    """The stems of what a dimension is about: its name, description, top level text and signals."""
    return _dim_vocab(dim.name, dim.description, dim.levels[4], tuple(dim.signals))


DOMAIN_BREADTH = 10  # different words of the trade (the round's vocabulary, not everyday words) a full answer uses
DOMAIN_FOCUS = 10  # of them per 100 words of content: a ramble dilutes them


def domain_level(ctx: Ctx) -> float:
    """1.0-4.0 from the round's own vocabulary (its rubric: dimension names, descriptions, level texts, signals) used
    in content sentences, leaving out the question's words: how many different terms of the trade the answer uses,
    and how densely. Without a question's key points this is what reads the content."""
    if "domain" in ctx.memo:
        return ctx.memo["domain"]
    vocab = frozenset().union(*(dimension_vocab(d) for d in ctx.rubric.dimensions))
    asked = _topic(ctx.cov.ref.question) if ctx.cov else set()
    used: set[str] = set()
    words = 0
    for s in ctx.content:
        used |= set(content_stems(s.low))
        words += s.words
    dom = len(topical(frozenset((used & vocab) - asked)))  # everyday words the rubric texts use say nothing
    level = 1.0
    if words:
        level = 1.0 + 3.0 * min(1.0, dom / DOMAIN_BREADTH) * min(1.0, dom * 100 / words / DOMAIN_FOCUS)
    ctx.memo["domain"] = level
    return level
