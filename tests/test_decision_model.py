"""The decision model as a file and a sum: events name the rules and model that made them, a
missing or broken model file says how to rebuild it, ``tag`` prints background and dates, the
merge keeps the more probable of nested party sets, and the fast scorer equals the weights."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from extractors.errors import ConfigError
from extractors.models import Event
from extractors.tagger import DEFAULT_GAZETTEER, DEFAULT_RULES_DIR, NewsTagger, load_tagger
from extractors.tagger.decision import DecisionModel, ModelError, merge


def test_events_name_the_rules_and_the_model_that_made_them() -> None:
    (event,) = [e for e in load_tagger().tag("Oracle will host Grok on OCI.") if not e.background]
    rules = (DEFAULT_RULES_DIR / "VERSION").read_text().strip()
    assert event.rules_version.startswith(rules + "+model.")


def test_a_missing_model_says_how_to_rebuild_it(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="make model") as missing:
        NewsTagger(DEFAULT_RULES_DIR, DEFAULT_GAZETTEER, tmp_path / "model.json")
    assert isinstance(missing.value, ConfigError)  # so the CLI prints one line, exit 2
    bad = tmp_path / "bad.json"
    bad.write_text("{}")
    with pytest.raises(ModelError, match="unreadable"):
        DecisionModel.load(bad)


def test_tag_prints_background_and_event_dates(tmp_path: Path) -> None:
    import json
    import subprocess
    import sys

    snippets = tmp_path / "in.jsonl"
    snippets.write_text(
        json.dumps(
            {
                "id": "bg",
                "text": "Oracle agreed in 2024 to supply OpenAI with data-centre capacity.",
                "published": "2026-06-16",
            }
        )
        + "\n"
    )
    out = subprocess.run(
        [sys.executable, "-m", "channelwatch.cli", "tag", str(snippets)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    (row,) = [json.loads(line) for line in out.splitlines()]
    assert row["events"] and all(e["background"] is True for e in row["events"])
    assert {e["event_date"] for e in row["events"]} == {"2024-01-01"}


def _event(actors: tuple[str, ...], confidence: float, *, background: bool = False) -> Event:
    return Event(
        type="exclusivity_change",
        actors=actors,
        status="reported",
        evidence="",
        start_char=0,
        end_char=0,
        rule_id="model",
        rules_version="",
        confidence=confidence,
        background=background,
    )


def test_of_two_nested_party_sets_the_more_probable_is_kept() -> None:
    pair, trio = ("Kakao", "OpenAI"), ("Kakao", "OpenAI", "SK Telecom")
    assert [e.actors for e in merge([_event(pair, 0.8), _event(trio, 0.5)])] == [pair]
    assert [e.actors for e in merge([_event(pair, 0.4), _event(trio, 0.6)])] == [trio]
    # background on a subset of a news event's parties adds nothing to the timeline
    assert [e.actors for e in merge([_event(pair, 0.9, background=True), _event(trio, 0.5)])] == [
        trio
    ]


def test_the_scores_are_the_models_weights_summed() -> None:
    """The fast scorer (one table row per sentence feature, six types at once; a proposal's
    own features summed by part) gives what the model file says: bias + each feature's weight
    counted once, sentence features both crossed with the type and as they are. A feature the
    model never saw weighs nothing. Over the team's paraphrases too, where parts that wrote
    out one same name twice would count it twice."""
    import json
    import math

    from extractors.tagger.features import candidates

    tagger = load_tagger()
    model = tagger.model
    texts = [
        "Oracle will offer xAI's Grok models on OCI, the companies said on Tuesday.",
        "Microsoft and OpenAI renegotiated their deal; Microsoft keeps a 20% revenue share.",
        "Zqxv Corp's blorptastic widgets, unlike Amazon's, are unrelated to anything.",
    ]
    paraphrases = Path(__file__).parent / "fixtures" / "tagger" / "paraphrases.jsonl"
    texts += [json.loads(line)["text"] for line in paraphrases.read_text().splitlines() if line]
    checked = 0
    for text in texts:
        for view in tagger.analyser(text, dt.date(2026, 12, 1)):
            cache: dict[int, list[float]] = {}
            for c in candidates(view):
                w = model.weights
                z = model.bias + sum(w.get(f, 0.0) for f in c.own)
                z += sum(w.get(f"{c.type}|{f}", 0.0) + w.get(f, 0.0) for f in c.shared)
                expected = 1.0 / (1.0 + math.exp(-max(min(z, 30.0), -30.0)))
                assert model.probability(c, cache) == pytest.approx(expected, abs=1e-12)
                assert model.probability(c) == pytest.approx(expected, abs=1e-12)
                checked += 1
    assert checked > 1000
