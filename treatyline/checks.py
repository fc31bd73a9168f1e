"""Own the cross-record checks: order of events, parties, duplicates, computed against recorded.

Each check is a generator of problems over one treaty; `CHECKS` is the registry.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import date

from treatyline import engine
from treatyline.errors import Location, Problem, Severity
from treatyline.model import Agreement, EventKind, InstrumentKind, Treaty

Check = Callable[[Treaty], Iterator[Problem]]


def _warning(where: Location, message: str, hint: str) -> Problem:
    return Problem(where, message, hint, Severity.WARNING)


def entry_into_force_after_signature(treaty: Treaty) -> Iterator[Problem]:
    """A treaty cannot enter into force before it is signed."""
    signed = next((e for e in treaty.events if e.kind is EventKind.SIGNED), None)
    for event in treaty.events:
        starts = event.kind is EventKind.ENTERED_INTO_FORCE and event.party is None
        if starts and signed and event.date.latest < signed.date.earliest:
            yield Problem(
                event.where,
                f"entry into force on {event.date}, before the signature of {signed.date}",
                "check both dates against their sources",
            )


def effect_after_notice(treaty: Treaty) -> Iterator[Problem]:
    """A withdrawal takes effect only after a notice by the same party."""
    for event in treaty.events:
        if event.kind is not EventKind.WITHDRAWAL_EFFECTIVE:
            continue
        notices = [
            e
            for e in treaty.events
            if e.kind is EventKind.WITHDRAWAL_NOTICE
            and e.party == event.party
            and e.date.earliest <= event.date.latest
        ]
        if not notices and treaty.rules.withdrawal is not None:
            yield _warning(
                event.where,
                f"the withdrawal of {event.party} took effect, but no notice is recorded",
                "add the withdrawal_notice event with its source",
            )


def parties_belong(treaty: Treaty) -> Iterator[Problem]:
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


def no_duplicates(treaty: Treaty) -> Iterator[Problem]:
    """The same event recorded twice is a copy-and-paste slip."""
    seen: dict[tuple[EventKind, object, str | None], int] = {}
    for event in treaty.events:
        key = (event.kind, event.date, event.party)
        if key in seen:
            yield _warning(
                event.where,
                f"the same {event.kind.value} event is recorded twice",
                f"the first is on line {seen[key]}; remove one",
            )
        else:
            seen[key] = event.where.line


def rules_hold(treaty: Treaty) -> Iterator[Problem]:
    """The treaty's own rules apply to everything recorded, and agree with the recorded dates."""
    timeline = engine.timeline(treaty, as_of=date.max)
    yield from timeline.problems
    for deadline in timeline.deadlines:
        if deadline.agreement() is Agreement.DIFFERS and deadline.recorded is not None:
            yield _warning(
                deadline.recorded.where,
                f"recorded {deadline.recorded.date}, but {deadline.rule}"
                f" ({deadline.article or 'no article'}) gives {deadline.date}",
                "check the date against its source, or explain the difference in a note",
            )


CHECKS: tuple[Check, ...] = (
    entry_into_force_after_signature,
    effect_after_notice,
    parties_belong,
    no_duplicates,
    rules_hold,
)


def run(treaties: Iterable[Treaty]) -> list[Problem]:
    """Return every problem the checks find in the treaties."""
    return [problem for treaty in treaties for check in CHECKS for problem in check(treaty)]
