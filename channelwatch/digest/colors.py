"""One colour per watch view, the same in the chart legend and the HTML section headings.

Its own module so the HTML side needs no matplotlib (0.35 s to import, on every daily run
that checks the SMTP settings)."""

from __future__ import annotations

COLORS: dict[str, str] = {
    "watch_broadening": "#1f6feb",
    "watch_rival_clouds": "#8250df",
    "watch_packaging": "#bf8700",
    "watch_renegotiations": "#cf222e",
}
OTHER_COLOR = "#59636e"
