"""Background jobs: at most one per user session and kind, and a cap on all running jobs.

Dash's :class:`~dash.DiskcacheManager` starts one process per background-callback request, so
six identical report requests started six processes.  :class:`BoundedJobs` keeps a registry of
running jobs in files under the jobs folder (shared by every worker process and thread, guarded
by ``flock``): a new job of a session and kind stops that session's previous one of the kind,
and when :data:`MAX_RUNNING_JOBS` are running a new one is not started — its callback answers
at once with a message in its message output instead.

A session is a random cookie (:data:`SESSION_COOKIE`) the app sets on its first answer; a
request without it counts as one anonymous session per client address.  Only callbacks marked
with :func:`job` are bounded; the mark says which output carries the refusal.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import re
import secrets
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import flask
import psutil
from dash import DiskcacheManager, no_update

from dashapp.i18n import normalise_lang, t

SESSION_COOKIE = "bizcase_session"
SESSION_PATTERN = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
#: Background jobs running at once over all users (each may use a core for minutes).
MAX_RUNNING_JOBS = 4
JOB_ATTRIBUTE = "__bizcase_job__"

F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True)
class JobSpec:
    """How a background callback is bounded.

    ``kind`` groups callbacks of which a session runs one at a time; a refused call returns
    ``outputs`` values, all ``no_update`` but the one at ``message_at`` (the message); the
    page store (for the language) is positional argument ``page_arg`` of the callback.
    """

    kind: str
    outputs: int
    message_at: int
    page_arg: int

    def refusal(self, args: Any, running: int, limit: int) -> list[Any]:
        """The callback's outputs when it is not started because ``running`` jobs run."""
        page = args[self.page_arg] if isinstance(args, list | tuple) else None
        lang = normalise_lang(page.get("lang") if isinstance(page, dict) else None)
        values: list[Any] = [no_update] * self.outputs
        values[self.message_at] = t("jobs_busy", lang, running=running, limit=limit)
        return values


def job(kind: str, outputs: int, message_at: int, page_arg: int) -> Callable[[F], F]:
    """Mark a background callback as a bounded job of ``kind`` (see :class:`JobSpec`)."""

    def mark(func: F) -> F:
        setattr(func, JOB_ATTRIBUTE, JobSpec(kind, outputs, message_at, page_arg))
        return func

    return mark


def current_session() -> str:
    """The session of the request: its cookie, else one anonymous session per address."""
    if not flask.has_request_context():
        return "anonymous"
    value = flask.request.cookies.get(SESSION_COOKIE, "")
    if SESSION_PATTERN.match(value):
        return value
    return f"anonymous:{flask.request.remote_addr}"


def install_session_cookie(server: flask.Flask) -> None:
    """Give every browser a random session cookie on its first answer."""

    @server.after_request
    def _set_cookie(response: flask.Response) -> flask.Response:
        if not SESSION_PATTERN.match(flask.request.cookies.get(SESSION_COOKIE, "")):
            response.set_cookie(
                SESSION_COOKIE, secrets.token_urlsafe(24), httponly=True, samesite="Strict"
            )
        return response


@dataclass(frozen=True)
class Running:
    """One registered job: its process and that process's start time (against pid reuse)."""

    path: Path
    pid: int
    started: float

    def alive(self) -> bool:
        try:
            proc = psutil.Process(self.pid)
            return (
                abs(proc.create_time() - self.started) < 1e-3
                and proc.status() != psutil.STATUS_ZOMBIE
            )
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            return False


class BoundedJobs(DiskcacheManager):  # type: ignore[misc]
    """A :class:`~dash.DiskcacheManager` with one job per session and kind and a global cap."""

    def __init__(
        self, cache: Any, jobs_dir: Path, max_jobs: int = MAX_RUNNING_JOBS, **kwargs: Any
    ) -> None:
        self.specs: dict[int, JobSpec] = {}  # before the base class registers job functions
        self.registry = Path(jobs_dir) / "running"
        self.registry.mkdir(parents=True, exist_ok=True)
        self.max_jobs = max_jobs
        super().__init__(cache, **kwargs)

    def make_job_fn(self, fn: Any, progress: Any, key: Any = None) -> Any:
        job_fn = super().make_job_fn(fn, progress, key)
        spec = getattr(fn, JOB_ATTRIBUTE, None)
        if spec is not None:
            self.specs[id(job_fn)] = spec
        return job_fn

    @contextmanager
    def _locked(self) -> Iterator[None]:
        fd = os.open(self.registry / ".lock", os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            try:
                yield
            finally:
                # Unlock explicitly: a job forked meanwhile shares this descriptor, and a
                # close here would leave the lock held until that job ends.
                fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)

    def running(self) -> dict[str, Running]:
        """Live registered jobs by registry name; dead entries are removed (call locked)."""
        live: dict[str, Running] = {}
        for path in self.registry.glob("*.job"):
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
                entry = Running(path, int(data["pid"]), float(data["started"]))
            except (OSError, ValueError, KeyError, TypeError):
                path.unlink(missing_ok=True)
                continue
            if entry.alive():
                live[path.stem] = entry
            else:
                path.unlink(missing_ok=True)
        return live

    def build_cache_key(self, fn: Any, args: Any, ignore: Any, *triggered: Any) -> str:
        # Two sessions asking the same thing must not read (and delete) each other's result.
        # Dash 3+ also passes the triggered inputs; 2.x (the floor, 2.16) does not.
        key = super().build_cache_key(fn, args, ignore, *triggered)
        return hashlib.sha256(f"{key}\0{current_session()}".encode()).hexdigest()

    def call_job_fn(self, key: Any, job_fn: Any, args: Any, context: Any) -> Any:
        spec = self.specs.get(id(job_fn))
        if spec is None:
            return super().call_job_fn(key, job_fn, args, context)
        import multiprocess

        multiprocess.active_children()  # reap this process's finished jobs
        slot = hashlib.sha256(f"{current_session()}\0{spec.kind}".encode()).hexdigest()[:32]
        with self._locked():
            live = self.running()
            previous = live.pop(slot, None)
            if previous is not None:
                self.terminate_job(previous.pid)
                previous.path.unlink(missing_ok=True)
            if len(live) >= self.max_jobs:
                self.handle.set(key, spec.refusal(args, len(live), self.max_jobs))
                return 0  # no process: job_running(0) is False, the result is ready
            pid = super().call_job_fn(key, job_fn, args, context)
            started = psutil.Process(pid).create_time()
            path = self.registry / f"{slot}.job"
            path.write_text(json.dumps({"pid": pid, "started": started}), encoding="utf-8")
        return pid

    def terminate_job(self, job: Any) -> None:
        # 0 is a refused job (and would be the kernel's pid): nothing to stop.
        if job is None or int(job) <= 0:
            return
        super().terminate_job(job)

    def job_running(self, job: Any) -> bool:
        if job is None or int(job) <= 0:
            return False
        return bool(super().job_running(job))
