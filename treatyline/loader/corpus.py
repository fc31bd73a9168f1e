"""Own a load: every source read (from the cache where it can be), extending files merged into
the treaties they extend, the checks run, and every problem sorted by place.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Sequence
from datetime import date

from treatyline import checks, countries
from treatyline.cache import Cache, IndexEntry, WrittenKey
from treatyline.catalog import Source
from treatyline.errors import Location, Problem
from treatyline.loader import spread
from treatyline.loader.index import (
    _chosen,
    _index_key,
    every,
    refreshed,
    unchanged,
    vouched,
    written_key,
)
from treatyline.loader.limits import _TIMELINE_KEY, _CollectorPaused, _decode, _read
from treatyline.loader.rows import _pack, _rebuilt, _Stored, _unpack
from treatyline.loader.shapes import _date_order, _Document
from treatyline.model import Event, Treaty
from treatyline.needs import Needs
from treatyline.periods import PartialDate, Period
from treatyline.records import field, record, replace

TYPE_CHECKING = False  # typing.TYPE_CHECKING, for mypy; typing itself costs start-up time
if TYPE_CHECKING:
    from treatyline.cache import Stamp
    from treatyline.catalog import StrPath
    from treatyline.loader.reader import _Reader


# How much text a load parses before it spreads the parsing over processes: forking, and
# sending the records back, cost more than they save below it (docs/performance.md).
SPREAD_FROM = 1_000_000


@record
class Loaded:
    """The treaties that loaded and every problem found, sorted by place.

    `files` are the timeline files that the load was given (`sources`), read or refused, as
    named: what a command must not write over. Each is a Path where the caller gave its folder
    as one, made only when `files` is read: a folder of thousands of files would otherwise cost
    a Path each on every start.
    """

    treaties: tuple[Treaty, ...]
    problems: tuple[Problem, ...]
    sources: tuple[Source, ...] = ()

    @property
    def files(self) -> tuple[StrPath, ...]:
        return tuple(source.named for source in self.sources)

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.is_error)


class _Lines:
    """The lines of each file read, for the excerpts of problems: decoded only when needed.

    A file that is not a timeline at all (no `id:` or `extends:` at its top) has none: named
    by mistake, or reached through a link, it may hold secrets that must not reach a log.
    """

    def __init__(self) -> None:
        self.data: dict[str, bytes | None] = {}
        self.unread: dict[str, Source] = {}  # the files the index vouched for, not read
        self.decoded: dict[str, list[str]] = {}

    def __getitem__(self, path: str) -> list[str]:
        if path not in self.decoded:
            if path in self.unread:
                read = _read(self.unread.pop(path))
                self.data[path] = None if isinstance(read, Problem) else read[0]
            data = self.data.get(path)
            timeline = data is not None and re.search(_TIMELINE_KEY, data) is not None
            text = _decode(path, data) if data is not None and timeline else None
            self.decoded[path] = text.splitlines() if isinstance(text, str) else []
        return self.decoded[path]


@record(frozen=False)
class _File:
    """One source as a load read it: its document, its problems, and what to keep of it."""

    source: Source
    document: _Document
    problems: list[Problem]
    stamp: Stamp | None = None  # what identifies its bytes; None for a file not to be cached
    written: WrittenKey | None = None  # what changes when it is written (the index's key)
    checked: list[Problem] | None = None  # what the checks found in its treaty, when known
    keep: bool = False  # whether to write it to the cache once its treaty has been checked
    cached_rows: _Stored | None = None  # its events as the cache keeps them, until rebuilt
    text: str | None = None  # its text, until it is parsed
    packed: bytes | None = None  # its cache entry, when another process read it


@record(frozen=False)
class _Shared:
    """Values that many files repeat, made once a load: dates and periods by their text, and
    dates by their day numbers."""

    dates: dict[str, PartialDate] = field(default_factory=dict)
    periods: dict[str, Period] = field(default_factory=dict)
    days: dict[tuple[int, int], PartialDate] = field(default_factory=dict)
    codes: frozenset[str] | None = None  # the party codes, once a file is to be parsed


def _reader(source: Source, text: str, shared: _Shared) -> _Reader:
    """Return the reader of one file's text: what the quick reading may assume of it."""
    # The reading of text is imported only when a file is read from its text: a load that
    # the cache answers whole needs none of it (docs/performance.md).
    from treatyline.loader.nodes import _parser
    from treatyline.loader.reader import _Reader

    if shared.codes is None:
        shared.codes = frozenset(countries.codes())
    untagged = "!" not in text and getattr(_parser(), "plain_tags", False)
    return _Reader(
        str(source.path),
        source.bundled,
        source.strict,
        "*" in text,
        untagged,
        shared.codes,
        shared.dates,
        shared.periods,
    )


def _read_source(source: Source, store: Cache | None, lines: _Lines, shared: _Shared) -> _File:
    """Read one source, from the cache if it has the file's bytes, else from the file."""
    file = _looked_up(source, store, lines)
    if file.text is not None:
        _parsed(file, shared)
    return file


def _looked_up(
    source: Source, store: Cache | None, lines: _Lines, entry: IndexEntry | None = None
) -> _File:
    """Read one source's bytes, and what the cache has of them: a file the cache does not
    have is left with its text, to be parsed.

    Given the index's `entry` for the file, which vouches that it is unchanged, the cache's
    reading of it is taken without reading it (and its lines only if a problem needs them).
    """
    path = str(source.path)
    if store is not None and entry is not None:
        written = entry[0]
        stamp = (written[0], written[1], entry[5])
        found = _from_cache(source, store, stamp, written)
        if found is not None:
            lines.unread[path] = source
            return found
    lines.unread.pop(path, None)
    read = _read(source)
    if isinstance(read, Problem):
        lines.data[path] = None
        return _File(source, _Document(), [read])
    data, status = read
    lines.data[path] = data
    stamp = (status.st_size, status.st_mtime_ns, zlib.crc32(data))
    written = written_key(status)
    if store is not None:
        found = _from_cache(source, store, stamp, written)
        if found is not None:
            return found
    text = _decode(path, data)
    if isinstance(text, Problem):
        return _File(source, _Document(), [text])
    return _File(source, _Document(), [], stamp, written, keep=True, text=text)


def _from_cache(source: Source, store: Cache, stamp: Stamp, written: WrittenKey) -> _File | None:
    """Return what the cache kept of a file with these bytes, or None."""
    entry = store.get(str(source.path), source.needs_sources, stamp)
    if entry is None:
        return None
    try:
        document, problems, checked, rows = _unpack(entry)
    except Exception:  # a damaged or foreign entry is a miss, whatever it raises
        return None
    return _File(source, document, problems, stamp, written, checked, cached_rows=rows)


def _parsed(file: _File, shared: _Shared) -> _File:
    """Parse a file's text into its document and problems; return the file."""
    from treatyline.loader.reader import _parse

    assert file.text is not None
    reader = _reader(file.source, file.text, shared)
    file.document, file.problems = _parse(reader, file.text)
    file.text = None
    return file


def _checked(file: _File) -> _File:
    """Check a parsed file's treaty alone, as a load does where no other file extends it
    (and does again where one does); return the file."""
    if file.document.treaty is not None:
        file.checked = checks.of_treaty(file.document.treaty)
    return file


def _parse_all(read: list[_File], shared: _Shared) -> None:
    """Parse the text of every file that has one: spread over processes when there is much
    of it (spread.py), the files other processes parsed left as cache entries to rebuild."""
    pending = [file for file in read if file.text is not None]
    size = sum(len(file.text) for file in pending if file.text is not None)
    processes = spread.workers() if size >= SPREAD_FROM else 1
    if processes == 1:
        for file in pending:
            _parsed(file, shared)
        return
    results = spread.spread(
        len(pending),
        lambda number: _checked(_parsed(pending[number], shared)),
        lambda file: _pack(file, str(file.source.path)),
        processes=processes,
    )
    for file, result in zip(pending, results, strict=True):
        if not isinstance(result, bytes):
            continue
        try:
            file.document, file.problems, file.checked, file.cached_rows = _unpack(result)
        except Exception:  # what a child sent is read as the cache is: on any fault, parse
            _parsed(file, shared)
        else:
            file.text, file.packed = None, result


def load(
    sources: Sequence[Source],
    *,
    as_of: date | None = None,
    cache: str | None = None,
    wanted: str | None = None,
    needs: Needs | None = None,
) -> Loaded:
    """Read every source, merge extending files into their treaties, and run the checks.

    Given `as_of`, a status stated in a file is checked against the one its dates give then.
    Given `cache`, a directory, what reading each file gave is kept there and used again while
    the file is unchanged (see `treatyline.cache`): its document and problems, and what the
    checks found in its treaty while no other file extends it. The cross-file steps (merging,
    duplicate ids) and the check of a stated status run every time.

    Given `wanted` too, a treaty's name, only the files that define and extend that treaty are
    read, where the index says which they are: the index of these very sources, kept by the
    last load of them that found no problem at all, and each file unchanged since (by its
    size, times and inode, without reading it). Then the Loaded holds that treaty alone, and
    costs what it costs however many other files there are. Anything else reads every file.

    Given `needs`, each treaty holds only the events that its question reads (needs.py); the
    problems are those of the whole treaties all the same. From the cache, the events of a
    treaty that no other file extends and whose checks are known are then never rebuilt.
    """
    lines = _Lines()
    with _CollectorPaused():
        if cache is None:
            treaties, problems = _read_all(sources, None, lines, as_of, wanted, needs)
        else:
            with Cache(cache) as store:
                treaties, problems = _read_all(sources, store, lines, as_of, wanted, needs)
    ordered = sorted((_with_excerpt(p, lines) for p in problems), key=Problem.sort_key)
    return Loaded(tuple(treaties), tuple(ordered), tuple(sources))


def _read_all(
    sources: Sequence[Source],
    store: Cache | None,
    lines: _Lines,
    as_of: date | None,
    wanted: str | None,
    needs: Needs | None,
) -> tuple[list[Treaty], list[Problem]]:
    """Do what `load` says, with the cache `store` or none; return the treaties and problems."""
    problems: list[Problem] = []
    key = _index_key(sources)
    stored = store.index(key) if store is not None else None
    entries = unchanged(stored, sources)
    vouched_all = every(stored, entries)
    chosen = None
    if wanted is not None and vouched_all is not None:
        chosen = _chosen(vouched_all, sources, wanted)
    known = {str(s.path): e for s, e in zip(sources, entries, strict=True)}
    shared = _Shared()
    read = [_looked_up(s, store, lines, known[str(s.path)]) for s in chosen or sources]
    _parse_all(read, shared)
    selected = _rebuild(read, lines, shared, needs)
    for file in read:
        problems += file.problems
    treaties = _merge([file.document for file in read], problems)
    # A treaty that no other file extends is its file's alone, and so is what the checks
    # find in it (the stated status aside, which depends on the as-of date).
    owners = {id(file.document.treaty): file for file in read if file.document.treaty}
    for treaty in treaties:
        owner = owners.get(id(treaty))
        if owner is not None and owner.checked is not None:
            found = owner.checked
        else:
            found = checks.of_treaty(treaty)
            if owner is not None and owner.stamp is not None:
                owner.checked, owner.keep = found, True
        problems += found
    if needs is not None:
        treaties = [
            treaty if id(treaty) in selected else needs.select(treaty) for treaty in treaties
        ]
    for treaty in treaties:
        if as_of is not None:
            problems += checks.stated_status_holds(treaty, as_of=as_of)
    if store is not None:
        for file in read:
            if file.keep and file.stamp is not None:
                path = str(file.source.path)
                packed = file.packed if file.packed is not None else _pack(file, path)
                store.put(path, file.source.needs_sources, file.stamp, packed)
        index = None if chosen else refreshed(stored, read, clean=not problems)
        if index is not None:
            store.put_index(key, index)
    return treaties, problems


def _rebuild(read: list[_File], lines: _Lines, shared: _Shared, needs: Needs | None) -> set[int]:
    """Rebuild the events of the files read from the cache; return the ids of the treaties
    that hold only what `needs` reads already.

    Only a treaty that is its file's alone, with its checks' findings known, is rebuilt in
    part: the checks, and the merging of an extending file, read whole treaties. A file whose
    rows cannot be rebuilt is read again from its text, as any other miss.
    """
    extended = {file.document.extends[0] for file in read if file.document.extends}
    selected: set[int] = set()
    for number, file in enumerate(read):
        if file.cached_rows is None:
            continue
        document, path = file.document, str(file.source.path)
        treaty = document.treaty
        partial = (
            needs is not None
            and treaty is not None
            and file.checked is not None
            and treaty.id not in extended
        )
        try:
            if partial and needs and treaty and not needs.reads_any(treaty):
                events: tuple[Event, ...] = ()
            else:
                states = needs.states(treaty) if partial and needs and treaty else frozenset()
                events = _rebuilt(
                    file.cached_rows, path, shared.days, needs if partial else None, states
                )
        except Exception:  # a damaged or foreign entry is a miss, whatever it raises
            read[number] = _read_source(file.source, None, lines, shared)
            continue
        file.cached_rows = None
        if treaty is None:
            document.events = events
            continue
        document.treaty = replace(treaty, events=events)
        if partial:
            selected.add(id(document.treaty))
    return selected


def _merge(documents: list[_Document], problems: list[Problem]) -> list[Treaty]:
    by_id: dict[str, Treaty] = {}
    defined_at: dict[str, Location] = {}
    for document in documents:
        treaty = document.treaty
        if treaty is None or document.id_where is None:
            continue
        if treaty.id in by_id:
            first = defined_at[treaty.id]
            problems.append(
                Problem(
                    document.id_where,
                    f"treaty {treaty.id} is already defined in {first}",
                    f"to add events to it, write 'extends: {treaty.id}' and events only",
                )
            )
            continue
        by_id[treaty.id] = treaty
        defined_at[treaty.id] = document.id_where
    for document in documents:
        if document.extends is None:
            continue
        target, where = document.extends
        base = by_id.get(target)
        if base is None:
            from treatyline.loader.nodes import suggest

            problems.append(
                Problem(
                    where, f"no treaty '{target}' to extend", suggest(target.upper(), list(by_id))
                )
            )
            continue
        events = sorted((*base.events, *document.events), key=_date_order)
        by_id[target] = replace(base, events=tuple(events))
    return list(by_id.values())


def _with_excerpt(problem: Problem, texts: _Lines) -> Problem:
    if problem.excerpt is not None:
        return problem
    lines = texts[problem.where.path]
    if not 0 < problem.where.line <= len(lines):
        return problem
    line = lines[problem.where.line - 1]
    width = problem.width
    if width <= 1:
        token = re.match(r"[^\s,\]}]*", line[problem.where.column - 1 :])
        width = max(len(token.group(0)) if token else 1, 1)
    return replace(problem, excerpt=line, width=width)


def read_file(source: Source) -> tuple[_Document, list[Problem], list[str]]:
    """Read one file; return its document, its problems and its lines for excerpts."""
    read = _read(source)
    if isinstance(read, Problem):
        return _Document(), [read], []
    path = str(source.path)
    text = _decode(path, read[0])
    if isinstance(text, Problem):
        return _Document(), [text], []
    reader = _reader(source, text, _Shared())
    from treatyline.loader.reader import _parse

    document, problems = _parse(reader, text)
    return document, problems, text.splitlines() if re.search(_TIMELINE_KEY, read[0]) else []


def treaty_labels(sources: Sequence[Source], *, cache: str | None) -> list[tuple[str, ...]]:
    """Return each treaty's id, name and aliases: from the cache's index of these sources when
    it vouches for every file, which reads none of them; otherwise from a load."""
    if cache is not None:
        with Cache(cache) as store:
            entries = vouched(store.index(_index_key(sources)), sources)
        if entries is not None:
            return [entry[4] for entry in entries if entry[1] is not None]
    loaded = load(sources, cache=cache)
    return [(treaty.id, treaty.name, *treaty.aliases) for treaty in loaded.treaties]
