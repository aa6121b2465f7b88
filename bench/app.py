"""Benchmark of the app's main slider callbacks (prints timings; never a pass/fail test).

    python bench/app.py [--repeats 5]

For every shipped scenario, at the default interactive trial count, the server time of:
* ``render_losses`` cold (empty simulation cache: a driver slider such as revenue at risk);
* ``render_losses`` with cached incidents (a fee slider: only prices change, figures patched);
* ``render_losses`` after a client-input slider (revenue at risk ×1.5): cold (re-simulated, as
  before the incidents' cache left client figures out of its key) and with the cached incidents
  priced again (``LossModel.annual_from_components``);
* ``apply_edits`` (validating a form value into the working scenario);
* ``preview`` on the edit page with cached incidents.
Then the business-case page (``render_business``) per shipped scenario at its live trial count:
cold (empty caches), a finance-only change (discount rate: simulated incidents and delivery costs
reused from the process cache), switching the option shown (case cached), and the tornado.
Target: well under 200 ms for each slider of the losses page (DESIGN §6).
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
from dashapp.callbacks import business, edit, losses, shell  # noqa: E402
from dashapp.compute import (  # noqa: E402
    business_case,
    case_trials,
    clear_cache,
    interactive_trials,
    process_cache,
    simulate,
)
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
        print("Client losses page (ms)")
        print(
            f"{'scenario':<16}{'trials':>7}{'cold':>9}{'fee (cached)':>14}"
            f"{'client cold':>13}{'client (cached)':>17}{'edit':>8}{'preview':>9}"
        )
        shipped = [e.key for e in library.entries() if e.kind == "shipped"]
        for key in shipped:
            report(library, key, args.repeats)
        print()
        print("Business case page (ms)")
        print(
            f"{'scenario':<16}{'trials':>7}{'cold':>9}{'finance (cached)':>18}"
            f"{'option switch':>15}{'tornado':>9}{'reused':>8}"
        )
        for key in shipped:
            report_business(library, key)


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
    revenue = scenario.client.revenue_at_risk_per_hour * 1.5
    client = dict(
        working,
        scenario=_with(working["scenario"], "client.revenue_at_risk_per_hour", revenue),
    )
    n = interactive_trials(scenario)

    def cold_client() -> None:
        # what every client-input change cost before: a simulation of its own
        from bizcase import run_simulation

        run_simulation(library.load(key), trials=n, seed=scenario.simulation.seed)
        losses.render_losses(client, page, True, simkey)

    client_cold = _ms(cold_client, repeats)
    simulate(scenario, n)  # the incidents are cached
    client_cached = _ms(lambda: losses.render_losses(client, page, True, simkey), repeats)
    fields = [{"type": ids.FIELD, "path": fee_path}]
    edit_ms = _ms(lambda: shell.apply_edits([999.0], fields, working, page), repeats)
    preview = _ms(lambda: edit.preview(working, dict(page, page="edit")), repeats)
    print(
        f"{key:<16}{interactive_trials(scenario):>7}{cold:>9.0f}{cached:>14.0f}"
        f"{client_cold:>13.0f}{client_cached:>17.0f}{edit_ms:>8.0f}{preview:>9.0f}"
    )


def report_business(library: Library, key: str) -> None:
    """One line of business-page timings for one shipped scenario (single runs: they are long)."""
    page = {"page": "business", "scenario": key, "lang": "en"}
    working = working_from_library(library, key)
    scenario = library.load(key)
    option = next(n for n in scenario.options if n != scenario.baseline)
    other = [n for n in scenario.options if n != scenario.baseline][-1]
    clear_cache()
    cold = _ms(lambda: business.render_business(option, "integrator", working, page), 1)
    rate = float(scenario.business_case.discount_rate) + 0.01
    finance = dict(
        working, scenario=_with(working["scenario"], "business_case.discount_rate", rate)
    )
    cached = _ms(lambda: business.render_business(option, "integrator", finance, page), 1)
    switch = _ms(lambda: business.render_business(other, "client", finance, page), 1)
    business_case(scenario)
    hits = process_cache().hits
    tornado_ms = _ms(
        lambda: business.run_tornado(lambda _p: None, 1, other, "integrator", working, page), 1
    )
    reused = process_cache().hits - hits
    print(
        f"{key:<16}{case_trials(scenario):>7}{cold:>9.0f}{cached:>18.0f}{switch:>15.0f}"
        f"{tornado_ms:>9.0f}{reused:>8}"
    )


def _with(data: dict[str, Any], path: str, value: float) -> dict[str, Any]:
    import copy

    from dashapp.fields import set_path

    out = copy.deepcopy(data)
    set_path(out, path, value)
    return out


if __name__ == "__main__":
    main()
