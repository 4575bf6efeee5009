"""Small charts for reports: a dimension's history (1-4 per session) as an inline SVG or a Unicode sparkline."""

from __future__ import annotations

from html import escape

from interviewer.progress import sparkline


def svg_history(scores: list[int], width: int = 160, height: int = 36, label: str = "") -> str:
    """An inline SVG line chart of scores 1-4, oldest left, the latest point marked. Self-contained (no script)."""
    values = [min(max(int(s), 1), 4) for s in scores][-30:]
    if not values:
        return ""
    pad = 4
    step = (width - 2 * pad) / max(len(values) - 1, 1)

    def y(v: int) -> float:
        return round(height - pad - (v - 1) * (height - 2 * pad) / 3, 1)

    points = " ".join(f"{round(pad + i * step, 1)},{y(v)}" for i, v in enumerate(values))
    lx, ly = round(pad + (len(values) - 1) * step, 1), y(values[-1])
    title = label or f"scores over {len(values)} sessions: {', '.join(map(str, values))}"
    grid = "".join(
        f'<line x1="{pad}" x2="{width - pad}" y1="{y(v)}" y2="{y(v)}" stroke="currentColor" stroke-opacity=".12"/>'
        for v in (1, 2, 3, 4)
    )
    return (
        f'<svg class="history" role="img" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>{grid}'
        f'<polyline fill="none" stroke="currentColor" stroke-width="2" points="{points}"/>'
        f'<circle cx="{lx}" cy="{ly}" r="3" fill="currentColor"/></svg>'
    )


def text_history(scores: list[int]) -> str:
    """``▂▄▅█ (first 2, best 4)`` for Markdown."""
    if not scores:
        return ""
    return f"{sparkline(scores)} (first {scores[0]}, best {max(scores)}, {len(scores)} sessions)"
