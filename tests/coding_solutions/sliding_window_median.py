from bisect import bisect_left, insort


def sliding_median(nums, k):
    if k < 1:
        raise ValueError("k must be >= 1")
    if k > len(nums):
        return []
    window = sorted(nums[:k])
    out = []
    for i in range(k, len(nums) + 1):
        out.append(window[k // 2] if k % 2 else (window[k // 2 - 1] + window[k // 2]) / 2)
        if i == len(nums):
            break
        del window[bisect_left(window, nums[i - k])]
        insort(window, nums[i])
    return out
