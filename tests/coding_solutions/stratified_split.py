import random
from collections import defaultdict


def stratified_split(labels, test_fraction, seed=0):
    if not 0 < test_fraction < 1:
        raise ValueError("test_fraction must be between 0 and 1")
    rng = random.Random(seed)
    by_class = defaultdict(list)
    for i, label in enumerate(labels):
        by_class[label].append(i)
    train, test = [], []
    for idx in by_class.values():
        rng.shuffle(idx)
        n_test = min(round(len(idx) * test_fraction), len(idx) - 1)
        test += idx[:n_test]
        train += idx[n_test:]
    return sorted(train), sorted(test)
