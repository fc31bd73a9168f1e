"""Own the cross-record checks: order of events, parties, duplicates, computed against recorded.

Each check is a generator of problems over one treaty; `CHECKS` is the registry. The engine
runs once per treaty, as of its last recorded event, so that every event counts; only the
check of a stated status needs the user's as-of date.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import date, timedelta

from treatyline import engine
from treatyline.errors import Location, Problem, Severity
from treatyline.model import (
    Agreement,
    Event,
    EventKind,
    InstrumentKind,
    StatusKind,
    Treaty,
)

TYPE_CHECKING = False  # typing.TYPE_CHECKING, for mypy; typing itself costs start-up time
if TYPE_CHECKING:
    from treatyline import sources

Check = Callable[[Treaty, engine.Timeline], Iterator[Problem]]

# Events that only a treaty still alive can have.
_LIVING = {
    EventKind.RATIFIED,
    EventKind.ACCEPTED,
    EventKind.APPROVED,
    EventKind.ACCEDED,
    EventKind.SUCCEEDED,
    EventKind.ENTERED_INTO_FORCE,
    EventKind.WITHDRAWAL_NOTICE,
    EventKind.NOTICE_SUSPENDED,
    EventKind.NOTICE_RESUMED,
    EventKind.NOTICE_REVOKED,
    EventKind.WITHDRAWAL_DEFERRED,
    EventKind.SUSPENDED,
    EventKind.SUSPENSION_ENDED,
    EventKind.EXTENDED,
    EventKind.DERATIFIED,
}
# What a draft, never opened for signature, cannot have.
_BEYOND_DRAFT = _LIVING | {
    EventKind.SIGNED,
    EventKind.OPENED_FOR_SIGNATURE,
    EventKind.WITHDRAWAL_EFFECTIVE,
    EventKind.EXPIRED,
    EventKind.TERMINATED,
    EventKind.SUPERSEDED,
    EventKind.RENOUNCED,
}
_END_WORDS = {
    StatusKind.EXPIRED: "expired",
    StatusKind.TERMINATED: "was terminated",
    StatusKind.NEVER_IN_FORCE: "ended without entering into force",
}


_DEPOSIT_NOUNS = {
    EventKind.RATIFIED: "ratification",
    EventKind.ACCEPTED: "acceptance",
    EventKind.APPROVED: "approval",
}


def _warning(where: Location, message: str, hint: str) -> Problem:
    return Problem(where, message, hint, Severity.WARNING)


def entry_into_force_after_signature(treaty: Treaty, _: engine.Timeline) -> Iterator[Problem]:
    """A treaty cannot enter into force before it is signed, nor a state ratify before it signs.

    Entry into force is compared with the signature of the treaty as a whole (a `signed` event
    without a party); a ratification with that, or with the state's own signature. A file that
    records only later signatures is incomplete, not wrong, so it is not judged.
    """
    signed: dict[str | None, Event] = {}
    # Enum members are looked up once, outside the loops: on Python 3.11 each lookup of
    # EventKind.X goes through the enum metaclass and costs as much as the comparison ten times.
    signature_kind, entered = EventKind.SIGNED, EventKind.ENTERED_INTO_FORCE
    ratified = (EventKind.RATIFIED, EventKind.ACCEPTED, EventKind.APPROVED)
    for event in treaty.events:
        if event.kind is signature_kind:
            signed.setdefault(event.party, event)
    for event in treaty.events:
        if event.kind is entered and event.party is None:
            signature = signed.get(None)
            what = "entry into force"
        elif event.kind in ratified:
            signature = signed.get(None) or signed.get(event.party)
            what = f"{_DEPOSIT_NOUNS[event.kind]} by {event.party}"
        else:
            continue
        if signature is not None and event.date.latest < signature.date.earliest:
            yield Problem(
                event.where,
                f"{what} on {event.date}, before the signature of {signature.date}",
                "check both dates against their sources; a state that joins without signing"
                " accedes (kind: acceded)",
            )


def draft_stays_draft(treaty: Treaty, _: engine.Timeline) -> Iterator[Problem]:
    """A draft was never opened for signature, so it cannot be signed, in force or ended."""
    if treaty.kind is not InstrumentKind.DRAFT:
        return
    for event in treaty.events:
        if event.kind in _BEYOND_DRAFT:
            yield Problem(
                event.where,
                f"{event.kind.with_article()} event, but {treaty.id} is a draft, never opened for"
                " signature",
                "make the treaty's kind bilateral or multilateral, or remove the event",
            )


def nothing_after_the_end(treaty: Treaty, timeline: engine.Timeline) -> Iterator[Problem]:
    """Once a treaty has ended, nothing but statements and named days can happen to it."""
    end = engine.status_from(timeline)
    if end.kind not in _END_WORDS or end.since is None:
        return
    reported = {id(event) for event in timeline.ignored}  # the engine said why already
    for event in treaty.events:
        if id(event) in reported:
            continue
        if event.kind in _LIVING and event.date.earliest > end.since.latest:
            state = _END_WORDS[end.kind]
            yield _warning(
                event.where,
                f"{event.kind.with_article()} event on {event.date}, but {treaty.id} {state}"
                f" on {end.since}" + (f" ({end.reason})" if end.reason else ""),
                "check the dates; record what was said after the end as kind: statement",
            )
    signed = any(event.kind is EventKind.SIGNED for event in treaty.events)
    if not signed or engine.in_force_on(timeline) is not None:
        return
    for event in treaty.events:
        if event.kind in (EventKind.EXPIRED, EventKind.WITHDRAWAL_EFFECTIVE):
            yield _warning(
                event.where,
                f"{event.kind.with_article()} event, but {treaty.id} never entered into force",
                "record its entered_into_force event; a treaty never in force cannot expire or"
                " be left (a signatory that steps back has renounced it)",
            )


# The acts that can make a state a party (or a suspended one) again; a state that did none
# since its last renunciation is no party when it renounces again.
_BINDING = frozenset(
    {
        EventKind.RATIFIED,
        EventKind.ACCEPTED,
        EventKind.APPROVED,
        EventKind.ACCEDED,
        EventKind.SUCCEEDED,
        EventKind.ENTERED_INTO_FORCE,
        EventKind.NOTICE_REVOKED,
        EventKind.SUSPENDED,
        EventKind.SUSPENSION_ENDED,
    }
)


def renounced_only_outside(treaty: Treaty, timeline: engine.Timeline) -> Iterator[Problem]:
    """Renouncing a signature is for a state not bound; a bound party withdraws instead.

    The engine is asked only about a renunciation by a state that may have been bound (a
    member, or one that did an act that binds since it last renounced), and only about that
    state's events and the treaty's: the cost does not grow with every other renunciation.
    """
    renounced = EventKind.RENOUNCED
    members = set(treaty.members())
    bindable: dict[str, bool] = {}
    for event in treaty.events:
        party = event.party
        if party is None:
            continue
        if event.kind in _BINDING:
            bindable[party] = True
        if event.kind is not renounced:
            continue
        could = bindable.get(party, party in members)
        bindable[party] = False
        if not could or event.date.earliest == date.min:
            continue  # no act that binds came before (nor anything before the first day)
        before = engine.timeline(engine.narrowed(treaty, party), as_of=_day_before(event))
        state = engine.party_statuses_from(before).get(party)
        if state is not None and state.kind in (StatusKind.PARTY, StatusKind.SUSPENDED):
            # A ratification of a treaty not in force binds nobody yet: renouncing it is fine.
            yield _warning(
                event.where,
                f"{party} renounced {treaty.id}, but it was a party since {state.since}",
                "a party leaves by withdrawal_notice and withdrawal_effective",
            )


def effect_after_notice(treaty: Treaty, _: engine.Timeline) -> Iterator[Problem]:
    """A withdrawal takes effect only after a notice by the same party."""
    effective, notice = EventKind.WITHDRAWAL_EFFECTIVE, EventKind.WITHDRAWAL_NOTICE
    first: dict[str | None, date] = {}  # each party's first notice, in one pass
    for event in treaty.events:
        if event.kind is notice:
            first[event.party] = min(event.date.earliest, first.get(event.party, date.max))
    for event in treaty.events:
        if event.kind is not effective:
            continue
        noticed = first.get(event.party, date.max) <= event.date.latest
        if not noticed and treaty.rules.withdrawal is not None:
            yield _warning(
                event.where,
                f"the withdrawal of {event.party} took effect, but no notice is recorded",
                "add the withdrawal_notice event with its source",
            )


def parties_belong(treaty: Treaty, _: engine.Timeline) -> Iterator[Problem]:
    """In a bilateral treaty, only its parties and their successors act."""
    if treaty.kind is not InstrumentKind.BILATERAL:
        return
    members = set(treaty.members())
    for event in treaty.events:
        if event.party is not None and event.party not in members:
            yield Problem(
                event.where,
                f"{event.party} is not a party to {treaty.id}",
                f"the parties are {', '.join(treaty.members())}; add it to parties or successors",
            )


def no_duplicates(treaty: Treaty, _: engine.Timeline) -> Iterator[Problem]:
    """The same event recorded twice is a copy-and-paste slip."""
    seen: dict[tuple[int, date, date, str | None, str | None], int] = {}
    for event in treaty.events:
        # The kind's identity and the date's two ends: equal when the kind and the date are,
        # and hashed without calling Python code (Enum and record hashes are Python).
        key = (id(event.kind), event.date.earliest, event.date.latest, event.party, event.name)
        if key in seen:
            yield _warning(
                event.where,
                f"the same {event.kind.value} event is recorded twice",
                f"the first is on line {seen[key]}; remove one",
            )
        else:
            seen[key] = event.where.line


def rules_hold(treaty: Treaty, timeline: engine.Timeline) -> Iterator[Problem]:
    """The treaty's own rules apply to everything recorded, and agree with the recorded dates.

    A recorded date that differs is accepted when one of its contested claims agrees: the
    disagreement is then in the record, with its sources.
    """
    yield from timeline.problems
    for deadline in timeline.deadlines:
        differs = deadline.agreement() is Agreement.DIFFERS
        if differs and deadline.recorded is not None and deadline.supporting_claim() is None:
            yield _warning(
                deadline.recorded.where,
                f"recorded {deadline.recorded.date}, but {deadline.rule}"
                f" ({deadline.article or 'no article'}) gives {deadline.date}",
                "check the date against its source, or explain the difference in a note",
            )


def successions_dated(treaty: Treaty, _: engine.Timeline) -> Iterator[Problem]:
    """A successor takes its predecessor's place from a recorded day, and only a named one does."""
    heirs = {new: old for old, new in treaty.successors}
    dated = set()
    for event in treaty.events:
        if event.kind is not EventKind.SUCCEEDED:
            continue
        dated.add(event.party)
        if event.party not in heirs:
            yield Problem(
                event.where,
                f"{event.party} succeeded, but the file names no state it succeeds",
                f"add successors: {{OLD: {event.party}}}, or from: OLD on its table line",
            )
    for new, old in heirs.items():
        if new not in dated:
            yield _warning(
                treaty.where,
                f"{new} succeeds {old} in {treaty.id}, but no succeeded event says from when,"
                f" so {new} counts as a member from the start",
                f"add an event: {{date: YYYY-MM-DD, kind: succeeded, party: {new}, source: ...}}",
            )


def counts_agree(treaty: Treaty, _: engine.Timeline) -> Iterator[Problem]:
    """A complete membership table gives the counts its status list states, on their day."""
    table = treaty.membership
    if table is None or not table.complete or table.counted_on is None:
        return
    on = table.counted_on.latest
    found = engine.tally(engine.timeline(treaty, as_of=on))
    for code in table.including:
        if code in found.parties:
            yield _warning(
                table.where,
                f"the counts include {code} as a state the table does not count, but the table"
                f" gives it as a party on {table.counted_on}",
                f"drop {code} from including",
            )
    parties = [*found.parties, *(c for c in table.including if c not in found.parties)]
    for what, stated, computed in (
        ("parties", table.parties, parties),
        ("signatories", table.signatories, found.signatories),
    ):
        if stated is not None and stated != len(computed):
            yield _warning(
                table.where,
                f"the status list counts {stated} {what} on {table.counted_on}, the table"
                f" gives {len(computed)}",
                "a line is missing or wrong; name a state the list counts and the record does"
                " not in including; or write complete: no and say why in a note",
            )


def stated_status_holds(treaty: Treaty, *, as_of: date) -> Iterator[Problem]:
    """A status written in the file must be the one its dates give on the as-of date."""
    if treaty.status is None:
        return
    computed = engine.status(treaty, as_of=as_of)
    if computed.kind is not treaty.status:
        since = f" since {computed.since}" if computed.since else ""
        reason = f" ({computed.reason})" if computed.reason else ""
        yield _warning(
            treaty.where,
            f"the file says {treaty.id} is {treaty.status.value}, but on {as_of} its dates make"
            f" it {computed.kind.value}{since}{reason}",
            "update status:, or remove it and let treatyline compute it",
        )


def _last_day(treaty: Treaty) -> date:
    """Return the last day of the last recorded event (or its end, for a month or a year)."""
    return max((event.date.latest for event in treaty.events), default=date.min)


def _day_before(event: Event) -> date:
    return event.date.earliest - timedelta(days=1)


CHECKS: tuple[Check, ...] = (
    entry_into_force_after_signature,
    draft_stays_draft,
    effect_after_notice,
    parties_belong,
    no_duplicates,
    nothing_after_the_end,
    renounced_only_outside,
    rules_hold,
    successions_dated,
    counts_agree,
)


def of_treaty(treaty: Treaty) -> list[Problem]:
    """Return the problems that the checks in `CHECKS` find in one treaty.

    They depend on the treaty alone, not on the as-of date, so the loader may keep them with
    the file the treaty comes from.
    """
    timeline = engine.timeline(treaty, as_of=_last_day(treaty))
    found: list[Problem] = []
    for check in CHECKS:
        found += check(treaty, timeline)
    return found


def run(treaties: Iterable[Treaty], *, as_of: date | None = None) -> list[Problem]:
    """Return every problem the checks find; a stated status is checked only given `as_of`."""
    found: list[Problem] = []
    for treaty in treaties:
        found += of_treaty(treaty)
        if as_of is not None:
            found += stated_status_holds(treaty, as_of=as_of)
    return found


def source_hosts(
    problems: Iterable[Problem], treaties: Iterable[Treaty]
) -> tuple[tuple[Problem, ...], sources.Share]:
    """Add to `problems` a warning for each source on no recognised host; return the share.

    This is `check --strict`'s: it reads again the files the treaties come from (see
    `treatyline.sources`), and a source whose item has a note that explains it is not warned of.
    """
    from treatyline import sources  # only check --strict needs it: start-up time

    paths = set()
    for treaty in treaties:
        paths.add(treaty.where.path)
        paths.update(event.where.path for event in treaty.events)
    weak, share = sources.survey(paths)
    return tuple(sorted((*problems, *weak), key=Problem.sort_key)), share
