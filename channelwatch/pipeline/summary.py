"""What a run did, as returned by the flow and printed by the CLI."""

from __future__ import annotations

from dataclasses import dataclass, field

from channelwatch.store import Failure


@dataclass(slots=True)
class RunSummary:
    run_id: str
    status: str = "running"
    counts: dict[str, int] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)
    failures: list[Failure] = field(default_factory=list)
    rules_version: str | None = None

    def lines(self) -> list[str]:
        c = self.counts
        out = [
            f"run {self.run_id}: {self.status} (rules {self.rules_version})",
            f"  feeds: {c.get('feeds_ok', 0)} fetched, {c.get('feeds_not_modified', 0)} unchanged,"
            f" {c.get('feeds_failed', 0)} failed, {c.get('feeds_backing_off', 0)} backing off",
            f"  entries: {c.get('entries', 0)} in feeds, {c.get('entries_new', 0)} new",
            f"  articles: {c.get('articles_fetched', 0)} fetched,"
            f" {c.get('articles_new', 0)} stored, {c.get('articles_duplicate', 0)} near-duplicates",
            f"  events: {c.get('events', 0)} tagged",
            "  time: " + ", ".join(f"{stage} {secs:.1f}s" for stage, secs in self.timings.items()),
        ]
        if self.failures:
            out.append(f"  failures ({len(self.failures)}):")
            for failure in self.failures[:20]:
                where = failure.source or "-"
                out.append(f"    [{failure.stage}] {where}: {failure.url or ''} {failure.error}")
            if len(self.failures) > 20:
                out.append(f"    ... and {len(self.failures) - 20} more (see the runs view)")
        return out
