"""``channelwatch_orgs``: spaCy's SpanRuler over the gazetteer's names and the news outlets.

Spans go to ``doc.spans["orgs"]``: label ``ORG`` (the company's name, alias or product),
``ORG_MODEL`` (a model family), ``ORG_PERSON`` (an executive who speaks for it) or ``OUTLET``
(a news outlet, never a party); ``id_`` is the canonical organisation. Names match on exact
token text; of overlapping names the first longest is kept.
"""

from __future__ import annotations

import warnings
from functools import lru_cache
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.pipeline import SpanRuler
from spacy.util import filter_chain_spans

from extractors.tagger.cues import ORGS_KEY
from extractors.tagger.gazetteer import OUTLET, Org, load_gazetteer, org_patterns
from extractors.tagger.paths import gazetteer_path, rules_path
from extractors.tagger.rules import read_rules

# the ruler's token Matcher is empty (every pattern is a phrase); the ruler silences this warning
# itself, but not for a doc tagged in another thread meanwhile
warnings.filterwarnings("ignore", message=r"\[W036\] The component 'matcher' does not have")


@lru_cache(maxsize=8)
def cached_gazetteer(path: Path) -> dict[str, Org]:
    """The gazetteer, read once per path (the orgs and events components both need it)."""
    return load_gazetteer(path)


@Language.factory("channelwatch_orgs", default_config={"rules_dir": None, "gazetteer": None})
def make_orgs(nlp: Language, name: str, rules_dir: str | None, gazetteer: str | None) -> SpanRuler:
    """``gazetteer``: the organisation file (default ``data/gazetteer.jsonl``); ``rules_dir``:
    where the OUTLET rules are (default ``data/rules``)."""
    ruler = SpanRuler(
        nlp,
        name,
        spans_key=ORGS_KEY,
        spans_filter=filter_chain_spans,  # spacy.first_longest_spans_filter.v1
        phrase_matcher_attr="ORTH",
        overwrite=True,
        scorer=None,
    )
    ruler.add_patterns(name_patterns(rules_dir, gazetteer))  # type: ignore[arg-type]
    return ruler


def name_patterns(rules_dir: str | None, gazetteer: str | None) -> list[dict[str, Any]]:
    """The gazetteer's names and the OUTLET rules as SpanRuler patterns (label, pattern, id):
    what ``channelwatch_orgs`` matches on exact text and ``channelwatch_caps_orgs`` on
    lowercase."""
    patterns: list[dict[str, Any]] = list(org_patterns(cached_gazetteer(gazetteer_path(gazetteer))))
    outlets = [r.pattern for r in read_rules(rules_path(rules_dir)) if r.label == OUTLET]
    patterns += [{"label": OUTLET, "pattern": outlet, "id": outlet} for outlet in outlets]
    return patterns
