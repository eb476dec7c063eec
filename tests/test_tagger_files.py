"""Rule files and the gazetteer: every line validates; bad lines name file, line and fix."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from channelwatch.errors import ConfigError
from channelwatch.settings import DATA_DIR
from extractors.tagger import EventTagger
from extractors.tagger.gazetteer import load_gazetteer
from extractors.tagger.rules import read_rules

RULES = DATA_DIR / "rules"
GAZETTEER = DATA_DIR / "gazetteer.jsonl"
SHARED_ALIASES = DATA_DIR.parent.parent / "shared" / "eval" / "aliases.tsv"


@pytest.mark.parametrize("path", sorted(RULES.glob("*.jsonl")), ids=lambda p: p.name)
def test_every_rule_line_has_id_label_pattern(path: Path) -> None:
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        row = json.loads(line)
        assert {"id", "label", "pattern"} <= set(row), f"{path.name}:{n}"


def test_rule_files_validate_and_ids_are_unique() -> None:
    rules = read_rules(RULES)
    assert len({r.id for r in rules}) == len(rules)
    EventTagger(RULES, GAZETTEER)  # spaCy's Matcher(validate=True) accepts every pattern


def test_rules_version_is_set() -> None:
    version = (RULES / "VERSION").read_text().strip()
    assert version and EventTagger(RULES, GAZETTEER).rules_version == version


def test_gazetteer_covers_the_eval_aliases() -> None:
    orgs = load_gazetteer(GAZETTEER)
    assert len(orgs) >= 60
    if not SHARED_ALIASES.exists():
        pytest.skip(f"{SHARED_ALIASES} absent (the shared eval folder is not checked out)")
    names = {}
    for org in orgs.values():
        for name in (org.id, *org.aliases, *org.products, *org.models):
            names[name.lower()] = org.id
    for line in SHARED_ALIASES.read_text().splitlines()[1:]:
        alias, canonical = line.split("\t")
        assert names.get(alias) == canonical, alias


def copy_rules(tmp_path: Path) -> Path:
    target = tmp_path / "rules"
    shutil.copytree(RULES, target)
    return target


def test_bad_pattern_names_file_and_line(tmp_path: Path) -> None:
    rules = copy_rules(tmp_path)
    bad = {"id": "bad-1", "label": "EVENT:hosting_deal", "pattern": [{"LOWR": "rent"}]}
    with (rules / "triggers.jsonl").open("a") as fh:
        fh.write(json.dumps(bad) + "\n")
    n = len((rules / "triggers.jsonl").read_text().splitlines())
    with pytest.raises(ConfigError, match=rf"triggers.jsonl:{n}: rule 'bad-1'"):
        EventTagger(rules, GAZETTEER)


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{not json", "not JSON"),
        ('{"label": "DEAL", "pattern": [{"LOWER": "deal"}]}', 'needs a stable "id"'),
        ('{"id": "x-1", "label": "EVENT:merger", "pattern": [{}]}', "label 'EVENT:merger'"),
        ('{"id": "excl-word", "label": "DEAL", "pattern": [{}]}', "already used"),
    ],
)
def test_bad_rule_lines_are_config_errors(tmp_path: Path, line: str, message: str) -> None:
    rules = copy_rules(tmp_path)
    (rules / "zz_extra.jsonl").write_text(line + "\n")
    with pytest.raises(ConfigError, match=r"zz_extra\.jsonl:1") as info:
        read_rules(rules)
    assert message in str(info.value)


def test_custom_rule_files_drive_the_tagger(tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "VERSION").write_text("test-1\n")
    shutil.copy(RULES / "lexicon.json", rules)  # the word lists are part of a rule set
    (rules / "t.jsonl").write_text(
        json.dumps({"id": "h-1", "label": "EVENT:hosting_deal", "pattern": [{"LOWER": "beams"}]})
        + "\n"
    )
    tagger = EventTagger(rules, GAZETTEER)
    (ev,) = tagger.tag("CoreWeave beams compute to OpenAI.")
    assert (ev.type, set(ev.actors), ev.rule_id, ev.rules_version) == (
        "hosting_deal",
        {"CoreWeave", "OpenAI"},
        "h-1",
        "test-1",
    )


def test_lexicon_lists_are_all_named_and_a_missing_one_is_a_config_error(tmp_path: Path) -> None:
    lexicon = json.loads((RULES / "lexicon.json").read_text(encoding="utf-8"))
    assert all(v["about"] and v["words"] for k, v in lexicon.items() if k != "_about")
    rules = copy_rules(tmp_path)
    del lexicon["negators"]
    (rules / "lexicon.json").write_text(json.dumps(lexicon), encoding="utf-8")
    with pytest.raises(ConfigError, match=r'lexicon\.json: "negators" needs'):
        EventTagger(rules, GAZETTEER)


def test_bad_gazetteer_role_is_named(tmp_path: Path) -> None:
    path = tmp_path / "g.jsonl"
    path.write_text('{"id": "Acme", "role": "bakery"}\n')
    with pytest.raises(ConfigError, match=r"g.jsonl:1: role 'bakery'"):
        load_gazetteer(path)


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('{"id": "Acme", "role": "cloud", "compute_only": "yes"}', '"compute_only" must be true'),
        (
            '{"id": "Acme", "role": "platform", "compute_only": true}',
            '"compute_only" is for role "cloud"',
        ),
    ],
)
def test_bad_compute_only_flag_is_named(tmp_path: Path, line: str, message: str) -> None:
    path = tmp_path / "g.jsonl"
    path.write_text(line + "\n")
    with pytest.raises(ConfigError, match="g.jsonl:1: " + message):
        load_gazetteer(path)


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (
            '{"id": "Acme", "role": "cloud", "products": ["Acme Cloud"], "compute_names": 5}',
            '"compute_names" must be a list',
        ),
        (
            '{"id": "Acme", "role": "cloud", "products": ["Acme Cloud"], '
            '"compute_names": ["Acme Clod"]}',
            "'Acme Clod' in \"compute_names\" is none of Acme's aliases or products",
        ),
    ],
)
def test_bad_compute_names_are_named(tmp_path: Path, line: str, message: str) -> None:
    path = tmp_path / "g.jsonl"
    path.write_text(line + "\n")
    with pytest.raises(ConfigError, match="g.jsonl:1: " + re.escape(message)):
        load_gazetteer(path)


def test_tagger_package_never_imports_prefect_or_duckdb() -> None:
    for path in (DATA_DIR.parent / "extractors" / "tagger").glob("*.py"):
        text = path.read_text()
        assert "import prefect" not in text and "import duckdb" not in text, path.name
