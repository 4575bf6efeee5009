"""A question's reference material (key points, red flags) as the offline judge reads it.

Term syntax (``interviewer.models.KeyPoint``): a plain phrase matches its content words by stem, in order, inside one
content sentence (a few words may sit between them); ``a + b`` needs both phrases in the same sentence, in any order;
``re:PATTERN`` is a case-insensitive regular expression. Only content sentences count (never keyword lists, STAR labels
with nothing behind them, or text addressed to the grader), so listing the terms does not pay.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

# _TOKEN, TermWord, fold, stem and tokens are also imported from here by the judge's other modules
from interviewer.judges.offline.wordforms import _TOKEN, TermWord, _key_sense, fold, stem, tokens
from interviewer.judges.text import fold_pattern, lazy
from interviewer.models import Persona, Question

STOP = frozenset(
    "a an the and or but so to of in on at for with by from as is are was were be been being it its this that these "
    "those i me my we our you your he she they them their his her not do did does done have has had will would can "
    "could should may might must just very really also then than there here what which who when where how why about "
    "into over after before up if because while some any all more most much many such only i'd i'm we'd it's".split()
)
# words every interview question uses: they say nothing about the topic
_QUESTION_FILLER = frozenset(
    "tell time describe walk through explain give example approach think handle design build let's say like "
    "experience situation one way ways someone something thing things talk kind sort system service new lot look "
    "looking point want get make work good great well people year years day days thing use need know see take come "
    "still first last next part able many much often every each other others own sure right better best help deal "
    "difference differences between versus vs".split()
)


def stems(text: str) -> list[str]:
    return [stem(t) for t in tokens(text)]


def content_stems(text: str) -> list[str]:
    return [stem(t) for t in tokens(text) if t not in STOP]


@dataclass
class Words:
    """One sentence as the term matcher sees it: its words, their stems, and one string for fast presence checks."""

    raw: list[str]
    stm: list[str]
    blob: str

    @classmethod
    def of(cls, text: str) -> Words:
        raw = tokens(text)
        stm = list(map(stem, raw))
        if "key" in stm:
            _key_sense(raw, stm)
        return cls(raw, stm, " " + " ".join(raw) + " | " + " ".join(stm) + " ")

    def content(self) -> set[str]:
        """The stems of its words that are not small function words."""
        return {st for w, st in zip(self.raw, self.stm) if w not in STOP}

    def keys(self) -> set[str]:
        """What ``Term.key`` can be for a term that may match here."""
        out = set(self.stm)
        out.update(w[:4] for w in self.raw if len(w) >= 4)
        out.update(w[:4] for w in self.stm if len(w) >= 4)
        return out

    def has(self, t: TermWord) -> bool:
        return any(n in self.blob for n in t.needles)

    def at(self, i: int, t: TermWord) -> bool:
        return t.matches(self.raw[i], self.stm[i])


@dataclass(frozen=True)
class Term:
    phrases: tuple[tuple[TermWord, ...], ...] = ()  # every phrase must match (``a + b``)
    regex: re.Pattern[str] | None = None
    key: str | None = field(default=None, compare=False)  # a sentence can match only if it has this key
    negated: bool = field(default=False, compare=False)  # the term itself says "not"/"never": a wrong claim made with one
    source: str = field(default="", compare=False)  # the term as written

    def matches(self, words: Words, low: str) -> bool:
        if self.regex is not None:
            return bool(self.regex.search(low))
        return all(all(words.has(t) for t in p) and _in_order(p, words) for p in self.phrases)

    def __post_init__(self) -> None:
        object.__setattr__(self, "key", _key(self))


def _key(term: Term) -> str | None:
    """See ``Words.keys``; None: always check (a regex, a number)."""
    if term.regex is not None or not term.phrases:
        return None
    return term.phrases[0][0].key


def _in_order(phrase: tuple[TermWord, ...], words: Words, gap: int = 3) -> bool:
    """The phrase's words appear in order, at most ``gap`` words apart."""
    return _phrase_end(phrase, words, gap) is not None


def last_word(term: Term, words: Words) -> int | None:
    """The index of the word where the term's first match ends (its last phrase's), None if it does not match."""
    ends = [_phrase_end(p, words) for p in term.phrases]
    return None if not ends or None in ends else max(ends)


def _phrase_end(phrase: tuple[TermWord, ...], words: Words, gap: int = 3) -> int | None:
    n = len(words.stm)
    for i in range(n):
        if not words.at(i, phrase[0]):
            continue
        pos, ok, prev = i, True, phrase[0]
        for p in phrase[1:]:
            # after a small word the next comes at once: "on the training data" is not "on a period after the training
            # data", "the model" not "the end of the model"
            g = 0 if prev.stem in _GLUE else gap
            nxt = next((j for j in range(pos + 1, min(n, pos + 2 + g)) if words.at(j, p)), None)
            if nxt is None:
                ok = False
                break
            pos, prev = nxt, p
        if ok:
            return pos
    return None


_GLUE = frozenset("on the a an to of in at by for with from into onto".split())  # a term's small words, said at once


def _phrase(text: str) -> tuple[TermWord, ...]:
    """Every word of the phrase (small words too: "this role" is not "a role")."""
    return tuple(TermWord.of(w) for w in tokens(text))


_NEGATION = re.compile(r"\b(not|never|no|nothing|don'?t|doesn'?t|isn'?t|won'?t|wouldn'?t|can'?t|didn'?t|without|wrong)\b", re.I)


def _digit_first(src: str) -> str:
    """``\\b\\d…`` written so the pattern starts with the digit: the same matches, but the regex engine can skip to
    the next digit instead of testing a word boundary at every position (~2.5x faster on a long answer)."""
    if src.startswith(r"\b\d+"):
        return r"\d(?<!\w\d)\d*" + src[5:]
    if src.startswith(r"\b\d") and src[4:5] not in ("*", "+", "?", "{"):
        return r"\d(?<!\w\d)" + src[4:]
    return src


def compile_term(term: str) -> Term | None:
    term = term.strip()
    negated = bool(_NEGATION.search(re.sub(r"\\[a-zA-Z]", " ", term)))  # read past \b, \w... in a pattern
    if term.startswith("re:"):
        try:  # matched against lowercased text: folding the pattern is faster than re.I
            return Term(regex=re.compile(_digit_first(fold_pattern(term[3:]))), negated=negated, source=term)
        except re.error:
            return None
    phrases = tuple(p for p in (_phrase(part) for part in term.split(" + ")) if p)
    return Term(phrases=phrases, negated=negated, source=term) if phrases else None


@dataclass(frozen=True)
class Point:
    text: str
    terms: tuple[Term, ...]
    vocab: frozenset[str] = frozenset()  # its own words (text and terms), minus the question's: for paraphrases

    def matches(self, words: Words, low: str, keys: set[str] | None = None) -> bool:
        return any(t.matches(words, low) for t in self.terms if keys is None or t.key is None or t.key in keys)


@dataclass(frozen=True)
class Reference:
    """What the judge checks an answer against. ``source``: "bank" (the question asked), "borrowed" (the closest bank
    question to a free-text one), or "none" (generic signals only)."""

    question: str
    key_points: tuple[Point, ...] = ()
    red_flags: tuple[Point, ...] = ()
    vocab: frozenset[str] = frozenset()  # topic stems: the question's words and the key points' terms
    source: str = "none"
    borrowed_from: str = ""
    tests: str = ""

    @property
    def has_points(self) -> bool:
        return bool(self.key_points)


def _points(items, question: str = "") -> tuple[Point, ...]:
    out = []
    common = _topic(question) | _GENERIC_POINT_WORDS
    for it in items:
        terms = tuple(t for t in (compile_term(x) for x in it.terms) if t is not None)
        words = _topic(it.text) | {w for x in it.terms if not x.startswith("re:") for w in _topic(x.replace(" + ", " "))}
        out.append(Point(it.text, terms, frozenset(words - common)))
    return tuple(out)


# words key-point texts use to address the candidate, not to name the content
_GENERIC_POINT_WORDS = frozenset(stem(w) for w in "say mention explain give name show state describe clear clearly".split())


# everyday words that say nothing about a topic (key-point terms bring some: "i read", "looked at", "didn't")
_EVERYDAY = frozenset(
    "day days week weeks month months year get gets got like new one two three four five six ten talk talks too true "
    "use used make makes keep out per through time times work works idea ideas base based first next start follow "
    "ask asks rough watch lot good bad big small long short end put take give go come see say said tell know want "
    "need try look find call run set show part kind sort case point people person back even still well much many "
    "more most less least other another same different right wrong able around again also each every own real "
    "really sure whole half top now far read didn don haven isn wasn aren doesn couldn wouldn shouldn won can "
    "annoy thing things way ways"
    .split()
)


def topical(stems: frozenset[str]) -> frozenset[str]:
    """``stems`` without everyday words: the topic words relevance can rely on."""
    return frozenset(w for w in stems if w not in _not_topic())


@lru_cache(maxsize=1)
def _not_topic() -> frozenset[str]:
    return frozenset(stem(w) for w in STOP | _QUESTION_FILLER | _EVERYDAY) | _EVERYDAY


def _topic(text: str) -> set[str]:
    out = set()
    for w in tokens(text):
        w = w.replace("’", "'").split("'")[0]
        if _topic_word(w):
            out.add(stem(w))
    return out


def _topic_word(w: str) -> bool:
    """Can this word (lowercased, without an apostrophe ending) say what a text is about?"""
    return len(w) > 2 and w not in STOP and w not in _QUESTION_FILLER and not w[0].isdigit()


def _build(question: Question) -> Reference:
    vocab = _topic(question.text)
    for kp in [*question.key_points, *question.red_flags]:  # a wrong answer is still on the topic
        for t in kp.terms:
            if not t.startswith("re:"):
                vocab |= _topic(t.replace(" + ", " "))
    return Reference(
        question=question.text,
        key_points=_points(question.key_points, question.text),
        red_flags=_points([f for f in question.red_flags if f.terms], question.text),
        vocab=frozenset(vocab),
        source="bank",
        tests=question.tests,
    )


def reference_for(question: Question | None, text: str | None = None) -> Reference:
    if question is None:
        return Reference(question=text or "", vocab=frozenset(_topic(text or "")))
    ref = _cached(question.model_dump_json(), question)
    if text and text != question.text:
        return Reference(
            question=text, key_points=ref.key_points, red_flags=ref.red_flags,
            vocab=ref.vocab | frozenset(_topic(text)), source="borrowed", borrowed_from=question.text, tests=ref.tests,
        )
    return ref


_CACHE: dict[str, Reference] = {}  # by the question's JSON: pydantic models are not hashable


def _cached(key: str, question: Question) -> Reference:
    ref = _CACHE.get(key)
    if ref is None:
        if len(_CACHE) > 1024:
            _CACHE.clear()
        ref = _CACHE[key] = _build(question)
    return ref


FREE_TEXT_ID = "review"  # the question id of a reviewed answer that matched no bank question or library topic


def question_by_id(persona: Persona, question_id: str | None) -> Question | None:
    """The bank question with this id, else the reference-library topic with it (a reviewed free-text question that
    borrowed a topic carries the topic's id, so a model judge and the report read the same key points)."""
    if not question_id:
        return None
    found = next((q for q in persona.questions if q.id == question_id), None)
    if found is None and question_id != FREE_TEXT_ID:  # not a topic: no need to read the library
        from interviewer.references import topics_for

        found = next((t for t in topics_for(persona.id) if t.id == question_id), None)
    return found


def prompt_reference(question: Question | None) -> dict | None:
    """A bank question's reference material for a model judge or grader (its user message only, never the shared
    system prefix the voice uses): what it probes, the key points a strong answer usually covers, the red flags."""
    if question is None or not (question.key_points or question.red_flags):
        return None
    return {
        "tests": question.tests,
        "key_points": [kp.text for kp in question.key_points],
        "red_flags": [f.text for f in question.red_flags],
    }
