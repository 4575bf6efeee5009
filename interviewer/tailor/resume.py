"""Resume deep-dives: the projects and roles a resume lists, turned into questions a real interviewer would ask
("You list the fraud-scoring migration: what was your part, and what was the hardest decision?")."""

from __future__ import annotations

import re
from dataclasses import dataclass

from interviewer.models import KeyPoint, Question, RedFlag, Rubric
from interviewer.tailor.text import BM25, JOB_BOILERPLATE, terms

_BULLET = re.compile(r"^\s*(?:[-*•▪‣◦●·]|\d+[.)])\s+")
_VERBS = (
    "architected automated built co-led created cut decreased delivered deployed designed developed drove established "
    "grew implemented improved increased introduced launched led managed mentored migrated modernised modernized "
    "optimised optimized owned rebuilt redesigned reduced refactored replaced rewrote scaled shipped spearheaded "
    "standardised standardized started streamlined took wrote"
).split()
_VERB = re.compile(rf"^(?:{'|'.join(_VERBS)})\b\s*", re.I)
# where the project's name ends and its outcome begins
_TAIL = re.compile(
    r"\s*(?:[,;:(–—]| - |\b(?:cutting|reducing|improving|increasing|saving|resulting|which|that|so that|leading to|"
    r"achieving|enabling|allowing|bringing|raising|lowering|boosting|growing|making)\b)", re.I
)
_YEARS = re.compile(r"\b(?:19|20)\d{2}\b|\bpresent\b|\bcurrent\b", re.I)
_ROLE = re.compile(r"^(?P<title>[A-Z][\w/&+ .-]{2,60}?)\s*(?:,|\bat\b|@|\|| - | – | — )\s*(?P<org>[A-Z][\w&.+ -]{1,50})")
_TITLE_WORDS = re.compile(r"\b(engineer|scientist|developer|manager|lead|analyst|architect|researcher|director|intern|head|consultant|designer|founder|sre)\b", re.I)


@dataclass(frozen=True)
class ResumeItem:
    kind: str  # "project" or "role"
    subject: str  # "the fraud-scoring migration from nightly batch to streaming" / "Senior ML Engineer at Acme"
    line: str  # the resume line it came from


def _subject(bullet: str) -> str | None:
    text = _BULLET.sub("", bullet).strip()
    m = _VERB.match(text)
    if not m:
        return None
    rest = text[m.end():]
    rest = _TAIL.split(rest, maxsplit=1)[0].strip(" .")
    words = rest.split()
    if len(words) < 2:
        return None
    if len(words) > 12:
        words = words[:12]
        while words and words[-1].lower() in ("to", "of", "and", "for", "from", "with", "in", "on", "the", "a", "an"):
            words.pop()
    subject = " ".join(words)
    if not re.match(r"^(the|a|an|our|my)\b", subject, re.I):
        subject = "the " + subject
    return subject[0].lower() + subject[1:]


def resume_items(text: str) -> list[ResumeItem]:
    """Projects (bullets that start with an action verb) and roles (title, organisation, years), in resume order."""
    items: list[ResumeItem] = []
    seen: set[str] = set()
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        subject = _subject(line)
        if subject and subject.lower() not in seen:
            seen.add(subject.lower())
            items.append(ResumeItem("project", subject, line))
            continue
        m = _ROLE.match(line)
        if m and _YEARS.search(line) and _TITLE_WORDS.search(m.group("title")):
            org = _YEARS.split(m.group("org"))[0].strip(" ,()-–—|")
            subject = f"{m.group('title').strip()} at {org}" if org else m.group("title").strip()
            if subject.lower() not in seen:
                seen.add(subject.lower())
                items.append(ResumeItem("role", subject, line))
    return items


def rank_items(items: list[ResumeItem], job_text: str | None) -> list[ResumeItem]:
    """Projects before roles; among them, the ones closest to the job first (BM25), then those with numbers."""
    if not items:
        return []
    scores = [0.0] * len(items)
    if job_text:
        bm = BM25([terms(i.line) for i in items], b=0.3)  # short lines: length says little here
        scores = bm.scores(terms(job_text, JOB_BOILERPLATE))
    order = sorted(
        range(len(items)),
        key=lambda i: (items[i].kind != "project", -round(scores[i], 6), not re.search(r"\d", items[i].line), i),
    )
    return [items[i] for i in order]


_OWNERSHIP = KeyPoint(
    text="Says what they personally did and decided, not only what the team did",
    terms=[r"re:\bI (?:led|owned|built|designed|wrote|decided|chose|proposed|drove|ran|implemented)\b"],
)
_DECISION = KeyPoint(
    text="Names the hardest decision, the options weighed and why one won",
    terms=["instead of", "trade-off", "tradeoff", "decided + because", "chose + over", "option + because"],
)
_RESULT = KeyPoint(
    text="Gives a measured outcome (latency, cost, accuracy, time saved)",
    terms=[r"re:\b\d+(?:\.\d+)?\s?(?:%|percent|ms|x|k|m|hours?|minutes?|seconds?|days?|weeks?)\b"],
)
_HINDSIGHT = KeyPoint(
    text="Says what they would do differently now",
    terms=["differently", "in hindsight", "lesson", "next time"],
)
_ONLY_WE = RedFlag(text="Only 'we' throughout: their own part stays unclear")
_VAGUE = RedFlag(text="Cannot name a concrete decision or number about their own project")


def deep_dive_dimensions(rubric: Rubric) -> list[str]:
    """The main-phase dimensions a deep-dive probes: ownership, decisions and results first when the rubric has them."""
    main = [d for d in rubric.dimensions if d.phase == "main"]
    first = re.compile(r"owner|task|action|tradeoff|decision|deep|result|impact|mechanism|correct", re.I)
    ranked = sorted(main, key=lambda d: (not first.search(d.id), -d.weight))
    return [d.id for d in ranked[:6]] or [rubric.dimensions[0].id]


def deep_dive_question(item: ResumeItem, rubric: Rubric, n: int) -> Question:
    if item.kind == "project":
        if rubric.kind == "design":
            text = (
                f"You list {item.subject}. Sketch how it worked end to end: what was your part, "
                "and what was the hardest design decision?"
            )
        else:
            text = f"You list {item.subject}: what was your part, and what was the hardest decision?"
    else:
        text = f"You were {item.subject}. What did you own there, and what is the decision from that role you'd defend hardest?"
    return Question(
        id=f"resume-{n}",
        text=text,
        dimensions=deep_dive_dimensions(rubric),
        tests="Depth on the candidate's own work from the resume: ownership, a real decision, a measured result.",
        key_points=[_OWNERSHIP, _DECISION, _RESULT, _HINDSIGHT],
        red_flags=[_ONLY_WE, _VAGUE],
    )
