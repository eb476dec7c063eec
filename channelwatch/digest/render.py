"""Turn the week's content into an email: HTML and plain text from Jinja2 templates.

The HTML template is autoescaped (titles and evidence are untrusted article text); the
message is ``multipart/alternative`` (text, then ``multipart/related`` HTML + chart PNG
referenced by Content-ID). Header values are built only from our own values, passed
through ``header_safe``; article text never reaches a header.
"""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass
from datetime import date, datetime
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, make_msgid

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from channelwatch.digest.colors import COLORS, OTHER_COLOR
from channelwatch.digest.content import DigestContent, signal_order

STATUS_COLORS: dict[str, str] = {
    "confirmed": "#1a7f37",
    "reported": "#0969da",
    "talks": "#9a6700",
    "denied": "#cf222e",
}
_CONTROL = re.compile(r"[\x00-\x1f\x7f\x85\u2028\u2029]+")
_SPACES = re.compile(r"\s{2,}")


def oneline(value: object, limit: int | None = None) -> str:
    """Control characters (CR, LF, tabs...) become spaces; optionally cut to ``limit``."""
    text = _SPACES.sub(" ", _CONTROL.sub(" ", str(value))).strip()
    if limit is not None and len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return text


def header_safe(value: object, limit: int = 200) -> str:
    """A value fit for a mail header: one line, no control characters, bounded length."""
    return oneline(value, limit)


def _fmt_date(value: date | datetime | None) -> str:
    if value is None:
        return ""
    return f"{value:%a %d %b %Y}".replace(" 0", " ")


def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("channelwatch.digest", "templates"),
        autoescape=select_autoescape(enabled_extensions=("html",), default=False),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["oneline"] = oneline
    env.filters["day"] = _fmt_date
    env.globals["status_colors"] = STATUS_COLORS
    env.globals["item_colors"] = COLORS
    env.globals["other_color"] = OTHER_COLOR
    return env


_ENV = _environment()


@dataclass(frozen=True, slots=True)
class RenderedDigest:
    subject: str
    text: str
    html: str  # references the chart as cid:<chart_cid>
    preview_html: str  # the same page with the chart inline as a data: URI, for browsers
    chart_png: bytes
    chart_cid: str  # Content-ID without the angle brackets


def subject_line(content: DigestContent) -> str:
    """``channelwatch digest 2026-W48: 5 new signals, 1 status change (top: A & B ...)``."""
    if content.is_empty:
        return header_safe(f"channelwatch digest {content.week}: no new signals")
    parts = [f"{content.n_signals} new signal{'s' if content.n_signals != 1 else ''}"]
    if content.n_changes:
        parts.append(f"{content.n_changes} status change{'s' if content.n_changes != 1 else ''}")
    signals = sorted((s for x in content.sections for s in x.signals), key=signal_order)
    top = f" (top: {signals[0].parties}, {signals[0].kind})" if signals else ""
    return header_safe(f"channelwatch digest {content.week}: {', '.join(parts)}{top}")


def render_digest(content: DigestContent, *, chart_png: bytes, domain: str) -> RenderedDigest:
    """Render both parts; ``domain`` names the Content-ID's right-hand side."""
    cid = make_msgid(domain=domain)[1:-1]
    data_uri = "data:image/png;base64," + base64.b64encode(chart_png).decode("ascii")
    html_template = _ENV.get_template("digest.html")
    context = {"c": content, "subject": subject_line(content)}
    return RenderedDigest(
        subject=context["subject"],  # type: ignore[arg-type]
        text=_ENV.get_template("digest.txt").render(**context),
        html=html_template.render(chart_src=f"cid:{cid}", **context),
        preview_html=html_template.render(chart_src=data_uri, **context),
        chart_png=chart_png,
        chart_cid=cid,
    )


def build_message(
    rendered: RenderedDigest,
    *,
    sender: str,
    recipients: list[str],
    now: datetime,
    domain: str,
) -> EmailMessage:
    """The MIME message: alternative(text, related(html, png))."""
    msg = EmailMessage(policy=SMTP)
    msg["Subject"] = header_safe(rendered.subject)
    msg["From"] = header_safe(sender)
    msg["To"] = ", ".join(header_safe(r) for r in recipients) or "undisclosed-recipients:;"
    msg["Date"] = format_datetime(now)
    msg["Message-ID"] = make_msgid(domain=domain)
    msg["Auto-Submitted"] = "auto-generated"
    msg.set_content(rendered.text, subtype="plain", charset="utf-8")
    msg.add_alternative(rendered.html, subtype="html", charset="utf-8")
    html_part = msg.get_body(("html",))
    assert html_part is not None
    html_part.add_related(
        rendered.chart_png,
        maintype="image",
        subtype="png",
        cid=f"<{rendered.chart_cid}>",
        filename="signals-per-week.png",
        disposition="inline",
    )
    return msg
