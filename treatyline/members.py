"""Own a treaty's membership on a day: each state's signature, deposit, entry into force for it
and status, the counts, and a state's record across treaties.

Built on the engine's timeline of one treaty; nothing here reads the clock or a file.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from datetime import date

from treatyline import engine
from treatyline.model import (
    DEPOSITS,
    Deadline,
    DeadlineKind,
    DeadlineStatus,
    Event,
    EventKind,
    Membership,
    Status,
    StatusKind,
    Treaty,
)
from treatyline.periods import PartialDate
from treatyline.records import record as _record

# A state's acts that a membership table records, one line per state: shown as the table, not
# as hundreds of rows of a treaty's chronology.
_TABLE_ACTS = (EventKind.SIGNED, *DEPOSITS, EventKind.ENTERED_INTO_FORCE)
# The acts that show a state bound: its deposit, its entry into force, or a party's own acts.
_BOUND_ACTS = (
    *DEPOSITS,
    EventKind.ENTERED_INTO_FORCE,
    EventKind.SUSPENDED,
    EventKind.SUSPENSION_ENDED,
    EventKind.WITHDRAWAL_NOTICE,
)
# The statuses worth naming beside the counts: everything but the ordinary.
_ORDINARY = (StatusKind.PARTY, StatusKind.SIGNATORY, StatusKind.CEASED)


def is_table_act(treaty: Treaty, event: Event) -> bool:
    """Return whether `event` is a state's signature, deposit or entry into force, of the kind a
    membership table lists; the deposit that brought the treaty into force is not."""
    return (
        treaty.membership is not None
        and event.party is not None
        and event.instrument is None
        and event.kind in _TABLE_ACTS
    )


@_record
class Member:
    """One state's line of the membership on the as-of date."""

    state: str
    status: Status
    signed: Event | None = None
    deposit: Event | None = None  # its ratification, acceptance, approval, accession or succession
    in_force: PartialDate | None = None  # the day the treaty bound it
    in_force_how: str | None = None  # the rule or record that says so


@_record
class CountWords:
    """What the counts call the states that deposited an instrument, and those that only signed.

    Depositaries count a state as a party from its deposit, but a treaty not in force binds no
    one: until it enters into force, its counts say "ratified", as the state statuses do and as
    the CTBTO counts the CTBT's 178 ratifications.
    """

    deposited: str  # "parties", or "ratified"
    signed_only: str  # "signed, not a party", or "signed, not ratified"


PARTIES = CountWords("parties", "signed, not a party")
RATIFIED = CountWords("ratified", "signed, not ratified")
RATIFIED_OR_ACCEDED = CountWords("ratified or acceded", "signed, not ratified")


def count_words(timeline: engine.Timeline, counted: Collection[str]) -> CountWords:
    """Return the words for the counts on the timeline's as-of date, of the `counted` states."""
    if engine.in_force_on(timeline) is not None:
        return PARTIES
    acceded = EventKind.ACCEDED
    if any(e.kind is acceded and e.party in counted for e in timeline.events):
        return RATIFIED_OR_ACCEDED
    return RATIFIED


def list_counts(table: Membership, words: CountWords, as_of: date) -> str | None:
    """Return what a status list counts of itself, in words, with its day: "191 parties,
    counting KP, 93 signatories on 2025-05-15"; None where it counts nothing, or counts on a
    day after `as_of`, since a past view knows nothing later."""
    counted = table.counted_on
    if counted is None or counted.is_after(as_of):
        return None
    said = []
    if table.parties is not None:
        counting = f", counting {', '.join(table.including)}" if table.including else ""
        said.append(f"{table.parties} {words.deposited}{counting}")
    if table.signatories is not None:
        said.append(f"{table.signatories} signatories")
    return f"{', '.join(said)} on {counted}" if said else None


def members(timeline: engine.Timeline, statuses: dict[str, Status] | None = None) -> list[Member]:
    """Return every state the treaty's record names, with its acts and status, by code."""
    statuses = engine.party_statuses_from(timeline) if statuses is None else statuses
    signed: dict[str, Event] = {}
    deposits: dict[str, Event] = {}
    recorded: dict[str, Event] = {}
    whole: Event | None = None  # the treaty's own signature, by the parties it names
    for event in timeline.events:
        if event.party is None:
            if event.kind is EventKind.SIGNED and whole is None:
                whole = event
            continue
        if event.kind is EventKind.SIGNED:
            signed.setdefault(event.party, event)
        elif event.kind in DEPOSITS:
            deposits[event.party] = event
        elif event.kind is EventKind.ENTERED_INTO_FORCE:
            recorded[event.party] = event
    computed = {
        d.party: d
        for d in timeline.deadlines
        if d.kind is DeadlineKind.ENTRY_INTO_FORCE and d.party is not None
    }
    in_force = engine.in_force_on(timeline)
    # The parties a treaty names (New START's US and RU) signed it and were bound by it as a
    # whole: the treaty's own signature and entry into force are theirs.
    named = frozenset(timeline.treaty.parties)
    found = []
    for state, status in sorted(statuses.items()):
        deposit = deposits.get(state)
        when: PartialDate | None = None
        how: str | None = None
        if state in computed:
            when, how = computed[state].date, computed[state].rule
        elif state in recorded:
            when, how = recorded[state].date, "as recorded"
        elif deposit is not None and in_force is not None:
            # A deposit on or before the treaty's entry into force (the one that brought it
            # into force too) is bound with the treaty; a later one on its own day.
            if deposit.date.earliest > in_force.earliest:
                when, how = deposit.date, "on deposit"
            else:
                when, how = in_force, "with the treaty"
        elif state in named and in_force is not None:
            when, how = in_force, "with the treaty"
        signature = signed.get(state) or (whole if state in named else None)
        found.append(Member(state, status, signature, deposit, when, how))
    return found


def notable(statuses: dict[str, Status]) -> dict[str, Status]:
    """Return the states whose status says more than party or signatory: those that left, are
    leaving, suspended, renounced, de-ratified, or wait for the treaty to bind them."""
    return {
        code: status
        for code, status in statuses.items()
        if (status.kind not in _ORDINARY and status.kind is not StatusKind.RATIFIED)
        or status.reason == "deratified"
        or (status.kind is StatusKind.RATIFIED and "in force for it" in (status.reason or ""))
    }


@_record
class Record:
    """A state's standing in one treaty on the as-of date, and how it got there."""

    treaty: Treaty
    treaty_status: Status
    member: Member
    acts: tuple[Event, ...]  # everything the state did, in date order
    pending: tuple[Deadline, ...]  # its withdrawal or entry into force still to come


def record(treaty: Treaty, state: str, *, as_of: date) -> Record | None:
    """Return `state`'s record in `treaty` on `as_of`, or None if the record never names it.

    Read from the acts that bear on the state (`engine.narrowed`): the same record as from the
    whole treaty, at a cost that does not grow with every other state's deposit.
    """
    timeline = engine.timeline(engine.narrowed(treaty, state), as_of=as_of)
    statuses = engine.party_statuses_from(timeline)
    if state not in statuses or statuses[state].kind is StatusKind.NOT_CONCLUDED:
        return None
    member = next(m for m in members(timeline, statuses) if m.state == state)
    acts = tuple(e for e in timeline.events if e.party == state)
    pending = tuple(
        d
        for d in timeline.deadlines
        if d.party == state and d.status in (DeadlineStatus.UPCOMING, DeadlineStatus.PENDING)
    )
    return Record(treaty, engine.status_from(timeline), member, acts, pending)


def records(treaties: Iterable[Treaty], state: str, *, as_of: date) -> list[Record]:
    """Return `state`'s record in every treaty that names it, by treaty id."""
    found = (record(treaty, state, as_of=as_of) for treaty in treaties)
    return sorted((r for r in found if r is not None), key=lambda r: r.treaty.id)


def history(timeline: engine.Timeline) -> list[tuple[date, int]]:
    """Return how many parties the treaty had, as (day, count) at every day the count changed,
    up to the as-of date: the days of deposits, withdrawals, de-ratifications and the end of
    former states, as depositaries count parties (from the deposit, not the entry into force).
    """
    statuses = engine.party_statuses_from(timeline)
    joined: dict[str, date] = {}
    for event in timeline.events:
        # A deposit; where the record gives none, the first act only a party can do.
        if event.party is not None and event.kind in _BOUND_ACTS:
            day = event.date.earliest
            joined[event.party] = min(joined.get(event.party, day), day)
    left: dict[str, date] = {}
    for code, status in statuses.items():
        gone = status.kind in (StatusKind.WITHDRAWN, StatusKind.CEASED)
        if (gone or status.reason == "deratified") and status.since is not None:
            left[code] = status.since.earliest
    steps: dict[date, int] = {}
    for code, start in joined.items():
        end = left.get(code)
        if end is not None and end <= start:
            continue
        steps[start] = steps.get(start, 0) + 1
        if end is not None:
            steps[end] = steps.get(end, 0) - 1
    found: list[tuple[date, int]] = []
    count = 0
    for day in sorted(steps):
        count += steps[day]
        if not found or found[-1][1] != count:
            found.append((day, count))
    return found


def count_on(changes: list[tuple[date, int]], day: date) -> int:
    """Return the count that `history` gives for `day`."""
    count = 0
    for when, value in changes:
        if when > day:
            break
        count = value
    return count
