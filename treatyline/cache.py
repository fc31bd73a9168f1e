"""Own the cache of read timeline files: where it lives, what makes an entry valid, and writing it.

Reading a timeline (composing its YAML and converting every node) costs far more than anything
done with the records afterwards, so the loader keeps what reading a file gave (its document,
its problems, and the problems the checks found in its treaty) in `$XDG_CACHE_HOME/treatyline`
(by default `~/.cache/treatyline`). An entry stands for one file and depends on nothing but the
file's bytes, its path as given (records carry it in their locations), whether it must cite
sources (bundled, or read by `check --strict`),
and the code that read it; the loader decides what goes in and when it may be used.

The entries of the files of one directory share one cache file, so that a warm run opens one
file per directory and a cold one writes one. Each entry is pickled on its own, so that a
change to one timeline re-pickles only its entry.

Nothing here is trusted blindly. An entry is used only when all of these hold; anything else is
a miss, and the file is read as if there were no cache, silently:

- the cache directory is a directory owned by the user, which nobody else may write to, and
  not a link that someone else made; and the cache file is a regular file (not a link) owned
  by the user, which nobody else may write to.
  The entries are pickles, and unpickling runs code named in the data: a cache that someone
  else could write would let them run code as the user. Where the system cannot tell who owns
  a file (no `os.getuid`), there is no cache.
- the cache file's first line names this cache format, treatyline's version, the Python that
  wrote it, and the size and modification time of each of treatyline's modules and of the
  yaml and iso3166 packages, so that an upgrade, or an edit of the code in a checkout, makes
  every entry a miss;
- the rest of the cache file has the length and CRC-32 that the first line gives (a torn or
  damaged file is caught before anything is unpickled), and unpickles to the expected shape;
- the timeline's size, modification time (to the nanosecond) and the CRC-32 of its bytes are
  the ones recorded: a change to the file, even one within the resolution of its file system's
  clock, makes a miss;
- the entry unpickles.

Cache files are written whole through `files.write_atomically`, readable by the user only,
without waiting for the disk: a crash of the system can at worst leave a file that fails the
checks above. A directory that cannot be made or written, or a file that cannot be written,
costs nothing but the cache; the results never depend on it.
"""

from __future__ import annotations

import marshal
import os
import stat
import sys
import zlib
from collections.abc import Mapping
from types import TracebackType

from treatyline import __version__
from treatyline.errors import TreatylineError

TYPE_CHECKING = False  # typing.TYPE_CHECKING, for mypy; typing itself costs start-up time
if TYPE_CHECKING:
    from treatyline.catalog import StrPath

FORMAT = 3
_MAGIC = b"treatyline-cache"
PICKLE_PROTOCOL = 5  # the highest of every Python that treatyline supports
# Libraries whose behaviour is part of what an entry holds: yaml parses the files, iso3166
# says which party codes exist.
_LIBRARIES = ("yaml", "iso3166")


# What identifies the bytes of one timeline file: its size, its mtime in nanoseconds, and
# their CRC-32.
Stamp = tuple[int, int, int]
# What the index keeps of a file: its size, mtime, ctime (in nanoseconds) and inode, which
# change when the file is written, without reading it; the id of the treaty it defines and
# of the one it extends; every name its treaty answers to, folded; and its id, name and
# aliases as written, which shell completion offers.
WrittenKey = tuple[int, int, int, int]
# A file's written key, the treaty it defines and the one it extends, its treaty's names as
# matched and as shown, and the CRC-32 of its bytes (loader/index.py).
IndexEntry = tuple[WrittenKey, str | None, str | None, tuple[str, ...], tuple[str, ...], int]
Index = dict[str, IndexEntry]


def directory(environ: Mapping[str, str]) -> str | None:
    """Return $XDG_CACHE_HOME/treatyline (default ~/.cache/treatyline), or None without a home.

    A relative XDG_CACHE_HOME is ignored, as the XDG base directory specification asks.
    """
    base = environ.get("XDG_CACHE_HOME") or ""
    if not os.path.isabs(base):
        home = environ.get("HOME")
        if not home:
            return None
        base = os.path.join(home, ".cache")
    return os.path.join(base, "treatyline")


def _stamp_of(path: str) -> tuple[int, int] | None:
    try:
        status = os.stat(path)
    except OSError:
        return None
    return status.st_size, status.st_mtime_ns


def _library(name: str) -> tuple[int, int] | None:
    """Return the size and mtime of a package's __init__.py, found without importing it."""
    for entry in sys.path:
        found = _stamp_of(os.path.join(entry or os.curdir, name, "__init__.py"))
        if found is not None:
            return found
    return None


def fingerprint() -> bytes:
    """Return the token that a cache file's first line must carry to be read by this process."""
    package = os.path.dirname(os.path.abspath(__file__))
    modules = sorted(  # every module of the package, its subpackages' too
        os.path.join(folder, name)
        for folder, _, names in os.walk(package)
        for name in names
        if name.endswith(".py")
    )
    parts = (
        FORMAT,
        __version__,
        sys.implementation.cache_tag,
        sys.version,
        PICKLE_PROTOCOL,
        marshal.version,
        # Each module by its name inside the package (relpath, a path's way, costs ten times).
        [(name[len(package) + 1 :], _stamp_of(name)) for name in modules],
        [(name, _library(name)) for name in _LIBRARIES],
    )
    text = repr(parts).encode("utf-8", "backslashreplace")
    return b"%08x%08x" % (zlib.crc32(text), zlib.adler32(text))


def _private(status: os.stat_result, kind: int) -> bool:
    """Tell whether a file is of the expected kind, the user's, and not writable by others."""
    return (
        stat.S_IFMT(status.st_mode) == kind
        and status.st_uid == os.getuid()
        and not status.st_mode & (stat.S_IWGRP | stat.S_IWOTH)
    )


def _supported() -> bool:
    return (
        hasattr(os, "getuid")
        and hasattr(os, "O_DIRECTORY")
        and hasattr(os, "O_NOFOLLOW")
        and os.open in os.supports_dir_fd
    )


# A file's entry: its stamp and its pickled value (a view into the cache file when read).
_Entry = tuple[Stamp, bytes | memoryview]


class _Group:
    """The entries of the files of one directory (bundled or not), as one cache file holds them."""

    def __init__(self, name: str, folder: str, entries: dict[str, _Entry]) -> None:
        self.name = name
        self.folder = folder
        self.entries = entries
        self.used: set[str] = set()
        self.changed = False


class Cache:
    """One run's use of the cache directory: look-ups now, the writes when it closes.

    Use it as a context manager: `with Cache(directory) as cache:`. A directory that cannot be
    made, or that is not private, gives a cache that misses and writes nothing.
    """

    def __init__(self, location: StrPath) -> None:
        self.location = location
        self.token = fingerprint()
        self.descriptor: int | None = None
        self.groups: dict[tuple[str, bool], _Group] = {}
        self.writes = 0
        if not _supported():
            return
        try:
            # A link is followed only if it is the user's own: one that another user made
            # could point the cache into any directory of the user's (its target is theirs).
            link = os.lstat(location)
            if stat.S_ISLNK(link.st_mode) and link.st_uid != os.getuid():
                return
        except FileNotFoundError:
            pass
        except OSError:
            return
        try:
            os.makedirs(location, mode=0o700, exist_ok=True)
            self.descriptor = os.open(location, os.O_RDONLY | os.O_DIRECTORY)
        except OSError:
            return
        if not _private(os.fstat(self.descriptor), stat.S_IFDIR):
            os.close(self.descriptor)
            self.descriptor = None

    def __enter__(self) -> Cache:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if error is None:
            self.flush()
        self.close()

    def close(self) -> None:
        if self.descriptor is not None:
            os.close(self.descriptor)
            self.descriptor = None

    def get(self, path: str, bundled: bool, stamp: Stamp) -> bytes | memoryview | None:
        """Return the entry stored for this file with these bytes, or None."""
        group = self._group(path, bundled)
        entry = group.entries.get(path) if group is not None else None
        if group is None or entry is None or entry[0] != stamp:
            return None
        group.used.add(path)
        return entry[1]

    def put(self, path: str, bundled: bool, stamp: Stamp, payload: bytes) -> None:
        """Keep the entry for this file with these bytes, to be written when the cache closes."""
        group = self._group(path, bundled)
        if group is None:
            return
        group.entries[path] = (stamp, payload)
        group.used.add(path)
        group.changed = True

    def flush(self) -> None:
        """Write each cache file whose entries changed: the entries used in this run, and the
        others of its directory whose file still exists."""
        if self.descriptor is None:
            return
        for group in self.groups.values():
            if not group.changed:
                continue
            pieces: list[bytes | memoryview] = []
            for path, (stamp, payload) in group.entries.items():
                name = os.path.join(group.folder, os.path.basename(path))
                if path in group.used or os.path.exists(name):
                    key = path.encode("utf-8", "surrogateescape")
                    pieces.append(b"%d %d %d %d %d\n" % (len(key), *stamp, len(payload)))
                    pieces += (key, payload)
            crc, length = 0, 0
            for piece in pieces:
                crc, length = zlib.crc32(piece, crc), length + len(piece)
            header = b"%s %d %s %d %08x\n" % (_MAGIC, FORMAT, self.token, length, crc)
            if not self._write(group.name, [header, *pieces]):
                return  # an unwritable cache: nothing more is tried in this run
            group.changed = False

    def _group(self, path: str, bundled: bool) -> _Group | None:
        if self.descriptor is None:
            return None
        folder = os.path.dirname(os.path.abspath(path))
        group = self.groups.get((folder, bundled))
        if group is None:
            key = f"{folder}\0{int(bundled)}".encode("utf-8", "surrogateescape")
            name = f"{zlib.crc32(key):08x}{zlib.adler32(key):08x}.cache"
            group = _Group(name, folder, self._read(name))
            self.groups[(folder, bundled)] = group
        return group

    def _read(self, name: str) -> dict[str, _Entry]:
        """Return the entries of a cache file, or none if it is missing, foreign or damaged.

        After the first line, the file holds one frame an entry: a line with the lengths of
        the path and the pickle and the file's stamp, then the path, then the pickle.
        """
        verified = self._verified(name)
        if verified is None:
            return {}
        data, end = verified
        body = memoryview(data)[end + 1 :]
        try:
            entries: dict[str, _Entry] = {}
            at = 0
            while at < len(body):
                stop = data.index(b"\n", end + 1 + at) - end - 1
                size_of_key, size, mtime_ns, crc, size_of_value = map(
                    int, bytes(body[at:stop]).split()
                )
                at = stop + 1
                if min(size_of_key, size_of_value) < 0 or (
                    at + size_of_key + size_of_value > len(body)
                ):
                    return {}
                key = str(body[at : at + size_of_key], "utf-8", "surrogateescape")
                at += size_of_key
                entries[key] = ((size, mtime_ns, crc), body[at : at + size_of_value])
                at += size_of_value
        except ValueError:  # a frame that does not parse: the file is not ours
            return {}
        return entries

    def _verified(self, name: str) -> tuple[bytes, int] | None:
        """Return a cache file's bytes and the end of its first line, if it is the user's own,
        written by this code, and whole; None otherwise."""
        if self.descriptor is None:
            return None
        try:
            descriptor = os.open(name, os.O_RDONLY | os.O_NOFOLLOW, dir_fd=self.descriptor)
        except OSError:
            return None
        try:
            if not _private(os.fstat(descriptor), stat.S_IFREG):
                return None
            with open(descriptor, "rb", closefd=False) as handle:
                data = handle.read()
        except OSError:
            return None
        finally:
            os.close(descriptor)
        end = data.find(b"\n", 0, 200)
        fields = data[:end].split(b" ")
        if end < 0 or len(fields) != 5 or fields[:3] != [_MAGIC, b"%d" % FORMAT, self.token]:
            return None
        body = memoryview(data)[end + 1 :]
        try:
            if len(body) != int(fields[3]) or zlib.crc32(body) != int(fields[4], 16):
                return None
        except ValueError:
            return None
        return data, end

    # -- the index: which file holds which treaty, to read only the files a command needs --

    def index(self, key: str) -> Index | None:
        """Return the index kept under `key` (loader/index.py says what it holds), or None."""
        verified = self._verified(f"{key}.index")
        if verified is None:
            return None
        data, end = verified
        try:
            found = marshal.loads(memoryview(data)[end + 1 :])
        except (ValueError, EOFError, TypeError):
            return None
        return found if isinstance(found, dict) else None

    def put_index(self, key: str, index: Index) -> None:
        """Keep `index` under `key`, written whole at once; marshal reads it without running
        code, and only values that marshal can write are kept."""
        if self.descriptor is None:
            return
        payload = marshal.dumps(index)
        header = b"%s %d %s %d %08x\n" % (
            _MAGIC,
            FORMAT,
            self.token,
            len(payload),
            zlib.crc32(payload),
        )
        self._write(f"{key}.index", [header, payload])

    def _write(self, name: str, pieces: list[bytes | memoryview]) -> bool:
        """Write one cache file whole, private to the user; say whether it was written."""
        from pathlib import Path

        from treatyline import files  # only a write needs it: start-up time

        try:
            files.write_atomically(
                Path(self.location, name), pieces, mode=0o600, sync=False, follow=False
            )
        except TreatylineError:
            return False
        self.writes += 1
        return True
