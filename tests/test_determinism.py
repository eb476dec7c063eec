"""The same text gives the same events in every process (Dask workers, re-runs).

Python salts string hashes per process, so anything that iterates a set of strings
can change rule ids or events between processes; this caught one such tie-break.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from channelwatch.settings import DATA_DIR
from extractors.articles import extract_article


def test_tagging_does_not_depend_on_the_hash_seed(tmp_path: Path) -> None:
    lines = []
    for page in sorted((DATA_DIR / "demo" / "articles").glob("*.html")):
        article = extract_article(page.read_bytes(), url=f"http://x/{page.name}", source="d")
        assert article is not None
        lines.append(json.dumps({"id": page.stem, "text": article.text}))
    texts = tmp_path / "texts.jsonl"
    texts.write_text("\n".join(lines) + "\n", encoding="utf-8")
    outputs = set()
    for seed in ("1", "2", "3"):
        result = subprocess.run(
            [sys.executable, "-m", "channelwatch.cli", "tag", str(texts)],
            env=os.environ | {"PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
        )
        outputs.add(result.stdout)
    assert len(outputs) == 1
    assert any(json.loads(line)["events"] for line in outputs.pop().splitlines())
