"""Own the Python API: load timelines, find a treaty, list deadlines, imagine a notice.

The command line is built on these functions, and notebooks and scripts may use them the same
way (docs/api.md). Like the engine, they never read the clock: the caller passes `as_of`.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from datetime import date

from treatyline import catalog, countries, engine, loader, query
from treatyline.cache import directory as cache_directory
from treatyline.errors import TreatylineError
from treatyline.loader import Loaded
from treatyline.model import (
    Deadline,
    DeadlineKind,
    DeadlineStatus,
    InstrumentKind,
    Status,
    StatusKind,
    Treaty,
)
from treatyline.needs import Needs
from treatyline.periods import (
    OFFSET_HINT,
    DateError,
    PartialDate,
    PeriodError,
    parse_offset,
    parse_relative,
)
from treatyline.records import record

TYPE_CHECKING = False  # typing.TYPE_CHECKING, for mypy; typing itself costs start-up time
if TYPE_CHECKING:
    from pathlib import Path

    # Imported where used: only what-if needs it, and every other command's start-up would pay.
    from treatyline import members, scenario

Treaties = Loaded | Iterable[Treaty]


def load(
    *paths: str | Path,
    builtin: bool = True,
    as_of: date | None = None,
    environ: Mapping[str, str] | None = None,
    cache: bool = True,
    strict: bool = False,
    wanted: str | None = None,
    needs: Needs | None = None,
) -> Loaded:
    """Load the bundled timelines, the user's, and `paths` (files or directories).

    Problems in the data come back in `.problems` (errors in `.errors`), never as exceptions;
    a path that does not exist raises TreatylineError. `environ` defaults to `os.environ`,
    which names the user data directory, the cache directory and TREATYLINE_PATH. Given
    `as_of`, a status stated in a file is checked against its dates on that day. What reading
    each file gave is kept in the user's cache directory (`$XDG_CACHE_HOME/treatyline`) and
    used again while the file is unchanged; `cache=False` reads every file and writes nothing.
    The cache never changes a result. `strict` asks every event and claim to cite a source,
    as the bundled ones must. `wanted`, a treaty's name, says that only that treaty is needed:
    with the cache, only its files are read where the cache's index knows them, and the result
    may hold that treaty alone (`find` it there). `needs` says that only a status, the
    deadlines from a day on, a state's standing or the problems are asked (`Needs.statuses()`,
    `Needs.deadlines(since)`, `Needs.standing(state)`, `Needs.stated_statuses()`): each
    treaty then holds only the events they read, which gives the same answers sooner.
    """
    sources, directory = _sources(
        paths, builtin=builtin, environ=environ, cache=cache, strict=strict
    )
    return loader.load(sources, as_of=as_of, cache=directory, wanted=wanted, needs=needs)


def treaty_labels(
    *paths: str | Path,
    builtin: bool = True,
    environ: Mapping[str, str] | None = None,
    cache: bool = True,
) -> list[tuple[str, ...]]:
    """Return each treaty's id, name and aliases, as `load` would find them, for completion:
    from the cache's index when it vouches for every file, without reading them."""
    sources, directory = _sources(paths, builtin=builtin, environ=environ, cache=cache)
    return loader.treaty_labels(sources, cache=directory)


def _sources(
    paths: Iterable[str | Path],
    *,
    builtin: bool,
    environ: Mapping[str, str] | None,
    cache: bool,
    strict: bool = False,
) -> tuple[list[catalog.Source], str | None]:
    """Return the timeline files to read, and the cache directory to use, if any."""
    environ = os.environ if environ is None else environ
    named: list[catalog.StrPath] = []
    if paths:  # spelled as Path spells them; pathlib is imported only for them (start-up time)
        from pathlib import Path

        named = [Path(p) for p in paths]
    sources = catalog.search_path(environ, named, builtin=builtin, strict=strict)
    return sources, cache_directory(environ) if cache else None


def _treaties(treaties: Treaties) -> tuple[Treaty, ...]:
    return treaties.treaties if isinstance(treaties, Loaded) else tuple(treaties)


def find(treaties: Treaties, name: str) -> Treaty:
    """Return the treaty called `name` (id, name, title or alias, in any case)."""
    return query.find_treaty(_treaties(treaties), name)


def timeline(treaty: Treaty, *, as_of: date) -> engine.Timeline:
    """Return the treaty's known events and computed deadlines as they stood on `as_of`."""
    return engine.timeline(treaty, as_of=as_of)


def window(
    *,
    as_of: date,
    year: int | None = None,
    start: str | None = None,
    end: str | None = None,
    ahead: str | None = None,
) -> tuple[date | None, date | None]:
    """Return the first and last day (inclusive) that a choice of window options means.

    `start` and `end` take a date (YYYY, YYYY-MM or YYYY-MM-DD), 'today' or an offset from
    `as_of` ('+1y', '-6m', '90d'); `ahead` ('90d') means from `as_of` to that far ahead.
    """
    chosen = [name for name, given in (("--year", year), ("--next", ahead)) if given is not None]
    if start is not None or end is not None:
        chosen.append("--from/--to")
    if len(chosen) > 1:
        raise TreatylineError(
            f"{' and '.join(chosen)} cannot be combined", hint="choose one way to give the window"
        )
    if year is not None:
        whole = PartialDate.year(year)
        return whole.earliest, whole.latest
    if ahead is not None:
        last = when("--next", ahead, as_of=as_of)
        if last is None or last.latest < as_of:
            raise TreatylineError(
                f"--next looks ahead, and '{ahead}' lies before {as_of}",
                hint="use --from for a window that starts in the past",
            )
        return as_of, last.latest
    first = when("--from", start, as_of=as_of)
    last = when("--to", end, as_of=as_of)
    if first is not None and last is not None and first.earliest > last.latest:
        raise TreatylineError(
            f"--from {start} ({first.earliest}) is after --to {end} ({last.latest})",
            hint="give the earlier date to --from",
        )
    return (first.earliest if first else None, last.latest if last else None)


def when(option: str, text: str | None, *, as_of: date) -> PartialDate | None:
    """Read a date option: YYYY-MM-DD, YYYY-MM, YYYY, 'today' or an offset from `as_of`."""
    if text is None:
        return None
    try:
        return parse_relative(text, today=as_of)
    except DateError as error:
        raise TreatylineError(f"{option}: {error}", hint=error.hint) from None


def deadlines(
    treaties: Treaties,
    *,
    as_of: date,
    start: date | None = None,
    end: date | None = None,
    treaty: Iterable[str] = (),
    party: Iterable[str] = (),
    kind: Iterable[DeadlineKind | str] = (),
    status: Iterable[DeadlineStatus | str] = (),
) -> list[Deadline]:
    """Return the deadlines between `start` and `end` (inclusive) in date order.

    `treaty` takes names as `find` does, `party` country codes, `kind` deadline kinds such as
    'withdrawal_effective', `status` deadline statuses such as 'upcoming'; each narrows the
    list, and leaving one out keeps everything.
    """
    every = _treaties(treaties)
    try:
        kinds = frozenset(DeadlineKind(k) for k in kind)
    except ValueError:
        known = ", ".join(k.value for k in DeadlineKind)
        raise TreatylineError(f"unknown deadline kind in {list(kind)}", hint=known) from None
    try:
        statuses = frozenset(DeadlineStatus(s) for s in status)
    except ValueError:
        known = ", ".join(s.value for s in DeadlineStatus)
        raise TreatylineError(f"unknown deadline status in {list(status)}", hint=known) from None
    try:
        parties = frozenset(countries.check(code) for code in party)
    except ValueError as error:
        raise TreatylineError(str(error), hint=countries.HINT) from None
    selection = query.Query(
        start=start,
        end=end,
        treaties=frozenset(find(every, name).id for name in treaty),
        parties=parties,
        kinds=kinds,
        statuses=statuses,
    )
    found = engine.deadlines(every, as_of=as_of, horizon=end, since=start)
    return query.select(found, selection)


@record
class TreatyRow:
    """A treaty on the as-of date, and a state's standing in it when one was asked about."""

    treaty: Treaty
    status: Status
    party: Status | None = None


def treaties(
    treaties: Treaties,
    *,
    as_of: date,
    party: str | None = None,
    kind: Iterable[InstrumentKind | str] = (),
    tag: Iterable[str] = (),
    status: Iterable[StatusKind | str] = (),
) -> list[TreatyRow]:
    """Return the treaties, by id, with their status on `as_of`, narrowed by the filters.

    `party` keeps the treaties whose record names that state, with its status; `kind` and
    `tag` match the treaty's kind and tags (tags ignoring case); `status` matches the state's
    status when `party` is given, else the treaty's.
    """
    kinds = frozenset(InstrumentKind(k) for k in kind)
    tags = frozenset(t.casefold() for t in tag)
    statuses = frozenset(StatusKind(s) for s in status)
    if party is not None:
        try:
            party = countries.check(party)
        except ValueError as error:
            raise TreatylineError(str(error), hint=countries.HINT) from None
    found = []
    for treaty in sorted(_treaties(treaties), key=lambda t: t.id):
        if kinds and treaty.kind not in kinds:
            continue
        if tags and not tags & {t.casefold() for t in treaty.tags}:
            continue
        # Only the acts that bear on the treaty's status, or on the state's: the same answer
        # (tests/test_hangs.py) at a cost that does not grow with every state's deposit.
        timeline = engine.timeline(engine.narrowed(treaty, party), as_of=as_of)
        standing = None
        if party is not None:
            standing = engine.party_statuses_from(timeline).get(party)
            if standing is None or standing.kind is StatusKind.NOT_CONCLUDED:
                continue
        row = TreatyRow(treaty, engine.status_from(timeline), standing)
        if statuses and (standing or row.status).kind not in statuses:
            continue
        found.append(row)
    return found


def party(treaties: Treaties, state: str, *, as_of: date) -> list[members.Record]:
    """Return `state`'s record in every treaty that names it, on `as_of`, by treaty id."""
    try:
        code = countries.check(state)
    except ValueError as error:
        raise TreatylineError(str(error), hint=countries.HINT) from None
    from treatyline import members  # only this command needs it: start-up time

    return members.records(_treaties(treaties), code, as_of=as_of)


def what_if_notice(treaty: Treaty, *, on: date, party: str | None = None) -> scenario.NoticeOutcome:
    """Return when a notice of withdrawal given on `on` would take effect, and what it ends."""
    from treatyline import scenario

    return scenario.notice(treaty, on=on, party=party)


def what_if_extension(treaty: Treaty, *, on: date, period: str) -> scenario.ExtensionOutcome:
    """Return where extending the term by `period` ('5y', '5 years') on `on` moves its end.

    Raises TreatylineError, with the treaty's own words, where its cap forbids it.
    """
    # The offset's hint would offer '-6m', which an extension refuses: name lengths only.
    not_a_length = TreatylineError(
        f"--extend takes a length, not '{period}'", hint="write a length such as 90d, 6m or 5y"
    )
    try:
        sign, length = parse_offset(period)
    except PeriodError as error:
        if error.hint == OFFSET_HINT:
            raise not_a_length from None
        raise TreatylineError(f"--extend: {error}", hint=error.hint) from None
    if sign < 0:
        raise not_a_length
    from treatyline import scenario

    return scenario.extension(treaty, on=on, period=length)
