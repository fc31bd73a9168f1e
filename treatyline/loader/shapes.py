"""Own the vocabulary of the timeline format: the keys each part may hold, which event kinds
need or refuse which fields, and the shapes of events that both readings of an event use (the
located reading in reader.py and the quick one in quick.py), so that the two cannot drift;
and the document that reading one file gives, whether from its text or from the cache.
"""

from __future__ import annotations

from datetime import date

from treatyline.errors import Location
from treatyline.model import (
    Event,
    EventKind,
    StatusKind,
    Treaty,
)
from treatyline.periods import PartialDate
from treatyline.records import fields, record


@record(frozen=False)
class _Document:
    """What one file gives: a treaty, or the events it adds to another (`extends`)."""

    treaty: Treaty | None = None
    extends: tuple[str, Location] | None = None
    events: tuple[Event, ...] = ()
    id_where: Location | None = None


def _date_order(event: Event) -> tuple[date, date]:
    """Sort events by date as PartialDate's own order does, without a call per comparison."""
    return event.date.earliest, event.date.latest


NEEDS_PARTY = {
    EventKind.RATIFIED,
    EventKind.ACCEPTED,
    EventKind.APPROVED,
    EventKind.ACCEDED,
    EventKind.SUCCEEDED,
    EventKind.DERATIFIED,
    EventKind.WITHDRAWAL_NOTICE,
    EventKind.NOTICE_SUSPENDED,
    EventKind.NOTICE_RESUMED,
    EventKind.NOTICE_REVOKED,
    EventKind.WITHDRAWAL_EFFECTIVE,
    EventKind.SUSPENDED,
    EventKind.SUSPENSION_ENDED,
    EventKind.RENOUNCED,
    EventKind.WITHDRAWAL_DEFERRED,
}
ONLY_FOR = {
    "period": {EventKind.EXTENDED},
    "until": {EventKind.EXTENDED},
    "instrument": {
        EventKind.RATIFIED,
        EventKind.ACCEPTED,
        EventKind.APPROVED,
        EventKind.ACCEDED,
    },
    "replaced_by": {EventKind.SUPERSEDED},
    "name": {EventKind.MILESTONE},
}
# The statuses a file may state for its treaty as a whole (party statuses are computed only).
TREATY_STATUSES = (
    StatusKind.NOT_CONCLUDED,
    StatusKind.DRAFT,
    StatusKind.ADOPTED,
    StatusKind.OPEN_FOR_SIGNATURE,
    StatusKind.SIGNED,
    StatusKind.IN_FORCE,
    StatusKind.SUSPENDED,
    StatusKind.EXPIRED,
    StatusKind.TERMINATED,
    StatusKind.NEVER_IN_FORCE,
)

TREATY_KEYS = (
    "id",
    "name",
    "kind",
    "title",
    "aliases",
    "tags",
    "summary",
    "parties",
    "depositaries",
    "successors",
    "rules",
    "events",
    "status",
    "membership",
)
EXTENDING_KEYS = ("extends", "events")
EVENT_KEYS = (
    "date",
    "kind",
    "party",
    "note",
    "source",
    "period",
    "until",
    "instrument",
    "replaced_by",
    "name",
    "contested",
)
CLAIM_KEYS = ("date", "held_by", "source", "note")
MEMBERSHIP_KEYS = ("source", "read", "counts", "complete", "note", "states")
COUNTS_KEYS = ("parties", "signatories", "on", "source", "including")
# A line of a membership table: the state, its signature, at most one deposit (the key says
# which kind), `from` with a succession, its entry into force where the list gives it.
MEMBER_DEPOSITS = {
    "ratified": EventKind.RATIFIED,
    "accepted": EventKind.ACCEPTED,
    "approved": EventKind.APPROVED,
    "acceded": EventKind.ACCEDED,
    "succeeded": EventKind.SUCCEEDED,
}
MEMBER_KEYS = ("state", "signed", *MEMBER_DEPOSITS, "from", "in_force", "source", "note")
CLAUSE_KEYS = ("article", "text", "source")
RULE_KEYS = {
    "duration": ("term", "until", *CLAUSE_KEYS),
    "extension": ("limit", "times", *CLAUSE_KEYS),
    "withdrawal": ("notice", *CLAUSE_KEYS),
    "entry_into_force": ("instruments", "after", "counted_from", *CLAUSE_KEYS),
    "entry_into_force_for_state": ("after", "counted_from", "deposited_after", *CLAUSE_KEYS),
    "renewal": ("period", *CLAUSE_KEYS),
    "milestones": ("name", "from", "after", *CLAUSE_KEYS),
}


# What the quick reading of an event needs: the keys it reads (a contested list is left to the
# full reading), and for each kind its member, the keys it may not have, whether it needs a
# party, and whether it is an extension or a milestone.
_PLAIN_EVENT_KEYS = frozenset(EVENT_KEYS) - {"contested"}
_EVENT_SHAPES = {
    kind.value: (
        kind,
        frozenset(key for key, kinds in ONLY_FOR.items() if kind not in kinds),
        kind in NEEDS_PARTY,
        kind is EventKind.EXTENDED,
        kind is EventKind.MILESTONE,
    )
    for kind in EventKind
}


_new = object.__new__
# A record's __init__ checks and orders its arguments: microseconds for an event, as much as
# all the rest of its quick reading. The quick reading of events, and the rebuilding of events
# from the cache, fill the records' __dict__ in one call instead, which gives the same records
# as long as these are plain records (records.py) with exactly these fields, in this order;
# otherwise they call __init__.
_QUICK_RECORDS = all(
    not hasattr(kind, "__post_init__") and "__slots__" not in vars(kind) and fields(kind) == names
    for kind, names in (
        (Location, ("path", "line", "column")),
        (PartialDate, ("earliest", "latest")),
        (
            Event,
            (
                "kind",
                "date",
                "where",
                "party",
                "note",
                "source",
                "period",
                "until",
                "instrument",
                "replaced_by",
                "contested",
                "name",
            ),
        ),
    )
)
