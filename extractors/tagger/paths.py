"""Where the tagger's data files are, unless a caller or the pipeline config says otherwise.

Computed from this package's location (``<repo>/extractors/tagger`` -> ``<repo>/data``), so the
extractors need nothing from ``channelwatch``.
"""

from __future__ import annotations

from pathlib import Path

DATA_DIR: Path = Path(__file__).resolve().parents[2] / "data"
DEFAULT_RULES_DIR: Path = DATA_DIR / "rules"
DEFAULT_GAZETTEER: Path = DATA_DIR / "gazetteer.jsonl"


def rules_path(value: str | Path | None) -> Path:
    """The rule directory a component config names (``None``: the default)."""
    return Path(value) if value else DEFAULT_RULES_DIR


def gazetteer_path(value: str | Path | None) -> Path:
    return Path(value) if value else DEFAULT_GAZETTEER


def lexicon_path(value: str | Path | None, rules_dir: str | Path | None = None) -> Path:
    """The word-list file: named, or ``lexicon.json`` in the rule directory."""
    return Path(value) if value else rules_path(rules_dir) / "lexicon.json"
