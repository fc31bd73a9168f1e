"""Own writing files: whole or not at all, so that a failed write never leaves a broken file.

Exports (`--output`, `--svg`, `--html`) and the cache of read timelines (`cache`) both write
through here. What treatyline promises about the files it writes is in docs/decisions.md
("Files read and written").
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Iterable
from pathlib import Path

from treatyline.errors import TreatylineError

TYPE_CHECKING = False  # typing.TYPE_CHECKING, for mypy; typing itself costs start-up time
if TYPE_CHECKING:
    from typing import BinaryIO


def _default_mode() -> int:
    # mkstemp creates files readable by the owner only; an export should get the mode any new
    # file would get. The umask can only be read by setting it, so set it back at once.
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def write_atomically(
    path: Path,
    data: str | bytes | Iterable[bytes | memoryview],
    *,
    mode: int | None = None,
    sync: bool = True,
    follow: bool = True,
) -> None:
    """Write `data` (text as UTF-8, bytes, or pieces of bytes) to `path` through a temporary
    file and a rename.

    Readers see the old file or the new one, never a part: the rename is atomic on POSIX and
    Windows file systems. An existing file keeps its permissions unless `mode` is given. With
    `sync=False` the data are not forced to the disk before the rename: a crash of the whole
    system may then leave an empty or partial file, which only a cache that checks what it
    reads may accept.

    What is at `path` is never replaced by something else: a link is followed, and its target
    written as above (a link to nothing is refused, as cp refuses it); a named pipe or a device
    (/dev/null, a terminal) is written to directly, since it cannot be replaced and has no old
    content to keep; a directory, or anything else, is refused. With `follow=False` (the
    cache, in a directory of its own) whatever is at `path` is replaced, link or not.
    """
    import tempfile  # here, not at the top: it costs start-up time and only writes need it

    target, status = _destination(path) if follow else (path, None)
    if status is not None and not stat.S_ISREG(status.st_mode):
        _write_directly(path, target, data)
        return
    try:
        if mode is None:
            if status is None and not follow and path.exists():
                status = path.stat()
            mode = status.st_mode & 0o777 if status is not None else _default_mode()
        descriptor, temporary = tempfile.mkstemp(
            prefix=f".{target.name}.", suffix=".tmp", dir=target.parent
        )
    except OSError as error:
        raise _cannot_write(path, error) from None
    try:
        with os.fdopen(descriptor, "wb") as file:
            _write(file, data)
            file.flush()
            if sync:
                os.fsync(file.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, target)
    except BaseException as error:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        if isinstance(error, OSError):
            raise _cannot_write(path, error) from None
        raise


def _write(file: BinaryIO, data: str | bytes | Iterable[bytes | memoryview]) -> None:
    if isinstance(data, str):
        file.write(data.encode("utf-8"))
    elif isinstance(data, bytes):
        file.write(data)
    else:
        file.writelines(data)


def _destination(path: Path) -> tuple[Path, os.stat_result | None]:
    """Return the file that writing `path` changes (its link's target, if it is a link) and
    what is there now (None for nothing); refuse a directory and a link to nothing."""
    try:
        status = os.stat(path)
    except FileNotFoundError:
        if not os.path.islink(path):
            return path, None
        raise _refused(
            path,
            f"it is a link to {os.readlink(path)}, which does not exist",
            "write to the file it should point to, or remove the link",
        ) from None
    except OSError as error:  # a loop of links, a parent that is a file
        raise _cannot_write(path, error) from None
    if stat.S_ISDIR(status.st_mode):
        raise _refused(path, "it is a directory", "give the name of a file in it")
    if stat.S_IFMT(status.st_mode) not in (stat.S_IFREG, stat.S_IFIFO, stat.S_IFCHR, stat.S_IFBLK):
        raise _refused(path, "it is not a file, a pipe or a device", "give the name of a file")
    return (Path(os.path.realpath(path)) if os.path.islink(path) else path), status


def _write_directly(
    path: Path, target: Path, data: str | bytes | Iterable[bytes | memoryview]
) -> None:
    """Write to a named pipe or a device in place: opened without creating or truncating it,
    and waiting for a reader, as the shell's `>` does."""
    try:
        descriptor = os.open(target, os.O_WRONLY | getattr(os, "O_NOCTTY", 0))
        with os.fdopen(descriptor, "wb") as file:
            _write(file, data)
    except OSError as error:
        message = f"cannot write {path}: {error.strerror or error}"
        raise TreatylineError(message, exit_code=1) from None


def refuse_overwriting(paths: Iterable[Path], reads: Iterable[str | os.PathLike[str]]) -> None:
    """Refuse to write any of `paths` that is one of the files `reads`, by any name or link.

    Only a regular file can be overwritten: a pipe or a device that is both is left alone.
    """
    written: dict[tuple[int, int], Path] = {}
    for path in paths:
        if str(path) == "-":  # standard output
            continue
        with contextlib.suppress(OSError):
            status = os.stat(path)
            if stat.S_ISREG(status.st_mode):
                written[(status.st_dev, status.st_ino)] = path
    if not written:
        return
    for read in reads:
        try:
            status = os.stat(read)
        except OSError:
            continue
        output = written.get((status.st_dev, status.st_ino))
        if output is not None:
            named = os.path.abspath(output) == os.path.abspath(read)
            why = "this command reads it" if named else f"it is {read}, which this command reads"
            raise _refused(output, why, "write the output to another file")


def _refused(path: Path, why: str, hint: str) -> TreatylineError:
    return TreatylineError(f"cannot write {path}: {why}", hint=hint, exit_code=1)


def _cannot_write(path: Path, error: OSError) -> TreatylineError:
    return TreatylineError(
        f"cannot write {path}: {error.strerror or error}",
        hint="check that the directory exists and that you may write to it",
        exit_code=1,
    )
