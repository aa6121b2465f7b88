"""The figures a client's CFO reads: ROI, payback, and the outage hours that pay a fee.

One definition each, used by the business case, the app, the command line and the reports:

* **ROI** (:func:`client_roi`) over the contract's horizon, on the client's expected cash flows:
  ``(PV of benefits − PV of costs) / PV of costs`` — benefits are the lines whose present value
  is positive (losses avoided, own staff saved), costs those whose present value is negative
  (fees, one-off costs).  Year 0 undiscounted, year t discounted by ``(1 + r)^t``.
* **Payback** (:func:`client_payback`) in months only when the client has a real up-front cost
  (at least :data:`MATERIAL_UPFRONT_MONTHS` month of the first year's net benefit); otherwise a
  contract whose first year's benefits exceed its costs "pays back from year one".
* **Hours of full outage a year that pay the fee** (:func:`fee_paying_hours`): the fee divided
  by the cost of one average hour of full outage.
* **Break-even outage hours** (:func:`break_even_outage_hours`): the status quo's full-outage
  hours a year at which the contract's avoided losses just pay its net cost.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike

from bizcase.economics.finance import discount_factors, payback_years, roi

#: An up-front cost is "real" when it takes at least this many months of year 1's net benefit.
MATERIAL_UPFRONT_MONTHS = 1.0

#: The ROI definition, stated under every ROI figure (the app and reports translate it).
ROI_DEFINITION = (
    "ROI = (PV of benefits − PV of costs) / PV of costs over the {years}-year horizon at "
    "{rate} a year: benefits = {losses} losses avoided and own staff saved; costs = fees and "
    "one-off costs; expected cash flows, year 0 undiscounted."
)


def client_roi(lines: Mapping[str, ArrayLike], discount_rate: float) -> float:
    """ROI of a contract for the client over the horizon, from its expected cash-flow lines.

    Parameters
    ----------
    lines : mapping of str to array_like, shape (years + 1,)
        Expected flows per line, year 0 first (inflows positive).
    discount_rate : float
        Yearly rate ``r``.

    Returns
    -------
    float
        ``(B − C) / C`` with ``B`` the sum of the positive line present values and ``C`` minus
        the sum of the negative ones; NaN when there is no cost.

    Notes
    -----
    ``PV(line) = Σ_t flow_t / (1 + r)^t``; ``ROI = (B − C)/C = NPV / C``.

    Examples
    --------
    >>> lines = {"avoided": [0, 100.0, 100.0], "fee": [0, -40.0, -40.0], "onboarding": [-5.0, 0, 0]}
    >>> round(client_roi(lines, 0.0), 4)  # (200 − 85) / 85
    1.3529
    """
    flows = {k: np.asarray(v, dtype=np.float64) for k, v in lines.items()}
    years = next(iter(flows.values())).shape[-1] - 1
    factors = discount_factors(discount_rate, years)
    pv = [float(f @ factors) for f in flows.values()]
    benefits = sum(v for v in pv if v > 0)
    costs = -sum(v for v in pv if v < 0)
    return float(roi(benefits, costs)) if costs > 0 else math.nan


@dataclass(frozen=True)
class Payback:
    """When a contract pays back for the client.

    ``kind``: ``"year_one"`` (no real up-front cost and year 1 covers its costs), ``"months"``
    (a real up-front cost, recovered within year 1), ``"years"`` (later) or ``"never"``.
    """

    kind: Literal["year_one", "months", "years", "never"]
    years: float  # NaN for never, 0 for year_one

    @property
    def months(self) -> float:
        """Payback in months (0 from year one, inf never)."""
        if self.kind == "never":
            return math.inf
        return self.years * 12.0

    def text(self) -> str:
        """English text: "pays back from year one", "4.2 months", "2.3 years", "never"."""
        if self.kind == "never":
            return "never"
        if self.kind == "year_one":
            return "pays back from year one"
        if self.kind == "months":
            return f"{self.months:.1f} months"
        return f"{self.years:.1f} years"


def client_payback(net: ArrayLike) -> Payback:
    """Payback of the client's expected net cash flows (year 0 first).

    Notes
    -----
    Never when the cumulative flow ends negative.  When year 1 recovers the year-0 outflow
    ``C₀``: months ``12·C₀/N₁`` (``N₁`` year 1's net flow, accrued evenly) if that is at least
    :data:`MATERIAL_UPFRONT_MONTHS`, else "from year one" — a 10k onboarding against a year's
    saving of 800k is no up-front investment worth a payback figure.  Otherwise the
    interpolated first crossing in years.

    Examples
    --------
    >>> client_payback([-10_000, 800_000, 800_000]).text()
    'pays back from year one'
    >>> client_payback([-200_000, 800_000, 800_000]).text()
    '3.0 months'
    >>> client_payback([-100_000, 60_000, 80_000]).text()
    '1.5 years'
    >>> client_payback([0, -10, -10]).text()
    'never'
    """
    flows = np.asarray(net, dtype=np.float64)
    cumulative = np.cumsum(flows)
    if cumulative[-1] < 0:
        return Payback("never", math.nan)
    upfront = max(-float(flows[0]), 0.0)
    if flows.size > 1 and cumulative[1] >= 0:
        year_one = float(flows[1])
        if year_one > 0 and upfront * 12.0 / year_one >= MATERIAL_UPFRONT_MONTHS:
            return Payback("months", upfront / year_one)
        return Payback("year_one", 0.0)
    return Payback("years", float(payback_years(flows)))


def fee_paying_hours(annual_fee: float, cost_per_hour: float) -> float:
    """Hours of full outage a year whose cost equals the fee: ``fee / cost of one hour``.

    Examples
    --------
    >>> fee_paying_hours(185_000, 5_000)
    37.0
    """
    if cost_per_hour <= 0:
        return math.inf if annual_fee > 0 else 0.0
    return float(annual_fee / cost_per_hour)


def break_even_outage_hours(
    baseline_outage_hours: float, annual_net_cost: float, avoided_loss: float
) -> float:
    """Full-outage hours a year of the status quo at which a contract just pays for itself.

    Parameters
    ----------
    baseline_outage_hours : float
        The status quo's modelled full-outage-equivalent hours a year, ``D``.
    annual_net_cost : float
        The contract's yearly cost net of what it saves besides losses (fee − own staff saved).
    avoided_loss : float
        The losses it avoids a year at ``D``.

    Returns
    -------
    float
        ``D · cost / avoided``: losses, and the contract's share of them avoided, scale with the
        outage hours; 0 when the contract costs nothing net, inf when it avoids nothing.

    Examples
    --------
    >>> break_even_outage_hours(75.0, 185_000, 700_000)  # 75 × 185k / 700k
    19.821428571428573
    """
    if annual_net_cost <= 0:
        return 0.0
    if avoided_loss <= 0:
        return math.inf
    return float(baseline_outage_hours * annual_net_cost / avoided_loss)


__all__ = [
    "MATERIAL_UPFRONT_MONTHS",
    "ROI_DEFINITION",
    "Payback",
    "break_even_outage_hours",
    "client_payback",
    "client_roi",
    "fee_paying_hours",
]
