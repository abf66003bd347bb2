"""tfmigrate's judgements hold when several threads make them at once.

``verify`` judges each original from a worker thread. CPython 3.11 shares the
guard counter of ``ast``'s tree building between threads, so two builds that
interleave raised ``SystemError: AST constructor recursion depth mismatch``
(once in a CI run of ``test_verify_pipeline``). A garbage-collector callback
that sleeps makes the interpreter switch threads mid-build, every time, so
the interleaving is forced instead of waited for.
"""

from __future__ import annotations

import gc
import threading
import time
from collections.abc import Callable, Iterator

import pytest

from tfmigrate.linescan import python_syntax_error
from tfmigrate.rules.prescan import prescan

SOURCE = "import tensorflow as tf\n" + "".join(
    f"x{i} = tf.mul(tf.constant([{i}.0, 2.0]), [[1.0], [2.0]])\n" for i in range(200))


@pytest.fixture
def threads_switch_mid_build() -> Iterator[None]:
    threshold = gc.get_threshold()
    def sleep(phase: str, info: dict) -> None:
        time.sleep(0.0002)  # lets another thread run while this one builds a tree
    gc.set_threshold(50)
    gc.callbacks.append(sleep)
    try:
        yield
    finally:
        gc.callbacks.remove(sleep)
        gc.set_threshold(*threshold)


def _at_depth(depth: int, work: Callable[[], object], errors: list[BaseException]) -> None:
    # Different stack depths give each thread a different starting count, which is what the check compares.
    if depth:
        _at_depth(depth - 1, work, errors)
        return
    try:
        for _ in range(5):
            work()
    except Exception as error:  # noqa: BLE001 - the test reports whatever a thread raised
        errors.append(error)


def _run_in_threads(work: Callable[[], object]) -> list[BaseException]:
    errors: list[BaseException] = []
    threads = [threading.Thread(target=_at_depth, args=(depth, work, errors)) for depth in (0, 3, 7)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


@pytest.mark.usefixtures("threads_switch_mid_build")
def test_import_scans_from_several_threads_at_once() -> None:
    # prescan is the first step of judge_generation, where verify's worker threads failed.
    scans: list[object] = []
    assert _run_in_threads(lambda: scans.append(prescan(SOURCE))) == []
    assert len(scans) == 15
    assert all(scan is not None and scan.imports_tensorflow for scan in scans)


@pytest.mark.usefixtures("threads_switch_mid_build")
def test_syntax_checks_from_several_threads_at_once() -> None:
    results: list[object] = []
    assert _run_in_threads(lambda: results.append(python_syntax_error(SOURCE))) == []
    assert results == [None] * 15
