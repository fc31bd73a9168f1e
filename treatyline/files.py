"""Own writing files: whole or not at all, so that a failed write never leaves a broken file."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from treatyline.errors import TreatylineError


def _default_mode() -> int:
    # mkstemp creates files readable by the owner only; an export should get the mode any new
    # file would get. The umask can only be read by setting it, so set it back at once.
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def write_atomically(path: Path, text: str) -> None:
    """Write `text` to `path` through a temporary file in the same directory and a rename.

    Readers see the old file or the new one, never a part: the rename is atomic on POSIX and
    Windows file systems. An existing file keeps its permissions.
    """
    try:
        mode = path.stat().st_mode & 0o777 if path.exists() else _default_mode()
        descriptor, temporary = tempfile.mkstemp(
            prefix=f".{path.name}.", suffix=".tmp", dir=path.parent
        )
    except OSError as error:
        raise _cannot_write(path, error) from None
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="") as file:
            file.write(text)
            file.flush()
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
