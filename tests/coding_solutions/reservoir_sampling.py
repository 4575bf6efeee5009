def reservoir_sample(stream, k, rng):
    if k < 0:
        raise ValueError("k must be >= 0")
    sample = []
    for i, item in enumerate(stream):
        if i < k:
            sample.append(item)
        else:
            j = rng.randrange(i + 1)
            if j < k:
                sample[j] = item
    return sample
