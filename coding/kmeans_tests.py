# Hidden tests for kmeans (run inside the sandbox; `case`, `check` and `solution` are provided).
import random


def _blobs(n, centers, spread, seed):
    rng = random.Random(seed)
    pts, truth = [], []
    for c, (cx, cy) in enumerate(centers):
        for _ in range(n):
            pts.append([cx + rng.gauss(0, spread), cy + rng.gauss(0, spread)])
            truth.append(c)
    return pts, truth


def _plain(x):
    return x.tolist() if hasattr(x, "tolist") else x


def _result(f, pts, k, **kw):
    cents, labels = f(pts, k, **kw)
    cents, labels = [list(map(float, _plain(c))) for c in _plain(cents)], [int(v) for v in _plain(labels)]
    assert len(cents) == k, f"expected {k} centroids, got {len(cents)}"
    assert len(labels) == len(pts), f"expected {len(pts)} labels, got {len(labels)}"
    assert all(0 <= v < k for v in labels), "a label is outside range(k)"
    for c in cents:
        assert all(v == v for v in c), "a centroid is NaN (an empty cluster?)"
    return cents, labels


def _same_partition(labels, truth):
    pairs = {}
    for a, b in zip(labels, truth):
        if pairs.setdefault(a, b) != b:
            return False
    return len(set(pairs.values())) == len(pairs)


def _separated(f):
    pts, truth = _blobs(50, [(0, 0), (20, 0), (0, 20)], 1.0, 1)
    _, labels = _result(f, pts, 3)
    assert _same_partition(labels, truth), "three well-separated blobs were not recovered"


def _means(f):
    pts, _ = _blobs(40, [(0, 0), (6, 6)], 2.0, 2)
    cents, labels = _result(f, pts, 2)
    for j in range(2):
        members = [p for p, l in zip(pts, labels) if l == j]
        if members:
            mean = [sum(p[d] for p in members) / len(members) for d in range(2)]
            assert all(abs(mean[d] - cents[j][d]) < 1e-6 for d in range(2)), "a centroid is not the mean of its points"


def _nearest(f):
    pts, _ = _blobs(40, [(0, 0), (5, 0)], 2.0, 3)
    cents, labels = _result(f, pts, 2)
    for p, l in zip(pts, labels):
        d = [sum((p[i] - c[i]) ** 2 for i in range(2)) for c in cents]
        assert d[l] <= min(d) + 1e-9, "a point is not assigned to its nearest centroid"


def _duplicates(f):
    _result(f, [[1.0, 1.0]] * 5 + [[2.0, 2.0]], 2)


def _raises(f, pts, k):
    try:
        f(pts, k)
    except ValueError:
        return
    raise AssertionError(f"expected ValueError for k={k} with {len(pts)} points")


def _deterministic(f):
    pts, _ = _blobs(30, [(0, 0), (4, 4), (8, 0)], 1.5, 4)
    a, b = _result(f, pts, 3, seed=7), _result(f, pts, 3, seed=7)
    assert a == b, "the same seed gave different results"


def _large(f):
    pts, truth = _blobs(2000, [(0, 0), (30, 30)], 1.0, 5)
    _, labels = _result(f, pts, 2, iters=50)
    assert _same_partition(labels, truth), "two well-separated blobs were not recovered"


TESTS = [
    check("three separated blobs", _separated, input="150 points around (0,0), (20,0), (0,20); k=3"),
    check("centroids are the means of their points", _means, input="80 points, k=2"),
    check("points go to the nearest centroid", _nearest, input="80 points, k=2"),
    check("k=1 gives the overall mean", lambda f: _expect_one(f), input="([[1,1],[3,3],[5,8]], 1)"),
    check("duplicate points do not leave a NaN centroid", _duplicates, input="five copies of [1,1] and [2,2]; k=2",
          probe="What happens when a cluster ends up empty?"),
    check("k larger than the number of points raises ValueError", lambda f: _raises(f, [[0.0], [1.0]], 3),
          input="([[0],[1]], 3)", probe="What should happen if k is larger than the number of points?"),
    check("k=0 raises ValueError", lambda f: _raises(f, [[0.0], [1.0]], 0), input="([[0],[1]], 0)"),
    check("same seed, same result", _deterministic, input="90 points, k=3, seed=7 twice"),
    check("4,000 points", _large, input="4000 points, k=2, iters=50", probe="What is the cost of one iteration, and how would it scale?"),
]


def _expect_one(f):
    cents, labels = _result(f, [[1.0, 1.0], [3.0, 3.0], [5.0, 8.0]], 1)
    assert all(abs(a - b) < 1e-9 for a, b in zip(cents[0], [3.0, 4.0])), f"expected the mean [3, 4], got {cents[0]}"
    assert labels == [0, 0, 0]
