"""Short, true answers to the candidate's questions, from the persona's facts, or an honest "I'll find out".

``Persona.facts`` maps a key (role, team, band, process, location, visa, start, next_steps, hiring_manager, company, or
any other) to a sentence the interviewer may say. A candidate's question is matched to the facts it asks about by the
words people use for them ("salary", "band", "pay" -> band; "remote", "office" -> location), by the key's own words, and
by overlap with the fact's text. Nothing is invented: a question no fact answers gets "I'll find out for you".
"""

from __future__ import annotations

import re

MAX_QUESTIONS = 3

# What a candidate asks about, by the words people use for it. A *specific* topic is answered only by a fact for that
# topic (its key, or a fact whose text matches the same words); otherwise the answer is "I'll find out", never a
# neighbouring fact. The *general* topics (team, role, company) answer only questions that ask about nothing specific.
SPECIFIC: dict[str, re.Pattern[str]] = {
    key: re.compile(p, re.I)
    for key, p in {
        "band": r"\b(bands?|salary|salaries|compensation|comp|pay|paid|pay range|equity|bonus|stock|package|levell?ing)\b",
        "visa": r"\b(visas?|sponsor\w*|work permits?|relocat\w*|immigration)\b",
        "location": r"\b(remote|hybrid|offices?|location|located|based|on-?site|work from home|wfh|in person|days a week)\b",
        "process": r"\b(process|stages?|rounds?|interviews?|onsite|on-site|loop|what comes next|after this)\b",
        "next_steps": r"\b(next steps?|hear back|timeline|when will i|when would i (hear|know)|decision)\b",
        "start": r"\b(start date|when (would|could|can) i start|i (could|would|can) start|starting|onboarding|notice)\b",
        "hiring_manager": r"\b(hiring manager|my manager|manager|report(ing)? to|who leads)\b",
        "success": r"\b(success|succeed|measured|metrics?|kpis?|first (90|ninety|few) days|expectations?)\b",
        "challenges": r"\b(challeng\w*|hardest|biggest problems?|pain points?)\b",
        "stack": r"\b(stack|tools|tooling|languages?|frameworks?|infrastructure|python|pytorch|tensorflow|deploy\w*)\b",
        "on_call": r"\b(on-?call|pager|incidents?)\b",
        "growth": r"\b(growth|grow|promotion|progression|career path|mentor\w*|learning budget)\b",
        "culture": r"\b(culture|values|work-life|hours|meetings?)\b",
    }.items()
}
GENERAL: dict[str, re.Pattern[str]] = {
    "team": re.compile(r"\b(team|teammates|colleagues|how many (engineers|people)|team size|who would i work)\b", re.I),
    "role": re.compile(r"\b(role|position|responsibilit\w*|day[- ]to[- ]day|day in the life|work on)\b", re.I),
    "company": re.compile(r"\b(company|mission|funding|business)\b", re.I),
}

_SENT = re.compile(r"[^.?!\n]+[.?!]*")
_ASKING = re.compile(
    r"^\s*((and|also|so|plus|one more|lastly|finally)[,:]?\s+)?(what|what's|how|who|who's|when|where|why|which|is|are|do|does|did|can|could|"
    r"would|will|should|have|has)\b",
    re.I,
)
_WORD = re.compile(r"[a-z][a-z'-]{2,}")
_STOP = set(
    "the and for are you your what how who when where why which does did can could would will should have has this "
    "that there about with from into like look looks team's role's i'm i'd it's what's".split()
)


# "…, and what does the on-call look like?": a second question joined to the first by "and" (or "or")
_JOINED = re.compile(
    r",?\s+(?:and|or|also)\s+(?=(?:what|what's|how|who|who's|when|where|why|which|is|are|do|does|can|could|would|will)\s)",
    re.I,
)


def questions_in(text: str) -> list[str]:
    """The questions in a candidate's reply (sentences ending in '?', or worded as a question), at most three. Two
    questions joined by "and" in one sentence ("How big is the team, and what is the on-call like?") are two."""
    out = []
    for m in _SENT.finditer(text or ""):
        s = " ".join(m.group(0).split())
        if not s or len(s.split()) < 3:
            continue
        if s.endswith("?") or (_ASKING.match(s) and not s.endswith("!")):
            s = s if s.endswith("?") else s.rstrip(".") + "?"
            parts = [p.strip(" ,") for p in _JOINED.split(s)]
            if len(parts) > 1 and all(len(p.split()) >= 3 for p in parts):
                out.extend(p[:1].upper() + p[1:] + ("" if p.endswith("?") else "?") for p in parts)
            else:
                out.append(s)
    return out[:MAX_QUESTIONS]


def _stems(text: str) -> set[str]:
    return {w.rstrip("s") for w in _WORD.findall(text.lower()) if w not in _STOP}


def facts_for(question: str, facts: dict[str, str]) -> list[str | None]:
    """What answers ``question``: fact keys, best first, with ``None`` for a specific topic that no fact covers (so the
    interviewer says it will find out). An empty list when the question names no topic at all."""
    out: list[str | None] = []
    usable = {k: v for k, v in facts.items() if v and v.strip()}
    for key, cue in SPECIFIC.items():
        if not cue.search(question):
            continue
        if key in usable:
            out.append(key)
        else:
            out.append(next((k for k, v in usable.items() if k not in SPECIFIC and cue.search(v)), None))
    # facts with keys of their own ("tech_stack", "on_call_rotation") answer questions that use the key's words
    q_words = _stems(question)
    for key in usable:
        words = {w.rstrip("s") for w in key.lower().split("_") if len(w) > 2}
        if key not in SPECIFIC and key not in GENERAL and words and words <= q_words:
            out.append(key)
    if not out:
        out = [key for key, cue in GENERAL.items() if cue.search(question) and key in usable]
    return list(dict.fromkeys(out))[:2]


def _sentence(text: str) -> str:
    text = " ".join(text.split())
    return text if text.endswith((".", "!", "?")) else text + "."


def answer_questions(text: str, facts: dict[str, str], already: list[str] | None = None) -> list[str]:
    """Short answers to the questions in ``text``: each matched fact once, and one honest "I'll find out" for the
    questions no fact answers. A fact in ``already`` (said earlier in the wrap-up) is only referred to."""
    answers: list[str] = []
    used: set[str] = set()
    unknown: list[str] = []
    for q in questions_in(text):
        keys = facts_for(q, facts)
        if not keys or None in keys:
            unknown.append(q)
        for k in keys:
            if k is not None and k not in used:
                used.add(k)
                said = _sentence(facts[k])
                answers.append(f"As I mentioned, {_lower_first(said)}" if said in (already or []) else said)
    if unknown:
        if len(unknown) == 1 and not answers:
            answers.append("I don't have that to hand, so I'll find out for you and follow up by email.")
        elif len(unknown) == 1:
            answers.append(f"On “{_short(unknown[0])}”, I don't know offhand; I'll find out for you and follow up by email.")
        elif not answers:  # "the rest" of nothing
            answers.append("I don't have those to hand, so I'll find out for you and follow up by email.")
        else:
            answers.append("The rest I don't have to hand; I'll find out for you and follow up by email.")
    return answers


def _lower_first(s: str) -> str:
    return s[:1].lower() + s[1:] if s[:2] != s[:2].upper() else s


def _short(q: str, n: int = 60) -> str:
    q = re.sub(r"^(and|also|so|plus|lastly|finally|one more)[,:]?\s+", "", q.strip(), flags=re.I)
    q = q[:1].upper() + q[1:]
    return q if len(q) <= n else q[: n - 1].rsplit(" ", 1)[0] + "…"


_TO_INTERVIEWER = re.compile(
    r"\b(you|your|the team|this team|this role|the role|the band|the company|the process|interview process|"
    r"the interviews?|next steps?)\b",
    re.I,
)


def words_besides_questions(text: str) -> int:
    """How many words of ``text`` are not in its questions: an answer that ends with a question back has many."""
    return sum(len(m.group(0).split()) for m in _SENT.finditer(text or "") if not m.group(0).rstrip().endswith("?"))


def questions_for_later(text: str, facts: dict[str, str], *, flagged: bool) -> list[str]:
    """The questions in a mid-interview reply that the wrap-up should answer: all of them when the judge read the reply
    as a question to the interviewer (``flagged``), else only those addressed to the interviewer about the role, the
    team, the band, the process..."""
    qs = questions_in(text)
    if flagged:
        return qs
    return [q for q in qs if _TO_INTERVIEWER.search(q) and facts_for(q, facts)]
