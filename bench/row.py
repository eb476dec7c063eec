"""One row of the benchmark table: a figure beside its limit, the ratio, the target, met or not."""

from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True, slots=True)
class Row:
    name: str
    figure: str
    limit: str  # the bare-library figure measured in the same run ("" when none applies)
    ratio: str
    target: str
    met: bool | None  # None: not measured in this run
    note: str = ""

    @property
    def verdict(self) -> str:
        return {True: "met", False: "NOT met", None: "n/a"}[self.met]

    def to_json(self) -> dict[str, object]:
        return {**asdict(self), "verdict": self.verdict}
