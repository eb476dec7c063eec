"""One tagged document as the decision sees it: sentences with their organisations, cues,
the rules' events and candidates, and time expressions
(:class:`~extractors.tagger.features.SentenceView`)."""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from pathlib import Path

from spacy.attrs import IDX
from spacy.tokens import Doc

from extractors.models import Event
from extractors.tagger.candidates import Candidate as RuleCandidate
from extractors.tagger.cues import CUES_KEY, ORGS_KEY
from extractors.tagger.features import Mention, SentenceView
from extractors.tagger.gazetteer import OUTLET, Org
from extractors.tagger.lexicon import Lexicon, load_lexicon
from extractors.tagger.orgs import cached_gazetteer
from extractors.tagger.paths import gazetteer_path, lexicon_path
from extractors.tagger.reading import TextReader
from extractors.tagger.tagger import EventTagger
from extractors.tagger.timex import find_times
from extractors.tagger.tokens import TokenColumn, lowers_column, sentence_starts, span_rows


def sentence_views(
    doc: Doc,
    text: str,
    orgs: dict[str, Org],
    published: dt.date | None,
    lowers_of: TokenColumn,
    lex: Lexicon,
) -> list[SentenceView]:
    """The sentences of a doc run through the rule pipeline that name an organisation.
    ``text`` is the doc's own text: ``doc.text`` would join every token again (a tenth of
    the tagging time of a long article). ``lex`` says which words negate."""
    names = [row for row in span_rows(doc, ORGS_KEY) if row[2] != OUTLET]
    if not names:
        return []
    bounds = sentence_starts(doc)
    starts = bounds[:-1]
    by_sent: dict[int, list[Mention]] = {}
    asides = set(doc._.asides or ())
    for start, end, label, org_id in names:
        si = bisect_right(starts, start) - 1
        org = orgs[org_id]
        lo = starts[si]
        aside = (start, end) in asides
        by_sent.setdefault(si, []).append(
            Mention(org.id, org.role, label, start - lo, end - lo, aside)
        )
    cues: dict[int, list[tuple[str, str, int, int]]] = {}
    for start, end, label, rule_id in span_rows(doc, CUES_KEY):
        si = bisect_right(starts, start) - 1
        lo = starts[si]
        cues.setdefault(si, []).append((rule_id, label, start - lo, end - lo))
    rule_candidates: list[RuleCandidate] = doc._.candidates or []
    events: list[Event] = doc._.events or []
    lowers = lowers_of(doc)
    idx: list[int] = doc.to_array(IDX).tolist()
    today = published or dt.date.today()
    views: list[SentenceView] = []
    for si, mentions in sorted(by_sent.items()):
        lo, hi = bounds[si], bounds[si + 1]
        start_char = idx[lo]
        end_char = idx[hi - 1] + len(doc[hi - 1].text)
        negations = [
            k - lo
            for k in range(lo, hi)
            if lex.negates(lowers[k], lowers[k + 1] if k + 1 < hi else "")
        ]
        views.append(
            SentenceView(
                start_char=start_char,
                end_char=end_char,
                lowers=lowers[lo:hi],
                offsets=[k - start_char for k in idx[lo:hi]],
                mentions=mentions,
                cues=cues.get(si, []),
                rule_events=[e for e in events if start_char <= e.start_char < end_char],
                rule_candidates=[c for c in rule_candidates if c.sent_start == lo],
                times=find_times(text[start_char:end_char], today),
                published=published,
                negations=negations,
            )
        )
    return views


class Analyser:
    """The rule pipeline of an :class:`EventTagger`, read as sentence views."""

    def __init__(self, tagger: EventTagger, gazetteer: Path | None = None) -> None:
        self.tagger = tagger
        self.orgs = cached_gazetteer(gazetteer_path(gazetteer))
        # what of a text the tagger reads (``NewsTagger`` and training read through it)
        lexicon = load_lexicon(lexicon_path(None, tagger.rules_dir))
        self.read = TextReader(
            lexicon.exchanges, lexicon.backer_words, lexicon.headline_tags, lexicon.media_nouns
        )
        self.lowers = lowers_column(tagger.nlp.vocab.strings)
        self.lexicon = lexicon

    def __call__(self, text: str, published: dt.date | None) -> list[SentenceView]:
        doc = next(self.tagger.tag_docs([text], published=[published]))
        return sentence_views(doc, text, self.orgs, published, self.lowers, self.lexicon)

    def many(
        self, texts: Iterable[str], published: Iterable[dt.date | None]
    ) -> Iterator[list[SentenceView]]:
        """Views of each text, in order (``nlp.pipe`` underneath)."""
        texts = list(texts)
        docs = self.tagger.tag_docs(texts, published=published)
        for text, doc in zip(texts, docs, strict=True):
            yield sentence_views(doc, text, self.orgs, doc._.published, self.lowers, self.lexicon)
