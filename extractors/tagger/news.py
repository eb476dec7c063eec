"""NewsTagger: the rules propose candidates, the learned decision keeps the news events.

``tag`` and ``tag_many`` are what the pipeline, ``channelwatch tag`` and ``reprocess`` call;
``published`` (the article's date) resolves "last July" and "next month" into each event's
``event_date`` and tells background from news.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Iterator
from itertools import repeat
from pathlib import Path

from extractors.models import Event
from extractors.tagger.analysis import Analyser
from extractors.tagger.background import BACKGROUND, PRICE_CHANGES, STANDING, BackgroundReader
from extractors.tagger.decision import DecisionModel, decide
from extractors.tagger.rule_words import check_phrase_file
from extractors.tagger.tagger import EventTagger


class NewsTagger:
    """Rule candidates from ``rules_dir`` and the gazetteer, decided by ``model_path``."""

    def __init__(self, rules_dir: Path, gazetteer_path: Path, model_path: Path) -> None:
        self.rules = EventTagger(rules_dir, gazetteer_path)
        self.analyser = Analyser(self.rules, Path(gazetteer_path))
        self.model = DecisionModel.load(model_path)
        self.background = BackgroundReader.load(Path(rules_dir) / BACKGROUND)
        for name in (BACKGROUND, STANDING, PRICE_CHANGES):  # phrases read on tokens
            check_phrase_file(self.rules.nlp, Path(rules_dir) / name)
        digest = hashlib.sha256(Path(model_path).read_bytes()).hexdigest()[:8]
        # the version stored with every event names the rules and the model that made it
        self.rules_version = f"{self.rules.rules_version}+model.{digest}"
        self.nlp = self.rules.nlp

    def tag(
        self, text: str, *, published: dt.date | None = None, article: bool | None = None
    ) -> list[Event]:
        """News (and background) events in ``text``, dated against ``published``.
        ``article``: True for a whole page (the daily run), False for a snippet cut around its
        news, None to judge by the text (see ``article.is_article``)."""
        plain = self.analyser.read(text)
        views = self.analyser(plain.text, published)
        if not views:
            return []
        events = decide(self.model, self.background, views, plain.text, self.rules_version, article)
        return plain.back(events, text)

    def tag_many(
        self,
        texts: Iterable[str],
        *,
        published: Iterable[dt.date | None] | None = None,
        article: bool | None = None,
    ) -> Iterator[list[Event]]:
        """Events of each text, in order; ``published`` aligns a date with each text;
        ``article`` as in ``tag``, for every text."""
        dates: Iterable[dt.date | None] = repeat(None) if published is None else published
        texts = list(texts)  # the text of each doc is needed for its evidence
        plain = [self.analyser.read(t) for t in texts]
        views_of = self.analyser.many([p.text for p in plain], dates)
        for text, p, views in zip(texts, plain, views_of, strict=True):
            events = decide(self.model, self.background, views, p.text, self.rules_version, article)
            yield p.back(events, text)
