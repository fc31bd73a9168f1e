"""Own the rules: compute deadlines and statuses from a treaty's records and an as-of date.

Pure functions: nothing here reads the clock or a file. Only events dated on or before `as_of`
count, so that a past as-of date shows the treaty as it stood on that day. Each rule is one
function in `RULES`, returning the deadlines it computes and the problems it meets.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from treatyline import periods
from treatyline.countries import CEASED, HISTORICAL
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

Finding = Deadline | Problem


@dataclass(frozen=True)
class Timeline:
    """What the engine made of one treaty on one as-of date."""

    treaty: Treaty
    as_of: date
    events: tuple[Event, ...]  # the events known on the as-of date
    deadlines: tuple[Deadline, ...]
    problems: tuple[Problem, ...]

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


_A_YEAR_IN = date.min + timedelta(days=366)


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
    joining = (EventKind.RATIFIED, EventKind.ACCEPTED, EventKind.APPROVED, EventKind.ACCEDED)
    article, after = rule.clause.article, rule.after
    month_start = rule.counted_from is CountedFrom.MONTH_OF_DEPOSIT
    # No treaty's delay runs a year: a deposit more than a year before `since` binds its state
    # before it.
    earliest = threshold
    if context.since > _A_YEAR_IN:
        earliest = max(threshold, context.since - timedelta(days=366))
    for deposit in context.events:
        if deposit.kind not in joining or deposit.party is None:
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


def _withdrawals(context: _Context) -> Iterator[Finding]:
    """A withdrawal takes effect when the notice period has run, less any time suspended."""
    rule = context.treaty.rules.withdrawal
    events = context.events
    notice_kind = EventKind.WITHDRAWAL_NOTICE
    places = [i for i, e in enumerate(events) if e.kind is notice_kind]
    notices = [events[i] for i in places]

    def place(notice: Event) -> int:
        """Return where the first event equal to `notice` stands, as `events.index` would.

        An equal event is a notice too, so only the notices are compared; and it is on the same
        line, which is quicker to compare than the whole event.
        """
        line = notice.where.line
        return places[
            next(
                i
                for i, other in enumerate(notices)
                if other is notice or (other.where.line == line and other == notice)
            )
        ]

    for index, notice in enumerate(notices):
        if rule is None:
            yield _problem(
                notice,
                "a withdrawal notice, but the treaty has no withdrawal rule",
                "add rules: withdrawal: notice: PERIOD, with its article",
            )
            continue
        later_notice = next((n for n in notices[index + 1 :] if n.party == notice.party), None)
        start = place(notice) + 1
        stop = place(later_notice) if later_notice else len(events)
        following = [e for e in events[start:stop] if e.party == notice.party]
        yield from _follow_notice(context, rule, notice, following)


def _follow_notice(
    context: _Context, rule: Withdrawal, notice: Event, following: list[Event]
) -> Iterator[Finding]:
    article = rule.clause.article
    due = _add(notice, notice.date, rule.notice)
    if isinstance(due, Problem):
        yield due
        return
    how = f"withdrawal notice of {notice.date} + {rule.notice}"
    remaining: Period | None = None
    effective = EventKind.WITHDRAWAL_EFFECTIVE
    recorded = next((e for e in following if e.kind is effective), None)
    common = {"basis": notice, "article": article, "party": notice.party, "recorded": recorded}

    def held_back(status: DeadlineStatus, when: PartialDate, how: str, event: Event) -> Deadline:
        """The date the notice gave, which an event stopped or deferred: no record to match."""
        return context.deadline(
            DeadlineKind.WITHDRAWAL_EFFECTIVE,
            when,
            status=status,
            rule=how,
            averted_by=event,
            **{**common, "recorded": None},
        )

    suspended, resumed_kind = EventKind.NOTICE_SUSPENDED, EventKind.NOTICE_RESUMED
    deferred, revoked = EventKind.WITHDRAWAL_DEFERRED, EventKind.NOTICE_REVOKED
    for event in following:
        if event.kind is suspended and remaining is None:
            if event.date.exact is None or due.exact is None:
                yield _problem(event, "a suspended notice needs dates known to the day", "")
                return
            if event.date.earliest >= due.earliest:
                yield _problem(
                    event,
                    f"the notice was suspended on {event.date}, after it took effect on {due}",
                    "check both dates against their sources",
                )
                continue
            remaining = Period(periods.days_between(event.date.earliest, due.earliest), Unit.DAYS)
            # The effect recorded belongs to the restarted clock, not to this date.
            yield held_back(DeadlineStatus.AVERTED, due, how, event)
            how = f"clock stopped on {event.date} with {remaining} of {rule.notice} left"
        elif event.kind is resumed_kind and remaining is not None:
            resumed = _add(event, event.date, remaining)
            if isinstance(resumed, Problem):
                yield resumed
                return
            how = f"notice resumed on {event.date} with {remaining} left"
            due, remaining = resumed, None
        elif event.kind is deferred and remaining is None:
            yield held_back(DeadlineStatus.DEFERRED, due, how, event)
            return
        elif event.kind is revoked:
            yield context.deadline(
                DeadlineKind.WITHDRAWAL_EFFECTIVE,
                None if remaining else due,
                status=DeadlineStatus.AVERTED,
                rule=how,
                averted_by=event,
                **common,
            )
            return
    if remaining is not None:
        yield context.deadline(
            DeadlineKind.WITHDRAWAL_EFFECTIVE, None, rule=how, remaining=remaining, **common
        )
        return
    yield context.deadline(DeadlineKind.WITHDRAWAL_EFFECTIVE, due, rule=how, **common)


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
    for count, extension in enumerate(extensions, start=1):
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


def _renewals(context: _Context) -> Iterator[Finding]:
    """A renewing term ends and starts again, period after period, until an event ends it.

    Renewals are listed up to the first one after the as-of date or the horizon, whichever
    is later: a treaty that renews itself has no last date.
    """
    renewal = context.treaty.rules.renewal
    duration = context.treaty.rules.duration
    assert renewal is not None
    basis, start = _in_force_since(context)
    if basis is None or start is None:
        return
    term = duration.term if duration is not None and duration.term is not None else renewal.period
    due = _add(basis, start, term)
    if isinstance(due, Problem):
        yield due
        return
    how = f"in force {start} + {term}"
    last = max(context.as_of, context.horizon)
    while True:
        ended = _ending_event(context, due)
        common = {"basis": basis, "rule": how, "article": renewal.clause.article}
        if ended is not None:
            yield context.deadline(
                DeadlineKind.RENEWAL,
                due,
                status=DeadlineStatus.AVERTED,
                averted_by=ended,
                **common,
            )
            return
        yield context.deadline(DeadlineKind.RENEWAL, due, **common)
        if due.earliest > last:
            return
        how = f"term renewed on {due} + {renewal.period}"
        try:
            due = periods.add(due, renewal.period)
        except periods.OutOfCalendar:  # a far horizon: the series simply has no more dates
            return


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
    return Timeline(treaty, as_of, events, tuple(context.computed), tuple(problems))


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
            candidates.append(Status(_ENDINGS[event.kind], event.date, reason))
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


_CEASED = {code: PartialDate.parse(day) for code, day in CEASED.items()}

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
    for event in timeline_.events:
        if event.party is not None and event.kind in _PARTY_STEPS:
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
                    reason = f"continues {predecessor}"
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
            heirs = ", ".join(dict.fromkeys(e.party or "" for e in gone))
            reason = f"continued by {heirs}" if heirs else "ceased to exist"
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


# The statuses of a state that has deposited its instrument and not left: a party, whether or
# not the treaty is yet in force for it, as depositaries count their parties.
_DEPOSITED = (
    StatusKind.PARTY,
    StatusKind.RATIFIED,
    StatusKind.WITHDRAWING,
    StatusKind.SUSPENDED,
)


@dataclass(frozen=True)
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
    gone = (StatusKind.WITHDRAWN, StatusKind.CEASED)
    return Tally(
        parties=tuple(sorted(c for c, s in statuses.items() if s.kind in _DEPOSITED)),
        signatories=tuple(sorted(c for c in signed if statuses.get(c, _NONE).kind not in gone)),
    )


_NONE = Status(StatusKind.NOT_A_PARTY)
