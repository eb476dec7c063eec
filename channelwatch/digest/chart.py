"""The digest's chart: signals per watch item per week, as PNG bytes (matplotlib, Agg)."""

from __future__ import annotations

import io

# Figure (not pyplot): no global state, no display; savefig renders with the Agg canvas
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from channelwatch.digest.colors import COLORS, OTHER_COLOR
from channelwatch.digest.content import History


def render_chart(history: History, *, width_px: int = 640, height_px: int = 240) -> bytes:
    """A small line chart of the last weeks' signal counts, the digest week last."""
    dpi = 100
    fig = Figure(figsize=(width_px / dpi, height_px / dpi), dpi=dpi)
    ax = fig.add_subplot()
    x = list(range(len(history.weeks)))
    for view, counts in history.counts.items():
        ax.plot(
            x,
            counts,
            marker="o",
            markersize=3.5,
            linewidth=1.8,
            color=COLORS.get(view, OTHER_COLOR),
            label=history.titles.get(view, view),
        )
    labels = [f"W{w.week:02d}" for w in history.weeks]
    ax.set_xticks(x, labels, fontsize=8)
    ax.tick_params(axis="y", labelsize=8)
    peak = max((max(c, default=0) for c in history.counts.values()), default=0)
    ax.set_ylim(0, max(peak, 1) * 1.15 + 0.2)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_ylabel("new signals", fontsize=8)
    if history.weeks:
        first, last = history.weeks[0], history.weeks[-1]
        ax.set_title(f"Signals per watch item, {first} to {last}", fontsize=9, loc="left")
        ax.axvspan(len(x) - 1.4, len(x) - 0.6, color="#f0f3f6", zorder=0)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.grid(axis="y", color="#e5e7eb", linewidth=0.8)
    ax.legend(
        fontsize=7.5,
        frameon=False,
        ncols=2,
        loc="upper left",
        bbox_to_anchor=(0, -0.14),
        handlelength=1.6,
    )
    buffer = io.BytesIO()
    # 2x for sharp text on high-DPI screens; "tight" keeps the legend below the axes inside
    fig.savefig(buffer, format="png", dpi=dpi * 2, bbox_inches="tight", pad_inches=0.08)
    return buffer.getvalue()
