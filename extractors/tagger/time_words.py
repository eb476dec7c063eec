"""The words time expressions are made of: month names, weekdays, number words, seasons and
the parts of a year (``extractors.tagger.timex`` builds its patterns from them)."""

from __future__ import annotations

MONTHS = {
    name: n
    for n, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sept", "sep"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
# a month named after one of these lies ahead: "from Feb. 1", "until March", "by June"
FORWARD = frozenset({"from", "until", "by", "starting", "beginning", "effective"})
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
NUMBER_WORDS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "several": 3,
    "few": 2,
}
SEASONS = {"spring": 3, "summer": 6, "autumn": 9, "fall": 9, "winter": 12}  # first month
# the part of a year a word names: its first month, and how many months it spans
PARTS = {
    "early": (1, 4),
    "start of": (1, 3),
    "beginning of": (1, 3),
    "first half of": (1, 6),
    "h1": (1, 6),
    "mid": (6, 3),
    "second half of": (7, 6),
    "h2": (7, 6),
    "late": (10, 3),
    "end of": (12, 1),
}
