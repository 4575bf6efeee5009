# Hidden tests for reservoir-sampling (run inside the sandbox; `case`, `check` and `solution` are provided).
import random


class OnePass:
    """An iterator with no len() that refuses a second pass."""

    def __init__(self, n):
        self.n, self.used = n, False

    def __iter__(self):
        if self.used:
            raise AssertionError("the stream was iterated twice")
        self.used = True
        return iter(range(self.n))


def _sample(f, n, k, seed):
    got = list(f(OnePass(n), k, random.Random(seed)))
    assert len(got) == min(n, k), f"expected {min(n, k)} items, got {len(got)}"
    assert len(set(got)) == len(got), "an item was sampled twice"
    assert all(0 <= x < n for x in got), "an item is not from the stream"
    return got


def _uniform(f):
    counts = [0] * 10
    for seed in range(2000):
        for x in _sample(f, 10, 3, seed):
            counts[x] += 1
    freqs = [c / 2000 for c in counts]
    assert all(0.25 < p < 0.35 for p in freqs), f"each item should appear ~30% of the time, got {[round(p, 3) for p in freqs]}"


def _late_items(f):
    hits = sum(99 in _sample(f, 100, 5, seed) for seed in range(1000))
    assert 25 < hits < 75, f"the last item should be kept ~5% of the time, got {hits / 1000:.3f}"


def _raises(f):
    try:
        f(OnePass(3), -1, random.Random(0))
    except ValueError:
        return
    raise AssertionError("expected ValueError for k=-1")


def _long(f):
    _sample(f, 100_000, 20, 0)


TESTS = [
    check("short stream gives everything", lambda f: _sample(f, 3, 5, 0), input="stream of 3, k=5",
          probe="What happens when the stream has fewer than k items?"),
    check("exactly k items", lambda f: _sample(f, 4, 4, 0), input="stream of 4, k=4"),
    check("k = 0", lambda f: _sample(f, 10, 0, 0), input="stream of 10, k=0"),
    check("empty stream", lambda f: _sample(f, 0, 3, 0), input="empty stream, k=3", probe="What about an empty stream?"),
    check("one pass, no len()", lambda f: _sample(f, 50, 5, 1), input="an iterator without len()"),
    check("every item equally likely", _uniform, input="2000 samples of k=3 from 10 items",
          probe="How would you convince me the sample is uniform?"),
    check("the last item has a fair chance", _late_items, input="1000 samples of k=5 from 100 items"),
    check("negative k raises ValueError", _raises, input="k=-1"),
    check("100,000 items", _long, input="stream of 100,000, k=20", probe="What is the time and memory cost?"),
]
