# Hidden tests for bpe-merge-step (run inside the sandbox; `case`, `check` and `solution` are provided).
import random


def _pair(p):
    return None if p is None else tuple(p)


def _large(f):
    rng = random.Random(8)
    words = {}
    for _ in range(5_000):
        w = tuple(rng.choice("abcdefgh") for _ in range(rng.randint(1, 12)))
        words[w] = words.get(w, 0) + rng.randint(1, 5)
    pair, new = f(dict(words), )
    counts = {}
    for w, c in words.items():
        for a, b in zip(w, w[1:]):
            counts[(a, b)] = counts.get((a, b), 0) + c
    best = min(counts, key=lambda p: (-counts[p], p))
    assert _pair(pair) == best, f"expected {best}, got {pair}"
    assert sum(new.values()) == sum(words.values()), "word counts were lost"


def _no_mutation(f):
    words = {("a", "b"): 1}
    f(words)
    assert words == {("a", "b"): 1}, "the input dict was modified"


TESTS = [
    case("shown example", {("l", "o", "w"): 5, ("l", "o", "g"): 2}, expected=[("l", "o"), {("lo", "w"): 5, ("lo", "g"): 2}]),
    case("counts are weighted by word frequency", {("a", "b"): 1, ("b", "c"): 3, ("a", "b", "x"): 1},
         expected=[("b", "c"), {("a", "b"): 1, ("bc",): 3, ("a", "b", "x"): 1}], probe="How do you weight a pair by how often its word occurs?"),
    case("ties go to the smallest pair", {("b", "a"): 2, ("a", "b"): 2}, expected=[("a", "b"), {("b", "a"): 2, ("ab",): 2}],
         probe="How do you break a tie between two pairs with the same count?"),
    case("overlapping occurrences merge left to right", {("a", "a", "a"): 1}, expected=[("a", "a"), {("aa", "a"): 1}],
         probe="What happens with 'a a a' when you merge ('a', 'a')?"),
    case("repeated pair in one word", {("a", "b", "a", "b"): 2}, expected=[("a", "b"), {("ab", "ab"): 2}]),
    case("no pairs left", {("a",): 3, ("bc",): 1}, expected=[None, {("a",): 3, ("bc",): 1}], probe="What if no word has two symbols?"),
    case("empty vocabulary", {}, expected=[None, {}]),
    case("words that become equal are combined", {("a", "b", "c"): 2, ("ab", "c"): 1}, expected=[("a", "b"), {("ab", "c"): 3}]),
    check("input not modified", _no_mutation, input="{('a', 'b'): 1}"),
    check("5,000 words", _large, input="5000 random words over 8 symbols"),
]
