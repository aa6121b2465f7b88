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
Then the business-case page (``render_business``) per shipped scenario at the scenario's own
business-case trials (``business_case.trials``, as ``bizcase case``): cold (empty caches; target
< 1 s), each finance change — the discount rate, a fee (service credits re-priced at it), the
target margin — with the simulation cached (target < 100 ms), switching the option shown (case
cached), and the tornado.  Times are the callback's wall-clock server time and, in brackets, the
CPU time of this process: on a machine shared with other work the wall clock includes the time
the process waited for a core, the CPU time does not (nor the pool workers' time: a cold case
runs its design points on the app's local pool when ``BIZCASE_WORKERS`` is set — the app's
opt-in, e.g. ``BIZCASE_WORKERS=2 python bench/app.py`` — started before the first case as a
running server's is).
Target: well under 200 ms for each slider of the losses page (DESIGN §6).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bizcase.simulate.execute import LocalPoolExecutor  # noqa: E402
from dashapp import create_app, ids  # noqa: E402
from dashapp.callbacks import business, edit, losses, shell  # noqa: E402
from dashapp.compute import (  # noqa: E402
    business_case,
    case_executor,
    case_trials,
    clear_cache,
    interactive_trials,
    process_cache,
    simulate,
)
from dashapp.library import Library  # noqa: E402
from dashapp.serve import freeze_startup_heap  # noqa: E402
from dashapp.state import working_from_library  # noqa: E402


def _ms(func: Any, repeats: int, before: Any = None) -> float:
    return _timed(func, repeats, before)[0]


def _timed(func: Any, repeats: int, before: Any = None) -> tuple[float, float]:
    """Best wall-clock and CPU milliseconds of ``repeats`` calls (``before`` runs untimed)."""
    best, best_cpu = float("inf"), float("inf")
    for _ in range(repeats):
        if before:
            before()
        began, began_cpu = time.perf_counter(), time.process_time()
        func()
        best = min(best, time.perf_counter() - began)
        best_cpu = min(best_cpu, time.process_time() - began_cpu)
    return best * 1000, best_cpu * 1000


#: Targets of the business-case page at the scenario's own trials (issue 13).
COLD_TARGET_MS = 1000.0
FINANCE_TARGET_MS = 100.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument(
        "--only", choices=("losses", "business"), help="time one page only (default both)"
    )
    args = parser.parse_args()
    app = create_app(tempfile.mkdtemp(), jobs_dir=tempfile.mkdtemp())
    freeze_startup_heap()  # as `bizcase serve` does once the app is built
    with app.server.test_request_context("/"):
        library = Library(**app.server.config["BIZCASE_LIBRARY"])
        shipped = [e.key for e in library.entries() if e.kind == "shipped"]
        if args.only != "business":
            print("Client losses page (ms)")
            print(
                f"{'scenario':<16}{'trials':>7}{'cold':>9}{'fee (cached)':>14}"
                f"{'client cold':>13}{'client (cached)':>17}{'edit':>8}{'preview':>9}"
            )
            for key in shipped:
                report(library, key, args.repeats)
            print()
        if args.only == "losses":
            return
        executor = case_executor()
        if isinstance(executor, LocalPoolExecutor):
            executor.start(wait=True)  # a running server's pool is up before its first case
        load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
        cores = os.cpu_count() or 1
        print(
            "Business case page at the scenario's own trials: server ms, wall (CPU); targets "
            f"cold < {COLD_TARGET_MS:.0f}, finance change < {FINANCE_TARGET_MS:.0f}"
        )
        print(
            f"(* over target; load average {load:.1f} on {cores} cores, the case's design "
            f"points on {executor.workers} worker(s) (BIZCASE_WORKERS): wall > CPU when the "
            "cores are busy, CPU < wall when the pool computes; sims = runs a finance change "
            "simulated, MB = the process cache)"
        )
        print(
            f"{'scenario':<16}{'trials':>7}{'cold':>14}{'discount rate':>15}{'fee':>13}"
            f"{'margin':>13}{'switch':>9}{'tornado':>9}{'sims':>6}{'MB':>6}"
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
    bc = scenario.business_case

    def render(data: dict[str, Any], name: str = option, side: str = "integrator") -> None:
        out = business.render_business(name, side, data, page)
        if out[0] is not None:  # an alert instead of the case: a benchmark of nothing
            raise SystemExit(f"{key}: {out[0]}")

    clear_cache()
    cold = _timed(lambda: render(working), 1)
    simulations = process_cache().simulations

    def edited(path: str, value: float) -> dict[str, Any]:
        return dict(working, scenario=_with(working["scenario"], path, value))

    changes = [
        edited("business_case.discount_rate", float(bc.discount_rate) + 0.01),
        edited(f"options.{option}.annual_fee", scenario.options[option].annual_fee * 0.9),
        edited("business_case.target_margin", float(bc.target_margin) + 0.05),
    ]
    times = [_timed(lambda data=data: render(data), 1) for data in changes]
    resimulated = process_cache().simulations - simulations
    switch = _timed(lambda: render(changes[-1], other, "client"), 1)
    business_case(scenario)
    megabytes = process_cache().nbytes / 2**20
    tornado_ms = _ms(
        lambda: business.run_tornado(lambda _p: None, 1, other, "integrator", working, page), 1
    )

    def cell(pair: tuple[float, float], width: int, target: float) -> str:
        mark = "" if pair[0] < target else "*"
        return f"{f'{pair[0]:.0f}{mark} ({pair[1]:.0f})':>{width}}"

    print(
        f"{key:<16}{case_trials(scenario):>7}{cell(cold, 14, COLD_TARGET_MS)}"
        f"{cell(times[0], 15, FINANCE_TARGET_MS)}{cell(times[1], 13, FINANCE_TARGET_MS)}"
        f"{cell(times[2], 13, FINANCE_TARGET_MS)}{switch[0]:>9.0f}{tornado_ms:>9.0f}"
        f"{resimulated:>6}{megabytes:>6.0f}"
    )
    if resimulated:
        raise SystemExit(f"{key}: a finance change simulated again ({resimulated} runs)")


def _with(data: dict[str, Any], path: str, value: float) -> dict[str, Any]:
    import copy

    from dashapp.fields import set_path

    out = copy.deepcopy(data)
    set_path(out, path, value)
    return out


if __name__ == "__main__":
    main()
