"""What the tagger reads of a text, and the way back to the caller's characters.

What pages write that the rules and the model were not shown, read as if absent:

- **Whitespace runs.** spaCy keeps every whitespace beyond a token's single trailing space as
  a token of its own: "OpenAI  and Oracle" is four tokens, and a tab, a doubled or a no-break
  space puts one between two words the rules and the model read as neighbours; a <br>'s line
  break inside a sentence splits it in two. trafilatura keeps a page's doubled spaces and
  turns a <br> into a line break (11 and 18 of 258 real pages in ``../shared/corpora``). Read
  as they come, the labelled snippets' events changed: with every space doubled 169 of 505,
  with no-break spaces 361, with a line break after a comma 106.
- **A stock ticker or an acronym in brackets** after a name ("Microsoft (NASDAQ: MSFT) and
  Google", Reuters' "(MSFT.O)", "Oracle Cloud Infrastructure (OCI) and CoreWeave"): the
  bracket is a clause break, so a list lost its last member and a pair its party; with a
  ticker after a name, 19 of 212 snippets' events changed.
- **Who backs a company** ("Microsoft-backed OpenAI"): the backer is no party to its deals.
- **A newsroom's "exclusive"**: a headline's label ("Exclusive: OpenAI taps Google Cloud")
  or an "exclusive interview / report": not a right held alone.

``NewsTagger`` tags the text read this way and maps every event's offsets back, so the
evidence it stores is the page's own text.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Sequence

from extractors.models import Event

# what needs squeezing: a space before or after a line break, two spaces, any other whitespace,
# and a line break inside a sentence (after a comma, or before a lowercase word with no
# sentence end before it)
_UNEVEN = re.compile(r" \n|\n | {2}|[^\S \n]|[^.!?:;\s]\n[a-z]|,\n")
_RUN = re.compile(r"\s+")
_ENDS = frozenset(".!?:;")
# "Oracle Cloud Infrastructure (OCI) and CoreWeave": a name's acronym in brackets after it
_ACRONYM = re.compile(r"\b[A-Z][\w.&'-]*(?P<cut>\s*\([A-Z][A-Z0-9&]{1,7}\))")


@dataclasses.dataclass(frozen=True, slots=True)
class Reading:
    """The text the tagger reads; ``origin[k]`` is where its character ``k`` stands in the
    caller's text (``None``: the caller's text as it is)."""

    text: str
    origin: Sequence[int] | None = None

    def then(self, later: Reading) -> Reading:
        """``later`` (a reading of this one's text), placed in this one's caller's text."""
        if self.origin is None:
            return later
        if later.origin is None:
            return Reading(later.text, self.origin)
        first = self.origin
        return Reading(later.text, [first[k] for k in later.origin])

    def back(self, events: list[Event], original: str) -> list[Event]:
        """``events`` of the text read, with offsets and evidence from ``original``."""
        origin = self.origin
        if origin is None:
            return events
        out = []
        for e in events:
            # from just after the character before the sentence: a backer left out at its
            # start ("Microsoft-backed OpenAI signed ...") is part of its evidence
            start = origin[e.start_char - 1] + 1 if e.start_char else 0
            end = origin[e.end_char - 1] + 1
            while start < end and original[start].isspace():
                start += 1
            out.append(
                dataclasses.replace(
                    e, start_char=start, end_char=end, evidence=original[start:end].strip()
                )
            )
        return out


def rewrite(text: str, edits: Iterable[tuple[int, int, str]]) -> Reading:
    """``text`` with each span (start, end) replaced by its new text, every new character
    placed at the span's start; a span overlapping an earlier one is skipped."""
    parts: list[str] = []
    origin: list[int] = []
    done = 0
    for start, end, new in sorted(edits):
        if start < done:
            continue
        parts += (text[done:start], new)
        origin.extend(range(done, start))
        origin.extend([start] * len(new))
        done = end
    if not parts:
        return Reading(text)
    parts.append(text[done:])
    origin.extend(range(done, len(text)))
    return Reading("".join(parts), origin)


def squeeze(text: str) -> Reading:
    """Each whitespace run that is not one space or line breaks alone becomes one space, or
    as many line breaks as it holds (a paragraph break stays one); a single line break
    after a comma ("investment,\nin the tens") or before a lowercase word, with no sentence
    end before it, becomes a space."""
    if not _UNEVEN.search(text):
        return Reading(text)
    edits = []
    for run in _RUN.finditer(text):
        start, end = run.span()
        breaks = sum(run.group().count(c) for c in "\n\u2028\u2029")
        before, after = text[start - 1 : start], text[end : end + 1]
        if breaks == 1 and (before == "," or (before not in _ENDS and after.islower())):
            breaks = 0  # a line break inside a sentence (a <br> in the page): a space
        new = "\n" * breaks if breaks else " "
        if run.group() != new:
            edits.append((start, end, new))
    return rewrite(text, edits)


class TextReader:
    """Reads a text as the tagger should: tickers and acronyms in brackets, backers and a
    headline's label left out, whitespace squeezed. ``exchanges``: the stock exchanges a
    ticker may name; ``backer_words``: "backed" and its kin; ``headline_tags``: "Exclusive";
    ``media_nouns``: "interview", "report"... after "exclusive" (all from ``lexicon.json``)."""

    def __init__(
        self,
        exchanges: Iterable[str],
        backer_words: Iterable[str] = (),
        headline_tags: Iterable[str] = (),
        media_nouns: Iterable[str] = (),
    ) -> None:
        names = "|".join(re.escape(x) for x in sorted(exchanges, key=len, reverse=True))
        listed = rf"(?:{names})\s*:\s*[A-Z0-9][A-Z0-9.]{{0,9}}"  # (NASDAQ: MSFT)
        ric = r"[A-Z0-9]{1,6}\.[A-Z]{1,2}"  # Reuters' (MSFT.O)
        self.ticker = re.compile(
            rf"\s*\((?:{listed}|{ric})(?:\s*[;,]\s*(?:{listed}|{ric}))*\)" if names else r"(?!)"
        )

        words = "|".join(re.escape(w) for w in sorted(backer_words))
        # "Microsoft-backed OpenAI": the capitalised name before the hyphen, and the hyphen's word
        self.backer = re.compile(
            rf"(?<![\w-])[A-Z][\w.&']*-(?:{words})\s+(?=\w)" if words else r"(?!)"
        )

        tags = "|".join(re.escape(w) for w in sorted(headline_tags))
        # "Exclusive: OpenAI taps ...": a label at the start of a line, and what follows it
        self.tag = re.compile(
            rf"^[ \t]*(?:{tags})[ \t]*(?:[:|\u2013\u2014]|--?)[ \t]*" if tags else r"(?!)", re.M
        )
        self.tag_words = tuple(headline_tags)
        nouns = "|".join(re.escape(w) for w in sorted(media_nouns))
        # "an exclusive interview with CNBC": a newsroom's "exclusive", not a right
        self.media = re.compile(
            rf"\b(?:exclusive|exclusively)\s+(?=(?:{nouns})\b)" if nouns else r"(?!)", re.I
        )

    def __call__(self, text: str) -> Reading:
        spans = []
        if "(" in text:
            spans += [m.span() for m in self.ticker.finditer(text)]
            spans += [m.span("cut") for m in _ACRONYM.finditer(text)]
        if any(w in text for w in self.tag_words):
            spans += [m.span() for m in self.tag.finditer(text)]
        if "xclusive" in text:
            spans += [m.span() for m in self.media.finditer(text)]
        if "-" in text:
            spans += [m.span() for m in self.backer.finditer(text)]
        if not spans:
            return squeeze(text)
        cut = rewrite(text, ((start, end, "") for start, end in spans))
        return cut.then(squeeze(cut.text))
