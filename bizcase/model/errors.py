"""The one exception family of bizcase: every message names the field, the value and the rule."""

from __future__ import annotations


class BizcaseError(Exception):
    """Base class of every error bizcase raises on purpose."""


class ScenarioError(BizcaseError, ValueError):
    """A scenario (file, dict, CLI or form value) breaks a rule.

    The message names the file (when there is one), the field path, the offending value and the rule,
    one problem per line.  ``problems`` keeps them as ``(field_path, value, rule)`` tuples so a UI can
    show each next to the input that caused it.
    """

    def __init__(self, message: str, problems: list[tuple[str, object, str]] | None = None) -> None:
        super().__init__(message)
        self.problems: list[tuple[str, object, str]] = problems or []


class InputError(BizcaseError, ValueError):
    """A bad argument to a public function (a negative rate, mismatched shapes, ...)."""
