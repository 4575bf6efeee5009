def precision_recall_f1(y_true, y_pred, positive=1):
    if len(y_true) != len(y_pred):
        raise ValueError("y_true and y_pred differ in length")
    tp = fp = fn = 0
    for t, p in zip(y_true, y_pred):
        if p == positive:
            if t == positive:
                tp += 1
            else:
                fp += 1
        elif t == positive:
            fn += 1
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1
