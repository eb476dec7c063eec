"""``channelwatch_events``: partnership events from the cues and organisations of each sentence.

For every sentence with an organisation and a trigger (an EVENT cue or a DEAL cue), the
sentence's clauses are read (``structure``), each trigger is screened (``suppression``), given
parties (``parties``), a status and a direction (``status``). Every trigger x party assignment
goes to ``doc._.candidates`` with the reasons the rules drop it; the kept ones, merged per
document (``merge``), go to ``doc._.events``. A deal cue becomes a candidate typed by its
parties' roles (a ``fallback:`` rule id); the rules keep it only when no typed trigger is kept
in its sentence.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from spacy.attrs import SPACY
from spacy.language import Language
from spacy.tokens import Doc

from extractors.models import Event
from extractors.tagger.candidates import Candidate
from extractors.tagger.cues import CUES_KEY, ORGS_KEY
from extractors.tagger.gazetteer import OUTLET, Org
from extractors.tagger.lexicon import Lexicon, load_lexicon
from extractors.tagger.merge import merge_candidates
from extractors.tagger.orgs import cached_gazetteer
from extractors.tagger.parties import Where, deal_parties, parties
from extractors.tagger.paths import gazetteer_path, lexicon_path, rules_path
from extractors.tagger.rule_words import check_words
from extractors.tagger.rules import read_version
from extractors.tagger.status import direction, negated, status
from extractors.tagger.structure import Cue, DocView, Sentence, mention, share_models, structure
from extractors.tagger.suppression import (
    Context,
    context,
    event_reasons,
    screen_all,
    sells_a_model,
)
from extractors.tagger.tokens import lowers_column, sentence_starts, span_rows, texts_column

# ``asides``: the (start, end) tokens of each name inside an aside after another name
for _name in ("events", "candidates", "published", "asides"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


class EventsComponent:
    """Sets ``doc._.events`` (list of Event) and ``doc._.candidates`` (list of Candidate)."""

    def __init__(
        self, nlp: Language, orgs: dict[str, Org], lexicon: Lexicon, rules_version: str
    ) -> None:
        self.orgs = orgs
        self.lexicon = lexicon
        self.rules_version = rules_version
        self.texts = texts_column(nlp.vocab.strings)
        self.lowers = lowers_column(nlp.vocab.strings)

    def __call__(self, doc: Doc) -> Doc:
        doc._.events, doc._.candidates, doc._.asides = [], [], []
        cue_rows = span_rows(doc, CUES_KEY)
        if not cue_rows:
            return doc  # the cues component found no trigger in a sentence naming a company
        bounds = sentence_starts(doc)
        view = DocView(doc, self.texts(doc), self.lowers(doc), self.orgs, self.lexicon)
        cues_of: dict[int, list[Cue]] = {}
        k = 0
        for start, end, label, rule_id in cue_rows:
            while bounds[k + 1] <= start:
                k += 1
            cues_of.setdefault(k, []).append(Cue(rule_id, label, start, end))
        names_of: dict[int, list[tuple[int, int, str, str]]] = {}
        k = 0
        for row in span_rows(doc, ORGS_KEY):
            while bounds[k + 1] <= row[0]:
                k += 1
            if row[2] != OUTLET and k in cues_of:
                names_of.setdefault(k, []).append(row)
        cands: list[Candidate] = []
        for k, cues in sorted(cues_of.items()):
            names = names_of.get(k)
            if not names or not any(c.label[:6] == "EVENT:" or c.label == "DEAL" for c in cues):
                continue
            mentions = [mention(view, s, e, label, self.orgs[org]) for s, e, label, org in names]
            share_models(view, mentions)
            sent = structure(view, bounds[k], bounds[k + 1], mentions, cues)
            doc._.asides += [(m.start, m.end) for m in sent.mentions if m.aside]
            cands += self.sentence_candidates(sent)
        doc._.events, doc._.candidates = merge_candidates(cands)
        return doc

    def sentence_candidates(self, sent: Sentence) -> list[Candidate]:
        cues = sent.cues
        ctx = context(cues)
        triggers = [c for c in cues if c.label.startswith("EVENT:")]
        screened = screen_all(sent, triggers, ctx)
        kept = [t for t, why in screened if not why]
        labels = tuple(c.label for c in cues)
        made: list[tuple[Candidate, int, bool, bool, bool]] = []
        for t, why in screened:
            etype = t.label[6:]
            pairs, where = parties(sent, t, etype, t.clause, ctx.two_parties)
            if not pairs:
                continue
            # status and direction are the trigger's, whoever its parties are
            neg = negated(sent, t)
            st = status(sent, t, t.clause, t.seg, etype, kept, neg)
            dr = direction(sent, t, t.clause, etype)
            for actors, conf in pairs:
                ev = self.event(sent, etype, actors, st, t.rule_id, conf, dr)
                cand = self.candidate(sent, ev, t, where, why, labels)
                sells = sells_a_model(sent, t, actors)
                made.append((cand, t.clause, not why, neg, sells))
        found = [(c.event, cl, k, neg, sells) for c, cl, k, neg, sells in made]
        more = event_reasons(found, kept, sent.view.role)
        out = [c if not add else _with(c, add) for (c, *_), add in zip(made, more, strict=True)]
        return out + self.deal_candidates(sent, ctx, bool(kept), labels)

    def deal_candidates(
        self, sent: Sentence, ctx: Context, typed: bool, labels: tuple[str, ...]
    ) -> list[Candidate]:
        """A new deal with no typed trigger, typed by the parties' roles: the first deal cue of
        the sentence that yields pairs is kept, when no typed trigger is."""
        out: list[Candidate] = []
        given = False  # an earlier deal cue of the sentence yields the events
        for d in (c for c in sent.cues if c.label == "DEAL"):
            typed_pairs = deal_parties(sent, d)
            if typed_pairs is None:
                continue
            etype, pairs, where = typed_pairs
            why = ctx.silenced(d)
            if d.clause in ctx.continuing:
                why.append("continuing")
            if d.clause in ctx.nonevent:
                why.append("nonevent")
            if typed:
                why.append("typed-trigger")
            if given:
                why.append("later-deal")
            for a, b in pairs:
                st = status(sent, d, d.clause, d.seg, etype, [])
                ev = self.event(sent, etype, (a, b), st, f"fallback:{d.rule_id}", 0.45, None)
                out.append(self.candidate(sent, ev, d, where, why, labels))
            given = given or not why
        return out

    @staticmethod
    def candidate(
        sent: Sentence,
        ev: Event,
        t: Cue,
        where: Where,
        why: Iterable[str],
        labels: tuple[str, ...],
    ) -> Candidate:
        return Candidate(
            event=ev,
            trigger_rule=t.rule_id,
            trigger_start=t.start,
            trigger_end=t.end,
            sent_start=sent.start,
            sent_end=sent.end,
            party_spans=tuple(where[a] for a in ev.actors if a in where),
            reasons=tuple(why),
            cue_labels=labels,
        )

    def event(
        self,
        sent: Sentence,
        etype: str,
        actors: tuple[str, ...],
        st: str,
        rule_id: str,
        conf: float,
        dr: str | None,
    ) -> Event:
        view = sent.view
        if view.text is None:  # once per document: the text the tokens were made from
            spaces = view.doc.to_array(SPACY).tolist()
            view.text = "".join(
                t + " " if sp else t for t, sp in zip(view.texts, spaces, strict=True)
            )
        text = view.text
        last = sent.end - 1
        start, end = view.doc[sent.start].idx, view.doc[last].idx + len(view.texts[last])
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        return Event(
            type=etype,
            actors=actors,
            status=st,
            evidence=text[start:end],
            start_char=start,
            end_char=end,
            rule_id=rule_id,
            rules_version=self.rules_version,
            confidence=conf,
            direction=dr,
        )


def _with(c: Candidate, reasons: list[str]) -> Candidate:
    return replace(c, reasons=(*c.reasons, *reasons))


@Language.factory("channelwatch_events", default_config={"rules_dir": None, "gazetteer": None})
def make_events(
    nlp: Language, name: str, rules_dir: str | None, gazetteer: str | None
) -> EventsComponent:
    """``rules_dir`` (``lexicon.json`` and ``VERSION``) and ``gazetteer`` default to ``data/``."""
    orgs = cached_gazetteer(gazetteer_path(gazetteer))
    path = lexicon_path(None, rules_dir)
    lexicon = load_lexicon(path)
    for list_name, words in lexicon.token_lists().items():  # a word no token is never found
        check_words(nlp, words, f'{path}: "{list_name}"')
    return EventsComponent(nlp, orgs, lexicon, read_version(rules_path(rules_dir)))
