"""Runs of whitespace read as one space or one line break, and events mapped back to the
caller's text.

spaCy keeps every whitespace beyond a token's single trailing space as a token of its own:
"OpenAI  and Oracle" is four tokens, and a tab or a doubled space puts one between two words
the rules and the model read as neighbours. Pages hold such runs (trafilatura keeps a page's
doubled spaces; 11 of 258 real pages in ``../shared/corpora`` have them), and with every space
doubled the events of 169 of the 505 labelled snippets changed. ``NewsTagger`` tags the
squeezed text and moves each event's offsets back, so its evidence is the page's own.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence

from extractors.models import Event

# what needs squeezing: a space before or after a line break, two spaces, any other whitespace,
# and a line break inside a sentence (after a comma, or before a lowercase word with no
# sentence end before it)
_UNEVEN = re.compile(r" \n|\n | {2}|[^\S \n]|[^.!?:;\s]\n[a-z]|,\n")
_RUN = re.compile(r"\s+")
_ENDS = frozenset(".!?:;")


@dataclasses.dataclass(frozen=True, slots=True)
class Squeezed:
    """A text with its whitespace runs squeezed; ``origin[k]`` is where its character ``k``
    stands in the caller's text (``None``: nothing was squeezed)."""

    text: str
    origin: Sequence[int] | None = None

    def back(self, events: list[Event], original: str) -> list[Event]:
        """``events`` of the squeezed text, with offsets and evidence from ``original``."""
        origin = self.origin
        if origin is None:
            return events
        out = []
        for e in events:
            start, end = origin[e.start_char], origin[e.end_char - 1] + 1
            out.append(
                dataclasses.replace(
                    e, start_char=start, end_char=end, evidence=original[start:end].strip()
                )
            )
        return out


def squeeze(text: str) -> Squeezed:
    """Each whitespace run that is not one space or line breaks alone becomes one space, or
    as many line breaks as it holds (a paragraph break stays one); a single line break
    after a comma ("investment,\nin the tens") or before a lowercase word, with no sentence
    end before it, becomes a space."""
    if not _UNEVEN.search(text):
        return Squeezed(text)
    parts: list[str] = []
    origin: list[int] = []
    done = 0
    for run in _RUN.finditer(text):
        start, end = run.span()
        parts.append(text[done:start])
        origin.extend(range(done, start))
        breaks = sum(run.group().count(c) for c in "\n\u2028\u2029")
        before, after = text[start - 1 : start], text[end : end + 1]
        if breaks == 1 and (before == "," or (before not in _ENDS and after.islower())):
            breaks = 0  # a line break inside a sentence (a <br> in the page): a space
        parts.append("\n" * breaks if breaks else " ")
        origin.extend([start] * (breaks or 1))
        done = end
    parts.append(text[done:])
    origin.extend(range(done, len(text)))
    return Squeezed("".join(parts), origin)
