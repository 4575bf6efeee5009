import math


def _sigmoid(z):
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


def train_logreg(X, y, lr=0.1, epochs=1000):
    if not X or len(X) != len(y):
        raise ValueError("X and y must be non-empty and the same length")
    n, d = len(X), len(X[0])
    w, b = [0.0] * d, 0.0
    for _ in range(epochs):
        gw, gb = [0.0] * d, 0.0
        for xi, yi in zip(X, y):
            err = _sigmoid(sum(wj * xj for wj, xj in zip(w, xi)) + b) - yi
            for j in range(d):
                gw[j] += err * xi[j]
            gb += err
        w = [wj - lr * g / n for wj, g in zip(w, gw)]
        b -= lr * gb / n
    return w, b
