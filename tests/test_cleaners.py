"""The URL driver's worker processes (declutter.run.cleaners), with real processes and real kills."""
from __future__ import annotations

import asyncio
import os
import time
from typing import Any

import pytest

from declutter.run.cleaners import CleanerFailed, Cleaners
from declutter.run.workerpool import CRASHED, RAISED, TIMEOUT


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


async def _gather(cleaners: Cleaners, *calls: tuple[Any, ...]) -> list[Any]:
    try:
        return await asyncio.gather(*(cleaners.run(*call) for call in calls), return_exceptions=True)
    finally:
        await cleaners.aclose()


def test_every_task_gets_its_own_result_from_several_workers() -> None:
    results = asyncio.run(_gather(Cleaners(2), *((_square, n) for n in range(50))))
    assert results == [n * n for n in range(50)]


def test_the_work_is_spread_over_the_workers() -> None:
    async def run() -> set[int]:
        cleaners = Cleaners(2)
        try:
            pids = await asyncio.gather(*(cleaners.run(_pid, n) for n in range(20)))
            return set(pids)
        finally:
            await cleaners.aclose()

    pids = asyncio.run(run())
    assert len(pids) == 2 and os.getpid() not in pids


def test_a_task_that_kills_its_worker_fails_alone_and_the_others_go_on() -> None:
    # One worker, so the tasks queued behind the killer sit in the same worker's socket.
    results = asyncio.run(_gather(Cleaners(1), (_square, 2), (_die, 3), (_square, 3), (_square, 4)))
    assert results[0] == 4 and results[2:] == [9, 16]
    failure = results[1]
    assert isinstance(failure, CleanerFailed) and failure.failure == CRASHED
    assert "exit code 3" in failure.detail


def test_a_task_past_the_timeout_fails_with_timeout_and_its_worker_is_replaced() -> None:
    started = time.monotonic()
    results = asyncio.run(_gather(Cleaners(1, timeout=0.5), (_sleep, 30), (_square, 5)))
    assert time.monotonic() - started < 15  # not the 30 s the task wanted
    failure = results[0]
    assert isinstance(failure, CleanerFailed) and failure.failure == TIMEOUT
    assert "longer than 0.5 s" in failure.detail
    assert results[1] == 25


def test_an_exception_or_an_unpicklable_result_is_reported_with_its_task() -> None:
    results = asyncio.run(_gather(Cleaners(1), (_raise, "bad page"), (_unpicklable, 0), (_square, 6)))
    assert isinstance(results[0], CleanerFailed) and results[0].failure == RAISED
    assert results[0].detail == "ValueError: bad page"
    assert isinstance(results[1], CleanerFailed) and results[1].failure == RAISED
    assert results[2] == 36


def test_closing_stops_every_worker_process() -> None:
    async def run() -> list[Any]:
        cleaners = Cleaners(2)
        await cleaners.run(_square, 1)
        workers = [worker.process for worker in cleaners._workers]
        await cleaners.aclose()
        return workers

    for process in asyncio.run(run()):
        assert not process.is_alive()


def test_a_cancelled_task_does_not_stop_the_others() -> None:
    async def run() -> list[Any]:
        cleaners = Cleaners(1)
        try:
            slow = asyncio.ensure_future(cleaners.run(_sleep, 0.3))
            queued = asyncio.ensure_future(cleaners.run(_sleep, 0.2))
            after = asyncio.ensure_future(cleaners.run(_square, 7))
            await asyncio.sleep(0.05)
            queued.cancel()
            return [await slow, await after]
        finally:
            await cleaners.aclose()

    assert asyncio.run(run()) == [0.3, 49]


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_pool_survives_many_deaths(jobs: int) -> None:
    calls = [(_die, 1) if n % 3 == 0 else (_square, n) for n in range(12)]
    results = asyncio.run(_gather(Cleaners(jobs), *calls))
    for n, result in enumerate(results):
        if n % 3 == 0:
            assert isinstance(result, CleanerFailed) and result.failure == CRASHED
        else:
            assert result == n * n


def test_workers_that_cannot_start_fail_every_task_instead_of_hanging(monkeypatch: pytest.MonkeyPatch) -> None:
    import declutter.run.cleaners

    monkeypatch.setattr(declutter.run.cleaners, "_serve", _die)  # a worker that exits at once, before its hello
    results = asyncio.run(_gather(Cleaners(2), (_square, 1), (_square, 2)))
    for result in results:
        assert isinstance(result, CleanerFailed) and result.failure == CRASHED
        assert "cannot start" in result.detail


def test_in_process_cleaning_has_the_same_results_and_failures() -> None:
    from declutter.run.cleaners import InProcess

    results = asyncio.run(_gather(InProcess(), (_square, 3), (_raise, "bad page")))  # type: ignore[arg-type]
    assert results[0] == 9
    assert isinstance(results[1], CleanerFailed) and (results[1].failure, results[1].detail) == (RAISED, "ValueError: bad page")
