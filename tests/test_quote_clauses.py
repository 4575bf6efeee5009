"""A quote from a long sentence is a clause around the evidence, and never starts or ends inside parentheses."""

from __future__ import annotations

import re

import pytest

from interviewer.judges.text import quote_of, split_sentences

PAD = "We went through many options and meetings over several weeks before anyone agreed on anything at all here, "
ASIDE = "(Redis, with a five minute TTL, keyed by user id)"
TEXT = (
    PAD + "and in the end we put a cache in front of the database " + ASIDE + ", which cut read latency from 80 ms to "
    "9 ms for most of the heavy users we had that quarter."
)


@pytest.mark.parametrize("word", ["redis", "ttl", "keyed"])
def test_evidence_inside_an_aside_quotes_the_whole_aside_with_its_clause(word: str) -> None:
    sent = split_sentences(TEXT)[0]
    quote = quote_of(TEXT, sent, re.search(word, sent.low))
    assert ASIDE in quote
    assert quote.startswith("and in the end we put a cache")
    assert quote in TEXT


def test_evidence_outside_the_aside_quotes_its_own_clause() -> None:
    sent = split_sentences(TEXT)[0]
    quote = quote_of(TEXT, sent, re.search("latency", sent.low))
    assert quote.startswith("which cut read latency") and "(" not in quote and ")" not in quote


def test_a_window_never_ends_inside_an_open_aside() -> None:
    text = "We " + "really " * 40 + "shipped it (after a long review with the security team and legal " + "and more " * 20 + "people)."
    sent = split_sentences(text)[0]
    quote = quote_of(text, sent)
    assert quote.count("(") <= quote.count(")")
    assert quote in text


def test_a_quoted_phrase_with_commas_stays_whole() -> None:
    text = (
        PAD + "and my lead kept repeating the same line to the whole team for weeks, “ship it, measure it, then fix "
        "it”, which in the end is what we did for the launch of the new ranking model in the spring."
    )
    sent = split_sentences(text)[0]
    quote = quote_of(text, sent, re.search("measure", sent.low))
    assert quote.count("“") == quote.count("”") == 1 and quote in text
