import math


def _logsumexp(logits):
    m = max(logits)
    return m + math.log(sum(math.exp(x - m) for x in logits))


def softmax(logits):
    if not logits:
        raise ValueError("empty logits")
    m = max(logits)
    exps = [math.exp(x - m) for x in logits]
    total = sum(exps)
    return [e / total for e in exps]


def cross_entropy(logits, target):
    if not logits:
        raise ValueError("empty logits")
    return _logsumexp(logits) - logits[target]
