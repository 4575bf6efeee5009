# Hidden tests for logistic-regression (run inside the sandbox; `case`, `check` and `solution` are provided).
import math
import random


def _plain(x):
    return x.tolist() if hasattr(x, "tolist") else x


def _fit(f, X, y, **kw):
    w, b = f(X, y, **kw)
    w, b = [float(v) for v in _plain(w)], float(_plain(b))
    assert len(w) == len(X[0]), f"expected {len(X[0])} weights, got {len(w)}"
    assert all(math.isfinite(v) for v in w + [b]), "a weight is NaN or infinite"
    return w, b


def _ref(X, y, lr, epochs):
    w, b = [0.0] * len(X[0]), 0.0
    for _ in range(epochs):
        gw, gb = [0.0] * len(w), 0.0
        for xi, yi in zip(X, y):
            z = sum(a * c for a, c in zip(w, xi)) + b
            p = 1 / (1 + math.exp(-z)) if z >= 0 else math.exp(z) / (1 + math.exp(z))
            for j in range(len(w)):
                gw[j] += (p - yi) * xi[j]
            gb += p - yi
        w = [wj - lr * g / len(X) for wj, g in zip(w, gw)]
        b -= lr * gb / len(X)
    return w, b


def _data(seed, n=60):
    rng = random.Random(seed)
    X = [[rng.uniform(-2, 2), rng.uniform(-2, 2)] for _ in range(n)]
    y = [int(x0 + 0.5 * x1 + rng.gauss(0, 0.5) > 0) for x0, x1 in X]
    return X, y


def _matches(f):
    X, y = _data(1)
    w, b = _fit(f, X, y, lr=0.5, epochs=200)
    rw, rb = _ref(X, y, 0.5, 200)
    assert all(abs(a - c) < 1e-4 for a, c in zip(w + [b], rw + [rb])), f"expected about {[round(v, 4) for v in rw + [rb]]}, got {[round(v, 4) for v in w + [b]]}"


def _separable(f):
    X = [[float(i)] for i in range(-5, 6) if i != 0]
    y = [int(x[0] > 0) for x in X]
    w, b = _fit(f, X, y, lr=0.5, epochs=500)
    preds = [int(w[0] * x[0] + b > 0) for x in X]
    assert preds == y, "separable data is not classified perfectly"


def _large(f):
    X = [[1000.0], [-1000.0]]
    w, b = _fit(f, X, [1, 0], lr=1.0, epochs=50)
    assert w[0] > 0


def _one_class(f):
    X, _ = _data(2, 20)
    w, b = _fit(f, X, [0] * 20, lr=0.5, epochs=300)
    assert b < 0, "with only negative labels the bias should go negative"


def _raises(f, X, y):
    try:
        f(X, y)
    except ValueError:
        return
    raise AssertionError("expected ValueError")


def _speed(f):
    X, y = _data(3, 200)
    w, b = _fit(f, X, y, lr=0.5, epochs=100)
    rw, rb = _ref(X, y, 0.5, 100)
    assert all(abs(a - c) < 1e-4 for a, c in zip(w + [b], rw + [rb])), "wrong weights on 200 points"


TESTS = [
    case("one step by hand", [[0.0], [1.0]], [0, 1], lr=1.0, epochs=1, expected=[[0.25], 0.0]),
    case("zero epochs gives zeros", [[1.0, 2.0]], [1], lr=0.1, epochs=0, expected=[[0.0, 0.0], 0.0]),
    check("matches full-batch gradient descent", _matches, input="60 noisy 2-D points, lr=0.5, epochs=200",
          probe="Can you write down the gradient of the mean log-loss you are following?"),
    check("separable data classified perfectly", _separable, input="x in -5..5, y = x > 0"),
    check("large inputs do not overflow", _large, input="([[1000], [-1000]], [1, 0], lr=1.0, epochs=50)",
          probe="What happens in your sigmoid when z is -1000?"),
    check("only negative labels", _one_class, input="20 points, all labels 0"),
    check("empty input raises ValueError", lambda f: _raises(f, [], []), input="([], [])",
          probe="What should happen with an empty dataset?"),
    check("mismatched lengths raise ValueError", lambda f: _raises(f, [[1.0], [2.0]], [1]), input="([[1], [2]], [1])"),
    check("200 points, 100 epochs", _speed, input="200 points, lr=0.5, epochs=100", probe="What is the cost of one epoch, and how would you vectorise it?"),
]
