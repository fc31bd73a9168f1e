"""Own writing files: whole or not at all, so that a failed write never leaves a broken file.

Exports (`--output`) and the cache of read timelines (`cache`) both write through here.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable
from pathlib import Path

from treatyline.errors import TreatylineError


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
) -> None:
    """Write `data` (text as UTF-8, bytes, or pieces of bytes) to `path` through a temporary
    file and a rename.

    Readers see the old file or the new one, never a part: the rename is atomic on POSIX and
    Windows file systems. An existing file keeps its permissions unless `mode` is given. With
    `sync=False` the data are not forced to the disk before the rename: a crash of the whole
    system may then leave an empty or partial file, which only a cache that checks what it
    reads may accept.
    """
    import tempfile  # here, not at the top: it costs start-up time and only writes need it

    try:
        if mode is None:
            mode = path.stat().st_mode & 0o777 if path.exists() else _default_mode()
        descriptor, temporary = tempfile.mkstemp(
            prefix=f".{path.name}.", suffix=".tmp", dir=path.parent
        )
    except OSError as error:
        raise _cannot_write(path, error) from None
    try:
        with os.fdopen(descriptor, "wb") as file:
            if isinstance(data, str):
                file.write(data.encode("utf-8"))
            elif isinstance(data, bytes):
                file.write(data)
            else:
                file.writelines(data)
            file.flush()
            if sync:
                os.fsync(file.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException as error:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        if isinstance(error, OSError):
            raise _cannot_write(path, error) from None
        raise


def _cannot_write(path: Path, error: OSError) -> TreatylineError:
    return TreatylineError(
        f"cannot write {path}: {error.strerror or error}",
        hint="check that the directory exists and that you may write to it",
        exit_code=1,
    )
