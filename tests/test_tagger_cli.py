"""``channelwatch tag``: JSON lines in, one JSON line per input out, in order."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from channelwatch.commands.tag import command
from channelwatch.settings import ROOT

LINES = [
    {"id": "a", "text": "Oracle will supply OpenAI with 4.5 gigawatts of capacity."},
    {"id": "b", "text": "Nothing happened today.", "published": "2026-11-26"},
    {"id": 3, "text": "Databricks will offer OpenAI's GPT-5 on its platform, Reuters reported."},
]


def jsonl(rows: list[object]) -> str:
    return "".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in rows)


def test_outputs_one_line_per_input_in_order(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    path.write_text(jsonl(LINES))
    result = CliRunner().invoke(command, [str(path)])
    assert result.exit_code == 0, result.output
    out = [json.loads(x) for x in result.output.splitlines()]
    assert [o["id"] for o in out] == ["a", "b", "3"]
    assert out[1]["events"] == []
    (ev,) = out[2]["events"]
    assert ev["type"] == "distribution_expansion" and ev["status"] == "reported"
    assert set(ev) >= {"actors", "evidence", "start_char", "end_char", "rule_id", "confidence"}


def test_reads_stdin_by_default_and_with_dash() -> None:
    for args in ([], ["-"]):
        result = CliRunner().invoke(command, args, input=jsonl(LINES[:1]))
        assert result.exit_code == 0
        assert json.loads(result.output)["events"][0]["type"] == "hosting_deal"


def run_cli(*args: str, stdin: str) -> subprocess.CompletedProcess[str]:
    exe = Path(sys.executable).with_name("channelwatch")
    return subprocess.run(
        [str(exe), "tag", *args], input=stdin, capture_output=True, text=True, cwd=ROOT
    )


def test_malformed_line_names_the_line_and_exits_2() -> None:
    proc = run_cli(stdin=jsonl([LINES[0], "{broken", LINES[1]]))
    assert proc.returncode == 2
    assert "<stdin>:2" in proc.stderr and "not JSON" in proc.stderr
    assert proc.stdout == ""


def test_missing_text_is_an_error_naming_the_line() -> None:
    proc = run_cli(stdin=jsonl([LINES[0], {"id": "x"}]))
    assert proc.returncode == 2 and "<stdin>:2" in proc.stderr and '"text"' in proc.stderr


def test_skip_bad_reports_and_continues() -> None:
    proc = run_cli(
        "--skip-bad", stdin=jsonl([LINES[0], "{broken", {"id": "y", "text": 5}, LINES[1]])
    )
    assert proc.returncode == 0
    assert [json.loads(x)["id"] for x in proc.stdout.splitlines()] == ["a", "b"]
    assert "<stdin>:2" in proc.stderr and "<stdin>:3" in proc.stderr


# a short page telling a deal from eight days before its date: as a page (the daily run's
# reading) the deal is retold, as a snippet cut around its news it is news
OLD_DEAL = {
    "id": "p",
    "text": "Mistral announced on November 12 that it will sell its models through AWS Bedrock.",
    "published": "2026-11-20",
}


def tagged(*args: str) -> list[dict[str, object]]:
    proc = run_cli(*args, stdin=jsonl([OLD_DEAL]))
    assert proc.returncode == 0, proc.stderr
    (line,) = proc.stdout.splitlines()
    events: list[dict[str, object]] = json.loads(line)["events"]
    return events


def test_read_as_article_reads_a_short_text_as_the_daily_run_reads_a_page() -> None:
    (as_page,) = tagged("--read-as", "article")
    (as_snippet,) = tagged("--read-as", "snippet")
    (by_length,) = tagged()
    for ev in (as_page, as_snippet, by_length):
        assert ev["type"] == "distribution_expansion" and ev["event_date"] == "2026-11-12"
    assert as_page["background"] is True
    assert as_snippet["background"] is False and by_length["background"] is False


def test_read_as_rejects_an_unknown_reading_naming_the_choices() -> None:
    proc = run_cli("--read-as", "page", stdin=jsonl([LINES[0]]))
    assert proc.returncode == 2 and proc.stdout == ""
    assert "--read-as" in proc.stderr and "'article'" in proc.stderr


def test_tag_command_does_not_import_prefect() -> None:
    code = (
        "import sys; import channelwatch.commands.tag; import extractors.tagger; "
        "print('prefect' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert out.stdout.strip() == "False", out.stderr
