import random


def kmeans(points, k, iters=100, seed=0):
    if k < 1 or k > len(points):
        raise ValueError("k must be between 1 and the number of points")
    rng = random.Random(seed)
    dim = len(points[0])
    # k-means++ seeding keeps separated blobs apart
    cents = [list(points[rng.randrange(len(points))])]
    while len(cents) < k:
        d2 = [min(sum((p[i] - c[i]) ** 2 for i in range(dim)) for c in cents) for p in points]
        total = sum(d2)
        if total == 0:
            cents.append(list(points[rng.randrange(len(points))]))
            continue
        r, acc = rng.random() * total, 0.0
        for p, w in zip(points, d2):
            acc += w
            if acc >= r:
                cents.append(list(p))
                break
        else:
            cents.append(list(points[-1]))
    labels = None
    for _ in range(iters):
        new = [min(range(k), key=lambda j: sum((p[i] - cents[j][i]) ** 2 for i in range(dim))) for p in points]
        if new == labels:
            break
        labels = new
        for j in range(k):
            members = [p for p, l in zip(points, labels) if l == j]
            if members:  # an empty cluster keeps its centroid
                cents[j] = [sum(p[i] for p in members) / len(members) for i in range(dim)]
    return cents, labels
