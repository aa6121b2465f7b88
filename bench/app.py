"""Benchmark of the app's main slider callbacks (prints timings; never a pass/fail test).

    python bench/app.py [--repeats 5]

For every shipped scenario, at the default interactive trial count, the server time of:
* ``render_losses`` cold (empty simulation cache: a driver slider such as revenue at risk);
* ``render_losses`` with cached incidents (a fee slider: only prices change, figures patched);
* ``apply_edits`` (validating a form value into the working scenario);
* ``preview`` on the edit page with cached incidents.
Target: well under 200 ms for each (DESIGN §6).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dashapp import create_app, ids  # noqa: E402
from dashapp.callbacks import edit, losses, shell  # noqa: E402
from dashapp.compute import clear_cache, interactive_trials  # noqa: E402
from dashapp.library import Library  # noqa: E402
from dashapp.state import working_from_library  # noqa: E402


def _ms(func: Any, repeats: int, before: Any = None) -> float:
    best = float("inf")
    for _ in range(repeats):
        if before:
            before()
        began = time.perf_counter()
        func()
        best = min(best, time.perf_counter() - began)
    return best * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    app = create_app(tempfile.mkdtemp(), jobs_dir=tempfile.mkdtemp())
    with app.server.test_request_context("/"):
        library = Library(**app.server.config["BIZCASE_LIBRARY"])
        print(
            f"{'scenario':<16}{'trials':>7}{'cold':>9}{'fee (cached)':>14}{'edit':>8}{'preview':>9}   ms"
        )
        for entry in library.entries():
            if entry.kind == "shipped":
                report(library, entry.key, args.repeats)


def report(library: Library, key: str, repeats: int) -> None:
    """One line of timings for one shipped scenario."""
    page = {"page": "losses", "scenario": key, "lang": "en"}
    working = working_from_library(library, key)
    scenario = library.load(key)
    cold = _ms(lambda: losses.render_losses(working, page, True, None), repeats, clear_cache)
    simkey = losses.render_losses(working, page, True, None)[-1]
    fee_path = next(f"options.{n}.annual_fee" for n in scenario.options if n != scenario.baseline)
    edited = dict(working, scenario=_with(working["scenario"], fee_path, 12345.0))
    cached = _ms(lambda: losses.render_losses(edited, page, True, simkey), repeats)
    fields = [{"type": ids.FIELD, "path": fee_path}]
    edit_ms = _ms(lambda: shell.apply_edits([999.0], fields, working, page), repeats)
    preview = _ms(lambda: edit.preview(working, dict(page, page="edit")), repeats)
    print(
        f"{key:<16}{interactive_trials(scenario):>7}{cold:>9.0f}{cached:>14.0f}"
        f"{edit_ms:>8.0f}{preview:>9.0f}"
    )


def _with(data: dict[str, Any], path: str, value: float) -> dict[str, Any]:
    import copy

    from dashapp.fields import set_path

    out = copy.deepcopy(data)
    set_path(out, path, value)
    return out


if __name__ == "__main__":
    main()
