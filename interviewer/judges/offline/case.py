"""Detectors for the case-study round (``case-study``): clarifying, users, assumptions, pain points, solutions, success
metrics and the recommendation. Each reads the dimension's signals from the rubric plus the structure a strong case
answer shows (questions asked before solving, segments with goals, stated numbers, options compared, guardrails, a
committed recommendation with its reason)."""

from __future__ import annotations

from collections.abc import Callable

from interviewer.judges.offline.base import Ctx, Finding, detector
from interviewer.judges.text import low
from interviewer.judges.offline.signals import read_signals
from interviewer.models import Dimension

_CLARIFY = low(
    r"\b(i(?:'d| would) (first )?(like to )?(ask|clarify|confirm|want to know|check)|clarify\w*|before (i|we) (start|dive|jump|go)|"
    r"(first|one) question|is the goal|are we|do we|what (is|'s) the (goal|objective|scope|time ?frame|constraint)|"
    r"against what|what (counts|do we mean|does .{1,20} mean) (as|by)|(first,? )?(define|defining|pin down) (what|the|lateness|success))\b",
)
_USERS = low(
    r"\b((new|returning|casual|power|heavy|light|free|paying|premium|lapsed|churned|first[- ]time|small|large) "
    r"(users?|customers?|listeners?|buyers?|sellers?|drivers?|riders?|businesses|merchants|subscribers?)|"
    r"segments?|personas?|cohorts?|user types?|two[- ]sided)\b",
)
_ASSUME = low(
    r"\b(assum\w*|let'?s say|suppose|i(?:'d| would) estimate|roughly|about \d+|around \d+|ballpark|order of magnitude|"
    r"my (guess|hypothesis|bet)|hypothes[ie]s|in my experience|most likely|i'?d expect|i suspect)\b"
)
_PAIN = low(
    r"\b(pain ?points?|frustrat\w*|friction|struggl\w*|complain\w*|drop[- ]?off|churn\w*|abandon\w*|confus\w*|"
    r"slow|hard to|can'?t find|don'?t (know|trust)|annoy\w*|bottleneck|problem (is|for)|"
    r"(biggest|largest|main) (share|cause|driver|source)|where the time (goes|went)|(wait|waiting) for)\b",
)
_SOLUTION = low(
    r"\b(options?|ideas?|solutions?|we could|i(?:'d| would) (build|add|ship|try|launch|test)|first,? |second,? |third,? |"
    r"alternatively|another (option|idea|approach)|feature)\b",
)
_COMPARE = low(r"\b(effort|impact|cost|risk|versus|vs\.?|compared|rank\w*|prioriti[sz]\w*|trade-?offs?|cheaper|faster)\b")
_METRIC = low(
    r"\b(metrics?|north star|kpis?|measure\w*|retention|conversion|engagement|ctr|click[- ]through|revenue|"
    r"(daily|weekly|monthly) active|dau|wau|mau|churn rate|nps|time to \w+|guardrails?|counter[- ]metrics?|a/b test\w*|"
    r"success (is|means|would be|looks like)|(share|percentage|proportion|fraction|rate) of (orders|users|sessions|searches|"
    r"customers|deliveries|requests|listeners|videos|items)|(track|count|watch)\w* (the )?(number|count|share|rate) of|"
    r"\w+ (played|watched|listened|ordered|bought|booked|opened|read) per (user|listener|customer|session|day|week))\b",
)
_GUARDRAIL = low(
    r"\b(guardrails?|counter[- ]metrics?|without (hurting|harming|lowering|raising)|must not|watch (for|that)|as a check|"
    r"(keep|keeping) an eye on|while (keeping|holding))\b"
)
_RECOMMEND = low(
    r"\b(i(?:'d| would) (recommend|prioriti[sz]e|start with|go with|ship|bet on|pick)|my recommendation|i recommend|"
    r"recommend\w*|in summary|to summari[sz]e|so overall|my plan|next steps?|first step)\b",
)
_FOCUS = low(r"\b(focus on|start with|prioriti[sz]e|target)\b")
_REASON = low(r"\b(because|since|so that|given|the reason|which means)\b")


def _any(ctx: Ctx, rx) -> bool:
    return bool(ctx.matching(rx))


_ASKS = low(r"\b(is it|is this|is the|are we|are they|do we|does it|should we|what is|what's|which|who|how many|how much)\b")
_PROCEEDS = low(r"\b(i'?ll assume|assuming|let'?s assume|i'?ll take|i'?ll focus|if (it|the goal) is)\b")


# What to say at each level (none, a mention, solid without the structure of a 4), per detector.
_ADVICE = {
    "clarifying": (
        "Start by clarifying the goal, the scope and the constraints before proposing anything.",
        "Ask targeted questions (goal, platform, time frame) and say how each answer would change your approach.",
        "Say which question matters most and what you will assume if it goes unanswered.",
    ),
    "users": (
        "Name the user segments and what each is trying to do, then pick one to focus on.",
        "Describe each segment's goal and behaviour, and choose a focus segment with a reason.",
        "Rank the segments by size or value to the business and justify the focus.",
    ),
    "assumptions": (
        "State your assumptions out loud, with numbers where you can (users, usage, time frame).",
        "Put numbers on your assumptions and say which ones matter most.",
        "Say how your recommendation would change if the key assumption were wrong.",
    ),
    "pain_points": (
        "Name the pain points worth solving, for whom, and why they matter.",
        "Tie each pain point to a segment and say how big it is.",
        "Rank the pain points by how many users they hit and how much they cost the business.",
    ),
    "solutions": (
        "Propose two or three solutions to the top pain point.",
        "Give more than one option and compare them on impact and effort.",
        "Compare the options side by side (impact, effort, risk) before choosing.",
    ),
    "success_metrics": (
        "Define success: the one metric you would move, and a guardrail you must not hurt.",
        "Say how you would measure that metric (an A/B test, a time window) and which guardrail must not get worse.",
        "Add a guardrail metric and the size of change you would call a success.",
    ),
    "recommendation": (
        "Close with a recommendation: what you would do first, and why.",
        "Commit to one recommendation and give the reason it wins.",
        "Add the first step, the risk you would watch and how you would know it worked.",
    ),
}


def _case(name: str, rx, strong: Callable[[Ctx], bool], solid: Callable[[Ctx], bool] | None = None) -> None:
    """Register the case detector ``name``: the dimension's signals plus ``rx``; ``strong`` is the structure a 4
    needs, ``solid`` (if given) what a 3 needs instead of specifics."""
    missing, thin, deeper = _ADVICE[name]

    @detector(name)
    def read(ctx: Ctx, dim: Dimension) -> Finding:
        return read_signals(
            ctx, dim, rx, strong=strong(ctx), solid=solid(ctx) if solid else None,
            missing=missing, thin=thin, deeper=deeper, pool_first=True,
        )

    read.__doc__ = f"The case-study detector {name!r}."


def _asked(ctx: Ctx) -> int:
    """Questions about the goal, scope and constraints put to the interviewer before solving."""
    return sum(len(_ASKS.findall(s.low)) for s in ctx.sents if s.question and not s.injection)


def _numbered(ctx: Ctx) -> list:
    return [h for h in ctx.matching(_ASSUME) if h.sent.quantified or h.sent.numbers]


def _tied_pains(ctx: Ctx) -> list:
    """Pain points said of a user segment."""
    return [h for h in ctx.matching(_PAIN) if _USERS.search(h.sent.low) or _USER_WORD.search(h.sent.low)]


def _reasoned(ctx: Ctx) -> bool:
    return any(_REASON.search(h.sent.low) for h in ctx.matching(_RECOMMEND))


def _planned(ctx: Ctx) -> bool:
    return any(_PLAN.search(h.sent.low) for h in ctx.matching(_RECOMMEND))


_USER_WORD = low(r"\b(users?|customers?)\b")
_PLAN = low(r"\b(first step|then|next|risk|measure|roll ?out|pilot|a/b)\b")

# a working answer to go on with, and questions asked before solving
_case("clarifying", _CLARIFY, lambda c: (_asked(c) >= 2 and _any(c, _PROCEEDS)) or _asked(c) >= 3,
      lambda c: _asked(c) >= 1 or _any(c, _PROCEEDS))
_case("users", _USERS, lambda c: _any(c, _FOCUS))
_case("assumptions", _ASSUME, lambda c: len(_numbered(c)) >= 2, lambda c: bool(_numbered(c)) or len(c.matching(_ASSUME)) >= 2)
_case("pain_points", _PAIN, lambda c: len(_tied_pains(c)) >= 2)
_case("solutions", _SOLUTION, lambda c: len(c.matching(_SOLUTION)) >= 2 and _any(c, _COMPARE))
_case("success_metrics", _METRIC, lambda c: _any(c, _GUARDRAIL))
_case("recommendation", _RECOMMEND, lambda c: _reasoned(c) and _planned(c), _reasoned)
