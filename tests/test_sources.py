"""data/sources.toml loading: the shipped list, and the message a user gets for each mistake."""

from __future__ import annotations

from pathlib import Path

import pytest

from channelwatch.errors import ConfigError
from extractors.models import Source
from extractors.sources import load_sources

SHIPPED = Path(__file__).resolve().parent.parent / "data" / "sources.toml"

GOOD = """
[[source]]
name = "openai-news"
url = "https://openai.com/news/rss.xml"
tags = ["newsroom", "openai"]

[[source]]
name = "techcrunch-ai"
url = "https://techcrunch.com/category/artificial-intelligence/feed/"
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "sources.toml"
    path.write_text(text, encoding="utf-8")
    return path


def error_for(tmp_path: Path, text: str) -> str:
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as info:
        load_sources(path)
    message = str(info.value)
    assert str(path) in message, "the error must name the file"
    return message


def test_shipped_sources_load_with_15_to_30_feeds() -> None:
    sources = load_sources(SHIPPED)
    assert 15 <= len(sources) <= 30
    assert all(s.url.startswith("https://") for s in sources)
    assert len({s.name for s in sources}) == len(sources)
    assert {"openai-news", "techcrunch-ai"} <= {s.name for s in sources}


def test_good_file_gives_sources_in_order(tmp_path: Path) -> None:
    sources = load_sources(write(tmp_path, GOOD))
    assert sources == [
        Source("openai-news", "https://openai.com/news/rss.xml", ("newsroom", "openai")),
        Source("techcrunch-ai", "https://techcrunch.com/category/artificial-intelligence/feed/"),
    ]


def test_missing_file_says_how_to_fix(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"not found.*--sources"):
        load_sources(tmp_path / "nope.toml")


def test_malformed_toml_gives_line_and_column(tmp_path: Path) -> None:
    message = error_for(tmp_path, '[[source]]\nname = "a"\nurl = https://x.example/feed\n')
    assert "invalid TOML" in message
    assert "line 3" in message
    assert "column" in message


def test_no_source_table(tmp_path: Path) -> None:
    message = error_for(tmp_path, "# nothing here yet\n")
    assert "no [[source]] table" in message


def test_single_brackets_table_is_explained(tmp_path: Path) -> None:
    message = error_for(tmp_path, '[source]\nname = "a"\nurl = "https://a.example/feed"\n')
    assert "[[source]]" in message


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ('url = "https://a.example/feed"', "missing name"),
        ('name = ""\nurl = "https://a.example/feed"', "name is empty"),
        ('name = "a"', "missing url"),
        ('name = "a"\nurl = "  "', "url is empty"),
    ],
)
def test_missing_or_empty_name_or_url(tmp_path: Path, body: str, expected: str) -> None:
    message = error_for(tmp_path, GOOD + "\n[[source]]\n" + body + "\n")
    assert expected in message
    assert "source #3" in message


def test_duplicate_name_names_both_entries(tmp_path: Path) -> None:
    text = GOOD + '\n[[source]]\nname = "openai-news"\nurl = "https://other.example/feed"\n'
    message = error_for(tmp_path, text)
    assert "source #3 ('openai-news')" in message
    assert "duplicate name" in message
    assert "#1" in message
    assert "unique name" in message


def test_duplicate_url_ignores_case_of_host_and_trailing_slash(tmp_path: Path) -> None:
    text = GOOD + '\n[[source]]\nname = "again"\nurl = "https://OpenAI.com/news/rss.xml/"\n'
    message = error_for(tmp_path, text)
    assert "source #3 ('again')" in message
    assert "duplicate url" in message
    assert "#1" in message


@pytest.mark.parametrize(
    "url", ["file:///etc/passwd", "javascript:alert(1)", "ftp://a.example/feed"]
)
def test_url_must_be_http(tmp_path: Path, url: str) -> None:
    message = error_for(tmp_path, f'[[source]]\nname = "bad"\nurl = "{url}"\n')
    assert "source #1 ('bad')" in message
    assert "not http(s)" in message


def test_url_without_host(tmp_path: Path) -> None:
    message = error_for(tmp_path, '[[source]]\nname = "bad"\nurl = "https:///feed"\n')
    assert "no host" in message


@pytest.mark.parametrize("tags", ['"ai"', '["ai", 3]', '[["ai"]]'])
def test_tags_must_be_a_list_of_strings(tmp_path: Path, tags: str) -> None:
    text = f'[[source]]\nname = "a"\nurl = "https://a.example/feed"\ntags = {tags}\n'
    message = error_for(tmp_path, text)
    assert "tags must be a list of strings" in message
    assert "source #1 ('a')" in message


def test_unknown_key_lists_allowed_keys(tmp_path: Path) -> None:
    text = '[[source]]\nname = "a"\nurl = "https://a.example/feed"\ntitle = "A feed"\n'
    message = error_for(tmp_path, text)
    assert "unknown key(s) 'title'" in message
    assert "allowed keys are name, url, tags" in message


def test_name_must_be_a_slug_and_a_fix_is_suggested(tmp_path: Path) -> None:
    message = error_for(
        tmp_path, '[[source]]\nname = "The Verge AI"\nurl = "https://v.example/f"\n'
    )
    assert "not a slug" in message
    assert "'the-verge-ai'" in message
