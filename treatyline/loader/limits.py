"""Own the limits of what is read and the reading of raw files: which files may be read at all,
how many bytes, how deep their nesting, bytes to text, and the pause of the garbage collector
while a load builds its records.
"""

from __future__ import annotations

import gc
import os
import re
import stat
from collections.abc import Iterator

from treatyline.catalog import Source
from treatyline.errors import Location, Problem

TYPE_CHECKING = False  # typing.TYPE_CHECKING, for mypy; typing itself costs start-up time
if TYPE_CHECKING:
    from typing import Any, BinaryIO

    from treatyline.catalog import StrPath

MAX_FILE_BYTES = 4 * 1024 * 1024
# A timeline nests five levels deep (file, events, event, claims, claim). libyaml's composer
# recurses once per level in C and overflows the stack somewhere past 20,000 levels, killing
# the process, so deeper files are refused before they are composed.
MAX_NESTING = 50
# A flow collection opened before another one closes, or left open at a line's end: the only
# ways flow nesting can pass one level. Quoted brackets may match too; they cost an exact check.
# One pattern per opening bracket: a pattern that starts with a literal is searched for many
# times faster than one that starts with a class of characters.
# The patterns are strings, compiled by re (and kept in its cache) when a file is first read
# from its text: a warm run pays nothing for them at start-up.
_FLOW_NESTING = tuple((opener, rf"(?m)\{opener}[^\[\]{{}}\n]*(?:[\[{{]|$)") for opener in "[{")
# Each block level below the top needs one more column of indentation or an indicator (- ? :)
# at the start of its line, so a short run bounds the block depth. The first line is matched
# alone, and the others after their line break, for the same reason.
_BLOCK_NESTING_FIRST = rf"[ \-?:]{{{MAX_NESTING // 2}}}"
_BLOCK_NESTING = rf"\n[ \-?:]{{{MAX_NESTING // 2}}}"

_ID_LINE = rb"(?m)^id: *([A-Z0-9][A-Z0-9-]*) *$"

_TIMELINE_KEY = rb"(?m)^(?:\xef\xbb\xbf)?(?:\{[ \t]*)?[\"']?(?:id|extends)[\"']?[ \t]*:"


def _read(source: Source) -> tuple[bytes, os.stat_result] | Problem:
    """Return a file's bytes and its status, or the problem that stopped reading it."""
    start = Location(str(source.path), 1, 1)
    if source.folder is not None and _links_out(source.path, source.folder):
        # Read, it would show lines of a file that its folder's owner may never have seen
        # (a link to ~/.ssh/config in a pull request prints it into the CI log).
        return Problem(
            start,
            f"not read: a link to a file outside {source.folder}",
            "name the file it points to directly (a PATH of check, --data or TREATYLINE_PATH)"
            " to read it",
        )
    try:
        # A named pipe or a device would make open() or read() wait for ever. So would a file
        # that passes for a regular one (/proc/kmsg), or one swapped for a pipe after the
        # look: it is opened without waiting, and what was opened is looked at again.
        status = os.stat(source.path)
        if not (stat.S_ISREG(status.st_mode) or stat.S_ISDIR(status.st_mode)):
            return _not_regular(start)
        with open(source.path, "rb", buffering=0, opener=_without_waiting) as handle:
            status = os.fstat(handle.fileno())
            if not stat.S_ISREG(status.st_mode):
                return _not_regular(start)
            data = _read_up_to(handle, status.st_size, MAX_FILE_BYTES + 1)
    except OSError as error:
        return Problem(start, f"cannot read the file: {error.strerror}")
    if len(data) > MAX_FILE_BYTES:
        limit = f"{MAX_FILE_BYTES // (1024 * 1024)} MiB"
        treaty_id = re.search(_ID_LINE, data[:4096])
        extends = f"'extends: {treaty_id.group(1).decode()}'" if treaty_id else "'extends:'"
        hint = f"split it: a file with {extends} adds events to a treaty from another file"
        return Problem(start, f"the file is larger than {limit}", hint)
    return data, status


def _links_out(path: StrPath, folder: StrPath) -> bool:
    """Tell whether `path`, found in `folder`, is a link to a place outside that folder."""
    if not os.path.islink(path):
        return False
    inside = os.path.realpath(folder)
    try:
        return os.path.commonpath([inside, os.path.realpath(path)]) != inside
    except ValueError:  # another drive
        return True


def _without_waiting(path: str, flags: int) -> int:
    """Open a file as open() would, but without waiting for a writer or for data to come."""
    return os.open(path, flags | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))


def _not_regular(start: Location) -> Problem:
    message = "cannot read the file: it is not a regular file"
    return Problem(start, message, "timeline files are plain files; copy the data into one")


def _read_up_to(handle: BinaryIO, size: int, limit: int) -> bytes:
    """Read to the end of the file, but no more than `limit` bytes.

    It asks first for as many bytes as the file had when it was looked at, and one more: a
    single read of `limit` would make a buffer of four megabytes for every small file.
    """
    parts: list[bytes] = []
    total, want = 0, min(size + 1, limit)
    while total < limit:
        chunk = handle.read(min(want, limit - total))
        if not chunk:
            break
        parts.append(chunk)
        total += len(chunk)
        want = 1 << 16
    return b"".join(parts)


def _decode(path: str, data: bytes) -> str | Problem:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        where = Location(path, line, column)
        return Problem(where, "the file is not UTF-8 text", "save it as UTF-8")


def _too_deep(text: str) -> tuple[int, int] | None:
    """Return where (line, column) the nesting first passes MAX_NESTING levels, or None.

    Quick scans clear ordinary files; only a file they cannot clear is walked event by event,
    which libyaml's parser does without recursion.
    """
    if (
        not any(opener in text and re.search(pattern, text) for opener, pattern in _FLOW_NESTING)
        and not re.match(_BLOCK_NESTING_FIRST, text)
        and not re.search(_BLOCK_NESTING, text)
    ):
        return None
    import yaml

    from treatyline.loader.nodes import _parser  # as yaml: only a file read from its text

    try:
        return _first_too_deep(yaml.parse(text, Loader=_parser()))
    except yaml.YAMLError:
        # libyaml 0.2.5 as PyYAML 6.0.3+ bundles it stops at its own nesting limit (1,000 flow
        # levels) while scanning ahead, before it has reported the level that passed ours. Its
        # message would differ by PyYAML version, so the place is found again with PyYAML's own
        # parser, which has no limit and no recursion; a file that is merely invalid is left
        # to the composer to report.
        try:
            return _first_too_deep(yaml.parse(text, Loader=yaml.SafeLoader))
        except yaml.YAMLError:
            return None


def _first_too_deep(events: Iterator[Any]) -> tuple[int, int] | None:
    """Return where the parse events first open a collection past MAX_NESTING, or None."""
    import yaml

    depth = 0
    for event in events:
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_NESTING:
                mark = event.start_mark
                return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
    return None


class _CollectorPaused:
    """Pause Python's cycle collector while the records are built, and restore it after.

    Reading makes millions of objects that all live on and hold no cycles; the collector would
    walk the growing heap again and again for nothing (a third of the time of a large load).
    After the pause, what was made is moved to the oldest generation at once: left young, it
    would be walked twice more on its way there, by whatever runs next (a quarter of a second
    at 100,000 events). freeze() then unfreeze() does exactly that move, and nothing becomes
    uncollectable; it is skipped if the program froze objects of its own. (A class, not
    contextlib's decorator: contextlib costs a warm run start-up time.)
    """

    def __enter__(self) -> None:
        self.enabled = gc.isenabled()
        gc.disable()

    def __exit__(self, *exception: object) -> None:
        if self.enabled:
            if gc.get_freeze_count() == 0:
                gc.freeze()
                gc.unfreeze()
            gc.enable()
