"""The tagger's scores do not depend on the process's string hashing.

Python salts ``str`` hashes per process (``PYTHONHASHSEED``), so anything iterated out of a
set of words comes in another order in the next run. Summed in another order, a proposal's
feature weights differ in their last bits: a stored confidence could round the other way, or
a candidate sitting on a threshold could flip, between the daily run and a ``reprocess`` of
the same page. When the features came out of sets, the raw probabilities of the labelled
sets' candidates differed between any two seeds.
"""

from __future__ import annotations

import os
import subprocess
import sys

from channelwatch.settings import ROOT

TEXTS = [
    "Oracle will supply OpenAI with 4.5 gigawatts of capacity, the companies said.",
    "Databricks will offer OpenAI's GPT-5 on its platform, Reuters reported on Tuesday.",
    "Microsoft no longer holds exclusive rights to resell OpenAI's models, and it will stop "
    "paying a revenue share on the products it resells, people familiar said.",
    "Anthropic is in talks with Google about renting more TPUs, and Amazon remains its "
    "primary cloud and training partner.",
]

SCRIPT = f"""
from extractors.tagger import load_tagger
from extractors.tagger.features import candidates
from extractors.tagger.status_choice import status_features
t = load_tagger()
for text in {TEXTS!r}:
    for view in t.analyser(text, None):
        for c in candidates(view):
            p = t.model.probability(c)
            print(c.type, c.actors, repr(p), t.model.status(status_features(c)))
"""


def scores_under(seed: str) -> list[str]:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    proc = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, cwd=ROOT, env=env
    )
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.splitlines()


def test_every_candidates_probability_is_the_same_bits_under_any_hash_seed() -> None:
    first = scores_under("1")
    assert len(first) > 20  # every type for every party set of four sentences
    for seed in ("2", "3", "4"):
        assert scores_under(seed) == first, f"PYTHONHASHSEED={seed} scored differently"
