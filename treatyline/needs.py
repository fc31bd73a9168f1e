"""Own which of a treaty's events a question reads, so that a load can leave the rest unbuilt.

A membership table gives a treaty thousands of events (each state's signature, deposit and
entry into force), and rebuilding each from the cache costs more than all the rules that then
read a few of them. A treaty's status, and its deadlines from a day on, read only some:

- the core, which both read: the treaty's own events (no party), the counted deposits, the
  kinds that concern the whole treaty (its stages, its end, extensions, milestones), every
  succession and every state's recorded entry into force, the first event of each kind (a
  rule may count from it), and, of a state that gave a withdrawal notice or acted on one, its
  acts on notices and its joining acts, which decide whether its notice could count;
- for deadlines from a day on, also the deposits after the year before that day: no treaty
  binds a state more than a year after its deposit (`engine._entry_into_force_for_states`).
- for one state's standing (`party`, `list --party`), also every act of that state and of
  the states it succeeded or that succeeded it (`engine.kin`): `engine.narrowed` reads no more;
- for the problems (`check`), the core of a treaty whose file states its status, which the
  check of that status reads, and nothing of any other: the other problems come from reading
  the files, or from the cache's record of it.

A bilateral treaty is read whole. The choice is made from an event's plain facts, which the
cache keeps apart from the events (loader/rows.py), so that an event left out is never built.
The tests compare every answer given from a selection with the one from the whole treaty.
"""

from __future__ import annotations

from datetime import date

from treatyline.engine import (
    DEPOSIT_DELAY_BOUND,
    JOINING_ACTS,
    NOTICE_ACTS,
    STATE_DEPOSITS,
    WHOLE_TREATY,
    kin,
)
from treatyline.model import Event, EventKind, InstrumentKind, Treaty
from treatyline.records import record, replace

TYPE_CHECKING = False  # typing.TYPE_CHECKING, for mypy; typing itself costs start-up time
if TYPE_CHECKING:
    from collections.abc import Sequence

    # An event's kind, its party, the ordinal of its earliest day, and its instrument count.
    Fact = tuple[EventKind, str | None, int, int | None]

# What concerns the treaty as a whole, as the engine narrows a treaty to it, and the days a
# rule may count from or compare with: named days, successions, states' entries into force.
_TREATY_WIDE = WHOLE_TREATY | {
    EventKind.MILESTONE,
    EventKind.SUCCEEDED,
    EventKind.ENTERED_INTO_FORCE,
}
_WITHDRAWING = frozenset(
    {EventKind.WITHDRAWAL_NOTICE, EventKind.WITHDRAWAL_EFFECTIVE, *NOTICE_ACTS}
)
# Of a state that gave a withdrawal notice, what the rules on notices read: its acts on the
# notice, and its joining acts (whether it was a party yet, whether it joined again).
_WITHDRAWING_READ = _WITHDRAWING | frozenset(JOINING_ACTS)


def facts(events: Sequence[Event]) -> list[Fact]:
    """Return what `core` and `Needs.reads` look at of each event."""
    return [(e.kind, e.party, e.date.earliest.toordinal(), e.instrument) for e in events]


def core(kind: InstrumentKind, known: Sequence[Fact]) -> list[bool]:
    """Mark the events that every question reads, of a treaty's events in date order."""
    if kind is InstrumentKind.BILATERAL:
        return [True] * len(known)
    withdrawing = {party for event_kind, party, _, _ in known if event_kind in _WITHDRAWING}
    seen: set[EventKind] = set()
    marks = []
    for event_kind, party, _, instrument in known:
        marks.append(
            party is None
            or instrument is not None
            or event_kind in _TREATY_WIDE
            or event_kind not in seen
            or (party in withdrawing and event_kind in _WITHDRAWING_READ)
        )
        seen.add(event_kind)
    return marks


@record
class Needs:
    """What a question reads beyond the core: the deposits from an ordinal day on, one state's
    acts, or none.

    `Needs.statuses()` serves a treaty's status (`list`); `Needs.deadlines(since)` its
    deadlines from `since` (`deadlines`); `Needs.standing(state)` a state's standing in it and
    the treaty's status (`party`, `list --party`); `Needs.stated_statuses()` the check of a
    status stated in a file, the only check that a load runs again on every day (`check`:
    a treaty that states none holds no events); no Needs at all, the whole treaty.
    """

    deposits_after: int | None = None  # the ordinal after which deposits are read; None: none
    state: str | None = None  # the state whose acts, and its kin's, are read; None: none
    stated_only: bool = False  # whether a treaty that states no status is read at all

    @classmethod
    def statuses(cls) -> Needs:
        return cls()

    @classmethod
    def deadlines(cls, since: date | None) -> Needs:
        if since is None or since <= date.min + DEPOSIT_DELAY_BOUND:
            return cls(0)
        return cls((since - DEPOSIT_DELAY_BOUND).toordinal())

    @classmethod
    def standing(cls, state: str) -> Needs:
        return cls(state=state)

    @classmethod
    def stated_statuses(cls) -> Needs:
        return cls(stated_only=True)

    def reads_any(self, treaty: Treaty) -> bool:
        """Tell whether any event of `treaty` is read."""
        return not self.stated_only or treaty.status is not None

    def states(self, treaty: Treaty) -> frozenset[str]:
        """Return the states whose every act in `treaty` is read: `state` and its kin there."""
        return frozenset() if self.state is None else frozenset(kin(treaty, self.state))

    def reads(self, kind: EventKind, earliest: int) -> bool:
        """Tell whether an event outside the core is read: a deposit late enough."""
        after = self.deposits_after
        return after is not None and earliest > after and kind in STATE_DEPOSITS

    def select(self, treaty: Treaty) -> Treaty:
        """Return `treaty` with only the events read: the core, what `reads` admits and the
        acts of the `states`."""
        if not self.reads_any(treaty):
            return replace(treaty, events=())
        events = treaty.events
        known = facts(events)
        marks = core(treaty.kind, known)
        states = self.states(treaty)
        kept = tuple(
            event
            for event, fact, mark in zip(events, known, marks, strict=True)
            if mark or self.reads(fact[0], fact[2]) or fact[1] in states
        )
        return treaty if len(kept) == len(events) else replace(treaty, events=kept)
