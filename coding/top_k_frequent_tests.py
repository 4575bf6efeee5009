# Hidden tests for top-k-frequent (run inside the sandbox; `case`, `check` and `solution` are provided).
import random
from collections import Counter


def _raises(f):
    try:
        f([1, 2], -1)
    except ValueError:
        return
    raise AssertionError("expected ValueError for k=-1")


def _large(f):
    rng = random.Random(5)
    items = [int(rng.paretovariate(1.2)) for _ in range(100_000)]
    counts = Counter(items)
    want = sorted(counts, key=lambda x: (-counts[x], x))[:10]
    got = list(f(items, 10))
    assert got == want, f"expected {want}, got {got}"


def _no_mutation(f):
    items = [3, 1, 3, 2]
    f(items, 1)
    assert items == [3, 1, 3, 2], "the input list was modified"


TESTS = [
    case("shown example", ["a", "b", "a", "c", "b", "a"], 2, expected=["a", "b"]),
    case("ties go to the smaller item", [5, 4, 3, 3, 4, 5], 2, expected=[3, 4], probe="How do you break ties between equally frequent items?"),
    case("k larger than the distinct items", [1, 1, 2], 5, expected=[1, 2]),
    case("k = 0", [1, 2, 3], 0, expected=[]),
    case("empty input", [], 3, expected=[], probe="What do you return for an empty list?"),
    case("one item", ["x"], 1, expected=["x"]),
    check("negative k raises ValueError", _raises, input="([1, 2], -1)"),
    check("input not modified", _no_mutation, input="[3, 1, 3, 2], k=1"),
    check("100,000 items", _large, input="100000 heavy-tailed integers, k=10", probe="What is the cost in n and k, and why a heap?"),
]
