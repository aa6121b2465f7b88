"""Serve the app with waitress (a production WSGI server), debug off, on 127.0.0.1 by default."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any, TextIO

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8050
THREADS = 8


def url_for(host: str, port: int) -> str:
    """The address to open in a browser (a wildcard bind is opened on loopback)."""
    shown = "127.0.0.1" if host in ("0.0.0.0", "") else ("[::1]" if host == "::" else host)
    if ":" in shown and not shown.startswith("["):
        shown = f"[{shown}]"
    return f"http://{shown}:{port}/"


def serve(
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    library_dir: str | os.PathLike[str] | None = None,
    threads: int = THREADS,
    out: TextIO = sys.stdout,
) -> None:
    """Build the app and serve it until interrupted."""
    import waitress

    from dashapp.app import create_app
    from dashapp.library import default_library_dir

    library = Path(library_dir) if library_dir is not None else default_library_dir()
    app = create_app(library)
    out.write(f"bizcase is running: open {url_for(host, port)}\n")
    out.write(f"  your scenarios: {library}\n  stop with Ctrl+C\n")
    out.flush()
    waitress.serve(app.server, host=host, port=port, threads=threads, ident="bizcase")


def _port(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"port = {text!r}: must be an integer") from None
    if not 1 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"port = {value}: must be from 1 to 65535")
    return value


def cmd_serve(args: argparse.Namespace, out: TextIO) -> int:
    """``bizcase serve``: run the app under waitress until interrupted."""
    serve(args.host, args.port, args.library, out=out)
    return 0


def add_command(sub: Any) -> None:
    """Register ``bizcase serve`` (the ``bizcase.commands`` entry point of this package)."""
    parser = sub.add_parser("serve", help="run the interactive app in the browser (waitress)")
    parser.add_argument("--host", default=DEFAULT_HOST, help="address to bind (default 127.0.0.1)")
    parser.add_argument("--port", type=_port, default=DEFAULT_PORT, help="port (default 8050)")
    parser.add_argument(
        "--library", help="folder of your scenario files (default: the user data directory)"
    )
    parser.set_defaults(handler=cmd_serve)


def main() -> None:  # pragma: no cover - used by the load test's subprocess
    """``python -m dashapp.serve HOST PORT LIBRARY``."""
    host, port, library = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    serve(host, port, library)


if __name__ == "__main__":  # pragma: no cover
    main()
