"""The scenario model: one validated, frozen description of a client, its incidents and support options.

A scenario is read from TOML (standard-library ``tomllib``), validated by pydantic models with
``extra="forbid"`` (a typo is an error, not an ignored key) and frozen.  Every quantity carries its
unit in its name or its description: money in the scenario's currency, durations in hours, rates
per year, shares as decimals (0.16, not 16).

Durations are given as a **median and a 90th percentile** ("typical" and "bad case"); the engine
fits a lognormal to the two (:func:`lognormal_params`).
"""

from __future__ import annotations

from typing import Any

from pydantic import (
    Field,
    ModelWrapValidatorHandler,
    PrivateAttr,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from bizcase.model.base import FieldProblem, FrozenModel, Identifier, scenario_error_from_validation
from bizcase.model.business import BusinessCase
from bizcase.model.client import Client
from bizcase.model.delivery import Delivery
from bizcase.model.errors import ScenarioError
from bizcase.model.incidents import DeviceClass, Incidents
from bizcase.model.limits import MAX_INCIDENTS_PER_YEAR
from bizcase.model.options import SupportOption
from bizcase.model.ranges import (
    Range,
    extract_ranges,
    format_path,
    parse_path,
    set_path,
    whole_as_int,
)
from bizcase.model.sites import Site, check_sites
from bizcase.model.texts import default_text, extract_texts, localized

MAX_TRIALS = 10_000_000


class Simulation(FrozenModel):
    """How many trial-years to simulate, and the seed that makes every number reproducible."""

    trials: int = Field(
        default=20_000, ge=100, le=MAX_TRIALS, description="Simulated years (trials), 100–10M."
    )
    seed: int = Field(
        default=20_261_127, ge=0, le=2**63 - 1, description="Seed of numpy's random Generator."
    )


class Scenario(FrozenModel):
    """One client, its incidents and the support options to compare: the input of every result."""

    name: str = Field(min_length=1, description="Scenario name shown on screens and reports.")
    description: str = Field(default="", description="What this scenario describes.")
    currency: str = Field(pattern=r"^[A-Z]{3}$", description="ISO 4217 code, e.g. EUR, USD, RUB.")
    simulation: Simulation = Field(default=Simulation(), description="Trials and seed.")
    client: Client
    incidents: Incidents
    inventory: tuple[DeviceClass, ...] = Field(
        strict=False, default=(), description="Device classes whose failures add incidents."
    )
    sites: tuple[Site, ...] = Field(
        strict=False,
        default=(),
        description="The client's sites (position, devices); none = one site holding everything.",
    )
    options: dict[Identifier, SupportOption] = Field(
        min_length=1, description="Support options compared, keyed by an identifier."
    )
    delivery: Delivery | None = Field(
        default=None, description="The integrator's delivery model (staff, rota, desk, spares)."
    )
    business_case: BusinessCase = Field(
        default=BusinessCase(), description="Multi-year business case settings."
    )
    # Declared after ``options`` so that its validator sees them.
    baseline: Identifier = Field(
        default="status_quo", description="Option that stands for 'today' in comparisons."
    )

    # Uncertain inputs by field path ("client.revenue_at_risk_per_hour"); the fields themselves
    # hold the ranges' base values.  Private: kept out of model_dump, put back by scenario_to_toml.
    _ranges: dict[str, Range] = PrivateAttr(default_factory=dict)
    # Texts given per language (``name = { en = "…", ru = "…" }``): the fields hold the default
    # text; the tables are kept here, by field path, and put back by scenario_to_dict.
    _texts: dict[str, dict[str, str]] = PrivateAttr(default_factory=dict)

    @field_validator("baseline")
    @classmethod
    def _baseline_exists(cls, baseline: str, info: ValidationInfo) -> str:
        options = info.data.get("options")
        if options is not None and baseline not in options:
            raise ValueError(f"must be one of the options ({', '.join(options)})")
        return baseline

    @model_validator(mode="after")
    def _incidents_bounded(self) -> Scenario:
        total = sum(self.annual_rates().values())
        if total > MAX_INCIDENTS_PER_YEAR:
            sources: list[tuple[float, str, float]] = [
                (inc.annual_rate, f"incidents.{p}.annual_rate", inc.annual_rate)
                for p, inc in self.incidents.by_priority().items()
            ]
            sources += [
                (d.units * d.annual_failure_rate, f"inventory[{i}].units", d.units)
                for i, d in enumerate(self.inventory)
            ]
            _, path, value = max(sources)
            raise FieldProblem(
                path,
                value,
                f"the scenario's incidents add up to {total:,.6g} a year (priorities' rates plus "
                f"the inventory's failures); must be at most {MAX_INCIDENTS_PER_YEAR:,.0f}",
            )
        return self

    @model_validator(mode="after")
    def _staged_options_exist(self) -> Scenario:
        staged = self.business_case.staged
        if staged is not None:
            for role in ("support", "outsourcing"):
                name = getattr(staged, role)
                if name not in self.options:
                    raise FieldProblem(
                        f"business_case.staged.{role}",
                        name,
                        f"must be one of the options ({', '.join(self.options)})",
                    )
        portfolio = self.business_case.portfolio
        offered = [o for o in self.options if o != self.baseline]
        for kind in ("support", "outsourcing"):
            line = getattr(portfolio, kind)
            if line is None or line.option is None:
                continue
            path = f"business_case.portfolio.{kind}.option"
            if line.option not in offered:
                rule = f"must be an offered option ({', '.join(offered)})"
                raise FieldProblem(path, line.option, rule)
            if (self.options[line.option].outsourcing is not None) != (kind == "outsourcing"):
                rule = (
                    "must be an option with an [outsourcing] table"
                    if kind == "outsourcing"
                    else "must be a support option (no [outsourcing] table)"
                )
                raise FieldProblem(path, line.option, rule)
        return self

    @model_validator(mode="after")
    def _sites_fit(self) -> Scenario:
        check_sites(self)
        return self

    @model_validator(mode="wrap")
    @classmethod
    def _pull_ranges(cls, data: Any, handler: ModelWrapValidatorHandler[Scenario]) -> Scenario:
        """Read ``{ low, high, ... }`` tables in place of numbers as uncertain inputs."""
        if not isinstance(data, dict):
            return handler(data)
        data, texts = extract_texts(data)
        plain, raw = extract_ranges(data)
        ranges: dict[str, Range] = {}
        for path, table in raw.items():
            try:
                ranges[format_path(path)] = Range.model_validate(table)
            except ValidationError as exc:
                rule = "; ".join(e["msg"].removeprefix("Value error, ") for e in exc.errors())
                raise FieldProblem(format_path(path), table, rule) from None
        model = handler(plain)
        for text, rng in ranges.items():
            for end_name, end in (("low", rng.low), ("high", rng.high)):
                try:
                    handler(set_path(plain, parse_path(text), whole_as_int(end)))
                except ValidationError as exc:
                    rule = exc.errors()[0]["msg"].removeprefix("Value error, ")
                    raise FieldProblem(
                        text, end, f"the range's {end_name} end breaks the field's rule: {rule}"
                    ) from None
        model._ranges = ranges
        model._texts = texts
        return model

    def summary(self) -> str:
        """One paragraph: name, currency, incidents, options and ranges (the repr)."""
        per_year = sum(self.annual_rates().values())
        options = ", ".join(self.options)
        parts = [
            f"Scenario {self.name!r} ({self.currency}): client {self.client.name!r}, "
            f"{self.client.hard_loss_per_hour:,.0f}/h hard and {self.client.soft_loss_per_hour:,.0f}"
            f"/h soft loss at peak, {per_year:,.1f} incidents a year",
            f"{len(self.options)} options ({options}), baseline {self.baseline!r}",
            f"{len(self.inventory)} device classes, {len(self._ranges)} ranged inputs",
            f"{self.simulation.trials:,} trials, seed {self.simulation.seed}",
        ]
        return "; ".join(parts) + "."

    def __repr__(self) -> str:
        return f"<{self.summary()}>"

    def _repr_html_(self) -> str:
        import html

        return f"<p>{html.escape(self.summary())}</p>"

    @property
    def ranges(self) -> dict[str, Range]:
        """Uncertain inputs by field path (a copy); empty for a point scenario."""
        return dict(self._ranges)

    def with_values(self, values: dict[str, float]) -> Scenario:
        """A validated copy with numbers substituted at field paths (ranges kept).

        Raises
        ------
        ScenarioError
            When a path does not exist or a value breaks the field's rule.

        Examples
        --------
        >>> from bizcase.model.io import load_scenario
        >>> from bizcase.model.io import shipped_scenario
        >>> s = load_scenario(shipped_scenario("manufacturing"))
        >>> s.with_values({"options.nbd_8x5.annual_fee": 1.0}).options["nbd_8x5"].annual_fee
        1.0
        """
        data: Any = self.model_dump(mode="python")
        for text, value in values.items():
            try:
                data = set_path(
                    data,
                    parse_path(text),
                    whole_as_int(value) if isinstance(value, float) else value,
                )
            except (KeyError, IndexError, TypeError, ValueError):
                raise ScenarioError(f"{text}: no such field in the scenario") from None
        try:
            copy = Scenario.model_validate(data)
        except ValidationError as exc:
            raise scenario_error_from_validation(exc) from None
        copy._ranges = dict(self._ranges)
        copy._texts = dict(self._texts)
        return copy

    @property
    def texts(self) -> dict[str, dict[str, str]]:
        """Texts given per language, by field path (a copy); empty when all are plain strings."""
        return {path: dict(table) for path, table in self._texts.items()}

    def text(self, path: str, lang: str = "en") -> str:
        """A reader-facing text in ``lang``: the scenario's translation, else the field's text.

        ``path`` is one of ``name``, ``description``, ``client.name``, ``client.history.source``,
        ``options.<id>.label``, ``options.<id>.description``.

        Examples
        --------
        >>> from bizcase.model.io import load_scenario, shipped_scenario
        >>> s = load_scenario(shipped_scenario("manufacturing"))
        >>> s.text("options.status_quo.label", "ru") != ""
        True
        """
        if path == "name":
            default = self.name
        elif path == "description":
            default = self.description
        elif path == "client.name":
            default = self.client.name
        elif path == "client.history.source":
            default = self.client.history.source if self.client.history is not None else ""
        else:
            parts = path.split(".")
            if len(parts) != 3 or parts[0] != "options" or parts[2] not in ("label", "description"):
                raise KeyError(f"{path}: not a scenario text")
            default = getattr(self.options[parts[1]], parts[2])
        table = self._texts.get(path)
        if table is not None and default_text(table) != default:
            return default  # the field was changed in a copy: its old translations are stale
        return localized(default, self._texts, path, lang)

    def annual_rates(self) -> dict[str, float]:
        """Incidents per year by priority: given rates plus the inventory's failures."""
        rates = {p: inc.annual_rate for p, inc in self.incidents.by_priority().items()}
        for device in self.inventory:
            rates[device.priority] += device.units * device.annual_failure_rate
        return rates
