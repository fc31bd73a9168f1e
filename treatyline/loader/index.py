"""Own the index of a list of sources: which file defines and extends which treaty, so that a
command about one treaty reads only its files (see `treatyline.cache`).
"""

from __future__ import annotations

import os
import zlib
from collections.abc import Sequence

from treatyline.cache import Index, IndexEntry, WrittenKey
from treatyline.catalog import Source
from treatyline.query import fold

TYPE_CHECKING = False  # typing.TYPE_CHECKING, for mypy; typing itself costs start-up time
if TYPE_CHECKING:
    from treatyline.loader.corpus import _File


def _index_key(sources: Sequence[Source]) -> str:
    """Name the index of one list of sources: another list, another index."""
    listed = "\0".join(f"{source.path}\1{int(source.needs_sources)}" for source in sources)
    data = listed.encode("utf-8", "surrogateescape")
    return f"{zlib.crc32(data):08x}{zlib.adler32(data):08x}"


def _index(read: Sequence[_File]) -> Index:
    """Return what the index keeps of every file of a load; empty if one was not read whole."""
    index: Index = {}
    for file in read:
        if file.written is None or file.stamp is None:
            return {}
        treaty, extends = file.document.treaty, file.document.extends
        names = tuple(fold(name) for name in treaty.names()) if treaty is not None else ()
        labels = (treaty.id, treaty.name, *treaty.aliases) if treaty is not None else ()
        defined = treaty.id if treaty is not None else None
        extended = extends[0] if extends is not None else None
        crc = file.stamp[2]
        index[str(file.source.path)] = (file.written, defined, extended, names, labels, crc)
    return index


def refreshed(stored: Index | None, read: Sequence[_File], *, clean: bool) -> Index | None:
    """Return the index to keep after a load of every source, or None where the one stored is
    still right: empty after a load with problems, else each file's entry. Files unchanged
    since the stored index was made (by their written keys) keep their entries as they are."""
    if not clean:
        return {} if stored else None
    if stored and len(stored) == len(read):
        entries = (stored.get(str(file.source.path)) for file in read)
        if all(e is not None and e[0] == f.written for e, f in zip(entries, read, strict=True)):
            return None
    index = _index(read)
    return index if index != stored else None


def vouched(index: Index | None, sources: Sequence[Source]) -> list[IndexEntry] | None:
    """Return the index's entry of each source, in order, if the index is of these very
    sources and no file changed since; None otherwise."""
    if not index or len(index) != len(sources):
        return None
    return every(index, unchanged(index, sources))


def every(index: Index | None, entries: list[IndexEntry | None]) -> list[IndexEntry] | None:
    """Return `entries` (`unchanged`'s) if the index is of these very sources and each of
    them is unchanged; None otherwise."""
    if not index or len(index) != len(entries) or None in entries:
        return None
    return [entry for entry in entries if entry is not None]


def unchanged(index: Index | None, sources: Sequence[Source]) -> list[IndexEntry | None]:
    """Return the index's entry of each source whose file is unchanged since (by its size,
    times and inode, without reading it), and None for any other."""
    entries: list[IndexEntry | None] = []
    for source in sources:
        entry = index.get(str(source.path)) if index else None
        try:
            if entry is not None and entry[0] != written_key(os.stat(source.path)):
                entry = None
        except OSError:
            entry = None
        entries.append(entry)
    return entries


def _chosen(
    entries: list[IndexEntry], sources: Sequence[Source], wanted: str
) -> list[Source] | None:
    """Return the sources that define and extend the treaty called `wanted`, if the index's
    vouched `entries` of these sources know it, and know it alone; None where every file must
    be read."""
    name = fold(wanted)
    ids = {entry[1] for entry in entries if name in entry[3]}
    if len(ids) != 1:
        return None  # unknown, or ambiguous: the full reading says so, with suggestions
    (found,) = ids
    return [
        source
        for source, entry in zip(sources, entries, strict=True)
        if found in (entry[1], entry[2])
    ]


def written_key(status: os.stat_result) -> WrittenKey:
    return (status.st_size, status.st_mtime_ns, status.st_ctime_ns, status.st_ino)
