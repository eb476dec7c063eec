"""A rule word no token can match is refused when the rules load: spaCy splits "tie-up" into
tie, -, up and "didn't" into did + n't, and a pattern step matches one token."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy

from extractors.errors import ConfigError
from extractors.tagger import DEFAULT_RULES_DIR
from extractors.tagger.lexicon import load_lexicon
from extractors.tagger.rule_words import (
    check_phrase_file,
    check_rule_words,
    check_words,
    pattern_words,
)
from extractors.tagger.rules import Rule, read_rules


def _rule(step: dict[str, object]) -> Rule:
    return Rule("z-rule", "DEAL", [{"LOWER": "new"}, step], "context.jsonl", 7)


@pytest.mark.parametrize(
    ("step", "tokens"),
    [
        ({"LOWER": {"IN": ["deal", "tie-up"]}}, "'tie', '-', 'up'"),
        ({"LOWER": {"IN": ["firm", "company's"]}}, "'company', \"'s\""),
        ({"ORTH": {"NOT_IN": [",", "e-mail"]}}, "'e', '-', 'mail'"),
        ({"ORTH": "didn't"}, "'did', \"n't\""),  # ORTH: as written, exactly
        ({"ORTH": "a.i."}, "'a.i', '.'"),
    ],
)
def test_a_word_no_token_can_match_names_its_rule_and_the_fix(
    step: dict[str, object], tokens: str
) -> None:
    with pytest.raises(ConfigError) as caught:
        check_rule_words(spacy.blank("en"), [_rule(step)])
    said = str(caught.value)
    assert said.startswith("context.jsonl:7: rule 'z-rule' names ")
    assert f"which spaCy reads as {tokens}, so it can never match one token" in said
    assert "\n" not in said


@pytest.mark.parametrize(
    "step",
    [
        {"LOWER": {"IN": ["tieup", "multiyear", "n't", "'s", "$", "--"]}},
        {"LOWER": "a.i."},  # "A.I." is one token, and its lowercase form is "a.i."
        {"LOWER": "didn't"},  # so is "DIDN'T"
        {"LOWER": "cannot"},  # spaCy splits "cannot" by a special case, not "CANNOT"
        {"LOWER": "vs."},
    ],
)
def test_words_some_token_matches_are_accepted(step: dict[str, object]) -> None:
    check_rule_words(spacy.blank("en"), [_rule(step)])


def test_the_shipped_rules_name_only_words_a_token_can_match() -> None:
    rules = read_rules(DEFAULT_RULES_DIR)
    words = {w for r in rules if r.label != "OUTLET" for _, w in pattern_words(r.pattern)}
    assert len(words) > 1000 and "multiyear" in words  # the check read the real files
    check_rule_words(spacy.blank("en"), rules)


def test_the_word_lists_and_phrases_the_code_reads_on_tokens_hold_only_tokens() -> None:
    # lexicon.json's token lists and the phrase files are compared with token texts: a word
    # spaCy splits ("open-weight", "long-standing" before rules -70) is never found
    nlp = spacy.blank("en")
    lists = load_lexicon(DEFAULT_RULES_DIR / "lexicon.json").token_lists()
    assert "negators" in lists and "media_nouns" not in lists  # that one is read on the text
    for name, words in lists.items():
        check_words(nlp, words, name)
    for name in ("background.txt", "standing.txt", "price_changes.txt"):
        assert (DEFAULT_RULES_DIR / name).exists()
        check_phrase_file(nlp, DEFAULT_RULES_DIR / name)


def test_a_phrase_word_no_token_can_be_names_its_line(tmp_path: Path) -> None:
    phrases = tmp_path / "background.txt"
    phrases.write_text("# a comment-line with-hyphens is no phrase\nhas long\nlong-standing\n")
    with pytest.raises(ConfigError) as caught:
        check_phrase_file(spacy.blank("en"), phrases)
    assert str(caught.value) == (
        f"{phrases}:3: 'long-standing' is never one token (spaCy reads long - standing); write "
        "its tokens with spaces between them where a phrase is meant, or drop it"
    )
    phrases.write_text("has long\nlong - standing\nas part of last year 's\n")
    check_phrase_file(spacy.blank("en"), phrases)  # the same phrases, as tokens
