"""How a report words things: the level words, what a score rests on, and shortened quotes and questions."""

from __future__ import annotations

LEVEL_WORDS = {1: "Not yet shown", 2: "Partly there", 3: "Solid", 4: "Exceptional"}  # what a level reads as
LITTLE_EVIDENCE = "Little evidence"  # a 1 with a quote: something was said, not enough
VERDICT_WORDS = (*LEVEL_WORDS.values(), LITTLE_EVIDENCE)  # the words a dimension's feedback opens with
QUOTED_UNDER = "the sentences that show it are quoted under"  # a dimension whose evidence sits under another


def quoted_under(names: list[str]) -> str:
    """"the sentences that show it are quoted under A and under B" (no full stop)."""
    return f"{QUOTED_UNDER} " + " and under ".join(names)


def rests_on(verdict: str, quotes: int, elsewhere: list[str] = ()) -> str:  # type: ignore[assignment]
    """A dimension's feedback when there is no advice: its verdict and what the score rests on, in neutral words. Never
    the rubric's text for the level ("corrects a common misconception unprompted"): said as feedback, it claims of the
    answer what the transcript may not show. Without a quote the report says beside it that the score reads the
    answers as a whole."""
    if quotes:
        return f"{verdict}: the score rests on the sentence{'s' if quotes > 1 else ''} quoted below."
    if elsewhere:
        return f"{verdict}: {quoted_under(list(elsewhere))}."
    return f"{verdict}."


def short(text: str, n: int = 70) -> str:
    """``text`` cut at a word to about ``n`` characters, with "…". A cut never ends inside an open parenthesis or
    quote mark: it takes in the aside when it closes soon after, else it ends before the aside opens."""
    text = " ".join(text.split())
    if len(text) <= n:
        return text
    cut = text[: n - 1].rsplit(" ", 1)[0]
    opened = _unclosed(cut)
    if opened is not None:
        closer = _closer(text, opened)
        if closer is not None and closer < n + n // 2:
            cut = text[: closer + 1]  # the aside closes soon after: keep it whole
            if closer + 1 >= len(text):
                return text
        elif cut[:opened].strip():
            cut = cut[:opened]
        else:  # the text opens with the aside: quote from inside it, without the mark that opened it
            return "…" + short(text[opened + 1 :], n)
    return cut.rstrip(" ,;:—") + "…"


_CLOSERS = {"(": ")", "[": "]", "“": "”", '"': '"'}


def _unclosed(text: str) -> int | None:
    """Where the outermost parenthesis or quote mark that ``text`` leaves open begins, or None."""
    stack: list[int] = []
    for i, c in enumerate(text):
        if stack and c == _CLOSERS[text[stack[-1]]]:
            stack.pop()
        elif c in _CLOSERS:
            stack.append(i)
    return stack[0] if stack else None


def _closer(text: str, opened: int) -> int | None:
    """The index of the mark that closes the one at ``opened`` (nested pairs counted), or None."""
    o, c = text[opened], _CLOSERS[text[opened]]
    if o == c:  # a straight quote: the next one closes it
        i = text.find(c, opened + 1)
        return i if i != -1 else None
    depth = 0
    for i in range(opened, len(text)):
        if text[i] == o:
            depth += 1
        elif text[i] == c:
            depth -= 1
            if depth == 0:
                return i
    return None


def lower_first(s: str) -> str:
    """Lower-case the first letter unless the first word is an acronym ("A compelling" → "a compelling", "API" stays)."""
    first = s.split(" ", 1)[0] if s else ""
    return s if not s or (len(first) > 1 and first.isupper()) else s[:1].lower() + s[1:]
