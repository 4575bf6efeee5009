# Hidden tests for stratified-split (run inside the sandbox; `case`, `check` and `solution` are provided).
import random
from collections import Counter


def _split(f, labels, frac, seed=0):
    train, test = f(labels, frac, seed)
    train, test = [int(i) for i in train], [int(i) for i in test]
    assert not set(train) & set(test), "an index is in both train and test"
    assert sorted(train + test) == list(range(len(labels))), "train and test do not cover every index exactly once"
    return train, test


def _proportions(f):
    labels = ["cat"] * 50 + ["dog"] * 30 + ["bird"] * 20
    random.Random(3).shuffle(labels)
    train, test = _split(f, labels, 0.2)
    counts = Counter(labels[i] for i in test)
    assert counts == {"cat": 10, "dog": 6, "bird": 4}, f"expected 10/6/4 in test, got {dict(counts)}"


def _rare(f):
    labels = [0] * 40 + [1] * 3
    train, test = _split(f, labels, 0.25)
    c = Counter(labels[i] for i in test)
    assert c[0] == 10 and c[1] == 1, f"expected 10 zeros and 1 one in test, got {dict(c)}"


def _singleton(f):
    labels = ["a"] * 10 + ["z"]
    train, test = _split(f, labels, 0.5)
    assert 10 in train, "the only example of a class must stay in train"


def _seeded(f):
    labels = [i % 3 for i in range(60)]
    a, b = _split(f, labels, 0.3, seed=5), _split(f, labels, 0.3, seed=5)
    assert a == b, "the same seed gave different splits"
    others = {tuple(_split(f, labels, 0.3, seed=s)[1]) for s in range(6)}
    assert len(others) > 1, "different seeds always give the same split: is it random?"


def _sorted(f):
    labels = [i % 2 for i in range(30)]
    train, test = f(labels, 0.5, 1)
    assert list(train) == sorted(train) and list(test) == sorted(test), "the index lists are not sorted"


def _raises(f, frac):
    try:
        f([0, 1, 0, 1], frac)
    except ValueError:
        return
    raise AssertionError(f"expected ValueError for test_fraction={frac}")


def _large(f):
    rng = random.Random(9)
    labels = [rng.choice("abcde") for _ in range(50_000)]
    train, test = _split(f, labels, 0.1)
    c, t = Counter(labels), Counter(labels[i] for i in test)
    assert all(abs(t[k] - round(c[k] * 0.1)) <= 1 for k in c)


TESTS = [
    check("class proportions kept", _proportions, input="50 cat, 30 dog, 20 bird, fraction 0.2",
          probe="How do you make sure every class keeps its share in the test set?"),
    check("a rare class still gets test examples", _rare, input="40 zeros, 3 ones, fraction 0.25"),
    check("a class with one example stays in train", _singleton, input="10 'a', 1 'z', fraction 0.5",
          probe="What happens to a class with a single example?"),
    check("seeded and random", _seeded, input="60 labels, fraction 0.3, seeds 0..5"),
    check("index lists are sorted", _sorted, input="30 labels, fraction 0.5"),
    case("empty labels", [], 0.5, expected=[[], []], probe="What does your split return for an empty dataset?"),
    check("fraction 0 raises ValueError", lambda f: _raises(f, 0.0), input="test_fraction=0"),
    check("fraction 1 raises ValueError", lambda f: _raises(f, 1.0), input="test_fraction=1"),
    check("50,000 labels", _large, input="50000 labels, 5 classes, fraction 0.1"),
]
