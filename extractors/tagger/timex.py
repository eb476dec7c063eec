"""Time expressions in a sentence, resolved against the article's publication date.

"in 2025", "last July", "since 2023", "earlier this year", "next month", "on April 28, 2026",
"2025-09-25", "9/25/2025", "late 2024", "H2 2025", "the spring of 2024", "last fall",
"three years ago", "three weeks after": each becomes a :class:`TimeMention` with the date it
points at (the first day of the period, or the publication date when the period holds it)
and whether it is ``since`` (a standing arrangement: "since 2019", "ever since"), an end
point ("until 2030") or dates what follows it ("after"). The tagger uses them twice:
as features of the learned news-vs-background decision, and to date each event
(``Event.event_date``). Regular expressions, not a model: the forms are few and closed.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from extractors.tagger.time_words import (
    FORWARD,
    MONTHS,
    NUMBER_WORDS,
    PARTS,
    SEASONS,
    WEEKDAYS,
)

_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\b\.?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_SEASON = r"(?P<season>spring|summer|autumn|fall|winter)"
_SINCE = r"(?P<since>\b(?:ever\s+)?since\s+|\bsince\s+(?:at\s+least\s+|early\s+|late\s+|mid-?)?)?"

# Order matters: the longer forms first; a span matched once is not matched again.
PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(rx, re.IGNORECASE))
    for kind, rx in (
        ("day", _SINCE + _MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+" + _YEAR),
        ("day", _SINCE + r"(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+" + _MONTH + r",?\s+" + _YEAR),
        ("day_iso", r"\b" + _YEAR + r"-(?P<mon>0[1-9]|1[0-2])-(?P<day>[0-3]\d)\b"),
        ("day_numeric", _SINCE + r"\b(?P<a>[0-3]?\d)/(?P<b>[0-3]?\d)/" + _YEAR + r"\b"),
        ("month", _SINCE + _MONTH + r",?\s+(?:of\s+)?" + _YEAR),
        ("season", _SINCE + r"\b(?:the\s+)?" + _SEASON + r"\s+(?:of\s+)?" + _YEAR + r"\b"),
        (
            "quarter",
            _SINCE + r"\b(?:Q(?P<q>[1-4])|(?P<qword>first|second|third|fourth)\s+quarter"
            r"(?:\s+of)?)\s*(?:,\s*)?" + _YEAR + "?",
        ),
        ("rel_month", r"\b(?P<rel>last|this|next|past)\s+" + _MONTH),
        ("day_noyear", r"\b(?:on\s+)" + _MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?\b"),
        (
            "month_noyear",
            _SINCE
            + r"\b(?P<prep>in|since|from|until|by|starting|beginning|effective|early|late|mid-?)"
            + r"\s*"
            + _MONTH
            + r"(?!\s+\d)\b",
        ),
        (
            "year",
            _SINCE + r"\b(?P<part>in|during|from|by|until|through|as\s+of|early|late|mid-?|"
            r"the\s+end\s+of|end\s+of|start\s+of|beginning\s+of|(?:the\s+)?(?:first|second)"
            r"\s+half\s+of|h[12])?\s*" + _YEAR + r"\b(?!\s*(?:bn|"
            r"billion|million|%|percent|gw|mw))",
        ),
        (
            "rel_period",
            r"\b(?P<rel>last|this|next|past|earlier\s+this|later\s+this|"
            r"earlier\s+in\s+the|late\s+last|early\s+next|early\s+this|previous)\s+"
            r"(?P<unit>year|month|week|quarter|decade|spring|summer|autumn|fall|winter)\b",
        ),
        (
            "ago",
            r"\b(?P<n>\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|several|few)"
            r"\s+(?P<unit>year|month|week|day)s?\s+ago\b",
        ),
        (
            "after",
            r"\b(?P<n>\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|several|few)"
            r"\s+(?P<unit>year|month|week|day)s?\s+after\b",
        ),
        (
            "from_now",
            r"\b(?P<n>\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|several)"
            r"\s+(?P<unit>year|month|week)s?\s+from\s+now\b",
        ),
        ("deictic", r"\b(?P<word>yesterday|today|tomorrow|tonight)\b"),
        ("weekday", r"\b(?:on|last|this|next)\s+(?P<weekday>" + "|".join(WEEKDAYS) + r")\b"),
        (
            "since_bare",
            r"\bever\s+since\b|\bsince\s+(?:its|their|the)\s+(?:founding|inception|"
            r"launch|start|beginning)\b|\bsince\s+(?:the|last)\s+(?:spring|summer|autumn|fall|"
            r"winter)\b",
        ),
    )
)


@dataclass(frozen=True, slots=True)
class TimeMention:
    """One time expression: where it is, the date it points at, and how it relates."""

    start: int  # character offsets in the sentence
    end: int
    text: str
    date: dt.date | None  # the first day of the period it names (None: "ever since")
    since: bool  # "since 2019": a standing arrangement, not a happening
    bound: bool = False  # "until 2030", "extended to 2030", "delay ... into 2028": an end point
    # "three weeks after Cohere signed ...": it dates what follows it, as that long before the
    # article's news, and says nothing of the news told before it
    after: bool = False

    def bounds_ahead(self, published: dt.date) -> bool:
        """An end point after the article's date: when a term runs out or a delay ends, not
        when the happening happens (the extension or the delay is news as of the article)."""
        return self.bound and self.date is not None and self.date > published

    def offset_days(self, published: dt.date) -> int | None:
        """Days from the publication date to this date (negative: before it)."""
        return None if self.date is None else (self.date - published).days


def _day(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _month_start(year: int, month: int) -> dt.date:
    return dt.date(year, month, 1)


def _shift_months(d: dt.date, months: int) -> dt.date:
    n = d.year * 12 + d.month - 1 + months
    return dt.date(n // 12, n % 12 + 1, 1)


def _clamp_to(published: dt.date, start: dt.date, end: dt.date) -> dt.date:
    """The period's start, or the publication date when the period holds it."""
    return published if start <= published < end else start


def _resolve(kind: str, m: re.Match[str], pub: dt.date) -> dt.date | None:
    g = m.groupdict()
    if kind in ("day", "day_noyear"):
        year = int(g["year"]) if g.get("year") else pub.year
        day = _day(year, MONTHS[g["month"].lower()], int(g["day"]))
        if day is None:
            return None
        if kind == "day_noyear" and (day - pub).days > 120:
            day = day.replace(year=year - 1)
        return day
    if kind == "day_iso":
        return _day(int(g["year"]), int(g["mon"]), int(g["day"]))
    if kind == "day_numeric":  # 9/25/2025 as Americans write it; 25/9/2025 where it cannot be
        a, b = int(g["a"]), int(g["b"])
        return _day(int(g["year"]), *((a, b) if a <= 12 else (b, a)))
    if kind == "month":
        start = _month_start(int(g["year"]), MONTHS[g["month"].lower()])
        return _clamp_to(pub, start, _shift_months(start, 1))
    if kind == "season":
        start = _month_start(int(g["year"]), SEASONS[g["season"].lower()])
        return _clamp_to(pub, start, _shift_months(start, 3))
    if kind == "month_noyear":
        start = _month_start(pub.year, MONTHS[g["month"].lower()])
        if (start - pub).days > 120:
            start = start.replace(year=pub.year - 1)
        elif g["prep"].lower() in FORWARD and (start - pub).days < -60:
            start = start.replace(year=pub.year + 1)  # "from Feb. 1" in November: next year
        return _clamp_to(pub, start, _shift_months(start, 1))
    if kind == "quarter":
        q = (
            int(g["q"])
            if g.get("q")
            else ("first", "second", "third", "fourth").index(g["qword"].lower()) + 1
        )
        start = _month_start(int(g["year"]) if g.get("year") else pub.year, 3 * q - 2)
        return _clamp_to(pub, start, _shift_months(start, 3))
    if kind == "year":
        part = " ".join((g.get("part") or "").lower().replace("the ", "").rstrip("-").split())
        first, months = PARTS.get(part, (1, 12))  # "late 2024": from October 2024
        start = _month_start(int(g["year"]), first)
        return _clamp_to(pub, start, _shift_months(start, months))
    if kind == "rel_month":
        month = MONTHS[g["month"].lower()]
        rel = g["rel"].lower()
        year = pub.year
        if rel in ("last", "past"):
            year = pub.year if month < pub.month else pub.year - 1
        elif rel == "next":
            year = pub.year if month > pub.month else pub.year + 1
        start = _month_start(year, month)
        return _clamp_to(pub, start, _shift_months(start, 1))
    if kind == "rel_period":
        return _relative_period(g["rel"].lower().split(), g["unit"].lower(), pub)
    if kind in ("ago", "from_now", "after"):
        n = int(g["n"]) if g["n"].isdigit() else NUMBER_WORDS[g["n"].lower()]
        days = {"year": 365, "month": 30, "week": 7, "day": 1}[g["unit"].lower()] * n
        return (
            pub + dt.timedelta(days=days) if kind == "from_now" else pub - dt.timedelta(days=days)
        )
    if kind == "deictic":
        return pub + dt.timedelta(
            days={"yesterday": -1, "today": 0, "tonight": 0, "tomorrow": 1}[g["word"].lower()]
        )
    if kind == "weekday":
        back = (pub.weekday() - WEEKDAYS.index(g["weekday"].lower())) % 7
        return pub - dt.timedelta(days=back)
    return None  # since_bare: no date


def _relative_period(rel: list[str], unit: str, pub: dt.date) -> dt.date:
    if rel[0] in ("earlier", "later") and rel[-1] in ("this", "the"):
        return pub  # "earlier this month", "later in the year": inside the article's period
    past = rel[-1] in ("last", "past", "previous") or rel[0] == "earlier"
    future = rel[-1] == "next" or rel[0] == "later"
    if unit == "year":
        year = pub.year - 1 if rel[-1] in ("last", "past", "previous") else pub.year
        year = pub.year + 1 if future and rel[-1] == "next" else year
        return _clamp_to(pub, dt.date(year, 1, 1), dt.date(year + 1, 1, 1))
    if unit == "month":
        step = -1 if past else (1 if future else 0)
        start = _shift_months(pub, step)
        return _clamp_to(pub, start, _shift_months(start, 1))
    if unit == "week":
        step = -7 if past else (7 if future else 0)
        return pub + dt.timedelta(days=step)
    if unit == "quarter":
        q_start = _month_start(pub.year, 3 * ((pub.month - 1) // 3) + 1)
        step = -3 if past else (3 if future else 0)
        return _clamp_to(pub, _shift_months(q_start, step), _shift_months(q_start, step + 3))
    if unit == "decade":
        return dt.date(pub.year - 10, 1, 1) if past else pub
    # a season: "last fall" is the last one over by the article's date, "next spring" the
    # next one to begin, "this summer" this year's (this winter: the one that began last
    # December, in January and February)
    first = SEASONS[unit]
    year = pub.year - 1 if first == 12 and pub.month < 3 else pub.year
    start = _month_start(year, first)
    if past:
        while _shift_months(start, 3) > pub:
            start = _shift_months(start, -12)
    elif future:
        while start <= pub:
            start = _shift_months(start, 12)
    return _clamp_to(pub, start, _shift_months(start, 3))


# a time after one of these words ends a period, is a target or a horizon: "until 2030", "to
# 2028", "by 2030" ("will cut the share to 8% by 2030" is news as of the article, not of
# 2030), "access to OpenAI's technology beyond 2030" or "after 2030", "before 2027"
BOUND_WORDS = frozenset(
    {"until", "till", "through", "thru", "to", "into", "by", "beyond", "after", "before"}
)
# ... or after one of these pairs: "revisiting the terms ahead of next year's launch"
BOUND_PAIRS = frozenset({("ahead", "of"), ("prior", "to")})

# every pattern needs one of these: most sentences are skipped with one search
_HINT = re.compile(
    r"\d|\b(?:"
    + "|".join(sorted(MONTHS, key=len, reverse=True))
    + "|"
    + "|".join(WEEKDAYS)
    + r"|year|month|week|quarter|decade|spring|summer|autumn|fall|winter|yesterday|today"
    r"|tomorrow|tonight|since)",
    re.IGNORECASE,
)


_MONTH_WORD = re.compile(r"\b(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\b", re.I)
_YEAR_WORD = re.compile(r"\b(?:19|20)\d\d\b")
_UNITS = (
    "year",
    "month",
    "week",
    "quarter",
    "decade",
    "spring",
    "summer",
    "autumn",
    "fall",
    "winter",
)


def _kinds(sentence: str) -> set[str]:
    """The pattern kinds that can match: each needs a word the sentence must hold."""
    lower = sentence.lower()
    month, year = bool(_MONTH_WORD.search(sentence)), bool(_YEAR_WORD.search(sentence))
    kinds = (
        {"deictic"}
        if any(w in lower for w in ("yesterday", "today", "tomorrow", "tonight"))
        else set()
    )
    if month:
        kinds |= {"rel_month", "day_noyear", "month_noyear"} | ({"day", "month"} if year else set())
    if year:
        kinds |= {"year", "day_iso", "day_numeric", "season"}
    if "quarter" in lower or re.search(r"\bq[1-4]\b", lower):
        kinds.add("quarter")
    if any(u in lower for u in _UNITS):
        kinds |= {"rel_period", "ago", "from_now"} | ({"after"} if "after" in lower else set())
    if "day" in lower:
        kinds |= {"ago", "weekday"}
    if "since" in lower:
        kinds.add("since_bare")
    return kinds


# "for the first time since 2013", "its first price rise since its launch in 2013": the time
# a record is measured against dates nothing (the price rise is news as of the article)
_COMPARISON = re.compile(
    r"\b(?:first|biggest|largest|highest|lowest|steepest|sharpest|strongest|weakest)"
    r"(?:\s+[\w'-]+){0,3}?\s+(?:ever\s+)?since\b",
    re.IGNORECASE,
)
_THE = re.compile(r"\s+(?:the\s+)?", re.IGNORECASE)  # "ever since the start of 2020"
_THEN = re.compile(r"[^,;]*,?\s+when\b", re.IGNORECASE)  # "since 2019, when X became ..."


def _outside_comparisons(sentence: str, found: list[TimeMention]) -> list[TimeMention]:
    """``found`` (in text order) without the time a comparison measures against: the one its
    "since" begins or names ("since the start of 2020"), and the dated one right after an
    undated one ("since its launch in 2013"). A time that dates a clause of its own stays
    ("since it signed with Amazon in 2023", "since 2019, when Microsoft became its exclusive
    cloud")."""
    if "since" not in sentence.lower():
        return found
    for m in _COMPARISON.finditer(sentence):
        measure = [
            t
            for t in found
            if m.start() <= t.start
            and (t.start < m.end() or _THE.fullmatch(sentence, m.end(), t.start))
        ]
        if not measure or _THEN.match(sentence, measure[0].end):
            continue
        t = measure[0]
        later = [n for n in found if n.start >= t.end]
        if t.date is None and later and later[0].start - t.end <= 1:
            measure.append(later[0])
        found = [n for n in found if n not in measure]
    return found


def find_times(sentence: str, published: dt.date) -> list[TimeMention]:
    """Time expressions of ``sentence`` in text order, resolved against ``published``; none
    that a comparison measures against ("for the first time since 2013")."""
    if _HINT.search(sentence) is None:
        return []
    kinds = _kinds(sentence)
    taken: list[tuple[int, int]] = []
    found: list[TimeMention] = []
    for kind, rx in PATTERNS:
        if kind not in kinds:
            continue
        for m in rx.finditer(sentence):
            start, end = m.span()
            if any(s < end and start < e for s, e in taken):
                continue
            text = m.group(0).strip()
            if not text:
                continue
            taken.append((start, end))
            since = kind == "since_bare" or bool(m.groupdict().get("since"))
            before = sentence[max(0, start - 16) : start].lower().split()[-2:]
            bound = (
                text.split()[0].lower() in BOUND_WORDS
                or (bool(before) and before[-1] in BOUND_WORDS)
                or tuple(before) in BOUND_PAIRS
            )
            date = _resolve(kind, m, published)
            found.append(TimeMention(start, end, text, date, since, bound, kind == "after"))
    found.sort(key=lambda t: t.start)
    return _outside_comparisons(sentence, found)


def event_date(times: list[TimeMention], published: dt.date) -> dt.date:
    """The date of the happening a sentence reports: its first dated time expression
    (a "since" date too: the arrangement began then), else the publication date."""
    for t in times:
        if t.date is not None:
            return t.date
    return published
