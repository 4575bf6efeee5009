"""Detectors for behavioural (STAR) rounds: situation, task, action, result, reflection, and communication."""

from __future__ import annotations


from interviewer.judges.offline.base import BLANK, Ctx, Finding, Hit, any_of, detector, signals_rx, specifics_of, uniq
from interviewer.judges.text import content_words, low
from interviewer.models import Dimension

# --------------------------------------------------------------------------- STAR

_SITUATION = any_of(
    r"\b(at|in) (my|our|a|an|the) (last|previous|current|former)?\s*(company|team|job|role|startup|employer|project|org\w*)\b",
    r"\b(last|this|that) (year|quarter|summer|spring|fall|autumn|winter|month)\b",
    r"\bwhen I (was|joined|worked)\b", r"\bon my (last|previous|first|current) (team|project|job)\b",
    r"\bI was (the|a|an|one of)\b[^.]{0,60}\b(engineer|scientist|lead|developer|owner|manager|member|analyst|intern)\b",
    r"\bour (team|company|product|service|model|system|pipeline|data scientist|manager)\b",
    r"\b(at|for) (a|an) [\w-]+ (startup|company|firm|bank|retailer|marketplace)\b",
    r"\bwe (had|were|built|owned|ran|used|needed)\b", r"\bthere was\b", r"\bI joined\b",
)
_TENSION = low(
    r"\b(deadline|outage|incident|launch\w*|regression|churn\w*|complain\w*|escalat\w*|at risk|risk|late|slipp\w*|"
    r"broke|broken|dropped|failing|failed|conflict|disagree\w*|budget|customers?|revenue|partner)\b",
)
_TASK = any_of(
    r"\bmy (responsibility|job|role|task|goal|mandate|remit)\b", r"\bI (owned|own|was (the )?(on-call )?owner|was responsible|took (responsibility|ownership)|was accountable)\b",
    r"\bit was (on|up to) me\b", r"\bI (had|needed|was asked|was tasked) to\b", r"\bI was (the|a|an)\b[^.]{0,60}\b(owner|lead|engineer|on-call)\b",
    r"\bI (volunteered|stepped up|decided to take)\b", r"\b(was|were|is) mine\b|\bmine to\b|\bmy (call|decision)\b|\bin charge of\b",
)
_TASK_STRONG = low(
    r"\b(responsib\w*|owned|owner|ownership|accountable|on me|up to me|tasked|mine|myself|my call|my decision|"
    r"lead|led|in charge|on-call|on call)\b",
)
_PAST_ACTION = low(
    r"\bI\s+(?:first\s+|then\s+|also\s+|quickly\s+|personally\s+|immediately\s+|eventually\s+|finally\s+)?"
    r"(?!was\b|had\b|have\b|am\b|think\b|thought\b|felt\b|feel\b|guess\b|believe\b|hope\b|don't\b|didn't\b|did not\b|"
    r"really\b|just\b|get\b|got along\b|like\b|liked\b|remember\b|mean\b|would\b|could\b|should\b|might\b|can\b|"
    r"learned\b|learnt\b|realized\b|realised\b|wanted\b|hoped\b|needed\b|used to\b|enjoyed\b|loved\b|worried\b)"
    r"([a-z]+ed|wrote|built|ran|led|made|set|took|sent|found|chose|drove|rolled|rewrote|brought|began|cut|shipped|"
    r"sought|put|split|met|spoke|told|gave|showed|caught|fixed|kept|dug|got|went|did|said|saw|paid|held|won|sat|"
    r"stood|spent|taught|threw|understood|undertook|overrode|withdrew|rebuilt|rewrote|broke|bought|sold|lent|"
    r"let|read|hid|fought|forgave|swore|dropped|stopped|planned|shut|quit|ran)\b",
)
_CHAINED_ACTION = low(
    r"(?:,|;|\band\b|\bthen\b)\s+(?:then\s+|also\s+)?(?!used\b|needed\b)([a-z]+ed|wrote|built|ran|led|made|set|took|sent|found|chose|"
    r"rolled|rewrote|brought|shipped|put|split|met|spoke|told|gave|showed|caught|fixed|kept|dug)\b",
)
_DECISION = low(
    r"\b(decided|chose|proposed|suggested|instead of|rather than|so that|to stop|because|trade-?off|options?|prioriti[sz]ed|"
    r"measured|compared|weighed|convinced|escalated|negotiated)\b",
)
_RESULT = any_of(
    r"(?<!-)\b(reduc|increas|improv|decreas|cut|sav|grew|grow|lower|rais|boost|doubl|halv|beat|lift)\w*\b",
    r"\b(as a result|in the end|since then|the outcome|ended up|led to|resulted in|which meant|we shipped|I shipped|shipped|launched|delivered)\b",
    r"\b(caught|blocked|prevented|avoided)\b", r"\b(it|this|that) (worked|paid off|helped)\b",
    r"\b(no|zero) (similar |more |further |repeat )?(incidents?|outages?|pages|complaints|failures|regressions|escalations)\b",
    r"\b(dropped|fell|rose|went (up|down)|came down|now (runs|takes|is|has)|showed (a|an|that)|changed (the|their|his|her) (plan|mind|decision))\b",
    r"\b\d[\d.,]*\s*(%|percent|points?) (drop|fall|decline|increase|rise|gain|reduction|improvement|lift|uplift|fewer|more|less)\b",
)
_OUTCOME = low(
    r"\b(as a result|in the end|since then|the outcome|ended up|led to|resulted in|which meant|shipped|launched|"
    r"(reduced|cut|improved|increased|saved|lowered|beat|grew)\b[^.]{0,40}\bby\b)",
)
# a before/after change: "from 6% to 0.4%", "6% → 0.4%", "down to 2 minutes"
_CHANGE = low(r"\bfrom\b[^.;]{0,40}?\d[^.;]{0,30}?\b(?:to|down to|up to)\b[^.;]{0,12}?\d|\d[^.;\s]*\s*(?:→|->)\s*\S*\d|\b(?:down|up) to \d")
_GOAL = low(
    r"\b(goal|aim|target|objective|wanted to|needed to|had to|was asked to|were asked to|in order to|so as to|"
    r"plan was|tried to|hoped to|(?<!I )to (reduce|increase|improve|cut|lower|raise|boost|halve|speed up))\b",
)
_REFLECT = any_of(
    r"\bI learn(ed|t)\b", r"\b(lesson|takeaway|taught me)\b", r"\bnext time\b", r"\bin hindsight\b", r"\blooking back\b",
    r"\bI now\b", r"\b(would|will) do (it )?differently\b", r"\bgoing forward\b", r"\bsince then,? I\b", r"\bif I did it again\b",
)
_BEHAVIOUR_CHANGE = low(
    r"\b(I now|I always|I never|now I|I should|I would|I'd|instead of|rather than|before (it|they|we|I)|every time|going forward|since then)\b",
)
_GENERIC_REFLECTION = low(r"\b(is|are) (very |really |so )?(important|key|crucial|essential)\b")


_PAST_SCENE = low(r"\b(was|were|had|wanted|needed|decided|asked|planned|used to|kept|started|began|broke|failed|[a-z]{3,}ed)\b")


@detector("star_situation")
def _star_situation(ctx: Ctx, dim: Dimension) -> Finding:
    hits = uniq(ctx.matching(_SITUATION) + ctx.matching(signals_rx(tuple(dim.signals)), ctx.content[:4]))
    if not hits:
        # the scene told plainly at the start ("PM wanted to remove guest checkout"): a past-tense opening sentence
        hits = [Hit(s, m) for s in ctx.content[:2] if (m := _PAST_SCENE.search(s.low)) and not _PAST_ACTION.search(s.low)]
    hits = [h for h in hits if not (_OUTCOME.search(h.sent.low) or _CHANGE.search(h.sent.low))] or hits
    # an action told later in the story ("I told the partner team what we were cutting") is not the scene
    opening = ctx.content[0] if ctx.content else None
    hits = [h for h in hits if h.sent is opening or not _PAST_ACTION.search(h.sent.low)] or hits
    if not hits:
        return Finding(1, [], ["Set the scene: where you were, the team, and what was at stake."])
    spec = specifics_of(hits)
    stakes = any(h.sent.quantified for h in hits)
    tension = any(_TENSION.search(h.sent.low) for h in hits)
    if spec >= 4 and stakes and len(hits) >= 2:
        return Finding(4, hits, [])
    if spec >= 2 or (stakes and tension):
        return Finding(3, hits, [] if stakes else ["Quantify the stakes of the situation (users, money, time)."])
    return Finding(2, hits, ["The context is vague: name the team, the system and the scale."])


@detector("star_task")
def _star_task(ctx: Ctx, dim: Dimension) -> Finding:
    """What was yours: said outright ("I owned…", "it was mine to…") or shown by what you did yourself."""
    hits = uniq(ctx.matching(_TASK) + ctx.matching(signals_rx(tuple(dim.signals))))
    hits = [h for h in hits if h.sent.first_person]
    acts = _actions(ctx)
    n_acts = sum(len(_PAST_ACTION.findall(h.sent.low)) for h in acts)  # "I pushed…, I noticed…" is two
    we_heavy = ctx.we_count > 2 * max(ctx.i_count, 1)
    if not hits and not acts:
        note = "The story is told as 'we': say what you yourself were responsible for." if ctx.we_count > ctx.i_count else (
            "Say what you personally were responsible for, apart from the team.")
        return Finding(1, [], [note])
    strong = [h for h in hits if _TASK_STRONG.search(h.sent.low)]
    if not hits:  # ownership shown by first-person actions rather than said
        if n_acts >= 3 and not we_heavy:
            return Finding(3, acts, ["Say in one line what was yours to deliver, so the stakes of your actions are clear."])
        return Finding(2, acts, ["Make your own part explicit: what was yours to deliver, and what you did yourself."])
    if strong and not we_heavy and (len(hits) >= 2 or n_acts >= 3):
        return Finding(4, uniq(hits + acts), [])
    if strong and not we_heavy:
        return Finding(3, hits, ["Show the ownership in what you did: the steps you took yourself."] if n_acts < 2 else [])
    if n_acts >= 3 and not we_heavy:
        return Finding(3, uniq(hits + acts), [])
    return Finding(2, hits, ["Say what was yours to deliver, and show it in the steps you took yourself."])


def _actions(ctx: Ctx) -> list[Hit]:
    """First-person actions; a sentence that states the outcome is the result's evidence, not an action's."""
    if "actions" not in ctx.memo:
        acts = [Hit(s, m) for s in ctx.content if (m := _PAST_ACTION.search(s.low))]
        ctx.memo["actions"] = [h for h in acts if not _CHANGE.search(h.sent.low)] or acts
    return list(ctx.memo["actions"])


@detector("star_action")
def _star_action(ctx: Ctx, dim: Dimension) -> Finding:
    hits = _actions(ctx)
    notes = []
    we_heavy = ctx.we_count > max(ctx.i_count, 1) and len(hits) <= 1
    if we_heavy:
        notes.append("Most of the story is told as 'we': say what you did yourself.")
    if not hits:
        return Finding(1, [], notes + ["Describe the concrete steps you took, in the first person."])
    decisions = [h for h in hits if _DECISION.search(h.sent.low)]
    spec = specifics_of(hits)
    verbs = sum(len(_PAST_ACTION.findall(h.sent.low)) + len(_CHAINED_ACTION.findall(h.sent.low)) for h in hits)
    if verbs >= 4 and len(hits) >= 2 and decisions and spec >= 3:
        return Finding(4, hits, notes)
    if len(hits) >= 2 and spec >= 1:
        if not decisions:
            notes.append("Explain the decisions behind your actions and the options you rejected.")
        return Finding(3, hits, notes)
    notes.append("Give more specific actions: what you built, measured or decided, with names and numbers.")
    return Finding(2, hits, notes)


# a sentence that narrates something that happened: a subject and a verb in the past ("I rolled it back", "my lead
# asked", "we were three weeks late"); an answer without one describes habits or beliefs, not a time it happened
_NARRATED = low(
    r"\b(i|we|he|she|they|my (manager|lead|boss|colleague|team ?mate|pm)|our \w+|the (team|customer|client|pm|manager|lead))"
    r"\s+(?:\w+ly\s+|then\s+|also\s+|first\s+|finally\s+)?"
    r"((?!need\b|feed\b|seed\b|speed\b|proceed\b|succeed\b|exceed\b|embed\b)\w+ed|was|were|had|did|made|took|told|said|"
    r"went|got|ran|wrote|built|found|saw|gave|came|began|chose|led|sent|set|put|kept|thought|felt|knew|spent|left|"
    r"lost|won|met|brought|caught|cut|drove|held|paid|sat|spoke|stood|taught|understood|rewrote|shipped|fixed|"
    r"heard|became|broke|fell|grew|hit|meant|rose|sold|split|struck|swapped|threw|woke)\b|"
    # or a story told in the present ("so I join the team in 2021, we have a latency problem"): anchored in time
    r"\b(in (19|20)\d\d|(last|that) (year|quarter|summer|spring|autumn|fall|winter|month|week)|at my (last|previous|first|old) "
    r"(job|company|team|role)|on my (last|previous|first) (team|project|job)|when i (was|joined|worked|started)|years ago|"
    r"months ago|a few (years|months) (back|ago))\b"
)
NO_STORY_NOTE = (
    "This describes what you usually do or believe, not a time it happened: tell one specific story (when, what "
    "was at stake, what you did, how it ended)."
)


def tells_a_story(ctx: Ctx) -> bool:
    """Does the answer narrate something that happened (a past event with someone acting), or only habits and views?"""
    return bool(ctx.matching(_NARRATED))


def _is_goal(body: str) -> bool:
    """(``body`` lowercased) A goal or an intention ("the goal was to cut…", "I rewrote it to reduce…"), not an outcome."""
    return bool(_GOAL.search(body)) and not (_OUTCOME.search(body) or _CHANGE.search(body))


@detector("star_result")
def _star_result(ctx: Ctx, dim: Dimension) -> Finding:
    hits = uniq(ctx.matching(_RESULT) + ctx.matching(_CHANGE) + ctx.matching(signals_rx(tuple(dim.signals))))
    hits = [h for h in hits if not _is_goal(h.sent.low)]
    if not hits:
        return Finding(1, [], ["Finish the story with the outcome, and put a number on it."])
    # outcome phrases ("since then", "as a result") first: "halved" may describe the problem, not the result
    hits.sort(key=lambda h: (not (_OUTCOME.search(h.sent.low) or _CHANGE.search(h.sent.low)), not h.sent.quantified))
    quant = [h for h in hits if h.sent.quantified]
    if sum(h.sent.quantified for h in quant) >= 2:
        return Finding(4, hits, [])
    if quant:
        return Finding(3, hits, ["Tie the result to business impact or a second metric."])
    return Finding(2, hits, ["Quantify the result: %, time saved, money, users affected."])


@detector("star_reflection")
def _star_reflection(ctx: Ctx, dim: Dimension) -> Finding:
    hits = uniq(ctx.matching(_REFLECT) + ctx.matching(signals_rx(tuple(dim.signals))))
    if not hits:
        return Finding(1, [], ["Close with what you learned and what you do differently now."])
    text = " ".join(h.sent.low for h in hits)
    concrete = content_words(text) >= 6 and not (_GENERIC_REFLECTION.search(text) and content_words(text) < 10)
    change = _BEHAVIOUR_CHANGE.search(text)
    if concrete and change:
        return Finding(4, hits, [])
    if concrete:
        return Finding(3, hits, ["Say how the lesson changed the way you work now."])
    return Finding(2, hits, ["The lesson is generic: make it specific to this story."])


_SIGNPOST = low(
    r"^\s*(first(ly)?|second(ly)?|third(ly)?|then|next|finally|lastly|to (sum up|summari[sz]e|recap)|in short|overall|"
    r"so,? my|my (answer|recommendation))\b|\b(two|three|four) (things|parts|steps|options|reasons)\b",
)
# the STAR part each detector reads (the grader's STAR table uses this too)
STAR_PARTS = {
    "star_situation": "situation",
    "star_task": "task",
    "star_action": "action",
    "star_result": "result",
    "star_reflection": "reflection",
}


def _star_dim(ctx: Ctx, detector: str) -> Dimension:
    """The rubric's dimension for a STAR part (so communication reuses its result), or a blank one."""
    for d in ctx.rubric.dimensions:
        if d.detector == detector:
            return d
    return BLANK


@detector("communication")
def _communication(ctx: Ctx, dim: Dimension) -> Finding:
    lo, hi = ctx.rubric.answer_words
    # the note names this answer's length; a report puts it under the question, which may have had follow-ups too,
    # so it says "an answer of N words", true of the one it was read on
    words = sum(s.words for s in ctx.content)
    if words < 12:
        return Finding(1, [], [f"Too short to follow: aim for {lo}-{hi} words with a beginning, middle and end."])
    if words < 40 or len(ctx.content) < 2:  # short is not unclear: a brief answer can be easy to follow
        return Finding(2, [], [f"An answer of {words} words leaves little to follow; {lo}-{hi} words leaves room for a beginning, middle and end."])
    paragraphs = ctx.text.count("\n\n") + 1
    if ctx.rubric.kind == "behavioral":
        components = sum(1 for det in STAR_PARTS if ctx.detect(det, _star_dim(ctx, det)).level >= 2)
    else:  # outside a story, structure is signposting: the listener always knows which part comes next
        signposts = len(ctx.matching(_SIGNPOST))
        components = 3 + (signposts >= 1) + (signposts >= 2 or paragraphs >= 2)
    notes = []
    if words < lo * 0.6:
        notes.append(f"An answer of {words} words is thin; {lo}-{hi} words leaves room for detail.")
    elif words > hi * 1.5:
        notes.append(f"An answer of {words} words runs long; {lo}-{hi} words keeps the listener with you.")
    if components < 4:
        notes.append(
            "Follow the STAR order so the listener always knows where they are." if ctx.rubric.kind == "behavioral"
            else "Signpost the answer (first…, then…, to sum up…) so the listener always knows where they are."
        )
    if not notes and (paragraphs >= 2 or components == 5):
        return Finding(4, [], [])
    if words >= lo * 0.6 and words <= hi * 1.5 and components >= 3:
        return Finding(3, [], notes)
    return Finding(2, [], notes)
