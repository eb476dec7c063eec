"""EventTagger: rules find triggers and cues; code assigns parties, status and direction."""

from __future__ import annotations

import datetime
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from spacy.tokens import Doc

from extractors.models import Event
from extractors.tagger.fastmatch import FastMatcher, TokenView, Unsupported
from extractors.tagger.gazetteer import MODEL, OUTLET, PERSON, Org, load_gazetteer, org_patterns
from extractors.tagger.pipeline import (
    OrgMatcher,
    OrgSpan,
    TokenTexts,
    build_nlp,
    sentence_bounds,
    sentence_of,
)
from extractors.tagger.rules import build_matcher, read_rules, read_version


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


STATUS_ORDER = ("denied", "talks", "reported", "confirmed")
SINGLE_OK = frozenset({"packaging_change", "revenue_share_change", "exclusivity_change"})
NEEDS_TWO = frozenset({"distribution_expansion", "hosting_deal", "renegotiation"})
ONGOING_TYPES = frozenset({"distribution_expansion", "hosting_deal"})
# a comma followed by one of these starts a new clause (or an aside when it closes again)
CLAUSE_STARTERS = _words(
    "which who whose while whereas as after before though although despite even but and "
    "saying calling dismissing rebutting contradicting pushing citing according adding "
    "bringing giving letting leaving making clearing replacing ending including once when "
    "where with a an the its their his her itself now formerly widening showing marking "
    "sending lifting putting helping"
)
ASIDE_STARTERS = _words("the a an its their his her which who whose once now itself formerly")
RELATIVES = _words("which who whose")
HARD_BREAKS = frozenset({";", ":", "--", "—", "–", "(", ")"})
CLAUSE_PUNCT = HARD_BREAKS | {","}  # the tokens that can start a clause
HARDWARE = _words(
    "gpus gpu chips chip tpus tpu accelerators processors servers racks systems superchips "
    "hardware blackwell hopper gb200 gb300 h100 h200 h20 b200"
)
COMPUTE_WORDS = HARDWARE | _words(
    "compute computing capacity cloud clouds infrastructure datacenter datacenters data-center "
    "center centers centre centres gigawatt gigawatts megawatts megawatt cluster clusters "
    "supercomputer workloads training servers"
)
MODEL_NOUNS = _words("model models llm llms chatbot assistant apps app reasoning frontier")
# words that say what is distributed is a model or an AI product (not chips or capacity)
OFFERING_WORDS = _words(
    "model models llm llms chatbot chatbots assistant assistants app apps api apis agent agents "
    "product products technology technologies tools open-weight weights copilot"
)
# selling named after a revenue share describes what the share is taken from
SELL_WORDS = _words("sell sells selling sold resell resells reselling resold sales resale")
SERVE_WORDS = _words("host hosts hosting hosted serve serves serving served")
TRAIN_WORDS = _words("train trains training trained pretraining pre-training")
TERM_LABELS = frozenset(
    {"EVENT:revenue_share_change", "EVENT:exclusivity_change", "EVENT:packaging_change"}
)
NEGATORS = frozenset({"not", "n't", "never", "no", "neither", "nor", "without", "won't"})
NEG_EXCEPT = frozenset({"longer", "only", "just", "yet", "least", "disclosed", "immediately"})
REPORT_VERBS = _words("said says told reported reports announced wrote added confirmed")
COORD = frozenset({",", "and", "or", "&", "as", "well"})
REGION_GLUE = frozenset({"(", ")", "and", "or", "&", "'s", "’s", "-", "/"})


@dataclass(slots=True)
class Mention:
    org: str
    role: str
    start: int  # token index in doc
    end: int
    modelish: bool
    component: bool
    product: bool = False
    clause: int = 0
    aside: bool = False
    bystander: bool = False


@dataclass(slots=True)
class Cue:
    rule_id: str
    label: str
    start: int
    end: int
    clause: int = 0  # the clause and segment of its first token (set by ``_structure``)
    seg: int = 0


@dataclass(slots=True)
class Sentence:
    doc: Doc
    start: int  # token indices in doc
    end: int
    clause: list[int] = field(default_factory=list)  # clause id per token (sentence-relative)
    segment: list[int] = field(default_factory=list)
    aside: list[bool] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    cues: list[Cue] = field(default_factory=list)
    lowers: list[str] = field(default_factory=list)
    status_cues: list[Cue] | None = None  # computed once, on the first event's status
    unchanged: list[Cue] = field(default_factory=list)


class EventTagger:
    """Tag partnership events in text with spaCy rules from ``rules_dir`` and a gazetteer."""

    def __init__(self, rules_dir: Path, gazetteer_path: Path) -> None:
        self.rules_dir = Path(rules_dir)
        self.orgs: dict[str, Org] = load_gazetteer(Path(gazetteer_path))
        self.rules = read_rules(self.rules_dir)
        self.rules_version = read_version(self.rules_dir)
        outlets = [r.pattern for r in self.rules if r.label == "OUTLET"]
        self.nlp = build_nlp()
        self.token_texts = TokenTexts(self.nlp)
        patterns = org_patterns(self.orgs)
        patterns += [{"label": OUTLET, "pattern": name, "id": name} for name in outlets]
        self.org_matcher = OrgMatcher(self.nlp, patterns)
        spacy_matcher = build_matcher(self.nlp, self.rules)  # validates every pattern
        # run the rules with the fast interpreter; spaCy's Matcher keeps what it cannot run.
        # Only a sentence with an event trigger or a deal cue can yield an event, so those
        # rules run first and the others only where one of them matched.
        self.fast = FastMatcher()
        self.slow_ids: set[str] = set()
        for r in self.rules:
            if r.label == "OUTLET":
                continue
            try:
                self.fast.add(r.id, r.pattern, primary=_is_trigger(r.label))
            except Unsupported:
                self.slow_ids.add(r.id)
        for r in self.rules:
            if r.label != "OUTLET" and r.id not in self.slow_ids:
                spacy_matcher.remove(r.id)
        self.matcher = spacy_matcher
        self.label_of = {r.id: r.label for r in self.rules}
        self._keys = {self.nlp.vocab.strings[r.id]: r.id for r in self.rules}
        # the document being tagged, per thread: the default runner tags several batches at
        # once in threads of one process, all with this one (cached) tagger
        self._doc = threading.local()

    @property
    def _lowers(self) -> list[str]:
        """The current document's lowercase tokens."""
        lowers: list[str] = self._doc.lowers
        return lowers

    @property
    def _texts(self) -> list[str]:
        """The current document's token texts."""
        texts: list[str] = self._doc.texts
        return texts

    @property
    def _text(self) -> str | None:
        """The current document's text, when an event needs it."""
        text: str | None = self._doc.text
        return text

    @_text.setter
    def _text(self, text: str | None) -> None:
        self._doc.text = text

    # ---------------------------------------------------------------- public API
    def tag(self, text: str, *, published: datetime.date | None = None) -> list[Event]:
        """Events in ``text``; ``published`` is accepted for date-relative cues (unused yet)."""
        return self.tag_doc(self.nlp.make_doc(text), text=text)

    def tag_many(self, texts: Iterable[str], *, batch_size: int = 256) -> Iterator[list[Event]]:
        """Events of each text, in order (``batch_size`` is kept for callers; unused)."""
        make_doc = self.nlp.make_doc  # the tokenizer alone: the tagger reads nothing else
        for text in texts:
            yield self.tag_doc(make_doc(text), text=text)

    # ---------------------------------------------------------------- per document
    def tag_doc(self, doc: Doc, *, text: str | None = None) -> list[Event]:
        """Events in a tokenised document; ``text`` (the string it was made from) saves
        rebuilding it."""
        texts = self.token_texts(doc)
        org_spans = self.org_matcher(texts)
        if all(sp.label == OUTLET for sp in org_spans):
            return []  # every event names at least one organisation
        bounds = sentence_bounds(texts)
        lowers = [w.lower() for w in texts]
        self._doc.lowers, self._doc.texts, self._doc.text = lowers, texts, text
        names_by_sent: dict[int, list[OrgSpan]] = {}
        in_name = [False] * len(texts)
        for sp in org_spans:
            for k in range(sp.start, sp.end):
                in_name[k] = True
            if sp.label != OUTLET:
                names_by_sent.setdefault(sentence_of(bounds, sp.start), []).append(sp)
        tv = TokenView(doc, texts, lowers, frozenset(bounds[:-1]))
        slow: list[tuple[str, int, int]] = []
        if self.slow_ids:
            for k in bounds[:-1]:
                doc[k].is_sent_start = True
            slow = [(self._keys[k], s, e) for k, s, e in self.matcher(doc)]
        found: list[Event] = []
        # only a sentence naming an organisation can hold an event
        for si, names in sorted(names_by_sent.items()):
            lo, hi = bounds[si], bounds[si + 1]
            triggers, context = self.fast.candidates(tv, lo, hi)
            cues = self._cues(self.fast.run(tv, triggers, lo, hi), in_name)
            slow_cues = self._cues([m for m in slow if lo <= m[1] < hi], in_name)
            if not any(_is_trigger(c.label) for c in cues + slow_cues):
                continue  # no event trigger and no deal cue: no event
            cues += self._cues(self.fast.run(tv, context, lo, hi), in_name)
            # in the order of one matcher over all rules (by start, end, rule id), then
            # what spaCy's Matcher found
            cues.sort(key=lambda c: (c.start, c.end, c.rule_id))
            cues += slow_cues
            mentions = [self._mention(doc, sp, self.orgs[sp.org]) for sp in names]
            sent = self._structure(Sentence(doc, lo, hi), mentions, cues)
            found.extend(self._sentence_events(sent))
        return merge_events(found)

    def _cues(self, matches: list[tuple[str, int, int]], in_name: list[bool]) -> list[Cue]:
        cues: list[Cue] = []
        label_of = self.label_of
        for rule_id, start, end in matches:
            label = label_of[rule_id]
            # "Oracle Cloud Infrastructure", "Mistral Compute": a name, not a trigger
            if label[:6] == "EVENT:" and all(in_name[start:end]):
                continue
            cues.append(Cue(rule_id, label, start, end))
        return cues

    def _mention(self, doc: Doc, sp: OrgSpan, org: Org) -> Mention:
        lowers = self._lowers
        nxt = lowers[sp.end] if sp.end < len(lowers) else ""
        after = lowers[sp.end + 1] if sp.end + 1 < len(lowers) else ""
        possessive = nxt in ("'s", "’s", "'")
        modelish = sp.label == MODEL or (
            sp.label != PERSON
            and (nxt in MODEL_NOUNS or (possessive and after in MODEL_NOUNS))
            and org.role == "model_maker"
        )
        if sp.label != PERSON and nxt in MODEL_NOUNS and not possessive:
            modelish = modelish or nxt in ("model", "models")
        # "Nvidia GPUs" names hardware; "Microsoft GPU capacity" names a cloud's capacity
        component = not possessive and nxt in HARDWARE and org.role == "chips"
        # a product or model name (Claude, ChatGPT, Comet), not the company's own name
        product = sp.label == MODEL
        if not product and org.role == "model_maker":
            name = self._span_text(doc, sp.start, sp.end)
            product = name != org.id and name not in org.aliases
        return Mention(org.id, org.role, sp.start, sp.end, modelish, component, product)

    def _span_text(self, doc: Doc, start: int, end: int) -> str:
        """What ``doc[start:end].text`` is, without a Span for one token."""
        if end == start + 1:
            return self._texts[start]
        return doc[start:end].text

    def _char_bounds(self, sent: Sentence) -> tuple[int, int]:
        """The sentence's character offsets (``Span.start_char``, ``Span.end_char``)."""
        doc = sent.doc
        last = sent.end - 1
        return doc[sent.start].idx, doc[last].idx + len(self._texts[last])

    # ---------------------------------------------------------------- sentence structure
    def _structure(self, s: Sentence, mentions: list[Mention], cues: list[Cue]) -> Sentence:
        n = s.end - s.start
        clause = [0] * n
        segment = [0] * n
        aside = [False] * n
        toks = self._lowers[s.start : s.end]
        cid = seg = 0
        mention_ends = {m.end - s.start for m in mentions}
        # only punctuation changes the clause or segment: visit those tokens, and fill the
        # runs of other tokens between them with the current ids
        done = 0  # tokens before this one have their ids
        for i in [k for k, t in enumerate(toks) if t in CLAUSE_PUNCT]:
            if i < done:
                continue  # inside an aside
            if i > done:
                clause[done:i] = [cid] * (i - done)
                segment[done:i] = [seg] * (i - done)
            t = toks[i]
            if t == ";":
                seg += 1
                cid += 1
            elif t in HARD_BREAKS or (
                t == "," and any(toks[k] in REPORT_VERBS for k in range(i + 1, min(n, i + 5)))
            ):
                cid += 1
            elif t == "," and i + 1 < n and toks[i + 1] in CLAUSE_STARTERS:
                # an aside ", the X company," right after a name: skip it, keep the clause
                close = self._aside_end(toks, i) if i in mention_ends else -1
                if close > 0 and toks[i + 1] in ASIDE_STARTERS:
                    for k in range(i, close + 1):
                        clause[k] = -1
                        segment[k] = seg
                        aside[k] = True
                    done = close + 1
                    continue
                cid += 1
            clause[i] = cid
            segment[i] = seg
            done = i + 1
        if done < n:
            clause[done:n] = [cid] * (n - done)
            segment[done:n] = [seg] * (n - done)
        sent = Sentence(s.doc, s.start, s.end, clause, segment, aside, [], cues, toks)
        # bystander zones: from a BYSTANDER cue to the next comma or clause break
        zone = [False] * n
        by_start = {m.start - s.start: m for m in mentions}
        for c in cues:
            if c.label != "BYSTANDER":
                continue
            k = c.end - s.start
            limit = min(n, k + 6)
            while k < limit and k not in by_start and toks[k] not in {",", ";", ":", "--"}:
                k += 1
            # the first company named after the cue, and any coordinated with it
            while k in by_start:
                m = by_start[k]
                zone[k] = True
                k = m.end - s.start
                if k < n and toks[k] in ("'s", "’s"):
                    nxt = by_start.get(k + 1)
                    if nxt is not None and nxt.org == m.org:
                        zone[k + 1] = True  # "alongside OpenAI's GPT family"
                    break
                while k < n and toks[k] in COORD:
                    k += 1
        # "in the AWS US West (Oregon) and Azure East US 2 regions": a cloud named as the place
        # a service runs is a location, not a party; walk back over the region's name
        ends = {m.end - s.start: m for m in mentions}
        for c in cues:
            if c.label != "LOCATION":
                continue
            k = c.start - s.start - 1
            lo = max(0, k - 12)
            while k >= lo:
                place = ends.get(k + 1)
                if place is not None:
                    if self.orgs[place.org].role == "cloud":
                        zone[place.start - s.start] = True
                    k = place.start - s.start - 1
                    continue
                tok = s.doc[s.start + k]
                w = tok.text
                glued = not tok.whitespace_  # "europe" in "europe-west4"
                if not (
                    w in REGION_GLUE or glued or w[:1].isupper() or any(ch.isdigit() for ch in w)
                ):
                    break
                k -= 1
        for c in cues:
            k = c.start - s.start
            c.clause = clause[k] if clause[k] >= 0 else self._clause_before(clause, k)
            c.seg = segment[k]
        for m in mentions:
            k = m.start - s.start
            m.aside = aside[k]
            m.clause = clause[k] if clause[k] >= 0 else self._clause_before(clause, k)
            m.bystander = zone[k]
        sent.mentions = mentions
        return sent

    @staticmethod
    def _aside_end(toks: list[str], i: int) -> int:
        for k in range(i + 1, min(len(toks), i + 16)):
            if toks[k] in {";", ":"}:
                return -1
            if toks[k] == ",":
                if toks[i + 1] in RELATIVES:
                    return k  # ", which runs on OpenAI's models, now has ...": closes anyway
                return k if k + 1 < len(toks) and toks[k + 1] not in CLAUSE_STARTERS else -1
        return -1

    @staticmethod
    def _clause_before(clause: list[int], k: int) -> int:
        while k > 0 and clause[k] < 0:
            k -= 1
        return max(clause[k], 0)

    # ---------------------------------------------------------------- events
    def _sentence_events(self, sent: Sentence) -> list[Event]:
        s0 = sent.start
        cues = sent.cues

        def rel(c: Cue) -> int:
            return c.start - s0

        # the cues by kind (EVENT, NOT, BLOCK, ...) and by label, each in sentence order
        by_kind: dict[str, list[Cue]] = {}
        by_label: dict[str, list[Cue]] = {}
        for c in cues:
            by_kind.setdefault(c.label.partition(":")[0], []).append(c)
            by_label.setdefault(c.label, []).append(c)
        none: list[Cue] = []
        triggers = by_kind.get("EVENT", none)
        nots = by_kind.get("NOT", none)
        blocks = by_kind.get("BLOCK", none)
        spec_clauses = {c.clause for c in by_label.get("BACKGROUND", none)}
        # speculation ("analysts said", "could eventually") colours its whole segment: the
        # attribution clause is split off from the clause it attributes
        spec_clauses |= {c.clause for c in by_label.get("SPECULATION", none)}
        # hiring news and career summaries ("hired X, who led compute partnerships at OpenAI")
        spec_segs = {c.seg for c in cues if c.label in ("SPECULATION_SAID", "CAREER")}
        prior_ends = [(c.end, c.clause) for c in by_label.get("PRIOR", none)]
        prior_starts = [c.start for c in by_label.get("PRIOR", none)]
        cont_clauses = {c.clause for c in by_label.get("CONTINUING", none)}
        legal_segs = {c.seg for c in by_label.get("LEGAL", none)}
        deal_clauses = {c.clause for c in by_label.get("DEAL", none)}
        nonevent_clauses = {c.clause for c in by_label.get("NONEVENT", none)} - deal_clauses
        kept: list[Cue] = []
        prior: set[tuple[int, str]] = set()
        for t in sorted(triggers, key=lambda c: c.start):
            etype = t.label[6:]
            if any(n.label[4:] == etype and n.start < t.end and t.start < n.end for n in nots):
                continue
            if any(b.label[6:] == etype and b.seg == t.seg for b in blocks):
                continue
            if t.clause in spec_clauses or t.seg in spec_segs:
                continue
            tcl = t.clause
            if (
                (tcl, etype) in prior
                or any(-1 <= t.start - e <= 10 and tcl == c for e, c in prior_ends)
                or any(t.start < p < t.end for p in prior_starts)  # "businesses already use"
            ):
                # "data centers it already leases": a prior state, and so is the rest of that
                # clause's description of it ("already runs ... training capacity")
                prior.add((tcl, etype))
                continue
            if etype in ONGOING_TYPES and t.clause in cont_clauses:
                continue  # "will continue to run OpenAI's workloads": nothing new
            if etype != "exclusivity_change" and sent.aside[rel(t)]:
                continue  # ", which runs on OpenAI's models,": a description, not news
            if etype != "exclusivity_change" and t.seg in legal_segs:
                continue
            if etype == "hosting_deal" and t.clause in nonevent_clauses:
                continue
            if etype == "hosting_deal" and self._serves_a_model(sent, t):
                continue  # "infrastructure to host Grok": a platform serving a model
            if (
                etype == "distribution_expansion"
                and self._lowers[t.start] in SELL_WORDS
                and any(
                    r.label == "EVENT:revenue_share_change"
                    and r.seg == t.seg
                    and 0 < t.start - r.start <= 15
                    for r in triggers
                )
            ):
                continue  # "a share of the revenue it earns from selling Llama": the base
            kept.append(t)
        kept = suppress_nested(kept)
        strong_types = {t.label for t in kept if not t.rule_id.endswith("-weak")}
        # talks over terms or access beside a changed term (revenue share, exclusivity,
        # pricing) rework the agreement; beside a new deal of another type they are that
        # deal's negotiation, and bare "talks with X" names no terms
        kept = [
            t
            for t in kept
            if not t.rule_id.endswith("-weak")
            or not (strong_types - {t.label})
            or (
                t.label == "EVENT:renegotiation"
                and strong_types <= TERM_LABELS
                and t.rule_id != "reneg-negotiations-with-weak"  # names no terms
            )
        ]
        two = "TWO_PARTIES" in by_label
        events: list[Event] = []
        host_clauses = {t.clause for t in kept if t.label == "EVENT:hosting_deal"}
        found: list[tuple[Event, int]] = []
        for t in kept:
            etype = t.label[6:]
            for actors, conf in self._parties(sent, t, etype, t.clause, two):
                status = self._status(sent, t, t.clause, t.seg, etype, kept)
                direction = self._direction(sent, t, t.clause, etype)
                ev = self._event(sent, etype, actors, status, t.rule_id, conf, direction)
                found.append((ev, t.clause))
        # a device or software platform that will use a maker's models and run them on its own
        # servers ("asked both to train versions that can run on Apple's own cloud") takes the
        # models as a channel; it supplies no compute to the maker
        dist_sets = {frozenset(e.actors) for e, _ in found if e.type == "distribution_expansion"}
        platform_run = {
            frozenset(e.actors)
            for e, _ in found
            if e.type == "hosting_deal"
            and frozenset(e.actors) in dist_sets
            and all(self.orgs[o].role in ("platform", "model_maker") for o in e.actors)
        }
        found = [
            (e, c)
            for e, c in found
            if not (e.type == "hosting_deal" and frozenset(e.actors) in platform_run)
        ]
        hosting_sets = {frozenset(e.actors) for e, _ in found if e.type == "hosting_deal"}
        excl_sets = [
            frozenset(e.actors)
            for e, _ in found
            if e.type == "exclusivity_change" and e.direction not in ("granted", "extended")
        ]
        for ev, cl in found:
            # "ends Microsoft's exclusive right to resell ..., allowing OpenAI to sell through
            # other clouds": selling freed by the exclusivity change is that change, not a new
            # channel between the same parties (a newly named channel is another party)
            if ev.type == "distribution_expansion" and any(
                frozenset(ev.actors) <= x for x in excl_sets
            ):
                continue
            # compute supplied to a model maker is a hosting deal, not a new sales channel
            if (
                ev.type == "distribution_expansion"
                and cl in host_clauses
                and frozenset(ev.actors) in hosting_sets
            ):
                continue
            events.append(ev)
        if not kept:
            quiet = spec_clauses | cont_clauses
            events.extend(self._fallback(sent, quiet, nonevent_clauses, spec_segs))
        return events

    def _fallback(
        self,
        sent: Sentence,
        spec_clauses: set[int],
        nonevent_clauses: set[int],
        spec_segs: set[int],
    ) -> list[Event]:
        """A new deal with no typed trigger: type it by the parties' roles."""
        deals = [c for c in sent.cues if c.label == "DEAL"]
        for d in deals:
            if d.clause in spec_clauses or d.clause in nonevent_clauses:
                continue
            if d.seg in spec_segs:
                continue
            ms = [m for m in sent.mentions if not m.bystander and not m.aside]
            ms = [m for m in ms if sent.segment[m.start - sent.start] == d.seg]
            orgs = {m.org for m in ms}
            if len(orgs) < 2:
                continue
            makers = {m.org for m in ms if m.modelish}
            if makers and orgs - makers:
                pairs = [(mk, ch) for mk in sorted(makers) for ch in sorted(orgs - makers)]
                etype = "distribution_expansion"
            else:
                providers = {m.org for m in ms if m.role in ("cloud", "chips")}
                consumers = {m.org for m in ms if m.role == "model_maker"} - providers
                if not providers or not consumers or len(orgs) > 3:
                    continue
                # a deal typed by roles alone must still be about compute: "extend its access
                # to OpenAI's intellectual property" is not a hosting deal
                if not self._about_compute(sent, [m for m in ms if m.org in providers]):
                    continue
                pairs = [(p, c) for p in sorted(providers) for c in sorted(consumers)]
                etype = "hosting_deal"
            out = []
            for a, b in pairs:
                status = self._status(sent, d, d.clause, d.seg, etype, [])
                out.append(
                    self._event(sent, etype, (a, b), status, f"fallback:{d.rule_id}", 0.45, None)
                )
            return out
        return []

    def _about_compute(self, sent: Sentence, providers: list[Mention]) -> bool:
        """Whether a sentence names compute: a compute word, a cloud by its product name
        ("AWS services", "Microsoft's Azure"), or, for a headline, the sentence after it."""
        if any(w in COMPUTE_WORDS for w in sent.lowers):
            return True
        doc = sent.doc
        if any(doc[m.start : m.end].text != m.org for m in providers):
            return True
        if sent.start == 0:
            nxt = self._lowers[sent.end : sent.end + 60]
            stop = next((k for k, w in enumerate(nxt) if w in (".", "!", "?")), len(nxt))
            return any(w in COMPUTE_WORDS for w in nxt[:stop])
        return False

    def _parties(
        self, sent: Sentence, t: Cue, etype: str, tclause: int, two: bool = False
    ) -> list[tuple[tuple[str, ...], float]]:
        s0 = sent.start
        tseg = sent.segment[t.start - s0]
        usable = [m for m in sent.mentions if not m.bystander]
        chosen: list[Mention] = [m for m in usable if m.clause == tclause and not m.aside]
        orgs = _uniq(m.org for m in chosen)
        conf = 0.8
        need = 1 if etype == "packaging_change" and not two else 2

        def rank(m: Mention) -> tuple[int, int, int, int]:
            same_seg = sent.segment[m.start - s0] == tseg
            later = 1 if m.clause > tclause else 0
            return (0 if same_seg else 1, 1 if m.aside else 0, later, abs(m.start - t.start))

        # the usable mentions not chosen (no two mentions of a sentence are equal)
        others = sorted((m for m in usable if m.clause != tclause or m.aside), key=rank)
        if len(orgs) < need:
            conf = 0.6
            for m in others:
                if m.org in orgs:
                    continue
                chosen.append(m)
                orgs.append(m.org)
                if len(orgs) >= need:
                    break
        if etype == "distribution_expansion" and orgs:
            # "the models will also be offered on Azure": find the maker (or the channel)
            has_maker = any(m.modelish or self.orgs[m.org].role == "model_maker" for m in chosen)
            for m in others:
                if m.org in orgs:
                    continue
                is_maker = m.modelish or self.orgs[m.org].role == "model_maker"
                if has_maker and len(orgs) >= 2:
                    break
                if is_maker != has_maker or len(orgs) < 2:
                    chosen.append(m)
                    orgs.append(m.org)
                    has_maker = has_maker or is_maker
                    conf = 0.6
        # a chip maker named only as hardware ("Nvidia GPUs") is not a party when another
        # provider is
        comps = {m.org for m in chosen if m.component} - {m.org for m in chosen if not m.component}
        if comps and len(orgs) - len(comps) >= 2:
            orgs = [o for o in orgs if o not in comps]
            chosen = [m for m in chosen if m.org not in comps]
        if not orgs or (etype in NEEDS_TWO and len(orgs) < 2):
            return []
        if all(self.orgs[o].role == "other" for o in orgs):
            return []
        if etype == "distribution_expansion":
            makers = _uniq(m.org for m in chosen if m.modelish)
            if not makers:
                makers = [o for o in orgs if self.orgs[o].role == "model_maker"]
            # chips named as hardware ("Nvidia GPUs") are never a sales channel
            hw = {m.org for m in chosen if m.component} - {m.org for m in chosen if not m.component}
            channels = [o for o in orgs if o not in makers and o not in hw]
            if len(makers) > 1 and not channels:
                # "using OpenAI models to power ... Meta's apps": a maker named by its apps or
                # assistant is the channel when another is named by its models
                strong = [
                    o
                    for o in makers
                    if any(self._named_by_models(sent, m) for m in chosen if m.org == o)
                ]
                if strong and len(strong) < len(makers):
                    channels = [o for o in makers if o not in strong]
                    makers = strong
            if makers and not channels:
                # "letting developers switch between Claude and Gemini": the channel is the
                # subject of another clause
                seg_first = min(
                    (m for m in sent.mentions if sent.segment[m.start - s0] == tseg),
                    key=lambda m: m.start,
                )
                for m in (seg_first,):
                    if (
                        m not in chosen
                        and not m.bystander
                        and m.org not in makers
                        and not m.modelish
                        and not m.component
                        and self.orgs[m.org].role != "model_maker"
                        and sent.segment[m.start - s0] == tseg
                    ):
                        channels = [m.org]
                        conf = 0.6
                        break
            if not makers or not channels:
                return []
            if not self._offering_named(sent, tseg):
                return []  # chips, capacity or data centres change hands: not a sales channel
            return [((mk, ch), conf) for mk in makers for ch in channels]
        if etype == "hosting_deal":
            consumers = _uniq(
                m.org for m in chosen if m.modelish or self.orgs[m.org].role == "model_maker"
            )
            providers = [o for o in orgs if o not in consumers]
            if not consumers and len(chosen) >= 2:
                # "run their infrastructure on AWS or Google Cloud": alternatives, not parties
                a, b = sorted(chosen, key=lambda m: m.start)[:2]
                if "or" in sent.lowers[a.end - s0 : b.start - s0]:
                    return []
            if len(providers) >= 3:
                return []  # "rented from Microsoft, Oracle and CoreWeave": a summary, not a deal
            if len(providers) == 2 and len(consumers) == 1:
                # "Oracle will lend Microsoft capacity to support its work with OpenAI",
                # "Nvidia and Microsoft will supply Anthropic": providers named before the
                # model maker they serve make one joint deal; "OpenAI will open sites with
                # Oracle and build more with SoftBank" are two
                first_consumer = min(m.start for m in chosen if m.org in consumers)
                if all(m.start < first_consumer for m in chosen if m.org in providers):
                    return [((*providers, *consumers), conf)]
            if providers and consumers and (len(providers) > 1 or len(consumers) > 1):
                return [((p, c), conf) for p in providers for c in consumers]
        return [(tuple(orgs), conf)]

    def _named_by_models(self, sent: Sentence, m: Mention) -> bool:
        """Whether a mention names models ("OpenAI models", "Anthropic's Claude"), not apps."""
        if m.product:
            return True
        lowers = self._lowers
        k = m.end
        if k < len(lowers) and lowers[k] in ("'s", "’s"):
            k += 1
        return k < len(lowers) and lowers[k] in ("model", "models", "llm", "llms")

    def _serves_a_model(self, sent: Sentence, t: Cue) -> bool:
        """Whether a compute trigger ends on hosting or serving a named model for customers.

        "Azure infrastructure to host Grok" puts a model maker's model in front of a platform's
        customers (distribution); compute used to train the model stays a hosting deal.
        """
        s0 = sent.start
        toks = sent.lowers
        if toks[t.end - 1 - s0] not in SERVE_WORDS:
            return False
        cl = sent.clause
        tcl = cl[t.end - 1 - s0]
        if any(cl[k] == tcl and w in TRAIN_WORDS for k, w in enumerate(toks)):
            return False
        starts = {m.start: m for m in sent.mentions}
        k = t.end
        for _ in range(4):
            m = starts.get(k)
            if m is not None:
                if m.product:
                    return True
                k = m.end
                continue
            w = toks[k - s0] if k - s0 < len(toks) else ""
            if w in MODEL_NOUNS:
                return w in ("model", "models", "llm", "llms")
            if w not in ("the", "its", "their", "'s", "’s", "new", "latest"):
                return False
            k += 1
        return False

    @staticmethod
    def _offering_named(sent: Sentence, tseg: int) -> bool:
        """Whether the segment names a model or AI product (what a channel distributes)."""
        s0 = sent.start
        if any(m.product and sent.segment[m.start - s0] == tseg for m in sent.mentions):
            return True
        seg = sent.segment
        return any(seg[k] == tseg and w in OFFERING_WORDS for k, w in enumerate(sent.lowers))

    def _status(
        self, sent: Sentence, t: Cue, tclause: int, tseg: int, etype: str, kept: list[Cue]
    ) -> str:
        cues = sent.cues
        if sent.status_cues is None:
            sent.status_cues, sent.unchanged = _status_cues(cues)
        status_cues, unchanged = sent.status_cues, sent.unchanged
        denied = any(c.label == "STATUS:denied" and c.clause == tclause for c in status_cues)
        if not denied:
            denied = self._negated(sent, t)
        if not denied:
            near = [
                c
                for c in unchanged
                if c.clause == tclause
                or (c.seg == tseg and c.start - 4 <= t.end and t.start <= c.end + 4)
            ]
            if near:
                reworked = any(
                    k.label == "EVENT:renegotiation"
                    and k.seg == tseg
                    and not self._negated(sent, k)
                    and not any(u.start < k.end and k.start < u.end for u in unchanged)
                    for k in kept
                    if k is not t
                )
                denied = not reworked
            elif etype == "renegotiation" and any(
                u.start < t.end and t.start < u.end for u in unchanged
            ):
                denied = True
        if denied:
            return "denied"
        if any(c.label == "STATUS:talks" and c.seg == tseg for c in status_cues):
            return "talks"
        said_here = any(c.label == "SAID" and c.seg == tseg for c in cues)
        reported = any(
            c.label == "STATUS:reported" and (c.seg == tseg or not said_here) for c in status_cues
        )
        if reported and not any(
            c.label == "STATUS:confirmed" and c.seg == tseg for c in status_cues
        ):
            return "reported"
        return "confirmed"

    def _negated(self, sent: Sentence, t: Cue) -> bool:
        s0 = sent.start
        toks = sent.lowers
        if toks[t.end - 1 - s0] == "until":
            return False  # "won't be finished until 2028": a date, not a negation
        lo = max(s0, t.start - 5)
        for k in range(t.start - 1, lo - 1, -1):
            w = toks[k - s0]
            if w in {",", ";", ":"}:
                return False
            if w in NEGATORS:
                nxt = toks[k + 1 - s0] if k + 1 - s0 < len(toks) else ""
                return nxt not in NEG_EXCEPT
        return False

    def _direction(self, sent: Sentence, t: Cue, tclause: int, etype: str) -> str | None:
        if etype not in ("exclusivity_change", "revenue_share_change"):
            return None
        if etype == "exclusivity_change":
            allowed: tuple[str, ...] = ("ended", "loosened", "granted", "extended")
        else:
            allowed = ("ended", "reduced", "capped", "introduced", "changed")
        best: tuple[int, str] | None = None
        for c in sent.cues:
            if not c.label.startswith("DIR:") or c.label[4:] not in allowed:
                continue
            if c.clause != tclause:
                continue
            dist = abs(c.start - t.start)
            rank = allowed.index(c.label[4:])
            key = (dist * 10 + rank, c.label[4:])
            if best is None or key < best:
                best = key
        if best is not None:
            return best[1]
        return "changed" if etype == "revenue_share_change" else None

    def _event(
        self,
        sent: Sentence,
        etype: str,
        actors: tuple[str, ...],
        status: str,
        rule_id: str,
        conf: float,
        direction: str | None,
    ) -> Event:
        if self._text is None:
            self._text = sent.doc.text  # built from the tokens: once per document
        text = self._text
        start, end = self._char_bounds(sent)
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        return Event(
            type=etype,
            actors=actors,
            status=status,
            evidence=text[start:end],
            start_char=start,
            end_char=end,
            rule_id=rule_id,
            rules_version=self.rules_version,
            confidence=conf,
            direction=direction,
        )


def _status_cues(cues: list[Cue]) -> tuple[list[Cue], list[Cue]]:
    """A sentence's status cues that no neutraliser overlaps, and its UNCHANGED cues."""
    neutral = [c for c in cues if c.label == "STATUS:none"]
    # "people close to the deal" are sources, not parties close to a deal
    not_talks = [c for c in cues if c.label == "STATUS:not-talks"]

    def live(c: Cue) -> bool:
        if c.label == "STATUS:talks" and any(
            n.start < c.end and c.start < n.end for n in not_talks
        ):
            return False
        return not any(n.start < c.end and c.start < n.end for n in neutral)

    status_cues = [c for c in cues if c.label.startswith("STATUS:") and live(c)]
    return status_cues, [c for c in cues if c.label == "UNCHANGED"]


def _is_trigger(label: str) -> bool:
    """An event trigger or a deal cue: what a sentence needs to yield an event."""
    return label.startswith("EVENT:") or label == "DEAL"


def _uniq(items: Iterable[str]) -> list[str]:
    """The items in first-seen order, without repeats."""
    return list(dict.fromkeys(items))


def suppress_nested(triggers: list[Cue]) -> list[Cue]:
    """Drop a trigger nested inside another type's longer trigger.

    A renegotiation trigger that contains another type's trigger ("a revised revenue-sharing
    arrangement") is the one dropped: one revised term gets only its own type.
    """
    out = []
    TERM_TYPES = (
        "EVENT:revenue_share_change",
        "EVENT:packaging_change",
        "EVENT:exclusivity_change",
    )
    for t in triggers:
        drop = False
        for o in triggers:
            if o is t or o.label == t.label:
                continue
            inside = o.start <= t.start and t.end <= o.end and (o.end - o.start) > (t.end - t.start)
            contains = (
                t.start <= o.start and o.end <= t.end and (t.end - t.start) > (o.end - o.start)
            )
            if inside and o.label != "EVENT:renegotiation":
                drop = True
            if contains and t.label == "EVENT:renegotiation" and o.label in TERM_TYPES:
                drop = True
            if inside and o.label == "EVENT:renegotiation" and t.label not in TERM_TYPES:
                drop = True  # "reopening its distribution agreement" names the agreement
        if not drop:
            out.append(t)
    return out


def merge_events(events: list[Event]) -> list[Event]:
    """One event per (type, actor set); the strongest status wins; drop same-type subsets."""
    best: dict[tuple[str, frozenset[str]], Event] = {}
    order: list[tuple[str, frozenset[str]]] = []
    for ev in events:
        key = (ev.type, frozenset(ev.actors))
        old = best.get(key)
        if old is None:
            best[key] = ev
            order.append(key)
        elif STATUS_ORDER.index(ev.status) < STATUS_ORDER.index(old.status):
            best[key] = ev
    keys = [k for k in order if not any(o[0] == k[0] and k[1] < o[1] for o in order)]
    return [best[k] for k in keys]
