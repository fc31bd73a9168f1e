"""Own hypotheticals: a withdrawal notice or an extension that was never given, and its effect.

A scenario adds one imagined event to a treaty's history as it stood before that event's day,
and lets the engine compute what follows, so that `what-if` answers by the same rules as `show`.
What the treaty forbids is refused with the treaty's own words.
"""

from __future__ import annotations

from datetime import date, timedelta

from treatyline import engine, records
from treatyline.errors import Location, TreatylineError
from treatyline.model import (
    Clause,
    Deadline,
    DeadlineKind,
    DeadlineStatus,
    Event,
    EventKind,
    InstrumentKind,
    StatusKind,
    Treaty,
    words,
)
from treatyline.periods import PartialDate, Period
from treatyline.records import record

IMAGINED = Location("what-if", 0, 0)
_LIVING = (StatusKind.IN_FORCE, StatusKind.SUSPENDED)


@record
class NoticeOutcome:
    """When an imagined withdrawal notice would take effect, and what it would end."""

    treaty: Treaty
    notice: Event
    effect: Deadline
    ends_treaty: bool  # a bilateral treaty ends; a multilateral one loses one party
    ended_first_by: Deadline | None  # an expiry that would come before the withdrawal
    clause: Clause


@record
class ExtensionOutcome:
    """Where an imagined extension would move the treaty's end."""

    treaty: Treaty
    extension: Event
    before: Deadline
    after: Deadline
    clause: Clause


def notice(treaty: Treaty, *, on: date, party: str | None = None) -> NoticeOutcome:
    """Imagine `party` giving notice of withdrawal on `on` (any party when None)."""
    rule = treaty.rules.withdrawal
    if rule is None:
        raise _refusal(f"{treaty.id} has no withdrawal rule in its timeline", None)
    before = engine.timeline(_history_before(treaty, on), as_of=_day_before(on))
    _require_living(before, on, "end")
    if party is not None:
        _require_member(before, party, on)
    imagined = Event(EventKind.WITHDRAWAL_NOTICE, PartialDate.day(on), IMAGINED, party=party)
    after = _imagine(treaty, imagined)
    effect = next(
        (d for d in after.of_kind(DeadlineKind.WITHDRAWAL_EFFECTIVE) if d.basis is imagined),
        None,
    )
    if effect is None:  # the notice period runs past the calendar: the engine says so
        problem = next((p for p in after.problems if p.where == IMAGINED), None)
        why = problem.message if problem else "its effect cannot be computed"
        raise TreatylineError(f"--notice {on}: {why}", hint="give an earlier day")
    if effect.date is None:
        raise _refusal(f"{treaty.id}: the notice's clock cannot be counted", rule.clause)
    expiry = next(
        (
            d
            for d in after.of_kind(DeadlineKind.EXPIRY)
            if d.status is not DeadlineStatus.AVERTED
            and d.date is not None
            and d.date.latest < effect.date.earliest
        ),
        None,
    )
    bilateral = treaty.kind is InstrumentKind.BILATERAL
    return NoticeOutcome(treaty, imagined, effect, bilateral, expiry, rule.clause)


def extension(treaty: Treaty, *, on: date, period: Period) -> ExtensionOutcome:
    """Imagine the parties extending the treaty's term by `period` on `on`."""
    duration = treaty.rules.duration
    if duration is None or duration.unlimited or treaty.rules.renewal is not None:
        reason = "it is of unlimited duration" if duration else "its timeline states no term"
        if treaty.rules.renewal is not None:
            reason = "its term renews itself"
        clause = None if duration is None else duration.clause
        raise _refusal(f"{treaty.id} has no term to extend: {reason}", clause)
    if treaty.rules.extension is None:
        raise _refusal(f"{treaty.id}'s text provides for no extension", duration.clause)
    before = engine.timeline(_history_before(treaty, on), as_of=_day_before(on))
    _require_living(before, on, "extend")
    imagined = Event(EventKind.EXTENDED, PartialDate.day(on), IMAGINED, period=period)
    after = _imagine(treaty, imagined)
    clause = treaty.rules.extension.clause
    forbidden = [p for p in after.problems if p.where == IMAGINED]
    if forbidden:
        raise _refusal(f"{treaty.id} cannot be extended: {forbidden[0].message}", clause)
    old_end = next(d for d in after.of_kind(DeadlineKind.EXPIRY) if d.averted_by is imagined)
    new_end = after.of_kind(DeadlineKind.EXPIRY)[-1]
    return ExtensionOutcome(treaty, imagined, old_end, new_end, clause)


def _day_before(day: date) -> date:
    """Return the day before `day`; the calendar's first day has none, and stands for it."""
    return day - timedelta(days=1) if day > date.min else day


def _history_before(treaty: Treaty, day: date) -> Treaty:
    """Return the treaty as its record stood before `day`: what came later did not happen."""
    kept = tuple(event for event in treaty.events if event.date.latest < day)
    return records.replace(treaty, events=kept)


def _imagine(treaty: Treaty, imagined: Event) -> engine.Timeline:
    history = _history_before(treaty, imagined.date.earliest)
    changed = records.replace(history, events=(*history.events, imagined))
    # As of the imagined day, so that its consequences are still ahead and none is cut off.
    return engine.timeline(changed, as_of=imagined.date.earliest, horizon=date.max)


def _require_living(before: engine.Timeline, on: date, verb: str) -> None:
    state = engine.status_from(before)
    if state.kind in _LIVING:
        return
    since = f" since {state.since}" if state.since else ""
    raise _refusal(
        f"on {on} {before.treaty.id} is {words(state.kind.value)}{since}:"
        f" there is nothing to {verb}",
        None,
        hint="choose a day on which the treaty is in force (`treatyline show` has its dates)",
    )


def _require_member(before: engine.Timeline, party: str, on: date) -> None:
    """Refuse a notice from a state the record shows outside the treaty on `on`.

    A multilateral timeline need not list every party, so a state it does not name is taken
    at its word; a bilateral one names both.
    """
    state = engine.party_statuses_from(before).get(party)
    bilateral = before.treaty.kind is InstrumentKind.BILATERAL
    if state is None and not bilateral:
        return
    if state is not None and state.kind in (StatusKind.PARTY, StatusKind.SUSPENDED):
        return
    treaty = before.treaty.id
    if state is None:
        found = f"it is not a party to {treaty}"
    elif state.kind is StatusKind.WITHDRAWING:
        found = f"it gave notice on {state.since} already"
    else:
        since = f" since {state.since}" if state.since else ""
        found = f"in {treaty} it is {words(state.kind.value)}{since}"
    raise _refusal(
        f"{party} cannot give notice on {on}: {found}",
        None,
        hint=f"only a party can withdraw; `treatyline show {treaty}` lists the parties",
    )


def _refusal(message: str, clause: Clause | None, *, hint: str | None = None) -> TreatylineError:
    if clause is not None and hint is None and (clause.article or clause.text or clause.source):
        # The clause's own words, where the timeline gives any: a bare "the treaty" says nothing.
        words_of = f': "{clause.text}"' if clause.text else ""
        source = f" ({clause.source})" if clause.source else ""
        hint = f"{clause.cite()}{words_of}{source}"
    return TreatylineError(message, hint=hint, exit_code=1)
