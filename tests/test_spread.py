"""A large reading spread over processes: the same answers as one process gives, whatever the
children do, and nothing left running after an error or Ctrl-C."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from tests.test_cache import ERRORS, load, sources
from treatyline import catalog
from treatyline.loader import corpus, reader, spread
from treatyline.loader.reader import _Reader

PARENT = os.getpid()


def square_and_pid(number: int) -> tuple[int, int]:
    return number * number, os.getpid()


def sent(result: tuple[int, int]) -> bytes:
    return f"{result[0]} {result[1]}".encode()


def no_children_left() -> bool:
    try:
        os.waitpid(-1, os.WNOHANG)
    except ChildProcessError:
        return True
    return False


def test_every_result_comes_back_in_order_the_others_worked_by_children() -> None:
    results = spread.spread(10, square_and_pid, sent, processes=3)
    here = [r for r in results if not isinstance(r, bytes)]
    there = [r.decode().split() for r in results if isinstance(r, bytes)]
    assert here == [(n * n, PARENT) for n in (0, 3, 6, 9)]  # this process's share: 0, 3, 6...
    assert [int(square) for square, _ in there] == [n * n for n in (1, 2, 4, 5, 7, 8)]
    pids = {int(pid) for _, pid in there}
    assert len(pids) == 2 and PARENT not in pids
    assert no_children_left()


def test_a_child_that_fails_leaves_its_share_to_this_process() -> None:
    def failing(result: tuple[int, int]) -> bytes:
        if result[0] == 16:  # number 4, in the share of the child that starts at 1
            raise ValueError("a bug in the child")
        return sent(result)

    results = spread.spread(9, square_and_pid, failing, processes=3)
    assert [results[n] for n in (1, 4, 7)] == [(n * n, PARENT) for n in (1, 4, 7)]
    assert all(isinstance(results[n], bytes) for n in (2, 5, 8))  # the other child's
    assert no_children_left()


def test_a_system_that_will_not_fork_gets_every_result_here(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def refused() -> int:
        raise BlockingIOError("fork: Resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", refused)
    results = spread.spread(5, square_and_pid, sent, processes=4)
    assert results == [(n * n, PARENT) for n in range(5)]


def test_an_error_here_ends_the_children_it_started() -> None:
    def slow_there_failing_here(number: int) -> int:
        if os.getpid() != PARENT:
            time.sleep(60)
        raise RuntimeError("stopped")

    with pytest.raises(RuntimeError, match="stopped"):
        spread.spread(3, slow_there_failing_here, lambda _: b"", processes=3)
    assert no_children_left()


def test_a_process_with_other_threads_does_not_fork() -> None:
    release = threading.Event()
    waiting = threading.Thread(target=release.wait)
    waiting.start()
    try:
        assert spread.workers() == 1
    finally:
        release.set()
        waiting.join()


@pytest.fixture
def spreading(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Spread every load over three processes, and record the files parsed in this one."""
    monkeypatch.setattr(corpus, "SPREAD_FROM", 0)
    monkeypatch.setattr(spread, "workers", lambda: 3)
    parsed: list[str] = []
    real = reader._parse

    def counting(reader_: _Reader, text: str) -> object:
        if os.getpid() == PARENT:
            parsed.append(reader_.path)
        return real(reader_, text)

    monkeypatch.setattr(reader, "_parse", counting)
    return parsed


def test_a_spread_load_gives_what_one_process_gives_cold_warm_and_uncached(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, spreading: list[str]
) -> None:
    cases = sorted(p for p in ERRORS.iterdir() if p.suffix == ".yaml" or p.is_dir())
    found = sources(catalog.bundled_directory(), *cases)
    spread_uncached = load(found, None)
    # Children parsed two thirds of the files; this process the rest.
    assert 0 < len(spreading) <= len(found) // 3 + 1
    spread_cold = load(found, tmp_path / "cache")
    monkeypatch.setattr(corpus, "SPREAD_FROM", 10**12)
    one_process = load(found, None)
    warm = load(found, tmp_path / "cache")
    assert spread_uncached == spread_cold == one_process == warm
    assert spread_uncached.errors  # the error cases are in it, with their excerpts
    assert [p.excerpt for p in spread_cold.problems] == [p.excerpt for p in one_process.problems]


def test_a_file_that_another_file_extends_is_checked_whole_when_spread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, spreading: list[str]
) -> None:
    from tests.test_cache import BASE, EXTENSION

    (tmp_path / "lakeside.yaml").write_text(BASE, encoding="utf-8")
    (tmp_path / "more.yaml").write_text(EXTENSION, encoding="utf-8")
    found = sources(tmp_path)
    spread_load = load(found, None)
    monkeypatch.setattr(corpus, "SPREAD_FROM", 10**12)
    assert spread_load == load(found, None)
    # The extension's suspension after the end is a warning about the whole treaty.
    assert any("more.yaml" in str(p.where) for p in spread_load.problems)


CHILD_SLEEPS = textwrap.dedent(
    """\
    import os, sys, time
    from treatyline import launch
    from treatyline.loader import corpus, spread
    corpus.SPREAD_FROM = 0
    spread.workers = lambda: 2
    parent, real = os.getpid(), corpus._checked
    def slow(file):
        if os.getpid() != parent:
            print("working", flush=True)
            time.sleep(60)
        return real(file)
    corpus._checked = slow
    sys.argv = ["treatyline", "check", "--no-cache", sys.argv[1]]
    launch.main()
    """
)


@pytest.mark.parametrize("whole_group", [True, False], ids=["terminal", "parent-only"])
def test_ctrl_c_during_a_spread_load_exits_130_quietly_and_leaves_nothing_running(
    whole_group: bool,
) -> None:
    process = subprocess.Popen(
        [sys.executable, "-c", CHILD_SLEEPS, str(catalog.bundled_directory())],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    assert process.stdout is not None
    assert process.stdout.readline() == "working\n"
    if whole_group:  # as a terminal does: to every process of the group
        os.killpg(process.pid, signal.SIGINT)
    else:
        process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=20)
    assert process.returncode == 130
    assert "Traceback" not in err
    time.sleep(0.2)
    with pytest.raises(ProcessLookupError):  # no process of the group is left
        os.killpg(process.pid, 0)


def test_what_a_child_sends_that_is_not_an_entry_is_parsed_here(
    monkeypatch: pytest.MonkeyPatch, spreading: list[str]
) -> None:
    found = sources(catalog.bundled_directory())
    monkeypatch.setattr(corpus, "_pack", lambda file, path: b"not a cache entry")
    damaged = load(found, None)
    assert len(spreading) == len(found)  # every file parsed here in the end
    monkeypatch.setattr(corpus, "SPREAD_FROM", 10**12)
    assert damaged == load(found, None)
