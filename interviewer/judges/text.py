"""Text analysis shared by the judges: sentence spans, lists, injections, specificity.

Everything works on spans of the original text, so every quote the judges produce is a verbatim substring.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from dataclasses import dataclass, field
from functools import lru_cache

from interviewer.judges.patterns import Rx, fold_pattern, lazy, low  # noqa: F401 - the judges import them from here

MAX_ANSWER_CHARS = 30_000  # about 5,000 words: what one answer may hold; the rest is cut with a notice

_CONTROL = lazy(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")
_ANSI = lazy(r"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[@-Z\\-_]")


@dataclass
class CleanText:
    text: str
    notices: list[str] = field(default_factory=list)
    truncated: bool = False


def clean_answer(raw: str | bytes) -> CleanText:
    """Make candidate input safe to store and score: valid UTF-8, no control characters, a bounded size."""
    notices: list[str] = []
    if isinstance(raw, bytes):
        text = raw.decode("utf-8", errors="replace")
        if "\ufffd" in text:
            notices.append("Some bytes were not valid UTF-8 and were replaced with '\ufffd'.")
    else:
        text = raw
        if any(0xD800 <= ord(c) <= 0xDFFF for c in text):  # lone surrogates from surrogateescape stdin
            text = text.encode("utf-8", errors="surrogateescape").decode("utf-8", errors="replace")
            notices.append("Some bytes were not valid UTF-8 and were replaced with '\ufffd'.")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    stripped = _ANSI.sub("", text)
    stripped = _CONTROL.sub("", stripped)
    if stripped != text:
        notices.append("Control characters were removed from your answer.")
    text = unicodedata.normalize("NFC", stripped).strip()
    truncated = False
    if len(text) > MAX_ANSWER_CHARS:
        cut = text.rfind(" ", 0, MAX_ANSWER_CHARS)
        cut = cut if cut > MAX_ANSWER_CHARS * 0.9 else MAX_ANSWER_CHARS
        words = len(text.split())
        text = text[:cut].rstrip()
        truncated = True
        notices.append(
            f"Your answer was {words:,} words; only the first {len(text.split()):,} were kept. "
            "In a real interview, aim for 2-3 minutes per answer."
        )
    return CleanText(text=text, notices=notices, truncated=truncated)


# --------------------------------------------------------------------------- sentences

_SENT_END = lazy(r"(?<=[.!?])[\"')\]]*\s+(?=[\"'(\[]?[A-Z0-9])|\n\s*\n|\n(?=\s*(?:[-*•]|\d+[.)])\s)|(?<=[.!?:])\n")
_WORD = lazy(r"[A-Za-z][A-Za-z'’/-]*|\d[\d,.]*")
_LABEL = low(
    r"^\s*(?:\*\*)?(situation|task|action|actions|result|results|learned|learning|lesson|reflection|context|"
    r"outcome|impact|requirements|estimation|api|design|trade-?offs?)(?:\*\*)?\s*[:\-–—]\s*",
)

_INJECTION = [
    low(r"\b(ignore|disregard|forget|override|bypass)\b[^.!?\n]{0,80}\b(rubric|instructions?|prompts?|guidelines|criteria|rules|above)\b"),
    low(r"\b(note|message|instructions?)\s+(to|for)\s+(the\s+|any\s+)?((automated|automatic|ai|human)\s+)?(grad\w*|scor\w*|evaluat\w*|review\w*|assess\w*|ai|model|llm|assistant|system)\b"),
    low(r"\b(score|rate|grade|mark)\b[^.!?\n]{0,40}\b(4|four|10|ten|5|five)\s*(/|out of)\s*(4|four|10|ten|5|five)\b"),
    low(r"\b(grader|grading\s+(system|model|ai)|scoring\s+(system|model|ai)|evaluator|language model|llm|ai (model|assistant|grader))\b[^.!?\n]{0,80}\b(score|rate|grade|give|assign|mark|approve|recommend|pass)\b"),
    low(r"\b(score|rate|grade|mark)\b[^.!?\n]{0,30}\b(every|all|each)\b[^.!?\n]{0,30}\b(4|four|exceptional|maximum|highest|full)\b"),
    low(r"\b(give|award|assign)\s+(me|this (answer|candidate))\b[^.!?\n]{0,30}\b(4|four|top|full|maximum|highest|perfect)\b"),
    low(r"\bstrong\s+hire\b"),
    low(r"\b(output|give|assign|award|return|print)\b[^.!?\n]{0,30}\b(highest|maximum|top|full|perfect|best)\s+(possible\s+|available\s+)?(scores?|marks?|grades?|ratings?|levels?)\b"),
    low(r"\b(system prompt|you are now|new instructions|previous instructions|already been approved|pre-?approved)\b"),
]

# Cheap substring tests: one of them must occur before the injection patterns are run (each pattern contains one).
_INJECTION_HINTS = (
    "ignor", "disregard", "forget", "overrid", "bypass", "note", "message", "instruction", "grad", "scor", "evaluat",
    "llm", "model", "assistant", "ai ", "ai,", "ai.", "rate", "mark", "give", "award", "assign", "strong hire",
    "system prompt", "you are now", "approved", "output", "return", "print",
)
_NUMBER_WORDS = (
    "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|hundred|"
    "thousand|million|billion|trillion|half|double|twice|dozen"
)
_NUMBER_WORD_SET = frozenset(_NUMBER_WORDS.split("|"))

# counts written as words, and their values: "forty minutes" is "40 minutes" to a pattern and to story sameness
COUNT_WORDS = {
    w: str(n) for n, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
        "seventeen eighteen nineteen twenty".split()
    )
} | {"thirty": "30", "forty": "40", "fifty": "50", "sixty": "60", "seventy": "70", "eighty": "80", "ninety": "90",
     "hundred": "100"}
_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_COUNT = rf"\b(?:(?:{_TENS})[- ](?:one|two|three|four|five|six|seven|eight|nine)|" + "|".join(COUNT_WORDS) + r")\b"


@lru_cache(maxsize=4)
def _count_rx(before_word: bool, lowered: bool) -> re.Pattern[str]:
    return re.compile(_COUNT + (r"(?=[\s-]+[a-z%])" if before_word else ""), 0 if lowered else re.I)


def counts_as_digits(text: str, before_word: bool = True, lowered: bool = False) -> str:
    """Counts written as words as digits, in any case: "forty minutes" -> "40 minutes", "twenty-five users" -> "25
    users". With ``before_word``, only a count that a word or "%" follows (a count of something); ``lowered``: the
    text is lowercase already (a faster pattern)."""
    return _count_rx(before_word, lowered).sub(_count_value, text)


def _count_value(m: re.Match[str]) -> str:
    return str(sum(int(COUNT_WORDS[p]) for p in m.group().lower().replace("-", " ").split()))
_DIGITS = lazy(r"\d[\d,.]*")  # exactly the number tokens of _WORD (its words never hold a digit)
_NUM = low(rf"(?:[$€£]\s?)?\b\d[\d,]*(?:\.\d+)?\b|\b(?:{_NUMBER_WORDS})\b")
_UNIT = low(
    rf"(?:[$€£]\s?\d[\d,.]*\s*[kmb]?\b|\b(?:\d[\d,]*(?:\.\d+)?|{_NUMBER_WORDS})(?:\s*|-)(?:%|percent|x\b|ms\b|milliseconds?|"
    r"seconds?|s\b|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|quarters?|years?|k\b|m\b|tb\b|gb\b|mb\b|pb\b|kb\b|"
    r"bytes?|qps|rps|tps|requests?|reads?|writes?|users?|customers?|people|engineers?|teams?|features?|points?|"
    r"thousand|million|billion|trillion|dollars?|per\b|transactions?|queries|events?|links?|records?|rows?|"
    r"servers?|nodes?|machines?|gpus?|regions?|cities|countries|tickets?|releases?|models?|services?))|"
    r"\bby (?:a |one |two )?(?:half|thirds?|quarters?|fifth|tenth)\b|\b(?:halved|doubled|tripled|quadrupled|tenfold)\b",
)
# a change in size said without a digit ("fell by a third", "halved"): counts as a number for ``quantified``
_FRACTION_WORDS = frozenset("half third thirds quarter quarters fifth tenth halved doubled tripled quadrupled tenfold".split())
# A capitalised name not at the start of a sentence: (?<![.!?]\s)(?<!^)\b(?:[A-Z][a-z]+[A-Z]\w*|[A-Z]{2,}\w*|
# [A-Z][a-z]{2,}(?:\s[A-Z][a-z]+)?)\b, written to start with its first letter, which lets the engine skip ahead ~5x faster
_NAMED = lazy(r"[A-Z](?<!^.)(?<![.!?]\s.)(?<!\w.)(?:[a-z]+[A-Z]\w*|[A-Z]+\w*|[a-z]{2,}(?:\s[A-Z][a-z]+)?)\b")
_COMMON_CAPS = {
    "I", "I'm", "I've", "I'd", "The", "A", "An", "We", "Our", "My", "It", "This", "That", "Then", "And", "But", "So",
    "In", "On", "At", "For", "When", "After", "Before", "First", "Second", "Third", "Finally", "Also", "Last",
    "Since", "What", "How", "Why", "Who", "Which", "Once", "She", "He", "They", "Their", "Monday", "Friday",
}
# \b(I|I'm|me|my|mine|myself)\b, case-sensitive ("I'm" counts as "I"), and \b(we|we're|our|ours|us)\b: written to
# start with a letter class, which lets the regex engine skip ahead (3x faster than a leading \b)
_FIRST_PERSON = lazy(r"[Im](?<!\w.)(?:(?<=I)|(?<=m)(?:e|y|ine|yself))(?!\w)")
_WE = lazy(r"[wou](?<!\w.)(?:(?<=w)e|(?<=o)urs?|(?<=u)s)(?!\w)")  # on lowercased text
_STOP = set(
    "a an the and or but so to of in on at for with by from as is are was were be been being it its this that these "
    "those i me my we our you your he she they them their his her not no do did does done have has had will would "
    "can could should may might must just very really also then than there here what which who when where how why "
    "about into over after before up down out if because while some any all more most much many few such only".split()
)


@dataclass
class Sentence:
    start: int
    end: int
    text: str  # the original slice (verbatim)
    body: str  # text without a leading STAR-style label
    body_offset: int
    words: int
    is_list: bool
    injection: bool
    numbers: int
    quantified: int
    named: int
    first_person: int
    we: int
    question: bool
    low: str = ""  # the body lowercased, same length: case-insensitive matching without re.I is ~2.5x faster

    @property
    def content(self) -> bool:
        return not self.is_list and not self.injection and self.words >= 4

    @property
    def specifics(self) -> int:
        return self.quantified + min(self.numbers - self.quantified, 1) + min(self.named, 2)


_REASONING = low(r"\b(to [a-z]+|because|so|since|which|that|when|if|unless|until|while)\b")


def _lower_same_length(text: str) -> str:
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


def _hint_spans(low: str) -> list[tuple[int, int]]:
    """Where the injection hints occur in the whole (lowercased) text, in order: one pass per hint, not per sentence."""
    out = []
    for h in _INJECTION_HINTS:
        i = low.find(h)
        while i != -1:
            out.append((i, i + len(h)))
            i = low.find(h, i + 1)
    out.sort()
    return out


def _maybe_injection(spans: list[tuple[int, int]], starts: list[int], s: int, e: int) -> bool:
    """Does a hint lie inside text[s:e]? (``starts``: the spans' starts)"""
    i = bisect_left(starts, s)
    while i < len(spans) and spans[i][0] < e:
        if spans[i][1] <= e:
            return True
        i += 1
    return False


_LIST_SPLIT = lazy(r"[,;]|\band\b")


def _is_list(body: str) -> bool:
    """A bare run of keywords ("ownership, impact, stakeholders"; "I led, I drove, I owned"): no part of it is a clause."""
    if body.count(",") + body.count(";") + body.count("and") < 2:
        return False  # fewer than three parts
    parts = [p for p in _LIST_SPLIT.split(body) if p.strip()]
    if len(parts) < 3:
        return False
    lengths = []
    for p in parts:
        lengths.append(len(_WORD.findall(p)))
        if lengths[-1] > 4:
            return False  # a part with a clause's length
    if sum(lengths) / len(parts) > 3.2:
        return False
    return not any(_REASONING.search(p.lower()) for p in parts)


def _telegraphic(tokens: list[str]) -> bool:
    """A run of terms with no small words at all ("cross-validation k-fold stratified leakage nested CV bias variance
    ..."): a keyword list without commas. Real sentences, even terse ones, have some. ``tokens``: lowercased."""
    return len(tokens) >= 10 and _STOP.isdisjoint(tokens)


def split_sentences(text: str) -> list[Sentence]:
    out: list[Sentence] = []
    pos = 0
    spans = _hint_spans(_lower_same_length(text))
    span_starts = [a for a, _ in spans]
    bounds = [m.span() for m in _SENT_END.finditer(text)]
    # the compiled patterns, bound once: this loop runs for every sentence of every answer
    label, words_in, digits_in, units_in = _LABEL.rx.match, _WORD.rx.findall, _DIGITS.rx.findall, _UNIT.rx.findall
    named_in, first_person_in, we_in = _NAMED.rx.findall, _FIRST_PERSON.rx.findall, _WE.rx.findall
    bounds.append((len(text), len(text)))
    for cut_start, cut_end in bounds:
        raw = text[pos:cut_start]
        lead = len(raw) - len(raw.lstrip())
        s, e = pos + lead, pos + len(raw.rstrip())
        pos = cut_end
        if e <= s:
            continue
        seg = text[s:e]
        seg_low = _lower_same_length(seg)
        m = label(seg_low)
        body_off = m.end() if m else 0
        body, body_low = seg[body_off:], seg_low[body_off:]
        tokens = words_in(body_low)  # the same tokens as in the body, lowercased
        words = len(tokens)
        numbers = len(digits_in(body_low)) + sum(map(_NUMBER_WORD_SET.__contains__, tokens)) if words else 0
        if not numbers and not _FRACTION_WORDS.isdisjoint(tokens):
            numbers = 1  # "fell by a third", "halved": a size without a digit
        quantified = len(units_in(body_low)) if numbers else 0
        named = sum(1 for n in named_in(body) if n.split()[0] not in _COMMON_CAPS)
        out.append(
            Sentence(
                start=s,
                end=e,
                text=seg,
                body=body,
                body_offset=body_off,
                words=words,
                is_list=_is_list(body) or (m is not None and words < 4) or _telegraphic(tokens),
                injection=_maybe_injection(spans, span_starts, s, e) and any(p.search(seg_low) for p in _INJECTION),
                numbers=numbers,
                quantified=quantified,
                named=named,
                first_person=len(first_person_in(body)),
                we=len(we_in(body_low)),
                question=seg.rstrip().endswith("?"),
                low=body_low,
            )
        )
    return out


def quote_of(text: str, sent: Sentence, match: re.Match[str] | None = None, limit: int = 220) -> str:
    """A verbatim quote for ``sent``: the sentence body, or for long sentences the clause around ``match``."""
    s, e = sent.start + sent.body_offset, sent.end
    if e - s > limit and match is not None:
        ms, me = s + match.start(), s + match.end()
        cuts = _cuts(text, s, e)
        cs = max((i + 1 for i in cuts if i < ms), default=s)
        ce = min((i for i in cuts if i >= me), default=e)
        if ce - cs > limit:
            cs, ce = max(s, ms - limit // 2), min(e, me + limit // 2)
            while cs > s and not text[cs - 1].isspace():
                cs += 1
            while ce < e and not text[ce].isspace():
                ce -= 1
        s, e = cs, ce
    elif e - s > limit:
        e = text.rfind(" ", s, s + limit)
        e = e if e > s else s + limit
    quote = text[s:e]
    if quote.count("(") > quote.count(")") and len(quote[: quote.rfind("(")].strip()) >= 20:
        quote = quote[: quote.rfind("(")]  # a window cut inside an aside: end before it opens
    return quote.strip(" \t\n,;:—")


def _cuts(text: str, s: int, e: int) -> list[int]:
    """Where a clause of ``text[s:e]`` may be cut: at ",;:—" outside parentheses and quotation marks (an aside such as
    "(Redis, with a TTL)" or a quoted phrase such as “fast, cheap, good” stays whole)."""
    out, depth, quoted = [], 0, False
    for i in range(s, e):
        c = text[i]
        if c == "(":
            depth += 1
        elif c == ")":
            depth = max(0, depth - 1)
        elif c == "“":
            quoted = True
        elif c == "”":
            quoted = False
        elif c == '"':
            quoted = not quoted
        elif depth == 0 and not quoted and c in ",;:—":
            out.append(i)
    return out


def word_count(text: str) -> int:
    return len(_WORD.findall(text))


def content_words(text: str) -> int:
    return sum(1 for w in _WORD.findall(text.lower()) if w not in _STOP and len(w) > 2)


def normalise_ws(text: str) -> str:
    return " ".join(text.split())
