"""The app factory: ``create_app(library_dir)`` builds a Dash app over the scenario library.

Pages register themselves (``dashapp.pages.*.register``); callbacks are thin functions in
``dashapp.callbacks.*`` registered on the app here, so tests can build several apps in one process
and call every callback directly.  Nothing per user lives on the server: the working scenario is
JSON in a browser-side ``dcc.Store``; the server keeps only folders and bounded caches.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from importlib import resources
from pathlib import Path

import dash
import dash_bootstrap_components as dbc
import diskcache
import flask
from dash import Dash, dcc, html

from dashapp import ids, security
from dashapp import jobs as jobs_module
from dashapp.i18n import LANGUAGES, normalise_lang, t
from dashapp.library import MAX_REQUEST_BYTES, Library, default_library_dir, shipped_dir
from dashapp.state import CONFIG_KEY, make_search

BOOTSTRAP_URL = "/_bizcase/bootstrap.min.css"
NAV = (
    ("library", "/", "nav_library"),
    ("losses", "/losses", "nav_losses"),
    ("edit", "/edit", "nav_edit"),
    ("compare", "/compare", "nav_compare"),
    ("delivery", "/delivery", "nav_delivery"),
    ("design", "/design", "nav_design"),
    ("business", "/business-case", "nav_business"),
)


def assets_dir() -> Path:
    """The app's static folder (``dashapp/assets``), found as package data of the installation.

    Dash serves it from the file system, so it must be a real folder (a wheel installs as files).
    """
    # Through the regular package: the folder itself has no __init__.py (a namespace package).
    folder = resources.files("dashapp") / "assets"
    if not isinstance(folder, Path):
        raise RuntimeError(
            f"dashapp/assets is not on the file system ({folder!r}): install unzipped"
        )
    return folder


def default_jobs_dir() -> Path:
    """Where background jobs (long runs) keep their state: a per-user temporary folder."""
    uid = os.getuid() if hasattr(os, "getuid") else "user"
    return Path(tempfile.gettempdir()) / f"bizcase-jobs-{uid}"


def nav_items(lang: str, search: str) -> list[dbc.NavItem]:
    """The navbar links, carrying the scenario and language of the current URL."""
    return [
        dbc.NavItem(dbc.NavLink(t(key, lang), href=path + search, id=ids.nav_link(page)))
        for page, path, key in NAV
    ]


def share_panel(lang: str) -> dbc.Collapse:
    """The link that reopens this view (page, choices, language and unsaved edits), to copy."""
    return dbc.Collapse(
        dbc.Card(
            dbc.CardBody(
                [
                    dbc.Label(t("share_label", lang), html_for=ids.SHARE_LINK, className="mb-1"),
                    dbc.InputGroup(
                        [
                            dbc.Input(id=ids.SHARE_LINK, readonly=True, value=""),
                            dbc.InputGroupText(
                                dcc.Clipboard(target_id=ids.SHARE_LINK, id=ids.SHARE_COPY)
                            ),
                        ]
                    ),
                    html.Div(id=ids.SHARE_NOTE, className="small-note text-muted mt-1"),
                ]
            ),
            className="mb-3 share-card",
        ),
        id=ids.SHARE_PANEL,
        is_open=False,
    )


def shell_layout() -> html.Div:
    """The frame around every page: navbar, language switch, stores, flash messages."""
    args = flask.request.args if flask.has_request_context() else {}
    lang = normalise_lang(args.get("lang"))
    search = make_search({"scenario": args.get("scenario"), "lang": lang})
    return html.Div(
        [
            dcc.Location(id=ids.URL, refresh="callback-nav"),
            dcc.Store(id=ids.WORKING, storage_type="session"),
            dcc.Store(id=ids.DISCARD_PENDING),
            dcc.Store(id=ids.SHARE_TOKEN),
            dcc.ConfirmDialog(id=ids.DISCARD_CONFIRM),
            dbc.Navbar(
                dbc.Container(
                    [
                        dbc.NavbarBrand(
                            t("app_title", lang), id=ids.NAVBAR_BRAND, href="/" + search
                        ),
                        dbc.Nav(nav_items(lang, search), navbar=True, className="me-auto"),
                        dbc.Badge("", id=ids.DIRTY_BADGE, color="warning", className="me-3"),
                        dbc.Button(
                            t("share", lang),
                            id=ids.SHARE_BUTTON,
                            color="light",
                            outline=True,
                            size="sm",
                            className="me-3",
                        ),
                        dbc.RadioItems(
                            id=ids.LANG_SWITCH,
                            options=[{"label": code.upper(), "value": code} for code in LANGUAGES],
                            value=lang,
                            inline=True,
                            className="lang-switch",
                            inputClassName="btn-check",
                            labelClassName="btn btn-outline-light btn-sm",
                            labelCheckedClassName="active",
                        ),
                    ],
                    fluid=True,
                ),
                color="dark",
                dark=True,
                className="mb-3",
            ),
            dbc.Container(
                [
                    dbc.Alert(id=ids.FLASH, is_open=False, dismissable=True, duration=8000),
                    share_panel(lang),
                    dash.page_container,
                ],
                fluid=True,
                className="pb-5",
            ),
        ]
    )


def create_app(
    library_dir: str | os.PathLike[str] | None = None,
    *,
    shipped: str | os.PathLike[str] | None = None,
    jobs_dir: str | os.PathLike[str] | None = None,
    allowed_hosts: Iterable[str] = (),
    max_jobs: int = jobs_module.MAX_RUNNING_JOBS,
) -> Dash:
    """Build the app.

    Parameters
    ----------
    library_dir : path, optional
        Folder of the user's scenario files (created if missing); default
        :func:`dashapp.library.default_library_dir`.
    shipped : path, optional
        Folder of the read-only shipped scenarios; default the repository's ``scenarios/``.
    jobs_dir : path, optional
        Folder of the background-job cache (long runs); default a per-user temporary folder.
    allowed_hosts : names, optional
        ``Host`` names answered besides the loopback ones (:mod:`dashapp.security`).
    max_jobs : int
        Background jobs running at once over all sessions (:mod:`dashapp.jobs`).
    """
    from dashapp import callbacks, pages  # noqa: F401  (import after Dash exists: pages)

    user_dir = Path(library_dir) if library_dir is not None else default_library_dir()
    user_dir.mkdir(parents=True, exist_ok=True)
    # A save killed between its temporary file and the rename leaves the temporary behind.
    Library(user_dir).clean_stale_temporaries()
    jobs = Path(jobs_dir) if jobs_dir is not None else default_jobs_dir()
    jobs.mkdir(parents=True, exist_ok=True)
    manager = jobs_module.BoundedJobs(
        diskcache.Cache(str(jobs / "cache")), jobs, max_jobs=max_jobs, expire=3600
    )

    app = Dash(
        __name__,
        use_pages=True,
        pages_folder="",
        assets_folder=str(assets_dir()),
        external_stylesheets=[BOOTSTRAP_URL],
        suppress_callback_exceptions=True,
        background_callback_manager=manager,
        title="bizcase",
        update_title="",
    )
    server = app.server
    server.config[CONFIG_KEY] = {
        "user_dir": user_dir,
        "shipped": Path(shipped) if shipped is not None else shipped_dir(),
    }
    # Dash sends an upload base64-encoded inside a JSON body: this caps every request.
    server.config["MAX_CONTENT_LENGTH"] = MAX_REQUEST_BYTES

    bootstrap = resources.files("flask_bootstrap") / "static/bootstrap5/css/bootstrap.min.css"

    @server.route(BOOTSTRAP_URL)
    def _bootstrap_css() -> flask.Response:
        response = flask.Response(bootstrap.read_bytes(), mimetype="text/css")
        response.headers["Cache-Control"] = "public, max-age=86400"
        return response

    pages.register_all()
    app.layout = shell_layout
    callbacks.register_all(app)
    jobs_module.install_session_cookie(server)
    security.install(app, allowed_hosts)
    return app
