# Hidden tests for sliding-window-median (run inside the sandbox; `case`, `check` and `solution` are provided).
import random


def _naive(nums, k):
    out = []
    for i in range(len(nums) - k + 1):
        w = sorted(nums[i : i + k])
        out.append(w[k // 2] if k % 2 else (w[k // 2 - 1] + w[k // 2]) / 2)
    return out


def _random(f):
    rng = random.Random(6)
    nums = [rng.randint(-20, 20) for _ in range(300)]
    for k in (1, 2, 5, 8, 33):
        got = [float(v) for v in f(list(nums), k)]
        want = [float(v) for v in _naive(nums, k)]
        assert got == want, f"wrong medians for k={k} on random input with duplicates"


def _raises(f):
    try:
        f([1, 2, 3], 0)
    except ValueError:
        return
    raise AssertionError("expected ValueError for k=0")


def _large(f):
    n, k = 40_000, 4_000
    nums = [float((i * 7919) % n) for i in range(n)]
    got = f(nums, k)
    assert len(got) == n - k + 1, f"expected {n - k + 1} medians, got {len(got)}"
    for i in (0, 1, 777, n - k):
        assert float(got[i]) == float(_naive(nums[i : i + k], k)[0]), f"wrong median for window {i}"


TESTS = [
    case("shown example", [1, 3, -1, -3, 5, 3, 6, 7], 3, expected=[1, -1, -1, 3, 5, 6]),
    case("even window", [1, 2, 3, 4], 2, expected=[1.5, 2.5, 3.5], probe="What is the median of an even-sized window?"),
    case("k = 1", [4, -2, 7], 1, expected=[4, -2, 7]),
    case("window is the whole list", [5, 1, 3], 3, expected=[3]),
    case("window longer than the list", [1, 2], 3, expected=[], probe="What should happen when k is larger than the list?"),
    case("empty list", [], 2, expected=[]),
    case("duplicates leaving the window", [2, 2, 2, 1, 1, 1], 3, expected=[2, 2, 1, 1],
         probe="How do you remove a value that leaves the window when it appears several times?"),
    check("random input against a brute force", _random, input="300 integers in [-20, 20], k in 1, 2, 5, 8, 33"),
    check("k = 0 raises ValueError", _raises, input="([1, 2, 3], 0)"),
    check("40,000 numbers, window 4,000", _large, input="n=40000, k=4000",
          probe="Sorting every window costs O(n k log k): how would you do better?"),
]
