"""The execution layer: the same numbers serially, on 2 local workers and on a Dask cluster.

Every comparison is exact (``assert_array_equal``): chunks, design points and evaluations are
independent tasks with their own seeds, reduced in task order, so nothing may differ by where
they ran.  The cluster is a real ``distributed.LocalCluster`` of 2 worker processes on
127.0.0.1, started and stopped by this module.
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from bizcase import load_scenario, run_simulation
from bizcase.cli.main import main
from bizcase.delivery.incidents import simulate_option
from bizcase.delivery.plan import delivery_measure
from bizcase.economics.batch import BatchSettings, batch_table
from bizcase.economics.uncertainty import tornado, uncertain_case
from bizcase.model.errors import InputError
from bizcase.simulate import execute
from bizcase.simulate.execute import (
    DaskExecutor,
    Executor,
    ExecutorError,
    LocalPoolExecutor,
    SerialExecutor,
    open_executor,
)
from tests.conftest import ROOT, SCENARIOS

MANUFACTURING = SCENARIOS[0].parent / "manufacturing.toml"
RUN_ARRAYS = (
    "annual_loss",
    "annual_downtime_hours",
    "annual_reputational",
    "priority_loss",
    "priority_downtime_hours",
    "priority_incidents",
    "stage_hours",
    # the client-loss model's per-chunk outputs: soft losses, stage hours by stream, history
    "annual_soft_loss",
    "priority_soft_loss",
    "stage_downtime_hours",
    "stream_stage_hours",
    "history_outages",
    "history_durations",
)


def _pid(_shared: object, _item: object) -> int:
    return os.getpid()


def _square_or_fail(limit: int, item: int) -> int:
    if item > limit:
        raise InputError(f"item = {item}: above {limit}")
    return item * item


def _map_in_child(executor: LocalPoolExecutor, answer: Any) -> None:
    answer.put(executor.map(_pid, None, list(range(4))))
    del executor  # its finalizer runs here and must not touch the parent's pool


def _raise_in_thread(ident: int, kind: type[BaseException]) -> None:
    """What dash.testing's KillerThread does to the threads a test started."""
    changed = ctypes.pythonapi.PyThreadState_SetAsyncExc(
        ctypes.c_ulong(ident), ctypes.py_object(kind)
    )
    assert changed == 1


def _in_threads(calls: dict[int, Callable[[], Any]], timeout_s: float = 120.0) -> dict[int, Any]:
    """Each call in its own thread at once; fails (rather than hangs) after ``timeout_s``."""
    results: dict[int, Any] = {}
    errors: list[BaseException] = []

    def run(key: int, call: Callable[[], Any]) -> None:
        try:
            results[key] = call()
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=run, args=kv, daemon=True) for kv in calls.items()]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + timeout_s
    for thread in threads:
        thread.join(max(0.0, deadline - time.monotonic()))
    assert not any(t.is_alive() for t in threads), f"a map still runs after {timeout_s} s"
    if errors:
        raise errors[0]
    return results


@pytest.fixture(scope="module")
def scenario():  # type: ignore[no-untyped-def]
    return load_scenario(MANUFACTURING)


@pytest.fixture(scope="module")
def pool() -> Iterator[LocalPoolExecutor]:
    with LocalPoolExecutor(2) as executor:
        executor.start(wait=True)
        yield executor


@pytest.fixture(scope="module")
def cluster() -> Iterator[DaskExecutor]:
    distributed = pytest.importorskip("distributed")
    local = distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=None,
    )
    try:
        with distributed.Client(local) as client:
            yield DaskExecutor(client=client)
    finally:
        # distributed before 2026.8 (the floor is 2024.1) waits for a worker it had to kill with
        # what is left of a 2-s budget and raises TimeoutError on a loaded machine; the worker is
        # killed by then (2026.8 waits afresh).  Only this harness teardown is excused.
        with contextlib.suppress(TimeoutError):
            local.close()


def _executors(pool: Executor, cluster: Executor) -> dict[str, Executor]:
    return {"2 local workers": pool, "dask": cluster}


class TestExecutors:
    def test_serial_keeps_order_and_reports_each_task(self) -> None:
        seen: list[int] = []
        assert SerialExecutor().map(_square_or_fail, 10, [3, 1, 2], seen.append) == [9, 1, 4]
        assert seen == [0, 1, 2]

    def test_pool_keeps_order_and_uses_another_process(self, pool: LocalPoolExecutor) -> None:
        seen: list[int] = []
        items = list(range(12))
        assert pool.map(_square_or_fail, 100, items, seen.append) == [i * i for i in items]
        assert sorted(seen) == items
        # a ready pool takes every task: this process only hands them out and collects
        pids = pool.map(_pid, None, items)
        assert os.getpid() not in pids

    def test_pool_without_fork_starts_a_forkserver(
        self, scenario, monkeypatch: pytest.MonkeyPatch
    ) -> None:  # type: ignore[no-untyped-def]
        # what a process with other threads (the app's server) gets: the same numbers
        monkeypatch.setattr(execute, "_fork_is_safe", lambda: False)
        serial = run_simulation(scenario, trials=3_000, seed=2, chunk_trials=500)
        with LocalPoolExecutor(2) as executor:
            executor.start(wait=True)
            assert executor.map(_pid, None, list(range(4)))[0] != os.getpid()
            other = run_simulation(
                scenario, trials=3_000, seed=2, chunk_trials=500, executor=executor
            )
        np.testing.assert_array_equal(other.annual_loss, serial.annual_loss)
        np.testing.assert_array_equal(other.stage_hours, serial.stage_hours)

    def test_threads_sharing_one_pool_get_their_own_results(self, scenario) -> None:  # type: ignore[no-untyped-def]
        # the app's concurrent requests: four maps at once on one pool, each as if alone
        serial = {
            s: run_simulation(scenario, trials=1_200, seed=s, chunk_trials=200) for s in range(4)
        }
        with LocalPoolExecutor(2) as shared:
            got = _in_threads(
                {
                    s: (
                        lambda s=s: run_simulation(
                            scenario, trials=1_200, seed=s, chunk_trials=200, executor=shared
                        )
                    )
                    for s in range(4)
                }
            )
        for s, result in got.items():
            np.testing.assert_array_equal(result.annual_loss, serial[s].annual_loss)
            np.testing.assert_array_equal(result.stage_hours, serial[s].stage_hours)

    @pytest.mark.filterwarnings("ignore::pytest.PytestUnhandledThreadExceptionWarning")
    def test_a_pool_whose_manager_thread_was_stopped_never_hangs_a_map(self) -> None:
        # dash.testing's server stop raises SystemExit in every thread started during a test —
        # the pool's manager thread among them; a map must then finish here, not wait forever
        with LocalPoolExecutor(2) as executor:
            executor.start(wait=True)
            items = list(range(6))
            assert executor.map(_square_or_fail, 100, items) == [i * i for i in items]
            pool = executor._pool
            assert pool is not None
            manager = pool._executor_manager_thread  # type: ignore[attr-defined]
            assert manager is not None and manager.ident is not None
            _raise_in_thread(manager.ident, SystemExit)
            # the exception lands when the thread next runs: wake it as a new task would
            pool._executor_manager_thread_wakeup.wakeup()  # type: ignore[attr-defined]
            manager.join(timeout=30)
            assert not manager.is_alive()
            with pytest.warns(RuntimeWarning, match="stopped answering"):
                got = _in_threads({0: lambda: executor.map(_pid, None, items)})[0]
            assert got == [os.getpid()] * len(items)
            # the next map has a fresh pool
            executor.start(wait=True)
            assert os.getpid() not in _in_threads({0: lambda: executor.map(_pid, None, items)})[0]

    def test_a_forked_copy_runs_serially_and_leaves_the_pool_alone(self) -> None:
        # the app forks its background jobs: the job's copy of the executor must neither use
        # nor shut down the parent's pool
        with LocalPoolExecutor(2) as executor:
            executor.start(wait=True)
            items = list(range(4))
            executor.map(_pid, None, items)
            context = multiprocessing.get_context("fork")
            answer = context.Queue()
            child = context.Process(target=_map_in_child, args=(executor, answer))
            child.start()
            pids = answer.get(timeout=60)
            child.join(timeout=60)
            assert child.exitcode == 0 and pids == [child.pid] * 4
            assert os.getpid() not in executor.map(_pid, None, items)

    def test_a_task_error_propagates_with_its_type(self, pool: LocalPoolExecutor) -> None:
        with pytest.raises(InputError, match="above 3"):
            pool.map(_square_or_fail, 3, list(range(8)))

    def test_dask_keeps_order_and_errors(self, cluster: DaskExecutor) -> None:
        assert cluster.workers == 2
        assert cluster.map(_square_or_fail, 100, [5, 4, 3]) == [25, 16, 9]
        with pytest.raises(InputError, match="above 1"):
            cluster.map(_square_or_fail, 1, [0, 1, 2])

    def test_open_executor_reads_options_then_environment(self) -> None:
        assert isinstance(open_executor(workers=1, environ={}), SerialExecutor)
        assert isinstance(open_executor(environ={"BIZCASE_WORKERS": "1"}), SerialExecutor)
        with open_executor(environ={"BIZCASE_WORKERS": "3"}) as executor:
            assert isinstance(executor, LocalPoolExecutor) and executor.workers == 3
        with pytest.raises(ExecutorError, match="BIZCASE_WORKERS = 'many'"):
            open_executor(environ={"BIZCASE_WORKERS": "many"})
        with pytest.raises(ExecutorError, match="BIZCASE_SCHEDULER = 'nowhere'"):
            open_executor(environ={"BIZCASE_SCHEDULER": "nowhere"})
        with pytest.raises(ExecutorError, match="workers = 0"):
            open_executor(workers=0, environ={})

    def test_without_distributed_a_scheduler_is_a_named_error(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setitem(sys.modules, "distributed", None)
        with pytest.raises(ExecutorError, match=r"bizcase\[distributed\]"):
            open_executor(scheduler="tcp://127.0.0.1:8786", environ={})


class TestBitIdentical:
    def test_run(self, scenario, pool: Executor, cluster: Executor) -> None:  # type: ignore[no-untyped-def]
        kwargs = {"trials": 6_000, "seed": 5, "chunk_trials": 1_000, "keep_components": True}
        serial = run_simulation(scenario, **kwargs)
        for name, executor in _executors(pool, cluster).items():
            done: list[int] = []
            other = run_simulation(
                scenario,
                executor=executor,
                progress=lambda d, _t, seen=done: seen.append(d),
                **kwargs,
            )
            for field in RUN_ARRAYS:
                np.testing.assert_array_equal(
                    getattr(other, field), getattr(serial, field), err_msg=f"{name}: {field}"
                )
            assert serial.components is not None and other.components is not None
            for field in ("weighted_hours", "outage_hours", "penalty_hours", "incidents"):
                np.testing.assert_array_equal(
                    getattr(other.components, field), getattr(serial.components, field)
                )
            assert done[-1] == 6_000 and done == sorted(done)

    # support_24x7x4: a 24x7 clock with SLA exclusions (their own random stream, per chunk);
    # nbd_8x5: clocks per priority on the integrator's hours and the client's first line
    @pytest.mark.parametrize("option", ["support_24x7x4", "nbd_8x5"])
    def test_delivery_incidents(
        self, scenario, pool: Executor, cluster: Executor, option: str
    ) -> None:  # type: ignore[no-untyped-def]
        serial = simulate_option(scenario, option, trials=4_000, seed=3, chunk_trials=800)
        for name, executor in _executors(pool, cluster).items():
            other = simulate_option(
                scenario, option, trials=4_000, seed=3, chunk_trials=800, executor=executor
            )
            for field in (
                "incidents_per_year",
                "breaches_per_trial",
                "credits_per_trial",
                "restoration_met",
                "response_met",
                "slack_hours",
                "slack_priority",
                "slack_in_office",
            ):
                np.testing.assert_array_equal(
                    getattr(other, field), getattr(serial, field), err_msg=f"{name}: {field}"
                )
            for figure in (
                "hands_on_hours_per_year",
                "callout_paid_hours_per_year",
                "visits_per_year",
                "escalations_per_year",
            ):
                assert getattr(other, figure) == getattr(serial, figure), f"{name}: {figure}"

    def test_delivery_incidents_measured_inside_the_run(
        self, scenario, pool: Executor, cluster: Executor
    ) -> None:  # type: ignore[no-untyped-def]
        # the run hands each chunk's restored incidents to the delivery measurement: the
        # statistics are those of simulating the option again, on every executor (outsourcing:
        # its planned stock-out probability is not the run's, so it is restored again)
        options = ["nbd_8x5", "support_24x7x4", "outsourcing"]
        measure = delivery_measure(scenario, options)
        planned = measure.measure.scenarios
        kwargs = {"trials": 4_000, "seed": 3, "chunk_trials": 800}
        for name, executor in {"serial": None, **_executors(pool, cluster)}.items():
            run = run_simulation(scenario, executor=executor, measure=measure.measure, **kwargs)
            stats = measure.with_stats(run).stats
            for option in options:
                alone = simulate_option(planned[option], option, **kwargs)
                for field in (
                    "incidents_per_year",
                    "breaches_per_trial",
                    "credits_per_trial",
                    "restoration_met",
                    "slack_hours",
                ):
                    np.testing.assert_array_equal(
                        getattr(stats[option], field),
                        getattr(alone, field),
                        err_msg=f"{name}: {option}: {field}",
                    )
                assert stats[option].hands_on_hours_per_year == alone.hands_on_hours_per_year
                assert stats[option].stockout_probability == alone.stockout_probability

    def test_uncertain_case(self, scenario, pool: Executor, cluster: Executor) -> None:  # type: ignore[no-untyped-def]
        serial = uncertain_case(scenario, trials=48)
        for name, executor in _executors(pool, cluster).items():
            other = uncertain_case(scenario, trials=48, executor=executor)
            for option, decision in serial.decisions.items():
                np.testing.assert_array_equal(
                    other.decisions[option].client_npv, decision.client_npv, err_msg=name
                )
                np.testing.assert_array_equal(
                    other.decisions[option].integrator_npv, decision.integrator_npv
                )
            assert other.best_staged_k == serial.best_staged_k

    def test_tornado(self, scenario, pool: Executor, cluster: Executor) -> None:  # type: ignore[no-untyped-def]
        serial = tornado(scenario, option="outsourcing", side="integrator", trials=30)
        for executor in _executors(pool, cluster).values():
            done: list[int] = []
            other = tornado(
                scenario,
                option="outsourcing",
                side="integrator",
                trials=30,
                executor=executor,
                progress=lambda d, _t, seen=done: seen.append(d),
            )
            assert other.base == serial.base
            pd.testing.assert_frame_equal(other.bars, serial.bars, check_exact=True)
            # ledger inputs still share one simulation when evaluations run elsewhere
            assert (other.simulations, other.reused) == (serial.simulations, serial.reused)
            assert done[-1] == len(serial.bars)

    def test_batch_of_the_shipped_scenarios(self, cluster: DaskExecutor) -> None:
        scenarios = [(path.stem, load_scenario(path)) for path in SCENARIOS]
        settings = BatchSettings(trials=1_500, case_trials=24)
        local = batch_table(scenarios, settings)
        remote = batch_table(scenarios, settings, cluster)
        assert not local.failures and not remote.failures
        assert sorted(local.table.scenario.unique()) == sorted(p.stem for p in SCENARIOS)
        pd.testing.assert_frame_equal(remote.table, local.table, check_exact=True)

    def test_cli_sends_the_same_tasks_to_a_scheduler(
        self, cluster: DaskExecutor, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        address = cluster.client.scheduler.address
        argv = ["run", str(MANUFACTURING), "--trials", "12000", "--format", "json", "--quiet"]
        assert main([*argv, "--workers", "1"]) == 0
        serial = capsys.readouterr().out
        assert main([*argv, "--scheduler", address]) == 0
        assert capsys.readouterr().out == serial
        # one scenario, fewer than the workers: its own chunks and design points are spread
        tables = {}
        for name, extra in (("local", ["--workers", "1"]), ("dask", ["--scheduler", address])):
            out = tmp_path / f"{name}.parquet"
            argv = ["batch", str(MANUFACTURING), "--out", str(out), "--trials", "8000"]
            assert main([*argv, "--case-trials", "16", *extra]) == 0
            tables[name] = pd.read_parquet(out)
        pd.testing.assert_frame_equal(tables["dask"], tables["local"], check_exact=True)


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class TestBadSettings:
    @pytest.mark.parametrize("command", ["run", "delivery", "case", "tornado"])
    def test_bad_workers_exit_2(self, command: str, capsys: pytest.CaptureFixture[str]) -> None:
        with pytest.raises(SystemExit) as stop:
            main([command, str(MANUFACTURING), "--workers", "0"])
        assert stop.value.code == 2
        assert "workers = '0': must be an integer from 1 to 1,024" in capsys.readouterr().err

    def test_bad_workers_variable_exit_2(
        self, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        monkeypatch.setenv("BIZCASE_WORKERS", "-3")
        assert main(["run", str(MANUFACTURING), "--trials", "100", "--quiet"]) == 2
        assert "BIZCASE_WORKERS = '-3'" in capsys.readouterr().err

    def test_malformed_scheduler_exit_2(self, capsys: pytest.CaptureFixture[str]) -> None:
        assert main(["tornado", str(MANUFACTURING), "--scheduler", "10.0.0.1"]) == 2
        assert "must read tcp://HOST:PORT" in capsys.readouterr().err

    def test_unreachable_scheduler_exit_2_without_traceback(self) -> None:
        pytest.importorskip("distributed")
        address = f"tcp://127.0.0.1:{_closed_port()}"
        env = {**os.environ, "DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT": "1s"}
        argv = [sys.executable, "-m", "bizcase.cli.main", "case", str(MANUFACTURING)]
        done = subprocess.run(
            [*argv, "--trials", "20", "--scheduler", address],
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )
        assert done.returncode == 2, done.stderr
        assert f"scheduler = '{address}': cannot connect" in done.stderr
        assert "Traceback" not in done.stderr


_OWNER_SCRIPT = """
import os, sys, threading, time
sys.path.insert(0, {root!r})
from bizcase.simulate.execute import LocalPoolExecutor


def worker_pid(_shared, _item):
    return os.getpid()


if __name__ == "__main__":
    if sys.argv[1] == "forkserver":  # another thread running: the app's (forkserver) path
        threading.Thread(target=time.sleep, args=(60,), daemon=True).start()
    pool = LocalPoolExecutor(2)
    pool.start(wait=True)
    pids = set(pool.map(worker_pid, None, list(range(8))))
    print(" ".join(str(p) for p in sorted(pids)), flush=True)
    os.kill(os.getpid(), 9)  # gone without any exit handler, as a SIGKILL'd server
"""


def _gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    with contextlib.suppress(FileNotFoundError):  # a zombie not yet reaped counts as gone
        return Path(f"/proc/{pid}/stat").read_text().split()[2] == "Z"
    return True


@pytest.mark.skipif(sys.platform != "linux", reason="forkserver and /proc: Linux")
@pytest.mark.parametrize("path", ["forkserver", "fork"])
def test_pool_workers_end_when_the_process_that_owns_them_is_killed(
    tmp_path: Path, path: str
) -> None:
    """A server stopped by SIGTERM or SIGKILL (or a test process ending without its exit
    handlers) left its pool's workers and their forkserver running for good; each worker now
    watches its owner and ends within seconds of it."""
    script = tmp_path / "owner.py"
    script.write_text(_OWNER_SCRIPT.format(root=str(Path(__file__).resolve().parent.parent)))
    out, err = tmp_path / "out.txt", tmp_path / "err.txt"
    # output to files, not pipes: a worker that outlived its owner would hold a pipe open and
    # the run would wait for it forever
    with out.open("w") as stdout, err.open("w") as stderr:
        done = subprocess.run(
            [sys.executable, str(script), path], stdout=stdout, stderr=stderr, timeout=120
        )
    assert done.returncode == -9, err.read_text()
    workers = [int(p) for p in out.read_text().split()]
    assert workers and os.getpid() not in workers
    try:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and not all(_gone(p) for p in workers):
            time.sleep(0.2)
        assert all(_gone(p) for p in workers), f"pool workers {workers} outlived their owner"
    finally:
        for pid in workers:
            with contextlib.suppress(OSError):
                os.kill(pid, 9)


def test_a_chunk_runs_without_huge_pages_in_a_fresh_process() -> None:
    # NumPy's huge-page advice made the first touch of every fresh 2 MB page a compaction in the
    # kernel on these machines (the bank's delivery plan: 3.4-5.4 s of system time for 3.5 s of
    # arithmetic); a chunk turns it off for the process that runs it, pool worker or not.
    script = (
        "import numpy as np\n"
        "try:\n    from numpy._core import multiarray\n"
        "except ImportError:\n    from numpy.core import multiarray\n"
        "from bizcase.delivery.incidents import _option_chunk, _OptionJob\n"
        "from bizcase.model.io import load_scenario, shipped_scenario\n"
        "before = multiarray._set_madvise_hugepage(True)\n"
        "s = load_scenario(shipped_scenario('manufacturing'))\n"
        "_option_chunk(_OptionJob(s, ('support_24x7x4',)), (2, np.random.SeedSequence(1)))\n"
        "print(multiarray._set_madvise_hugepage(False))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert out.stdout.strip() == "False"
