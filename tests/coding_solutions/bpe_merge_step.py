from collections import Counter


def bpe_merge_step(words):
    counts = Counter()
    for word, n in words.items():
        for pair in zip(word, word[1:]):
            counts[pair] += n
    if not counts:
        return None, dict(words)
    best = min(counts, key=lambda p: (-counts[p], p))
    merged = best[0] + best[1]
    out = {}
    for word, n in words.items():
        new, i = [], 0
        while i < len(word):
            if i + 1 < len(word) and (word[i], word[i + 1]) == best:
                new.append(merged)
                i += 2
            else:
                new.append(word[i])
                i += 1
        key = tuple(new)
        out[key] = out.get(key, 0) + n
    return best, out
