"""Report downloads: the client leave-behind and the management pack, as HTML, PDF or Excel.

The report is made from the scenario the page shows (the working scenario, unsaved edits
included), in the page's language, with the report's own modest trial counts
(:func:`bizcase.output.report.report_settings`).  Computing and rendering take seconds (the PDF is
printed by headless Chromium), so the callbacks run in a background worker with a spinner and a
progress line; a failure (no Chromium, a bad scenario) is an inline message, never a traceback.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import dash_bootstrap_components as dbc
from dash import Dash, Input, Output, State, dcc, no_update
from dash.exceptions import PreventUpdate

from bizcase import BizcaseError, Scenario
from bizcase.output.report import FORMATS, compute_report, render, report_settings
from dashapp import ids
from dashapp.callbacks.common import page_scenario, work_message
from dashapp.compute import WorkTooLarge, check_work
from dashapp.i18n import format_number, normalise_lang, t
from dashapp.jobs import job
from dashapp.library import LibraryError, sanitise_key

log = logging.getLogger(__name__)

#: File-name suffix of each report kind.
KIND_SLUGS = {"client": "leave-behind", "management": "management-pack"}
MIME_TYPES = {
    "html": "text/html",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def report_filename(scenario: Scenario, key: str | None, kind: str, fmt: str, lang: str) -> str:
    """A safe file name from the scenario's name: ``<name>-<kind>[-ru].<format>``.

    A name with nothing usable in it (all Cyrillic, say) falls back to the library key.

    >>> from dashapp.library import Library, shipped_dir
    >>> s = Library(shipped_dir(), shipped_dir()).load("manufacturing")
    >>> report_filename(s, "manufacturing", "client", "pdf", "ru").endswith("-leave-behind-ru.pdf")
    True
    """
    stem = "scenario"
    for candidate in (scenario.name, key or ""):
        try:
            stem = sanitise_key(candidate)
            break
        except LibraryError:
            continue
    suffix = "" if lang == "en" else f"-{lang}"
    return f"{stem}-{KIND_SLUGS[kind]}{suffix}.{fmt}"


def _size(n_bytes: int, lang: str) -> str:
    if n_bytes >= 1_000_000:
        return t("size_mb", lang, n=format_number(n_bytes / 1e6, lang, 1))
    return t("size_kb", lang, n=format_number(max(1.0, n_bytes / 1e3), lang, 0))


def _failed(detail: str, lang: str) -> dbc.Alert:
    return dbc.Alert(t("report_failed", lang, detail=detail), color="danger", className="mb-0")


def make_report(
    set_progress: Callable[[Any], None],
    kind: str,
    fmt: str | None,
    working: dict[str, Any] | None,
    page: dict[str, Any] | None,
) -> tuple[Any, Any]:
    """``(dcc.Download data, message)`` for a report of ``kind`` in ``fmt``.

    The data is :func:`dash.dcc.send_bytes`'s dict (base64 content, file name, MIME type); on a
    failure it is ``no_update`` and the message is an inline alert naming the cause.
    """
    lang = normalise_lang((page or {}).get("lang"))
    key = (page or {}).get("scenario")
    edits = working if working and working.get("key") == key else {}
    if edits.get("invalid"):
        return no_update, _failed(t("err_invalid", lang), lang)
    scenario = page_scenario(working, page)
    fmt = fmt if fmt in FORMATS else "html"
    dirty = bool(edits.get("dirty"))
    source = f"{key}.toml" if key and not dirty else ""
    settings = report_settings(scenario)
    set_progress(
        t(
            "report_computing",
            lang,
            trials=format_number(settings.trials, lang),
            case=format_number(settings.case_trials, lang),
        )
    )
    try:
        if fmt == "pdf":
            from bizcase.output.report.pdf import find_chromium

            find_chromium()  # say so before the computation when there is no renderer
        check_work(scenario, settings.trials)
        check_work(scenario, settings.case_trials * scenario.business_case.horizon_years)
        data = compute_report(scenario, kind, source=source)
        set_progress(t("report_rendering", lang, format=t(f"format_{fmt}", lang)))
        payload = render(data, kind, fmt, lang)
    except WorkTooLarge as exc:
        return no_update, _failed(work_message(exc, lang), lang)
    except BizcaseError as exc:
        return no_update, _failed(str(exc), lang)
    except Exception as exc:  # the page shows a message, the log keeps the traceback
        log.exception("report %s/%s of %r failed", kind, fmt, key)
        return no_update, _failed(t("report_internal", lang, kind=type(exc).__name__), lang)
    name = report_filename(scenario, key, kind, fmt, lang)
    message = t("report_ready", lang, name=name, size=_size(len(payload), lang))
    return dcc.send_bytes(payload, name, type=MIME_TYPES[fmt]), message


@job("report-client", outputs=2, message_at=1, page_arg=3)
def leave_behind(
    set_progress: Callable[[Any], None],
    clicks: int | None,
    fmt: str | None,
    working: dict[str, Any] | None,
    page: dict[str, Any] | None,
) -> tuple[Any, Any]:
    """The client leave-behind of the page's scenario (the losses page's button)."""
    if not clicks:
        raise PreventUpdate
    return make_report(set_progress, "client", fmt, working, page)


@job("report-management", outputs=2, message_at=1, page_arg=3)
def management_pack(
    set_progress: Callable[[Any], None],
    clicks: int | None,
    fmt: str | None,
    working: dict[str, Any] | None,
    page: dict[str, Any] | None,
) -> tuple[Any, Any]:
    """The management pack of the page's scenario (delivery and business-case pages)."""
    if not clicks:
        raise PreventUpdate
    return make_report(set_progress, "management", fmt, working, page)


HANDLERS = {"client": leave_behind, "management": management_pack}


def register(app: Dash) -> None:
    for page, kind in ids.REPORT_PAGES.items():

        def rid(part: str, page: str = page) -> str:
            return ids.report(page, part)

        app.callback(
            Output(rid(ids.REPORT_DOWNLOAD), "data"),
            Output(rid(ids.REPORT_MESSAGE), "children"),
            Input(rid(ids.REPORT_BUTTON), "n_clicks"),
            State(rid(ids.REPORT_FORMAT), "value"),
            State(ids.WORKING, "data"),
            State(ids.PAGE, "data"),
            background=True,
            progress=[Output(rid(ids.REPORT_STATUS_TEXT), "children")],
            running=[
                (Output(rid(ids.REPORT_BUTTON), "disabled"), True, False),
                (Output(rid(ids.REPORT_STATUS), "style"), {"display": "flex"}, {"display": "none"}),
            ],
            prevent_initial_call=True,
        )(HANDLERS[kind])
