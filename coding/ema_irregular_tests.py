# Hidden tests for ema-irregular (run inside the sandbox; `case`, `check` and `solution` are provided).


def _raises(f, *args):
    try:
        f(*args)
    except ValueError:
        return
    raise AssertionError(f"expected ValueError for {args!r}")


def _long(f):
    events = [(i * 0.5, float(i % 7)) for i in range(100_000)]
    out = f(events, 3.0)
    assert len(out) == len(events), f"expected {len(events)} averages, got {len(out)}"
    assert all(0.0 <= v <= 6.0 for v in out[-10:]), "averages left the range of the values"


def _gap(f):
    out = f([(0.0, 0.0), (1000.0, 5.0)], 1.0)
    assert abs(out[1] - 5.0) < 1e-9, f"after a very long gap the average should be the new value, got {out[1]}"


TESTS = [
    case("empty stream", [], 1.0, expected=[], probe="What does your function return for an empty stream?"),
    case("single event", [(3.0, 7.5)], 2.0, expected=[7.5], probe="What should the first average be?"),
    case("one half-life apart", [(0.0, 10.0), (1.0, 20.0)], 1.0, expected=[10.0, 15.0]),
    case("irregular gaps", [(0.0, 0.0), (1.0, 8.0), (3.0, 0.0), (3.5, 4.0)], 1.0,
         expected=[0.0, 4.0, 1.0, 1.0 * 0.5 ** 0.5 + 4.0 * (1 - 0.5 ** 0.5)],
         probe="How does the weight change when the gaps between events are uneven?"),
    case("same timestamp keeps the average", [(1.0, 2.0), (1.0, 100.0)], 1.0, expected=[2.0, 2.0],
         probe="What happens when two events share a timestamp?"),
    check("very long gap", _gap, input="([(0, 0), (1000, 5)], 1.0)"),
    check("timestamps going backwards raise ValueError", lambda f: _raises(f, [(2.0, 1.0), (1.0, 1.0)], 1.0),
          input="([(2, 1), (1, 1)], 1.0)", probe="What should happen if an event arrives out of order?"),
    check("non-positive half-life raises ValueError", lambda f: _raises(f, [(0.0, 1.0)], 0.0), input="([(0, 1)], 0.0)",
          probe="What if half_life is zero or negative?"),
    case("integer inputs", [(0, 2), (2, 6)], 2, expected=[2.0, 4.0]),
    check("100,000 events in one pass", _long, input="100000 events", probe="What is the time and memory cost of your approach?"),
]
