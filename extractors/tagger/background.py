"""News or background: does a sentence report a happening, or retell an earlier or standing
arrangement ("agreed in 2025", "since last year", "is also sold through")?

A candidate is background when the time expression nearest its own cue dates it more than
``max_days`` before the article, or says "since", or when its sentence holds a phrase of
``data/rules/background.txt`` (lowercase tokens, ``*`` for any one token) in a stretch of
it about its deal (naming no company, only its parties, or all of them) and not inside what a
change acts on ("renegotiated the existing deal"), or when it names
a party in a list of three or more with no word that makes the list new. A packaging change
is background in a sentence without any word of ``data/rules/price_changes.txt``: a price
stated, not changed; an exclusivity change is, where a right is held ("holds exclusive
rights") and nothing in the sentence changes it; a distribution or hosting deal is, where a
phrase of ``data/rules/standing.txt`` tells it as a state ("is built around models from")
and no word of novelty stands in the sentence.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from pathlib import Path

from extractors.tagger.features import Proposal, SentenceView
from extractors.tagger.lexicon import load_lexicon
from extractors.tagger.party_features import list_sizes
from extractors.tagger.rule_words import phrase_lines
from extractors.tagger.stretches import (
    aside_stretch,
    dates_the_deal_changed,
    in_an_aside,
    speaks_of_others,
    stretch_names,
)
from extractors.tagger.timex import TimeMention

# a list of three or more partners is news only beside one of these words
NOVELTY = frozenset(
    {"new", "newly", "adds", "added", "adding", "add", "joins", "joined", "join", "today"}
    | {"launches", "launched", "launch", "signs", "signed", "sign", "becomes", "become", "will"}
)
OPENING_QUOTES = frozenset({"“", '"', "‘"})
SAID = frozenset({"said", "says", "told", "added", "wrote"})
ANALYSTS = frozenset({"analyst", "analysts"})
# a conditional framing the deal is commentary (``_conditional``)
HYPOTHETICAL = frozenset({"if"})
# a modal is, where it governs the deal: "could easily offer" (no labelled event lost), and
# since rules -18 "might" and "should" too ("negotiating with Perplexity on a collaboration
# that might transform ..." is talks; dev3 0.703 -> 0.707, every other set equal)
MODALS = frozenset({"could", "might", "should"})
# a modal this many words before a deal's own cue, or after one of its parties, without a
# comma between (wider spans and "would" or "may" cost dev2 and dev3 real events)
CUE_MODAL_SPAN = 6
PARTY_MODAL_SPAN = 3
MAX_DAYS = 90  # a happening dated further back than this is not news as of the article
# In a whole article the news is what it reports as of its date: a deal it dates a week or
# more back ("amended that agreement last week", "signed in August") is retold in another
# story's frame. Snippets are cut around their news, so they keep MAX_DAYS.
ARTICLE_MAX_DAYS = 5
# a right held: these words within HOLDING_SPAN before an exclusivity cue, with no direction
HOLDING = frozenset(
    {"holds", "hold", "has", "have", "retains", "retain", "keeps", "keep", "is", "enjoys"}
)
HOLDING_SPAN = 4
# types that change a deal already made: a time in the relative clause of the deal they
# change ("talks to revise the agreement the two companies signed last October") or before
# its noun ("renegotiating their 2019 agreement") dates that deal's making (an ORIGIN cue of
# data/rules/context.jsonl), not the change
CHANGES_TO_A_DEAL = frozenset({"renegotiation", "exclusivity_change", "revenue_share_change"})
# words that grow a deal named after them ("expanding a partnership that began in 2023")
GROWING = frozenset(
    f"{stem}{end}"
    for stem in ("expand", "extend", "deepen", "broaden", "widen", "renew")
    for end in ("", "s", "ing", "ed")
)
# the cues of a change to a deal: what follows one may be the deal it changes
CHANGE_CUES = frozenset(
    {f"EVENT:{t}" for t in CHANGES_TO_A_DEAL} | {"DIR:changed", "DIR:ended", "DIR:extended"}
)


def _modal_cue(c: Proposal) -> bool:
    """Whether a modal governs the candidate's own cue ("the talks could still collapse over
    price") or follows one of its parties as subject ("OpenAI could easily offer carriers a
    revenue share"); "whether ... could" is a question the parties study, not speculation."""
    s = c.sentence
    lowers = s.lowers
    own = (f"EVENT:{c.type}", "DEAL")
    spots = [(start, CUE_MODAL_SPAN) for _, label, start, _ in s.cues if label in own]
    spots += [(m.end + PARTY_MODAL_SPAN, PARTY_MODAL_SPAN) for m in s.mentions if m.org in c.actors]
    for at, span in spots:
        before = lowers[max(0, at - span) : at]
        if MODALS.intersection(before) and "," not in before:
            return "whether" not in lowers[max(0, at - span - 4) : at]
    return False


def own_cue_starts(c: Proposal) -> list[int]:
    """Where the candidate's own cues start: its type's triggers and the deal cues."""
    own = (f"EVENT:{c.type}", "DEAL")
    return [start for _, label, start, _ in c.sentence.cues if label in own]


def _uncertain(c: Proposal) -> bool:
    """Whether the writer leaves the candidate's deal an open question: an ``UNCERTAIN`` cue
    before its first own cue ("It is unclear whether Microsoft will keep its exclusive
    rights"), or anywhere in a sentence that opens with "Whether" ("Whether Apple will
    extend its deal with OpenAI remains to be seen")."""
    s = c.sentence
    at = [start for _, label, start, _ in s.cues if label == "UNCERTAIN"]
    if not at:
        return False
    if s.lowers and s.lowers[0] == "whether":
        return True
    own = own_cue_starts(c)
    return not own or min(at) < min(own)


def _conditional(c: Proposal) -> bool:
    """Whether an "if" frames the candidate's deal: one before its first own cue ("If OpenAI
    sells through Google, Microsoft could ..."). One after every own cue sets a term of a deal
    stated ("at a discount if they commit for a year")."""
    s = c.sentence
    ifs = [k for k, w in enumerate(s.lowers) if w in HYPOTHETICAL]
    if not ifs:
        return False
    own = own_cue_starts(c)
    return not own or ifs[0] < min(own)


BACKGROUND = "background.txt"  # the phrases of a retold deal, beside the rules
PRICE_CHANGES = "price_changes.txt"
# "Fujitsu's AI service is built around models from Meta and Mistral": a platform's current
# suppliers told as a state, background unless a word of novelty stands in the sentence
STANDING = "standing.txt"
LEXICON = "lexicon.json"  # its deal_nouns and deal_object_words
STANDING_TYPES = frozenset({"distribution_expansion", "hosting_deal"})
NOW = NOVELTY | {"now", "starting", "soon"}


def _by_first(phrases: Iterable[tuple[str, ...]]) -> dict[str, list[tuple[str, ...]]]:
    out: dict[str, list[tuple[str, ...]]] = {}
    for phrase in phrases:
        out.setdefault(phrase[0], []).append(phrase)
    return out


def _lines(path: Path) -> list[str]:
    """A rule file's lines without blanks and ``#`` comments; none when it is absent."""
    return [x for _, x in phrase_lines(path)]


class BackgroundReader:
    """Reads background off candidates (see the module docstring)."""

    def __init__(
        self,
        phrases: Sequence[Sequence[str]],
        *,
        max_days: int = MAX_DAYS,
        change_words: Iterable[str] = (),
        standing: Sequence[Sequence[str]] = (),
        deal_nouns: Iterable[str] = (),
        deal_object_words: Iterable[str] = (),
    ) -> None:
        self.phrases = [tuple(p) for p in phrases if p]
        self.deal_nouns = frozenset(deal_nouns)  # none: every phrase marks wherever it stands
        self.deal_object_words = frozenset(deal_object_words)
        self.max_days = max_days
        self.change_words = frozenset(change_words)  # none: every price sentence may be news
        self._by_first = _by_first(self.phrases)
        self._standing = _by_first([tuple(p) for p in standing if p])

    @classmethod
    def load(cls, path: Path) -> BackgroundReader:
        """Phrases from a file, one a line (``#`` starts a comment line), and the change
        words of ``price_changes.txt``, the phrases of ``standing.txt`` and the deal words of
        ``lexicon.json`` beside it."""
        changes = path.with_name(PRICE_CHANGES)
        lexicon = load_lexicon(path.with_name(LEXICON))
        return cls(
            [x.split() for x in _lines(path)],
            change_words=[w for x in _lines(changes) for w in x.split()],
            standing=[x.split() for x in _lines(path.with_name(STANDING))],
            deal_nouns=lexicon.deal_nouns,
            deal_object_words=lexicon.deal_object_words,
        )

    def phrase_spans(
        self, lowers: Sequence[str], index: dict[str, list[tuple[str, ...]]] | None = None
    ) -> list[tuple[int, int]]:
        """Token spans of the phrases (of ``background.txt``, or of ``index``) in the
        lowercase tokens."""
        by_first = self._by_first if index is None else index
        n = len(lowers)
        spans = []
        for i, w in enumerate(lowers):
            for phrase in by_first.get(w, ()):
                k = len(phrase)
                if i + k <= n and all(p == "*" or lowers[i + j] == p for j, p in enumerate(phrase)):
                    spans.append((i, i + k))
        return spans

    def phrase_marks(self, c: Proposal) -> bool:
        """Whether a background phrase retells this candidate's deal.

        A phrase speaks for its own stretch of the sentence (between commas, semicolons,
        dashes or brackets, a list of companies kept whole). It marks a candidate when that
        stretch names no company, only the candidate's parties, or all of them; a stretch
        about another deal leaves it alone: in "will offer Anthropic's Claude, adding to the
        OpenAI models it already sells" only the OpenAI deal is background, and in "Microsoft
        already sells OpenAI's models through Azure, and on Tuesday it began offering
        Anthropic's Claude" only the OpenAI one.

        A phrase inside what a change acts on names the deal being changed, not a retelling:
        "Microsoft and OpenAI renegotiated their longstanding partnership" and "... agreed to
        end the existing deal" are news (no labelled sentence has this form; every one of
        them that names "the existing deal" or "the original agreement" retells it)."""
        spans = self.phrase_spans(c.sentence.lowers)
        if spans:
            changed = self.changed_deals(c.sentence)
            spans = [(a, b) for a, b in spans if not any(lo <= a and b <= hi for lo, hi in changed)]
        if spans and c.rule_event is not None:
            # "Anthropic, which already uses Google's TPUs, said it will expand its use of
            # Google Cloud": an aside's phrase is its company's history, and the rules kept
            # this deal outside every aside (an aside's own deal is dropped as ``aside``)
            spans = [sp for sp in spans if not aside_stretch(c.sentence, *sp)]
        return self._marks(c, spans)

    def changed_deals(self, s: SentenceView) -> list[tuple[int, int]]:
        """Token spans from the end of a change's cue through the deal it acts on: only
        ``deal_object_words`` between, then a deal noun ("renegotiated | their longstanding
        partnership")."""
        out = []
        for _, label, _, end in s.cues:
            if label in CHANGE_CUES:
                k = self.deal_noun_after(s.lowers, end)
                if k is not None and k > end:
                    out.append((end, k + 1))
        return out

    def deal_noun_after(self, lowers: list[str], k: int) -> int | None:
        """The deal noun at token ``k``, or after only ``deal_object_words`` from there
        ("| their longstanding partnership")."""
        n = len(lowers)
        while k < n and lowers[k] in self.deal_object_words:
            k += 1
        return k if k < n and lowers[k] in self.deal_nouns else None

    def standing_supply(self, c: Proposal) -> bool:
        """A supply told as a state ("is built around models from", "is powered by"): a
        platform's current suppliers, not news, unless the sentence holds a word of novelty
        ("Starting today, Siri is powered by Gemini", "will be built on"). No labelled
        snippet names such a supplier as news; the team's paraphrase para-116 and the
        suite's Fujitsu trap are the kind it keeps out."""
        lowers = c.sentence.lowers
        if c.type not in STANDING_TYPES or not self._standing or NOW.intersection(lowers):
            return False
        return self._marks(c, self.phrase_spans(lowers, self._standing))

    @staticmethod
    def _marks(c: Proposal, spans: list[tuple[int, int]]) -> bool:
        s = c.sentence
        parties = set(c.actors)
        for start, end in spans:
            named = stretch_names(s, start, end)
            if not named or named <= parties or parties <= named:
                return True
        return False

    def anchor(self, c: Proposal) -> TimeMention | None:
        """The time expression of the candidate's own deal: the one nearest its own cue (the
        cue nearest its parties; else the sentence's first time), leaving out a time whose
        stretch of the sentence names other companies and none of its parties unless every
        time does ("will host xAI's models, two years after it began hosting OpenAI's in
        2024": 2024 dates the OpenAI deal, not the xAI one). An end point after the article's
        date ("keeps the rights until 2030", "delay ... to 2028") dates nothing, and "three
        weeks after" dates only a deal whose cue follows it."""
        s = c.sentence
        if not s.times:
            return None
        parties = set(c.actors)
        own = own_cue_starts(c)
        near = [m.start for m in s.mentions if m.org in parties]
        at = None
        if own:
            cue = min(own, key=lambda k: min((abs(k - m) for m in near), default=0))
            at = s.offsets[cue]
        published = s.published
        dated = [
            t
            for t in s.times
            if not (published is not None and t.bounds_ahead(published))
            and not (t.after and (at is None or at < t.end))
        ]
        change = cue if own and c.type in CHANGES_TO_A_DEAL else self.grown_deal(s)
        if change is not None:
            dated = [t for t in dated if not dates_the_deal_changed(s, t, change)]
        dated = [t for t in dated if not in_an_aside(s, t, parties)]
        if not dated:
            return None
        times = [t for t in dated if not speaks_of_others(s, t, parties)] or dated
        times = [t for t in times if not t.after] or times  # a date told outright comes first
        if at is None:
            return times[0]
        return min(times, key=lambda t: min(abs(t.start - at), abs(t.end - at)))

    def grown_deal(self, s: SentenceView) -> int | None:
        """Where a sentence grows a deal it names ("expanding a partnership that began in
        2023", "extends their deal"): the growing word's token, so that the time of that
        deal's making dates no other deal of the sentence, whatever its type."""
        lowers = s.lowers
        return next(
            (
                k
                for k, w in enumerate(lowers)
                if w in GROWING and self.deal_noun_after(lowers, k + 1) is not None
            ),
            None,
        )

    def event_date(self, c: Proposal) -> dt.date | None:
        """The date of the happening: its anchor time's, else the article's."""
        published = c.sentence.published
        if published is None:
            return None
        t = self.anchor(c)
        return t.date if t is not None and t.date is not None else published

    @staticmethod
    def commentary(c: Proposal) -> bool:
        """A quotation, an analyst's view or a conditional: news only when it denies something.

        In the labelled sets 209 candidates sit in sentences naming an analyst (1 event)
        and 283 in direct quotations (2 events, both denials)."""
        lowers = c.sentence.lowers
        if ANALYSTS.intersection(lowers) or _conditional(c) or _uncertain(c):
            return True
        if lowers and lowers[0] in OPENING_QUOTES:
            return True
        if _modal_cue(c):
            return True
        return any(
            w in ("”", '"') and SAID.intersection(lowers[i + 1 : i + 5])
            for i, w in enumerate(lowers)
        )

    def static_price(self, c: Proposal) -> bool:
        """A packaging change whose sentence has no change word: a price list, not news."""
        return (
            c.type == "packaging_change"
            and bool(self.change_words)
            and self.change_words.isdisjoint(c.sentence.lowers)
        )

    @staticmethod
    def held_exclusivity(c: Proposal) -> bool:
        """An exclusive right held, not changed: a holding verb just before the exclusivity
        cue ("Microsoft holds exclusive rights", "is the exclusive seller", "retains exclusive
        reselling rights") and no direction cue of any kind in the sentence ("no longer
        holds" is news; counting only exclusivity's own four directions cost dev3 a real
        event). dev3: 3 spurious events gone, none lost in any labelled set; without the
        holding verb it cost dev3 0.011."""
        if c.type != "exclusivity_change":
            return False
        if any(label.startswith("DIR:") for _, label, _, _ in c.sentence.cues):
            return False
        lowers = c.sentence.lowers
        return any(
            label == "EVENT:exclusivity_change"
            and HOLDING.intersection(lowers[max(0, start - HOLDING_SPAN) : start])
            for _, label, start, _ in c.sentence.cues
        )

    def __call__(self, c: Proposal, *, article: bool = False) -> bool:
        """Whether the candidate's sentence retells rather than reports (``article``: it is
        one sentence of a whole article, where ``ARTICLE_MAX_DAYS`` bounds the news)."""
        s = c.sentence
        t = self.anchor(c)
        if t is not None:
            if t.since:
                return True
            days = t.offset_days(s.published) if s.published is not None else None
            max_days = min(self.max_days, ARTICLE_MAX_DAYS) if article else self.max_days
            if days is not None and days < -max_days:
                return True
        if self.phrase_marks(c):
            return True
        if self.static_price(c):
            return True
        if self.held_exclusivity(c) or self.standing_supply(c):
            return True
        # "sold through Azure, Bedrock, Vertex and Snowflake": a roll of existing partners,
        # unless the sentence tells them as new ("now offers models from xAI, Meta and Mistral")
        sizes = list_sizes(s)
        listed = any(sizes.get(a, 1) >= 3 for a in c.actors)
        return listed and not NOW.intersection(s.lowers)
