"""A sentence as the event rules read it: clauses, segments, asides, mentions and cues.

A ``;`` starts a new segment and clause; a hard break (``:``, dashes, brackets), a comma before
a reporting verb, a comma before a clause starter or a bare "and" before a verb starter ("...
and will add X") starts a new clause. An aside after a name
(", the X company,") belongs to no clause. A BYSTANDER cue ("alongside", "rivals such as")
takes the next named companies out of the parties, and so does a LOCATION cue for a cloud named
as the place a service runs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import pairwise

from spacy.tokens import Doc

from extractors.tagger.gazetteer import MODEL, PERSON, Org
from extractors.tagger.lexicon import Lexicon

ZONE_STOPS = frozenset({",", ";", ":", "--"})


@dataclass(slots=True)
class DocView:
    """One document's token columns and what every sentence of it shares."""

    doc: Doc
    texts: list[str]
    lowers: list[str]
    orgs: dict[str, Org]
    lex: Lexicon
    text: str | None = None  # the document's text, built once when an event needs it

    def span_text(self, start: int, end: int) -> str:
        """What ``doc[start:end].text`` is, without a Span for one token."""
        if end == start + 1:
            return self.texts[start]
        return self.doc[start:end].text

    def role(self, org: str) -> str:
        return self.orgs[org].role


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
    clause: int = 0  # the clause and segment of its first token (set by ``structure``)
    seg: int = 0
    aside: bool = False  # inside an aside after a name (", which has ... since 2019,")


@dataclass(slots=True)
class Sentence:
    view: DocView
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


def mention(view: DocView, start: int, end: int, label: str, org: Org) -> Mention:
    """A gazetteer match as a party candidate: is it named as a model, as hardware, as a
    product?"""
    lowers, lex = view.lowers, view.lex
    nxt = lowers[end] if end < len(lowers) else ""
    after = lowers[end + 1] if end + 1 < len(lowers) else ""
    possessive = nxt in ("'s", "’s", "'")
    nouns = lex.model_nouns
    modelish = label == MODEL or (
        label != PERSON
        and (nxt in nouns or (possessive and after in nouns))
        and org.role == "model_maker"
    )
    if label != PERSON and nxt in nouns and not possessive:
        modelish = modelish or nxt in ("model", "models")
    # "Nvidia GPUs" names hardware; "Microsoft GPU capacity" names a cloud's capacity
    component = not possessive and nxt in lex.hardware and org.role == "chips"
    # a product or model name (Claude, ChatGPT, Comet), not the company's own name
    product = label == MODEL
    if not product and org.role == "model_maker":
        name = view.span_text(start, end)
        product = name != org.id and name not in org.aliases
    return Mention(org.id, org.role, start, end, modelish, component, product)


COORDINATORS = frozenset({"and", "or", ","})
POSSESSIVES = frozenset({"'s", "’s", "'"})


# roles that make models: a cloud does too ("OpenAI, Google or Anthropic models")
SHARERS = frozenset({"model_maker", "cloud"})


def share_models(view: DocView, mentions: list[Mention]) -> None:
    """Makers coordinated before a name of models share its noun: in "choose between OpenAI
    and Anthropic models" both are named by their models, so neither is the other's channel.
    A model maker listed with a model ("DeepSeek, Qwen and Mistral") is named as a maker."""
    for a, b in zip(mentions[-2::-1], mentions[:0:-1], strict=True):
        if a.modelish or not b.modelish or a.role not in SHARERS or b.product:
            continue
        if b.end < len(view.lowers) and view.lowers[b.end] in POSSESSIVES:
            continue  # "Google and Anthropic's Claude": the model is Anthropic's alone
        gap = view.lowers[a.end : b.start]
        if gap and all(w in COORDINATORS for w in gap):
            a.modelish = True
    # "models from DeepSeek, Qwen and Mistral": a model maker listed with a model is named
    # as a maker too, on either side of it
    changed = True
    while changed:
        changed = False
        for a, b in pairwise(mentions):
            if a.modelish == b.modelish:
                continue
            plain = b if a.modelish else a
            gap = view.lowers[a.end : b.start]
            if plain.role == "model_maker" and gap and all(w in COORDINATORS for w in gap):
                plain.modelish = changed = True


def _aside_end(toks: list[str], i: int, lex: Lexicon) -> int:
    for k in range(i + 1, min(len(toks), i + 16)):
        if toks[k] in {";", ":"}:
            return -1
        if toks[k] == ",":
            if toks[i + 1] in lex.relatives:
                return k  # ", which runs on OpenAI's models, now has ...": closes anyway
            return k if k + 1 < len(toks) and toks[k + 1] not in lex.clause_starters else -1
    return -1


def _aside_close(toks: list[str], i: int, starts: dict[int, int], lex: Lexicon) -> int:
    """Where an aside right after a name, opened by the comma at ``i``, closes (-1: none): one
    opening with an aside starter (", the X company,", ", which ...,") or with another
    company's possessive (", OpenAI's biggest investor,")."""
    nxt = toks[i + 1] if i + 1 < len(toks) else ""
    if nxt in lex.clause_starters and nxt in lex.aside_starters:
        return _aside_end(toks, i, lex)
    return _owner_aside_end(toks, i, starts, lex)


def _owner_aside_end(toks: list[str], i: int, starts: dict[int, int], lex: Lexicon) -> int:
    """Where an appositive about the name before the comma at ``i`` closes, when it opens with
    another company's possessive (", OpenAI's biggest investor, will ..."); -1: none. A list
    is no aside: a coordinator or another company inside it, or one right after it (",
    Google Cloud's Vertex AI and IBM's watsonx, channels ..."). ``starts``: each mention's
    start and end."""
    end = starts.get(i + 1)
    if end is None or end >= len(toks) or toks[end] not in lex.possessives:
        return -1
    for k in range(end + 1, min(len(toks), i + 16)):
        t = toks[k]
        if k in starts or t in lex.hard_breaks or (t != "," and t in lex.coordinators):
            return -1
        if t == ",":
            after = toks[k + 1] if k + 1 < len(toks) else ""
            if not after or k + 1 in starts or after in lex.coordinators:
                return -1
            return k if after not in lex.clause_starters else -1
    return -1


def _clause_before(clause: list[int], k: int) -> int:
    while k > 0 and clause[k] < 0:
        k -= 1
    return max(clause[k], 0)


def structure(
    view: DocView, start: int, end: int, mentions: list[Mention], cues: list[Cue]
) -> Sentence:
    """The sentence ``start:end`` with clause, segment and aside ids, its mentions and cues."""
    lex = view.lex
    n = end - start
    clause = [0] * n
    segment = [0] * n
    aside = [False] * n
    toks = view.lowers[start:end]
    cid = seg = 0
    mention_ends = {m.end - start for m in mentions}
    mention_starts = {m.start - start: m.end - start for m in mentions}
    punct, hard, reports = lex.clause_punct, lex.hard_breaks, lex.report_verbs
    # only punctuation and "and" before a verb starter or an infinitive ("and to preload")
    # change the clause or segment: visit those tokens, and fill the runs of other tokens
    # between them with the current ids
    done = 0  # tokens before this one have their ids
    verbs = lex.verb_starters
    breaks = [
        k
        for k, t in enumerate(toks)
        if t in punct
        or (t == "and" and 0 < k < n - 1 and toks[k + 1] in verbs)
        or (
            t == "and"
            and 0 < k < n - 2
            and toks[k + 1] == "to"
            and toks[k + 2].isalpha()
            and toks[k + 2] not in lex.infinitive_non_verbs
            and k + 2 not in mention_starts
        )
    ]
    for i in breaks:
        if i < done:
            continue  # inside an aside
        if i > done:
            clause[done:i] = [cid] * (i - done)
            segment[done:i] = [seg] * (i - done)
        t = toks[i]
        if t == ";":
            seg += 1
            cid += 1
        elif (
            t == "and"  # "... and will add SK Telecom": a second verb phrase
            or t in hard
            or (t == "," and any(toks[k] in reports for k in range(i + 1, min(n, i + 5))))
        ):
            cid += 1
        elif (
            t == ","
            and i in mention_ends
            and (close := _aside_close(toks, i, mention_starts, lex)) > 0
        ):
            # an aside right after a name: skip it, keep the clause
            for k in range(i, close + 1):
                clause[k] = -1
                segment[k] = seg
                aside[k] = True
            done = close + 1
            continue
        elif t == "," and i + 1 < n and toks[i + 1] in lex.clause_starters:
            cid += 1
        clause[i] = cid
        segment[i] = seg
        done = i + 1
    if done < n:
        clause[done:n] = [cid] * (n - done)
        segment[done:n] = [seg] * (n - done)
    sent = Sentence(view, start, end, clause, segment, aside, [], cues, toks)
    zone = _bystanders(sent, mentions, cues)
    for c in cues:
        k = c.start - start
        c.clause = clause[k] if clause[k] >= 0 else _clause_before(clause, k)
        c.seg = segment[k]
        c.aside = aside[k]
    for m in mentions:
        k = m.start - start
        m.aside = aside[k]
        m.clause = clause[k] if clause[k] >= 0 else _clause_before(clause, k)
        m.bystander = zone[k]
    sent.mentions = mentions
    return sent


def _bystanders(sent: Sentence, mentions: list[Mention], cues: list[Cue]) -> list[bool]:
    """Per token: whether a mention starting there is a bystander (or a cloud as a location)."""
    s0, toks, lex = sent.start, sent.lowers, sent.view.lex
    n = len(toks)
    zone = [False] * n
    by_start = {m.start - s0: m for m in mentions}
    # bystander zones: from a BYSTANDER cue to the next comma or clause break
    for c in cues:
        if c.label != "BYSTANDER":
            continue
        k = c.end - s0
        limit = min(n, k + 6)
        while k < limit and k not in by_start and toks[k] not in ZONE_STOPS:
            k += 1
        # the first company named after the cue, and any coordinated with it
        while k in by_start:
            m = by_start[k]
            zone[k] = True
            k = m.end - s0
            if k < n and toks[k] in lex.possessives:
                nxt = by_start.get(k + 1)
                if nxt is not None and nxt.org == m.org:
                    zone[k + 1] = True  # "alongside OpenAI's GPT family"
                break
            while k < n and toks[k] in lex.coordinators:
                k += 1
    # "in the AWS US West (Oregon) and Azure East US 2 regions": a cloud named as the place a
    # service runs is a location, not a party; walk back over the region's name
    ends = {m.end - s0: m for m in mentions}
    doc = sent.view.doc
    for c in cues:
        if c.label != "LOCATION":
            continue
        k = c.start - s0 - 1
        lo = max(0, k - 12)
        while k >= lo:
            place = ends.get(k + 1)
            if place is not None:
                if sent.view.role(place.org) == "cloud":
                    zone[place.start - s0] = True
                k = place.start - s0 - 1
                continue
            tok = doc[s0 + k]
            w = tok.text
            glued = not tok.whitespace_  # "europe" in "europe-west4"
            if not (
                w in lex.region_glue or glued or w[:1].isupper() or any(ch.isdigit() for ch in w)
            ):
                break
            k -= 1
    return zone
