"""What every HTTP request passes through: the Host allow-list, security headers, error answers.

* **Host allow-list** (against DNS rebinding: a page of another site that resolves its own name
  to 127.0.0.1 must not reach this app): loopback names by default, more with
  ``bizcase serve --allowed-host NAME``; any other ``Host`` gets 400 with a message.
* **Security headers** on every response, error pages included: ``nosniff``, no framing
  (``X-Frame-Options`` and CSP ``frame-ancestors``) and a Content-Security-Policy that fits Dash:
  scripts from this server plus the hashes of Dash's two inline scripts; inline styles (plotly
  and React write them).
* **Bad requests are 4xx, never 500**: a callback body that is not the JSON the renderer sends,
  or whose values have the wrong type, gets 400 naming what is wrong; an unknown scenario key
  gets 404.  Nothing answers with a traceback: unexpected errors are logged and answered with a
  short text.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable
from typing import Any

import flask
from dash import Dash
from werkzeug.exceptions import HTTPException

from dashapp import ids
from dashapp.library import LibraryError

log = logging.getLogger(__name__)

#: Host names answered without ``--allowed-host``.
LOOPBACK_HOSTS = ("localhost", "127.0.0.1", "::1")
HOST_NAME = re.compile(r"^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.?)+$|^[0-9a-f:.]+$")
CALLBACK_PATH = "/_dash-update-component"

#: Properties whose values must be a JSON object (or null) when a callback body carries them.
OBJECT_STORES = frozenset({ids.WORKING, ids.PAGE})
#: Click counters: a whole number (or null), never a string or a boolean.
COUNTERS = frozenset({"n_clicks", "submit_n_clicks", "n_clicks_timestamp"})
#: Properties that are text (or null).
TEXTS = frozenset({"search", "pathname", "href", "contents", "filename"})

StartResponse = Callable[..., Any]


def host_name(header: str) -> str:
    """The name part of a ``Host`` header, lower case, without port, brackets or final dot.

    >>> host_name("LocalHost:8050"), host_name("[::1]:80"), host_name("example.org.")
    ('localhost', '::1', 'example.org')
    """
    text = header.strip().lower()
    if text.startswith("["):
        text = text[1 : text.find("]")] if "]" in text else text[1:]
    elif text.count(":") == 1:
        text = text.split(":", 1)[0]
    return text.rstrip(".")


def check_allowed_host(name: str) -> str:
    """``name`` as the allow-list keeps it; ``ValueError`` naming the rule when it is no host.

    >>> check_allowed_host("Intranet.Example.")
    'intranet.example'
    >>> check_allowed_host("http://x/")
    Traceback (most recent call last):
    ValueError: allowed host = 'http://x/': must be a host name or IP address (letters, digits, '-', '.'; no port, no scheme)
    """
    clean = name.strip().lower().rstrip(".")
    if clean.startswith("[") and clean.endswith("]"):
        clean = clean[1:-1]
    if not clean or len(clean) > 253 or not HOST_NAME.match(clean):
        raise ValueError(
            f"allowed host = {name!r}: must be a host name or IP address (letters, digits, "
            "'-', '.'; no port, no scheme)"
        )
    return clean


def content_security_policy(script_hashes: Iterable[str]) -> str:
    """The CSP of the app's pages: nothing from other origins, no framing, no plugins."""
    scripts = " ".join(["'self'", *script_hashes])
    return "; ".join(
        (
            "default-src 'self'",
            f"script-src {scripts}",
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data: blob:",
            "font-src 'self' data:",
            "connect-src 'self'",
            "worker-src 'self' blob:",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        )
    )


def _plain(status: str, message: str) -> tuple[list[bytes], list[tuple[str, str]]]:
    body = (message.rstrip("\n") + "\n").encode("utf-8")
    return [body], [
        ("Content-Type", "text/plain; charset=utf-8"),
        ("Content-Length", str(len(body))),
    ]


def _shown(text: str, limit: int = 80) -> str:
    """Untrusted text quoted for a message: printable ASCII only, shortened."""
    clean = "".join(ch if 32 <= ord(ch) < 127 else "?" for ch in text)
    return repr(clean if len(clean) <= limit else clean[:limit] + "...")


class Guard:
    """WSGI middleware: refuse unknown ``Host`` names, add the security headers to every answer.

    It wraps Flask's ``wsgi_app``, so it also covers 404s, 413s and responses of other routes.
    """

    def __init__(
        self,
        app: Callable[..., Iterable[bytes]],
        allowed: Iterable[str],
        policy: Callable[[], str],
    ) -> None:
        self.app = app
        self.allowed = frozenset(allowed)
        # Asked per answer: Dash adds an inline script (the page title) on its first request.
        self.policy = policy
        self.headers = [
            ("X-Content-Type-Options", "nosniff"),
            ("X-Frame-Options", "DENY"),
            ("Referrer-Policy", "same-origin"),
            ("Cross-Origin-Opener-Policy", "same-origin"),
        ]

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        def start(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            present = {name.lower() for name, _ in headers}
            wanted = [*self.headers, ("Content-Security-Policy", self.policy())]
            extra = [(k, v) for k, v in wanted if k.lower() not in present]
            return start_response(status, [*headers, *extra], exc_info)

        raw = environ.get("HTTP_HOST") or environ.get("SERVER_NAME") or ""
        if host_name(raw) not in self.allowed:
            names = ", ".join(sorted(self.allowed))
            body, headers = _plain(
                "400",
                f"400 Bad Request: Host {_shown(raw)} is not allowed; this server answers to "
                f"{names}. To serve it under another name, start it with "
                f"'bizcase serve --allowed-host NAME'.",
            )
            start("400 Bad Request", headers)
            return body
        return self.app(environ, start)


def _type_problem(item: Any) -> str | None:
    """What is wrong with one input/state entry of a callback body (``None`` when fine)."""
    if isinstance(item, list):  # a pattern-matching (ALL) input: a list of entries
        for sub in item:
            problem = _type_problem(sub)
            if problem:
                return problem
        return None
    if not isinstance(item, dict) or not isinstance(item.get("property"), str):
        return f"entry {_shown(str(item))}: must be an object with 'id' and 'property'"
    if not isinstance(item.get("id"), str | dict):
        return f"entry id = {_shown(str(item.get('id')))}: must be a text or an object"
    if "value" not in item:
        return None
    prop, value = item["property"], item["value"]
    name = f"{item['id']}.{prop}" if isinstance(item["id"], str) else f"{prop}"
    if prop == "data" and item["id"] in OBJECT_STORES:
        if value is not None and not isinstance(value, dict):
            return f"{name} = {_shown(repr(value))}: must be an object (or null)"
    elif prop in COUNTERS:
        if value is not None and (isinstance(value, bool) or not isinstance(value, int | float)):
            return f"{name} = {_shown(repr(value))}: must be a number of clicks (or null)"
    elif prop in TEXTS and value is not None and not isinstance(value, str):
        return f"{name} = {_shown(repr(value))}: must be text (or null)"
    return None


def callback_body_problem(body: Any, known_outputs: Iterable[str]) -> str | None:
    """Why a ``_dash-update-component`` body cannot be a request of this app's renderer.

    >>> callback_body_problem([], ["a.children"])
    'the body must be a JSON object'
    >>> callback_body_problem({"output": "b.x", "inputs": []}, ["a.children"])
    "output = 'b.x': no callback of this app has that output"
    """
    if not isinstance(body, dict):
        return "the body must be a JSON object"
    output = body.get("output")
    if not isinstance(output, str):
        return "output: must be the text naming the callback's outputs"
    if output not in known_outputs:
        return f"output = {_shown(output)}: no callback of this app has that output"
    for part in ("inputs", "state"):
        value = body.get(part, [])
        if not isinstance(value, list):
            return f"{part}: must be a list"
        for item in value:
            problem = _type_problem(item)
            if problem:
                return f"{part}: {problem}"
    if "outputs" in body and not isinstance(body["outputs"], dict | list):
        return "outputs: must be an object or a list"
    changed = body.get("changedPropIds", [])
    if not isinstance(changed, list) or not all(isinstance(p, str) for p in changed):
        return "changedPropIds: must be a list of texts"
    return None


def _text_response(status: int, message: str) -> flask.Response:
    return flask.Response(message.rstrip("\n") + "\n", status=status, mimetype="text/plain")


def install(app: Dash, allowed_hosts: Iterable[str] = ()) -> None:
    """Wire the Host check, the headers, the callback-body check and the error answers."""
    server = app.server
    allowed = {*LOOPBACK_HOSTS, *(check_allowed_host(h) for h in allowed_hosts)}
    server.wsgi_app = Guard(  # type: ignore[method-assign]
        server.wsgi_app, allowed, lambda: content_security_policy(app.csp_hashes())
    )

    @server.before_request
    def _check_callback_body() -> flask.Response | None:
        if flask.request.path != CALLBACK_PATH or flask.request.method != "POST":
            return None
        body = flask.request.get_json(silent=True)
        if body is None:
            return _text_response(
                400,
                "400 Bad Request: the callback body must be JSON (Content-Type: application/json)",
            )
        problem = callback_body_problem(body, app.callback_map)
        if problem:
            return _text_response(400, f"400 Bad Request: callback request: {problem}")
        return None

    def _on_error(exc: Exception) -> Any:
        if isinstance(exc, HTTPException):
            return exc
        if isinstance(exc, LibraryError) and exc.code == "unknown":
            return _text_response(404, f"404 Not Found: no scenario {exc.detail}")
        log.exception("request %s %s failed", flask.request.method, flask.request.path)
        if flask.request.path == CALLBACK_PATH:
            body = flask.request.get_json(silent=True) or {}
            output = body.get("output", "?") if isinstance(body, dict) else "?"
            return _text_response(
                400,
                f"400 Bad Request: callback {_shown(str(output))}: its values could not be "
                f"used ({type(exc).__name__}); reload the page",
            )
        return _text_response(500, "500 Internal Server Error: the server log has the details")

    server.register_error_handler(Exception, _on_error)
