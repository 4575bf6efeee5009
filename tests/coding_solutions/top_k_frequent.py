import heapq
from collections import Counter


def top_k_frequent(items, k):
    if k < 0:
        raise ValueError("k must be >= 0")
    counts = Counter(items)
    return heapq.nsmallest(k, counts, key=lambda x: (-counts[x], x))
