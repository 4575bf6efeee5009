"""Detectors for the case-study round (``case-study``): clarifying, users, assumptions, pain points, solutions, success
metrics and the recommendation. Each reads the dimension's signals from the rubric plus the structure a strong case
answer shows (questions asked before solving, segments with goals, stated numbers, options compared, guardrails, a
committed recommendation with its reason)."""

from __future__ import annotations

import re

from interviewer.judges.offline.base import Ctx, Finding, detector
from interviewer.judges.offline.signals import read_signals
from interviewer.models import Dimension

_CLARIFY = re.compile(
    r"\b(i(?:'d| would) (first )?(like to )?(ask|clarify|confirm|want to know|check)|clarify\w*|before (i|we) (start|dive|jump|go)|"
    r"(first|one) question|is the goal|are we|do we|what (is|'s) the (goal|objective|scope|time ?frame|constraint))\b",
    re.I,
)
_USERS = re.compile(
    r"\b((new|returning|casual|power|heavy|light|free|paying|premium|lapsed|churned|first[- ]time|small|large) "
    r"(users?|customers?|listeners?|buyers?|sellers?|drivers?|riders?|businesses|merchants|subscribers?)|"
    r"segments?|personas?|cohorts?|user types?|two[- ]sided)\b",
    re.I,
)
_ASSUME = re.compile(r"\b(assum\w*|let'?s say|suppose|i(?:'d| would) estimate|roughly|about \d+|around \d+|ballpark|order of magnitude)\b", re.I)
_PAIN = re.compile(
    r"\b(pain ?points?|frustrat\w*|friction|struggl\w*|complain\w*|drop[- ]?off|churn\w*|abandon\w*|confus\w*|"
    r"slow|hard to|can'?t find|don'?t (know|trust)|annoy\w*|bottleneck|problem (is|for))\b",
    re.I,
)
_SOLUTION = re.compile(
    r"\b(options?|ideas?|solutions?|we could|i(?:'d| would) (build|add|ship|try|launch|test)|first,? |second,? |third,? |"
    r"alternatively|another (option|idea|approach)|feature)\b",
    re.I,
)
_COMPARE = re.compile(r"\b(effort|impact|cost|risk|versus|vs\.?|compared|rank\w*|prioriti[sz]\w*|trade-?offs?|cheaper|faster)\b", re.I)
_METRIC = re.compile(
    r"\b(metrics?|north star|kpis?|measure\w*|retention|conversion|engagement|ctr|click[- ]through|revenue|"
    r"(daily|weekly|monthly) active|dau|wau|mau|churn rate|nps|time to \w+|guardrails?|counter[- ]metrics?|a/b test\w*)\b",
    re.I,
)
_GUARDRAIL = re.compile(r"\b(guardrails?|counter[- ]metrics?|without (hurting|harming|lowering)|must not|watch (for|that))\b", re.I)
_RECOMMEND = re.compile(
    r"\b(i(?:'d| would) (recommend|prioriti[sz]e|start with|go with|ship|bet on|pick)|my recommendation|i recommend|"
    r"recommend\w*|in summary|to summari[sz]e|so overall|my plan|next steps?|first step)\b",
    re.I,
)
_REASON = re.compile(r"\b(because|since|so that|given|the reason|which means)\b", re.I)


def _any(ctx: Ctx, rx: re.Pattern[str]) -> bool:
    return bool(ctx.matching(rx))


_ASKS = re.compile(r"\b(is it|is this|is the|are we|are they|do we|does it|should we|what is|what's|which|who|how many|how much)\b", re.I)
_PROCEEDS = re.compile(r"\b(i'?ll assume|assuming|let'?s assume|i'?ll take|i'?ll focus|if (it|the goal) is)\b", re.I)


@detector("clarifying")
def _clarifying(ctx: Ctx, dim: Dimension) -> Finding:
    """Questions about the goal, scope and constraints before solving, and a working answer to go on with."""
    asked = sum(len(_ASKS.findall(s.body)) for s in ctx.sents if s.question and not s.injection)
    proceeds = _any(ctx, _PROCEEDS)
    return read_signals(
        ctx, dim, _CLARIFY, strong=(asked >= 2 and proceeds) or asked >= 3, solid=asked >= 1 or proceeds,
        missing="Start by clarifying the goal, the scope and the constraints before proposing anything.",
        thin="Ask targeted questions (goal, platform, time frame) and say how each answer would change your approach.",
        deeper="Say which question matters most and what you will assume if it goes unanswered.",
        pool_first=True,
    )


@detector("users")
def _users(ctx: Ctx, dim: Dimension) -> Finding:
    focus = re.compile(r"\b(focus on|start with|prioriti[sz]e|target)\b", re.I)
    return read_signals(
        ctx, dim, _USERS, strong=_any(ctx, focus),
        missing="Name the user segments and what each is trying to do, then pick one to focus on.",
        thin="Describe each segment's goal and behaviour, and choose a focus segment with a reason.",
        deeper="Rank the segments by size or value to the business and justify the focus.",
        pool_first=True,
    )


@detector("assumptions")
def _assumptions(ctx: Ctx, dim: Dimension) -> Finding:
    numbered = [h for h in ctx.matching(_ASSUME) if h.sent.quantified or h.sent.numbers]
    return read_signals(
        ctx, dim, _ASSUME, strong=len(numbered) >= 2, solid=bool(numbered) or len(ctx.matching(_ASSUME)) >= 2,
        missing="State your assumptions out loud, with numbers where you can (users, usage, time frame).",
        thin="Put numbers on your assumptions and say which ones matter most.",
        deeper="Say how your recommendation would change if the key assumption were wrong.",
        pool_first=True,
    )


@detector("pain_points")
def _pain_points(ctx: Ctx, dim: Dimension) -> Finding:
    tied = [h for h in ctx.matching(_PAIN) if _USERS.search(h.sent.body) or re.search(r"\b(users?|customers?)\b", h.sent.body, re.I)]
    return read_signals(
        ctx, dim, _PAIN, strong=len(tied) >= 2,
        missing="Name the pain points worth solving, for whom, and why they matter.",
        thin="Tie each pain point to a segment and say how big it is.",
        deeper="Rank the pain points by how many users they hit and how much they cost the business.",
        pool_first=True,
    )


@detector("solutions")
def _solutions(ctx: Ctx, dim: Dimension) -> Finding:
    options = ctx.matching(_SOLUTION)
    return read_signals(
        ctx, dim, _SOLUTION, strong=len(options) >= 2 and _any(ctx, _COMPARE),
        missing="Propose two or three solutions to the top pain point.",
        thin="Give more than one option and compare them on impact and effort.",
        deeper="Compare the options side by side (impact, effort, risk) before choosing.",
        pool_first=True,
    )


@detector("success_metrics")
def _success_metrics(ctx: Ctx, dim: Dimension) -> Finding:
    return read_signals(
        ctx, dim, _METRIC, strong=_any(ctx, _GUARDRAIL),
        missing="Define success: the one metric you would move, and a guardrail you must not hurt.",
        thin="Name a primary metric and how you would measure it (an A/B test, a time window).",
        deeper="Add a guardrail metric and the size of change you would call a success.",
        pool_first=True,
    )


@detector("recommendation")
def _recommendation(ctx: Ctx, dim: Dimension) -> Finding:
    recs = ctx.matching(_RECOMMEND)
    reasoned = any(_REASON.search(h.sent.body) for h in recs)
    planned = any(re.search(r"\b(first step|then|next|risk|measure|roll ?out|pilot|a/b)\b", h.sent.body, re.I) for h in recs)
    return read_signals(
        ctx, dim, _RECOMMEND, strong=reasoned and planned, solid=reasoned,
        missing="Close with a recommendation: what you would do first, and why.",
        thin="Commit to one recommendation and give the reason it wins.",
        deeper="Add the first step, the risk you would watch and how you would know it worked.",
        pool_first=True,
    )
