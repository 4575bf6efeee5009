# Hidden tests for attention-mask (run inside the sandbox; `case`, `check` and `solution` are provided).
import numpy as np


def _ref(q, k, v, mask=None):
    s = q @ k.T / np.sqrt(q.shape[-1])
    if mask is not None:
        s = np.where(mask, s, -np.inf)
    m = np.max(s, axis=-1, keepdims=True)
    m = np.where(np.isfinite(m), m, 0.0)
    e = np.exp(s - m)
    if mask is not None:
        e = np.where(mask, e, 0.0)
    z = e.sum(axis=-1, keepdims=True)
    w = np.divide(e, z, out=np.zeros_like(e), where=z > 0)
    return w @ v


def _qkv(seed, n=4, m=5, d=8, dv=3, scale=1.0):
    rng = np.random.default_rng(seed)
    return rng.normal(size=(n, d)) * scale, rng.normal(size=(m, d)) * scale, rng.normal(size=(m, dv))


def _same(got, want):
    got = np.asarray(got, dtype=float)
    assert got.shape == want.shape, f"expected shape {want.shape}, got {got.shape}"
    assert np.all(np.isfinite(got)), "the output has NaN or inf"
    assert np.allclose(got, want, atol=1e-6), f"values differ by up to {np.max(np.abs(got - want)):.3g}"


def _nomask(f):
    q, k, v = _qkv(1)
    _same(f(q, k, v), _ref(q, k, v))


def _mask(f):
    q, k, v = _qkv(2)
    mask = np.random.default_rng(3).random((4, 5)) > 0.4
    mask[:, 0] = True
    _same(f(q, k, v, mask), _ref(q, k, v, mask))


def _causal(f):
    q, k, v = _qkv(4, n=5, m=5)
    mask = np.tril(np.ones((5, 5), dtype=bool))
    _same(f(q, k, v, mask), _ref(q, k, v, mask))


def _scale(f):
    q, k, v = _qkv(5, d=64)
    _same(f(q, k, v), _ref(q, k, v))


def _large(f):
    q, k, v = _qkv(6, scale=100.0)
    _same(f(q, k, v), _ref(q, k, v))


def _empty_row(f):
    q, k, v = _qkv(7, n=3, m=4)
    mask = np.ones((3, 4), dtype=bool)
    mask[1] = False
    got = np.asarray(f(q, k, v, mask), dtype=float)
    _same(got, _ref(q, k, v, mask))


def _no_mutation(f):
    q, k, v = _qkv(8)
    mask = np.ones((4, 5), dtype=bool)
    copies = [a.copy() for a in (q, k, v, mask)]
    f(q, k, v, mask)
    assert all(np.array_equal(a, b) for a, b in zip((q, k, v, mask), copies)), "the inputs were modified"


def _big(f):
    q, k, v = _qkv(9, n=256, m=256, d=64, dv=64)
    mask = np.tril(np.ones((256, 256), dtype=bool))
    _same(f(q, k, v, mask), _ref(q, k, v, mask))


TESTS = [
    check("no mask", _nomask, input="random q (4x8), k (5x8), v (5x3)"),
    check("random mask", _mask, input="random q, k, v and a (4x5) mask", probe="How does your mask enter the softmax?"),
    check("causal mask", _causal, input="5x5 lower-triangular mask"),
    check("scaled by sqrt(d)", _scale, input="d=64", probe="Why divide the scores by the square root of d?"),
    check("large scores stay finite", _large, input="q and k scaled by 100", probe="What happens to exp() of very large scores?"),
    check("a fully masked row gives zeros", _empty_row, input="mask row 1 all False",
          probe="What should a query that may attend to nothing return?"),
    check("inputs are not modified", _no_mutation, input="q, k, v, mask"),
    check("256 queries, causal", _big, input="n=m=256, d=dv=64, causal mask", probe="What is the time and memory cost in n?"),
]
