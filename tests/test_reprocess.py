"""Reprocessing with changed rules: the real tagger on a modified copy of data/rules."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from channelwatch.cli import cli
from channelwatch.settings import DATA_DIR
from channelwatch.store import insert_articles, open_store, replace_events, start_run, transaction
from channelwatch.store.reprocess import diff_events, event_key, reprocess
from channelwatch.store.signals import refresh_signals
from extractors.articles import extract_article
from extractors.models import Article
from extractors.tagger import DEFAULT_GAZETTEER, DEFAULT_RULES_DIR, EventTagger

PAGES = DATA_DIR / "demo" / "articles"
SLUGS = (
    "microsoft-openai-talks-rework-partnership",
    "azure-openai-new-pricing-tiers",
    "microsoft-365-e5-bundles-copilot",
    "oracle-openai-capacity-texas-new-mexico",
    "grok-comes-to-azure-ai-foundry",
)


def demo_articles() -> list[Article]:
    articles = []
    for n, slug in enumerate(SLUGS):
        article = extract_article(
            (PAGES / f"{slug}.html").read_bytes(),
            url=f"https://demo.example/articles/{slug}.html",
            source="demo",
            published_at=datetime(2026, 11, 1 + n, tzinfo=UTC),
        )
        assert article is not None
        articles.append(article)
    return articles


def write_rules(rules: Path, *, drop_label: str, version: str) -> None:
    """Drop every rule with ``drop_label`` from the copy and give it a new version."""
    for path in rules.glob("*.jsonl"):
        lines = path.read_text(encoding="utf-8").splitlines()
        kept = [line for line in lines if f'"label": "{drop_label}"' not in line]
        path.write_text("\n".join(kept) + "\n", encoding="utf-8")
    (rules / "VERSION").write_text(version + "\n", encoding="utf-8")


@pytest.fixture
def rules(tmp_path: Path) -> Path:
    copy = tmp_path / "rules"
    shutil.copytree(DEFAULT_RULES_DIR, copy)
    return copy


def tagged_demo_store(path: Path, rules: Path) -> None:
    """Write the demo articles to a new store at ``path``, tagged by the rules in ``rules``,
    their signals refreshed as a run does."""
    tagger = EventTagger(rules, DEFAULT_GAZETTEER)
    articles = demo_articles()
    with open_store(path) as con:
        run_id = start_run(con, kind="demo", rules_version=tagger.rules_version)
        with transaction(con):
            insert_articles(con, articles, run_id=run_id)
            tags = tagger.tag_many(a.text for a in articles)
            replace_events(con, {a.article_id: ev for a, ev in zip(articles, tags, strict=True)})
        refresh_signals(con)


@pytest.fixture
def db(tmp_path: Path, rules: Path) -> Path:
    """A store tagged with the unmodified rules."""
    path = tmp_path / "reprocess.duckdb"
    tagged_demo_store(path, rules)
    return path


def count(db: Path, sql: str) -> int:
    with open_store(db, read_only=True) as con:
        return int(con.execute(sql).fetchall()[0][0])


def test_dropping_a_type_removes_its_events_and_signals(db: Path, rules: Path) -> None:
    before = count(db, "SELECT count(*) FROM events WHERE type = 'packaging_change'")
    assert before > 0
    write_rules(rules, drop_label="EVENT:packaging_change", version="test-2")
    with open_store(db) as con:
        report = reprocess(con, EventTagger(rules, DEFAULT_GAZETTEER))
    assert report.diff.removed["packaging_change"] == before
    assert report.articles == len(SLUGS) and not report.failures
    assert count(db, "SELECT count(*) FROM events WHERE type = 'packaging_change'") == 0
    assert count(db, "SELECT count(*) FROM signals WHERE type = 'packaging_change'") == 0
    assert count(db, "SELECT count(*) FROM watch_packaging") == 0
    assert count(db, "SELECT count(*) FROM events WHERE rules_version <> 'test-2'") == 0
    stale = "SELECT count(*) FROM signal_events WHERE event_id NOT IN (SELECT event_id FROM events)"
    assert count(db, stale) == 0


def test_dropping_talks_cues_is_reported_as_status_changes(db: Path, rules: Path) -> None:
    talks = count(db, "SELECT count(*) FROM events WHERE status = 'talks'")
    assert talks > 0
    write_rules(rules, drop_label="STATUS:talks", version="test-3")
    with open_store(db) as con:
        report = reprocess(con, EventTagger(rules, DEFAULT_GAZETTEER))
    olds = {old for (_type, old, _new) in report.diff.status_changes}
    assert olds == {"talks"}
    after = count(db, "SELECT count(*) FROM events WHERE status = 'talks'")
    assert after == talks - sum(report.diff.status_changes.values())
    assert any("talks ->" in line for line in report.lines())


def test_reprocess_with_the_same_rules_changes_nothing(db: Path) -> None:
    # the first applies the shipped tagger (rules + model) to a store the rules alone tagged
    first = CliRunner().invoke(cli, ["reprocess", "--db", str(db)])
    assert first.exit_code == 0, first.output
    result = CliRunner().invoke(cli, ["reprocess", "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "0 added, 0 removed, 0 status changes" in result.output
    assert count(db, "SELECT count(*) FROM runs WHERE kind = 'reprocess'") == 2


def test_diff_pairs_events_by_type_and_actors() -> None:
    key = event_key("hosting_deal", ["Oracle", "OpenAI"])
    other = event_key("packaging_change", ["Microsoft"])
    diff = diff_events(
        [(key, "talks"), (other, "confirmed")],
        [(event_key("hosting_deal", ["OpenAI", "Oracle"]), "confirmed"), (key, "reported")],
    )
    assert diff.status_changes == {("hosting_deal", "talks", "confirmed"): 1}
    assert diff.added == {"hosting_deal": 1}
    assert diff.removed == {"packaging_change": 1}
