# Hidden tests for precision-recall-f1 (run inside the sandbox; `case`, `check` and `solution` are provided).
import random


def _raises(f):
    try:
        f([1, 0], [1])
    except ValueError:
        return
    raise AssertionError("expected ValueError for lists of different lengths")


def _large(f):
    rng = random.Random(4)
    t = [int(rng.random() < 0.2) for _ in range(100_000)]
    p = [v if rng.random() < 0.9 else 1 - v for v in t]
    tp = sum(a == 1 and b == 1 for a, b in zip(t, p))
    prec, rec = tp / sum(p), tp / sum(t)
    got = [float(v) for v in f(t, p)]
    want = [prec, rec, 2 * prec * rec / (prec + rec)]
    assert all(abs(a - b) < 1e-9 for a, b in zip(got, want)), f"expected {want}, got {got}"


TESTS = [
    case("shown example", [1, 0, 1, 1], [1, 1, 0, 1], expected=[2 / 3, 2 / 3, 2 / 3]),
    case("precision and recall differ", [1, 1, 1, 0, 0], [1, 0, 0, 0, 1], expected=[0.5, 1 / 3, 0.4]),
    case("no predicted positives", [1, 0, 1], [0, 0, 0], expected=[0.0, 0.0, 0.0],
         probe="What is the precision when the model predicts no positives at all?"),
    case("no actual positives", [0, 0], [1, 0], expected=[0.0, 0.0, 0.0]),
    case("empty lists", [], [], expected=[0.0, 0.0, 0.0], probe="What do you return for empty inputs?"),
    case("string labels", ["spam", "ham", "spam"], ["spam", "spam", "ham"], positive="spam", expected=[0.5, 0.5, 0.5]),
    case("multi-class, one positive class", [0, 1, 2, 2], [2, 1, 2, 0], positive=2, expected=[0.5, 0.5, 0.5]),
    check("different lengths raise ValueError", _raises, input="([1, 0], [1])"),
    check("100,000 predictions", _large, input="100000 labels, 20% positive"),
]
