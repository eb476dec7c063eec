"""Every configuration mistake is one line before any work: no traceback, exit code 2.

Each case is a real bad file or setting given to the real command (``run``, ``digest``,
``serve``, ``demo``), which must fail before a flow starts (no store is created) with one
``error:`` line naming the file or variable, the entry and the fix; a missing store given to
a command that changes one is such a mistake too (``test_store_writers.py``).
``--debug`` adds the traceback. One case runs the installed console script, as a user would.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

import extractors.tagger
from channelwatch.cli import cli
from channelwatch.settings import DATA_DIR, ROOT

GOOD = '[[source]]\nname = "wire"\nurl = "https://news.example.com/feed.xml"\n'
SMTP_OK = {
    "CHANNELWATCH_SMTP_HOST": "127.0.0.1",
    "CHANNELWATCH_SMTP_FROM": "cw@example.com",
    "CHANNELWATCH_DIGEST_TO": "analyst@example.com",
    "CHANNELWATCH_SMTP_SECURITY": "none",
}

# sources.toml contents -> what the one line must say
SOURCES_CASES = {
    "not-utf8": (b"\xff\xfe[[source]]", "not UTF-8"),
    "bad-toml": (b'[[source]]\nname = "wire\n', "invalid TOML"),
    "top-key": (b'title = "x"\n' + GOOD.encode(), "unknown top-level key(s) 'title'"),
    "no-source": (b"# nothing yet\n", "no [[source]] table"),
    "single-brackets": (b'[source]\nname = "a"\nurl = "https://a.example/f"\n', "array of tables"),
    "empty-array": (b"source = []\n", "no [[source]] table; add at least one feed"),
    "dup-name": (GOOD.encode() + GOOD.replace("news.", "other.").encode(), "duplicate name"),
    "dup-url": (GOOD.encode() + GOOD.replace('"wire"', '"wire-2"').encode(), "duplicate url"),
    "unknown-key": (GOOD.encode() + b"lang = 'en'\n", "unknown key(s) 'lang'"),
    "no-name": (b'[[source]]\nurl = "https://a.example/f"\n', "missing name"),
    "empty-name": (b'[[source]]\nname = " "\nurl = "https://a.example/f"\n', "name is empty"),
    "not-slug": (b'[[source]]\nname = "Open AI"\nurl = "https://a.example/f"\n', "not a slug"),
    "no-url": (b'[[source]]\nname = "wire"\n', "missing url"),
    "empty-url": (b'[[source]]\nname = "wire"\nurl = ""\n', "url is empty"),
    "ftp-url": (b'[[source]]\nname = "wire"\nurl = "ftp://a.example/f"\n', "is not http(s)"),
    "no-host": (b'[[source]]\nname = "wire"\nurl = "https:///feed"\n', "has no host"),
    "bad-tags": (GOOD.encode() + b'tags = "ai"\n', "tags must be a list of strings"),
}

# environment -> what the one line must say (``run`` with good sources)
SETTINGS_CASES = {
    "timeout": ({"CHANNELWATCH_FETCH_TIMEOUT": "soon"}, "CHANNELWATCH_FETCH_TIMEOUT is 'soon'"),
    "max-bytes": ({"CHANNELWATCH_MAX_BYTES": "10MB"}, "CHANNELWATCH_MAX_BYTES is '10MB'"),
    "concurrency": (
        {"CHANNELWATCH_PER_HOST_CONCURRENCY": "0"},
        "CHANNELWATCH_PER_HOST_CONCURRENCY is '0', not a whole number >= 1",
    ),
    "delay": ({"CHANNELWATCH_PER_HOST_DELAY": "-1"}, "CHANNELWATCH_PER_HOST_DELAY is '-1'"),
    "smtp-port-text": ({"CHANNELWATCH_SMTP_PORT": "smtp"}, "CHANNELWATCH_SMTP_PORT is 'smtp'"),
    "smtp-port-range": (
        {**SMTP_OK, "CHANNELWATCH_SMTP_PORT": "70000"},
        "CHANNELWATCH_SMTP_PORT is 70000, not a TCP port",
    ),
    "smtp-security": (
        {**SMTP_OK, "CHANNELWATCH_SMTP_SECURITY": "tls"},
        "CHANNELWATCH_SMTP_SECURITY is 'tls'",
    ),
    "smtp-no-from": (
        {**SMTP_OK, "CHANNELWATCH_SMTP_FROM": ""},
        "CHANNELWATCH_SMTP_FROM is not set",
    ),
    "smtp-user-only": (
        {**SMTP_OK, "CHANNELWATCH_SMTP_USER": "cw"},
        "CHANNELWATCH_SMTP_PASSWORD is not set but CHANNELWATCH_SMTP_USER is",
    ),
    "smtp-password-only": (
        {**SMTP_OK, "CHANNELWATCH_SMTP_PASSWORD": "secret"},
        "CHANNELWATCH_SMTP_USER is not set but CHANNELWATCH_SMTP_PASSWORD is",
    ),
    "bad-recipient": (
        {**SMTP_OK, "CHANNELWATCH_DIGEST_TO": "analyst at example.com"},
        "recipient 'analyst at example.com' is not an email address",
    ),
}

# (rules file name, line) -> what the one line must say; written into a copy of data/rules
RULE_CASES = {
    "not-json": ("triggers.jsonl", "{not json", "not JSON"),
    "not-object": ("triggers.jsonl", "[1, 2]", "expected an object with id, label, pattern"),
    "no-id": ("triggers.jsonl", '{"label": "DEAL", "pattern": [{"LOWER": "x"}]}', 'stable "id"'),
    "dup-id": ("status.jsonl", "<first id>", "already used at"),
    "bad-label": ("triggers.jsonl", '{"id": "z1", "label": "NOPE", "pattern": [{}]}', "unknown"),
    "outlet": ("outlets.jsonl", '{"id": "z2", "label": "OUTLET", "pattern": [1]}', "OUTLET"),
    "pattern": ("triggers.jsonl", '{"id": "z3", "label": "DEAL", "pattern": []}', "non-empty"),
    "spacy": (
        "triggers.jsonl",
        '{"id": "z4", "label": "DEAL", "pattern": [{"NOT_AN_ATTR": "x"}]}',
        "invalid spaCy pattern",
    ),
    "split-word": (
        "context.jsonl",
        '{"id": "z5", "label": "DEAL", "pattern": [{"LOWER": {"IN": ["pact", "tie-up"]}}]}',
        "which spaCy reads as 'tie', '-', 'up', so it can never match one token",
    ),
}

# gazetteer line appended -> what the one line must say
GAZETTEER_CASES = {
    "no-id": ('{"role": "model_maker"}', 'needs a non-empty "id"'),
    "role": ('{"id": "Zeta Labs", "role": "bakery"}', "role 'bakery' is not one of"),
    "list": ('{"id": "Zeta Labs", "aliases": "Zeta"}', '"aliases" must be a list'),
    "dup": ("<first line>", "duplicate id"),
    "name-clash": (
        '{"id": "T-Mobile US Inc", "aliases": ["T-Mobile"]}',
        "'T-Mobile' already names Deutsche Telekom",
    ),
}


def invoke(args: list[str], env: dict[str, str] | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(cli, args, env=env)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.output


def assert_one_line(code: int, out: str, expected: str) -> None:
    assert code == 2, out
    assert "Traceback" not in out, out
    lines = [line for line in out.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: "), out
    assert expected in lines[0], out


@pytest.fixture
def good_sources(tmp_path: Path) -> Path:
    path = tmp_path / "sources.toml"
    path.write_text(GOOD, encoding="utf-8")
    return path


@pytest.fixture
def rules_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A copy of data/rules and the gazetteer that the default tagger loads instead."""
    rules = tmp_path / "rules"
    shutil.copytree(DATA_DIR / "rules", rules)
    gazetteer = tmp_path / "gazetteer.jsonl"
    shutil.copy(DATA_DIR / "gazetteer.jsonl", gazetteer)
    monkeypatch.setattr(extractors.tagger, "DEFAULT_RULES_DIR", rules)
    monkeypatch.setattr(extractors.tagger, "DEFAULT_GAZETTEER", gazetteer)
    extractors.tagger.load_tagger.cache_clear()
    yield rules
    extractors.tagger.load_tagger.cache_clear()


def _run_args(sources: Path, db: Path) -> list[str]:
    return ["run", "--sources", str(sources), "--db", str(db)]


@pytest.mark.parametrize("case", sorted(SOURCES_CASES))
def test_a_sources_mistake_is_one_line_before_the_flow(case: str, tmp_path: Path) -> None:
    content, expected = SOURCES_CASES[case]
    sources, db = tmp_path / "sources.toml", tmp_path / "cw.duckdb"
    sources.write_bytes(content)
    code, out = invoke(_run_args(sources, db))
    assert_one_line(code, out, expected)
    assert f"{sources}" in out  # the file is named
    assert not db.exists()  # nothing ran


def test_a_missing_sources_file_is_one_line(tmp_path: Path) -> None:
    code, out = invoke(_run_args(tmp_path / "nope.toml", tmp_path / "cw.duckdb"))
    assert_one_line(code, out, "sources file not found")


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_an_unreadable_sources_file_is_one_line(good_sources: Path, tmp_path: Path) -> None:
    good_sources.chmod(0)
    code, out = invoke(_run_args(good_sources, tmp_path / "cw.duckdb"))
    assert_one_line(code, out, "cannot read sources file")


def test_the_entry_is_named_by_position_and_name(tmp_path: Path) -> None:
    sources = tmp_path / "sources.toml"
    sources.write_text(GOOD + GOOD.replace('"wire"', '"Wire Two"'), encoding="utf-8")
    code, out = invoke(_run_args(sources, tmp_path / "cw.duckdb"))
    assert_one_line(code, out, "source #2 ('Wire Two')")
    assert "'wire-two'" in out  # the fix


@pytest.mark.parametrize("case", sorted(SETTINGS_CASES))
def test_a_settings_mistake_is_one_line_before_the_flow(
    case: str, good_sources: Path, tmp_path: Path
) -> None:
    env, expected = SETTINGS_CASES[case]
    db = tmp_path / "cw.duckdb"
    code, out = invoke(_run_args(good_sources, db), env=env)
    assert_one_line(code, out, expected)
    assert not db.exists()


@pytest.mark.parametrize("case", sorted(RULE_CASES))
def test_a_rules_mistake_is_one_line_before_the_flow(
    case: str, rules_copy: Path, good_sources: Path, tmp_path: Path
) -> None:
    name, line, expected = RULE_CASES[case]
    path = rules_copy / name
    if line == "<first id>":  # a second rule under an id already in use
        line = path.read_text(encoding="utf-8").splitlines()[0]
    with path.open("a", encoding="utf-8") as f:
        f.write("\n" + line + "\n")
    db = tmp_path / "cw.duckdb"
    code, out = invoke(_run_args(good_sources, db))
    assert_one_line(code, out, expected)
    assert name in out and not db.exists()


@pytest.mark.parametrize(
    ("name", "old", "new"),
    [
        ("background.txt", "\nlongstanding\n", "\nlong-standing\n"),
        ("lexicon.json", '"words": ["capacity", ', '"words": ["data-center", "capacity", '),
    ],
)
def test_a_word_read_on_tokens_that_no_token_can_be_is_one_line(
    name: str, old: str, new: str, rules_copy: Path, good_sources: Path, tmp_path: Path
) -> None:
    path = rules_copy / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    db = tmp_path / "cw.duckdb"
    code, out = invoke(_run_args(good_sources, db))
    assert_one_line(code, out, "is never one token (spaCy reads")
    assert name in out and not db.exists()


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ("rmdir", "does not exist; point to data/rules"),
        ("no-files", "has no *.jsonl rule files"),
        ("no-version", "VERSION is missing"),
        ("empty-version", "VERSION is empty"),
    ],
)
def test_a_rules_folder_mistake_is_one_line(
    change: str, expected: str, rules_copy: Path, good_sources: Path, tmp_path: Path
) -> None:
    if change == "rmdir":
        shutil.rmtree(rules_copy)
    elif change == "no-files":
        for path in rules_copy.glob("*.jsonl"):
            path.unlink()
    elif change == "no-version":
        (rules_copy / "VERSION").unlink()
    else:
        (rules_copy / "VERSION").write_text("\n", encoding="utf-8")
    code, out = invoke(_run_args(good_sources, tmp_path / "cw.duckdb"))
    assert_one_line(code, out, expected)


@pytest.mark.parametrize("case", sorted(GAZETTEER_CASES))
def test_a_gazetteer_mistake_is_one_line(
    case: str, rules_copy: Path, good_sources: Path, tmp_path: Path
) -> None:
    line, expected = GAZETTEER_CASES[case]
    gazetteer = rules_copy.parent / "gazetteer.jsonl"
    if line == "<first line>":
        rows = gazetteer.read_text(encoding="utf-8").splitlines()
        line = next(r for r in rows if r.strip() and not r.startswith("#"))
    with gazetteer.open("a", encoding="utf-8") as f:
        f.write(line + "\n")
    code, out = invoke(_run_args(good_sources, tmp_path / "cw.duckdb"))
    assert_one_line(code, out, expected)
    assert "gazetteer.jsonl" in out


@pytest.mark.parametrize("content", ["", "# only comments\n"])
def test_a_missing_or_empty_gazetteer_is_one_line(
    content: str, rules_copy: Path, good_sources: Path, tmp_path: Path
) -> None:
    gazetteer = rules_copy.parent / "gazetteer.jsonl"
    if content:
        gazetteer.write_text(content, encoding="utf-8")
        expected = "is empty; add at least one organisation"
    else:
        gazetteer.unlink()
        expected = "does not exist"
    code, out = invoke(_run_args(good_sources, tmp_path / "cw.duckdb"))
    assert_one_line(code, out, expected)


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        (["--workers", "2"], "do not apply to --runner threads"),
        (["--runner", "processes", "--address", "tcp://h:8786"], "only applies to --runner dask"),
        (["--runner", "dask", "--address", "tcp://h:1", "--workers", "2"], "both given"),
        (["--runner", "dask", "--address", "h:8786"], "is not a Dask scheduler address"),
        (["--runner", "processes", "--workers", "0"], "need at least 1 worker"),
    ],
)
def test_a_runner_option_mistake_is_one_line(
    options: list[str], expected: str, good_sources: Path, tmp_path: Path
) -> None:
    code, out = invoke([*_run_args(good_sources, tmp_path / "cw.duckdb"), *options])
    assert_one_line(code, out, expected)


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({**SMTP_OK, "CHANNELWATCH_SMTP_HOST": ""}, "CHANNELWATCH_SMTP_HOST is not set"),
        ({**SMTP_OK, "CHANNELWATCH_DIGEST_TO": ""}, "CHANNELWATCH_DIGEST_TO is not set"),
    ],
)
def test_sending_commands_need_smtp_first(
    env: dict[str, str], expected: str, tmp_path: Path
) -> None:
    db = tmp_path / "cw.duckdb"
    for args in (["digest", "--db", str(db)], ["serve"]):
        code, out = invoke(args, env=env)
        assert_one_line(code, out, expected)
    assert not db.exists()


def _taken_port() -> tuple[socket.socket, int]:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen()
    return sock, sock.getsockname()[1]


def test_a_taken_demo_port_is_one_line(tmp_path: Path) -> None:
    sock, port = _taken_port()
    with sock:
        code, out = invoke(["demo", "--db", str(tmp_path / "cw.duckdb"), "--port", str(port)])
    assert_one_line(code, out, f"cannot serve the demo on 127.0.0.1:{port}")


def test_demo_port_zero_is_refused_before_any_work(tmp_path: Path) -> None:
    # port 0 would serve on a new port each run, so the same articles under new ids
    db = tmp_path / "cw.duckdb"
    code, out = invoke(["demo", "--db", str(db), "--port", "0"])
    assert code == 2 and "Invalid value for '--port'" in out, out
    assert not db.exists()


def test_a_taken_local_prefect_port_is_one_line(good_sources: Path) -> None:
    # a child process: the session's Prefect harness must not serve as its API
    sock, port = _taken_port()
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    env.update(SMTP_OK, CHANNELWATCH_SOURCES=str(good_sources))
    script = str(Path(sys.executable).parent / "channelwatch")
    with sock:
        done = subprocess.run(
            [script, "serve", "--local-port", str(port)],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=180,
        )
    assert_one_line(done.returncode, done.stderr, f"prefect server on 127.0.0.1:{port} exited")


def test_the_console_script_prints_one_line_and_debug_the_traceback(tmp_path: Path) -> None:
    sources = tmp_path / "sources.toml"
    sources.write_text(GOOD.replace('"wire"', '"Wire"'), encoding="utf-8")
    script = str(Path(sys.executable).parent / "channelwatch")
    args = _run_args(sources, tmp_path / "cw.duckdb")

    plain = subprocess.run([script, *args], cwd=ROOT, capture_output=True, text=True)
    debug = subprocess.run([script, "--debug", *args], cwd=ROOT, capture_output=True, text=True)

    assert plain.returncode == 2 and plain.stdout == ""
    assert plain.stderr.splitlines() == [
        f"error: {sources}: source #1 ('Wire'): name 'Wire' is not a slug; use lowercase "
        "letters, digits and hyphens, e.g. 'wire'"
    ]
    assert debug.returncode == 2
    assert "Traceback (most recent call last)" in debug.stderr
    assert debug.stderr.splitlines()[-1] == plain.stderr.splitlines()[0]
