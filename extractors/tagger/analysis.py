"""One text as the decision sees it: sentences with their organisations, cues, rule events
and time expressions (:class:`~extractors.tagger.features.SentenceView`)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from spacy.matcher import Matcher

from extractors.models import Event
from extractors.tagger.features import Mention, SentenceView
from extractors.tagger.gazetteer import OUTLET
from extractors.tagger.pipeline import sentence_bounds
from extractors.tagger.rules import build_matcher
from extractors.tagger.timex import find_times

if TYPE_CHECKING:
    from extractors.tagger.core import EventTagger


class Analyser:
    """Reads sentences, organisations and every rule's matches off a text."""

    def __init__(self, tagger: EventTagger) -> None:
        self.tagger = tagger
        self.cue_matcher: Matcher = build_matcher(tagger.nlp, tagger.rules)
        strings = tagger.nlp.vocab.strings
        self.rule_of = {strings.add(r.id): r for r in tagger.rules if r.label != "OUTLET"}

    def __call__(self, text: str, published: dt.date | None) -> list[SentenceView]:
        tagger = self.tagger
        doc = tagger.nlp.make_doc(text)
        texts = tagger.token_texts(doc)
        spans = [sp for sp in tagger.org_matcher(texts) if sp.label != OUTLET]
        if not spans:
            return []
        bounds = sentence_bounds(texts)
        rule_events: list[Event] = tagger.tag_doc(doc, text=text)
        lowers = [w.lower() for w in texts]
        matches = self.cue_matcher(doc)
        views: list[SentenceView] = []
        k = 0
        for si in range(len(bounds) - 1):
            lo, hi = bounds[si], bounds[si + 1]
            mentions: list[Mention] = []
            while k < len(spans) and spans[k].start < hi:
                sp = spans[k]
                if sp.start >= lo:
                    org = tagger.orgs[sp.org]
                    mentions.append(Mention(org.id, org.role, sp.label, sp.start - lo, sp.end - lo))
                k += 1
            if not mentions:
                continue
            start_char = doc[lo].idx
            end_char = doc[hi - 1].idx + len(texts[hi - 1])
            cues = [
                (r.id, r.label, s - lo, e - lo)
                for key, s, e in matches
                if lo <= s < hi and (r := self.rule_of[key])
            ]
            events = [e for e in rule_events if start_char <= e.start_char < end_char]
            sentence = text[start_char:end_char]
            times = find_times(sentence, published or dt.date.today())
            offsets = [doc[k].idx - start_char for k in range(lo, hi)]
            views.append(
                SentenceView(
                    start_char,
                    end_char,
                    lowers[lo:hi],
                    offsets,
                    mentions,
                    cues,
                    events,
                    times,
                    published,
                )
            )
        return views
