"""The screen (``extractors/tagger/screen.py``) leaves unbuilt only proposals the model could
not keep, so the tagger keeps what it kept without it, and it leaves most of them unbuilt,
which is what it is for."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from channelwatch.settings import ROOT
from extractors.tagger import load_tagger
from extractors.tagger.decision import SumsCache, decide, decide_proposals
from extractors.tagger.features import candidates
from extractors.tagger.screen import Screen

EVAL = Path(ROOT).parent / "shared" / "eval"
PARAPHRASES = Path(__file__).parent / "fixtures" / "tagger" / "paraphrases.jsonl"


def _texts() -> list[str]:
    paths = [PARAPHRASES] + [EVAL / f"{n}.jsonl" for n in ("dev", "dev2", "dev3")]
    return [
        json.loads(line)["text"]
        for path in paths
        if path.exists()
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]


@pytest.fixture(scope="module")
def tagger():  # type: ignore[no-untyped-def]
    return load_tagger()


def test_every_screened_out_proposal_scores_below_the_threshold(tagger) -> None:  # type: ignore[no-untyped-def]
    model = tagger.model
    built = skipped = 0
    for text in _texts():
        for view in tagger.analyser(tagger.analyser.read(text).text, dt.date(2026, 12, 1)):
            cache: SumsCache = {}
            screened = {(c.type, c.actors) for c in candidates(view, Screen(model, cache))}
            for c in candidates(view):
                if (c.type, c.actors) in screened:
                    built += 1
                    continue
                skipped += 1
                assert c.rule_event is None, (text, c.type, c.actors)
                assert model.probability(c) < model.threshold, (text, c.type, c.actors)
    assert skipped > 2 * built  # most proposals are never built


def test_the_screen_changes_no_event(tagger) -> None:  # type: ignore[no-untyped-def]
    events = 0
    for text in _texts():
        plain = tagger.analyser.read(text).text
        views = tagger.analyser(plain, None)
        every = (c for view in views for c in candidates(view))
        unscreened = decide_proposals(tagger.model, tagger.background, views, every, plain)
        screened = decide(tagger.model, tagger.background, views, plain, "")
        assert [(e.type, e.actors, e.status, e.background, e.confidence) for e in screened] == [
            (e.type, e.actors, e.status, e.background, e.confidence) for e in unscreened
        ], text
        events += len(screened)
    assert events > 100  # the 118 paraphrases alone hold 114 gold events
