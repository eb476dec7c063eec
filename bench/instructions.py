"""Instructions a snippet for the tagger and for bare tokenisation, counted by callgrind.

    .venv/bin/python -m bench.instructions [--small 100] [--large 700]

On a shared machine the snippets/s of ``bench.tagging`` move by half between minutes (the
tokeniser alone has read 17,000 and 27,000 snippets/s an hour apart). Valgrind's callgrind
counts the instructions a process runs instead, which the machine's load does not move, so
two versions of the tagger can be compared a change at a time. Each side runs twice in a
fresh process under ``valgrind --tool=callgrind``, over ``--small`` and ``--large`` of the
labelled snippets ``bench.tagging`` uses, and the difference divided by ``large - small`` is
the cost of one snippet, without the start-up (imports, loading the rules). It needs
Debian's ``valgrind`` and takes a few minutes (callgrind runs Python ~50x slower).
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys

from bench.tagging import gold_texts

# what each child process runs: the texts of ``bench.tagging``, then the tagger or the
# tokeniser over them (the side's set-up is inside the count, and cancels out)
CHILD = """
import sys
from bench.tagging import gold_texts
texts = gold_texts(int(sys.argv[2]))
if sys.argv[1] == "tagger":
    from extractors.tagger import load_tagger
    for _ in load_tagger().tag_many(texts):
        pass
else:
    import spacy
    for _ in spacy.blank("en").pipe(texts):
        pass
"""
COLLECTED = re.compile(r"Collected\s*:\s*([\d,]+)")


class ValgrindMissing(RuntimeError):
    """valgrind is not installed."""


def count(side: str, n: int) -> int:
    """Instructions of one child process tagging (or tokenising) ``n`` snippets."""
    valgrind = shutil.which("valgrind")
    if valgrind is None:
        raise ValgrindMissing("valgrind is not installed; apt-get install -y valgrind")
    cmd = [valgrind, "--tool=callgrind", "--callgrind-out-file=/dev/null"]
    cmd += [sys.executable, "-c", CHILD, side, str(n)]
    done = subprocess.run(cmd, capture_output=True, text=True, check=True)
    found = COLLECTED.search(done.stderr)
    if found is None:
        raise RuntimeError(f"callgrind printed no count: {done.stderr[-500:]}")
    return int(found.group(1).replace(",", ""))


def per_snippet(side: str, small: int, large: int) -> float:
    """Instructions one more snippet costs ``side`` ("tagger" or "tokenizer")."""
    return (count(side, large) - count(side, small)) / (large - small)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=100, help="snippets in the first run")
    parser.add_argument("--large", type=int, default=700, help="snippets in the second run")
    args = parser.parse_args()
    if args.large <= args.small:
        parser.error("--large must be more than --small")
    gold_texts(1)  # the snippets are readable before minutes are spent
    try:
        tagger = per_snippet("tagger", args.small, args.large)
        tokenizer = per_snippet("tokenizer", args.small, args.large)
    except ValgrindMissing as exc:
        parser.exit(2, f"error: {exc}\n")
    print(f"channelwatch tagger : {tagger:12,.0f} instructions a snippet")
    print(f"spacy.blank('en')   : {tokenizer:12,.0f} instructions a snippet")
    print(f"ratio: tagging runs {tagger / tokenizer:.1f}x the instructions of bare tokenisation")


if __name__ == "__main__":
    main()
