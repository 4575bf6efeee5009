def ema(events, half_life):
    if half_life <= 0:
        raise ValueError("half_life must be positive")
    out = []
    avg = prev_t = None
    for t, v in events:
        if avg is None:
            avg = float(v)
        else:
            if t < prev_t:
                raise ValueError("timestamps must not go backwards")
            a = 0.5 ** ((t - prev_t) / half_life)
            avg = a * avg + (1 - a) * v
        prev_t = t
        out.append(avg)
    return out
