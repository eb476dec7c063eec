"""The documented analyst views: the one place ``channelwatch schema`` reads from.

``queries/schema/views.sql`` creates the views; ``tests/test_views.py`` checks that every
view there is documented here with exactly its columns, in order.
"""

from __future__ import annotations

from dataclasses import dataclass

from channelwatch.store.signals import SIGNAL_WINDOW_DAYS


@dataclass(frozen=True, slots=True)
class ViewDoc:
    name: str
    description: str
    columns: tuple[tuple[str, str], ...]  # (column, what it holds)

    @property
    def column_names(self) -> list[str]:
        return [name for name, _ in self.columns]


_ACTORS = "canonical company names (LIST), sorted"
_REVIEW = (
    "the analysts' verdict: correct | fixed | missed (wrong in event_reviews), NULL if unreviewed"
)
_WATCH_COLUMNS: tuple[tuple[str, str], ...] = (
    ("date", "the signal's first effective date (DATE); rows are newest first"),
    ("label", "short readable line, e.g. 'Oracle hosts OpenAI (confirmed)'"),
    ("signal_id", "the signal (see signals)"),
    ("type", "event type"),
    ("actors", _ACTORS),
    ("status", "confirmed | reported | talks | denied (see signals)"),
    ("denied", "true when any of its evidence is a denial"),
    ("first_seen", "earliest effective date of its news events"),
    ("last_seen", "latest effective date of its news events"),
    ("n_articles", "distinct stories; a syndicated copy counts once"),
    ("n_sources", "distinct outlets, syndicated copies included"),
    ("evidence", "representative evidence sentence"),
    ("url", "the article the evidence comes from"),
)

VIEWS: tuple[ViewDoc, ...] = (
    ViewDoc(
        "articles",
        "One row per stored article (keyed by a hash of its canonical URL). effective_at is "
        "the date everything else uses: the earliest plausible of published_at, "
        "date_extracted and first_seen_at (a date after first_seen_at + 1 day or before 2000 "
        "is ignored), so a week-old press release found today is dated a week ago.",
        (
            ("article_id", "hash of the canonical URL"),
            ("url", "canonical URL"),
            ("source", "the configured source (feed) name"),
            ("title", "title"),
            ("published_at", "the source's (feed's) date, if it gave one"),
            ("first_seen_at", "when channelwatch first stored the article"),
            ("date_extracted", "the extractor's estimate of the page date (DATE)"),
            ("effective_at", "the date used for signals and queries (see above)"),
            ("language", "detected language code"),
            ("word_count", "words in the extracted text"),
            ("duplicate_of", "article_id of the earlier copy when this is syndicated, else NULL"),
        ),
    ),
    ViewDoc(
        "events",
        "One row per partnership event: what the current rules found, as the analysts "
        "reviewed it. Events marked wrong are left out, fixed ones show the fix, and events "
        "the tagger missed are added with rule_id 'analyst' (see event_reviews). signals, "
        "the watch views and the digest are built on this view.",
        (
            ("event_id", "hash of article, type, actors and offsets"),
            ("article_id", "the article it was found in"),
            (
                "type",
                "exclusivity_change | revenue_share_change | distribution_expansion | "
                "hosting_deal | packaging_change | renegotiation",
            ),
            ("status", "confirmed | reported | talks | denied"),
            ("direction", "the rule's reading of the change's direction, if any"),
            ("actors", "canonical company names (LIST)"),
            ("evidence", "the sentence that supports the event"),
            ("start_char", "evidence start offset in the article text"),
            ("end_char", "evidence end offset in the article text"),
            ("rule_id", "the rule that produced it"),
            ("rules_version", "version of the rule set that tagged it"),
            ("confidence", "the model's probability that this is a news event, 0..1"),
            (
                "event_date",
                "the date the text gives for the happening itself ('in 2025', 'last July', "
                "'next month'), resolved against the article's date; else the article's "
                "effective date (DATE)",
            ),
            (
                "is_background",
                "true when the sentence retells an earlier or standing arrangement rather "
                "than reporting news as of the article; background never starts a signal "
                "(it may join one at its event_date, see signals)",
            ),
            ("published_at", "the article's source date"),
            ("effective_at", "the article's effective date (see articles)"),
            ("url", "the article's URL"),
            ("source", "the article's source"),
            ("duplicate_of", "set when the article is a syndicated copy"),
            ("review", _REVIEW),
        ),
    ),
    ViewDoc(
        "event_reviews",
        "Every event the tagger found, wrong ones included, with the analysts' current "
        "verdict, plus the events analysts added (verdict 'missed', rule_id 'analyst'). A "
        "label (store.labels, written by 'channelwatch review' and 'channelwatch label') "
        "applies to an event of the same article and type with the label's evidence span, "
        "or, when re-extraction or new rules moved the span, the label's evidence sentence; "
        "the latest label not undone wins. Columns are as tagged; events applies the fixes.",
        (
            ("event_id", "the event (for an added one: a hash of article, type and offset)"),
            ("article_id", "the article it was found in"),
            ("type", "event type as tagged (as given, for an added event)"),
            ("status", "status as tagged"),
            ("direction", "the rule's reading of the change's direction, if any"),
            ("actors", "canonical company names (LIST) as tagged"),
            ("evidence", "the sentence that supports the event"),
            ("start_char", "evidence start offset in the article text"),
            ("end_char", "evidence end offset in the article text"),
            ("rule_id", "the rule that produced it; 'analyst' for an added event"),
            ("rules_version", "version of the rule set that tagged it; 'analyst' if added"),
            ("confidence", "the model's probability that this is a news event, 0..1"),
            ("event_date", "the date the text gives for the happening, if any (DATE)"),
            ("is_background", "true when the sentence retells an earlier arrangement"),
            ("review", _REVIEW),
            ("fixed_type", "fixed or missed: the type the analyst gave"),
            ("fixed_actors", "fixed or missed: the parties the analyst gave (LIST)"),
            ("fixed_status", "fixed or missed: the status the analyst gave"),
            ("label_id", "the label that applies (store.labels), NULL when unreviewed"),
            ("reviewer", "who gave the verdict"),
            ("labelled_at", "when"),
        ),
    ),
    ViewDoc(
        "signals",
        "One row per real-world event: news events (events.is_background false) of the same "
        "type and the same actor set whose effective dates are at most "
        f"{SIGNAL_WINDOW_DAYS} days apart (chained) form one signal, across articles and "
        "outlets. A background event never starts a signal nor bridges two: it joins the "
        f"nearest signal of its type and actors whose news lies within {SIGNAL_WINDOW_DAYS} "
        "days of its own event_date, else none. status: 'denied' when the latest evidence "
        "is a denial (or all is), else the strongest evidence wins: confirmed > reported > "
        "talks. Materialised: after each run, backfill and reprocess only the signals their "
        "events can touch are re-clustered; `channelwatch refresh-signals --full` rebuilds all.",
        (
            ("signal_id", "stable hash of type, actors and the signal's first event"),
            ("type", "event type"),
            ("actors", _ACTORS),
            ("status", "confirmed | reported | talks | denied (rule above)"),
            ("denied", "true when any of its evidence is a denial"),
            ("first_seen", "earliest effective date of its news events"),
            ("last_seen", "latest effective date of its news events"),
            ("n_articles", "distinct stories; a syndicated copy counts once"),
            ("n_sources", "distinct outlets, syndicated copies included"),
            ("n_events", "events clustered (news and joined background), copies included"),
            ("sources", "the outlets (LIST), sorted"),
            (
                "evidence",
                "representative evidence: same status as the signal, an original "
                "rather than a copy, highest confidence, earliest",
            ),
            ("url", "the article the evidence comes from"),
            ("label", "short readable line, e.g. 'Oracle hosts OpenAI (confirmed)'"),
            ("direction", "most frequent direction among its events, if any"),
        ),
    ),
    ViewDoc(
        "signal_events",
        "Which events make up which signal (join with events on event_id).",
        (("signal_id", "the signal"), ("event_id", "one of its events")),
    ),
    ViewDoc(
        "watch_broadening",
        "Watch item 1: OpenAI broadens where and how its models are sold "
        "(distribution_expansion and exclusivity_change signals involving OpenAI).",
        _WATCH_COLUMNS,
    ),
    ViewDoc(
        "watch_rival_clouds",
        "Watch item 2: a cloud other than Microsoft (gazetteer role 'cloud': Amazon, Google, "
        "Oracle, CoreWeave...) hosts or distributes a model maker (hosting_deal and "
        "distribution_expansion signals with both roles among the actors).",
        _WATCH_COLUMNS,
    ),
    ViewDoc(
        "watch_packaging",
        "Watch item 3: pricing, bundling, tiers or licensing of model access change "
        "(packaging_change signals).",
        _WATCH_COLUMNS,
    ),
    ViewDoc(
        "watch_renegotiations",
        "Watch item 4: partnerships renegotiated, revenue shares or exclusivities changed "
        "(renegotiation, revenue_share_change and exclusivity_change signals).",
        _WATCH_COLUMNS,
    ),
    ViewDoc(
        "review_queue",
        "What to review first ('channelwatch review' shows it): the unreviewed events of "
        "this week's new or changed signals, where this week is the 7 days up to the newest "
        "evidence in the store (the latest signals.last_seen) and an event is this week's "
        "when its article's effective date is. Ordered by priority, then the signal's "
        "newest evidence first.",
        (
            (
                "priority",
                "1: a status change (stronger than every claim for the same type and "
                "parties in the 90 days before this week, or a denial of one); 2: a signal "
                "of watch item 1 or 2; 3: others",
            ),
            ("reason", "status change | new signal | changed signal"),
            ("watch_items", "the watch items (1-4) its signal answers (LIST)"),
            ("signal_id", "the signal (see signals)"),
            ("signal_label", "the signal's short readable line"),
            ("event_id", "the event to review"),
            ("article_id", "its article"),
            ("type", "event type"),
            ("status", "confirmed | reported | talks | denied"),
            ("actors", "canonical company names (LIST)"),
            ("evidence", "the sentence that supports the event"),
            ("start_char", "evidence start offset in the article text"),
            ("end_char", "evidence end offset in the article text"),
            ("effective_at", "the article's effective date"),
            ("url", "the article's URL"),
            ("source", "the article's source"),
            ("rule_id", "the rule that produced it"),
            ("rules_version", "version of the rule set that tagged it"),
            ("confidence", "the model's probability that this is a news event, 0..1"),
        ),
    ),
    ViewDoc(
        "companies",
        "Company roles from data/gazetteer.jsonl (reloaded whenever signals are refreshed).",
        (
            ("name", "canonical company name, as actors spell it"),
            ("role", "its first role: model_maker | cloud | platform | chips | other"),
            (
                "roles",
                "every role (LIST): Google is a cloud and a model maker, so a signal "
                "naming it counts among model_makers and clouds",
            ),
        ),
    ),
    ViewDoc(
        "sources",
        "The configured feeds and their fetch health.",
        (
            ("name", "source name"),
            ("url", "feed URL"),
            ("tags", "tags from data/sources.toml (LIST)"),
            ("last_status", "HTTP status of the last fetch"),
            ("last_error", "error of the last fetch, NULL when it worked"),
            ("last_fetched_at", "when it was last fetched"),
            ("last_ok_at", "when a fetch last worked"),
            ("consecutive_failures", "failures in a row (back-off grows with it)"),
            ("next_fetch_after", "back-off: not fetched before this time"),
        ),
    ),
    ViewDoc(
        "failures",
        "Everything that went wrong in runs, per source or article.",
        (
            ("run_id", "the run"),
            ("stage", "fetch_feed | parse_feed | fetch_article | extract | tag"),
            ("source", "source name, if known"),
            ("url", "URL, if known"),
            ("error", "what went wrong"),
            ("failed_at", "when"),
        ),
    ),
    ViewDoc(
        "runs",
        "One row per pipeline run (daily, demo, backfill, reprocess).",
        (
            ("run_id", "the run"),
            ("kind", "daily | demo | backfill | reprocess"),
            ("started_at", "start time"),
            ("finished_at", "end time, NULL while running"),
            ("status", "running | completed | failed | crashed (its process is gone)"),
            ("rules_version", "rule set version used"),
            ("counts", "JSON counts per stage"),
            ("timings", "JSON seconds per stage"),
            ("error", "the error of a failed run, or why a crashed one is"),
        ),
    ),
)


def view_doc(name: str) -> ViewDoc | None:
    return next((v for v in VIEWS if v.name == name), None)
