"""Own the rules: compute deadlines and statuses from a treaty's records and an as-of date.

Pure functions: nothing here reads the clock or a file. Only events dated on or before `as_of`
count, so that a past as-of date shows the treaty as it stood on that day. Each rule is one
function in `RULES`, returning the deadlines it computes and the problems it meets.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterable, Iterator
from datetime import date, timedelta

from treatyline import periods
from treatyline.countries import CEASED, CONTINUED_BY, HISTORICAL
from treatyline.errors import Problem, Severity
from treatyline.model import (
    DEPOSITS,
    CountedFrom,
    Deadline,
    DeadlineKind,
    DeadlineStatus,
    DepositedAfter,
    Event,
    EventKind,
    InstrumentKind,
    Status,
    StatusKind,
    Treaty,
    Withdrawal,
    words,
)
from treatyline.periods import PartialDate, Period, Unit
from treatyline.records import record, replace

Finding = Deadline | Problem


@record
class Timeline:
    """What the engine made of one treaty on one as-of date."""

    treaty: Treaty
    as_of: date
    events: tuple[Event, ...]  # the events known on the as-of date
    deadlines: tuple[Deadline, ...]
    problems: tuple[Problem, ...]
    # Renewals inside the window that `RENEWALS_LISTED` left out; the nearest stay listed.
    renewals_left_out: int = 0
    # Recorded events that no rule could apply (a problem says why): statuses pass them by.
    ignored: tuple[Event, ...] = ()

    def of_kind(self, kind: DeadlineKind) -> list[Deadline]:
        return [deadline for deadline in self.deadlines if deadline.kind is kind]


def known_events(treaty: Treaty, *, as_of: date) -> tuple[Event, ...]:
    """Return the events that had happened by `as_of`, in date order."""
    return tuple([event for event in treaty.events if event.date.earliest <= as_of])


def status_of_date(when: PartialDate | None, *, as_of: date) -> DeadlineStatus:
    """Return whether a computed date has passed, is upcoming, or cannot yet be told."""
    if when is None:
        return DeadlineStatus.PENDING
    if when.is_before(as_of):
        return DeadlineStatus.PASSED
    if when.is_after(as_of):
        return DeadlineStatus.UPCOMING
    return DeadlineStatus.PENDING


def _problem(event: Event, message: str, hint: str, *, error: bool = False) -> Problem:
    severity = Severity.ERROR if error else Severity.WARNING
    return Problem(event.where, message, hint, severity)


def _add(event: Event, when: PartialDate, period: Period) -> PartialDate | Problem:
    try:
        return periods.add(when, period)
    except periods.OutOfCalendar as error:
        return _problem(event, str(error), "check the year of this date", error=True)


class _Context:
    """The treaty, its known events and what earlier rules computed, shared by the rules."""

    def __init__(
        self,
        treaty: Treaty,
        events: tuple[Event, ...],
        as_of: date,
        horizon: date,
        since: date = date.min,
    ) -> None:
        self.treaty = treaty
        self.events = events
        self.as_of = as_of
        self.horizon = horizon  # how far ahead recurring dates (renewals) are listed
        # How far back a listing looks: the states' own entries into force, a few hundred a
        # treaty, are made only from there on (the other rules' dates are few).
        self.since = since
        self.computed: list[Deadline] = []
        self.renewals_left_out = 0
        self.ignored: list[Event] = []

    def first(self, kind: EventKind, *, party: str | None = None) -> Event | None:
        return next((e for e in self.events if e.kind is kind and e.party == party), None)

    def deadline(self, kind: DeadlineKind, when: PartialDate | None, **fields: object) -> Deadline:
        status = fields.pop("status", None) or status_of_date(when, as_of=self.as_of)
        return Deadline(
            treaty=self.treaty.id,
            kind=kind,
            date=when,
            status=status,  # type: ignore[arg-type]
            **fields,  # type: ignore[arg-type]
        )


def _entry_into_force(context: _Context) -> Iterator[Finding]:
    """Entry into force on, or a fixed delay after, the deposit of the Kth instrument."""
    rule = context.treaty.rules.entry_into_force
    if rule is None:
        return
    deposit = _last_instrument(context)
    if deposit is None:
        return
    how = f"{_ordinal(rule.instruments)} instrument deposited on {deposit.date}"
    start = deposit.date
    if rule.counted_from is CountedFrom.MONTH_OF_DEPOSIT and start.exact is not None:
        start = PartialDate.day(start.exact.replace(day=1))
        how += f"; first day of that month, {start},"
    when: PartialDate | Problem = start
    if rule.after is not None:
        when = _add(deposit, start, rule.after)
        how += f" + {rule.after}"
    if isinstance(when, Problem):
        yield when
        return
    yield context.deadline(
        DeadlineKind.ENTRY_INTO_FORCE,
        when,
        basis=deposit,
        rule=how,
        article=rule.clause.article,
        recorded=context.first(EventKind.ENTERED_INTO_FORCE),
    )


def _last_instrument(context: _Context) -> Event | None:
    """Return the deposit that brought the treaty into force, by its recorded count."""
    rule = context.treaty.rules.entry_into_force
    if rule is None:
        return None
    # Enum members are looked up once, outside the loops: on Python 3.11 each lookup of
    # EventKind.X goes through the enum metaclass and costs as much as the comparison ten times.
    deposits, wanted = DEPOSITS, rule.instruments
    return next((e for e in context.events if e.instrument == wanted and e.kind in deposits), None)


# The deposits after which a state's own entry into force is computed (a succession binds the
# successor from the day it names), and how long after one it can come at most: no treaty's
# delay runs a year, so a listing from a day need not look at deposits longer before it.
STATE_DEPOSITS = (EventKind.RATIFIED, EventKind.ACCEPTED, EventKind.APPROVED, EventKind.ACCEDED)
DEPOSIT_DELAY_BOUND = timedelta(days=366)
_A_YEAR_IN = date.min + DEPOSIT_DELAY_BOUND


def _entry_into_force_for_states(context: _Context) -> Iterator[Finding]:
    """A state that deposits later is bound on its deposit, or a delay after it.

    CWC Art. XXI(2): the 30th day after the deposit; Ottawa Art. 17(2): the first day of the
    sixth month after it; NPT Art. IX(4): on the deposit. Which later deposits the rule covers
    (after entry into force, or after the instrument that brought it) is the rule's own; a
    state that deposited before is a party from the treaty's entry into force.
    """
    rule = context.treaty.rules.entry_into_force_for_state
    if rule is None:
        return
    _, in_force = _in_force_since(context)
    if in_force is None:
        return
    threshold = in_force.latest
    if rule.deposited_after is DepositedAfter.LAST_INSTRUMENT:
        last = _last_instrument(context)
        if last is not None:
            threshold = last.date.latest
    recorded: dict[str, list[Event]] = {}
    entered = EventKind.ENTERED_INTO_FORCE
    for event in context.events:
        if event.kind is entered and event.party is not None:
            recorded.setdefault(event.party, []).append(event)
    article, after = rule.clause.article, rule.after
    month_start = rule.counted_from is CountedFrom.MONTH_OF_DEPOSIT
    # A deposit more than a year before `since` binds its state before it.
    earliest = threshold
    if context.since > _A_YEAR_IN:
        earliest = max(threshold, context.since - DEPOSIT_DELAY_BOUND)
    for deposit in context.events:
        if deposit.kind not in STATE_DEPOSITS or deposit.party is None:
            continue
        if deposit.date.earliest <= earliest:
            continue
        start, how = deposit.date, f"deposit by {deposit.party} on {deposit.date}"
        if month_start:
            start = PartialDate(
                deposit.date.earliest.replace(day=1), deposit.date.latest.replace(day=1)
            )
            how += f"; first day of that month, {start},"
        when: PartialDate | Problem = start
        if after is not None:
            when = _add(deposit, start, after)
            how += f" + {after}"
        if isinstance(when, Problem):
            yield when
            continue
        matching = [e for e in recorded.get(deposit.party, ()) if e.date.latest >= start.earliest]
        yield context.deadline(
            DeadlineKind.ENTRY_INTO_FORCE,
            when,
            basis=deposit,
            rule=how,
            article=article,
            party=deposit.party,
            recorded=matching[0] if matching else None,
        )


NOTICE_ACTS = (
    EventKind.NOTICE_SUSPENDED,
    EventKind.NOTICE_RESUMED,
    EventKind.NOTICE_REVOKED,
    EventKind.WITHDRAWAL_DEFERRED,
)
# What makes a state a member: the first shows when it joined; any after a withdrawal took
# effect, that it joined again.
JOINING_ACTS = (
    EventKind.SIGNED,
    EventKind.RATIFIED,
    EventKind.ACCEPTED,
    EventKind.APPROVED,
    EventKind.ACCEDED,
    EventKind.SUCCEEDED,
    EventKind.ENTERED_INTO_FORCE,
)
# The stages before entry into force, as `_refused_notice` names them.
_STAGES = {
    EventKind.DRAFT_PRESENTED: "presented as a draft",
    EventKind.ADOPTED: "adopted",
    EventKind.OPENED_FOR_SIGNATURE: "opened for signature",
    EventKind.SIGNED: "signed",
}
_NOTICE_HINT = (
    "a state withdraws only from a treaty in force: check the dates, or record its"
    " entered_into_force; a signatory that steps back renounces (kind: renounced)"
)


def _withdrawals(context: _Context) -> Iterator[Finding]:
    """A withdrawal takes effect when the notice period has run, less any time suspended.

    Each party's events are read once, in order: a notice runs until it takes effect, is
    revoked or is deferred, and that party's suspensions, resumptions and revocations apply
    to it. What no rule justifies is reported and computes nothing: a notice before the
    treaty is in force or before its state joined it, a second notice while one runs or
    after the state has left, an act on a notice that is not running.
    """
    rule = context.treaty.rules.withdrawal
    notice_kind = EventKind.WITHDRAWAL_NOTICE
    if rule is None:
        for event in context.events:
            if event.kind is notice_kind:
                yield _problem(
                    event,
                    "a withdrawal notice, but the treaty has no withdrawal rule",
                    "add rules: withdrawal: notice: PERIOD, with its article",
                )
        return
    _, in_force = _in_force_since(context)
    stage = next((e for e in context.events if e.kind in _STAGES), None)
    joined: dict[str | None, Event] = {}
    for event in context.events:
        if event.kind in JOINING_ACTS and event.party is not None:
            joined.setdefault(event.party, event)
    bilateral = context.treaty.kind is InstrumentKind.BILATERAL
    current: dict[str | None, _Notice] = {}  # each party's latest notice that counted
    done: list[_Notice] = []
    counted = 0
    effective = EventKind.WITHDRAWAL_EFFECTIVE
    for event in context.events:
        kind, party = event.kind, event.party
        running = current.get(party)
        if kind is notice_kind:
            refusal = _refused_notice(context, event, in_force, stage, joined.get(party), running)
            if refusal is not None:
                context.ignored.append(event)
                yield _problem(event, *refusal)
                continue
            if bilateral and _ended_before(current.values(), event.date):
                continue  # after the treaty ended: `check` says so of every such event
            due = _add(event, event.date, rule.notice)
            if isinstance(due, Problem):
                context.ignored.append(event)
                yield due
                continue
            counted += 1
            notice = _Notice(event, due, rule, counted)
            if running is not None:
                if running.is_suspended():
                    running.supersede(notice)
                done.append(running)
            current[party] = notice
        elif kind in NOTICE_ACTS:
            if running is None:
                context.ignored.append(event)
                yield _problem(
                    event,
                    f"{_act(event)}, but no withdrawal notice {_whose(party)} came before it",
                    "add the withdrawal_notice event with its source, or check the party and"
                    " the date",
                )
                continue
            if running.broken or running.doubtful:  # a problem said why already
                context.ignored.append(event)
                continue
            problem = running.apply(event)
            if problem is not None:
                context.ignored.append(event)
                yield problem
        elif running is not None:
            if kind is effective and running.recorded is None:
                running.recorded = event
            elif kind in JOINING_ACTS and running.took_effect_before(event.date):
                running.rejoined = True
    for notice in sorted([*done, *current.values()], key=lambda n: n.order):
        yield from notice.deadlines(context)


def _whose(party: str | None) -> str:
    return f"of {party}" if party else "of the treaty"


def _act(event: Event) -> str:
    """Name an act on a notice: 'a notice_revoked event of RU on 2020-01-01'."""
    return f"a {event.kind.value} event {_whose(event.party)} on {event.date}"


def _refused_notice(
    context: _Context,
    notice: Event,
    in_force: PartialDate | None,
    stage: Event | None,
    joined: Event | None,
    running: _Notice | None,
) -> tuple[str, str] | None:
    """Return why a notice can have no effect, and a hint; None when it can.

    A file that records no step of the treaty before the notice is taken to be incomplete,
    not wrong: it is not judged.
    """
    treaty, party, day = context.treaty.id, notice.party, notice.date
    given = f"a withdrawal notice {'by ' + party if party else 'of the treaty'} on {day}"
    if in_force is None and stage is not None:
        if day.latest < stage.date.earliest:
            was = f"was {_STAGES[stage.kind]} on {stage.date}"
            return f"{given}, before {treaty} {was}", _NOTICE_HINT
        return f"{given}, but {treaty} had not entered into force", _NOTICE_HINT
    if in_force is not None and day.latest < in_force.earliest:
        return f"{given}, before {treaty} entered into force on {in_force}", _NOTICE_HINT
    if joined is not None and day.latest < joined.date.earliest:
        return (
            f"{given}, before {party} joined {treaty} ({words(joined.kind.value)} on"
            f" {joined.date})",
            "only a party can withdraw: check the dates against their sources",
        )
    if running is None or running.closed_by is EventKind.NOTICE_REVOKED or running.broken:
        return None
    if running.is_suspended():
        return None  # a new notice replaces a suspended one (_Notice.supersede)
    if running.took_effect_before(day):
        if running.rejoined:
            return None
        return (
            f"{given}, but its withdrawal took effect on {running.due} (notice of"
            f" {running.notice.date})",
            "if it joined again, record its ratification or accession first; otherwise"
            " remove one notice",
        )
    if running.closed_by is EventKind.WITHDRAWAL_DEFERRED or running.doubtful:
        state = "is deferred" if running.closed_by else "may have taken effect"
    else:
        state = f"runs to {running.due}"
    return (
        f"a second {given.removeprefix('a ')}, while its notice of {running.notice.date} {state}",
        "record notice_revoked if the first notice was withdrawn; otherwise remove the copy",
    )


def _ended_before(notices: Iterable[_Notice], day: PartialDate) -> bool:
    """Return whether a withdrawal among `notices` took effect before `day`."""
    return any(notice.took_effect_before(day) for notice in notices)


class _Notice:
    """One withdrawal notice, and what its state did to it later, up to its next notice."""

    def __init__(self, notice: Event, due: PartialDate, rule: Withdrawal, order: int) -> None:
        self.order = order  # the deadlines come out in the order of the notices
        self.notice = notice
        self.rule = rule
        self.due = due
        self.how = f"withdrawal notice of {notice.date} + {rule.notice}"
        self.left: tuple[int, int] | None = None  # days left, at least and at most, if stopped
        self.stopped_on: PartialDate | None = None
        # The dates that an event stopped, deferred or put in doubt: no record to match.
        self.held: list[tuple[DeadlineStatus, PartialDate, str, Event | None]] = []
        self.closed_by: EventKind | None = None  # revoked or deferred
        self.closing: Event | None = None
        self.doubtful = False  # suspended on a day that may be after it took effect
        self.broken = False  # resumed past the calendar: nothing more can be computed
        self.recorded: Event | None = None
        self.rejoined = False  # the state joined again after its withdrawal took effect
        self.successor: _Notice | None = None  # the new notice that replaced it, suspended
        self.resumed_instead: PartialDate | None = None  # its effect, had that resumed it

    def is_suspended(self) -> bool:
        """Return whether the notice's clock is stopped, and nothing else has closed it."""
        return self.left is not None and self.closed_by is None and not self.broken

    def supersede(self, successor: _Notice) -> None:
        """Let `successor`, a notice given while this one is suspended, replace it.

        The new notice runs its full period, as most states read such a notice (the NPT and
        North Korea, 2003). What this one would have given had the new notice resumed it
        instead (its days left, from that day: North Korea's own reading) is kept as an
        averted date, to compare with a contested claim.
        """
        assert self.left is not None
        day, least, most = successor.notice.date, *self.left
        first = _add(successor.notice, day, Period(least, Unit.DAYS))
        last = first if most == least else _add(successor.notice, day, Period(most, Unit.DAYS))
        if not isinstance(first, Problem) and not isinstance(last, Problem):
            self.resumed_instead = (
                first if most == least else PartialDate(first.earliest, last.latest)
            )
            self.how = (
                f"notice of {self.notice.date} resumed on {day} with {self._left()} left, if the"
                " notice of that day only resumed it"
            )
        self.closed_by, self.closing, self.successor = (
            EventKind.WITHDRAWAL_NOTICE,
            successor.notice,
            successor,
        )

    def took_effect_before(self, day: PartialDate) -> bool:
        """Return whether the withdrawal took effect, whole days before `day`."""
        if self.closed_by is not None or self.left is not None or self.broken or self.doubtful:
            return False
        return self.due.latest < day.earliest

    def apply(self, event: Event) -> Problem | None:
        """Apply a suspension, resumption, revocation or deferral; return why it cannot be."""
        if self.closed_by is not None:
            assert self.closing is not None
            closed = {
                EventKind.NOTICE_REVOKED: "revoked",
                EventKind.WITHDRAWAL_DEFERRED: "deferred",
                EventKind.WITHDRAWAL_NOTICE: "replaced by a new notice",
            }[self.closed_by]
            return _problem(
                event,
                f"{_act(event)}, but its notice of {self.notice.date} was {closed} on"
                f" {self.closing.date}",
                "check the dates; a new notice needs a withdrawal_notice event",
            )
        kind = event.kind
        if kind is EventKind.NOTICE_SUSPENDED:
            return self._suspend(event)
        if kind is EventKind.NOTICE_RESUMED:
            return self._resume(event)
        if kind is EventKind.WITHDRAWAL_DEFERRED and self.left is not None:
            return _problem(
                event,
                f"{_act(event)}, but its notice of {self.notice.date} is suspended, since"
                f" {self.stopped_on}",
                "record the notice_resumed before it, or check the date",
            )
        if kind is EventKind.WITHDRAWAL_DEFERRED:
            self.held.append((DeadlineStatus.DEFERRED, self.due, self.how, event))
            self.closed_by, self.closing = kind, event
            return None
        if self.left is None and event.date.earliest > self.due.latest:
            return _problem(
                event,
                f"{_act(event)}, after its withdrawal took effect on {self.due}",
                "a withdrawal that took effect stands: check the dates against their sources",
            )
        self.closed_by, self.closing = kind, event
        return None

    def _suspend(self, event: Event) -> Problem | None:
        if self.left is not None:
            return _problem(
                event,
                f"{_act(event)}, but its notice of {self.notice.date} is suspended already,"
                f" since {self.stopped_on}",
                "record the notice_resumed between them, or remove one",
            )
        day, due = event.date, self.due
        if day.earliest >= due.latest:
            return _problem(
                event,
                f"the notice was suspended on {day}, after it took effect on {due}",
                "check both dates against their sources",
            )
        if day.latest >= due.earliest:
            self.doubtful = True
            self.held.append(
                (
                    DeadlineStatus.PENDING,
                    due,
                    f"{self.how}; suspended on {day}, perhaps before it took effect",
                    None,
                )
            )
            return _problem(
                event,
                f"the notice was suspended on {day}, which may be after it took effect on {due}",
                "give the day of the notice or of the suspension, where a source has it",
            )
        # Counted from the last possible day of the suspension to the first of the effect, and
        # from the first to the last: a date known to the month leaves a range of days.
        least = periods.days_between(day.latest, due.earliest)
        most = periods.days_between(day.earliest, due.latest)
        self.left, self.stopped_on = (least, most), day
        # The effect recorded belongs to the restarted clock, not to this date.
        self.held.append((DeadlineStatus.AVERTED, due, self.how, event))
        self.how = f"clock stopped on {day} with {self._left()} of {self.rule.notice} left"
        return None

    def _resume(self, event: Event) -> Problem | None:
        if self.left is None:
            return _problem(
                event,
                f"{_act(event)}, but its notice of {self.notice.date} is not suspended",
                "add the notice_suspended event before it, or check the date",
            )
        least, most = self.left
        first = _add(event, event.date, Period(least, Unit.DAYS))
        last = first if most == least else _add(event, event.date, Period(most, Unit.DAYS))
        if isinstance(first, Problem) or isinstance(last, Problem):
            self.broken = True
            return first if isinstance(first, Problem) else last  # type: ignore[return-value]
        self.how = f"notice resumed on {event.date} with {self._left()} left"
        self.due = first if most == least else PartialDate(first.earliest, last.latest)
        self.left = None
        return None

    def _left(self) -> str:
        assert self.left is not None
        least, most = self.left
        if least == most:
            return str(Period(least, Unit.DAYS))
        return f"{least} to {most} days"

    def deadlines(self, context: _Context) -> Iterator[Deadline]:
        """Yield the dates the notice gave, held back or not, and the one that stands."""
        common = {
            "basis": self.notice,
            "article": self.rule.clause.article,
            "party": self.notice.party,
        }
        withdrawal = DeadlineKind.WITHDRAWAL_EFFECTIVE
        for status, when, how, event in self.held:
            yield context.deadline(
                withdrawal, when, status=status, rule=how, averted_by=event, **common
            )
        if self.broken or self.doubtful or self.closed_by is EventKind.WITHDRAWAL_DEFERRED:
            return
        if self.closed_by is EventKind.WITHDRAWAL_NOTICE:
            assert self.successor is not None
            if self.resumed_instead is not None:
                yield context.deadline(
                    withdrawal,
                    self.resumed_instead,
                    status=DeadlineStatus.AVERTED,
                    rule=self.how,
                    averted_by=self.closing,
                    recorded=self.successor.recorded,
                    **common,
                )
            return
        common["recorded"] = self.recorded
        if self.closed_by is EventKind.NOTICE_REVOKED:
            yield context.deadline(
                withdrawal,
                None if self.left else self.due,
                status=DeadlineStatus.AVERTED,
                rule=self.how,
                averted_by=self.closing,
                **common,
            )
        elif self.left is not None:
            least, most = self.left
            remaining = Period(least, Unit.DAYS) if least == most else None
            yield context.deadline(withdrawal, None, rule=self.how, remaining=remaining, **common)
        else:
            yield context.deadline(withdrawal, self.due, rule=self.how, **common)


def _ending_event(context: _Context, before: PartialDate) -> Event | None:
    """Return the first recorded event that ended the treaty before `before`."""
    enders: tuple[EventKind, ...] = (EventKind.TERMINATED, EventKind.SUPERSEDED)
    if context.treaty.kind is InstrumentKind.BILATERAL:
        enders += (EventKind.WITHDRAWAL_EFFECTIVE,)
    recorded = (e for e in context.events if e.kind in enders and e.date.latest < before.earliest)
    computed = (
        d.basis
        for d in context.computed
        if context.treaty.kind is InstrumentKind.BILATERAL
        and d.kind is DeadlineKind.WITHDRAWAL_EFFECTIVE
        and d.status is not DeadlineStatus.AVERTED
        and d.date is not None
        and d.date.latest < before.earliest
    )
    return next(recorded, None) or next(computed, None)


def _expiry(context: _Context) -> Iterator[Finding]:
    """A term runs from entry into force; extensions move its end; a fixed end date is final."""
    treaty = context.treaty
    duration = treaty.rules.duration
    extended = EventKind.EXTENDED
    extensions = [e for e in context.events if e.kind is extended]
    if treaty.rules.renewal is not None:
        yield from _renewals(context)
    if duration is None or duration.unlimited or treaty.rules.renewal is not None:
        for extension in extensions:
            yield _problem(
                extension,
                "an extension, but the treaty has no term to extend",
                "add rules: duration: term: PERIOD (or until: DATE), with its article",
            )
        return
    article = duration.clause.article
    basis: Event | None
    due: PartialDate | Problem
    if duration.until is not None:
        basis = context.first(EventKind.ENTERED_INTO_FORCE) or context.first(EventKind.SIGNED)
        due, how = duration.until, f"fixed end date in {duration.clause.cite()}"
    else:
        assert duration.term is not None
        basis, start = _in_force_since(context)
        if basis is None or start is None:
            return
        due = _add(basis, start, duration.term)
        how = f"in force {start} + {duration.term}"
    if basis is None:
        return
    if isinstance(due, Problem):
        yield due
        return
    recorded = context.first(EventKind.EXPIRED)
    count = 0
    for extension in extensions:
        refusal = _refused_extension(context, extension, due)
        if refusal is not None:
            context.ignored.append(extension)
            yield refusal
            continue
        count += 1
        yield from _extension_problems(context, extension, due, count)
        if extension.until is not None:
            new_due: PartialDate | Problem = extension.until
        elif extension.period is not None:
            new_due = _add(extension, due, extension.period)
        else:  # the loader has reported an extension with neither
            continue
        if isinstance(new_due, Problem):
            yield new_due
            return
        yield context.deadline(
            DeadlineKind.EXPIRY,
            due,
            status=DeadlineStatus.AVERTED,
            basis=basis,
            rule=how,
            article=article,
            averted_by=extension,
        )
        by = f"by {extension.period}" if extension.period else f"until {extension.until}"
        due, how = new_due, f"extended on {extension.date} {by}"
        article = treaty.rules.extension.clause.article if treaty.rules.extension else article
    ended = _ending_event(context, due)
    yield context.deadline(
        DeadlineKind.EXPIRY,
        due,
        basis=basis,
        rule=how,
        article=article,
        recorded=recorded,
        **({"status": DeadlineStatus.AVERTED, "averted_by": ended} if ended else {}),
    )


# A series lists at most this many renewals: a term renewed every day would otherwise list
# thousands of days (docs/decisions.md, "Renewals listed").
RENEWALS_LISTED = 100


def _renewals(context: _Context) -> Iterator[Finding]:
    """A renewing term ends and starts again, period after period, until an event ends it.

    Renewals are listed from `since` up to the first one after the as-of date or the horizon,
    whichever is later: a treaty that renews itself has no last date. Only the listed ones
    are computed, each from its number in the series, and at most `RENEWALS_LISTED`: the
    first of the window, or, where more have passed by the as-of date, the last of those and
    the next. The first and the last listed say how many more the window holds.
    """
    renewal = context.treaty.rules.renewal
    duration = context.treaty.rules.duration
    assert renewal is not None
    basis, start = _in_force_since(context)
    if basis is None or start is None:
        return
    term = duration.term if duration is not None and duration.term is not None else renewal.period
    first = _add(basis, start, term)
    if isinstance(first, Problem):
        yield first
        return

    def at(number: int) -> PartialDate | None:
        """Return the end of the term renewed `number` times, None past the calendar."""
        try:
            return periods.add_times(first, renewal.period, number)
        except periods.OutOfCalendar:  # a far horizon: the series simply has no more dates
            return None

    last = max(context.as_of, context.horizon)
    since, as_of = context.since, context.as_of
    ends = _ending_day(context)
    opening = _first_number(at, lambda due: due.latest >= since)
    after = _first_number(at, lambda due: due.earliest > last)
    ended = _first_number(at, lambda due: ends is not None and due.earliest > ends)
    closing = min(after, ended)
    if at(closing) is None:
        closing -= 1
    if closing < opening:
        return
    # The listed block: up to the first after the as-of date, unless the window starts later.
    upcoming = _first_number(at, lambda due: due.earliest > as_of)
    high = min(closing, max(upcoming, opening + RENEWALS_LISTED - 1))
    low = max(opening, high - RENEWALS_LISTED + 1)
    context.renewals_left_out += (low - opening) + (closing - high)
    for number in range(low, high + 1):
        due = at(number)
        assert due is not None
        how = f"in force {start} + {term}"
        if number:
            how = f"term renewed on {at(number - 1)} + {renewal.period}"
        if number == low and low > opening:
            how = f"{how}; {low - opening:,} earlier renewals not listed"
        if number == high and high < closing:
            how = f"{how}; {closing - high:,} later renewals, to {at(closing)}, not listed"
        common = {"basis": basis, "rule": how, "article": renewal.clause.article}
        if number == ended:
            averted_by = _ending_event(context, due)
            yield context.deadline(
                DeadlineKind.RENEWAL,
                due,
                status=DeadlineStatus.AVERTED,
                averted_by=averted_by,
                **common,
            )
            return
        yield context.deadline(DeadlineKind.RENEWAL, due, **common)


def _first_number(
    at: Callable[[int], PartialDate | None], holds: Callable[[PartialDate], bool]
) -> int:
    """Return the first number in a series of rising dates whose date `holds`, by halving; a
    number past the calendar counts as holding."""
    below, above = -1, 1
    while (due := at(above)) is not None and not holds(due):
        below, above = above, above * 2
    while above - below > 1:
        middle = (below + above) // 2
        due = at(middle)
        if due is None or holds(due):
            above = middle
        else:
            below = middle
    return above


def _ending_day(context: _Context) -> date | None:
    """Return the last day of the earliest end `_ending_event` would find, if there is one."""
    enders: tuple[EventKind, ...] = (EventKind.TERMINATED, EventKind.SUPERSEDED)
    bilateral = context.treaty.kind is InstrumentKind.BILATERAL
    if bilateral:
        enders += (EventKind.WITHDRAWAL_EFFECTIVE,)
    days = [e.date.latest for e in context.events if e.kind in enders]
    if bilateral:
        days += [
            d.date.latest
            for d in context.computed
            if d.kind is DeadlineKind.WITHDRAWAL_EFFECTIVE
            and d.status is not DeadlineStatus.AVERTED
            and d.date is not None
        ]
    return min(days, default=None)


def _milestones(context: _Context) -> Iterator[Finding]:
    """Each named day falls a period after an earlier named day or the first event of a kind."""
    if not context.treaty.rules.milestones:
        return
    milestone = EventKind.MILESTONE
    recorded = {e.name: e for e in reversed(context.events) if e.kind is milestone and e.name}
    # A recorded day counts before a computed one: later days run from what really happened.
    # The words of a start are written only for the starts that a rule uses (None until then).
    starts: dict[str, tuple[Event, PartialDate, str | None]] = {
        name: (event, event.date, f"{name} of {event.date}") for name, event in recorded.items()
    }
    firsts: dict[int, Event] = {}  # by the identity of the kind: an enum hashes in Python
    for event in context.events:
        firsts.setdefault(id(event.kind), event)
    for kind in _KINDS:
        first = firsts.get(id(kind))
        if first is not None:
            starts[kind.value] = (first, first.date, None)
    known = {e.name for e in context.treaty.events if e.kind is milestone} | _KIND_VALUES
    for rule in context.treaty.rules.milestones:
        if rule.start not in known:
            yield Problem(
                rule.clause.where,
                f"milestone '{rule.name}' counts from '{rule.start}', which is neither a"
                " milestone nor an event kind",
                "check the spelling; name an earlier milestone rule, a recorded milestone"
                " event, or an event kind such as entered_into_force",
                Severity.WARNING,
            )
            continue
        known.add(rule.name)
        if rule.start not in starts:
            continue
        basis, start, origin = starts[rule.start]
        if origin is None:  # the first event of a kind
            origin = f"{words(rule.start)} on {start}"
        when = _add(basis, start, rule.after)
        if isinstance(when, Problem):
            yield when
            continue
        if rule.name not in recorded:
            starts[rule.name] = (basis, when, f"{rule.name} (computed, {when})")
        yield context.deadline(
            DeadlineKind.MILESTONE,
            when,
            basis=basis,
            rule=f"{origin} + {rule.after}",
            article=rule.clause.article,
            recorded=recorded.get(rule.name),
            label=rule.name,
        )


_KINDS = tuple(EventKind)
_KIND_VALUES = frozenset(kind.value for kind in EventKind)


def _in_force_since(context: _Context) -> tuple[Event | None, PartialDate | None]:
    """Return the event that put the treaty in force and its date, recorded before computed."""
    recorded = context.first(EventKind.ENTERED_INTO_FORCE)
    if recorded is not None:
        return recorded, recorded.date
    for deadline in context.computed:
        if deadline.kind is DeadlineKind.ENTRY_INTO_FORCE and deadline.date is not None:
            return deadline.basis, deadline.date
    return None, None


def _refused_extension(context: _Context, extension: Event, due: PartialDate) -> Problem | None:
    """Return why an extension cannot move the end `due`: it came after, or would shorten."""
    if extension.date.earliest > due.latest:
        return _problem(
            extension,
            f"an extension on {extension.date}, after {context.treaty.id} expired on {due}",
            "a term that has run out cannot be extended: check the dates against their"
            " sources; a new agreement is a treaty of its own",
        )
    until = extension.until
    if until is not None and until.latest < due.earliest:
        return _problem(
            extension,
            f"an extension until {until}, before the end it would extend ({due})",
            "an extension moves the end later: check the date; an early end is kind: terminated",
        )
    return None


def _extension_problems(
    context: _Context, extension: Event, due: PartialDate, count: int
) -> Iterator[Problem]:
    rule = context.treaty.rules.extension
    if rule is None:
        yield _problem(
            extension,
            "an extension, but the treaty has no extension rule",
            "add rules: extension: with its limit, times and article",
        )
        return
    if rule.times is not None and count > rule.times:
        yield _problem(
            extension,
            f"extension number {count}, but {rule.clause.cite()} allows {rule.times}",
            "check the event against its source",
            error=True,
        )
    if rule.limit is None:
        return
    try:
        cap = periods.add(due, rule.limit)
        asked = extension.until or (periods.add(due, extension.period) if extension.period else due)
    except periods.OutOfCalendar:
        # A cap past the calendar holds no end back, and an end past it is the expiry rule's
        # to report.
        return
    if asked.latest > cap.latest:
        yield _problem(
            extension,
            f"the extension runs to {asked}, beyond the cap of {rule.limit} ({cap})"
            f" in {rule.clause.cite()}",
            "check the extension's period against its source",
            error=True,
        )


def _ordinal(number: int) -> str:
    suffix = (
        "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    )
    return f"{number}{suffix}"


Rule = Callable[[_Context], Iterable[Finding]]

# Entry into force comes first: the term of the expiry rule runs from it.
RULES: tuple[Rule, ...] = (
    _entry_into_force,
    _entry_into_force_for_states,
    _withdrawals,
    _expiry,
    _milestones,
)


def timeline(
    treaty: Treaty, *, as_of: date, horizon: date | None = None, since: date | None = None
) -> Timeline:
    """Compute every deadline of `treaty` as it stood on `as_of`.

    `horizon` is how far ahead to list dates that recur without end, such as renewals. `since`
    lets a listing that starts there leave out the states' own entries into force that came
    before it; a timeline given `since` serves listings, not statuses.
    """
    events = known_events(treaty, as_of=as_of)
    context = _Context(treaty, events, as_of, horizon or as_of, since or date.min)
    problems: list[Problem] = []
    for rule in RULES:
        for finding in rule(context):
            if isinstance(finding, Problem):
                problems.append(finding)
            else:
                context.computed.append(finding)
    return Timeline(
        treaty,
        as_of,
        events,
        tuple(context.computed),
        tuple(problems),
        context.renewals_left_out,
        tuple(context.ignored),
    )


def deadlines(
    treaties: Iterable[Treaty],
    *,
    as_of: date,
    horizon: date | None = None,
    since: date | None = None,
) -> list[Deadline]:
    """Return the deadlines of all treaties in date order; stopped clocks come last.

    With `since`, the states' own entries into force before it may be left out.
    """
    found = [
        d
        for treaty in treaties
        for d in timeline(treaty, as_of=as_of, horizon=horizon, since=since).deadlines
    ]
    return sorted(found, key=deadline_order)


def deadline_order(deadline: Deadline) -> tuple[bool, date, date, str, str]:
    when = deadline.date
    if when is None:
        return (True, date.max, date.max, deadline.treaty, deadline.party or "")
    return (False, when.earliest, when.latest, deadline.treaty, deadline.party or "")


_ENDINGS = {
    EventKind.EXPIRED: StatusKind.EXPIRED,
    EventKind.TERMINATED: StatusKind.TERMINATED,
    EventKind.SUPERSEDED: StatusKind.TERMINATED,
}


def _end(timeline_: Timeline) -> Status | None:
    """Return how and when the treaty ended, if it had by the as-of date."""
    bilateral = timeline_.treaty.kind is InstrumentKind.BILATERAL
    candidates: list[Status] = []
    endings = tuple(_ENDINGS)
    effective, renounced = EventKind.WITHDRAWAL_EFFECTIVE, EventKind.RENOUNCED
    for event in timeline_.events:
        if event.kind in endings:
            reason = f"declared by {event.party}" if event.party else None
            if event.replaced_by:
                reason = f"superseded by {event.replaced_by}"
            candidates.append(Status(_ENDINGS[event.kind], event.date, reason, event.contested))
        elif bilateral and event.kind is effective:
            candidates.append(
                Status(
                    StatusKind.TERMINATED, event.date, f"withdrawal of {event.party} took effect"
                )
            )
        elif bilateral and event.kind is renounced:
            reason = f"{event.party} declared it would not be bound"
            candidates.append(Status(StatusKind.TERMINATED, event.date, reason))
    for deadline in timeline_.deadlines:
        if deadline.status is not DeadlineStatus.PASSED or deadline.date is None:
            continue
        if deadline.kind is DeadlineKind.EXPIRY:
            candidates.append(Status(StatusKind.EXPIRED, deadline.date, deadline.rule))
        elif bilateral and deadline.kind is DeadlineKind.WITHDRAWAL_EFFECTIVE:
            reason = f"withdrawal of {deadline.party} took effect"
            candidates.append(Status(StatusKind.TERMINATED, deadline.date, reason))
    return min(candidates, key=lambda s: s.since or PartialDate.day(date.max), default=None)


def in_force_on(timeline_: Timeline) -> PartialDate | None:
    """Return when the treaty as a whole entered into force, recorded or computed, if it has."""
    entered = EventKind.ENTERED_INTO_FORCE
    recorded = next((e for e in timeline_.events if e.kind is entered and e.party is None), None)
    if recorded is not None:
        return recorded.date
    computed = timeline_.of_kind(DeadlineKind.ENTRY_INTO_FORCE)
    passed = [d.date for d in computed if d.status is DeadlineStatus.PASSED and d.date]
    return passed[0] if passed else None


_BEFORE_FORCE = (
    (EventKind.SIGNED, StatusKind.SIGNED),
    (EventKind.OPENED_FOR_SIGNATURE, StatusKind.OPEN_FOR_SIGNATURE),
    (EventKind.ADOPTED, StatusKind.ADOPTED),
    (EventKind.DRAFT_PRESENTED, StatusKind.DRAFT),
)


def status(treaty: Treaty, *, as_of: date) -> Status:
    """Return the state of the treaty as a whole on `as_of`."""
    return status_from(timeline(treaty, as_of=as_of))


def status_from(timeline_: Timeline) -> Status:
    """Return the state of the treaty on the timeline's as-of date."""
    treaty = timeline_.treaty
    if treaty.kind is InstrumentKind.DRAFT:
        presented = [e for e in timeline_.events if e.kind is EventKind.DRAFT_PRESENTED]
        first = next(iter(presented or timeline_.events), None)
        since = first.date if first is not None else None
        return Status(StatusKind.DRAFT, since, "never opened for signature")
    in_force = in_force_on(timeline_)
    end = _end(timeline_)
    if end is not None:
        if in_force is None or (end.since and end.since.latest < in_force.earliest):
            return Status(StatusKind.NEVER_IN_FORCE, end.since, end.reason)
        return end
    if in_force is not None:
        suspended = _suspensions(timeline_.events)
        if suspended and treaty.kind is InstrumentKind.BILATERAL:
            party, since = next(iter(suspended.items()))
            return Status(StatusKind.SUSPENDED, since, f"implementation suspended by {party}")
        return Status(StatusKind.IN_FORCE, in_force)
    for kind, state in _BEFORE_FORCE:
        event = next((e for e in timeline_.events if e.kind is kind), None)
        if event is not None:
            return Status(state, event.date)
    return Status(StatusKind.NOT_CONCLUDED)


def _suspensions(events: Iterable[Event]) -> dict[str, PartialDate]:
    """Return the parties whose suspension of implementation is still running, and since when."""
    running: dict[str, PartialDate] = {}
    suspended, ended = EventKind.SUSPENDED, EventKind.SUSPENSION_ENDED
    for event in events:
        if event.party is None:
            continue
        if event.kind is suspended:
            running.setdefault(event.party, event.date)
        elif event.kind is ended:
            running.pop(event.party, None)
    return running


_PARTY_STEPS = {
    EventKind.SIGNED: StatusKind.SIGNATORY,
    EventKind.RATIFIED: StatusKind.PARTY,
    EventKind.ACCEPTED: StatusKind.PARTY,
    EventKind.APPROVED: StatusKind.PARTY,
    EventKind.ACCEDED: StatusKind.PARTY,
    EventKind.SUCCEEDED: StatusKind.PARTY,
    EventKind.ENTERED_INTO_FORCE: StatusKind.PARTY,
    EventKind.DERATIFIED: StatusKind.SIGNATORY,
    EventKind.WITHDRAWAL_NOTICE: StatusKind.WITHDRAWING,
    EventKind.NOTICE_REVOKED: StatusKind.PARTY,
    EventKind.WITHDRAWAL_EFFECTIVE: StatusKind.WITHDRAWN,
    EventKind.SUSPENDED: StatusKind.SUSPENDED,
    EventKind.SUSPENSION_ENDED: StatusKind.PARTY,
    EventKind.RENOUNCED: StatusKind.RENOUNCED,
    EventKind.WITHDRAWAL_DEFERRED: StatusKind.WITHDRAWING,
}

_TREATY_TO_PARTY = {
    StatusKind.IN_FORCE: StatusKind.PARTY,
    StatusKind.SUSPENDED: StatusKind.PARTY,
    StatusKind.SIGNED: StatusKind.SIGNATORY,
}


def _earlier(when: PartialDate | None, than: PartialDate | None) -> bool:
    return when is not None and than is not None and when.latest < than.earliest


_CEASED = {code: PartialDate.day(day) for code, day in CEASED.items()}

_NOT_YET_IN_FORCE = (
    StatusKind.ADOPTED,
    StatusKind.SIGNED,
    StatusKind.OPEN_FOR_SIGNATURE,
    StatusKind.NEVER_IN_FORCE,
    StatusKind.NOT_CONCLUDED,
)
_ENDED = (StatusKind.EXPIRED, StatusKind.TERMINATED)


def party_statuses(treaty: Treaty, *, as_of: date) -> dict[str, Status]:
    """Return the state of each party that the file names, on `as_of`."""
    return party_statuses_from(timeline(treaty, as_of=as_of))


def _heir_of(predecessor: str, successor: str) -> str:
    # Only Russia continues the USSR; Ukraine or Czechia succeeded to a treaty as new states.
    if CONTINUED_BY.get(predecessor) == successor:
        return f"continues {predecessor}"
    return f"successor of {predecessor}"


def _heirs(predecessor: str, successors: list[str]) -> str:
    heirs = list(dict.fromkeys(successors))
    continuing = [s for s in heirs if CONTINUED_BY.get(predecessor) == s]
    others = [s for s in heirs if s not in continuing]
    return "; ".join(
        f"{words} {', '.join(states)}"
        for words, states in (("continued by", continuing), ("succeeded by", others))
        if states
    )


def party_statuses_from(timeline_: Timeline) -> dict[str, Status]:
    """Return the state of every state the treaty names or that acted, on the as-of date.

    A state's own events set its status in turn. A deposit makes it a party from the treaty's
    entry into force, or from its own (the rule for states that join later, or a recorded
    date); a successor continues its predecessor from the day of its succession, and the
    predecessor is then shown as succeeded.
    """
    treaty = timeline_.treaty
    overall = status_from(timeline_)
    in_force = in_force_on(timeline_)
    members = treaty.members()
    successors: dict[str, list[str]] = {}
    for old, new in treaty.successors:
        successors.setdefault(old, []).append(new)
    # A successor named without a dated succession anywhere in the record is taken as a member
    # from the start, as files written before successions had dates say (`check` warns).
    dated = {e.party for e in treaty.events if e.kind is EventKind.SUCCEEDED}
    undated = {new for _, new in treaty.successors if new not in dated}
    original = [code for code in members if code not in dated or code in treaty.parties]
    steps: dict[str, list[Event]] = {}
    ignored = {id(event) for event in timeline_.ignored}  # a notice before the treaty, say
    for event in timeline_.events:
        if event.party is not None and event.kind in _PARTY_STEPS and id(event) not in ignored:
            steps.setdefault(event.party, []).append(event)
    effects: dict[str, list[Deadline]] = {}
    for deadline in timeline_.deadlines:
        if deadline.party is not None:
            effects.setdefault(deadline.party, []).append(deadline)
    withdrawal, entry = DeadlineKind.WITHDRAWAL_EFFECTIVE, DeadlineKind.ENTRY_INTO_FORCE
    passed, upcoming = DeadlineStatus.PASSED, DeadlineStatus.UPCOMING
    succeeded = EventKind.SUCCEEDED
    named = [*original, *(e.party for e in timeline_.events if e.party)]
    statuses: dict[str, Status] = {}
    # The predecessor of an undated successor had no status of its own in such files either.
    hidden = {old for old, new in treaty.successors if new in undated}
    for code in dict.fromkeys(named):
        if code in hidden:
            continue
        state = _TREATY_TO_PARTY.get(overall.kind, overall.kind)
        initial = code in original or code in undated
        current = Status(state, overall.since) if initial else None
        for event in steps.get(code, ()):
            kind, reason = _PARTY_STEPS[event.kind], words(event.kind.value)
            if event.kind is succeeded:
                if current is not None and current.kind is StatusKind.PARTY:
                    # Bound already, as the depositary dates it (Czechia in CFE from 1993-01-01,
                    # its notice of succession in 1996): the notice changes nothing.
                    continue
                predecessor = next((o for o, n in treaty.successors if n == code), None)
                if predecessor is not None:
                    # The successor stands where its predecessor stood: a party, a signatory.
                    before = [e for e in steps.get(predecessor, ()) if e.date <= event.date]
                    if before:
                        kind = _PARTY_STEPS[before[-1].kind]
                    elif predecessor in original:
                        kind = state
                    reason = _heir_of(predecessor, code)
            current = Status(kind, event.date, reason)
        for deadline in effects.get(code, ()):
            if deadline.kind is withdrawal and deadline.status is passed:
                if current is None or current.kind is not StatusKind.WITHDRAWN:
                    current = Status(StatusKind.WITHDRAWN, deadline.date, deadline.rule)
            elif (
                deadline.kind is entry
                and current is not None
                and current.kind is StatusKind.PARTY
                and current.since == deadline.basis.date
            ):
                # Deposited after the treaty entered into force: bound from its own date.
                if deadline.status is passed:
                    current = Status(StatusKind.PARTY, deadline.date, deadline.rule)
                elif deadline.status is upcoming:
                    reason = f"{deadline.rule} = in force for it on {deadline.date}"
                    current = Status(StatusKind.RATIFIED, current.since, reason)
        # Only a state that ceased to exist gives way to its successors: Serbia stays a party
        # when Montenegro succeeds to the union they formed.
        gone = [
            event
            for new in (successors.get(code, ()) if code in HISTORICAL else ())
            for event in steps.get(new, ())
            if event.kind is succeeded
        ]
        ceased = _CEASED.get(code)
        if ceased is not None and ceased.earliest > timeline_.as_of:
            ceased = None
        if gone or ceased is not None:
            days = [e.date for e in gone] + ([ceased] if ceased is not None else [])
            reason = _heirs(code, [e.party or "" for e in gone]) or "ceased to exist"
            statuses[code] = Status(StatusKind.CEASED, min(days), reason)
            continue
        if current is None:
            continue
        if overall.kind in _ENDED and current.kind is not StatusKind.WITHDRAWN:
            current = overall
        elif current.kind is StatusKind.PARTY and overall.kind in _NOT_YET_IN_FORCE:
            current = Status(StatusKind.RATIFIED, current.since, current.reason)
        elif current.kind is StatusKind.PARTY and _earlier(current.since, in_force):
            # A state that ratified early becomes a party when the treaty enters into force.
            how = current.reason or "ratified"
            current = Status(StatusKind.PARTY, in_force, f"{how} on {current.since}")
        statuses[code] = current
    return statuses


# What bears on a multilateral treaty as a whole, whichever state's act it records: its
# stages, its end, its term; statements and named days bear on nothing.
WHOLE_TREATY = frozenset(
    {
        EventKind.DRAFT_PRESENTED,
        EventKind.ADOPTED,
        EventKind.OPENED_FOR_SIGNATURE,
        EventKind.EXPIRED,
        EventKind.TERMINATED,
        EventKind.SUPERSEDED,
        EventKind.EXTENDED,
    }
)
_SILENT = frozenset({EventKind.STATEMENT, EventKind.MILESTONE})


def successions_known(
    treaty: Treaty, *, as_of: date, ceased_only: bool = False
) -> tuple[tuple[str, str], ...]:
    """Return the (former state, successor) pairs known on the as-of day.

    With `ceased_only`, only the successors of states that ceased to exist (the USSR,
    Yugoslavia): a former colony's succession to its administering power's ratification is a
    line of the membership table, not a state continuing another.

    A successor whose succession is dated in the record is known from that day (a view of
    1980 does not know that Russia continues the USSR); one named without a dated succession
    is taken as a member from the start, as `party_statuses_from` takes it.
    """
    successions = [e for e in treaty.events if e.kind is EventKind.SUCCEEDED]
    dated = {e.party for e in successions}
    known = {e.party for e in successions if e.date.earliest <= as_of}  # as known_events
    return tuple(
        (old, new)
        for old, new in treaty.successors
        if (new not in dated or new in known) and (old in HISTORICAL or not ceased_only)
    )


def depositaries_known(treaty: Treaty, *, as_of: date) -> tuple[str, ...]:
    """Return the depositaries on the as-of day: the USSR, not Russia, before 1991-12-26."""
    known = set(successions_known(treaty, as_of=as_of))
    before = {new: old for old, new in treaty.successors if (old, new) not in known}
    return tuple(dict.fromkeys(before.get(code, code) for code in treaty.depositaries))


def narrowed(treaty: Treaty, party: str | None = None) -> Treaty:
    """Return `treaty` with only the events that bear on its status, or on `party`'s.

    In a multilateral treaty a state's acts bear on the treaty as a whole only as its first
    signature, the counted deposit that brings it into force, or an end or extension; on
    another state not at all, unless one continues the other. `status_from`, and
    `party_statuses_from(...).get(party)`, give the same on the narrowed treaty, at a cost
    that no longer grows with the other states' acts. A bilateral treaty is left whole.
    """
    parties = () if party is None else (party,)
    return narrowings(treaty, parties).get(party, treaty)


def kin(treaty: Treaty, party: str) -> set[str]:
    """Return the states whose events bear on `party` in `treaty`: itself, its predecessors and
    successors there, and theirs."""
    family = {party}
    while True:
        more = {b for a, b in treaty.successors if a in family}
        more |= {a for a, b in treaty.successors if b in family}
        if more <= family:
            return family
        family |= more


def narrowings(treaty: Treaty, parties: Iterable[str]) -> dict[str | None, Treaty]:
    """Return `narrowed(treaty, party)` for each of `parties`, and for None, in one pass."""
    chosen = list(parties)
    if treaty.kind is InstrumentKind.BILATERAL:
        return dict.fromkeys((None, *chosen), treaty)
    concerned: dict[str, list[str]] = {}
    for party in chosen:
        for code in kin(treaty, party):
            concerned.setdefault(code, []).append(party)
    signed = next((e for e in treaty.events if e.kind is EventKind.SIGNED), None)
    shared: list[tuple[int, Event]] = []
    own: dict[str, list[tuple[int, Event]]] = {party: [] for party in chosen}
    for index, event in enumerate(treaty.events):
        if (
            event is signed
            or event.instrument is not None
            or event.kind in WHOLE_TREATY
            or (event.party is None and event.kind not in _SILENT)
        ):
            shared.append((index, event))
        elif event.party is not None:
            for party in concerned.get(event.party, ()):
                own[party].append((index, event))
    found: dict[str | None, Treaty] = {None: replace(treaty, events=tuple(e for _, e in shared))}
    for party in chosen:
        events = tuple(e for _, e in heapq.merge(shared, own[party], key=lambda item: item[0]))
        found[party] = replace(treaty, events=events)
    return found


# The statuses of a state that has deposited its instrument and not left: a party, whether or
# not the treaty is yet in force for it, as depositaries count their parties.
_DEPOSITED = (
    StatusKind.PARTY,
    StatusKind.RATIFIED,
    StatusKind.WITHDRAWING,
    StatusKind.SUSPENDED,
)


@record
class Tally:
    """Who counted as a party and as a signatory on the as-of date, as depositaries count.

    A party has deposited its instrument and not withdrawn (the treaty may not yet be in force
    for it); a signatory has signed and not withdrawn, whether or not it has since ratified. A
    ratification presupposes a signature, so a state that ratified is a signatory even where
    its day of signature is not recorded (acceptance and approval may not: the UN counts Sao
    Tome and Principe, which accepted the CWC unsigned, as no signatory).
    """

    parties: tuple[str, ...]
    signatories: tuple[str, ...]


def tally(timeline_: Timeline, statuses: dict[str, Status] | None = None) -> Tally:
    """Return who was a party and who a signatory on the timeline's as-of date."""
    statuses = party_statuses_from(timeline_) if statuses is None else statuses
    signing = (EventKind.SIGNED, EventKind.RATIFIED)
    signed = {e.party for e in timeline_.events if e.kind in signing and e.party}
    # The continuing state holds the signature of the state it continues, once it does.
    signed |= {
        heir
        for old, heir in CONTINUED_BY.items()
        if old in signed and statuses.get(heir, _NONE).kind is not StatusKind.NOT_A_PARTY
    }
    gone = (StatusKind.WITHDRAWN, StatusKind.CEASED)
    return Tally(
        parties=tuple(sorted(c for c, s in statuses.items() if s.kind in _DEPOSITED)),
        signatories=tuple(sorted(c for c in signed if statuses.get(c, _NONE).kind not in gone)),
    )


_NONE = Status(StatusKind.NOT_A_PARTY)
