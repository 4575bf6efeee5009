# Hidden tests for softmax-cross-entropy (run inside the sandbox; `case`, `check` and `solution` are provided).
import math


def _xe(logits, target):
    fn = getattr(solution, "cross_entropy", None)
    assert callable(fn), "no function named cross_entropy()"
    v = fn(logits, target)
    v = float(v.item() if hasattr(v, "item") else v)
    return v


def _close(a, b, tol=1e-6):
    return math.isclose(a, b, rel_tol=tol, abs_tol=tol)


def _sums_to_one(f):
    p = [float(v) for v in f([3.0, -1.0, 0.5, 2.0])]
    assert _close(sum(p), 1.0), f"probabilities sum to {sum(p)}"
    assert p.index(max(p)) == 0


def _xe_large(f):
    v = _xe([1000.0, 0.0], 1)
    assert _close(v, 1000.0), f"expected 1000.0, got {v}"


def _xe_confident(f):
    v = _xe([0.0, 1000.0], 1)
    assert v >= 0 and v < 1e-9, f"expected about 0, got {v}"


def _xe_value(f):
    logits = [1.0, 2.0, 3.0]
    want = -(3.0 - math.log(math.exp(1) + math.exp(2) + math.exp(3)))
    v = _xe(logits, 2)
    assert _close(v, want), f"expected {want}, got {v}"


def _raises(f):
    try:
        f([])
    except ValueError:
        return
    raise AssertionError("expected ValueError for an empty list")


def _long(f):
    p = [float(v) for v in f([float(i % 50) for i in range(100_000)])]
    assert len(p) == 100_000 and _close(sum(p), 1.0, 1e-6)


TESTS = [
    case("two equal logits", [0.0, 0.0], expected=[0.5, 0.5]),
    check("probabilities sum to one", _sums_to_one, input="[3, -1, 0.5, 2]"),
    case("huge logits do not overflow", [1000.0, 1001.0], expected=[1 / (1 + math.e), math.e / (1 + math.e)],
         probe="What happens to exp(1000) in your softmax, and how do you avoid it?"),
    case("very negative logits do not underflow to 0/0", [-1000.0, -1000.0], expected=[0.5, 0.5]),
    case("a single logit", [42.0], expected=[1.0]),
    check("empty list raises ValueError", _raises, input="[]", probe="What should softmax of an empty list do?"),
    check("cross-entropy value", _xe_value, input="cross_entropy([1, 2, 3], 2)"),
    check("cross-entropy of a confidently wrong prediction", _xe_large, input="cross_entropy([1000, 0], 1)",
          probe="How do you compute log(softmax) without taking log of zero?"),
    check("cross-entropy of a confidently right prediction", _xe_confident, input="cross_entropy([0, 1000], 1)"),
    check("100,000 logits", _long, input="100000 logits"),
]
