"""Own the spreading of a large reading over the machine's processors: a share of the work to
each, the results of the others sent back as bytes.

Composing YAML and building records is Python work, done on one processor at a time; a cold
load of thousands of files waits on it. Where the system forks (Linux), `spread` forks one
child per further processor. Each child inherits everything read so far, works its share and
writes the results to a pipe, while this process works its own. A child that fails, for
whatever reason, costs only time: its share is worked here after all.
"""

from __future__ import annotations

import marshal
import os
import signal
import sys

TYPE_CHECKING = False  # typing.TYPE_CHECKING, for mypy; typing itself costs start-up time
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import BinaryIO, TypeVar

    T = TypeVar("T")

MAX_WORKERS = 8  # past this, the pipes and this process's own share gain little


def workers() -> int:
    """Return how many processes may share a reading here: 1 where forking is not safe."""
    # macOS forks, but its system libraries do not survive it; Windows does not fork at all.
    if not sys.platform.startswith("linux") or not hasattr(os, "fork"):
        return 1
    # A process with other threads must not fork: a lock one of them holds (the import
    # lock, a stream's) would stay locked in the child for ever.
    threading = sys.modules.get("threading")
    if threading is not None and threading.active_count() > 1:
        return 1
    try:
        processors = len(os.sched_getaffinity(0))
    except OSError:
        processors = os.cpu_count() or 1
    return max(1, min(processors, MAX_WORKERS))


def spread(
    count: int, work: Callable[[int], T], send: Callable[[T], bytes], *, processes: int
) -> list[T | bytes]:
    """Return `work(number)` for every number below `count`, in `processes` processes.

    Where this process did the work, the result itself; where a child did, `send(result)`,
    the bytes it sent. The shares are interleaved (0, n, 2n... to this process), so that
    files of a size sit together in no one share.
    """
    shares = [range(first, count, processes) for first in range(processes)]
    results: list[T | bytes | None] = [None] * count
    children: list[tuple[int, BinaryIO, range]] = []
    own = [shares[0]]
    try:
        for share in shares[1:]:
            try:
                children.append(_forked(share, work, send))
            except OSError:  # no more processes allowed: this one works the share
                own.append(share)
        for number in (number for share in own for number in share):
            results[number] = work(number)
        while children:
            pid, stream, share = children[0]
            sent = _received(pid, stream)
            del children[0]
            if sent is not None and len(sent) == len(share):
                for number, result in zip(share, sent, strict=True):
                    results[number] = result
            else:
                for number in share:
                    results[number] = work(number)
    finally:
        for pid, stream, _ in children:  # left by an exception: end them, quietly
            stream.close()
            try:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
            except (ProcessLookupError, ChildProcessError):  # reaped as the exception came
                pass
    return results  # type: ignore[return-value]  # every place is filled by now


def _forked(
    share: range, work: Callable[[int], T], send: Callable[[T], bytes]
) -> tuple[int, BinaryIO, range]:
    """Fork a child that works `share` and writes what it sent to a pipe; return its process
    id and the pipe's end to read."""
    read_end, write_end = os.pipe()
    # Ctrl-C waits while the child is made: the child must never run its parent's handler,
    # which would unwind the parent's code in it.
    mask = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        pid = os.fork()
    except OSError:
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)
        os.close(read_end)
        os.close(write_end)
        raise
    if pid == 0:  # the child: never returns
        os.close(read_end)
        _child(share, work, send, write_end, mask)
    signal.pthread_sigmask(signal.SIG_SETMASK, mask)
    os.close(write_end)
    return pid, open(read_end, "rb"), share


def _child(
    share: range,
    work: Callable[[int], T],
    send: Callable[[T], bytes],
    pipe: int,
    mask: set[int | signal.Signals],
) -> None:
    # Ctrl-C reaches the whole process group: the child ends at once and silently, and its
    # parent reports the interruption. os._exit skips what the parent's exit would do twice
    # (buffered output, the cache's files).
    status = 1
    try:
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)
        payload = marshal.dumps([send(work(number)) for number in share])
        with open(pipe, "wb") as stream:
            stream.write(payload)
        status = 0
    finally:
        os._exit(status)


def _received(pid: int, stream: BinaryIO) -> list[bytes] | None:
    """Return the results a child sent, or None if it failed or sent anything else."""
    with stream:
        payload = stream.read()
    _, status = os.waitpid(pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        return None
    try:
        sent = marshal.loads(payload)
    except (EOFError, ValueError, TypeError):
        return None
    if not (isinstance(sent, list) and all(isinstance(item, bytes) for item in sent)):
        return None
    return sent
