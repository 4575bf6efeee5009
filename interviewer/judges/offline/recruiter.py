"""Detectors for recruiter screens: narrative, motivation, compensation, the candidate's questions, concision."""

from __future__ import annotations

import re

from interviewer.judges.offline.base import Ctx, Finding, Hit, any_of, detector, signals_rx, specifics_of, uniq
from interviewer.judges.text import content_words, low
from interviewer.models import Dimension

# --------------------------------------------------------------------------- recruiter

_NARRATIVE = any_of(
    r"\b(\d+|one|two|three|four|five|six|seven|eight|nine|ten|\w+teen) years?\b", r"\b(most recently|currently|before that|prior to|started (as|my career)|then (moved|joined)|moved (to|into))\b",
    r"\bI'?m an?\b[^.]{0,40}\b(engineer|scientist|developer|lead|manager|researcher)\b", r"\bI (worked|work|spent|joined|led|built|own|owned)\b",
    r"\b(at|for) (a|an) [\w-]+ (company|startup|firm|bank)\b",
)
_MOTIVATION = any_of(
    r"\binterested in (this|the) (role|team|position|company)\b", r"\b(your|the) (team|company|product|mission|platform)\b",
    r"\bjob description\b", r"\bI want to (work|grow|build|learn)\b", r"\bexcit\w*\b",
    r"\b(the area|the chance|the opportunity) (I|to)\b", r"\bdraws? me\b", r"\bI want (a|an) (new|fresh|bigger|different)\b",
    r"\b(new|more) skills\b",
)
_PEOPLE = (
    r"(manager|boss|team ?mates?|team|co-?workers?|colleagues?|lead|director|management|company|employer|ceo|cto|"
    r"vp|everyone (there|else)|people (there|at work))"
)
_INSULT = (
    r"(idiots?|stupid|lazy|incompetent|useless|clueless|morons?|moronic|terrible|awful|horrible|toxic|pathetic|"
    r"a joke|the worst|dumb|a nightmare|hopeless|disgraceful|a disgrace|unprofessional|appalling|shameful)"
)
_PERSON_INSULT = r"(idiots?|stupid|lazy|incompetent|clueless|morons?|moronic|pathetic|dumb|hopeless)"  # said only of people
_BADMOUTH = low(
    rf"\b{_PEOPLE}s?\b[^.!?]{{0,30}}\b(is|are|was|were|being)\b[^.!?]{{0,20}}\b(an? |so |just |completely |totally )?{_INSULT}\b|"
    rf"\b{_INSULT}\s+{_PEOPLE}s?\b|\bI (hate|can'?t stand)\s+(my|the|our)\s+{_PEOPLE}|"
    rf"\b(they|he|she)(['’]re| are| were| was| is|['’]s)( (being|a bit|just|really|so|completely|totally|pretty|quite))* {_PERSON_INSULT}\b|"
    r"\b(were|was|are|is) (being )?(really |so |very |incredibly )?(stubborn|unreasonable) (about|with|when)\b|"
    rf"\b{_PEOPLE}s?\b[^.!?]{{0,30}}\b(has|have|had) (no|zero) (idea|clue)\b|"
    rf"\b{_PEOPLE}s?\b[^.!?]{{0,20}}\b(doesn'?t|don'?t|didn'?t|never) (really |even )?care\b|"
    rf"\b({_PEOPLE}|place|org\w*|leadership)\b (is|was|are|were) (just |such |completely |a total |an absolute )*(a (mess|joke|disaster|circus|shambles|dumpster fire)|chaos|chaotic)\b|"
    r"\b(he|she|they|my (manager|boss|lead))\b (takes|took|steals|stole) (the )?credit\b|"
    rf"\bthe way (they|he|she|it|{_PEOPLE}) (handled|treated|ran|managed)\b[^.!?]{{0,30}}\b(is|was|were)\b[^.!?]{{0,20}}\b{_INSULT}\b|"
    r"\b(checked out and|just do the (bare )?minimum|built (it )?badly|anyone but my (current )?(manager|boss|team)|"
    r"(anything|anywhere) (would be|is) better than (where i am|this place|my current))\b",
)
BADMOUTH_NOTE = (
    "Leave out criticism of your manager or colleagues: it reads as a risk to the recruiter, however true it is. "
    "Say what you are moving towards instead."
)
# a reason is motivation when it is about work: "because my parents wanted me to" (for a degree) is the life story
_REASON = low(r"\b(reasons?|because)\b")
_ABOUT_WORK = low(
    r"\b(roles?|jobs?|team|work\w*|compan(y|ies)|position|career|products?|problems?|domain|mov(e|ed|ing)|leav\w*|left|"
    r"look(ing)?|join\w*|switch\w*|scale|models?|data|projects?|manager|promot\w*|grow\w*|learn\w*|skills?|"
    r"pay|salary|startup|industry|field)\b"
)
_MOTIVE_REASON = low(r"\b(because|so that|which is why|that's why|I want to|I'd like to|the chance to)\b")
_MOTIVATION_NEGATIVE = low(
    r"\b(just need (a|the) job|any job|applying (to|for) (a lot of|lots of|many|every)|pays? (well|more)|for the money|"
    r"looked interesting|whatever|don't really know|not sure why)\b",
)
_COMP = any_of(
    r"\b(range|total comp\w*|compensation|band|base|equity|bonus|salary|package|expectations?)\b",
    r"\b(based on (my )?research|market|levels)\b", r"\bflexib\w*\b", r"\b\d[\d,.]*\s*(k|thousand)\b|\$\s?\d",
    r"\b(start|available|notice period|weeks' notice|relocat\w*|visa|timeline|other processes|offers?)\b",
)
_COMP_NEGATIVE = low(
    r"\b(as much as (possible|you can)|whatever you (pay|offer)|I (need|want) (a lot|more)|I won't (go|accept) below|"
    r"money is (all|the only thing)|pays? well)\b",
)
_TIMING = low(
    r"\b(notice|start(ing)? (date|on|in)|available|availability|deadline|weeks?|months?|"
    r"\d{1,2}(st|nd|rd|th)|january|february|march|april|may|june|july|august|september|october|november|december)\b"
)
_PROCESSES = low(
    r"\b(other process(es)?|processes|final rounds?|onsite|on-site|first (call|round|interview)|offers?|"
    r"interviewing|pipeline|(early|late|final) stages?)\b"
)
_ASKS_BACK = low(r"\b(could|can|would) you (share|tell)|\bwhat (is|'s) the (band|range|budget)|\bwhat do you have budgeted\b")


@detector("narrative")
def _narrative(ctx: Ctx, dim: Dimension) -> Finding:
    hits = uniq(ctx.matching(_NARRATIVE) + ctx.matching(signals_rx(tuple(dim.signals))))
    if not hits:
        return Finding(1, [], ["Give a short arc: your role now, how you got here, and one result you're proud of."])
    years = any(re.search(r"\byears?\b", h.sent.low) for h in hits)
    quant = sum(h.sent.quantified for h in hits)
    if years and quant >= 2 and len(hits) >= 3:
        return Finding(4, hits, [])
    if (years or quant) and len(hits) >= 2 and specifics_of(hits) >= 2:
        return Finding(3, hits, ["Add one quantified achievement that shows your level."])
    return Finding(2, hits, ["Be specific: role, years, domain, and a concrete achievement."])


_ABOUT_CANDIDATE = low(
    r"\b(i'?m|i am|i'?ve|i have|i had|i was|i'?d|i would|i will|i'?ll|my|me|myself|"
    r"i (?!(think|read|know|guess|understand|feel|believe|mean|suppose|heard|hear|saw|see|agree)\b)\w+|"
    r"your|you'?re|you'?ve|you are|you have|this (role|team|position|job)|the (role|team|position))\b"
)
_IN_GENERAL = low(
    r"\b(every(one|body| \w+)|people|the (whole )?(market|industry|world)|companies|firms|these days|nowadays|"
    r"a lot of|lots of|many of|most (people|companies|of them)|in general|the average)\b"
)
ABOUT_CANDIDATE_AT = 1 / 3  # of the content sentences


def about_candidate(ctx: Ctx) -> bool:
    """Does the answer speak about the candidate (or about this role and team)? A recruiter asks about you: a long
    answer of which fewer than a third of the sentences do, while a third or more speak of people, companies or the
    market in general ("the whole market has changed…", "a lot of people I know…"), does not answer, however fluent.
    "I think", "I read" are not about you; plain facts without "I" ("Two other processes are live.") are."""
    if len(ctx.content) < 4 or sum(s.words for s in ctx.content) < 60:
        return True  # a terse answer of facts ("Four weeks. Early March.") need not say "I"
    n = len(ctx.content)
    about = sum(bool(_ABOUT_CANDIDATE.search(s.low)) for s in ctx.content)
    general = sum(bool(_IN_GENERAL.search(s.low)) for s in ctx.content)
    return about >= ABOUT_CANDIDATE_AT * n or general < ABOUT_CANDIDATE_AT * n


def badmouths(text: str) -> bool:
    """Insults about a manager, colleagues or an employer ("my manager is an idiot", "lazy coworkers")."""
    return bool(_BADMOUTH.search(text.lower()))


@detector("motivation")
def _motivation(ctx: Ctx, dim: Dimension) -> Finding:
    if any(_BADMOUTH.search(s.low) for s in ctx.sents):
        return Finding(1, [], [BADMOUTH_NOTE])
    neg = [Hit(s, m) for s in ctx.content if (m := _MOTIVATION_NEGATIVE.search(s.low))]
    reasons = [h for h in ctx.matching(_REASON) if _ABOUT_WORK.search(_clause(h))]
    hits = uniq(ctx.matching(_MOTIVATION) + reasons + ctx.matching(signals_rx(tuple(dim.signals))))
    if neg:
        return Finding(1, [], ["Give reasons specific to this role; 'any job that pays' tells the recruiter you'll leave soon."])
    if not hits:
        return Finding(1, [], ["Say why this role and this team, specifically."])
    specific = [h for h in hits if content_words(h.sent.body) >= 8]
    reasoned = [h for h in specific if _MOTIVE_REASON.search(h.sent.low)]
    if len(specific) >= 3 or (len(specific) >= 2 and reasoned):
        return Finding(4, hits, [])
    if len(specific) >= 2 or reasoned:
        return Finding(3, hits, ["Give a second reason, tied to what you have already done."])
    if specific:  # one concrete interest, no reason given for it
        return Finding(2, hits, ["Say why that draws you: tie it to what you have done or want to do next."])
    return Finding(2, hits, ["Your interest sounds generic: name what about this role draws you."])


def _clause(h: Hit) -> str:
    """The clause around a match: from the comma, semicolon or dash before it to the one after it."""
    low = h.sent.low
    if h.match is None:
        return low
    a, b = h.match.span()
    start = max(low.rfind(c, 0, a) for c in ",;:–—") + 1
    ends = [i for i in (low.find(c, b) for c in ",;:–—") if i >= 0]
    return low[start : min(ends) if ends else len(low)]


@detector("compensation")
def _compensation(ctx: Ctx, dim: Dimension) -> Finding:
    hits = uniq(ctx.matching(_COMP) + ctx.matching(signals_rx(tuple(dim.signals))))
    if any(_COMP_NEGATIVE.search(s.low) for s in ctx.content):
        return Finding(1, hits, ["Keep compensation calm and researched: a range, what it's based on, and flexibility."])
    if not hits:
        return Finding(1, [], ["Handle compensation with a researched range, or ask for the band first."])
    rng = any(re.search(r"\brange\b|\b\d[\d,.]*\s*(to|-|–)\s*\d", h.sent.low) for h in hits)
    research = any(re.search(r"\b(research|market|levels|based on)\b", h.sent.low) for h in hits)
    asks = any(_ASKS_BACK.search(s.low) for s in ctx.sents if not s.injection)  # a question back is not "content"
    flexible = any(re.search(r"\bflexib|\bopen (on|to|about) the (mix|split|package|structure)", s.low) for s in ctx.content)
    score = sum([rng, research, asks, flexible])
    # timing and other processes are half of this dimension: clear notice or dates and where the other processes
    # stand, with numbers, read as level 3 without any talk of money
    said = [s.low for s in ctx.content]
    timing = any(_TIMING.search(x) for x in said)
    processes = any(_PROCESSES.search(x) for x in said)
    if timing and processes and sum(s.specifics for s in ctx.content) >= 2:
        score = max(score, 2)
    if score >= 3:
        return Finding(4, hits, [])
    todo = [t for t, done in (("give a range", rng), ("say what it is based on", research), ("ask for their band", asks),
                              ("say you are flexible on the mix", flexible)) if not done]
    advice = ("To strengthen it: " + ", ".join(todo[:-1]) + (" and " if len(todo) > 1 else "") + todo[-1] + ".") if todo else ""
    return Finding(3 if score >= 2 else 2, hits, [advice] if advice else [])


@detector("candidate_questions")
def _candidate_questions(ctx: Ctx, dim: Dimension) -> Finding:
    hits = [Hit(s, None) for s in ctx.sents if s.question and not s.injection and s.words >= 5]
    if not hits:
        return Finding(1, [], ["Prepare two questions about the team, the work or how success is measured."])
    specific = [h for h in hits if content_words(h.sent.body) >= 4]
    if len(specific) >= 2:
        return Finding(4, hits, [])
    if specific:
        return Finding(3, hits, ["Ask a second question that shows you've researched the team."])
    return Finding(2, hits, ["Ask about something specific: the team's challenges or how success is measured."])


@detector("concision")
def _concision(ctx: Ctx, dim: Dimension) -> Finding:
    lo, hi = ctx.rubric.answer_words
    words = sum(s.words for s in ctx.content)
    if words < 15 or len(ctx.content) < 2:
        return Finding(1, [], ["Too short to carry information: two or three sentences with one concrete fact."])
    density = sum(s.specifics for s in ctx.content) / max(words, 1) * 100
    if words > hi * 2:
        return Finding(1, [], [f"An answer of {words} words runs far too long for a screen; aim for {lo}-{hi}."])
    if words <= hi and density >= 3:  # short and dense is what concise means
        return Finding(4, [], [])
    if words <= hi * 1.3 and density >= 1.5:
        return Finding(3, [], ["Good length; one more concrete fact would make it stick."])
    return Finding(2, [], [f"Aim for {lo}-{hi} words with concrete facts rather than generalities."])


# --------------------------------------------------------------------------- what a free-text question asks about

# a recruiter's question probes some of the screen's dimensions (by their detector): "What's your notice period?" is
# not read for career narrative. Used for a question in neither the bank nor the library, which has no list of its own
_ASKS = {
    "compensation": low(
        r"\b(salary|salaries|pay|paid|compensation|comp|earn\w*|band|equity|notice|start(ing)?|offers?|process(es)?|"
        r"interview(s|ing)?|applications?|applying|visa|sponsor\w*|relocat\w*|remote|hybrid|office|timeline|"
        r"search|available|availability|other compan\w+)\b"
    ),
    "motivation": low(r"\b(why|interest\w*|motivat\w*|attract\w*|excit\w*|enjoy\w*|looking for|drawn|passion\w*)\b"),
    "narrative": low(r"\b(background|career|yourself|resume|cv|journey|gap|path|so far|current (role|job|position))\b"),
    "generic": low(r"\b(fit|match\w*|skills?|strengths?|qualif\w*|job description|relevant|suited|hire you)\b"),
}


def probed_dimensions(question: str, dims: list[Dimension]) -> list[str] | None:
    """The main dimensions a free-text recruiter question asks about, by what it says ("How are your other
    applications going?": logistics), or None when it names none of them (then all are read)."""
    low_q = question.lower()
    out = [d.id for d in dims if d.phase == "main" and (rx := _ASKS.get(d.detector)) is not None and rx.search(low_q)]
    return out or None

