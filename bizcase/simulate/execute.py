"""One execution layer: independent tasks run serially, on a local process pool, or on Dask.

Trial-year chunks, design points, tornado, spider and Sobol evaluations are independent tasks:
each is a pure function of a validated scenario (sent once per map as the ``shared`` argument)
and of its own item (a chunk's size and child seed, a point's values).  An :class:`Executor`
runs ``fn(shared, item)`` for every item and returns the results **in item order**, so a caller
that reduces them in that order gets bit-identical numbers whichever executor ran them and with
however many workers.  What travels to a worker is the scenario and the items (seeds, values),
never a file path: a worker reads no files.

Three executors:

* :class:`SerialExecutor` runs every task in this process (the library's default);
* :class:`LocalPoolExecutor` uses all cores of this machine: a ``concurrent.futures`` process
  pool of one process per core (forked while this process has one thread, else from a
  forkserver), which may be shared by threads;
* :class:`DaskExecutor` sends the tasks to a ``dask.distributed`` cluster (the ``distributed``
  extra), or to a local cluster it starts for ``scheduler="local"``.

:func:`open_executor` picks one from ``--workers`` / ``--scheduler`` or the ``BIZCASE_WORKERS``
/ ``BIZCASE_SCHEDULER`` environment variables.  Nested maps (a task that itself simulates) run
serially inside their worker.
"""

from __future__ import annotations

import concurrent.futures as cf
import multiprocessing
import os
import re
import sys
import threading
import time
import warnings
import weakref
from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping, Sequence
from types import TracebackType
from typing import Any, TypeVar

from bizcase.model.errors import BizcaseError

S = TypeVar("S")
T = TypeVar("T")
R = TypeVar("R")

#: Largest ``--workers`` accepted: more processes than this is a typo, not a machine.
MAX_WORKERS = 1024
WORKERS_ENV = "BIZCASE_WORKERS"
SCHEDULER_ENV = "BIZCASE_SCHEDULER"
#: ``--scheduler local`` starts a Dask cluster on this machine (the embedded default for docs).
LOCAL_SCHEDULER = "local"
_ADDRESS = re.compile(r"^(?:(?:tcp|tls)://)?(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9_.-]+):(\d{1,5})$")

OnDone = Callable[[int], None]


class ExecutorError(BizcaseError, ValueError):
    """A bad ``workers`` or ``scheduler`` setting, an unreachable cluster, or a lost worker."""


def available_cores() -> int:
    """CPU cores this process may run on (its affinity mask where the OS has one)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def parse_workers(value: object, source: str = "workers") -> int:
    """``value`` as a worker count from 1 to :data:`MAX_WORKERS`, else :class:`ExecutorError`.

    Examples
    --------
    >>> parse_workers("3")
    3
    >>> parse_workers(0)
    Traceback (most recent call last):
    ...
    bizcase.simulate.execute.ExecutorError: workers = 0: must be an integer from 1 to 1,024
    """
    try:
        number = int(str(value).strip()) if not isinstance(value, bool) else None
    except ValueError:
        number = None
    if number is None or not 1 <= number <= MAX_WORKERS:
        raise ExecutorError(f"{source} = {value!r}: must be an integer from 1 to {MAX_WORKERS:,}")
    return number


def check_scheduler_address(address: str, source: str = "scheduler") -> str:
    """``address`` if it reads ``tcp://HOST:PORT`` (``tls://``, bare ``HOST:PORT``, or ``local``).

    Examples
    --------
    >>> check_scheduler_address("tcp://10.0.0.5:8786")
    'tcp://10.0.0.5:8786'
    >>> check_scheduler_address("10.0.0.5")
    Traceback (most recent call last):
    ...
    bizcase.simulate.execute.ExecutorError: scheduler = '10.0.0.5': must read tcp://HOST:PORT (or 'local')
    """
    text = address.strip()
    if text == LOCAL_SCHEDULER:
        return text
    found = _ADDRESS.match(text)
    if found is None or not 1 <= int(found.group(1)) <= 65535:
        raise ExecutorError(f"{source} = {address!r}: must read tcp://HOST:PORT (or 'local')")
    return text


class Executor(ABC):
    """Runs independent tasks ``fn(shared, item)`` and returns their results in item order.

    ``fn`` must be a module-level function (it is pickled by reference), and ``shared`` and
    the items picklable; both must be pure, so that any worker computes the same result.
    """

    #: Processes (or Dask worker threads) that compute at the same time.
    workers: int = 1
    #: True when every task runs in the calling process (callers may then share caches).
    in_process: bool = False

    @abstractmethod
    def map(
        self,
        fn: Callable[[S, T], R],
        shared: S,
        items: Sequence[T],
        on_done: OnDone | None = None,
    ) -> list[R]:
        """``[fn(shared, item) for item in items]``, computed wherever this executor computes.

        ``on_done(index)`` is called in the calling thread as each task finishes (in any
        order).  The first task to raise stops the map and its exception propagates.
        """

    @abstractmethod
    def close(self) -> None:
        """Release the pool or the cluster connection (idempotent)."""

    def __enter__(self) -> Executor:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


def _serial(
    fn: Callable[[S, T], R], shared: S, items: Sequence[T], on_done: OnDone | None
) -> list[R]:
    results = []
    for i, item in enumerate(items):
        results.append(fn(shared, item))
        if on_done is not None:
            on_done(i)
    return results


class SerialExecutor(Executor):
    """Every task in the calling process, in order: the default, and the reference.

    Examples
    --------
    >>> SerialExecutor().map(pow, 2, [1, 2, 3])
    [2, 4, 8]
    """

    workers = 1
    in_process = True

    def map(
        self,
        fn: Callable[[S, T], R],
        shared: S,
        items: Sequence[T],
        on_done: OnDone | None = None,
    ) -> list[R]:
        return _serial(fn, shared, items, on_done)

    def close(self) -> None:
        """Nothing to release."""


def _fork_is_safe() -> bool:
    # fork copies the whole process: cheap (no imports, pages shared) and safe while this is
    # its only thread; with other threads (the app's server, a Dask client) a lock one of them
    # holds stays locked forever in the child.  macOS forks badly whatever the threads.
    return (
        sys.platform == "linux"
        and "fork" in multiprocessing.get_all_start_methods()
        and threading.active_count() == 1
    )


def _start_method() -> str:
    # without a safe fork: a forkserver imports bizcase once and forks clean workers from it;
    # spawn is the portable fallback
    return "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"


def _ready(_: int) -> bool:
    return True


#: Seconds between a pool worker's checks that the process owning its pool is still there.
OWNER_CHECK_S = 1.0


def _owner_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # pragma: no cover - another user's process took the number
        return True
    # An owner that has exited but is not reaped yet is a zombie, and kill(pid, 0) still
    # succeeds: its parent may be waiting for the output pipes this worker holds open.
    try:
        with open(f"/proc/{pid}/stat", "rb") as stat:
            return stat.read().rsplit(b")", 1)[-1].split()[0] != b"Z"
    except OSError:  # no /proc (not Linux), or gone since: the next check tells
        return True


def _watch_owner(owner_pid: int) -> None:
    """A pool worker's initializer: end the worker once the process owning the pool is gone.

    A worker waits for its next task on a queue whose write end it holds itself, so it never
    sees its owner die: a server stopped by SIGTERM (or a test process that ended without its
    exit handlers) left its workers — and their forkserver, which lives while they do — running
    for good, a few hundred MB each.
    """

    def watch() -> None:
        while _owner_alive(owner_pid):
            time.sleep(OWNER_CHECK_S)
        os._exit(0)

    threading.Thread(target=watch, name="bizcase-owner-watch", daemon=True).start()


class LocalPoolExecutor(Executor):
    """All cores of this machine: a pool of ``workers`` processes.

    Parameters
    ----------
    workers : int, optional
        Processes computing at once (default: every available core).  ``workers=1`` runs
        serially in the calling process and starts no pool.

    Notes
    -----
    The pool is a :class:`concurrent.futures.ProcessPoolExecutor`.  When this process has a
    single thread (the command line) its workers are forked: they start in milliseconds and
    share the imported modules.  With other threads running (the app's server, a Dask client)
    fork is unsafe, so the workers come from a *forkserver* that has imported the bizcase
    modules this process uses (``spawn`` where there is none), started in a background thread;
    until it is ready this process runs tasks from the end of the list, so a small run
    finishes at serial speed.  Once the pool is ready it takes every task left and the pool
    hands each worker its next task the moment one finishes: no worker waits for this process,
    and no task waits queued behind a busy worker at the end.  The pool is kept for the
    executor's life (a tornado maps many times) and may be shared by threads (the app's
    concurrent requests).

    A map never waits on a pool that can no longer answer: if the pool's manager thread has
    ended with tasks outstanding (something stopped it: ``dash.testing`` raises ``SystemExit``
    in every thread a test started), the tasks left run in this process, with a warning, and
    the next map starts a fresh pool.  The numbers are the same wherever a task runs.
    """

    in_process = False

    def __init__(self, workers: int | None = None) -> None:
        self.workers = available_cores() if workers is None else parse_workers(workers)
        self._pid = os.getpid()
        self._lock = threading.Lock()
        self._ready = threading.Event()
        self._starter: threading.Thread | None = None
        self._pool: cf.ProcessPoolExecutor | None = None
        self._pools: list[cf.ProcessPoolExecutor] = []
        self._failure: BaseException | None = None
        self._closed = False
        self._warned = False
        # shuts the pool down if the executor is dropped unclosed, before the interpreter
        # dismantles the modules the pool's threads need
        self._finalizer = weakref.finalize(self, _shut_down, self._pools, self._pid)

    @property
    def pool_processes(self) -> int:
        """Processes of the pool (none when ``workers`` is 1)."""
        return self.workers if self.workers > 1 else 0

    def start(self, wait: bool = False) -> None:
        """Start the pool now (it starts on the first map otherwise); ``wait`` until it is ready.

        A long-lived caller (a benchmark, a server) starts it ahead so the first map is as fast
        as the later ones.
        """
        if self.workers > 1:
            self._start()
            if wait:
                self._ready.wait()

    def _start(self) -> None:
        with self._lock:
            if self._starter is not None or self._pool is not None or self._closed:
                return
            if _fork_is_safe():
                # forked workers are ready at once: no need to start them in the background
                context = multiprocessing.get_context("fork")
                self._pool = self._new_pool(context)
                self._pools.append(self._pool)
                self._ready.set()
            else:
                self._starter = threading.Thread(
                    target=self._warm_up, name="bizcase-pool-start", daemon=True
                )
                self._starter.start()

    def _warm_up(self) -> None:
        try:
            context = multiprocessing.get_context(_start_method())
            if context.get_start_method() == "forkserver":
                modules = sorted(m for m in sys.modules if m.split(".")[0] == "bizcase")
                context.set_forkserver_preload(modules)  # type: ignore[attr-defined]
            pool = self._new_pool(context)
            list(pool.map(_ready, range(self.pool_processes)))
        except BaseException as exc:  # reported by the next map, never lost in this thread
            self._failure = exc
            self._ready.set()
            return
        with self._lock:
            closed = self._closed
            self._pool = None if closed else pool
            self._pools.append(pool)
        if closed:
            pool.shutdown(wait=False, cancel_futures=True)
        self._ready.set()

    def _new_pool(self, context: Any) -> cf.ProcessPoolExecutor:
        # each worker ends itself when this process is gone (see _watch_owner)
        return cf.ProcessPoolExecutor(
            self.pool_processes,
            mp_context=context,
            initializer=_watch_owner,
            initargs=(os.getpid(),),
        )

    def _usable_pool(self) -> cf.ProcessPoolExecutor | None:
        pool = self._pool if self._ready.is_set() else None
        if pool is None and self._failure is not None and not self._warned:
            # the numbers do not depend on where tasks run: carry on in this process
            warnings.warn(
                f"bizcase: the local pool did not start ({self._failure}); running serially",
                RuntimeWarning,
                stacklevel=3,
            )
            self._warned = True
        return pool

    def _discard(self, pool: cf.ProcessPoolExecutor) -> None:
        """Forget a pool that cannot answer any more; the next map starts a fresh one."""
        with self._lock:
            if self._pool is pool:
                self._pool, self._starter = None, None
                self._ready.clear()
        _stop_pool(pool)

    def map(
        self,
        fn: Callable[[S, T], R],
        shared: S,
        items: Sequence[T],
        on_done: OnDone | None = None,
    ) -> list[R]:
        if self._closed:
            raise ExecutorError("the local pool is closed")
        if self.workers == 1 or len(items) < 2 or os.getpid() != self._pid:
            # a forked copy of this executor (a job the app forked) does not own the pool
            return _serial(fn, shared, items, on_done)
        self._start()
        results: list[Any] = [None] * len(items)
        back = len(items)  # until the pool is ready this process runs tasks from the end
        pool = self._usable_pool()
        while back > 0 and pool is None:
            back -= 1
            results[back] = fn(shared, items[back])
            if on_done is not None:
                on_done(back)
            pool = self._usable_pool()
        if pool is None or back == 0:
            return results
        running: dict[cf.Future[R], int] = {}
        try:
            for i in range(back):
                running[pool.submit(fn, shared, items[i])] = i
            while running:
                done, _ = cf.wait(running, timeout=_CHECK_S, return_when=cf.FIRST_COMPLETED)
                for future in done:
                    i = running.pop(future)
                    results[i] = _result(future)
                    if on_done is not None:
                        on_done(i)
                if not done and not _answers(pool):
                    warnings.warn(
                        "bizcase: the local pool stopped answering (its manager thread ended); "
                        f"running the {len(running)} tasks left in this process",
                        RuntimeWarning,
                        stacklevel=2,
                    )
                    self._discard(pool)
                    for i in sorted(running.values()):
                        results[i] = fn(shared, items[i])
                        if on_done is not None:
                            on_done(i)
                    running.clear()
        finally:
            for future in running:
                future.cancel()
        return results

    def close(self) -> None:
        with self._lock:
            self._closed = True
            pool, self._pool = self._pool, None
        # A pool still starting is shut down by its starter thread; waiting here would make a
        # short command wait for a pool it never needed.
        if pool is not None and os.getpid() == self._pid:
            pool.shutdown(wait=True, cancel_futures=True)


#: Seconds a map waits for a task before it checks that the pool can still answer.
_CHECK_S = 0.5


def _answers(pool: cf.ProcessPoolExecutor) -> bool:
    """False when the pool's manager thread — the one that hands tasks to the workers and
    their results back — has ended while the pool is not shut down: nothing would finish."""
    thread = getattr(pool, "_executor_manager_thread", None)
    return thread is None or thread.is_alive()


def _stop_pool(pool: cf.ProcessPoolExecutor) -> None:
    # with its manager thread gone the pool cannot tell its workers to leave: end them here
    processes = dict(getattr(pool, "_processes", None) or {})
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes.values():
        process.terminate()
    for process in processes.values():
        process.join(timeout=5)


def _shut_down(pools: list[cf.ProcessPoolExecutor], owner_pid: int) -> None:
    if os.getpid() != owner_pid:
        return  # a forked copy: the pools are the parent's (their threads are not in this process)
    for pool in pools:
        pool.shutdown(wait=True, cancel_futures=True)


def _result(future: cf.Future[R]) -> R:
    try:
        return future.result()
    except cf.process.BrokenProcessPool as exc:
        raise ExecutorError(f"a worker process died (out of memory?): {exc}") from None


def _distributed() -> Any:
    try:
        import distributed
    except ImportError:
        raise ExecutorError(
            "a Dask scheduler needs the distributed extra: pip install 'bizcase[distributed]'"
        ) from None
    return distributed


class DaskExecutor(Executor):
    """Tasks on a ``dask.distributed`` cluster.

    Parameters
    ----------
    scheduler : str, optional
        ``tcp://HOST:PORT`` of a running scheduler (``dask scheduler``), or ``"local"`` to start
        a cluster of ``workers`` single-threaded worker processes on 127.0.0.1 for this executor.
    client : distributed.Client, optional
        An existing client instead (its cluster is left running on :meth:`close`).
    workers : int, optional
        Worker processes of a ``"local"`` cluster (default: every available core).

    Notes
    -----
    ``shared`` (the scenario) is scattered to every worker once per map; items travel with
    their tasks.  Workers must run the same versions of bizcase and numpy as this process,
    or bit-identical results are not guaranteed.  The connection waits for the scheduler as
    long as Dask's ``distributed.comm.timeouts.connect`` allows (environment variable
    ``DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT``, e.g. ``5s``).
    """

    in_process = False

    def __init__(
        self,
        scheduler: str | None = None,
        *,
        client: Any = None,
        workers: int | None = None,
    ) -> None:
        distributed = _distributed()
        self._cluster: Any = None
        self._own_client = client is None
        if client is None:
            if scheduler is None:
                raise ExecutorError("DaskExecutor needs a scheduler address or a client")
            address = check_scheduler_address(scheduler)
            try:
                if address == LOCAL_SCHEDULER:
                    self._cluster = distributed.LocalCluster(
                        n_workers=available_cores() if workers is None else workers,
                        threads_per_worker=1,
                        processes=True,
                        host="127.0.0.1",
                        dashboard_address=None,
                    )
                    client = distributed.Client(self._cluster)
                else:
                    client = distributed.Client(address)
            except OSError as exc:
                if self._cluster is not None:
                    self._cluster.close()
                raise ExecutorError(
                    f"scheduler = {scheduler!r}: cannot connect ({exc}); start one with "
                    "`dask scheduler` and workers with `dask worker tcp://HOST:8786`"
                ) from None
        self._client = client
        threads = [w.get("nthreads", 1) for w in client.scheduler_info()["workers"].values()]
        self.workers = max(1, int(sum(threads)))

    @property
    def client(self) -> Any:
        """The ``distributed.Client`` the tasks go through."""
        return self._client

    def map(
        self,
        fn: Callable[[S, T], R],
        shared: S,
        items: Sequence[T],
        on_done: OnDone | None = None,
    ) -> list[R]:
        if not items:
            return []
        distributed = _distributed()
        client = self._client
        [on_workers] = client.scatter([shared], broadcast=True, hash=False)
        futures = client.map(fn, [on_workers] * len(items), list(items), pure=False)
        index = {future.key: i for i, future in enumerate(futures)}
        try:
            for future in distributed.as_completed(futures):
                if future.status == "error":
                    future.result()  # raises the task's own exception
                if on_done is not None:
                    on_done(index[future.key])
            return list(client.gather(futures))
        except (OSError, distributed.CancelledError) as exc:
            client.cancel(futures)
            raise ExecutorError(f"the Dask cluster was lost during the run: {exc}") from None
        except BaseException:
            client.cancel(futures)
            raise

    def close(self) -> None:
        if self._own_client and self._client is not None:
            self._client.close()
        if self._cluster is not None:
            self._cluster.close()
            self._cluster = None
        self._own_client = False


def open_executor(
    workers: int | None = None,
    scheduler: str | None = None,
    environ: Mapping[str, str] | None = None,
) -> Executor:
    """The executor a command asked for: ``--scheduler``, ``--workers``, or their variables.

    Parameters
    ----------
    workers : int, optional
        Processes computing at once on this machine (or of a ``local`` Dask cluster); default
        ``BIZCASE_WORKERS``, else every available core.  ``1`` runs serially.
    scheduler : str, optional
        A Dask scheduler ``tcp://HOST:PORT`` or ``local``; default ``BIZCASE_SCHEDULER``.
    environ : mapping, optional
        Where the variables are read (default ``os.environ``).

    Returns
    -------
    Executor
        To be closed by the caller (it is a context manager).

    Examples
    --------
    >>> with open_executor(workers=1, environ={}) as executor:
    ...     type(executor).__name__
    'SerialExecutor'
    """
    env = os.environ if environ is None else environ
    if workers is not None:
        count: int | None = parse_workers(workers)
    elif env.get(WORKERS_ENV, "").strip():
        count = parse_workers(env[WORKERS_ENV], WORKERS_ENV)
    else:
        count = None
    address = scheduler if scheduler is not None else env.get(SCHEDULER_ENV, "").strip() or None
    if address is not None:
        source = "scheduler" if scheduler is not None else SCHEDULER_ENV
        return DaskExecutor(check_scheduler_address(address, source), workers=count)
    if count == 1:
        return SerialExecutor()
    return LocalPoolExecutor(count)


def executor_or_serial(executor: Executor | None) -> Executor:
    """``executor``, or a :class:`SerialExecutor` for library calls that were given none."""
    return SerialExecutor() if executor is None else executor


__all__ = [
    "LOCAL_SCHEDULER",
    "MAX_WORKERS",
    "SCHEDULER_ENV",
    "WORKERS_ENV",
    "DaskExecutor",
    "Executor",
    "ExecutorError",
    "LocalPoolExecutor",
    "SerialExecutor",
    "available_cores",
    "check_scheduler_address",
    "executor_or_serial",
    "open_executor",
    "parse_workers",
]
