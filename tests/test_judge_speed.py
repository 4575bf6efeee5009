"""Issue 7: the offline judge is cheap to import and its fast paths find exactly what a plain scan finds.

The fast paths (patterns folded for lowercased text with non-capturing groups, one scan of the whole answer per
pattern, key points checked only in the sentences that hold their words) must never change a score: each is checked
here against the plain per-sentence scan, on the project's own labelled answers. No timing is asserted.
"""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

from interviewer.catalog import default_catalog
from interviewer.judges import patterns
from interviewer.judges.offline.base import signals_rx
from interviewer.judges.offline.coverage import _DISTANCED, _counts, _plain_clauses, _platitude, _shows_flag, _with_digits, measure
from interviewer.judges.offline.reference import Words, reference_for
from interviewer.judges.text import split_sentences

ROOT = Path(__file__).resolve().parents[1]
OFFLINE_MODULES = ("star", "design", "case", "depth", "ml", "recruiter", "judge", "coverage")


def _answers() -> list[str]:
    out = []
    for path in (ROOT / "benchmarks" / "data" / "devset.jsonl", ROOT / "tests" / "data" / "calibration" / "answers.jsonl"):
        out += [json.loads(line)["answer"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return out


@pytest.fixture(scope="module")
def sentences():
    return [s for a in _answers() for s in split_sentences(a)]


def _module_patterns() -> list[patterns.Rx]:
    out = []
    for name in OFFLINE_MODULES:
        for v in vars(importlib.import_module(f"interviewer.judges.offline.{name}")).values():
            if isinstance(v, patterns.Rx):
                out.append(v)
            elif isinstance(v, dict):
                out += [x for x in v.values() if isinstance(x, patterns.Rx)]
    for rubric in default_catalog().rubrics.values():
        out += [rx for d in rubric.dimensions if (rx := signals_rx(tuple(d.signals))) is not None]
    return out


def test_one_scan_of_the_answer_finds_what_a_search_of_each_sentence_finds() -> None:
    """``Ctx.matching`` scans the joined answer once and jumps to the next sentence after a match; every pattern of
    the judge must find the same sentences, with the same first match, as a search of each sentence alone."""
    from interviewer.judges.offline.base import Ctx

    rubric = default_catalog().rubrics["behavioral"]
    checked = 0
    for answer in _answers()[:120]:
        sents = split_sentences(answer)
        ctx = Ctx(text=answer, sents=sents, content=[s for s in sents if s.content], words=0, rubric=rubric,
                  i_count=0, we_count=0)
        for rx in _module_patterns():
            got = [(h.sent.start, h.match.span() if h.match else None) for h in ctx.matching(rx)]
            want = [(s.start, m.span()) for s in ctx.content if (m := rx.rx.search(s.low))]
            assert got == want, (rx.source[:80], answer[:80])
            checked += 1
    assert checked > 1000


def test_plain_groups_become_non_capturing_and_nothing_else_changes() -> None:
    fold = patterns.fold_pattern
    assert fold(r"\b(Load|Cache)s?\b") == r"\b(?:load|cache)s?\b"
    assert fold(r"[(]x(y)") == r"[(]x(?:y)"  # a parenthesis in a class is a character
    assert fold(r"[]()]z(w)") == r"[]()]z(?:w)"
    assert fold(r"\((x)\)") == r"\((?:x)\)"  # an escaped parenthesis too
    assert fold(r"(?<!-)(?=a)(?:b)") == r"(?<!-)(?=a)(?:b)"  # lookarounds and groups already non-capturing stay


def test_a_folded_pattern_finds_what_re_i_finds_on_the_original(sentences) -> None:
    import re

    for rx in _module_patterns():
        plain = re.compile(rx.source, re.I)
        for s in sentences[:400]:
            a, b = rx.rx.search(s.low), plain.search(s.body)
            assert (a is None) == (b is None), (rx.source[:80], s.body)
            if a:
                assert a.span() == b.span()


def _plain_measure(ref, content, story=False):
    """The key-point matcher as a plain scan: every sentence in order, every term, no index."""
    hits, flags, pending, open_flags = [], [], list(ref.key_points), list(ref.red_flags)
    for s in content:
        words = Words.of(s.low)
        text = _with_digits(s.low, words)  # a pattern term reads counts in words as numbers
        if _counts(s, story):
            for p in list(pending):
                if p.matches(words, text):
                    hits.append((p.text, s.start))
                    pending.remove(p)
        elif _platitude(s) and (not story or s.first_person or s.we):  # a platitude: only its other clauses count
            for p in list(pending):
                if any(p.matches(w, c) for w, c in _plain_clauses(s)):
                    hits.append((p.text, s.start))
                    pending.remove(p)
        distanced = bool(_DISTANCED.search(s.low))
        for f in list(open_flags):
            # a sentence that distances itself shows a flag only in a clause where a term matches and that says no
            # more "not"/"never"... than the term itself
            said = any(t.matches(words, text) for t in f.terms)
            if said and distanced:
                said = _shows_flag(s.low, f)
            if said:
                flags.append((f.text, s.start))
                open_flags.remove(f)
    return hits, flags


def test_the_indexed_key_point_matcher_finds_what_a_plain_scan_finds() -> None:
    from interviewer.judges.offline.judge import build_context

    cat = default_catalog()
    items = [json.loads(x) for x in (ROOT / "benchmarks" / "data" / "devset.jsonl").read_text(encoding="utf-8").splitlines() if x.strip()]
    checked = 0
    for it in items:
        persona = cat.persona(it["persona"])
        for q in persona.questions[:6]:  # each answer against several questions' key points: hits and misses
            ref = reference_for(q)
            if not ref.has_points:
                continue
            ctx = build_context(it["answer"], cat.rubric_for(persona), ref)
            story = cat.rubric_for(persona).kind == "behavioral"
            cov = measure(ref, ctx.content, story=story)
            assert ([(p.text, h.sent.start) for p, h in cov.hits], [(p.text, h.sent.start) for p, h in cov.flags]) == _plain_measure(
                ref, ctx.content, story
            )
            checked += 1
    assert checked > 500


def test_importing_the_offline_judge_compiles_no_pattern_and_reads_no_persona() -> None:
    code = (
        "import interviewer.judges.offline as o, importlib, sys\n"
        "from interviewer.judges.patterns import Rx\n"
        f"mods = {list(OFFLINE_MODULES)!r}\n"
        "rxs = [v for m in mods for v in vars(importlib.import_module('interviewer.judges.offline.' + m)).values() if isinstance(v, Rx)]\n"
        "from interviewer.judges import text\n"
        "rxs += [v for v in vars(text).values() if isinstance(v, Rx)]\n"
        "assert rxs and not [r.source for r in rxs if r._rx is not None], 'compiled at import'\n"
        "from interviewer.judges.offline import reference\n"
        "assert not reference._CACHE, 'reference material built at import'\n"
        "print(len(rxs))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert out.returncode == 0, out.stderr
    assert int(out.stdout) >= 60


def test_number_terms_written_digit_first_find_exactly_what_they_say() -> None:
    """``\\b\\d…`` key-point terms are compiled to start with the digit (faster); they must match the same spans."""
    import re

    from interviewer.judges.offline.reference import _digit_first
    from interviewer.judges.patterns import fold_pattern
    from interviewer.references import topics_for

    cat = default_catalog()
    raws = set()
    for pid in cat.personas:
        persona = cat.persona(pid)
        for q in [*persona.questions, *topics_for(pid)]:
            for item in [*q.key_points, *q.red_flags]:
                raws |= {t[3:] for t in item.terms if t.startswith("re:\\b\\d")}
    assert len(raws) >= 10
    text = "\n".join(json.loads(x)["answer"].lower() for x in (ROOT / "benchmarks" / "data" / "devset.jsonl").read_text(encoding="utf-8").splitlines() if x.strip())
    text += "\n12% a12% x5gb 5gb 10 qps 3.5 tb 1,000 users 99.9% 2x 30 days"
    for raw in raws:
        plain, fast = re.compile(fold_pattern(raw)), re.compile(_digit_first(fold_pattern(raw)))
        assert fast.pattern != plain.pattern
        assert [m.span() for m in plain.finditer(text)] == [m.span() for m in fast.finditer(text)], raw
