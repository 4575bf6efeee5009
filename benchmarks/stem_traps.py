"""Which words each key-point and red-flag term word matches besides its own stem: a list to read for prefix traps.

For every plain term word in ``personas/*.yaml`` and ``references/*.yaml``, the distinct words of the dev split's
answers and of the bank's text that ``Words.at`` lets it match although their stem differs (a form matched by its
base and endings: "experimented" for "experiment"). A word that is not a form of the term word ("experience" for
"experiment") is a trap. Dev split only: the test split is never read here. The traps found, and the forms meant to
match, are kept as tests in ``tests/test_term_forms.py`` (a term word whose stem cut into the word itself, "career"
as "car", matches its inflections only: see ``TermWord.of``).

    .venv/bin/python benchmarks/stem_traps.py            # every term word with such matches
    .venv/bin/python benchmarks/stem_traps.py experiment keys   # only these term words
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent


def _strings(x):
    if isinstance(x, str):
        yield x
    elif isinstance(x, dict):
        for v in x.values():
            yield from _strings(v)
    elif isinstance(x, list):
        for v in x:
            yield from _strings(v)


def _terms(x, out: set[str]) -> None:
    if isinstance(x, dict):
        if isinstance(x.get("terms"), list):
            out.update(t for t in x["terms"] if isinstance(t, str) and not t.startswith("re:"))
        for v in x.values():
            _terms(v, out)
    elif isinstance(x, list):
        for v in x:
            _terms(v, out)


def traps(only: set[str] | None = None) -> list[tuple[str, list[str]]]:
    sys.path.insert(0, str(REPO))
    from interviewer.judges.offline.reference import TermWord, Words, stem, tokens

    terms: set[str] = set()
    texts: list[str] = []
    for f in sorted([*REPO.glob("personas/*.yaml"), *REPO.glob("references/*.yaml")]):
        doc = yaml.safe_load(f.read_text(encoding="utf-8"))
        texts.extend(_strings(doc))
        _terms(doc, terms)
    for line in (REPO / "benchmarks/data/devset.jsonl").read_text(encoding="utf-8").splitlines():
        it = json.loads(line) if line.strip() else {}
        if it.get("split") == "dev":
            texts += [it["answer"], it.get("question") or ""]
    vocab = sorted({w for t in texts for w in tokens(t)})
    raws = sorted({w for t in terms for part in t.split(" + ") for w in tokens(part)})
    out = []
    for r in raws:
        if only and r not in only:
            continue
        tw = TermWord.of(r)
        hits = [w for w in vocab if Words.of(w).at(0, tw) and stem(w) != tw.stem]
        if hits:
            out.append((r, hits))
    return out


def main() -> int:
    found = traps(set(sys.argv[1:]) or None)
    for word, hits in found:
        print(f"{word:16} {', '.join(hits)}")
    print(f"{len(found)} term words match words of another stem", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
