"""Serve the app with waitress (a production WSGI server), debug off, on 127.0.0.1 by default."""

from __future__ import annotations

import argparse
import errno
import gc
import os
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any, TextIO

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8050
THREADS = 8
#: Exit status when the server cannot start (the command line's status for bad input).
EXIT_CANNOT_START = 2


def url_for(host: str, port: int) -> str:
    """The address to open in a browser (a wildcard bind is opened on loopback)."""
    shown = "127.0.0.1" if host in ("0.0.0.0", "") else ("[::1]" if host == "::" else host)
    if ":" in shown and not shown.startswith("["):
        shown = f"[{shown}]"
    return f"http://{shown}:{port}/"


class ServeError(Exception):
    """The server cannot start (port in use, address not available); the message says why."""


def _bind_problem(exc: OSError, host: str, port: int) -> str:
    if exc.errno == errno.EADDRINUSE:
        return (
            f"port {port} on {host} is already in use (another bizcase or program); "
            f"pick another with --port, e.g. --port {port + 1 if port < 65535 else 8051}"
        )
    if exc.errno == errno.EACCES:
        return f"port {port} on {host}: permission denied; pick a port above 1023 with --port"
    return f"cannot listen on {host}:{port}: {exc.strerror or exc}; check --host and --port"


def default_allowed_hosts(host: str, extra: Iterable[str] = ()) -> list[str]:
    """Host names to answer besides loopback: the bound address (unless a wildcard) and ``extra``.

    >>> default_allowed_hosts("0.0.0.0", ["intranet.example"])
    ['intranet.example']
    >>> default_allowed_hosts("192.168.1.5")
    ['192.168.1.5']
    """
    names = [] if host in ("", "0.0.0.0", "::") else [host]
    return [*names, *extra]


def freeze_startup_heap() -> int:
    """Move every object alive now (modules, schemas, the app's layout) out of the garbage
    collector's reach; returns how many were frozen.

    A full collection walks every tracked object: with the app built that is ~190,000 of them
    and ~55 ms, which lands on whichever request triggers it (a finance slider took 80 ms, or
    140 ms when a collection fell in it).  Objects alive at start-up live as long as the
    server, so the collector need never look at them again; what requests create later is
    still collected as usual.

    >>> import gc
    >>> freeze_startup_heap() > 0
    True
    >>> gc.unfreeze()
    """
    gc.collect()
    gc.freeze()
    return gc.get_freeze_count()


def serve(
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    library_dir: str | os.PathLike[str] | None = None,
    threads: int = THREADS,
    out: TextIO = sys.stdout,
    allowed_hosts: Iterable[str] = (),
) -> None:
    """Build the app and serve it until interrupted.

    Raises
    ------
    ServeError
        When the address cannot be bound (the port is in use, say), before anything is served.
    """
    import waitress.server

    from dashapp.app import create_app
    from dashapp.library import default_library_dir

    library = Path(library_dir) if library_dir is not None else default_library_dir()
    app = create_app(library, allowed_hosts=default_allowed_hosts(host, allowed_hosts))
    try:
        server = waitress.server.create_server(
            app.server, host=host, port=port, threads=threads, ident="bizcase"
        )
    except OSError as exc:
        raise ServeError(_bind_problem(exc, host, port)) from None
    # The live business case's worker pool starts now, in the background, so the first cold
    # case a user asks for already has every core (it would otherwise run almost serially).
    from dashapp.compute import case_executor

    case_executor()
    freeze_startup_heap()
    out.write(f"bizcase is running: open {url_for(host, port)}\n")
    out.write(f"  your scenarios: {library}\n  stop with Ctrl+C\n")
    out.flush()
    try:
        server.run()
    finally:
        server.close()


def _port(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"port = {text!r}: must be an integer") from None
    if not 1 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"port = {value}: must be from 1 to 65535")
    return value


def _allowed_host(text: str) -> str:
    from dashapp.security import check_allowed_host

    try:
        return check_allowed_host(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def cmd_serve(args: argparse.Namespace, out: TextIO) -> int:
    """``bizcase serve``: run the app under waitress until interrupted (2 when it cannot start)."""
    try:
        serve(args.host, args.port, args.library, out=out, allowed_hosts=args.allowed_host or ())
    except ServeError as exc:
        sys.stderr.write(f"bizcase serve: {exc}\n")
        return EXIT_CANNOT_START
    return 0


def add_command(sub: Any) -> None:
    """Register ``bizcase serve`` (the ``bizcase.commands`` entry point of this package)."""
    parser = sub.add_parser("serve", help="run the interactive app in the browser (waitress)")
    parser.add_argument("--host", default=DEFAULT_HOST, help="address to bind (default 127.0.0.1)")
    parser.add_argument("--port", type=_port, default=DEFAULT_PORT, help="port (default 8050)")
    parser.add_argument(
        "--library", help="folder of your scenario files (default: the user data directory)"
    )
    parser.add_argument(
        "--allowed-host",
        action="append",
        type=_allowed_host,
        metavar="NAME",
        help="also answer requests whose Host is NAME (repeatable; loopback names always are)",
    )
    parser.set_defaults(handler=cmd_serve)


def main() -> int:  # pragma: no cover - used by the served-app tests' subprocess
    """``python -m dashapp.serve HOST PORT LIBRARY [ALLOWED_HOST ...]``."""
    host, port, library = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    try:
        serve(host, port, library, allowed_hosts=sys.argv[4:])
    except ServeError as exc:
        sys.stderr.write(f"bizcase serve: {exc}\n")
        return EXIT_CANNOT_START
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
