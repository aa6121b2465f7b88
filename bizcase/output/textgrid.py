"""Plain-text tables for the command line: columns aligned to their widest cell."""

from __future__ import annotations

import math


def grid(header: list[str], rows: list[list[str]]) -> list[str]:
    """Lines of a table: the first column left-aligned, the rest right-aligned, a rule under
    the header.

    Examples
    --------
    >>> print("\\n".join(grid(["option", "loss"], [["today", "1,000"], ["24x7x4", "50"]])))
    option   loss
    -------------
    today   1,000
    24x7x4     50
    """
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    lines = []
    for k, row in enumerate([header, *rows]):
        cells = [row[0].ljust(widths[0])] + [
            c.rjust(w) for c, w in zip(row[1:], widths[1:], strict=True)
        ]
        lines.append("  ".join(cells).rstrip())
        if k == 0:
            lines.append("-" * len(lines[-1]))
    return lines


def money(value: float | None, missing: str = "n/a") -> str:
    """Whole currency units with thousands separators; ``missing`` for None, NaN or infinity."""
    if value is None or not math.isfinite(value):
        return missing
    return f"{value:,.0f}"
