"""The numbers of a report, computed once: settings, the simulation, the business case, tables.

:func:`compute_report` runs the library — the downtime-loss Monte Carlo, the business case, the
delivery plans and the tornado — with stated trial counts and one seed; the HTML and Excel
renderers only lay out what it returns.  Every report states the scenario, a SHA-256 hash of its
inputs (:func:`input_hash`), the seed, the trial counts, the bizcase version and the date: the same
inputs give the same numbers.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import math
import os
from dataclasses import dataclass
from typing import Any

import pandas as pd

from bizcase._version import __version__
from bizcase.delivery.plan import DeliveryPlan, delivery_plan
from bizcase.economics.business import CaseResult, ClientValue, client_value, offered_options
from bizcase.economics.uncertainty import TornadoResult, tornado, uncertain_case
from bizcase.model import PRIORITIES, Scenario, SupportOption, scenario_to_dict
from bizcase.model.errors import InputError
from bizcase.output.labels import input_label
from bizcase.output.report.texts import (
    describe_window,
    format_hours,
    format_money,
    format_number,
    format_percent,
    format_years,
    t,
)
from bizcase.output.text import history_sentences, payback_phrase, roi_definition
from bizcase.simulate.history import HistoryCheck, history_check
from bizcase.simulate.simulation import SimulationResult, run_simulation
from bizcase.simulate.summary import (
    OptionSummary,
    loss_exceedance,
    result_to_dict,
    stage_breakdown,
    summarise,
)

KINDS: tuple[str, ...] = ("client", "management")


FORMATS: tuple[str, ...] = ("html", "pdf", "xlsx")


#: Largest trial count a report accepts (the business case's own limit).
MAX_REPORT_TRIALS = 200_000


#: Tornado trials per evaluation, at most (each ranged input costs two evaluations).
TORNADO_TRIALS = 60


#: Delivery-plan trial-years, at most (the staffing figures converge long before).
DELIVERY_TRIALS = 5_000


@dataclass(frozen=True)
class ReportSettings:
    """Trial counts and seed of a report (each stated on the report).

    Attributes
    ----------
    trials : int
        Simulated years of the downtime-loss run (``bizcase run --trials``).
    case_trials : int
        Business-case trials, each a run of ``horizon_years`` simulated years
        (``bizcase case --trials``).
    delivery_trials : int
        Simulated years behind each delivery plan (``bizcase delivery --trials``).
    tornado_trials : int
        Business-case trials per tornado evaluation (``bizcase tornado --trials``).
    seed : int
        The one seed of every part.
    """

    trials: int
    case_trials: int
    delivery_trials: int
    tornado_trials: int
    seed: int


def report_settings(
    scenario: Scenario, trials: int | None = None, seed: int | None = None
) -> ReportSettings:
    """Trial counts of a report: modest defaults, or ``trials`` for the losses and the case.

    Parameters
    ----------
    scenario : Scenario
        Its ``simulation.trials`` and ``business_case.trials`` give the defaults.
    trials : int, optional
        Overrides the trial count of the losses and of the business case (20 to 200,000).
    seed : int, optional
        Default the scenario's seed.

    Returns
    -------
    ReportSettings
        Defaults: the scenario's simulated years for the losses, its business-case trials for
        the case (the same figures as the app and ``bizcase case``), at most 5,000 simulated years per delivery plan and at
        most 60 trials per tornado evaluation.

    Examples
    --------
    >>> from bizcase.model import load_scenario
    >>> from bizcase.model.io import shipped_scenario
    >>> s = load_scenario(shipped_scenario("manufacturing"))
    >>> report_settings(s)
    ReportSettings(trials=20000, case_trials=1000, delivery_trials=5000, tornado_trials=60, seed=20261127)
    >>> report_settings(s, trials=100, seed=1)
    ReportSettings(trials=100, case_trials=100, delivery_trials=100, tornado_trials=60, seed=1)
    """
    if trials is not None and (
        isinstance(trials, bool) or not isinstance(trials, int) or not 20 <= trials
    ):
        raise InputError(
            f"trials = {trials!r}: must be an integer from 20 to {MAX_REPORT_TRIALS:,}"
        )
    if trials is not None and trials > MAX_REPORT_TRIALS:
        raise InputError(
            f"trials = {trials!r}: must be an integer from 20 to {MAX_REPORT_TRIALS:,}"
        )
    if seed is not None and (isinstance(seed, bool) or not isinstance(seed, int) or seed < 0):
        raise InputError(f"seed = {seed!r}: must be an integer from 0 to 2**63 - 1")
    losses = scenario.simulation.trials if trials is None else trials
    # The business case at the scenario's own trials, as the app and `bizcase case` show it.
    case = scenario.business_case.trials if trials is None else trials
    return ReportSettings(
        trials=losses,
        case_trials=case,
        delivery_trials=min(losses, DELIVERY_TRIALS),
        tornado_trials=min(case, TORNADO_TRIALS),
        seed=scenario.simulation.seed if seed is None else seed,
    )


def input_hash(scenario: Scenario) -> str:
    """SHA-256 of the scenario's inputs: canonical JSON of :func:`scenario_to_dict`.

    Canonical: keys sorted, no insignificant whitespace, UTF-8.  Ranges are part of the inputs;
    comments and key order of the TOML file are not.

    Examples
    --------
    >>> from bizcase.model import load_scenario
    >>> from bizcase.model.io import shipped_scenario
    >>> s = load_scenario(shipped_scenario("manufacturing"))
    >>> digest = input_hash(s)
    >>> len(digest), digest == input_hash(s.with_values({}))
    (64, True)
    """
    text = json.dumps(
        scenario_to_dict(scenario), sort_keys=True, separators=(",", ":"), ensure_ascii=False
    )
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def report_date() -> dt.date:
    """Today, or the date of ``SOURCE_DATE_EPOCH`` when set (reproducible builds)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).date()
        except (ValueError, OverflowError, OSError):
            raise InputError(
                f"SOURCE_DATE_EPOCH = {epoch!r}: must be whole seconds since 1970"
            ) from None
    return dt.date.today()


@dataclass(frozen=True)
class ReportData:
    """Everything a report shows, computed once; the renderers only format it.

    ``case`` is None when the scenario offers no option besides its baseline; ``plans`` is empty
    without a ``[delivery]`` section; ``tornado`` is None without ranged inputs (and for a
    client report, which does not show one).
    """

    scenario: Scenario
    source: str
    settings: ReportSettings
    input_hash: str
    version: str
    date: dt.date
    result: SimulationResult
    run: dict[str, Any]
    summaries: dict[str, OptionSummary]
    curves: pd.DataFrame
    stages: pd.DataFrame
    case: CaseResult | None
    plans: dict[str, DeliveryPlan]
    tornado: TornadoResult | None
    # what each contract is worth to the client at base values (bizcase run's figures), and
    # the status quo against the client's own record
    values: dict[str, ClientValue] | None = None
    history: HistoryCheck | None = None

    @property
    def currency(self) -> str:
        """The scenario's ISO currency code."""
        return self.scenario.currency

    def label(self, option: str, lang: str = "en") -> str:
        """Display label of an option in ``lang`` (the scenario's own text in that language)."""
        return self.scenario.text(f"options.{option}.label", lang)

    def labels(self, lang: str = "en") -> dict[str, str]:
        """Display label of every option in ``lang``, in scenario order."""
        return {name: self.label(name, lang) for name in self.scenario.options}


def compute_report(
    scenario: Scenario,
    kind: str = "management",
    *,
    trials: int | None = None,
    seed: int | None = None,
    date: dt.date | None = None,
    source: str = "",
) -> ReportData:
    """Run everything a report of ``kind`` shows (a management computation serves both kinds).

    Parameters
    ----------
    scenario : Scenario
        The validated scenario.
    kind : {"client", "management"}
        ``client`` skips the delivery plans and the tornado, which it does not show.
    trials, seed : int, optional
        See :func:`report_settings`.
    date : datetime.date, optional
        Date printed on the report (default :func:`report_date`).
    source : str
        The scenario file's name, shown in the command that reproduces the report.

    Returns
    -------
    ReportData

    Notes
    -----
    The parts are the library's own calls with the stated trials and seed, so each figure equals
    the CLI's: ``run_simulation`` (``bizcase run``), ``uncertain_case`` (``bizcase case``),
    ``delivery_plan`` per offered option (``bizcase delivery``) and ``tornado`` of the
    integrator's expected NPV of the last offered option (``bizcase tornado``).
    """
    check_kind(kind)
    settings = report_settings(scenario, trials, seed)
    result = run_simulation(scenario, trials=settings.trials, seed=settings.seed)
    offered = offered_options(scenario)
    case = None
    if offered:
        case = uncertain_case(scenario, trials=settings.case_trials, seed=settings.seed)
    plans: dict[str, DeliveryPlan] = {}
    tornado_result = None
    if kind == "management" and offered:
        if scenario.delivery is not None:
            for name in offered:
                plans[name] = delivery_plan(
                    scenario, name, trials=settings.delivery_trials, seed=settings.seed
                )
        if any(r.high > r.low for r in scenario.ranges.values()):
            tornado_result = tornado(
                scenario, trials=settings.tornado_trials, seed=settings.seed, side="integrator"
            )
    summaries = summarise(result)
    return ReportData(
        scenario=scenario,
        source=source,
        settings=settings,
        input_hash=input_hash(scenario),
        version=__version__,
        date=date or report_date(),
        result=result,
        run=result_to_dict(result),
        summaries=summaries,
        curves=loss_exceedance(result, points=120),
        stages=stage_breakdown(result),
        case=case,
        plans=plans,
        tornado=tornado_result,
        values=client_value(scenario, summaries) if offered else {},
        history=history_check(result),
    )


def check_kind(kind: str) -> str:
    """``kind`` if it is a report kind, else an :class:`InputError`."""
    if kind not in KINDS:
        raise InputError(f"kind = {kind!r}: must be one of {', '.join(KINDS)}")
    return kind


def check_format(fmt: str) -> str:
    """``fmt`` if it is a report format, else an :class:`InputError`."""
    if fmt not in FORMATS:
        raise InputError(f"format = {fmt!r}: must be one of {', '.join(FORMATS)}")
    return fmt


def reproduce_command(data: ReportData, kind: str, fmt: str, lang: str) -> str:
    """The CLI command that rebuilds this report (same numbers)."""
    source = data.source or "SCENARIO.toml"
    s = data.settings
    trials = f" --trials {s.trials}" if s.trials == s.case_trials else ""
    return (
        f"bizcase report {source} --kind {kind} --format {fmt} --lang {lang}{trials} "
        f"--seed {s.seed} -o FILE"
    )


def meta_rows(data: ReportData, kind: str, fmt: str, lang: str) -> list[tuple[str, str]]:
    """The reproducibility block: (label, value) pairs shown on every report."""
    s = data.settings
    years = data.scenario.business_case.horizon_years
    trials = t(
        "meta_trials_value",
        lang,
        losses=format_number(s.trials, lang),
        case=format_number(s.case_trials, lang),
        years=years,
        delivery=format_number(s.delivery_trials, lang),
        tornado=format_number(s.tornado_trials, lang),
    )
    return [
        (t("meta_kind", lang), t(f"kind_{kind}", lang)),
        (t("meta_scenario", lang), data.scenario.name),
        (t("meta_client", lang), data.scenario.client.name),
        (t("meta_hash", lang), data.input_hash),
        (t("meta_seed", lang), str(s.seed)),
        (t("meta_trials", lang), trials),
        (t("meta_version", lang), data.version),
        (t("meta_date", lang), data.date.isoformat()),
        (t("meta_currency", lang), data.currency),
        (t("meta_language", lang), lang),
    ]


def annex_options(scenario: Scenario) -> list[str]:
    """Contract options of the SLA annex: every non-baseline option with targets or credits."""
    return [
        name
        for name, o in scenario.options.items()
        if name != scenario.baseline
        and (
            o.credits is not None
            or any(
                v.response_target_hours is not None or v.restoration_target_hours is not None
                for v in o.priorities.values()
            )
        )
    ]


def annex_rows(scenario: Scenario, option: str, lang: str) -> list[list[str]]:
    """The priority matrix of one option: priority, coverage, response, restoration, credit."""
    o = scenario.options[option]
    per_breach = o.credits.per_breach if o.credits is not None else {}
    rows = []
    for p in PRIORITIES:
        terms = o.priorities.get(p)  # type: ignore[call-overload]
        credit = per_breach.get(p)  # type: ignore[call-overload]
        rows.append(
            [
                t(f"priority_{p}", lang),
                describe_window(o.coverage_for(p), lang),
                format_hours(terms.response_target_hours if terms else None, lang),
                format_hours(terms.restoration_target_hours if terms else None, lang),
                format_money(credit, scenario.currency, lang) if credit else t("no_credit", lang),
            ]
        )
    return rows


def _clock_rules(option: SupportOption, lang: str) -> str:
    """Each priority's SLA clock, priorities sharing a clock named together."""
    by_clock: dict[str, list[str]] = {}
    for p in PRIORITIES:
        by_clock.setdefault(option.sla_clock_for(p), []).append(t(f"priority_{p}", lang))
    if len(by_clock) == 1:
        return t(f"clock_{next(iter(by_clock))}", lang)
    return "; ".join(
        t("annex_clock_priority", lang, priorities=", ".join(names), clock=t(f"clock_{c}", lang))
        for c, names in by_clock.items()
    )


def annex_terms(scenario: Scenario, option: str, lang: str) -> list[str]:
    """The sentences of one option's annex: fee, window, clock, tiers and cap."""
    o = scenario.options[option]
    cur = scenario.currency
    lines = [
        t("annex_fee", lang, fee=format_money(o.annual_fee, cur, lang)),
        t("annex_coverage", lang, window=describe_window(o.coverage, lang)),
        t("annex_clock", lang, clock=_clock_rules(o, lang)),
        t(
            "annex_start_registration"
            if o.sla_clock_start == "registration"
            else "annex_start_outage",
            lang,
        ),
    ]
    if o.sla_excluded_share > 0:
        lines.append(t("annex_excluded", lang, share=format_percent(o.sla_excluded_share, lang)))
    if o.client_first_line is not None:
        lines.append(
            t("annex_client_first_line", lang, window=describe_window(o.client_first_line, lang))
        )
    if o.credits is None:
        lines.append(t("annex_no_credits", lang))
        return lines
    tiers = sorted(o.credits.availability_tiers, key=lambda x: -x.availability_below)
    if tiers:
        lines.append(
            t("annex_tiers", lang)
            + "; ".join(
                t(
                    "annex_tier",
                    lang,
                    level=format_percent(tier.availability_below, lang, 2),
                    share=format_percent(tier.credit_share, lang),
                )
                for tier in tiers
            )
            + "."
        )
    else:
        lines.append(t("annex_no_tiers", lang))
    cap = o.credits.cap_share_of_monthly_fee
    lines.append(
        t(
            "annex_cap",
            lang,
            share=format_percent(cap, lang),
            amount=format_money(cap * o.annual_fee / 12.0, cur, lang),
        )
    )
    return lines


def ledger_columns(years: int, lang: str) -> list[str]:
    """Column names of a cash-flow table: Initial, Year 1…N, Total, Present value."""
    return [
        t("col_initial", lang),
        *(t("col_year", lang, t=y) for y in range(1, years + 1)),
        t("col_total", lang),
        t("col_present_value", lang),
    ]


def losses_header(data: ReportData, lang: str, with_se: bool = True) -> list[str]:
    """Columns of the losses table: fee, hard loss (expected, s.e. unless ``with_se`` is false,
    P90), soft, hard + soft, downtime and availability."""
    return [
        t("col_option", lang),
        t("col_fee", lang),
        f"{t('loss_hard', lang)}: {t('col_expected', lang)}",
        *([t("col_se", lang)] if with_se else []),
        f"{t('loss_hard', lang)}: {t('col_p90', lang)}",
        t("loss_soft", lang),
        t("loss_hard_and_soft", lang),
        t("col_downtime", lang),
        t("col_availability", lang),
    ]


def losses_rows(data: ReportData, lang: str, with_se: bool = True) -> list[list[str]]:
    """Rows of the losses table (see :func:`losses_header`)."""
    rows = []
    for name, s in data.summaries.items():
        fee = data.scenario.options[name].annual_fee
        se = [money_text(data, s.expected_annual_loss_se, lang)] if with_se else []
        rows.append(
            [
                data.label(name, lang),
                money_text(data, fee, lang),
                money_text(data, s.expected_annual_loss, lang),
                *se,
                money_text(data, s.p90, lang),
                money_text(data, s.expected_annual_soft_loss, lang),
                money_text(data, s.expected_annual_hard_and_soft_loss, lang),
                format_number(s.expected_downtime_hours, lang, 1),
                format_percent(s.availability, lang, 3),
            ]
        )
    return rows


def hour_formula(data: ReportData, lang: str) -> str:
    """The hand-checkable cost of one hour of full outage at peak, hard and soft.

    Shares are printed with the decimals they have (up to two), so that the printed factors
    give the printed result: a uniform 45-60 % margin's base is 52.5 %, and "52 %" would make
    the hour cost 1 % less than the report says.
    """
    b = data.scenario.client.loss_basis()
    cur = data.currency
    return t(
        "hour_formula",
        lang,
        revenue=format_money(b["revenue_at_risk_per_hour"], cur, lang),
        margin=exact_percent(b["margin_share"], lang),
        recovered=exact_percent(b["share_recovered_later"], lang),
        catch_up=format_money(b["catch_up_cost_per_hour"], cur, lang),
        hard=format_money(b["hard"], cur, lang),
        employees=format_number(b["employees_affected"], lang),
        wage=format_money(b["loaded_cost_per_employee_hour"], cur, lang),
        productivity=exact_percent(b["productivity_lost_share"], lang),
        soft=format_money(b["soft"], cur, lang),
    )


def exact_percent(share: float, lang: str) -> str:
    """``share`` as a percentage with no more decimals than it has, at most two.

    Examples
    --------
    >>> exact_percent(0.525, "en"), exact_percent(0.3, "en"), exact_percent(0.12345, "en")
    ('52.5%', '30%', '12.35%')
    """
    percent = float(share) * 100.0
    decimals = next((d for d in (0, 1) if abs(round(percent, d) - percent) < 1e-9), 2)
    return format_percent(share, lang, decimals)


def basis_note(data: ReportData, lang: str) -> str:
    """Hard vs soft, and which the client ledger counts."""
    return t("hard_soft_note", lang, basis=t(f"basis_{data.scenario.client.ledger_losses}", lang))


def roi_note(data: ReportData, lang: str) -> str:
    """The one ROI definition with this scenario's horizon, rate and loss basis."""
    bc = data.scenario.business_case
    return roi_definition(
        lang,
        bc.horizon_years,
        format_percent(bc.discount_rate, lang, 1),
        data.scenario.client.ledger_losses,
    )


def value_table(data: ReportData, lang: str) -> tuple[list[str], list[list[str]]]:
    """What each contract is worth to the client at base values: fee, loss avoided, NPV, ROI,
    payback, the outage hours that pay the fee and the break-even hours."""
    values = data.values or {}
    today = next(iter(values.values())).baseline_outage_hours if values else 0.0
    header = [
        t("col_option", lang),
        t("col_fee", lang),
        t("col_avoided", lang),
        t("col_npv_base", lang),
        t("col_roi", lang),
        t("col_payback", lang),
        t("col_fee_hours", lang),
        t("col_break_even_hours", lang, h=format_number(today, lang, 1)),
    ]
    years = data.scenario.business_case.horizon_years
    rows = [
        [
            data.label(v.option, lang),
            money_text(data, v.annual_fee, lang),
            money_text(data, v.avoided_loss, lang),
            money_text(data, v.npv, lang),
            format_percent(v.roi, lang),
            payback_phrase(v.payback, lang, lambda x, d: format_number(x, lang, d), years),
            format_number(v.fee_paying_hours, lang, 1),
            format_number(v.break_even_outage_hours, lang, 1),
        ]
        for v in values.values()
    ]
    return header, rows


def history_lines(data: ReportData, lang: str) -> list[str]:
    """The status quo against the client's record, in sentences (empty without a record)."""
    if data.history is None:
        return []
    check = data.history
    if check.source:
        check = dataclasses.replace(
            check, source=data.scenario.text("client.history.source", lang) or check.source
        )
    return history_sentences(
        check,
        lang,
        lambda x, d: format_number(x, lang, d),
        lambda x: format_percent(x, lang, 1),
    )


def decision_table(data: ReportData, lang: str) -> tuple[list[str], list[list[str]]]:
    """Rows of the decision summary: both ledgers' NPV percentiles, IRR, payback, price floor."""
    case = data.case
    if case is None:
        raise InputError("the report has no business case: the scenario offers no option")
    margin = format_percent(data.scenario.business_case.target_margin, lang)
    header = [
        t("col_option", lang),
        t("col_side", lang),
        t("col_npv_mean", lang),
        t("col_npv_p10", lang),
        t("col_npv_p50", lang),
        t("col_npv_p90", lang),
        t("col_prob_negative", lang),
        f"{t('col_irr', lang)} / {t('col_roi', lang)}",
        t("col_payback", lang),
        t("col_price_floor", lang, margin=margin),
    ]
    rows = []
    for name, d in case.decisions.items():
        for side in ("integrator", "client"):
            p = d.percentiles(side)
            if not p:
                continue
            integrator = side == "integrator"
            rows.append(
                [
                    data.label(name, lang),
                    t(f"side_{side}", lang),
                    money_text(data, p["mean"], lang),
                    money_text(data, p["p10"], lang),
                    money_text(data, p["p50"], lang),
                    money_text(data, p["p90"], lang),
                    format_percent(p["prob_negative"], lang),
                    format_percent(d.integrator_irr if integrator else d.client_roi, lang, 1),
                    format_years(d.integrator_payback_years, lang)
                    if integrator or d.client_payback is None
                    else payback_phrase(
                        d.client_payback, lang, lambda x, n: format_number(x, lang, n)
                    ),
                    money_text(data, d.price_floor, lang) if integrator else "",
                ]
            )
    return header, rows


def tornado_table(data: ReportData, lang: str) -> tuple[list[str], list[list[str]]]:
    """Rows of the tornado: input, its P10 and P90 values, the NPV at each, the swing."""
    tor = data.tornado
    if tor is None:
        raise InputError("the report has no tornado: the scenario has no ranged inputs")
    header = [
        t("col_input", lang),
        t("col_low_value", lang),
        t("col_high_value", lang),
        t("col_output_low", lang),
        t("col_output_high", lang),
        t("col_swing", lang),
    ]
    rows = [
        [
            input_label(r.input, lang, data.scenario),
            format_number(r.low_value, lang, 4 if abs(r.low_value) < 10 else 0),
            format_number(r.high_value, lang, 4 if abs(r.high_value) < 10 else 0),
            money_text(data, r.output_low, lang),
            money_text(data, r.output_high, lang),
            money_text(data, r.swing, lang),
        ]
        for r in tor.bars.itertuples()
    ]
    return header, rows


def finite_or_none(value: float | None) -> float | None:
    """``value`` as a float, or None when missing or not finite (an empty cell)."""
    if value is None:
        return None
    value = float(value)
    return value if math.isfinite(value) else None


def money_text(data: ReportData, value: float | None, lang: str) -> str:
    """An amount in the report's currency, formatted for ``lang``."""
    return format_money(value, data.currency, lang)


@dataclass(frozen=True)
class ExecutiveSummary:
    """The figures of the leave-behind's first page, on the client ledger's loss basis.

    Attributes
    ----------
    hour_peak, hour_average : float
        Cost of one hour of full outage at peak and averaged over the year's loss profile.
    expected_loss_today, bad_year_today : float
        The baseline's expected annual loss and its P90 (9 years in 10 lose less).
    outage_hours_today : float
        The baseline's impact-weighted (full-outage-equivalent) downtime hours a year.
    best : ClientValue or None
        The offered contract with the highest client NPV at base values (None: none offered).
    recommended : bool
        Whether ``best`` pays for itself (its NPV is positive) and is therefore recommended.
    saving : float
        ``best``'s recurring saving a year: expected loss avoided plus the client's own staff it
        no longer pays, minus its annual fee, in year 1 (NaN without ``best``).
    other_flows : float
        ``best``'s one-off flows of year 1 (dual running, say): its net saving of year 1 is
        ``saving + other_flows``.
    """

    hour_peak: float
    hour_average: float
    expected_loss_today: float
    bad_year_today: float
    outage_hours_today: float
    best: ClientValue | None
    recommended: bool
    saving: float
    other_flows: float


def executive_summary(data: ReportData) -> ExecutiveSummary:
    """Page 1 of the leave-behind: the cost of an hour, today's loss and the contract to sign.

    Parameters
    ----------
    data : ReportData

    Returns
    -------
    ExecutiveSummary

    Notes
    -----
    Rule of the recommendation: of the offered contracts, the one with the highest client NPV
    over the business case at the scenario's base values (:func:`bizcase.economics.business.
    client_value`, the same figures as the app's ROI table and ``bizcase run``), provided that NPV
    is positive.  Saving a year = expected loss avoided + own staff saved − annual fee (an
    outsourcing contract takes over the client's engineers: their pay is saved every year, as
    the losses avoided are, and the client ledger counts it so); the hours of outage a year
    that pay the fee = fee / cost of one average hour (``ClientValue.fee_paying_hours``).  Losses
    are hard, or hard + soft when the client ledger counts both.

    Examples
    --------
    >>> from bizcase.model import load_scenario
    >>> from bizcase.model.io import shipped_scenario
    >>> d = compute_report(load_scenario(shipped_scenario("retail_chain")), "client", trials=200)
    >>> e = executive_summary(d)
    >>> e.best.option, e.recommended
    ('outsourcing', True)
    >>> b = e.best
    >>> round(e.saving) == round(b.avoided_loss + b.own_staff_saved - b.annual_fee)
    True
    """
    both = data.scenario.client.ledger_losses == "hard_and_soft"
    cost = data.run["cost_of_one_hour"]
    today = data.summaries[data.scenario.baseline]
    values = list((data.values or {}).values())
    best = max(values, key=lambda v: v.npv) if values else None
    nan = float("nan")
    return ExecutiveSummary(
        hour_peak=float(cost["peak_hard_and_soft" if both else "peak"]),
        hour_average=float(cost["average_hard_and_soft" if both else "average"]),
        expected_loss_today=today.expected_annual_ledger_loss,
        bad_year_today=today.p90_hard_and_soft if both else today.p90,
        outage_hours_today=today.expected_downtime_hours,
        best=best,
        recommended=best is not None and best.npv > 0,
        saving=_recurring_saving(best) if best is not None else nan,
        other_flows=best.net_saving - _recurring_saving(best) if best is not None else nan,
    )


def _recurring_saving(value: ClientValue) -> float:
    """Year 1's loss avoided plus own staff saved, minus the fee."""
    return value.avoided_loss + value.own_staff_saved - value.annual_fee


def priority_table(data: ReportData, lang: str) -> tuple[list[str], list[list[str]]]:
    """Expected annual hard loss of each option by priority, and its total."""
    header = [
        t("col_option", lang),
        *(t(f"priority_{p}", lang) for p in PRIORITIES),
        t("col_total", lang),
    ]
    rows = []
    for name, s in data.summaries.items():
        by = s.by_priority
        losses = [by.get(p, {}).get("expected_annual_loss", 0.0) for p in PRIORITIES]
        rows.append(
            [
                data.label(name, lang),
                *(money_text(data, x, lang) for x in losses),
                money_text(data, s.expected_annual_loss, lang),
            ]
        )
    return header, rows


def error_table(data: ReportData, lang: str) -> tuple[list[str], list[list[str]]]:
    """Monte Carlo error of the expected annual hard loss of each option (the appendix)."""
    header = [
        t("col_option", lang),
        t("col_expected", lang),
        t("col_se", lang),
        t("col_ci95", lang),
    ]
    rows = [
        [
            data.label(name, lang),
            money_text(data, s.expected_annual_loss, lang),
            money_text(data, s.expected_annual_loss_se, lang),
            format_percent(
                1.96 * s.expected_annual_loss_se / s.expected_annual_loss
                if s.expected_annual_loss > 0
                else None,
                lang,
                1,
            ),
        ]
        for name, s in data.summaries.items()
    ]
    return header, rows
