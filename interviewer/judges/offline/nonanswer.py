"""Input that is not an answer: random bytes, text that repeats itself, or a language the offline judge cannot read.

Such input gets a clear note and no credit. Repetition is not structure, and volume is not communication.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterable

_SPACE = re.compile(r"\s")
_LETTER = re.compile(r"[^\W\d_]")
_LATIN = re.compile(r"[A-Za-z]")
_WORDS = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?", re.U)
_ENGLISH = frozenset(
    "the and to of a in is that for it was on with as i we my our this be at by not are have had but from or an they "
    "so were which when then there their what about would could should will me you he she his her them been has did "
    "do if because after before also into than".split()
)
# very common function words of languages the offline judge does not read (it reads English only)
_FOREIGN = frozenset(
    # German
    "der die das und ist nicht ich wir mit für auf eine ein einen dem den zu von sich auch wurde haben habe war "
    "dass aber oder wenn nach bei uns unser meine mein"
    # French
    " le la les et est je nous pour avec une des du pas que qui sur dans au aux mais ou était avons ai notre mon"
    # Spanish / Portuguese / Italian
    " el los las y es yo para con del que por una uno fue pero como nosotros mi nuestro não com uma os um il di che"
    " non sono della anche ho abbiamo"
    # Dutch
    " het een en ik wij niet van voor op dat maar ook heb hebben".split()
)

SAMPLE = 4000  # characters read for the script and language checks
NON_ANSWER_FLAGS = ("gibberish", "repetitive", "not_english")
# every flag with which the judge names a reply no answer at all: "I don't know" or "I'd rather not say" with nothing
# else (``non_answer``), and input that is not an answer. The interviewer reads replies with it (no thanks, no probe),
# as the report names them (``report.completeness``).
NOT_AN_ANSWER = frozenset({"non_answer", *NON_ANSWER_FLAGS})


def is_non_answer(flags: Iterable[str]) -> bool:
    """Whether the judge's flags name the reply a non-answer (what the report calls it, and the interviewer treats it as)."""
    return not NOT_AN_ANSWER.isdisjoint(flags)


NOTES = {
    "gibberish": "This does not read as an answer (mostly symbols or random characters), so it earned no credit.",
    "repetitive": "The answer repeats the same text over and over; repetition is not structure and volume is not "
    "communication, so it earned no credit. Say each thing once.",
    "not_english": "The offline judge reads English only, and this answer is in another language, so it could not be "
    "scored. Answer in English, or use a model judge (--model) that reads your language.",
}


def says_a_sentence(text: str) -> bool:
    """Whether the text uses any common English word ("I", "a", "the"...): a reply without one is a list of terms or
    made-up words, never a sentence."""
    return any(w in _ENGLISH for w in _WORDS.findall(text[:SAMPLE].lower()))


_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")


def _mashed(text: str) -> bool:
    """A short run of keys ("asdf qwer zxcv"): three or more words, none a common English word, and at least three in
    four typed along one row of the keyboard (terse answers such as "http grpc tcp" are not)."""
    words = _WORDS.findall(text.lower())
    if len(words) < 3 or any(w in _ENGLISH for w in words):
        return False
    along = sum(1 for w in words if len(w) >= 3 and any(set(w) <= set(row) for row in _ROWS))
    return along * 4 >= len(words) * 3


def non_answer_kind(text: str, sentences: int, unique_sentences: int) -> str | None:
    """"gibberish", "repetitive", "not_english", or None for text that can be read as an answer."""
    full = text
    text = text[:SAMPLE]  # random bytes and a language show in any stretch of the text: read a sample
    chars = len(text) - len(_SPACE.findall(text))
    if chars < 40:
        return "gibberish" if _mashed(text) else None
    letters = len(_LETTER.findall(text))
    if letters / chars < 0.6:
        return "gibberish"
    latin = len(_LATIN.findall(text))
    words = _WORDS.findall(text.lower())
    if latin < 0.5 * letters:
        return "not_english"  # another script
    if len(words) >= 12:
        english = sum(w in _ENGLISH for w in words) / len(words)
        foreign = sum(w in _FOREIGN and w not in _ENGLISH for w in words) / len(words)
        if foreign >= 0.08 and foreign > english:
            return "not_english"
        if len(words) >= 30 and english < 0.03 and foreign < 0.03:
            vowelless = sum(1 for w in words if len(w) > 3 and not re.search(r"[aeiouy]", w)) / len(words)
            if vowelless > 0.15:
                return "gibberish"
    if sentences >= 6 and unique_sentences <= sentences * 0.5:
        return "repetitive"
    if len(full) >= 1500:
        raw = full.encode("utf-8", "replace")
        if len(zlib.compress(raw, 1)) / len(raw) < 0.12:
            return "repetitive"
    return None
