"""Own the iCalendar feed: each dated deadline as an all-day event that a re-export updates.

A subscriber's calendar matches events by UID, so the UID is derived from what makes the
deadline the deadline, never from what the as-of date says about it: a re-export then moves,
confirms or cancels an event instead of adding a second copy.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime, time, timedelta

from icalendar import Calendar, Event

from treatyline import __version__
from treatyline.model import (
    Clause,
    Deadline,
    DeadlineKind,
    DeadlineStatus,
    Duration,
    EntryIntoForce,
    Extension,
    Milestone,
    Renewal,
    Rules,
    Treaty,
    Withdrawal,
)
from treatyline.periods import PartialDate, Precision
from treatyline.render import deadline_name, explain

CALENDAR_NAME = "treatyline deadlines"

# RFC 5545 STATUS of a VEVENT: a date not yet certain is tentative, an averted one cancelled.
EVENT_STATUS = {
    DeadlineStatus.PASSED: "CONFIRMED",
    DeadlineStatus.UPCOMING: "CONFIRMED",
    DeadlineStatus.PENDING: "TENTATIVE",
    DeadlineStatus.DEFERRED: "TENTATIVE",
    DeadlineStatus.AVERTED: "CANCELLED",
}

VAGUENESS = {
    Precision.MONTH: "to the month",
    Precision.YEAR: "to the year",
    Precision.SPAN: "as a span of days",
}


def deadlines_calendar(
    deadlines: Iterable[Deadline], treaties: Mapping[str, Treaty], *, as_of: date
) -> str:
    """Return a VCALENDAR, CRLF line ends, with one all-day VEVENT per dated deadline.

    A stopped clock has no day to put in a calendar, so it is left out.
    """
    calendar = Calendar()
    calendar.add("prodid", f"-//treatyline//treatyline {__version__}//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", CALENDAR_NAME)
    for deadline in deadlines:
        if deadline.date is not None:
            treaty = treaties[deadline.treaty]
            calendar.add_component(_event(deadline, deadline.date, treaty, as_of=as_of))
    content: bytes = calendar.to_ical()
    return content.decode("utf-8")


def _event(deadline: Deadline, when: PartialDate, treaty: Treaty, *, as_of: date) -> Event:
    event = Event()
    event.add("uid", _uid(deadline))
    # The moment the facts were judged, not the moment of export: the same input gives the
    # same bytes, and a later as-of date gives a later stamp, as a changed event needs.
    event.add("dtstamp", datetime.combine(as_of, time(), tzinfo=UTC))
    # An all-day event ends on the day after its last day (RFC 5545, 3.6.1).
    event.add("dtstart", when.earliest)
    event.add("dtend", when.latest + timedelta(days=1))
    event.add("summary", _summary(deadline, treaty))
    event.add("description", _description(deadline, when, treaty.rules))
    event.add("status", EVENT_STATUS[deadline.status])
    event.add("categories", [deadline.kind.value, deadline.treaty])
    return event


def _uid(deadline: Deadline) -> str:
    """Return an id that stays the same while the deadline's status changes.

    The rule tells apart deadlines of one kind: New START's expiry from its entry into force
    and again from its extension, INCSEA's renewals one after another. A milestone's name
    already does, and its rule text changes once the day it counts from is recorded rather
    than computed (JCPOA), so a milestone leaves its rule out. The basis event is left out
    too: SORT's expiry counted from signature until its entry into force was recorded.
    """
    how = None if deadline.label else deadline.rule
    identity = [deadline.treaty, deadline.kind.value, deadline.party, deadline.label, how]
    # JSON so that no field can run into the next.
    digest = hashlib.sha256(json.dumps(identity).encode("utf-8")).hexdigest()
    return f"{digest[:20]}@treatyline"


def _summary(deadline: Deadline, treaty: Treaty) -> str:
    summary = f"{treaty.name}: {deadline_name(deadline)}"
    return f"{summary} ({deadline.party})" if deadline.party else summary


def _description(deadline: Deadline, when: PartialDate, rules: Rules) -> str:
    lines = [explain(deadline).plain]
    if when.precision is not Precision.DAY:
        lines.append(f"The date is known only {VAGUENESS[when.precision]}: {when}.")
    clause = _rule_clause(deadline, rules)
    sources = (deadline.basis.source, None if clause is None else clause.source)
    lines += [f"Source: {url}" for url in dict.fromkeys(sources) if url is not None]
    return "\n".join(lines)


def _rule_clause(deadline: Deadline, rules: Rules) -> Clause | None:
    """Return the clause of the treaty whose article the deadline cites."""
    rule: Withdrawal | Duration | Extension | EntryIntoForce | Renewal | Milestone | None
    if deadline.kind is DeadlineKind.WITHDRAWAL_EFFECTIVE:
        rule = rules.withdrawal
    elif deadline.kind is DeadlineKind.EXPIRY:
        # The engine cites the extension clause once an extension has moved the end.
        rule = (rules.extension if _moved_by_extension(deadline) else None) or rules.duration
    elif deadline.kind is DeadlineKind.ENTRY_INTO_FORCE:
        rule = rules.entry_into_force
    elif deadline.kind is DeadlineKind.RENEWAL:
        rule = rules.renewal
    else:
        rule = next((m for m in rules.milestones if m.name == deadline.label), None)
    return None if rule is None else rule.clause


def _moved_by_extension(expiry: Deadline) -> bool:
    # The basis stays the entry into force; only the rule tells an extended end, as the
    # engine words it ("extended on 2021-02-03 by 5 years"). tests/test_ical.py pins this.
    return expiry.rule.startswith("extended on ")
