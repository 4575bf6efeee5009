"""The offline judge: heuristic, explainable assessment with no network and no model.

Each rubric dimension names a *detector*. A detector looks at the answer's content sentences (sentences that are
neither keyword lists, nor STAR labels with nothing behind them, nor instructions addressed to the grader), finds
the ones that match the dimension's signals and the structure the detector asks for, and turns what it found into
a level 1-4 with verbatim quotes and notes on what is missing. Padding does not pay: excluded sentences can never
be evidence.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

from interviewer.judges.base import TurnContext
from interviewer.judges.text import Sentence, content_words, fold_pattern, normalise_ws, quote_of, split_sentences, word_count
from interviewer.models import Assessment, Dimension, DimensionEvidence, Rubric

ENGINE = "offline"


@dataclass
class Hit:
    sent: Sentence
    match: re.Match[str] | None


@dataclass
class Ctx:
    """What every detector can see about one answer."""

    text: str
    sents: list[Sentence]
    content: list[Sentence]
    words: int
    rubric: Rubric
    i_count: int
    we_count: int
    memo: dict = field(default_factory=dict)  # detector results and pattern scans, computed once per answer

    def matching(self, pattern: re.Pattern[str] | None, pool: list[Sentence] | None = None) -> list[Hit]:
        if pattern is None:
            return []
        key = (pattern, tuple(s.start for s in pool) if pool is not None else None)
        cached = self.memo.get(key)
        if cached is not None:
            return list(cached)
        hits = []
        rx = _folded(pattern)
        for s in self.content if pool is None else pool:
            m = rx.search(s.low)
            if m:
                hits.append(Hit(s, m))
        self.memo[key] = hits
        return list(hits)

    def detect(self, detector: str, dim: Dimension) -> Finding:
        key = ("detector", detector, dim.id)
        if key not in self.memo:
            self.memo[key] = DETECTORS.get(detector, _generic)(self, dim)
        return self.memo[key]


@dataclass
class Finding:
    level: int
    hits: list[Hit]
    notes: list[str]


def _rx(*parts: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in parts), re.I)


@lru_cache(maxsize=512)
def _folded(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """The same pattern for lowercased text, without re.I (matches have the same offsets as in the original)."""
    if not pattern.flags & re.I:
        return pattern
    return re.compile(fold_pattern(pattern.pattern), pattern.flags & ~re.I)


@lru_cache(maxsize=256)
def _signals(patterns: tuple[str, ...]) -> re.Pattern[str] | None:
    if not patterns:
        return None
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.I)


@lru_cache(maxsize=256)
def _named_signals(patterns: tuple[str, ...]) -> re.Pattern[str] | None:
    """All signals in one pattern, each in a named group, so one scan tells which different signals matched."""
    if not patterns:
        return None
    return re.compile("|".join(f"(?P<s{i}>{fold_pattern(p)})" for i, p in enumerate(patterns)))


def _spec(hits: list[Hit]) -> int:
    return sum(h.sent.specifics for h in hits)


def _uniq(hits: list[Hit]) -> list[Hit]:
    seen, out = set(), []
    for h in hits:
        if h.sent.start not in seen:
            seen.add(h.sent.start)
            out.append(h)
    return out


# --------------------------------------------------------------------------- STAR

_SITUATION = _rx(
    r"\b(at|in) (my|our|a|an|the) (last|previous|current|former)?\s*(company|team|job|role|startup|employer|project|org\w*)\b",
    r"\b(last|this|that) (year|quarter|summer|spring|fall|autumn|winter|month)\b",
    r"\bwhen I (was|joined|worked)\b", r"\bon my (last|previous|first|current) (team|project|job)\b",
    r"\bI was (the|a|an|one of)\b[^.]{0,60}\b(engineer|scientist|lead|developer|owner|manager|member|analyst|intern)\b",
    r"\bour (team|company|product|service|model|system|pipeline|data scientist|manager)\b",
    r"\b(at|for) (a|an) [\w-]+ (startup|company|firm|bank|retailer|marketplace)\b",
    r"\bwe (had|were|built|owned|ran|used|needed)\b", r"\bthere was\b", r"\bI joined\b",
)
_TENSION = re.compile(
    r"\b(deadline|outage|incident|launch\w*|regression|churn\w*|complain\w*|escalat\w*|at risk|risk|late|slipp\w*|"
    r"broke|broken|dropped|failing|failed|conflict|disagree\w*|budget|customers?|revenue|partner)\b",
    re.I,
)
_TASK = _rx(
    r"\bmy (responsibility|job|role|task|goal|mandate|remit)\b", r"\bI (owned|own|was (the )?(on-call )?owner|was responsible|took (responsibility|ownership)|was accountable)\b",
    r"\bit was (on|up to) me\b", r"\bI (had|needed|was asked|was tasked) to\b", r"\bI was (the|a|an)\b[^.]{0,60}\b(owner|lead|engineer|on-call)\b",
    r"\bI (volunteered|stepped up|decided to take)\b",
)
_TASK_STRONG = re.compile(r"\b(responsib\w*|owned|owner|ownership|accountable|on me|up to me|tasked)\b", re.I)
_PAST_ACTION = re.compile(
    r"\bI\s+(?:first\s+|then\s+|also\s+|quickly\s+|personally\s+|immediately\s+|eventually\s+|finally\s+)?"
    r"(?!was\b|had\b|have\b|am\b|think\b|thought\b|felt\b|feel\b|guess\b|believe\b|hope\b|don't\b|didn't\b|did not\b|"
    r"really\b|just\b|get\b|got along\b|like\b|liked\b|remember\b|mean\b|would\b|could\b|should\b|might\b|can\b|"
    r"learned\b|learnt\b|realized\b|realised\b|wanted\b|hoped\b|needed\b|used to\b|enjoyed\b|loved\b|worried\b)"
    r"([a-z]+ed|wrote|built|ran|led|made|set|took|sent|found|chose|drove|rolled|rewrote|brought|began|cut|shipped|"
    r"sought|put|split|met|spoke|told|gave|showed|caught|fixed|kept|dug|got|went|did)\b",
    re.I,
)
_CHAINED_ACTION = re.compile(
    r"(?:,|;|\band\b|\bthen\b)\s+(?:then\s+|also\s+)?(?!used\b|needed\b)([a-z]+ed|wrote|built|ran|led|made|set|took|sent|found|chose|"
    r"rolled|rewrote|brought|shipped|put|split|met|spoke|told|gave|showed|caught|fixed|kept|dug)\b",
    re.I,
)
_DECISION = re.compile(
    r"\b(decided|chose|proposed|suggested|instead of|rather than|so that|to stop|because|trade-?off|options?|prioriti[sz]ed|"
    r"measured|compared|weighed|convinced|escalated|negotiated)\b",
    re.I,
)
_RESULT = _rx(
    r"(?<!-)\b(reduc|increas|improv|decreas|cut|sav|grew|grow|lower|rais|boost|doubl|halv|beat|lift)\w*\b",
    r"\b(as a result|in the end|since then|the outcome|ended up|led to|resulted in|which meant|we shipped|I shipped|shipped|launched|delivered)\b",
    r"\b(caught|blocked|prevented|avoided)\b", r"\b(it|this|that) (worked|paid off|helped)\b",
)
_OUTCOME = re.compile(
    r"\b(as a result|in the end|since then|the outcome|ended up|led to|resulted in|which meant|shipped|launched|"
    r"(reduced|cut|improved|increased|saved|lowered|beat|grew)\b[^.]{0,40}\bby\b)",
    re.I,
)
_REFLECT = _rx(
    r"\bI learn(ed|t)\b", r"\b(lesson|takeaway|taught me)\b", r"\bnext time\b", r"\bin hindsight\b", r"\blooking back\b",
    r"\bI now\b", r"\b(would|will) do (it )?differently\b", r"\bgoing forward\b", r"\bsince then,? I\b", r"\bif I did it again\b",
)
_BEHAVIOUR_CHANGE = re.compile(
    r"\b(I now|I always|I never|now I|I should|I would|I'd|instead of|rather than|before (it|they|we|I)|every time|going forward|since then)\b", re.I
)
_GENERIC_REFLECTION = re.compile(r"\b(is|are) (very |really |so )?(important|key|crucial|essential)\b", re.I)


def _star_situation(ctx: Ctx, dim: Dimension) -> Finding:
    hits = _uniq(ctx.matching(_SITUATION) + ctx.matching(_signals(tuple(dim.signals)), ctx.content[:4]))
    if not hits:
        return Finding(1, [], ["Set the scene: where you were, the team, and what was at stake."])
    spec = _spec(hits)
    stakes = any(h.sent.quantified for h in hits)
    tension = any(_TENSION.search(h.sent.body) for h in hits)
    if spec >= 4 and stakes and len(hits) >= 2:
        return Finding(4, hits, [])
    if spec >= 2 or (stakes and tension):
        return Finding(3, hits, [] if stakes else ["Quantify the stakes of the situation (users, money, time)."])
    return Finding(2, hits, ["The context is vague: name the team, the system and the scale."])


def _star_task(ctx: Ctx, dim: Dimension) -> Finding:
    hits = _uniq(ctx.matching(_TASK) + ctx.matching(_signals(tuple(dim.signals))))
    hits = [h for h in hits if h.sent.first_person]
    if not hits:
        return Finding(1, [], ["Say what you personally were responsible for, apart from the team."])
    strong = [h for h in hits if _TASK_STRONG.search(h.sent.body)]
    we_heavy = ctx.we_count > 2 * max(ctx.i_count, 1)
    if strong and len(hits) >= 2 and not we_heavy:
        return Finding(4, hits, [])
    if strong and not we_heavy:
        return Finding(3, hits, [])
    return Finding(2, hits, ["Make your own responsibility explicit: 'I owned…', 'it was on me to…'."])


def _star_action(ctx: Ctx, dim: Dimension) -> Finding:
    hits = [Hit(s, m) for s in ctx.content if (m := _PAST_ACTION.search(s.body))]
    notes = []
    we_heavy = ctx.we_count > max(ctx.i_count, 1) and len(hits) <= 1
    if we_heavy:
        notes.append("Most of the story is told as 'we': say what you did yourself.")
    if not hits:
        return Finding(1, [], notes + ["Describe the concrete steps you took, in the first person."])
    decisions = [h for h in hits if _DECISION.search(h.sent.body)]
    spec = _spec(hits)
    verbs = sum(len(_PAST_ACTION.findall(h.sent.body)) + len(_CHAINED_ACTION.findall(h.sent.body)) for h in hits)
    if verbs >= 4 and len(hits) >= 2 and decisions and spec >= 3:
        return Finding(4, hits, notes)
    if len(hits) >= 2 and spec >= 1:
        if not decisions:
            notes.append("Explain the decisions behind your actions and the options you rejected.")
        return Finding(3, hits, notes)
    notes.append("Give more specific actions: what you built, measured or decided, with names and numbers.")
    return Finding(2, hits, notes)


def _star_result(ctx: Ctx, dim: Dimension) -> Finding:
    hits = _uniq(ctx.matching(_RESULT) + ctx.matching(_signals(tuple(dim.signals))))
    if not hits:
        return Finding(1, [], ["Finish the story with the outcome, and put a number on it."])
    # outcome phrases ("since then", "as a result") first: "halved" may describe the problem, not the result
    hits.sort(key=lambda h: (not _OUTCOME.search(h.sent.body), not h.sent.quantified))
    quant = [h for h in hits if h.sent.quantified]
    if sum(h.sent.quantified for h in quant) >= 2:
        return Finding(4, hits, [])
    if quant:
        return Finding(3, hits, ["Tie the result to business impact or a second metric."])
    return Finding(2, hits, ["Quantify the result: %, time saved, money, users affected."])


def _star_reflection(ctx: Ctx, dim: Dimension) -> Finding:
    hits = _uniq(ctx.matching(_REFLECT) + ctx.matching(_signals(tuple(dim.signals))))
    if not hits:
        return Finding(1, [], ["Close with what you learned and what you do differently now."])
    text = " ".join(h.sent.body for h in hits)
    concrete = content_words(text) >= 6 and not (_GENERIC_REFLECTION.search(text) and content_words(text) < 10)
    change = _BEHAVIOUR_CHANGE.search(text)
    if concrete and change:
        return Finding(4, hits, [])
    if concrete:
        return Finding(3, hits, ["Say how the lesson changed the way you work now."])
    return Finding(2, hits, ["The lesson is generic: make it specific to this story."])


_STAR_DETECTORS = ("star_situation", "star_task", "star_action", "star_result", "star_reflection")


def _star_dim(ctx: Ctx, detector: str) -> Dimension:
    """The rubric's dimension for a STAR part (so communication reuses its result), or a blank one."""
    for d in ctx.rubric.dimensions:
        if d.detector == detector:
            return d
    return _BLANK


def _communication(ctx: Ctx, dim: Dimension) -> Finding:
    lo, hi = ctx.rubric.answer_words
    words = sum(s.words for s in ctx.content)
    if words < 40 or len(ctx.content) < 2:
        return Finding(1, [], [f"Too short to follow: aim for {lo}-{hi} words with a beginning, middle and end."])
    components = sum(1 for det in _STAR_DETECTORS if ctx.detect(det, _star_dim(ctx, det)).level >= 2)
    paragraphs = ctx.text.count("\n\n") + 1
    notes = []
    if words < lo * 0.6:
        notes.append(f"At {words} words the answer is thin; {lo}-{hi} words leaves room for detail.")
    elif words > hi * 1.5:
        notes.append(f"At {words} words the answer runs long; {lo}-{hi} words keeps the listener with you.")
    if components < 4:
        notes.append("Follow the STAR order so the listener always knows where they are.")
    if not notes and (paragraphs >= 2 or components == 5):
        return Finding(4, [], [])
    if words >= lo * 0.6 and words <= hi * 1.5 and components >= 3:
        return Finding(3, [], notes)
    return Finding(2, [], notes)


# --------------------------------------------------------------------------- design

_COMPONENT = re.compile(
    r"\b(load balancers?|caches?|caching layer|redis|memcached|cdn|databases?|db|sql|postgres(ql)?|mysql|cassandra|dynamodb|"
    r"key-value store|kv store|document store|object stor(e|age)|s3|blob stor(e|age)|queues?|kafka|pub/?sub|message (broker|bus)|"
    r"stream(ing)? (job|processor|pipeline)|flink|spark|workers?|schedulers?|api (tier|gateway|servers?|layer)|gateway|"
    r"(application|app|web|stateless) (servers?|tier)|servers?|services?|search index|elasticsearch|index|replicas?|"
    r"websockets?|notification service|feature store|model server|counter service|code generator|id generator|"
    r"rate limiter|coordinator|zookeeper|etcd|analytics store|data warehouse|warehouse|ledger|storage layer)\b",
    re.I,
)
_ROLE = re.compile(
    r"\b(in front of|behind|to (store|serve|handle|cache|route|hold|track|compute|generate|process|redirect|persist|absorb|"
    r"fan|deliver|buffer|index|balance|keep|look up|read|write)|for (hot|reads|writes|storage|caching|the|each|every|"
    r"analytics|durability)|that (stores|serves|handles|hands|holds|keeps|routes|computes|writes|reads|feeds)|which|handles|"
    r"stores|serves|fits because|so that|feeding|feeds|writes to|reads from|keyed by|partitioned by|sharded by|hands out)\b",
    re.I,
)
_ESTIMATION_VOCAB = re.compile(
    r"\b(per (second|day|month|year|minute|hour)|qps|rps|/s\b|peak|storage|bandwidth|throughput|requests|writes|reads|"
    r"daily|monthly|dau|mau|bytes|tb|gb|pb|records?|messages|rows|ratio)\b",
    re.I,
)
_DERIVE = re.compile(r"\b(so|which is|that is|about|roughly|around|approximately|≈|~|times|x\b|divided|gives|means)\b|[=×*/]", re.I)
_STORAGE = re.compile(r"\b(tb|gb|pb|mb|bytes|storage|disk)\b", re.I)
_TRAFFIC = re.compile(r"\b(per second|qps|rps|/s\b|requests|peak|throughput|writes|reads)\b", re.I)
_API = re.compile(r"\b(GET|POST|PUT|PATCH|DELETE)\s+/|\b(endpoints?|api|rpc|grpc|rest(ful)?|returns?)\b", re.I)
_DATA_MODEL = re.compile(
    r"\b(schema|tables?|keyed by|primary key|partition key|columns?|fields?|data model|index(ed)? (on|by)|rows?|"
    r"documents?|foreign key)\b|\{[^}]{3,}\}",
    re.I,
)
_SCALING = re.compile(
    r"\b(shard\w*|partition\w*|replicat\w*|read replicas?|consistent hashing|hot (key|spot|partition)s?|horizontal\w*|"
    r"scale (out|horizontally)|cache hit (ratio|rate)|fan-?out|backpressure|rate limit\w*|bottleneck|"
    r"autoscal\w*|batch(ing)?|denormali[sz]\w*|precomput\w*|ranges? of ids|async\w*|bloom filter|leader|quorum)\b",
    re.I,
)
_REASONED = re.compile(r"\b(because|so that|so\b|since|to avoid|which|by|if|when|above|under|at \d)", re.I)
_TRADEOFF = re.compile(
    r"\b(trade-?offs?|instead of|rather than|versus|vs\.?|at the cost of|at the expense of|in exchange for|"
    r"the (downside|cost|price|risk) (is|of)|on the other hand)\b",
    re.I,
)
_TRADEOFF_WEAK = re.compile(r"\b(but|whereas|acceptable|although|however|while)\b", re.I)
_BECAUSE = re.compile(r"\b(because|since|so that|which means|so\b|given that|as long as|if we need|if you need|for)\b", re.I)
_COMPARATIVE = re.compile(
    r"\b(better|worse|simpler|faster|slower|cheaper|costlier|easier|harder|more|less|fewer|lower|higher|over)\b", re.I
)
_RELIABILITY = re.compile(
    r"\b(monitor\w*|alert\w*|dashboards?|slos?|slas?|failover|fail over|redundan\w*|replicat\w* across|multi-region|"
    r"retr(y|ies)|circuit breakers?|backups?|health checks?|roll ?backs?|canary|on-call|paging|observability|"
    r"idempoten\w*|graceful\w*|degrad\w*|timeouts?|highly available|availability zones?)\b",
    re.I,
)
_RELIABILITY_METRIC = re.compile(r"\b(p9[059]|p99\.9|error rates?|latency|lag|hit (ratio|rate)|saturation|throughput)\b", re.I)
_REQUIREMENTS = re.compile(
    r"\b(requirements?|functional|non-functional|clarify|assum\w*|scope|out of scope|users?|use cases?|latency|availability|"
    r"consisten\w*|durab\w*|read[- ]heavy|write[- ]heavy|p99|sla|should (support|be able)|must)\b",
    re.I,
)
_NFR = re.compile(r"\b(latency|availab\w*|p9\d|consisten\w*|durab\w*|throughput|non-functional|sla|ms)\b", re.I)
_FR = re.compile(r"\b(functional|users? (can|should|must)|create|redirect|post|send|upload|search|feature|use cases?)\b", re.I)


def _requirements(ctx: Ctx, dim: Dimension) -> Finding:
    hits = _uniq(ctx.matching(_REQUIREMENTS) + ctx.matching(_signals(tuple(dim.signals))))
    if not hits:
        return Finding(1, [], ["Start by clarifying requirements: users, core features, scale, latency targets."])
    questions = [h for h in hits if h.sent.question]
    nfr = any(_NFR.search(h.sent.body) for h in hits)
    fr = any(_FR.search(h.sent.body) for h in hits)
    quant = sum(h.sent.quantified for h in hits)
    if fr and nfr and quant >= 2:
        return Finding(4, hits, [])
    if (nfr and quant >= 1) or (fr and nfr) or (questions and quant):
        return Finding(3, hits, [] if fr else ["Separate functional from non-functional requirements."])
    return Finding(2, hits, ["Pin the requirements down with numbers: users, QPS, latency targets."])


def _estimation(ctx: Ctx, dim: Dimension) -> Finding:
    hits = [Hit(s, m) for s in ctx.content if s.quantified and (m := _ESTIMATION_VOCAB.search(s.body))]
    if not hits:
        return Finding(1, [], ["Estimate the scale: requests per second (average and peak) and storage over time."])
    derived = [h for h in hits if _DERIVE.search(h.sent.body)]
    storage = any(_STORAGE.search(h.sent.body) for h in hits)
    traffic = any(_TRAFFIC.search(h.sent.body) for h in hits)
    quant = sum(h.sent.quantified for h in hits)
    if quant >= 4 and storage and traffic and derived:
        return Finding(4, hits, [])
    if quant >= 2 and (storage or traffic):
        notes = [] if storage and traffic else ["Cover both traffic and storage in the estimate."]
        return Finding(3, hits, notes)
    return Finding(2, hits, ["Show the arithmetic: from users to requests per second and to storage."])


def _api_data(ctx: Ctx, dim: Dimension) -> Finding:
    api = ctx.matching(_API)
    data = ctx.matching(_DATA_MODEL)
    hits = _uniq(api + data + ctx.matching(_signals(tuple(dim.signals))))
    if not hits:
        return Finding(1, [], ["Define the API (endpoints, inputs, outputs) and the data model (keys, fields)."])
    endpoints = any(re.search(r"\b(GET|POST|PUT|PATCH|DELETE)\s+/", h.sent.body) for h in api)
    fields = any(re.search(r"\b(keyed by|primary key|partition key|fields?|columns?)\b|\{", h.sent.body, re.I) for h in data)
    if endpoints and fields:
        return Finding(4, hits, [])
    if endpoints or fields:
        return Finding(3, hits, ["Cover both the API and the data model with its keys."])
    return Finding(2, hits, ["Be concrete: endpoint signatures and the table's key and fields."])


def _components(ctx: Ctx, dim: Dimension) -> Finding:
    names: dict[str, Hit] = {}
    for s in ctx.content:
        if not _ROLE.search(s.body):
            continue
        for m in _COMPONENT.finditer(s.body):
            key = m.group(0).lower().rstrip("s")
            names.setdefault(key, Hit(s, m))
    hits = _uniq(list(names.values()))
    n = len(names)
    if n == 0:
        return Finding(1, [], ["Name the main components and say what each one does."])
    if n >= 5:
        return Finding(4, hits, [])
    if n >= 3:
        return Finding(3, hits, ["Walk through the data flow end to end across the components."])
    return Finding(2, hits, ["Name more components and give each a role (what it stores or serves, and why)."])


def _scaling(ctx: Ctx, dim: Dimension) -> Finding:
    hits = _uniq(ctx.matching(_SCALING) + ctx.matching(_signals(tuple(dim.signals))))
    mechanisms = {m.group(0).lower()[:6] for h in hits for m in _SCALING.finditer(h.sent.body)}
    if not hits:
        return Finding(1, [], ["Go deep on one bottleneck: how it shards, caches or replicates, with numbers."])
    reasoned = [h for h in hits if _REASONED.search(h.sent.body) or h.sent.quantified]
    if len(mechanisms) >= 4 and _spec(hits) >= 3 and reasoned:
        return Finding(4, hits, [])
    if len(mechanisms) >= 2 and reasoned:
        return Finding(3, hits, ["Quantify the deep dive: where the bottleneck appears and at what load."])
    return Finding(2, hits, ["Explain the scaling mechanism and why it fixes the bottleneck."])


_TO_PARTS = {
    "compare": re.compile(r"\b(trade-?offs?|versus|vs\.?|instead of|rather than|over|whereas|on the other hand|alternative)\b", re.I),
    "cost": re.compile(
        r"\b(cost\w*|downside|expense|stale|slow\w*|expensive|complex\w*|latency|risk\w*|lose|losing|give up|harder|"
        r"guessable|overhead|inconsisten\w*|worse)\b",
        re.I,
    ),
    "condition": re.compile(r"\b(acceptable|fine for|if (we|you)|when|unless|depends on|for [a-z]+ I would|I would (choose|pick|use))\b", re.I),
    "reason": re.compile(r"\b(because|since|so that|which means|so\b|to avoid)\b", re.I),
}


def _tradeoff(ctx: Ctx, dim: Dimension) -> Finding:
    """'X because Y / instead of Z': a comparison with its reasons, costs and the conditions under which it flips."""
    hits = []
    for s in ctx.content:
        text = s.text  # a "Trade-off:" label is itself a signal here
        if m := _TRADEOFF.search(text):
            hits.append(Hit(s, _TRADEOFF.search(s.body) or m))
        elif (m := _TRADEOFF_WEAK.search(s.body)) and _COMPARATIVE.search(s.body) and _BECAUSE.search(s.body):
            hits.append(Hit(s, m))
        elif (m := _TRADEOFF_WEAK.search(s.body)) and len(_COMPARATIVE.findall(s.body)) >= 2:
            hits.append(Hit(s, m))
        elif (m := re.search(r"\bbecause\b", s.body, re.I)) and _COMPARATIVE.search(s.body):
            hits.append(Hit(s, m))
    if not hits:
        return Finding(1, [], ["Name a trade-off: 'I chose X instead of Y because Z, at the cost of W'."])
    parts = {name for h in hits for name, rx in _TO_PARTS.items() if rx.search(h.sent.text)}
    if len(hits) >= 2 and len(parts) >= 4:
        return Finding(4, hits, [])
    if len(parts) >= 3 or (len(hits) >= 2 and len(parts) >= 2):
        missing = {"cost": "what each option costs", "condition": "when you would choose differently", "reason": "the reason behind the choice"}
        gaps = [v for k, v in missing.items() if k not in parts]
        return Finding(3, hits, [f"Round off the trade-off with {' and '.join(gaps)}."] if gaps else ["Weigh a second trade-off in the design."])
    return Finding(2, hits, ["Compare alternatives explicitly and say what each choice costs."])


def _reliability(ctx: Ctx, dim: Dimension) -> Finding:
    hits = ctx.matching(_RELIABILITY)  # a latency target alone is a requirement, not a reliability plan
    if not hits:
        return Finding(1, [], ["Say how you would know it is broken: metrics, alerts, and how it fails over."])
    kinds = {m.group(0).lower()[:5] for h in hits for rx in (_RELIABILITY, _RELIABILITY_METRIC) for m in rx.finditer(h.sent.body)}
    alerting = any(re.search(r"\b(alert\w*|pag\w+|on-call|threshold|slo)\b", h.sent.body, re.I) for h in hits)
    if len(kinds) >= 4 and alerting:
        return Finding(4, hits, [])
    if len(kinds) >= 2:
        return Finding(3, hits, [] if alerting else ["Say what you alert on and at what threshold."])
    return Finding(2, hits, ["Name the metrics you would watch and the failure modes you design for."])


# --------------------------------------------------------------------------- ML design

_ML_METRICS = re.compile(
    r"\b(precision|recall|auc|roc|pr-auc|f1|ndcg|map@?\d*|mrr|ctr|conversion|log[- ]loss|calibrat\w*|false (positive|negative)s?|"
    r"business metric|revenue|retention|engagement|loss in dollars|dollars|objective|optimi[sz]\w*|north star|guardrails?|"
    r"mae|rmse|latency budget|within \d+ ?ms)\b",
    re.I,
)
_ACCURACY_TRAP = re.compile(r"\b\d+(\.\d+)?\s*%\s*accura\w*|\baccura\w*\b[^.]{0,40}\bbecause most\b", re.I)


def _ml_metrics(ctx: Ctx, dim: Dimension) -> Finding:
    hits = _uniq(ctx.matching(_ML_METRICS) + ctx.matching(_signals(tuple(dim.signals))))
    trap = any(_ACCURACY_TRAP.search(s.body) for s in ctx.content)
    notes = ["Accuracy is misleading when the positive class is rare: use precision/recall at an operating point."] if trap else []
    metrics = {m.group(0).lower() for h in hits for m in _ML_METRICS.finditer(h.sent.body)}
    if not hits:
        return Finding(1, [], notes + ["Frame the problem: the prediction, the decision it drives, offline and online metrics."])
    if trap:
        return Finding(min(2, 1 + (len(metrics) >= 3)), hits, notes)
    if len(metrics) >= 4 and _spec(hits) >= 2:
        return Finding(4, hits, [])
    if len(metrics) >= 2:
        return Finding(3, hits, ["Tie the offline metric to the business metric you would move online."])
    return Finding(2, hits, ["Name the metric you optimise and why it fits the problem."])


# --------------------------------------------------------------------------- recruiter

_NARRATIVE = _rx(
    r"\b(\d+|one|two|three|four|five|six|seven|eight|nine|ten|\w+teen) years?\b", r"\b(most recently|currently|before that|prior to|started (as|my career)|then (moved|joined)|moved (to|into))\b",
    r"\bI'?m an?\b[^.]{0,40}\b(engineer|scientist|developer|lead|manager|researcher)\b", r"\bI (worked|work|spent|joined|led|built|own|owned)\b",
    r"\b(at|for) (a|an) [\w-]+ (company|startup|firm|bank)\b",
)
_MOTIVATION = _rx(
    r"\binterested in (this|the) (role|team|position|company)\b", r"\b(your|the) (team|company|product|mission|platform)\b",
    r"\bjob description\b", r"\bI want to (work|grow|build|learn)\b", r"\bexcit\w*\b", r"\b(reasons?|because)\b",
    r"\b(the area|the chance|the opportunity) (I|to)\b", r"\bdraws? me\b",
)
_MOTIVE_REASON = re.compile(r"\b(because|so that|which is why|that's why|I want to|I'd like to|the chance to)\b", re.I)
_MOTIVATION_NEGATIVE = re.compile(
    r"\b(just need (a|the) job|any job|applying (to|for) (a lot of|lots of|many|every)|pays? (well|more)|for the money|"
    r"looked interesting|whatever|don't really know|not sure why)\b",
    re.I,
)
_COMP = _rx(
    r"\b(range|total comp\w*|compensation|band|base|equity|bonus|salary|package|expectations?)\b",
    r"\b(based on (my )?research|market|levels)\b", r"\bflexib\w*\b", r"\b\d[\d,.]*\s*(k|thousand)\b|\$\s?\d",
    r"\b(start|available|notice period|weeks' notice|relocat\w*|visa|timeline|other processes|offers?)\b",
)
_COMP_NEGATIVE = re.compile(
    r"\b(as much as (possible|you can)|whatever you (pay|offer)|I (need|want) (a lot|more)|I won't (go|accept) below|"
    r"money is (all|the only thing)|pays? well)\b",
    re.I,
)
_ASKS_BACK = re.compile(r"\b(could|can|would) you (share|tell)|\bwhat (is|'s) the (band|range|budget)|\bwhat do you have budgeted\b", re.I)


def _narrative(ctx: Ctx, dim: Dimension) -> Finding:
    hits = _uniq(ctx.matching(_NARRATIVE) + ctx.matching(_signals(tuple(dim.signals))))
    if not hits:
        return Finding(1, [], ["Give a short arc: your role now, how you got here, and one result you're proud of."])
    years = any(re.search(r"\byears?\b", h.sent.body, re.I) for h in hits)
    quant = sum(h.sent.quantified for h in hits)
    if years and quant >= 2 and len(hits) >= 3:
        return Finding(4, hits, [])
    if (years or quant) and len(hits) >= 2 and _spec(hits) >= 2:
        return Finding(3, hits, ["Add one quantified achievement that shows your level."])
    return Finding(2, hits, ["Be specific: role, years, domain, and a concrete achievement."])


def _motivation(ctx: Ctx, dim: Dimension) -> Finding:
    neg = [Hit(s, m) for s in ctx.content if (m := _MOTIVATION_NEGATIVE.search(s.body))]
    hits = _uniq(ctx.matching(_MOTIVATION) + ctx.matching(_signals(tuple(dim.signals))))
    if neg:
        return Finding(1, [], ["Give reasons specific to this role; 'any job that pays' tells the recruiter you'll leave soon."])
    if not hits:
        return Finding(1, [], ["Say why this role and this team, specifically."])
    specific = [h for h in hits if content_words(h.sent.body) >= 8]
    reasoned = [h for h in specific if _MOTIVE_REASON.search(h.sent.body)]
    if len(specific) >= 3 or (len(specific) >= 2 and reasoned):
        return Finding(4, hits, [])
    if len(specific) >= 2 or reasoned:
        return Finding(3, hits, ["Give a second reason, tied to what you have already done."])
    return Finding(2, hits, ["Your interest sounds generic: name what about this role draws you."])


def _compensation(ctx: Ctx, dim: Dimension) -> Finding:
    hits = _uniq(ctx.matching(_COMP) + ctx.matching(_signals(tuple(dim.signals))))
    if any(_COMP_NEGATIVE.search(s.body) for s in ctx.content):
        return Finding(1, hits, ["Keep compensation calm and researched: a range, what it's based on, and flexibility."])
    if not hits:
        return Finding(1, [], ["Handle compensation with a researched range, or ask for the band first."])
    rng = any(re.search(r"\brange\b|\b\d[\d,.]*\s*(to|-|–)\s*\d", h.sent.body, re.I) for h in hits)
    research = any(re.search(r"\b(research|market|levels|based on)\b", h.sent.body, re.I) for h in hits)
    asks = any(_ASKS_BACK.search(s.body) for s in ctx.content)
    flexible = any(re.search(r"\bflexib", h.sent.body, re.I) for h in hits)
    score = sum([rng, research, asks, flexible])
    if score >= 3:
        return Finding(4, hits, [])
    if score >= 2:
        return Finding(3, hits, ["Anchor with a researched range and ask for their band."])
    return Finding(2, hits, ["Give a range grounded in research, and stay flexible on the mix."])


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


def _concision(ctx: Ctx, dim: Dimension) -> Finding:
    lo, hi = ctx.rubric.answer_words
    words = sum(s.words for s in ctx.content)
    if words < 15 or len(ctx.content) < 2:
        return Finding(1, [], ["Too short to carry information: two or three sentences with one concrete fact."])
    density = sum(s.specifics for s in ctx.content) / max(words, 1) * 100
    if words > hi * 2:
        return Finding(1, [], [f"At {words} words it runs far too long for a screen; aim for {lo}-{hi}."])
    if lo <= words <= hi and density >= 3:
        return Finding(4, [], [])
    if lo * 0.6 <= words <= hi * 1.3 and density >= 1.5:
        return Finding(3, [], ["Good length; one more concrete fact would make it stick."])
    return Finding(2, [], [f"Aim for {lo}-{hi} words with concrete facts rather than generalities."])


# --------------------------------------------------------------------------- generic


def _generic(ctx: Ctx, dim: Dimension) -> Finding:
    """Evidence from the dimension's signals alone: how many different signals, how specific, how often."""
    hits = ctx.matching(_signals(tuple(dim.signals)))
    if not hits:
        return Finding(1, [], [f"No evidence yet for {dim.name.lower()}."])
    named = _named_signals(tuple(dim.signals))
    # repeating one phrase does not add evidence: count the different signals among the matching sentences
    distinct = len({m.lastgroup for h in hits for m in named.finditer(h.sent.low)})  # type: ignore[union-attr]
    spec = _spec(hits)
    if distinct >= 4 and spec >= 2 and len(hits) >= 3:
        return Finding(4, hits, [])
    if distinct >= 2 and (spec >= 1 or len(hits) >= 2):
        return Finding(3, hits, [f"Go one level deeper on {dim.name.lower()} with specifics."])
    return Finding(2, hits, [f"Only a passing mention of {dim.name.lower()}: explain how and why."])


DETECTORS: dict[str, Callable[[Ctx, Dimension], Finding]] = {
    "generic": _generic,
    "star_situation": _star_situation,
    "star_task": _star_task,
    "star_action": _star_action,
    "star_result": _star_result,
    "star_reflection": _star_reflection,
    "communication": _communication,
    "requirements": _requirements,
    "estimation": _estimation,
    "api_data": _api_data,
    "components": _components,
    "scaling": _scaling,
    "tradeoff": _tradeoff,
    "reliability": _reliability,
    "ml_metrics": _ml_metrics,
    "narrative": _narrative,
    "motivation": _motivation,
    "compensation": _compensation,
    "candidate_questions": _candidate_questions,
    "concision": _concision,
}

_BLANK = Dimension(id="x", name="x", levels={1: "", 2: "", 3: "", 4: ""}, probes=["x"])


# --------------------------------------------------------------------------- the judge


def _quotes(text: str, hits: list[Hit], n: int = 2) -> list[str]:
    # specific sentences first, then the detector's own order (it lists its strongest evidence first)
    ranked = sorted(enumerate(_uniq(hits)), key=lambda p: (-min(p[1].sent.specifics, 2), p[0]))
    ranked = [h for _, h in ranked]
    out: list[str] = []
    for h in ranked:
        q = normalise_ws(quote_of(text, h.sent, h.match))
        if q and q not in out and len(q.split()) >= 3:
            out.append(q)
        if len(out) >= n:
            break
    return out


def build_context(text: str, rubric: Rubric) -> Ctx:
    sents = split_sentences(text)
    content, seen = [], set()
    for s in sents:
        key = " ".join(s.body.lower().split())
        if s.content and key not in seen:  # a sentence said again is padding: it counts once
            seen.add(key)
            content.append(s)
    return Ctx(
        text=text,
        sents=sents,
        content=content,
        words=word_count(text),
        rubric=rubric,
        i_count=sum(s.first_person for s in content),
        we_count=sum(s.we for s in content),
    )


_NON_ANSWER = re.compile(
    r"\b(don'?t|do not|can'?t|cannot|couldn'?t) (really )?(remember|recall|know|think of|say)\b|\bno idea\b|\bnot sure\b|"
    r"\b(i'?d|i would) rather (not|skip)\b|^\s*(pass|skip|no|nope|nothing)\W*$",
    re.I,
)
_TO_YOU = re.compile(r"\b(you|your|the team|the role|this role)\b", re.I)


def _asks_interviewer(ctx: Ctx) -> bool:
    """The reply is a question for the interviewer rather than an answer (short, ends in a question about them)."""
    if not ctx.sents or ctx.words > 40:
        return False
    last = ctx.sents[-1]
    return last.question and bool(_TO_YOU.search(last.text)) and not any(_PAST_ACTION.search(s.body) for s in ctx.sents)


class OfflineJudge:
    """Heuristic judge. ``assess`` is pure and fast (a 5,000-word answer in a few tens of milliseconds)."""

    name = ENGINE

    def assess(self, answer: str, rubric: Rubric, dimensions: list[str] | None = None) -> Assessment:
        dims = [d for d in rubric.dimensions if dimensions is None or d.id in dimensions]
        ctx = build_context(answer, rubric)
        flags: list[str] = []
        if not answer.strip():
            flags.append("empty")
        if any(s.injection for s in ctx.sents):
            flags.append("injection")
        listy = [s for s in ctx.sents if s.is_list]
        if listy and sum(s.words for s in listy) >= max(8, 0.3 * ctx.words):
            flags.append("keyword_list")
        if ctx.words and content_words(answer) < 14 and _NON_ANSWER.search(answer):
            flags.append("non_answer")
        if _asks_interviewer(ctx):
            flags.append("question_to_interviewer")
        result = Assessment(engine=ENGINE, words=ctx.words, flags=flags)
        for dim in dims:
            if "empty" in flags:
                result.dimensions[dim.id] = DimensionEvidence(dimension=dim.id, present=False, level=1)
                continue
            finding = ctx.detect(dim.detector, dim)
            result.dimensions[dim.id] = DimensionEvidence(
                dimension=dim.id,
                present=finding.level >= 2,
                level=finding.level,
                quotes=_quotes(answer, finding.hits) if finding.level >= 2 else [],
                notes=finding.notes,
            )
        return result

    async def assess_async(self, answer: str, ctx: TurnContext) -> Assessment:
        return self.assess(answer, ctx.rubric, ctx.dimensions)
