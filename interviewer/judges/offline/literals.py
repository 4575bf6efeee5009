"""Leftmost-match search that jumps between the literal words a pattern must start with.

Most of the judge's patterns are alternations of words ("\\b(?:shard\\w*|partition\\w*|replicat\\w*)"); scanning a
5,000-word answer, the regex engine tries each of them at every position. When every way the pattern can match starts
with a literal (after zero-width boundaries), each match starts where one of those literals occurs, so ``search``
finds the candidates with ``str.find`` (fast, in C) and asks the pattern itself to match at each, in order: the first
that does is the match ``rx.search`` would return, the same object. Patterns that may start otherwise (a class, a
look-behind, an optional first part) are searched as before.
"""

from __future__ import annotations

import re
from functools import lru_cache

try:  # Python 3.11+
    import re._constants as _c
    import re._parser as _p
except ImportError:  # pragma: no cover - older layout
    import sre_constants as _c  # type: ignore[no-redef]
    import sre_parse as _p  # type: ignore[no-redef]

MAX_LITERALS = 48  # more than this many starts: one regex pass is cheaper than as many finds


def _starts(seq: list) -> list[str] | None:
    """The literal texts a match of ``seq`` (parsed pattern items) must start with, or None when it may start
    otherwise."""
    i = 0
    while i < len(seq) and seq[i][0] is _c.AT:
        i += 1  # a boundary takes no characters
    if i == len(seq):
        return None
    op, av = seq[i]
    if op is _c.LITERAL:
        text = ""
        while i < len(seq) and seq[i][0] is _c.LITERAL:
            text += chr(seq[i][1])
            i += 1
        return [text]
    if op is _c.SUBPATTERN:
        _group, add_flags, del_flags, sub = av
        if add_flags or del_flags:
            return None
        return _starts(list(sub))
    if op is _c.BRANCH:
        out: list[str] = []
        for alt in av[1]:
            got = _starts(list(alt))
            if got is None:
                return None
            out.extend(got)
        return out
    return None


@lru_cache(maxsize=1024)
def literal_starts(rx: re.Pattern[str]) -> tuple[str, ...] | None:
    """The literals every match of ``rx`` starts with (each at least two characters), or None."""
    if rx.flags & re.IGNORECASE:
        return None
    try:
        got = _starts(list(_p.parse(rx.pattern, rx.flags & ~re.UNICODE)))
    except Exception:  # noqa: BLE001 - an unusual pattern is simply searched as before
        return None
    if not got or len(got) > MAX_LITERALS or any(len(s) < 2 for s in got):
        return None
    return tuple(dict.fromkeys(got))


def search(rx: re.Pattern[str], text: str, pos: int, nxt: dict[str, int]) -> re.Match[str] | None:
    """``rx.search(text, pos)``. ``nxt`` keeps where each literal occurs next in ``text`` (-1: nowhere after); pass
    the same dict for one pattern and one text while ``pos`` only grows."""
    lits = literal_starts(rx)
    if lits is None:
        return rx.search(text, pos)
    find = text.find
    while True:
        best = -1
        for lit in lits:
            at = nxt.get(lit, -2)
            if at == -2 or -1 < at < pos:
                at = nxt[lit] = find(lit, pos)
            if at != -1 and (best == -1 or at < best):
                best = at
        if best == -1:
            return None
        m = rx.match(text, best)
        if m is not None:
            return m
        pos = best + 1


def count(rx: re.Pattern[str], text: str) -> int:
    """``len(rx.findall(text))`` for a pattern whose matches are never empty."""
    if literal_starts(rx) is None:
        return len(rx.findall(text))
    n, pos, nxt = 0, 0, {}
    while (m := search(rx, text, pos, nxt)) is not None:
        n, pos = n + 1, max(m.end(), m.start() + 1)
    return n
