"""What an eval suite returns (ResultTable), how it prints, and the missing-data error."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..errors import UsageError


class EvalDataMissing(UsageError):
    """The evaluation data a suite needs is not where it was looked for (CLI exit status 2).

    The message names the path looked at, what should be there, and the option
    to pass: `--data DIR` is the folder that holds the data sets (article-extraction-dev/,
    attribution-polnear/, ...), not a data set folder itself.
    """

    def __init__(self, path: Path, what: str):
        super().__init__(
            f"{Path(path).resolve()}: evaluation data not found ({what}); "
            "pass --data DIR, the folder that holds the data sets (e.g. ../shared/data)"
        )
        self.path = Path(path)


@dataclass
class ResultTable:
    """One suite's result: a titled table of rows plus notes printed under it."""

    title: str
    columns: list[str]
    rows: list[list[object]]
    notes: list[str] = field(default_factory=list)
    # column name -> format spec for floats, e.g. {"seconds": ".1f"}; others print with ".3f"
    formats: dict[str, str] = field(default_factory=dict)

    def as_dicts(self) -> list[dict[str, object]]:
        """Rows keyed by column name (for JSON output and tests)."""
        return [dict(zip(self.columns, row)) for row in self.rows]


def one_to_one(candidates: list[tuple]) -> list[tuple[int, int]]:
    """Greedy one-to-one pairs from (score, predicted index, gold index) candidates, best
    score first: each prediction and each gold item is used once."""
    pairs, used_p, used_g = [], set(), set()
    for _, i, j in sorted(candidates, reverse=True):
        if i not in used_p and j not in used_g:
            pairs.append((i, j))
            used_p.add(i)
            used_g.add(j)
    return pairs


def _cell(value: object, spec: str = ".3f") -> str:
    """Floats to three places (as the benchmarks publish them) unless told, None to blank."""
    if value is None:
        return ""
    if isinstance(value, float):
        return format(value, spec)
    return str(value)


def format_table(table: ResultTable) -> str:
    """A plain-text table: title, aligned columns, then the notes."""
    specs = [table.formats.get(column, ".3f") for column in table.columns]
    cells = [table.columns] + [[_cell(v, spec) for v, spec in zip(row, specs)] for row in table.rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(table.columns))]
    lines = [table.title, ""]
    for n, row in enumerate(cells):
        first = row[0].ljust(widths[0])
        rest = [value.rjust(width) for value, width in zip(row[1:], widths[1:])]
        lines.append("  ".join([first, *rest]).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    lines.extend(f"  {note}" for note in table.notes)
    return "\n".join(lines)
