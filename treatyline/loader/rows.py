"""Own the cache's form of a file: pickled records, and events as rows of plain values that
marshal reads in well under a microsecond each, rebuilt into the very records the file gives.
"""

from __future__ import annotations

import marshal
from bisect import bisect_right
from datetime import date

from treatyline.cache import PICKLE_PROTOCOL
from treatyline.engine import STATE_DEPOSITS
from treatyline.errors import Location, Problem
from treatyline.loader.shapes import _QUICK_RECORDS, _Document, _new
from treatyline.model import (
    Claim,
    Event,
    EventKind,
)
from treatyline.needs import Needs, core, facts
from treatyline.periods import PartialDate, Period, Unit
from treatyline.records import record, replace

try:  # the C pickler itself: the pickle module around it costs start-up time for nothing here
    from _pickle import dumps, loads
except ImportError:  # an interpreter without it
    from pickle import dumps, loads

TYPE_CHECKING = False  # typing.TYPE_CHECKING, for mypy; typing itself costs start-up time
if TYPE_CHECKING:
    from typing import Any

    from treatyline.loader.corpus import _File

    _Row = tuple[Any, ...]  # an event in the cache: plain values (see _row)

# -- the cache's form of a file: pickled records, and events as rows that marshal reads -------
#
# Pickle rebuilds each record through the generic object protocol, which makes an event cost
# about ten microseconds to write and as much to read back: as long as composing the YAML.
# An entry therefore pickles the document without its events, and writes the events as rows
# of plain values (marshal reads a row in well under a microsecond), rebuilt here into the
# very records the file would give. The tests compare loads from the cache with loads from
# the files.


def _pack(file: _File, path: str) -> bytes:
    """Return the cache entry of a file read: its document, problems and checks' findings.

    The events are written in three groups (see `needs`): the core that every question reads,
    the other deposits, and the rest, each with the events' places in the file, so that a
    load can read the core alone, or with the deposits from a day on, or everything.
    """
    document = file.document
    treaty = document.treaty
    events = treaty.events if treaty is not None else document.events
    slim = _Document(
        treaty=None if treaty is None else replace(treaty, events=()),
        extends=document.extends,
        id_where=document.id_where,
    )
    pickled = dumps((slim, file.problems, file.checked), protocol=PICKLE_PROTOCOL)
    # An extending file's events join another treaty's, whose core is its own: all are read.
    marks = core(treaty.kind, facts(events)) if treaty is not None else [True] * len(events)
    groups: tuple[tuple[list[int], list[_Row]], ...] = (([], []), ([], []), ([], []))
    for place, (event, mark) in enumerate(zip(events, marks, strict=True)):
        places, rows = groups[0 if mark else 1 if event.kind in STATE_DEPOSITS else 2]
        places.append(place)
        rows.append(_row(event, path))
    blobs = [marshal.dumps(group) for group in groups]
    return b"".join(
        (
            len(pickled).to_bytes(8, "big"),
            pickled,
            len(blobs[0]).to_bytes(8, "big"),
            blobs[0],
            len(blobs[1]).to_bytes(8, "big"),
            blobs[1],
            blobs[2],
        )
    )


@record(frozen=False)
class _Stored:
    """A cached file's events, not yet rebuilt: the marshalled groups that `_pack` wrote."""

    core: bytes | memoryview
    deposits: bytes | memoryview
    rest: bytes | memoryview


def _unpack(
    entry: bytes | memoryview,
) -> tuple[_Document, list[Problem], list[Problem] | None, _Stored]:
    """Return what `_pack` stored, the events left as rows; raise on anything else."""
    view = memoryview(entry)
    size = int.from_bytes(view[:8], "big")
    slim, problems, checked = loads(view[8 : 8 + size])
    if not (
        isinstance(slim, _Document)
        and isinstance(problems, list)
        and (checked is None or isinstance(checked, list))
    ):
        raise ValueError("not a cache entry")
    at = 8 + size
    pieces = []
    for _ in range(2):
        length = int.from_bytes(view[at : at + 8], "big")
        pieces.append(view[at + 8 : at + 8 + length])
        at += 8 + length
    return slim, problems, checked, _Stored(pieces[0], pieces[1], view[at:])


def _rebuilt(
    stored: _Stored,
    path: str,
    days: dict[tuple[int, int], PartialDate],
    needs: Needs | None,
    states: frozenset[str] = frozenset(),
) -> tuple[Event, ...]:
    """Rebuild a cached file's events: all of them, or those that `needs` reads, with every
    act of the `states` (`Needs.states`)."""
    places, rows = marshal.loads(stored.core)
    if needs is None:
        return _events(_whole(stored, places, rows), path, days)
    after = needs.deposits_after
    read: list[tuple[int, _Row]] = []
    if after is not None or states:
        deposit_places, deposits = marshal.loads(stored.deposits)
        # The deposits are in date order: those after the day needed are a tail.
        first = len(deposits) if after is None else bisect_right(deposits, after, key=_earliest)
        read += zip(deposit_places[first:], deposits[first:], strict=True)
        # A row's party is its seventh value (see _row).
        read += (
            (place, row)
            for place, row in zip(deposit_places[:first], deposits[:first], strict=True)
            if row[6] in states
        )
    if states:
        rest_places, rest = marshal.loads(stored.rest)
        read += (
            (place, row) for place, row in zip(rest_places, rest, strict=True) if row[6] in states
        )
    if not read:
        return _events(rows, path, days)
    merged = sorted([*zip(places, rows, strict=True), *read])
    return _events([row for _, row in merged], path, days)


def _whole(stored: _Stored, places: list[int], rows: list[_Row]) -> list[_Row]:
    """Return every row of a cached file, the core's with the others', in the file's order."""
    deposit_places, deposits = marshal.loads(stored.deposits)
    rest_places, rest = marshal.loads(stored.rest)
    ordered: list[_Row] = [()] * (len(rows) + len(deposits) + len(rest))
    for group_places, group_rows in (
        (places, rows),
        (deposit_places, deposits),
        (rest_places, rest),
    ):
        for place, row in zip(group_places, group_rows, strict=True):
            ordered[place] = row
    return ordered


def _earliest(row: _Row) -> int:
    earliest: int = row[1]
    return earliest


def _row(event: Event, path: str) -> _Row:
    """Return an event as plain values: dates as day numbers, the path only if not the file's."""
    where, day = event.where, event.date
    return (
        event.kind._value_,  # as .value, which is a property that costs ten times as much
        day.earliest.toordinal(),
        day.latest.toordinal(),
        where.line,
        where.column,
        None if where.path == path else where.path,
        event.party,
        event.note,
        event.source,
        None if event.period is None else (event.period.count, event.period.unit._value_),
        None
        if event.until is None
        else (event.until.earliest.toordinal(), event.until.latest.toordinal()),
        event.instrument,
        event.replaced_by,
        event.name,
        ()
        if not event.contested
        else tuple(
            (
                claim.date.earliest.toordinal(),
                claim.date.latest.toordinal(),
                claim.where.line,
                claim.where.column,
                None if claim.where.path == path else claim.where.path,
                claim.held_by,
                claim.source,
                claim.note,
            )
            for claim in event.contested
        ),
    )


def _events(
    rows: list[_Row], path: str, days: dict[tuple[int, int], PartialDate]
) -> tuple[Event, ...]:
    """Rebuild the events that `_row` wrote, equal to the ones the file gives.

    `days` holds the dates already made in this load, by their day numbers, to share them.
    """
    lengths: dict[tuple[int, str], Period] = {}

    def day(earliest: int, latest: int) -> PartialDate:
        found = days.get((earliest, latest))
        if found is None:
            first = date.fromordinal(earliest)
            last = first if latest == earliest else date.fromordinal(latest)
            if _QUICK_RECORDS:
                found = _new(PartialDate)
                found.__dict__.update(earliest=first, latest=last)
            else:
                found = PartialDate(first, last)
            days[earliest, latest] = found
        return found

    def length(count: int, unit: str) -> Period:
        found = lengths.get((count, unit))
        if found is None:
            found = lengths[count, unit] = Period(count, Unit(unit))
        return found

    events = []
    for row in rows:
        (kind, earliest, latest, line, column, elsewhere, party, note, source, period, until,
         instrument, replaced_by, name, contested) = row  # fmt: skip
        claims = (
            ()
            if not contested
            else tuple(
                Claim(
                    day(a, b),
                    Location(path if other is None else other, ln, col),
                    held_by,
                    claim_source,
                    claim_note,
                )
                for a, b, ln, col, other, held_by, claim_source, claim_note in contested
            )
        )
        when = days.get((earliest, latest)) or day(earliest, latest)
        length_ = None if period is None else length(*period)
        end = None if until is None else day(*until)
        if not _QUICK_RECORDS:
            where = Location(path if elsewhere is None else elsewhere, line, column)
            events.append(
                Event(
                    _KINDS[kind],
                    when,
                    where,
                    party,
                    note,
                    source,
                    length_,
                    end,
                    instrument,
                    replaced_by,
                    claims,
                    name,
                )
            )
            continue
        where = _new(Location)
        where.__dict__.update(
            path=path if elsewhere is None else elsewhere, line=line, column=column
        )
        event = _new(Event)
        event.__dict__.update(
            kind=_KINDS[kind],
            date=when,
            where=where,
            party=party,
            note=note,
            source=source,
            period=length_,
            until=end,
            instrument=instrument,
            replaced_by=replaced_by,
            contested=claims,
            name=name,
        )
        events.append(event)
    return tuple(events)


_KINDS = {kind.value: kind for kind in EventKind}
