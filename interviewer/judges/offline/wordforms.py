"""Words as the offline judge's term matcher sees them: a stem for every word, and which words are forms of a term
word ("experimented" and "experimentation" are forms of "experiment"; "experience" is not, nor is "backend" a form of
"back"). See ``TermWord``.
"""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from interviewer.judges.text import lazy

_TOKEN = lazy(r"\d+(?:[.,]\d+)*%?|[a-z0-9]+(?:['’][a-z]+)?")
_MARKS = lazy("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")  # combining marks


def fold(text: str) -> str:
    """``text`` with its accents dropped ("résumé" -> "resume", "naïve" -> "naive") and compatibility forms made plain
    ("ﬁ" -> "fi"), so the ASCII tokeniser reads whole words rather than fragments ("r", "sum"). ASCII text (most of
    it) is returned as it is, at the cost of one check."""
    if text.isascii():
        return text
    text = unicodedata.normalize("NFKD", text)
    return _MARKS.sub("", text) if _MARKS.search(text) else text


def tokens(text: str) -> list[str]:
    """The words of ``text`` as the judge's matchers read them: lowercased, accents dropped (``fold``)."""
    return _TOKEN.findall(fold(text.lower()))
_SUFFIXES = (
    ("izations", ""), ("isations", ""), ("ization", ""), ("isation", ""), ("ations", ""), ("ation", ""),
    ("ctions", "ct"), ("ction", "ct"),  # detection -> detect, prediction -> predict
    ("ators", ""), ("ator", ""), ("ates", ""), ("ated", ""), ("ating", ""), ("ate", ""), ("ities", ""), ("ity", ""),
    ("ments", ""), ("ment", ""), ("nesses", ""), ("ness", ""), ("ings", ""), ("ing", ""), ("ies", "y"), ("ied", "y"),
    ("ers", ""), ("er", ""), ("ed", ""), ("es", ""), ("ly", ""), ("s", ""),
)
# words whose suffix rule would merge them with a different word ("production" is not "product"), and words that
# begin with another word and one of its endings but are not a form of it ("contention" is not "content"): they
# match only themselves
_OWN_STEMS = {"production": "production", "productions": "production", "news": "news"} | {  # not the plural of "new"
    w: w[:-3] + "y" if w.endswith("ies") else w.rstrip("s") for w in (
        "contention internal internally internals factory factories personal personally objective objectives "
        "successive successor director directors frontier classic classical optimistic authority authorities "
        "quantity quantities responsible responsibility practical practically probable probably"
    ).split()
}
_OWN_WORDS = tuple(w for w in _OWN_STEMS if not w.endswith("s"))
# plurals the suffix rules do not see, as their singular
_PLURALS = {"indices": "index", "matrices": "matrix", "vertices": "vertex", "appendices": "appendix", "menus": "menu",
            "gurus": "guru", "plateaus": "plateau", "bureaus": "bureau"}
# words ending in "s" that are not plurals: "class", "loss", "bias", "status", "focus", "obvious" (so "class" and
# "classes" have one stem); "us" from five letters ("gpus" is a plural)
_NOT_PLURAL = ("ss", "us", "ias")
# verbs ending in "ere": their "-ering" and "-ered" are not an "-er" word's ("interfering" is not "interfer" + "er")
_ERE = frozenset("interfer adher coher persever rever".split())


@lru_cache(maxsize=8192)
def stem(word: str) -> str:
    w = word.lower().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    w = w.strip("'")
    if len(w) <= 3 or w[0].isdigit():
        return w
    if w in _OWN_STEMS:
        return _OWN_STEMS[w]
    if w in _PLURALS:
        return stem(_PLURALS[w])
    inflected = False
    for suf, rep in _SUFFIXES:
        if w.endswith(suf) and len(w) - len(suf) >= 3:
            if suf == "s" and w.endswith(_NOT_PLURAL) and (len(w) > 4 or not w.endswith("us")):
                break
            w = w[: -len(suf)] + rep
            inflected = suf in ("ing", "ings", "ed")
            break
    if w.endswith("e") and len(w) > 3:
        w = w[:-1]
    if w.endswith("is") and len(w) > 4:
        w = w[:-1] + "z"
    if len(w) > 3 and w[-1] == w[-2] and w[-1] not in "aeiouls":
        w = w[:-1]
    if inflected and w.endswith(("er", "ment")) and len(w) > 4 and w not in _ERE:
        return stem(w)  # "buffering", "buffered" as "buffer" (whose "er" goes too: "buffers" is "buf" as well)
    return w


# "key" is also an everyday adjective: "the key idea", "trust is key" say nothing about keys (of a cache, a map, an
# attention head); such a "key" gets a stem of its own
_KEY_ADJ_BEFORE = frozenset(
    "idea ideas point points insight insights thing things part parts factor factors takeaway takeaways question "
    "questions issue issues lesson lessons step steps reason reasons difference differences challenge challenges "
    "concern concerns driver drivers decision decisions skill skills role roles goal goals moment moments aspect "
    "aspects benefit benefits risk risks problem problems result results metric metrics stakeholder stakeholders "
    "player players people learning learnings message messages finding findings advantage advantages feature "
    "features requirement requirements principle principles area areas priority priorities trick tricks "
    "contributor contributors consideration considerations ingredient ingredients".split()
)
_COPULA = frozenset("is are was were be been being it's that's what's remains remain seems seemed proved".split())
KEY_ADJECTIVE = "key~"


def _key_sense(raw: list[str], stm: list[str]) -> None:
    for i, w in enumerate(raw):
        if w == "key" and (
            (i + 1 < len(raw) and raw[i + 1] in _KEY_ADJ_BEFORE)
            or (i > 0 and raw[i - 1] in _COPULA and raw[i + 1 : i + 2] not in (["value"], ["values"], ["pair"]))
        ):
            stm[i] = KEY_ADJECTIVE


def _prefix(t: str) -> bool:
    """A term word of four letters or more also matches the word's other forms ("downsampl" matches "downsampling")."""
    return len(t) >= 4 or t[:1].isdigit()


# what may follow a term word as written for a sentence's word to be a form of it: endings, one to three of them
# ("experiment" + "ation"; "calibrat" + "ion"; "transparen" + "cy", the term cutting into "ency"), never the start of
# another word ("back" + "end", "star" + "t", "experi" + "ence"), never "less", which says the opposite ("lossless",
# "headless", "pointless")
_ENDING = (
    "s|es|ed|ing|ings|er|ers|or|ors|est|ly|y|ies|ied|ier|iers|ion|ions|ation|ations|ication|ications|ition|itions|"
    "ise|ize|ises|izes|ised|ized|ising|izing|isation|ization|isations|izations|iser|izer|isers|izers|"
    "al|als|ial|ially|ical|ically|ic|ics|ity|ities|ive|ives|ively|ivity|ous|ously|able|ably|ability|abilities|"
    "ible|ibly|ibility|ment|ments|ness|ful|fully|ence|ences|ency|encies|ance|ances|ancy|ancies|ent|ents|ently|"
    "ant|ants|ism|isms|ist|ists|ory|ories|our|ours|ior|iors|iour|iours|ship|ships|ison|isons|ption|ptions|age|ages"
)
_E = "e(?:s|d|r|rs|ful|ly|ment|ments|ness)?"  # the word's own final "e", then at most one ending
_AFTER_WORD = re.compile(rf"{_E}|(?:{_ENDING})(?:{_ENDING})?(?:{_ENDING})?")
# after a short word (four letters) only inflections: "sign" + "al" and "stat" + "ion" are other words
_AFTER_SHORT = re.compile(rf"{_E}|s|es|ed|ing|ings|er|ers|est|ly|able|ability|ment|ments|ful|fully")
_AFTER_SHORT_E = re.compile(r"e|es|ed|er|ers|ing|ings|able|ability|age")  # "shar"(e) + "d" is "shard"; "prob"(e) + "able" another word
_NUMBER_TAIL = re.compile(r"[\d.,]")


@lru_cache(maxsize=65536)
def _form(word: str, pre: str, dropped_e: bool = False) -> bool:
    """Is ``word`` a form of the term word written ``pre`` (``dropped_e``: written with a final "e" that ``pre``
    leaves out): ``pre`` itself, or ``pre`` and endings only (a doubled last consonant allowed: "format" + "ted"); a
    number only as that number ("12%", not "120"); never a word that is its own (``_OWN_STEMS``)."""
    if not word.startswith(pre) or word in _OWN_STEMS:
        return False
    if any(word.startswith(o) and not pre.startswith(o) for o in _OWN_WORDS):  # "personalised" is not "person"
        return False
    rest = word[len(pre):]
    if not rest:
        return True
    if pre[:1].isdigit():
        return not _NUMBER_TAIL.match(rest)
    if word.endswith("'s"):
        return _form(word[:-2], pre, dropped_e)
    if len(rest) > 2 and rest[0] == pre[-1] and rest[0] not in "aeiouy" and rest[1] in "aeiouy":
        rest = rest[1:]
    if len(pre) <= 4:
        return bool((_AFTER_SHORT_E if dropped_e else _AFTER_SHORT).fullmatch(rest))
    return any(_AFTER_WORD.fullmatch(pre[len(pre) - k:] + rest) for k in (0, 1, 2))


# comparatives that keep their adjective's stem ("lower" is "low")
_COMPARATIVES = frozenset("lower bigger fewer newer older wider safer".split())
_INFLECTION = re.compile(r"(?:s|ed|ing|ings)?(?:'s)?")


@lru_cache(maxsize=4096)
def _inflection(rest: str, last: str) -> bool:
    """Is ``rest``, after a word ending in ``last``, one of its inflections (a doubled last consonant allowed)?"""
    if len(rest) > 2 and rest[0] == last and last not in "aeiouy":
        rest = rest[1:]
    return bool(_INFLECTION.fullmatch(rest))


# the endings a stem can cut that make another word of a short one ("comment" and "come" are both "com", "entity" and
# "enter" "ent", "duration" and "during" "dur", "payment" and "pay" "pay"); inflections are no kind. A term word with
# a short stem matches a word of its stem only if that word has the same kind of ending (``TermWord.kind``)
_KINDS = {suf: kind for kind, sufs in {
    "ate": "izations isations ization isation ations ation ctions ction ators ator ates ated ating ate",
    "ity": "ities ity", "ment": "ments ment", "ness": "nesses ness", "er": "ers er",
}.items() for suf in sufs.split()}  # not "ly": "badly", "safely" are forms of "bad", "safe"


@lru_cache(maxsize=8192)
def _kind(word: str) -> str:
    """The derivational ending ``stem`` cuts from ``word`` ("ment" for "comments"), "" for none or an inflection."""
    w = word.replace("’", "'")
    w = (w[:-2] if w.endswith("'s") else w).strip("'")
    for suf, _ in _SUFFIXES:
        if w.endswith(suf) and len(w) - len(suf) >= 3:
            if suf in ("ed", "ing", "ings"):  # "commented" is a "comment", "entering" an "enter"
                return _kind(w[: -len(suf)])
            return _KINDS.get(suf, "")
    return ""


# clipped words a term may use, with the beginnings of the words they stand for ("auth" is "authentication")
_CLIPPED = {
    "auth": ("authenticat", "authori", "authoriz"), "async": ("asynchronous",), "sync": ("synchron",),
    "dedup": ("deduplicat",), "promo": ("promotion",), "reorg": ("reorganis", "reorganiz"), "config": ("configur",),
    "dict": ("dictionar",), "spec": ("specification",), "eval": ("evaluat",), "demo": ("demonstrat",),
    "quant": ("quantis", "quantiz"), "prep": ("prepar",), "stats": ("statistic",), "info": ("information",),
    "tech": ("technical", "technolog"),
}


def _base(w: str) -> tuple[str, bool]:
    """The term word as written, less an inflection ("calibrated" -> "calibrat", "classes" -> "class",
    "priorities" -> "priorit") and a final "e" ("scale" -> "scal"), and whether it lost one of them (then a short
    base takes inflections only: "shar"(e) + "d" is "shard")."""
    if len(w) <= 4 or w[:1].isdigit():
        return w, False
    cut = False
    if w.endswith("ies") and len(w) > 5:
        return w[:-3], True
    if w.endswith("es") and len(w) > 5 and (w[-3] in "sxz" or w[-4:-2] in ("ch", "sh")):
        return w[:-2], False
    if w.endswith("s") and not w.endswith(("ss", "us", "is", "ias")):
        w = w[:-1]
    elif w.endswith("eed"):  # "agreed" -> "agree"
        w, cut = w[:-1], True
    elif w.endswith("ly") and len(w) >= 8:  # "immediately" -> "immediate"
        w, cut = w[:-2], True
    elif (w.endswith("ed") and len(w) > 5) or (w.endswith("ing") and len(w) > 6):
        w, cut = w[: -2 if w.endswith("ed") else -3], True
        if w[-1] == w[-2] and w[-1] not in "aeioulsfz":  # "embedded" -> "embed"
            w = w[:-1]
    if w.endswith("e") and not w.endswith("ee") and len(w) > 4:
        w, cut = w[:-1], True
    return w, cut


@dataclass(frozen=True)
class TermWord:
    """One word of a term: its stem (a sentence's word with the same stem matches) and, for a word of four letters
    or more, its base (``_base``), which a sentence's word matches when it is the base followed by endings only (or,
    for a clipped word, one of the words it stands for: ``alts``)."""

    stem: str
    pre: str | None
    dropped_e: bool
    needles: tuple[str, ...]  # one of them is in ``Words.blob`` wherever the word may match: a fast presence check
    key: str | None  # see ``Words.keys``; None: always check
    alts: tuple[str, ...] = ()
    inflected_only: bool = False  # True: only the word itself and its inflections match, not its stem (``of``)
    kind: str | None = None  # a short stem: its word's ending (``_kind``), which a word of that stem must share

    @classmethod
    def of(cls, raw: str) -> TermWord:
        st = stem(raw)
        w = raw.replace("’", "'")
        w = (w[:-2] if w.endswith("'s") else w).strip("'")
        pre, cut = _base(w)
        if st == "not":  # "not my fault" is said as "wasn't my fault" too
            return cls(st, None, False, (" not ", "n't ", "n’t "), None)
        if len(st) < 4 and len(pre) >= 5 and pre.endswith(("er", "ly")) and w not in _COMPARATIVES:
            # the stem cut an ending that was part of the word: "career" and "care" are both "car", "offer" and "off"
            # both "off", "letter" and "let" both "let"; only the word's inflections match ("offered", "careers",
            # "buffering"; not "interest" for "inter", "underlying" for "under")
            needles = (" " + pre, " " + pre[:-1] + "i") if pre.endswith("y") else (" " + pre,)  # "supplied"
            return cls(st, pre, cut, needles, pre[:4], inflected_only=True)
        if not _prefix(st) or not _prefix(pre):
            kind = None if len(st) >= 4 or w in _COMPARATIVES else _kind(w)
            return cls(st, None, False, (" " + st + " ",), None if st[:1].isdigit() else st, kind=kind)
        alts = _CLIPPED.get(w, ())
        common = len(os.path.commonprefix([st, pre, *alts]))
        key = None if pre[:1].isdigit() or common < 4 else pre[:4]
        return cls(st, pre, cut, (" " + (st if common >= len(st) else pre[:common]),), key, alts)

    def matches(self, raw: str, st: str) -> bool:
        if self.inflected_only:
            pre = self.pre
            if raw.startswith(pre):
                return _inflection(raw[len(pre):], pre[-1])
            return pre[-1] == "y" and raw in (pre[:-1] + "ies", pre[:-1] + "ied")
        if st == self.stem:
            return self.kind is None or _kind(raw) == self.kind or raw in _COMPARATIVES
        if self.stem == "not":
            return raw.endswith(("n't", "n’t"))
        pre = self.pre
        if pre is None or pre[:1] != raw[:1]:
            return False
        return _form(raw, pre, self.dropped_e) or any(_form(raw, a) for a in self.alts)


