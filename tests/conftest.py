"""Shared fixtures: small scenarios built in code, and the shipped scenario files."""

from __future__ import annotations

import copy
import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

# Timing deadlines measure the shared machine, not the code; CI replays the same examples every
# run (derandomize) so that a failure there is reproducible, not luck.
settings.register_profile("bizcase", deadline=None)
settings.register_profile("bizcase-ci", deadline=None, derandomize=True)
settings.load_profile("bizcase-ci" if os.environ.get("CI") else "bizcase")

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = sorted((ROOT / "scenarios").glob("*.toml"))


def _duration(median: float, p90: float | None = None) -> dict[str, float]:
    return {"median_hours": median, "p90_hours": median if p90 is None else p90}


def minimal_scenario_dict(coverage: str = "24x7") -> dict[str, Any]:
    """A small valid scenario: flat loss profile, one option, all four priorities."""
    stages = {
        "detection": _duration(0.5, 1.0),
        "response": _duration(0.5, 1.5),
        "diagnosis": _duration(1.0, 3.0),
        "travel": _duration(1.0, 2.0),
        "second_line": _duration(2.0, 5.0),
        "repair": _duration(1.0, 2.5),
    }
    return {
        "name": "Test client",
        "currency": "EUR",
        "baseline": "base",
        "simulation": {"trials": 2000, "seed": 7},
        "client": {
            "name": "Test client",
            "revenue_at_risk_per_hour": 10_000.0,
            "loss_profile": {"preset": "24x7"},
        },
        "incidents": {
            "critical": {
                "annual_rate": 2.0,
                "impact_share": 1.0,
                "onsite_share": 0.5,
                "spare_share": 0.3,
                "second_line_share": 0.4,
            },
            "major": {"annual_rate": 4.0, "impact_share": 0.4, "onsite_share": 0.3},
            "minor": {"annual_rate": 8.0, "impact_share": 0.05},
            "technical": {"annual_rate": 5.0, "impact_share": 0.0},
        },
        "options": {
            "base": {
                "label": "Base",
                "coverage": {"preset": coverage},
                "stages": stages,
                "spares": {
                    "local_stock": True,
                    "stockout_probability": 0.2,
                    "local_fetch": _duration(0.5, 1.0),
                    "vendor_lead_time": _duration(24.0, 72.0),
                },
            }
        },
    }


@pytest.fixture
def scenario_dict() -> dict[str, Any]:
    return copy.deepcopy(minimal_scenario_dict())
