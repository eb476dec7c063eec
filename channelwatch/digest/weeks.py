"""ISO weeks: the digest's unit of time (``2026-W48``, Monday 00:00 UTC to the next Monday)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from channelwatch.errors import InputError

_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")


@dataclass(frozen=True, slots=True, order=True)
class IsoWeek:
    year: int
    week: int

    def __str__(self) -> str:
        return f"{self.year:04d}-W{self.week:02d}"

    @classmethod
    def parse(cls, text: str) -> IsoWeek:
        """``2026-W48`` -> IsoWeek; anything else is an InputError naming the value."""
        match = _WEEK.match(text.strip())
        if match is None:
            raise InputError(
                f"week {text!r} is not an ISO week; write it as YYYY-Www, e.g. 2026-W48"
            )
        year, week = int(match.group(1)), int(match.group(2))
        try:
            date.fromisocalendar(year, week, 1)
        except ValueError as exc:
            raise InputError(f"week {text!r} does not exist: {year} has no week {week}") from exc
        return cls(year, week)

    @classmethod
    def of(cls, day: date) -> IsoWeek:
        iso = day.isocalendar()
        return cls(iso.year, iso.week)

    @classmethod
    def last_complete(cls, now: datetime) -> IsoWeek:
        """The week before the one ``now`` falls in (UTC): the last week that is over."""
        return cls.of(now.astimezone(UTC).date() - timedelta(days=7))

    @property
    def monday(self) -> date:
        return date.fromisocalendar(self.year, self.week, 1)

    @property
    def sunday(self) -> date:
        return self.monday + timedelta(days=6)

    @property
    def start(self) -> datetime:
        return datetime.combine(self.monday, time(), tzinfo=UTC)

    @property
    def end(self) -> datetime:
        """Exclusive end: the next Monday, 00:00 UTC."""
        return self.start + timedelta(days=7)

    def shift(self, weeks: int) -> IsoWeek:
        return IsoWeek.of(self.monday + timedelta(weeks=weeks))

    def span(self, count: int) -> list[IsoWeek]:
        """The ``count`` weeks ending with this one, oldest first."""
        return [self.shift(-i) for i in range(count - 1, -1, -1)]
