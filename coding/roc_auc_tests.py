# Hidden tests for roc-auc (run inside the sandbox; `case`, `check` and `solution` are provided).
import random


def _raises(f, scores, labels):
    try:
        f(scores, labels)
    except ValueError:
        return
    raise AssertionError("expected ValueError")


def _pairs(scores, labels):
    pos = [s for s, l in zip(scores, labels) if l == 1]
    neg = [s for s, l in zip(scores, labels) if l == 0]
    wins = sum((p > n) + 0.5 * (p == n) for p in pos for n in neg)
    return wins / (len(pos) * len(neg))


def _random_ties(f):
    rng = random.Random(1)
    scores = [rng.randint(0, 5) / 5 for _ in range(300)]
    labels = [int(rng.random() < 0.3 + 0.1 * s) for s in scores]
    got, want = float(f(scores, labels)), _pairs(scores, labels)
    assert abs(got - want) < 1e-9, f"expected {want:.6f}, got {got:.6f}"


def _large(f):
    rng = random.Random(2)
    n = 30_000
    labels = [int(rng.random() < 0.1) for _ in range(n)]
    scores = [rng.random() + 0.5 * l for l in labels]
    got = float(f(scores, labels))
    assert 0.85 < got < 0.9, f"expected about 0.875, got {got}"


TESTS = [
    case("shown example", [0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1], expected=0.75),
    case("perfect ranking", [0.1, 0.2, 0.8, 0.9], [0, 0, 1, 1], expected=1.0),
    case("inverted ranking", [0.9, 0.8, 0.2, 0.1], [0, 0, 1, 1], expected=0.0),
    case("all scores tied", [0.3, 0.3, 0.3, 0.3], [0, 1, 0, 1], expected=0.5,
         probe="How do you count a positive and a negative with the same score?"),
    case("unsorted input with ties", [0.5, 0.2, 0.5, 0.9, 0.2], [1, 0, 0, 1, 1], expected=4 / 6),
    check("random scores with many ties", _random_ties, input="300 scores in {0, 0.2, ..., 1}"),
    check("only one class raises ValueError", lambda f: _raises(f, [0.1, 0.9], [1, 1]), input="([0.1, 0.9], [1, 1])",
          probe="What is the AUC when every label is positive?"),
    check("different lengths raise ValueError", lambda f: _raises(f, [0.1, 0.9], [1]), input="([0.1, 0.9], [1])"),
    check("30,000 scores", _large, input="30000 scores, 10% positive",
          probe="Your approach compares pairs: what is its cost, and can you do it in O(n log n)?"),
]
