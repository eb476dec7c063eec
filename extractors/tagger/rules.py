"""Rule files: spaCy token-pattern JSONL with a stable ``id``, a ``label`` and a ``pattern``.

Labels say what a match means to the tagger:
``EVENT:<type>`` a trigger; ``NOT:<type>`` cancels an overlapping trigger; ``BLOCK:<type>``
cancels triggers of that type in the same clause group; ``STATUS:<status>`` / ``STATUS:none``
status cues and neutralisers (``STATUS:not-talks`` neutralises only an overlapping talks
cue); ``UNCHANGED``; ``DIR:<direction>``; ``DEAL``; ``NONEVENT``;
``SPECULATION``/``BACKGROUND`` (no event in that clause); ``UNCERTAIN`` ("it is unclear
whether", "remains to be seen": as ``SPECULATION``, and a proposal of the model it frames is
commentary); ``LEGAL`` (no event but exclusivity
in that segment); ``BYSTANDER`` (the next named company is not a party); ``TWO_PARTIES``;
``SAID`` (on-the-record attribution); ``CONTINUING`` (an arrangement that carries on: no new
hosting deal or distribution in that clause); ``PRIOR`` ("already", "previously": the trigger
right after it is a prior state); ``SPECULATION_SAID`` (speculation attributed to analysts: no
event in the whole segment); ``CAREER`` (hiring and career summaries: no event in the whole
segment); ``COMPARISON`` ("for the first time since 2013": a ``BACKGROUND`` cue it holds marks
nothing); ``OUTLET`` (a phrase pattern: a news outlet, never a
party). A trigger whose id ends in ``-weak`` counts only when no other event type fires in the
sentence; a ``DIR`` cue whose id ends in ``-weak`` ("will") sets a direction only where no
other one of its clause does, and one ending in ``-noun`` ("a 20% cut of": the share, not a
reduction of it) is read by the model but sets none.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.matcher import Matcher

from extractors.errors import ConfigError
from extractors.models import EVENT_TYPES
from extractors.tagger.jsonl import read_jsonl
from extractors.tagger.rule_words import check_rule_words

STATUS_LABELS = ("reported", "talks", "denied", "confirmed", "none", "not-talks")
DIRECTIONS = (
    "ended",
    "loosened",
    "granted",
    "extended",
    "reduced",
    "capped",
    "introduced",
    "changed",
)
PLAIN_LABELS = (
    "UNCHANGED",
    "DEAL",
    "NONEVENT",
    "SPECULATION",
    "BACKGROUND",
    "LEGAL",
    "BYSTANDER",
    "TWO_PARTIES",
    "SAID",
    "OUTLET",
    "CONTINUING",
    "CAREER",
    "PRIOR",
    "SPECULATION_SAID",
    "LOCATION",
    "AI_ACCESS",
    "ORIGIN",
    "COMPARISON",
    "UNCERTAIN",
)


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    label: str
    pattern: Any  # list of token dicts, or a phrase string for OUTLET
    path: str
    line: int


def is_weak(rule_id: str) -> bool:
    """A ``-weak`` trigger names no terms ("negotiating with"): it counts only where no other
    event type fires in the sentence, and the model must keep its candidate on its own."""
    return rule_id.endswith("-weak")


def label_ok(label: str) -> bool:
    kind, _, arg = label.partition(":")
    if not arg:
        return label in PLAIN_LABELS
    if kind in ("EVENT", "NOT", "BLOCK"):
        return arg in EVENT_TYPES
    if kind == "STATUS":
        return arg in STATUS_LABELS
    if kind == "DIR":
        return arg in DIRECTIONS
    return False


def read_rules(rules_dir: Path) -> list[Rule]:
    """Read every ``*.jsonl`` file of a rule directory, checking ids and labels."""
    if not rules_dir.is_dir():
        raise ConfigError(f"rules directory {rules_dir} does not exist; point to data/rules")
    rules: list[Rule] = []
    seen: dict[str, str] = {}
    for path in sorted(rules_dir.glob("*.jsonl")):
        for n, where, row in read_jsonl(path):
            if not isinstance(row, dict):
                raise ConfigError(f"{where}: expected an object with id, label, pattern")
            rule_id, label, pattern = row.get("id"), row.get("label"), row.get("pattern")
            if not isinstance(rule_id, str) or not rule_id:
                raise ConfigError(f'{where}: every rule needs a stable "id"; add one')
            if rule_id in seen:
                raise ConfigError(f"{where}: id {rule_id!r} already used at {seen[rule_id]}")
            seen[rule_id] = where
            if not isinstance(label, str) or not label_ok(label):
                raise ConfigError(
                    f"{where}: label {label!r} is unknown; use EVENT:/NOT:/BLOCK:<event type>, "
                    f"STATUS:<status>, DIR:<direction> or one of {', '.join(PLAIN_LABELS)}"
                )
            if label == "OUTLET":
                if not isinstance(pattern, str) or not pattern.strip():
                    raise ConfigError(f"{where}: an OUTLET pattern is the outlet's name as text")
            elif not isinstance(pattern, list) or not pattern:
                raise ConfigError(f"{where}: pattern must be a non-empty list of token patterns")
            rules.append(Rule(rule_id, label, pattern, str(path), n))
    if not rules:
        raise ConfigError(f"rules directory {rules_dir} has no *.jsonl rule files")
    return rules


def read_version(rules_dir: Path) -> str:
    if not rules_dir.is_dir():
        raise ConfigError(f"rules directory {rules_dir} does not exist; point to data/rules")
    path = rules_dir / "VERSION"
    if not path.exists():
        raise ConfigError(
            f"{path} is missing; write the rule-set version in it (e.g. 2026.11.29-1)"
        )
    version = path.read_text(encoding="utf-8").strip()
    if not version:
        raise ConfigError(f"{path} is empty; write the rule-set version in it")
    return version


def build_matcher(nlp: Language, rules: list[Rule]) -> Matcher:
    """A Matcher over every token rule, keyed by rule id; bad patterns name file and line."""
    matcher = Matcher(nlp.vocab, validate=True)
    for rule in rules:
        if rule.label == "OUTLET":
            continue
        try:
            matcher.add(rule.id, [rule.pattern])
        except Exception as exc:  # spaCy raises ValueError/MatchPatternError with details
            first = str(exc).strip().splitlines()
            detail = " ".join(x.strip() for x in first if x.strip())[:300]
            raise ConfigError(
                f"{rule.path}:{rule.line}: rule {rule.id!r} has an invalid spaCy pattern "
                f"({detail}); fix it per https://spacy.io/usage/rule-based-matching"
            ) from exc
    check_rule_words(nlp, rules)  # a word the tokenizer splits ("tie-up") matches no token
    return matcher
