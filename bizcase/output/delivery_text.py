"""Plain-text rendering of a delivery plan (the table layout of ``bizcase delivery``)."""

from __future__ import annotations

import math
from typing import Any

from bizcase.model.calendar import DAY_NAMES
from bizcase.output.textgrid import grid, money

__all__ = ["format_delivery_table"]


def _money(value: float | None) -> str:
    return money(value, missing="–")


def _share(value: float | None) -> str:
    return "–" if value is None or not math.isfinite(value) else f"{value:.1%}"


def _desk_ranges(agents: list[int]) -> list[str]:
    """Compress 168 hourly agent counts into 'mon 09-18: 2' lines per day."""
    lines = []
    for d, day in enumerate(DAY_NAMES):
        hours = agents[24 * d : 24 * d + 24]
        spans: list[str] = []
        start = 0
        for h in range(1, 25):
            if h == 24 or hours[h] != hours[start]:
                if hours[start]:
                    spans.append(f"{start:02d}-{h:02d}: {hours[start]}")
                start = h
        lines.append(f"  {day}  " + ("; ".join(spans) if spans else "closed"))
    return lines


def format_delivery_table(payload: dict[str, Any]) -> str:
    """Render :func:`bizcase.delivery.plan.plan_to_dict` output as aligned text tables.

    Examples
    --------
    >>> from bizcase.model import load_scenario
    >>> from bizcase.delivery.plan import delivery_plan, plan_to_dict
    >>> from bizcase.model.io import shipped_scenario
    >>> s = load_scenario(shipped_scenario("manufacturing"))
    >>> text = format_delivery_table(plan_to_dict(delivery_plan(s, trials=200, seed=1)))
    >>> "SLA attainment" in text and "Annual cost" in text
    True
    """
    cur = payload["currency"]
    lines = [
        f"Delivery plan: {payload['option_label']} ({payload['option']}) for "
        f"{payload['contracts']} contract(s)",
        f"Scenario: {payload['scenario']}   ({payload['trials']:,} trial-years, seed "
        f"{payload['seed']}, money in {cur})",
        f"Labour calendar: {payload['productive_hours_per_fte']:,.0f} productive h per FTE; one "
        f"24x7 seat = {payload['fte_per_24x7_seat']:.2f} FTE",
        "",
        "People (FTE unrounded, headcount rounded up)",
    ]
    rows = [
        [
            role.replace("_", " "),
            f"{payload['fte'][role]:.2f}",
            str(payload["headcount"].get(role, "by the hour")),
        ]
        for role in payload["fte"]
    ]
    lines += grid(["role", "FTE", "headcount"], rows)
    oc = payload["on_call"]
    lines += ["", f"On-call rota ({payload['staffing_model'].replace('_', '-')})"]
    if oc["roster_size"]:
        lines += [
            f"  {oc['positions']} phone(s) carried at once over {oc['on_call_hours_per_week']:.0f} "
            f"out-of-office h/week; roster of {oc['roster_size']} engineers, each on call "
            f"{oc['weeks_on_call_per_person']:.1f} weeks a year; "
            f"{oc['callouts_per_year']:.1f} call-outs a year",
        ]
    elif oc["on_call_hours_per_week"]:
        lines += [
            f"  staffed shifts: {oc['positions']} seat(s) over {oc['on_call_hours_per_week']:.0f} "
            "out-of-office h/week"
        ]
    else:
        lines += ["  none: the option works only in office hours"]
    desk = payload["service_desk"]
    lines += [
        "",
        f"Service desk: agents scheduled per hour of the week (peak {desk['peak_agents']}, "
        f"{desk['agent_hours_per_week']} agent-hours/week)",
        *_desk_ranges(desk["agents_per_hour_of_week"]),
    ]
    cap = payload["restoration_capacity"]
    free = cap["probability_engineer_free"]
    lines += [
        "",
        f"Restoration capacity: {cap['day_engineers']} engineer(s) on duty in office hours "
        f"(load {cap['day_traffic_erlangs']:.2f} Erlang, of it critical and major "
        f"{cap['day_urgent_erlangs']:.3f}), mean job {cap['mean_job_hours']:.1f} h",
        # Critical and major cases pre-empt other work: only their own load makes them wait.
        "  P(an engineer is free when a critical or major case arrives, as they pre-empt other "
        f"work): office hours {_share(free['office_hours'])}, on-call hours "
        f"{_share(free['on_call_hours'])}, averaged as the criticals arrive "
        f"{_share(free['critical_arrival'])}",
    ]
    sp = payload["spares"]
    lines += ["", f"Spare parts ({sp['location']} stock)"]
    if sp["stock"]:
        lines += [f"  {name}: {units}" for name, units in sp["stock"].items()]
    lines += [
        f"  capital {_money(sp['total_capital'])}, holding {_money(sp['holding_cost_per_year'])}"
        f"/year, fill rate {_share(sp['fill_rate'])} (stock-out probability "
        f"{_share(sp['stockout_probability'])})",
        "",
        "SLA attainment per priority (restoration on the contract's SLA clock vs target)",
    ]
    rows = []
    for p, v in payload["sla"].items():
        if v["target_hours"] is None:
            continue
        se = v["attainment_se"]
        rows.append(
            [
                p,
                f"{v['target_hours']:g} h",
                f"{v['incidents_per_year']:.2f}",
                _share(v["attainment"]) + (f" ± {se:.1%}" if se is not None else ""),
                _share(v["attainment_with_capacity"]),
                f"{v['breaches_per_year']:.2f}",
                _share(v["response_attainment"]),
            ]
        )
    lines += grid(
        [
            "priority",
            "target",
            "incidents/yr",
            "attainment",
            "with capacity",
            "breaches/yr",
            "response met",
        ],
        rows or [["(no restoration targets)", "", "", "", "", "", ""]],
    )
    cr = payload["service_credits_per_contract"]
    lines += [
        "",
        f"Service credits per contract per year: mean {_money(cr['mean'])}, P50 "
        f"{_money(cr['p50'])}, P90 {_money(cr['p90'])} (P90: 9 years in 10 pay less)",
        "",
        "Annual cost by line",
    ]
    total = payload["total_annual_cost"]
    rows = [
        [line.replace("_", " "), _money(value), _share(value / total if total else None)]
        for line, value in payload["annual_cost"].items()
    ]
    rows.append(["total", _money(total), "100.0%"])
    lines += grid(["line", f"{cur}/year", "share"], rows)
    lines += [
        f"Cost per contract {_money(payload['cost_per_contract'])} vs annual fee "
        f"{_money(payload['annual_fee'])}",
        "",
        "Scaling with contracts (headcount staircase, cost per contract)",
    ]
    rows = [
        [
            str(r["contracts"]),
            str(r["first_line_engineer"]),
            str(r["service_desk_agent"]),
            str(r["service_manager"]),
            _money(r["spares_capital"]),
            _money(r["total_annual_cost"]),
            _money(r["cost_per_contract"]),
        ]
        for r in payload["scaling"]
    ]
    lines += grid(
        ["contracts", "engineers", "desk", "managers", "spares capital", "cost/yr", "per contract"],
        rows,
    )
    return "\n".join(lines)
