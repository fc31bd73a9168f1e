"""Own a lifetime: what a row of the chart holds, as stretches of state and dated events.

A treaty's lifetime (or one state's membership of it) is read from the engine, which is asked
for the status on each day something happened, knowing only the events up to that day: so a
stretch has the status that `treatyline list --as-of` gives on each of its days. Places are
years with fractions (`in_years`), not dates, so that the chart can cut them into columns;
a date known only to the month or the year stands at the middle of its range. Nothing here
reads the clock, and nothing here knows how a row is drawn.
"""

from __future__ import annotations

import enum
import math
from collections.abc import Iterable, Iterator
from datetime import date, timedelta

from treatyline import engine
from treatyline.countries import CEASED
from treatyline.model import (
    Deadline,
    DeadlineKind,
    DeadlineStatus,
    Event,
    EventKind,
    InstrumentKind,
    Status,
    StatusKind,
    Treaty,
)
from treatyline.periods import PartialDate
from treatyline.records import record


class Fill(enum.Enum):
    """The state a stretch of a row is in."""

    IN_FORCE = "in_force"  # for a state: a party, or withdrawing and still bound
    NOT_IN_FORCE = "not_in_force"  # a draft, open for signature, signed or ratified
    SUSPENDED = "suspended"
    SCHEDULED = "scheduled"  # after the as-of date, up to a computed end


class Mark(enum.Enum):
    """An event a row marks on its day."""

    WITHDRAWAL = "withdrawal"  # takes effect; also a signature renounced
    END = "end"  # expired, terminated, superseded, or never entered into force
    NOTICE = "notice"  # of withdrawal, or a suspended notice resumed
    SUSPENSION = "suspension"  # of the treaty's implementation, or of a notice
    EXTENSION = "extension"
    # A ratification withdrawn (Russia, CTBT, 2023): the state is a signatory again, and a
    # treaty not in force has nothing to withdraw from, so this is no withdrawal.
    DERATIFICATION = "deratification"


_FILLS = {
    StatusKind.IN_FORCE: Fill.IN_FORCE,
    StatusKind.PARTY: Fill.IN_FORCE,
    StatusKind.WITHDRAWING: Fill.IN_FORCE,  # bound until the notice has run
    StatusKind.SUSPENDED: Fill.SUSPENDED,
    StatusKind.DRAFT: Fill.NOT_IN_FORCE,
    StatusKind.ADOPTED: Fill.NOT_IN_FORCE,
    StatusKind.OPEN_FOR_SIGNATURE: Fill.NOT_IN_FORCE,
    StatusKind.SIGNED: Fill.NOT_IN_FORCE,
    StatusKind.SIGNATORY: Fill.NOT_IN_FORCE,
    StatusKind.RATIFIED: Fill.NOT_IN_FORCE,
}
_ENDED = {
    StatusKind.EXPIRED,
    StatusKind.TERMINATED,
    StatusKind.WITHDRAWN,
    StatusKind.NEVER_IN_FORCE,
    StatusKind.RENOUNCED,
}
_EVENT_MARKS = {
    EventKind.WITHDRAWAL_NOTICE: Mark.NOTICE,
    EventKind.NOTICE_RESUMED: Mark.NOTICE,
    EventKind.SUSPENDED: Mark.SUSPENSION,
    EventKind.NOTICE_SUSPENDED: Mark.SUSPENSION,
    EventKind.WITHDRAWAL_EFFECTIVE: Mark.WITHDRAWAL,
    EventKind.RENOUNCED: Mark.WITHDRAWAL,
    EventKind.DERATIFIED: Mark.DERATIFICATION,
    EventKind.EXTENDED: Mark.EXTENSION,
}
# What changes a treaty's status on its own day (`engine.status_from`), whoever records it,
# besides its first signature and the deposit that brings it into force.
_TREATY_CHANGES = frozenset(
    {
        EventKind.DRAFT_PRESENTED,
        EventKind.ADOPTED,
        EventKind.OPENED_FOR_SIGNATURE,
        EventKind.EXPIRED,
        EventKind.TERMINATED,
        EventKind.SUPERSEDED,
    }
)
# A party's withdrawal, renunciation or suspension ends or suspends a bilateral treaty.
_BILATERAL_CHANGES = _TREATY_CHANGES | {
    EventKind.WITHDRAWAL_EFFECTIVE,
    EventKind.RENOUNCED,
    EventKind.SUSPENDED,
    EventKind.SUSPENSION_ENDED,
}
# A state's events that change no status of its own: the engine need not be asked then.
_NO_STEP = {
    EventKind.STATEMENT,
    EventKind.MILESTONE,
    EventKind.EXTENDED,
    EventKind.NOTICE_SUSPENDED,
    EventKind.NOTICE_RESUMED,
}
_LEAVING = DeadlineKind.WITHDRAWAL_EFFECTIVE
# Computed days that change no status: a renewal continues the treaty, a milestone names a day.
_SILENT_DEADLINES = (DeadlineKind.RENEWAL, DeadlineKind.MILESTONE)
# A state's own acts: what makes its history its own (`acting_parties`).
_OWN_ACTS = (set(_EVENT_MARKS) - {EventKind.EXTENDED}) | {
    EventKind.SUSPENSION_ENDED,
    EventKind.NOTICE_REVOKED,
    EventKind.WITHDRAWAL_DEFERRED,
}


def middle(when: PartialDate) -> date:
    """Return the day a partial date stands at: the middle of its range."""
    return date.fromordinal((when.earliest.toordinal() + when.latest.toordinal()) // 2)


def _leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def in_years(day: date) -> float:
    """Return the day as its year plus the fraction of the year gone before it: 2019.5 is July."""
    gone = day.toordinal() - date(day.year, 1, 1).toordinal()
    return day.year + gone / (366 if _leap(day.year) else 365)


def _end_of(day: date) -> float:
    """Return where `day` ends, which is where the next day starts."""
    if (day.month, day.day) == (12, 31):
        return day.year + 1.0  # exactly, and without asking for a day after 9999-12-31
    return in_years(day + timedelta(days=1))


@record
class Stretch:
    """A state that held from `start` to `end`, both in years (see `in_years`)."""

    start: float
    end: float
    fill: Fill


@record
class Track:
    """One row of the chart, whatever its width: stretches of state, and events."""

    label: str
    stretches: tuple[Stretch, ...]
    marks: tuple[tuple[float, Mark], ...]
    running: bool  # not ended on the as-of date

    @property
    def first(self) -> float:
        return min([s.start for s in self.stretches] + [at for at, _ in self.marks])

    @property
    def last_year(self) -> int:
        """Return the year of the last day drawn (a stretch ends where the next day starts)."""
        ends = [math.ceil(s.end) - 1 for s in self.stretches]
        return max(ends + [math.floor(at) for at, _ in self.marks])

    def touches(self, start: float, end: float) -> bool:
        """Return whether anything is drawn from `start` up to `end`."""
        return any(s.start < end and s.end > start for s in self.stretches) or any(
            start <= at < end for at, _ in self.marks
        )

    def drawing(self) -> tuple[tuple[Stretch, ...], tuple[tuple[float, Mark], ...]]:
        """Return the row without its label: equal for rows that look the same."""
        return self.stretches, tuple(sorted(set(self.marks), key=lambda m: (m[0], m[1].value)))


def _state(timeline: engine.Timeline, party: str | None) -> Status | None:
    if party is None:
        return engine.status_from(timeline)
    return engine.party_statuses_from(timeline).get(party)


def _changes(timeline: engine.Timeline, party: str | None) -> list[PartialDate]:
    """Return the dates on which the row's status may have changed, up to the as-of date.

    A treaty's row changes with its stages, its entry into force and its end, and in a
    bilateral treaty with a party's withdrawal, renunciation or suspension; a state's row
    with these, its own acts and its successors'. A notice, an extension or a deposit changes a
    status only through a date the engine computes from it, which is a change of its own
    unless the event that averted it was known on that day. So a membership table's hundreds
    of signatures and deposits, a term's renewals and a file's thousands of notices are not
    each asked about.
    """
    bilateral = timeline.treaty.kind is InstrumentKind.BILATERAL
    changing = _BILATERAL_CHANGES if bilateral else _TREATY_CHANGES
    signed = next((e for e in timeline.events if e.kind is EventKind.SIGNED), None)

    def whole(event: Event) -> bool:
        """Return whether the event may change the treaty's own status."""
        if event.kind is EventKind.ENTERED_INTO_FORCE:
            return bilateral or event.party is None
        return event.kind in changing or event is signed or event.instrument is not None

    if party is None:
        dates = {e.date for e in timeline.events if whole(e)}
    else:
        heirs = {new for old, new in timeline.treaty.successors if old == party}
        concerned = {party, *heirs}
        dates = {
            e.date
            for e in timeline.events
            if (e.party in concerned and e.kind not in _NO_STEP) or whole(e)
        }
    dates |= {
        d.date
        for d in timeline.deadlines
        if d.date is not None
        and d.kind not in _SILENT_DEADLINES
        and d.date.is_before(timeline.as_of)
        and not _averted_by_then(d)
        and (d.party in (None, party) or (party is None and bilateral and d.kind is _LEAVING))
    }
    if party in CEASED:
        dates.add(PartialDate.day(CEASED[party]))
    return sorted(dates, key=lambda when: (when.latest, when.earliest))


def _averted_by_then(deadline: Deadline) -> bool:
    """Return whether the event that averted the date was known on it: nothing changed then."""
    averted = deadline.averted_by
    return (
        deadline.status is DeadlineStatus.AVERTED
        and averted is not None
        and deadline.date is not None
        and averted.date.earliest <= deadline.date.earliest
    )


def track(
    timeline: engine.Timeline,
    *,
    party: str | None = None,
    label: str = "",
    subject: Treaty | None = None,
) -> Track | None:
    """Return one treaty's lifetime, or `party`'s membership of it; None when it has none.

    Each stretch has the state the engine gives on the day it began, knowing the events of
    that day and before, so that a row agrees with `list --as-of` on every date. `subject`
    is `engine.narrowed(treaty, party)`, where the caller has it already.
    """
    treaty, as_of = timeline.treaty, timeline.as_of
    # The engine is asked on each day about the events that bear on this row alone, so that
    # the cost does not grow with every other state's acts.
    subject = subject or engine.narrowed(treaty, party)
    stretches: list[Stretch] = []
    marks: list[tuple[float, Mark]] = []
    current: tuple[float, Fill] | None = None  # the stretch being drawn: since when, and what

    def close(at: float) -> None:
        if current is not None and at > current[0]:
            stretches.append(Stretch(current[0], at, current[1]))

    for when in _changes(timeline, party):
        state = _state(engine.timeline(subject, as_of=min(when.latest, as_of)), party)
        fill = _FILLS.get(state.kind) if state is not None else None
        if current is not None and current[1] is fill:
            continue
        at = in_years(middle(when))
        if current is not None and state is not None and state.kind in _ENDED:
            ended = max(in_years(middle(state.since)) if state.since else at, current[0])
            close(ended)
            marks.append((ended, Mark.END))
            current = None
            continue
        close(at)
        current = None if fill is None else (max([at, *(s.end for s in stretches[-1:])]), fill)
    running = current is not None
    close(_end_of(as_of))
    # A treaty-wide event (an extension) marks a state's row only where the state is drawn:
    # New START's extension is no record of Iran's.
    marks += _event_marks(timeline, party, treaty_wide=bool(stretches))
    scheduled = _scheduled_end(timeline, party) if running else None
    if scheduled is not None:
        ends, mark = scheduled
        stretches.append(Stretch(_end_of(as_of), in_years(ends), Fill.SCHEDULED))
        marks.append((in_years(ends), mark))
    if not stretches and not marks:
        return None
    return Track(label or treaty.id, tuple(stretches), tuple(marks), running)


def _event_marks(
    timeline: engine.Timeline, party: str | None, *, treaty_wide: bool
) -> Iterator[tuple[float, Mark]]:
    """Yield the notices, suspensions, withdrawals and extensions; with `party`, its own, and
    the treaty's own (no party's) where `treaty_wide`."""
    multilateral = timeline.treaty.kind is not InstrumentKind.BILATERAL
    for event in timeline.events:
        mark = _EVENT_MARKS.get(event.kind)
        ours = party is None or event.party == party or (event.party is None and treaty_wide)
        if mark is not None and ours:
            yield in_years(middle(event.date)), mark
    for deadline in timeline.deadlines:
        if deadline.kind is not DeadlineKind.WITHDRAWAL_EFFECTIVE or deadline.date is None:
            continue
        ours = party is None or deadline.party == party
        if deadline.status is DeadlineStatus.PASSED and ours:
            yield in_years(middle(deadline.date)), Mark.WITHDRAWAL
        elif deadline.status is DeadlineStatus.UPCOMING and party is None and multilateral:
            # A state about to leave a treaty that goes on: an event on its row, not its end.
            yield in_years(middle(deadline.date)), Mark.WITHDRAWAL


def _scheduled_end(timeline: engine.Timeline, party: str | None) -> tuple[date, Mark] | None:
    """Return the first computed day after the as-of date that ends the row, and its mark."""
    bilateral = timeline.treaty.kind is InstrumentKind.BILATERAL
    for deadline in sorted(timeline.deadlines, key=engine.deadline_order):
        if deadline.status is not DeadlineStatus.UPCOMING or deadline.date is None:
            continue
        if deadline.kind is DeadlineKind.EXPIRY:
            return middle(deadline.date), Mark.END
        leaving = deadline.kind is DeadlineKind.WITHDRAWAL_EFFECTIVE
        if leaving and (bilateral or (party is not None and deadline.party == party)):
            return middle(deadline.date), Mark.WITHDRAWAL
    return None


def window(tracks: Iterable[Track], *, as_of: date) -> tuple[int, int]:
    """Return the years a chart of `tracks` spans by default: from the first day to the last."""
    chosen = list(tracks)
    if not chosen:
        return as_of.year, as_of.year
    return math.floor(min(t.first for t in chosen)), max(t.last_year for t in chosen)


def acting_parties(timeline: engine.Timeline) -> list[str]:
    """Return the states that acted on their own (a notice, a suspension...), in order."""
    own = (e.party for e in timeline.events if e.kind in _OWN_ACTS and e.party)
    return list(dict.fromkeys(own))
