"""Detectors for system-design rounds: requirements, estimation, API and data, components, scaling, trade-offs, reliability."""

from __future__ import annotations

import re
from collections.abc import Callable

from interviewer.judges.text import low
from interviewer.judges.offline.base import Ctx, Finding, Hit, detector, signals_rx, specifics_of, uniq
from interviewer.models import Dimension

# --------------------------------------------------------------------------- design

_COMPONENT = low(
    r"\b(load balancers?|caches?|caching layer|redis|memcached|cdn|databases?|db|sql|postgres(ql)?|mysql|cassandra|dynamodb|"
    r"key-value store|kv store|document store|object stor(e|age)|s3|blob stor(e|age)|queues?|kafka|pub/?sub|message (broker|bus)|"
    r"stream(ing)? (job|processor|pipeline)|flink|spark|workers?|schedulers?|api (tier|gateway|servers?|layer)|gateway|"
    r"(application|app|web|stateless) (servers?|tier)|servers?|services?|search index|elasticsearch|index|replicas?|"
    r"websockets?|notification service|feature store|model server|counter service|code generator|id generator|"
    r"rate limiter|coordinator|zookeeper|etcd|analytics store|data warehouse|warehouse|ledger|storage layer)\b",
)
_ROLE = low(
    r"\b(in front of|behind|to (store|serve|handle|cache|route|hold|track|compute|generate|process|redirect|persist|absorb|"
    r"fan|deliver|buffer|index|balance|keep|look up|read|write)|for (hot|reads|writes|storage|caching|the|each|every|"
    r"analytics|durability)|that (stores|serves|handles|hands|holds|keeps|routes|computes|writes|reads|feeds)|which|handles|"
    r"stores|serves|fits because|so that|feeding|feeds|writes to|reads from|keyed by|partitioned by|sharded by|hands out|"
    # a role said by what flows through it: "uploads the file to S3", "updates a record in a database", "saved in Redis"
    r"(uploads?|writes?|sends?|pushes|publish(es)?|puts?|copies|streams?|forwards?|appends?) (it |them |the [\w-]+ |each [\w-]+ )?(to|into)|"
    r"(updates?|inserts?|adds?|reads?|fetch(es)?|looks? up) (a |the |its |one )?(record|row|entry|document|key|value)s?|"
    r"(saved|stored|kept|written|cached|persisted|queued) (in|to|into|on)|"
    r"that (watches|tracks|checks|sends|receives|listens|polls|pushes|syncs|uploads|downloads|processes|runs|consumes|"
    r"collects|aggregates|schedules|assigns|matches|scores))\b",
)
_ESTIMATION_VOCAB = low(
    r"\b(per (second|day|month|year|minute|hour)|qps|rps|/s\b|peak|storage|bandwidth|throughput|requests|writes|reads|"
    r"daily|monthly|dau|mau|bytes|tb|gb|pb|records?|messages|rows|ratio)\b",
)
_DERIVE = low(r"\b(so|which is|that is|about|roughly|around|approximately|≈|~|times|x\b|divided|gives|means)\b|[=×*/]")
_STORAGE = low(r"\b(tb|gb|pb|mb|bytes|storage|disk)\b")
_TRAFFIC = low(r"\b(per second|qps|rps|/s\b|requests|peak|throughput|writes|reads)\b")
_API = low(r"\b(GET|POST|PUT|PATCH|DELETE)\s+/|\b(endpoints?|api|rpc|grpc|rest(ful)?|returns?)\b")
_DATA_MODEL = low(
    r"\b(schema|tables?|keyed by|primary key|partition key|columns?|fields?|data model|index(ed)? (on|by)|rows?|"
    r"documents?|foreign key)\b|\{[^}]{3,}\}",
)
_SCALING = low(
    r"\b(shard\w*|partition\w*|replicat\w*|read replicas?|consistent hashing|hot (key|spot|partition)s?|horizontal\w*|"
    r"scale (out|horizontally)|cache hit (ratio|rate)|fan-?out|backpressure|rate limit\w*|bottleneck|"
    r"autoscal\w*|batch(ing)?|denormali[sz]\w*|precomput\w*|ranges? of ids|async\w*|bloom filter|leader|quorum)\b",
)
_REASONED = low(r"\b(because|so that|so\b|since|to avoid|which|by|if|when|above|under|at \d)")
_TRADEOFF = low(
    r"\b(trade-?offs?|instead of|rather than|versus|vs\.?|at the cost of|at the expense of|in exchange for|"
    r"the (downside|cost|price|risk) (is|of)|on the other hand)\b",
)
_BECAUSE_WORD = low(r"\bbecause\b")
_TRADEOFF_WEAK = low(r"\b(but|whereas|acceptable|although|however|while)\b")
_BECAUSE = low(r"\b(because|since|so that|which means|so\b|given that|as long as|if we need|if you need|for)\b")
_COMPARATIVE = low(
    r"\b(better|worse|simpler|faster|slower|cheaper|costlier|easier|harder|more|less|fewer|lower|higher|over)\b",
)
_RELIABILITY = low(
    r"\b(monitor\w*|alert\w*|dashboards?|slos?|slas?|failover|fail over|redundan\w*|replicat\w* across|multi-region|"
    r"retr(y|ies)|circuit breakers?|backups?|health checks?|roll ?backs?|canary|on-call|paging|observability|"
    r"idempoten\w*|graceful\w*|degrad\w*|timeouts?|highly available|availability zones?)\b",
)
_RELIABILITY_METRIC = low(r"\b(p9[059]|p99\.9|error rates?|latency|lag|hit (ratio|rate)|saturation|throughput)\b")
_REQUIREMENTS = low(
    r"\b(requirements?|functional|non-functional|clarify|assum\w*|scope|out of scope|users?|use cases?|latency|availability|"
    r"consisten\w*|durab\w*|read[- ]heavy|write[- ]heavy|p99|sla|should (support|be able)|must|"
    r"fresh\w*|stale\w*|real[- ]time|(seconds?|minutes?) (old|behind|late|stale))\b",
)
_NFR = low(
    r"\b(latency|availab\w*|p9\d|consisten\w*|durab\w*|throughput|non-functional|sla|ms|fresh\w*|stale\w*|real[- ]time|"
    r"(seconds?|minutes?) (old|behind|late|stale))\b"
)
# a sentence that defines the API or the data model (an endpoint, a key, fields): a word such as "user" in it is not
# a requirement stated, and a word such as "API" in a requirement does not define the API
_ENDPOINT = re.compile(r"\b(GET|POST|PUT|PATCH|DELETE)\s+/")
_FIELDS = low(r"\b(keyed by|primary key|partition key|fields?|columns?)\b|\{")
_STATES_REQUIREMENT = low(r"\b(requirements?|functional|scope|assum\w*|clarify|use cases?)\b")


def _strongest(hits: list[Hit], strong: Callable[[Hit], bool]) -> list[Hit]:
    """The hits to quote: those that show what the dimension scores, or all of them when none does."""
    return [h for h in hits if strong(h)] or hits
_FR = low(r"\b(functional|users? (can|should|must)|create|redirect|post|send|upload|search|feature|use cases?)\b")


@detector("requirements")
def _requirements(ctx: Ctx, dim: Dimension) -> Finding:
    hits = uniq(ctx.matching(_REQUIREMENTS) + ctx.matching(signals_rx(tuple(dim.signals))))
    if not hits:
        return Finding(1, [], ["Start by clarifying requirements: users, core features, scale, latency targets."])
    questions = [h for h in hits if h.sent.question]
    nfr = any(_NFR.search(h.sent.low) for h in hits)
    fr = any(_FR.search(h.sent.low) for h in hits)
    quant = sum(h.sent.quantified for h in hits)
    shown = _strongest(hits, lambda h: bool(
        _NFR.search(h.sent.low) or _FR.search(h.sent.low) or _STATES_REQUIREMENT.search(h.sent.text.lower())
        or h.sent.question or not (_ENDPOINT.search(h.sent.body) or _FIELDS.search(h.sent.low))
    ))
    if fr and nfr and quant >= 2:
        return Finding(4, shown, [])
    if (nfr and quant >= 1) or (fr and nfr) or (questions and quant):
        return Finding(3, shown, [] if fr else ["Separate functional from non-functional requirements."])
    return Finding(2, shown, ["Pin the requirements down with numbers: users, QPS, latency targets."])


@detector("estimation")
def _estimation(ctx: Ctx, dim: Dimension) -> Finding:
    hits = [Hit(s, m) for s in ctx.content if s.quantified and (m := _ESTIMATION_VOCAB.search(s.low))]
    if not hits:
        return Finding(1, [], ["Estimate the scale: requests per second (average and peak) and storage over time."])
    derived = [h for h in hits if _DERIVE.search(h.sent.low)]
    storage = any(_STORAGE.search(h.sent.low) for h in hits)
    traffic = any(_TRAFFIC.search(h.sent.low) for h in hits)
    quant = sum(h.sent.quantified for h in hits)
    if quant >= 4 and storage and traffic and derived:
        return Finding(4, hits, [])
    if quant >= 2 and (storage or traffic):
        notes = [] if storage and traffic else ["Cover both traffic and storage in the estimate."]
        return Finding(3, hits, notes)
    return Finding(2, hits, ["Show the arithmetic: from users to requests per second and to storage."])


@detector("api_data")
def _api_data(ctx: Ctx, dim: Dimension) -> Finding:
    api = ctx.matching(_API)
    data = ctx.matching(_DATA_MODEL)
    hits = uniq(api + data + ctx.matching(signals_rx(tuple(dim.signals))))
    if not hits:
        return Finding(1, [], ["Define the API (endpoints, inputs, outputs) and the data model (keys, fields)."])
    endpoints = any(_ENDPOINT.search(h.sent.body) for h in api)
    fields = any(_FIELDS.search(h.sent.low) for h in data)
    defines = {h.sent.start for h in data} | {h.sent.start for h in api if _ENDPOINT.search(h.sent.body)}
    hits = _strongest(hits, lambda h: h.sent.start in defines)
    if endpoints and fields:
        return Finding(4, hits, [])
    if endpoints or fields:
        return Finding(3, hits, ["Cover both the API and the data model with its keys."])
    return Finding(2, hits, ["Be concrete: endpoint signatures and the table's key and fields."])


@detector("components")
def _components(ctx: Ctx, dim: Dimension) -> Finding:
    names: dict[str, Hit] = {}
    for s in ctx.content:
        if not _ROLE.search(s.low):
            continue
        for m in _COMPONENT.finditer(s.low):
            key = m.group(0).lower().rstrip("s")
            names.setdefault(key, Hit(s, m))
    hits = uniq(list(names.values()))
    n = len(names)
    if n == 0:
        return Finding(1, [], ["Name the main components and say what each one does."])
    if n >= 5:
        return Finding(4, hits, [])
    if n >= 3:
        return Finding(3, hits, ["Walk through the data flow end to end across the components."])
    return Finding(2, hits, ["Name more components and give each a role (what it stores or serves, and why)."])


@detector("scaling")
def _scaling(ctx: Ctx, dim: Dimension) -> Finding:
    hits = uniq(ctx.matching(_SCALING) + ctx.matching(signals_rx(tuple(dim.signals))))
    mechanisms = {m.group(0).lower()[:6] for h in hits for m in _SCALING.finditer(h.sent.low)}
    if not hits:
        return Finding(1, [], ["Go deep on one bottleneck: how it shards, caches or replicates, with numbers."])
    reasoned = [h for h in hits if _REASONED.search(h.sent.low) or h.sent.quantified]
    if len(mechanisms) >= 4 and specifics_of(hits) >= 3 and reasoned:
        return Finding(4, hits, [])
    if len(mechanisms) >= 2 and reasoned:
        return Finding(3, hits, ["Quantify the deep dive: where the bottleneck appears and at what load."])
    return Finding(2, hits, ["Explain the scaling mechanism and why it fixes the bottleneck."])


_TO_PARTS = {
    "compare": low(r"\b(trade-?offs?|versus|vs\.?|instead of|rather than|over|whereas|on the other hand|alternative)\b"),
    "cost": low(
        r"\b(cost\w*|downside|expense|stale|slow\w*|expensive|complex\w*|latency|risk\w*|lose|losing|give up|harder|"
        r"guessable|overhead|inconsisten\w*|worse)\b",
),
    "condition": low(r"\b(acceptable|fine for|if (we|you)|when|unless|depends on|for [a-z]+ I would|I would (choose|pick|use))\b"),
    "reason": low(r"\b(because|since|so that|which means|so\b|to avoid)\b"),
}


_OVERFIT = low(r"\b(overfit\w*|underfit\w*|noisier|needs? (more|a lot|careful)|harder to)\b")  # what a choice costs in ML terms


@detector("tradeoff")
def _tradeoff(ctx: Ctx, dim: Dimension) -> Finding:
    """'X because Y / instead of Z': a comparison with its reasons, costs and the conditions under which it flips."""
    hits = []
    for s in ctx.content:
        low = s.low
        if s.body_offset and (m := _TRADEOFF.search(s.text.lower())):  # a "Trade-off:" label is itself a signal here
            hits.append(Hit(s, _TRADEOFF.search(low) or m))
        elif m := _TRADEOFF.search(low):
            hits.append(Hit(s, m))
        elif m := _TRADEOFF_WEAK.search(low):
            comparatives = len(_COMPARATIVE.findall(low))
            if comparatives >= 2 or (comparatives and (_BECAUSE.search(low) or _TO_PARTS["cost"].search(low) or _OVERFIT.search(low))):
                hits.append(Hit(s, m))
            elif "because" in low and (m := _BECAUSE_WORD.search(low)) and comparatives:
                hits.append(Hit(s, m))
        elif "because" in low and (m := _BECAUSE_WORD.search(low)) and _COMPARATIVE.search(low):
            hits.append(Hit(s, m))
    if not hits:
        return Finding(1, [], ["Name a trade-off: 'I chose X instead of Y because Z, at the cost of W'."])
    parts = {name for h in hits for name, rx in _TO_PARTS.items() if rx.search(h.sent.text.lower())}
    if len(hits) >= 2 and len(parts) >= 4:
        return Finding(4, hits, [])
    if len(parts) >= 3 or (len(hits) >= 2 and len(parts) >= 2):
        missing = {"cost": "what each option costs", "condition": "when you would choose differently", "reason": "the reason behind the choice"}
        gaps = [v for k, v in missing.items() if k not in parts]
        return Finding(3, hits, [f"Round off the trade-off with {' and '.join(gaps)}."] if gaps else ["Weigh a second trade-off in the design."])
    return Finding(2, hits, ["Compare alternatives explicitly and say what each choice costs."])


@detector("reliability")
def _reliability(ctx: Ctx, dim: Dimension) -> Finding:
    """How it fails and how you would know: a failure mode, a metric you watch, an alert that pages someone."""
    hits = ctx.matching(_RELIABILITY)  # a latency target alone is a requirement, not a reliability plan
    if not hits:
        return Finding(1, [], ["Say how you would know it is broken: metrics, alerts, and how it fails over."])
    text = " ".join(h.sent.low for h in hits)
    kinds = {m.group(0).lower()[:5] for h in hits for rx in (_RELIABILITY, _RELIABILITY_METRIC) for m in rx.finditer(h.sent.low)}
    alerting = bool(_ALERT.search(text))
    failure = bool(_FAILURE.search(text))
    measured = bool(_WATCH.search(text) or _RELIABILITY_METRIC.search(text))
    if len(kinds) >= 4 and alerting and failure and measured:
        return Finding(4, hits, [])
    if failure and (alerting or measured) and len(kinds) >= 2:
        return Finding(3, hits, [] if alerting else ["Say what you alert on and at what threshold."])
    gaps = [g for g, ok in (("the failure modes you design for", failure), ("the metrics you watch", measured),
                            ("what pages someone", alerting)) if not ok]
    return Finding(2, hits, [f"Name {', '.join(gaps[:-1]) + ' and ' + gaps[-1] if len(gaps) > 1 else gaps[0]}."] if gaps else
                   ["Go deeper: which failure you expect first, and how the metric shows it."])


_ALERT = low(r"\b(alert\w*|pag(e|es|ed|ing)|on-call|threshold|slo)\b")
_FAILURE = low(
    r"\b(fail\w*|outage|goes down|is down|crash\w*|lost|lose|losing|partition\w*|redundan\w*|replica\w*|backups?|"
    r"retr(y|ies)|circuit breakers?|degrad\w*|timeouts?|multi-region|availability zones?|idempoten\w*|roll ?backs?|"
    r"dead[- ]letter|disaster)\b",
)
_WATCH = low(r"\b(monitor\w*|dashboards?|slos?|slas?|metrics?|observability|track\w*)\b")
