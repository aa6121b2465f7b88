"""The integrator's portfolio of whole contracts: pipeline wins, binomial churn, renewals, mix.

Per trial and year ``t = 1…H`` each line of the portfolio (support, outsourcing) holds

    N_t = N_{t−1} + W_t − L_t,   W_t ~ Binomial(prospects_t, win),   L_t ~ Binomial(N_{t−1}, churn)

whole contracts (``N_0`` = the contracts at start, signed for year 1: ``L_1 = 0``), so ``E[N_t] = E[N_{t−1}]·(1 − churn) +
prospects_t·win``.  A contract won in year ``s`` pays ``fee·(1 + e)^(t−1)·(1 + Δ)^k`` in year
``t`` (``e`` the price escalation, ``Δ`` the renewal price change after its ``k = ⌊(t − s) /
term⌋``-th renewal; an outsourcing contract also glides by its ``price_glide_per_year`` from its
second year).  The line's yearly cost to serve is its option's delivery staircase at ``N_t``
(rota, desk, service manager, monitoring shared by the line's contracts, holding net of the
cost of capital — the same :func:`bizcase.economics.business.portfolio_staircase` and
:func:`~bizcase.economics.business._portfolio_basis` as the expected-value portfolio table),
grown by cost inflation; no contracts cost nothing.  Outsourcing contracts add, per contract,
their transferred engineers (who fill first-line seats of the staircase; the client pays them
for the dual-running months of the first year), their monitoring-centre share or offshore fee,
and in the year won their transition.  Every won contract costs the sales effort in its year.

Year 0 pays the business's set-up and any monitoring-centre capex.  The spares stock is bought
a year ahead of the count it serves, to the highest count yet (a churned client's parts stay on
the shelf), and returns ``spares_residual_share`` of its capital at the horizon.  **Year 0 is
undiscounted; year t is discounted by (1 + r)^t.**  An outsourcing contract longer than two
years carries, from its third year, the modernisation budget (revenue, grown by cost inflation)
and its cost (``budget × (1 − modernisation_margin)``), as its one-contract ledger does.
Service credits and the staged strategy's knowledge ramp are left out, as in the expected-value
table.  Ranged finance inputs (fees, escalation, inflation, discount rate, set-up and sales
costs) vary by trial as in the ledgers; the staircase is the base design's.  All trials are
drawn at once (a loop over years and contract cohorts, never over trials) from a child of the
case's seed.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd
from numpy.typing import NDArray
from scipy import stats

from bizcase.economics.business import (
    StaircaseCredits,
    _col,
    _Context,
    _portfolio_basis,
    npv_spread,
    offered_options,
    portfolio_option,
    portfolio_staircase,
)
from bizcase.economics.finance import npv
from bizcase.model import Scenario
from bizcase.simulate.engine import make_rng

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]

#: Spawn key of the portfolio's random stream under the case seed (apart from the LHS streams).
PORTFOLIO_STREAM = 0x706F7274
#: A drawn count is above the staircase's last row with at most this probability per line.
COUNT_TAIL = 1e-9
KINDS: tuple[str, ...] = ("support", "outsourcing")


@dataclass(frozen=True)
class LineSpec:
    """One portfolio line with its defaults resolved: what is sold, to whom, how often won."""

    kind: str
    option: str
    contracts_at_start: int
    prospects: IntArray  # per year 1…H
    win_probability: FloatArray  # per year 1…H
    churn_probability: float
    term_years: int | None
    renewal_price_change: float

    @property
    def expected_wins(self) -> FloatArray:
        """``prospects_t · win_t`` per year."""
        return self.prospects * self.win_probability

    def max_contracts(self) -> int:
        """A count the line exceeds with probability below :data:`COUNT_TAIL`, at least 1."""
        total = int(self.prospects.sum())
        p = float(np.max(self.win_probability)) if total else 0.0
        wins = 0 if total == 0 or p == 0 else int(stats.binom.ppf(1.0 - COUNT_TAIL, total, p))
        return max(1, self.contracts_at_start + wins)


def _per_year(values: tuple[float, ...] | tuple[int, ...], years: int) -> list[float]:
    return [float(values[min(t, len(values) - 1)]) for t in range(years)]


def outsourcing_option(scenario: Scenario) -> str | None:
    """The outsourcing option of the portfolio: the staged strategy's, else the last offered."""
    staged = scenario.business_case.staged
    if staged is not None and scenario.options[staged.outsourcing].outsourcing is not None:
        return staged.outsourcing
    offered = [n for n in offered_options(scenario) if scenario.options[n].outsourcing is not None]
    return offered[-1] if offered else None


def portfolio_lines(scenario: Scenario) -> tuple[LineSpec, ...]:
    """The portfolio's lines with defaults resolved (none without a delivery model).

    Notes
    -----
    Without a ``support`` table the support line wins ``w_t = contracts_won_per_year[t]`` in
    expectation: ``⌈w_t⌉`` prospects at ``w_t / ⌈w_t⌉`` (certain wins when ``w_t`` is whole)
    and loses each contract with probability ``churn_rate`` a year — the expected-value table's
    ``n_t = n_{t−1}(1 − churn) + w_t`` in expectation.  Without an ``outsourcing`` table the
    portfolio holds no outsourcing contracts.

    Examples
    --------
    >>> from bizcase.model import load_scenario
    >>> from bizcase.model.io import shipped_scenario
    >>> s = load_scenario(shipped_scenario("manufacturing"))
    >>> [line.kind for line in portfolio_lines(s)][0]
    'support'
    """
    if scenario.delivery is None:
        return ()
    portfolio = scenario.business_case.portfolio
    years = scenario.business_case.horizon_years
    defaults = {"support": portfolio_option(scenario), "outsourcing": outsourcing_option(scenario)}
    out = []
    for kind in KINDS:
        line = getattr(portfolio, kind)
        name = line.option if line is not None and line.option is not None else defaults[kind]
        if name is None or (line is None and kind == "outsourcing"):
            continue
        if line is None or line.prospects_per_year is None:
            if kind == "support":
                won = _per_year(portfolio.contracts_won_per_year, years)
                prospects = [math.ceil(w - 1e-9) for w in won]
                win = [w / n if n else 0.0 for w, n in zip(won, prospects, strict=True)]
            else:
                prospects, win = [0] * years, [0.0] * years
        else:
            prospects = [int(v) for v in _per_year(line.prospects_per_year, years)]
            win = [float(line.win_probability or 0.0)] * years
        churn = portfolio.churn_rate
        if line is not None and line.churn_probability is not None:
            churn = line.churn_probability
        out.append(
            LineSpec(
                kind=kind,
                option=name,
                contracts_at_start=0 if line is None else line.contracts_at_start,
                prospects=np.asarray(prospects, dtype=np.int64),
                win_probability=np.minimum(np.asarray(win, dtype=np.float64), 1.0),
                churn_probability=float(churn),
                term_years=None if line is None else line.term_years,
                renewal_price_change=0.0 if line is None else float(line.renewal_price_change),
            )
        )
    return tuple(out)


def staircase_requests(scenario: Scenario, expected_rows: int | None) -> list[tuple[str, int]]:
    """``(option, rows)`` of each staircase :func:`portfolio_staircases` simulates besides the
    expected-value table (of ``expected_rows`` rows; None when there is none).

    A caller may build these tables ahead (independent tasks on an executor) and hand them to
    :func:`portfolio_staircases` as ``built``.
    """
    support = portfolio_option(scenario)
    out = []
    for line in portfolio_lines(scenario):
        rows = line.max_contracts()
        if expected_rows is not None and line.option == support and expected_rows >= rows:
            continue
        out.append((line.option, rows))
    return out


def portfolio_staircases(
    scenario: Scenario,
    expected_table: pd.DataFrame | None = None,
    built: Mapping[tuple[str, int], pd.DataFrame | None] | None = None,
) -> dict[str, pd.DataFrame]:
    """Option → delivery staircase (cost to serve by contracts) covering every line's counts.

    The support option's table is the expected-value table's (``expected_table``, reused when
    given), extended when a pipeline can reach more contracts (:meth:`LineSpec.max_contracts`).
    ``built`` holds tables already built for :func:`staircase_requests` (``(option, rows)`` →
    the table of :func:`~bizcase.economics.business.portfolio_staircase`); the others are built
    here.
    """
    out: dict[str, pd.DataFrame] = {}
    for line in portfolio_lines(scenario):
        reuse = expected_table is not None and line.option == portfolio_option(scenario)
        if reuse and expected_table is not None and len(expected_table) >= line.max_contracts():
            out[line.option] = expected_table
            continue
        request = (line.option, line.max_contracts())
        if built is not None and request in built:
            table = built[request]
        else:
            table = portfolio_staircase(scenario, *request)
        if table is not None:
            out[line.option] = table
    return out


@dataclass(frozen=True)
class ContractDraws:
    """Whole contracts of one line per trial: ``cohorts[i, t − 1, c]`` are trial ``i``'s
    contracts of cohort ``c`` (0 = at start, else the year won) active in year ``t``."""

    line: LineSpec
    cohorts: IntArray  # (trials, years, years + 1)
    won: IntArray  # (trials, years)
    churned: IntArray  # (trials, years)

    @property
    def active(self) -> IntArray:
        """Contracts in force in each year, shape (trials, years)."""
        return self.cohorts.sum(axis=2)


def draw_contracts(
    line: LineSpec, trials: int, years: int, rng: np.random.Generator
) -> ContractDraws:
    """Wins and churn of one line over ``years`` for ``trials`` trials at once.

    Notes
    -----
    ``L_t`` is drawn per cohort, ``Binomial(n_c, churn)`` each; their sum is
    ``Binomial(N_{t−1}, churn)``.  Churn hits the contracts in force at the end of year
    ``t − 1`` (from year 2 on: the contracts at start are signed for year 1, ``N_1 =
    start + W_1``); a contract won in year ``t`` is in force (and pays) all of year ``t``.

    Examples
    --------
    >>> line = LineSpec("support", "x", 2, np.array([3, 3]), np.array([1.0, 1.0]), 0.0, None, 0.0)
    >>> draw_contracts(line, 2, 2, np.random.default_rng(1)).active.tolist()
    [[5, 8], [5, 8]]
    """
    current = np.zeros((trials, years + 1), dtype=np.int64)
    current[:, 0] = line.contracts_at_start
    cohorts = np.zeros((trials, years, years + 1), dtype=np.int64)
    won = np.zeros((trials, years), dtype=np.int64)
    churned = np.zeros((trials, years), dtype=np.int64)
    for t in range(1, years + 1):
        # contracts at start are signed for year 1: churn takes contracts from year 2 on
        lost = rng.binomial(current, line.churn_probability if t > 1 else 0.0)
        current = current - lost
        wins = rng.binomial(int(line.prospects[t - 1]), float(line.win_probability[t - 1]), trials)
        current[:, t] = wins
        cohorts[:, t - 1] = current
        won[:, t - 1] = wins
        churned[:, t - 1] = lost.sum(axis=1)
    return ContractDraws(line=line, cohorts=cohorts, won=won, churned=churned)


def fee_factors(
    years: int, escalation: float, term_years: int | None, renewal_change: float, glide: float = 0.0
) -> FloatArray:
    """Fee per unit list fee of a contract of cohort ``c`` in year ``t``: shape (years, years + 1).

    Notes
    -----
    ``(1 + e)^(t−1) · (1 + Δ)^⌊(t − s)/term⌋ · (1 + g)^(t − s)`` for ``t ≥ s``, 0 before, with
    ``s = max(c, 1)`` the contract's first year (contracts at start count from year 1).

    Examples
    --------
    >>> fee_factors(4, 0.0, 2, -0.1)[:, 1].round(4).tolist()
    [1.0, 1.0, 0.9, 0.9]
    """
    t = np.arange(1, years + 1, dtype=np.float64)[:, None]
    s = np.maximum(np.arange(years + 1, dtype=np.float64), 1.0)[None, :]
    age = t - s
    renewals = (
        np.zeros_like(age) if term_years is None else np.floor(np.maximum(age, 0) / term_years)
    )
    factor = (1 + escalation) ** (t - 1) * (1 + renewal_change) ** renewals
    factor = factor * (1 + glide) ** np.maximum(age, 0)
    return np.where(age >= 0, factor, 0.0)


@dataclass(frozen=True)
class PortfolioResult:
    """The portfolio of whole contracts per trial: counts by line, money per year, NPV.

    Money arrays are (trials, years) for years 1…H; ``flows`` (trials, H + 1) adds year 0 and
    the stock; ``npv`` is per trial at the case's discount rate.
    """

    lines: tuple[LineSpec, ...]
    contracts: dict[str, IntArray]  # kind → (trials, years)
    won: dict[str, IntArray]
    churned: dict[str, IntArray]
    revenue: FloatArray
    cost: FloatArray  # cost to serve, outsourcing extras, sales and transition of the year's wins
    margin: FloatArray
    flows: FloatArray
    npv: FloatArray
    discount_rate: float  # the mean of the per-trial rates
    rates: FloatArray  # the discount rate per trial (ranged inputs vary by trial)

    @property
    def total_contracts(self) -> IntArray:
        """Contracts of every line per trial and year."""
        return np.sum(list(self.contracts.values()), axis=0)

    def npv_percentiles(self) -> dict[str, float]:
        """Mean, P10/P50/P90 and P(NPV < 0) of the portfolio's NPV across trials."""
        return npv_spread(self.npv)

    def npv_to_date(self) -> FloatArray:
        """Discounted cash flow accumulated through year t = 0…H per trial, (trials, H + 1).

        The last column is :attr:`npv`; year t is discounted by ``(1 + r)^t``.
        """
        years = self.flows.shape[1] - 1
        factors = (1.0 + self.rates[:, None]) ** -np.arange(years + 1, dtype=np.float64)
        return np.cumsum(self.flows * factors, axis=1)

    def npv_fan(self) -> pd.DataFrame:
        """P10/P50/P90 and P(< 0) of the NPV to date by year t = 0…H, one row per year.

        Columns ``year``, ``p10``, ``p50``, ``p90``, ``prob_negative``; the last row's
        percentiles are those of :attr:`npv`.

        Notes
        -----
        Row t holds the percentiles across trials of ``sum_{s<=t} flow_s / (1 + r)^s``
        (:meth:`npv_to_date`): year 0 undiscounted. The P50 row is the median of each year's
        to-date value, not the to-date value of the median trial.

        Examples
        --------
        >>> r = PortfolioResult(lines=(), contracts={}, won={}, churned={},
        ...     revenue=np.zeros((2, 1)), cost=np.zeros((2, 1)), margin=np.zeros((2, 1)),
        ...     flows=np.array([[-100.0, 220.0], [-100.0, 0.0]]), npv=np.array([100.0, -100.0]),
        ...     discount_rate=0.1, rates=np.array([0.1, 0.1]))
        >>> r.npv_fan()[["year", "prob_negative"]].to_dict("list")
        {'year': [0, 1], 'prob_negative': [1.0, 0.5]}
        """
        to_date = self.npv_to_date()
        p10, p50, p90 = np.percentile(to_date, [10, 50, 90], axis=0)
        negative = to_date < 0  # the rule of npv_spread and of years()
        return pd.DataFrame(
            {
                "year": np.arange(to_date.shape[1]),
                "p10": p10,
                "p50": p50,
                "p90": p90,
                "prob_negative": negative.mean(axis=0),
            }
        )

    def contracts_by_year(self) -> pd.DataFrame:
        """Contracts held by year t = 1…H: mean per line and P10/P50/P90 of all lines.

        Columns ``year``, ``mean_<kind>`` for each line (``support``, ``outsourcing``),
        ``mean``, ``p10``, ``p50``, ``p90`` (of the total per trial).

        Examples
        --------
        >>> n = np.array([[1, 2], [1, 4]])
        >>> r = PortfolioResult(lines=(), contracts={"support": n}, won={}, churned={},
        ...     revenue=np.zeros((2, 2)), cost=np.zeros((2, 2)), margin=np.zeros((2, 2)),
        ...     flows=np.zeros((2, 3)), npv=np.zeros(2), discount_rate=0.1,
        ...     rates=np.array([0.1, 0.1]))
        >>> r.contracts_by_year()["mean_support"].tolist()
        [1.0, 3.0]
        """
        total = self.total_contracts
        p10, p50, p90 = np.percentile(total, [10, 50, 90], axis=0)
        table: dict[str, object] = {"year": np.arange(1, total.shape[1] + 1)}
        for kind, counts in self.contracts.items():
            table[f"mean_{kind}"] = counts.mean(axis=0)
        table.update(mean=total.mean(axis=0), p10=p10, p50=p50, p90=p90)
        return pd.DataFrame(table)

    def years(self) -> list[dict[str, object]]:
        """Per year: contracts (all and by line), revenue, cost, margin and the NPV to date
        (mean and P10/P50/P90; the NPV to date also P(< 0))."""

        def spread(values: NDArray[np.float64] | IntArray) -> dict[str, float]:
            p10, p50, p90 = np.percentile(values, [10, 50, 90])
            return {"mean": float(np.mean(values)), "p10": p10, "p50": p50, "p90": p90}

        rows: list[dict[str, object]] = []
        total = self.total_contracts
        to_date = self.npv_to_date()
        for t in range(total.shape[1]):
            rows.append(
                {
                    "year": t + 1,
                    "contracts": spread(total[:, t]),
                    "by_line": {
                        kind: {
                            "contracts": spread(n[:, t]),
                            "won_mean": float(self.won[kind][:, t].mean()),
                            "churned_mean": float(self.churned[kind][:, t].mean()),
                        }
                        for kind, n in self.contracts.items()
                    },
                    "revenue": spread(self.revenue[:, t]),
                    "cost": spread(self.cost[:, t]),
                    "margin": spread(self.margin[:, t]),
                    "npv_to_date": {
                        **spread(to_date[:, t + 1]),
                        "prob_negative": float(np.mean(to_date[:, t + 1] < 0)),
                    },
                }
            )
        return [{k: _plain(v) for k, v in row.items()} for row in rows]

    def to_dict(self) -> dict[str, object]:
        """The stable JSON layout of ``integrator.portfolio`` in ``bizcase case --format json``.

        ``lines.<kind>``: the option sold, contracts at start, prospects and win probability per
        year, churn probability, term and renewal price change; ``years[]``: ``year``,
        ``contracts`` and per line ``by_line.<kind>.contracts`` (mean, p10, p50, p90),
        ``won_mean``, ``churned_mean``, then ``revenue``, ``cost`` and ``margin`` (mean, p10,
        p50, p90) and ``npv_to_date`` (the same and prob_negative: flows through that year,
        discounted); ``npv``: mean, p10, p50, p90, prob_negative (the whole horizon).
        """
        return {
            "definition": DEFINITION,
            "trials": int(self.npv.size),
            "discount_rate": self.discount_rate,
            "lines": {
                line.kind: {
                    "option": line.option,
                    "contracts_at_start": line.contracts_at_start,
                    "prospects_per_year": [int(v) for v in line.prospects],
                    "win_probability": [float(v) for v in line.win_probability],
                    "churn_probability": line.churn_probability,
                    "term_years": line.term_years,
                    "renewal_price_change": line.renewal_price_change,
                }
                for line in self.lines
            },
            "years": self.years(),
            "npv": self.npv_percentiles(),
        }


#: What the portfolio of whole contracts counts, for the JSON output and the table.
DEFINITION = (
    "Whole contracts per trial: N_t = N_(t-1) + Binomial(prospects_t, win) - Binomial(N_(t-1), "
    "churn). Margin = fees (escalated, changed at each renewal) - cost to serve from the delivery "
    "staircase at N_t (shared rota, desk, manager, monitoring) - sales and transition of the "
    "year's wins; NPV adds the set-up and the spares stock (year 0 undiscounted, year t "
    "discounted by (1 + r)^t)."
)


def _plain(value: object) -> object:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, np.floating | np.integer):
        return float(value)
    return value


def _lookup(table: dict[int, float], counts: IntArray) -> FloatArray:
    """``table[n]`` for every count (0 contracts: 0); the last row beyond the table."""
    top = max(table)
    values = np.zeros(top + 1)
    for n, v in table.items():
        values[n] = v
    return values[np.minimum(counts, top)]


def portfolio_model(
    ctx: _Context,
    staircases: dict[str, pd.DataFrame],
    seed: int,
    credits: StaircaseCredits | None = None,
) -> PortfolioResult | None:
    """Draw the portfolio's contracts and price them on the expected-value table's basis.

    ``staircases`` come from :func:`portfolio_staircases` (cached with the simulation);
    ``seed`` is the case's seed (the draws use its child stream :data:`PORTFOLIO_STREAM`);
    ``credits`` re-price the portfolio option's service credits at the case's fee, as the
    expected-value table does.
    """
    s = ctx.scenario
    lines = [line for line in portfolio_lines(s) if line.option in staircases]
    if not lines or s.delivery is None:
        return None
    trials, years = ctx.trials, ctx.years
    b = ctx.business
    t = np.arange(years, dtype=np.float64)  # t − 1 for years 1…H
    escalation = (1.0 + _col(b["price_escalation"])) ** t  # (trials, years) or (years,)
    inflation = (1.0 + _col(b["cost_inflation"])) ** t
    root = np.random.SeedSequence(seed, spawn_key=(PORTFOLIO_STREAM,))
    rngs = [make_rng(child) for child in root.spawn(len(KINDS))]
    revenue = np.zeros((trials, years))
    cost = np.zeros((trials, years))
    capital = np.zeros((trials, years))
    flows = np.zeros((trials, years + 1))
    contracts, won, churned = {}, {}, {}
    for line in lines:
        own = credits if line.option == portfolio_option(s) else None
        basis = _portfolio_basis(ctx, line.option, staircases[line.option], own)
        draws = draw_contracts(line, trials, years, rngs[KINDS.index(line.kind)])
        n = draws.active
        contracts[line.kind], won[line.kind], churned[line.kind] = n, draws.won, draws.churned
        option = s.options[line.option]
        terms = option.outsourcing
        glide = 0.0 if terms is None else float(terms.price_glide_per_year)
        # the fee path per unit fee without escalation, which varies by trial
        factors = fee_factors(years, 0.0, line.term_years, line.renewal_price_change, glide)
        fee = _col(ctx.inputs.get(f"options.{line.option}.annual_fee", option.annual_fee))
        revenue += fee * escalation * np.einsum("itc,tc->it", draws.cohorts, factors)
        serve = _lookup(basis.cost_of, n)
        one_offs = _col(b["sales_cost_per_contract"]) * draws.won
        if terms is not None:
            table = staircases[line.option]
            heads = dict(zip(table.contracts.astype(int), table.first_line_engineer, strict=True))
            seats = _lookup({int(k): float(v) for k, v in heads.items()}, n)
            moved = float(terms.transferred_engineers) * n
            # transferred engineers fill first-line seats; the client pays them during dual running
            serve = serve - np.minimum(moved, seats) * s.delivery.wages.first_line_engineer
            first_year = draws.cohorts[:, np.arange(years), np.arange(1, years + 1)]
            paid = (
                moved
                - first_year
                * float(terms.transferred_engineers)
                * min(float(terms.dual_running_months), 12.0)
                / 12.0
            )
            serve = serve + paid * float(terms.transferred_cost_per_engineer)
            if terms.monitoring == "in_house":
                serve = serve + n * float(terms.monitoring_staff_cost_per_year)
                if line.contracts_at_start + int(line.prospects.sum()) > 0:
                    flows[:, 0] -= float(terms.monitoring_capex)  # one centre for the line
            elif terms.monitoring == "offshore":
                devices = sum(d.units for d in s.inventory)
                per_contract = float(terms.offshore_fee_per_device_per_year) * devices
                serve = serve + n * per_contract * (1 + float(terms.offshore_overhead_share))
            one_offs = one_offs + float(terms.transition_cost) * draws.won
            if line.term_years is None or line.term_years > 2:
                budget = float(terms.modernisation_budget_per_year) * inflation
                age = np.arange(1, years + 1)[:, None] - np.maximum(np.arange(years + 1), 1)
                third_year_on = (age >= 2).astype(np.float64)
                aged = np.einsum("itc,tc->it", draws.cohorts, third_year_on)
                revenue += aged * budget
                cost += aged * budget * (1.0 - float(terms.modernisation_margin))
        cost += serve * inflation + one_offs
        stock = _lookup(basis.capital_of, n)
        capital += np.maximum.accumulate(stock, axis=1)
    margin = revenue - cost
    rate = np.asarray(b["discount_rate"], dtype=np.float64)
    residual = float(s.business_case.spares_residual_share)
    flows[:, 0] -= np.asarray(b["setup_cost"], dtype=np.float64)
    flows[:, 1:] += margin
    # the stock for year t's contracts is bought in year t − 1, up to the highest count yet
    bought = np.diff(capital, axis=1, prepend=0.0)
    flows[:, :-1] -= bought
    flows[:, -1] += capital[:, -1] * residual
    return PortfolioResult(
        lines=tuple(lines),
        contracts=contracts,
        won=won,
        churned=churned,
        revenue=revenue,
        cost=cost,
        margin=margin,
        flows=flows,
        npv=np.broadcast_to(np.asarray(npv(rate, flows), dtype=np.float64), (trials,)).copy(),
        discount_rate=float(rate.mean()),
        rates=np.broadcast_to(rate, (trials,)).copy(),
    )
