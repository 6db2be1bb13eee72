"""The one worker pool (declutter.run.workerpool), with real processes and real kills."""
from __future__ import annotations

import asyncio
import os
import time
from typing import Any

import pytest

from conftest import alive
from declutter.run.workerpool import CRASHED, RAISED, TIMEOUT, InProcess, TaskFailed, WorkerPool


def _square(value: int) -> int:
    return value * value


def _pid(_: int) -> int:
    return os.getpid()


def _die(code: int) -> None:
    os._exit(code)  # what a segfault in a C extension looks like from the parent


def _sleep(seconds: float) -> float:
    time.sleep(seconds)
    return seconds


def _raise(message: str) -> None:
    raise ValueError(message)


def _unpicklable(_: int) -> Any:
    return lambda: None


async def _gather(pool: WorkerPool, *calls: tuple[Any, ...]) -> list[Any]:
    try:
        return await asyncio.gather(*(pool.run(*call) for call in calls), return_exceptions=True)
    finally:
        await pool.aclose()


def test_every_task_gets_its_own_result_from_several_workers() -> None:
    results = asyncio.run(_gather(WorkerPool(2), *((_square, n) for n in range(50))))
    assert results == [n * n for n in range(50)]


def test_the_work_is_spread_over_the_workers() -> None:
    async def run() -> set[int]:
        pool = WorkerPool(2)
        try:
            pids = await asyncio.gather(*(pool.run(_pid, n) for n in range(20)))
            return set(pids)
        finally:
            await pool.aclose()

    pids = asyncio.run(run())
    assert len(pids) == 2 and os.getpid() not in pids


def test_a_task_that_kills_its_worker_fails_alone_and_the_others_go_on() -> None:
    # One worker, so the tasks queued behind the killer sit in the same worker's socket.
    results = asyncio.run(_gather(WorkerPool(1), (_square, 2), (_die, 3), (_square, 3), (_square, 4)))
    assert results[0] == 4 and results[2:] == [9, 16]
    failure = results[1]
    assert isinstance(failure, TaskFailed) and failure.failure == CRASHED
    assert "exit code 3" in failure.detail


def test_a_task_past_the_timeout_fails_with_timeout_and_its_worker_is_replaced() -> None:
    started = time.monotonic()
    # 2 s, not less: the replacement worker's first task imports this module, slow on a loaded machine.
    results = asyncio.run(_gather(WorkerPool(1, timeout=2), (_sleep, 30), (_square, 5)))
    assert time.monotonic() - started < 15  # not the 30 s the task wanted
    failure = results[0]
    assert isinstance(failure, TaskFailed) and failure.failure == TIMEOUT
    assert "longer than 2 s" in failure.detail
    assert results[1] == 25


def test_an_exception_or_an_unpicklable_result_is_reported_with_its_task() -> None:
    results = asyncio.run(_gather(WorkerPool(1), (_raise, "bad page"), (_unpicklable, 0), (_square, 6)))
    assert isinstance(results[0], TaskFailed) and results[0].failure == RAISED
    assert results[0].detail == "ValueError: bad page"
    assert isinstance(results[1], TaskFailed) and results[1].failure == RAISED
    assert results[2] == 36


def test_closing_stops_every_worker_process() -> None:
    async def run() -> list[Any]:
        pool = WorkerPool(2)
        await pool.run(_square, 1)
        workers = [worker.process for worker in pool._workers]
        await pool.aclose()
        return workers

    for process in asyncio.run(run()):
        assert not process.is_alive()


def test_a_cancelled_task_does_not_stop_the_others() -> None:
    async def run() -> list[Any]:
        pool = WorkerPool(1)
        try:
            slow = asyncio.ensure_future(pool.run(_sleep, 0.3))
            queued = asyncio.ensure_future(pool.run(_sleep, 0.2))
            after = asyncio.ensure_future(pool.run(_square, 7))
            await asyncio.sleep(0.05)
            queued.cancel()
            return [await slow, await after]
        finally:
            await pool.aclose()

    assert asyncio.run(run()) == [0.3, 49]


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_pool_survives_many_deaths(jobs: int) -> None:
    calls = [(_die, 1) if n % 3 == 0 else (_square, n) for n in range(12)]
    results = asyncio.run(_gather(WorkerPool(jobs), *calls))
    for n, result in enumerate(results):
        if n % 3 == 0:
            assert isinstance(result, TaskFailed) and result.failure == CRASHED
        else:
            assert result == n * n


def test_workers_that_cannot_start_fail_every_task_instead_of_hanging(monkeypatch: pytest.MonkeyPatch) -> None:
    import declutter.run.workerpool

    monkeypatch.setattr(declutter.run.workerpool, "_serve", _die)  # a worker that exits at once, before its hello
    results = asyncio.run(_gather(WorkerPool(2), (_square, 1), (_square, 2)))
    for result in results:
        assert isinstance(result, TaskFailed) and result.failure == CRASHED
        assert "cannot start" in result.detail


def test_in_process_cleaning_has_the_same_results_and_failures() -> None:
    results = asyncio.run(_gather(InProcess(), (_square, 3), (_raise, "bad page")))  # type: ignore[arg-type]
    assert results[0] == 9
    assert isinstance(results[1], TaskFailed) and (results[1].failure, results[1].detail) == (RAISED, "ValueError: bad page")


_FLAG = "DECLUTTER_TEST_DIE_ONCE"


def _die_once(flag: str) -> int:
    """Kills its worker the first time (the flag file is not there yet), succeeds the second."""
    if not os.path.exists(flag):
        open(flag, "w").close()
        os._exit(9)
    return 42


def test_a_task_whose_worker_died_is_tried_once_more(tmp_path: Any) -> None:
    async def run() -> tuple[list[Any], int]:
        pool = WorkerPool(1)
        try:
            results = await asyncio.gather(pool.run(_die_once, str(tmp_path / "flag")), pool.run(_square, 5), return_exceptions=True)
            return list(results), pool.replaced
        finally:
            await pool.aclose()

    results, replaced = asyncio.run(run())
    assert results == [42, 25] and replaced == 1


def test_workers_are_renewed_after_their_share_of_tasks_without_counting_as_replaced() -> None:
    async def run() -> tuple[list[int], int, list[int]]:
        pool = WorkerPool(1, max_tasks_per_worker=3)
        try:
            pids = [await pool.run(_pid, n) for n in range(7)]
            return pids, pool.replaced, pool.pids()
        finally:
            await pool.aclose()

    pids, replaced, last = asyncio.run(run())
    assert [len(set(pids[i:i + 3])) for i in (0, 3)] == [1, 1] and len(set(pids)) == 3  # 3 + 3 + 1
    assert replaced == 0
    assert not any(alive(pid) for pid in set(pids) - set(last))


def test_a_stuck_task_costs_its_worker_only() -> None:
    async def run() -> tuple[list[Any], list[int], list[int]]:
        pool = WorkerPool(2, timeout=3)  # (a loaded machine: a worker's first task imports this module)
        try:
            await asyncio.gather(pool.run(_square, 0), pool.run(_square, 1))
            before = pool.pids()
            results = await asyncio.gather(*(pool.run(_sleep, s) for s in (0.01, 60, 0.01, 0.01, 0.01)), return_exceptions=True)
            return list(results), before, pool.pids()
        finally:
            await pool.aclose()

    results, before, after = asyncio.run(run())
    assert [isinstance(r, TaskFailed) and r.failure == TIMEOUT for r in results] == [False, True, False, False, False]
    assert len(set(before) & set(after)) == 1  # one worker killed and replaced, the other kept
    assert sum(alive(pid) for pid in before) == 0  # (all closed now)


def test_in_process_cleaning_has_a_time_budget() -> None:
    started = time.monotonic()
    results = asyncio.run(_gather(InProcess(timeout=0.3), (_sleep, 30), (_square, 4)))  # type: ignore[arg-type]
    assert time.monotonic() - started < 15
    assert isinstance(results[0], TaskFailed) and results[0].failure == TIMEOUT and "longer than 0.3 s" in results[0].detail
    assert results[1] == 16
