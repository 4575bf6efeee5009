"""literals.search returns exactly what rx.search returns: same span, same text, same leftmost-first choice, from any
position, on strings written to break it (a literal inside a word, at the start or end of the text, overlapping and
adjacent candidates, an alternative that matches only after a later literal)."""

from __future__ import annotations

import re

import pytest

from interviewer.judges.offline.literals import literal_starts, search

PATTERNS = [
    r"\b(?:shard\w*|partition\w*|replicat\w*|read replicas?|consistent hashing)",
    r"(?:\bshard(?:s|ed|ing)?\b)|(?:\bpartition(?:s|ed|ing)? (?:by|on|key)\b)",
    r"\b(?:get|post|put|patch|delete)\s+/|\b(?:endpoints?|api|rpc|grpc|rest(?:ful)?|returns?)\b",
    r"\b(always|everyone|the best (way|approach)|is the best|at once)\b",
    r"\bab|\babc\b|\bb",  # leftmost-first: "ab" before "abc" at one position
    r"no need (for|to)|(don'?t|doesn'?t) need to",
]
TEXTS = [
    "shard", "reshard the table, then shard it again", "partitioned by user; partition on key", "preshardings shard",
    "api", "rapid api. grpc endpoints", "get /users and post /orders; forget /x", "GET / and get/",
    "abc ab abcd cab b", "ab", "xab abc", "", "no need to, you don't need to; doesn't need tooling",
    "always everyone always", "the best way is the best. at once", "  read replica read replicas ",
    "consistent hashing\n\x00.\x00\nconsistent hashing",
]


@pytest.mark.parametrize("pattern", PATTERNS)
def test_the_same_match_as_the_regex_from_every_position(pattern: str) -> None:
    rx = re.compile(pattern)
    for text in TEXTS:
        for pos in range(len(text) + 1):
            want, got = rx.search(text, pos), search(rx, text, pos, {})
            assert (want and (want.span(), want.group())) == (got and (got.span(), got.group())), (pattern, text, pos)


@pytest.mark.parametrize("pattern", PATTERNS)
def test_a_scan_with_one_cache_finds_every_match_in_order(pattern: str) -> None:
    rx = re.compile(pattern)
    for text in TEXTS:
        want = [m.span() for m in rx.finditer(text)]
        got, pos, nxt = [], 0, {}
        while pos <= len(text):
            m = search(rx, text, pos, nxt)
            if m is None:
                break
            got.append(m.span())
            pos = max(m.end(), m.start() + 1)
        assert got == want, (pattern, text)


def test_patterns_that_may_start_otherwise_are_searched_as_before() -> None:
    for pattern in (r"(?<!if )at all", r"[a-z]+ing", r"(?:very )?important", r"\d+ ms", r"a|bc", r"(?i)shard"):
        assert literal_starts(re.compile(pattern)) is None, pattern
    assert literal_starts(re.compile(r"\b(?:shard|partition)\w*")) == ("shard", "partition")


def test_count_is_findall_length() -> None:
    from interviewer.judges.offline.literals import count

    rx = re.compile(r"\b(i think|i guess|basically|kind of|etc|a bit)\b")
    for text in TEXTS + ["i think i think, basically a bit etc. kind of", "ii think", "a bitter etc.etc"]:
        assert count(rx, text) == len(rx.findall(text)), text
