"""Own the records: treaties, their rules and events, and the deadlines computed from them.

Every record is frozen and knows where it came from. Enum values are spelled as in the YAML.
"""

from __future__ import annotations

import enum

from treatyline.errors import Location
from treatyline.periods import PartialDate, Period
from treatyline.records import field, record


def words(value: str) -> str:
    """Turn an enum spelling such as 'entered_into_force' into words."""
    return value.replace("_", " ")


class InstrumentKind(enum.Enum):
    BILATERAL = "bilateral"
    MULTILATERAL = "multilateral"
    POLITICAL = "political"  # a political commitment, not a treaty (JCPOA)
    DRAFT = "draft"  # presented, never opened for signature


class EventKind(enum.Enum):
    DRAFT_PRESENTED = "draft_presented"
    ADOPTED = "adopted"
    OPENED_FOR_SIGNATURE = "opened_for_signature"
    SIGNED = "signed"
    RATIFIED = "ratified"
    ACCEPTED = "accepted"  # an instrument of acceptance: binds as a ratification does
    APPROVED = "approved"  # an instrument of approval: likewise
    ACCEDED = "acceded"
    SUCCEEDED = "succeeded"  # a state takes a predecessor's place (see `successors`)
    ENTERED_INTO_FORCE = "entered_into_force"
    WITHDRAWAL_NOTICE = "withdrawal_notice"
    NOTICE_SUSPENDED = "notice_suspended"
    NOTICE_RESUMED = "notice_resumed"
    NOTICE_REVOKED = "notice_revoked"
    WITHDRAWAL_EFFECTIVE = "withdrawal_effective"
    SUSPENDED = "suspended"
    SUSPENSION_ENDED = "suspension_ended"
    EXTENDED = "extended"
    EXPIRED = "expired"
    TERMINATED = "terminated"
    SUPERSEDED = "superseded"
    DERATIFIED = "deratified"
    RENOUNCED = "renounced"  # a signatory will not become bound (START II 2002, ATT 2019)
    WITHDRAWAL_DEFERRED = "withdrawal_deferred"  # a clause holds the effect back (Ottawa 20(3))
    MILESTONE = "milestone"  # a named day, such as the JCPOA's Adoption Day
    STATEMENT = "statement"

    def with_article(self) -> str:
        """Return the spelling with 'a' or 'an', for messages: 'an acceded'."""
        return f"{'an' if self.value[0] in 'aeiou' else 'a'} {self.value}"


# The deposits by which a state consents to be bound: each makes it a party, from the treaty's
# entry into force or, later, as the treaty's rule for states that join says.
DEPOSITS = (
    EventKind.RATIFIED,
    EventKind.ACCEPTED,
    EventKind.APPROVED,
    EventKind.ACCEDED,
    EventKind.SUCCEEDED,
)


@record
class Clause:
    """Where a rule stands in the treaty: its article, its words and their source."""

    where: Location
    article: str | None = None
    text: str | None = None
    source: str | None = None

    def cite(self) -> str:
        return f"Art. {self.article}" if self.article else "the treaty"


@record
class Duration:
    """How long the treaty lasts: a term from entry into force, a fixed end, or unlimited."""

    clause: Clause
    term: Period | None = None
    until: PartialDate | None = None

    @property
    def unlimited(self) -> bool:
        return self.term is None and self.until is None


@record
class Extension:
    """How far and how often the term may be extended; None means no cap is stated."""

    clause: Clause
    limit: Period | None = None
    times: int | None = None


@record
class Withdrawal:
    """The notice a party must give before its withdrawal takes effect."""

    clause: Clause
    notice: Period


class CountedFrom(enum.Enum):
    DEPOSIT = "deposit"  # the day of the deposit
    MONTH_OF_DEPOSIT = "month_of_deposit"  # the first day of its month (Ottawa Art. 17)


@record
class EntryIntoForce:
    """Entry into force on, or a delay after, the deposit of the Kth instrument."""

    clause: Clause
    instruments: int
    after: Period | None = None
    counted_from: CountedFrom = CountedFrom.DEPOSIT


class DepositedAfter(enum.Enum):
    ENTRY_INTO_FORCE = "entry_into_force"  # CWC Art. XXI(2), CTBT XIV(5), ATT 22(2)
    LAST_INSTRUMENT = "last_instrument"  # after the Kth instrument: Ottawa 17(2), TPNW 15(2)


@record
class StateEntryIntoForce:
    """When the treaty binds a state whose instrument comes later: on deposit, or after a delay.

    `deposited_after` says which later instruments the rule speaks of: those deposited after
    the treaty entered into force, or after the instrument that brought it into force. A state
    that deposited earlier is a party from the treaty's own entry into force.
    """

    clause: Clause
    after: Period | None = None
    counted_from: CountedFrom = CountedFrom.DEPOSIT
    deposited_after: DepositedAfter = DepositedAfter.ENTRY_INTO_FORCE


@record
class Renewal:
    """Automatic renewal of the term for successive periods."""

    clause: Clause
    period: Period


@record
class Milestone:
    """A named day a period after another named day or event: Adoption Day + 10 years."""

    clause: Clause
    name: str
    start: str  # the name of an earlier milestone, or an event kind such as entered_into_force
    after: Period


@record
class Rules:
    duration: Duration | None = None
    extension: Extension | None = None
    withdrawal: Withdrawal | None = None
    entry_into_force: EntryIntoForce | None = None
    entry_into_force_for_state: StateEntryIntoForce | None = None
    renewal: Renewal | None = None
    milestones: tuple[Milestone, ...] = ()


@record
class Claim:
    """One side's account of a contested event: its date and who holds it."""

    date: PartialDate
    where: Location
    held_by: str | None = None
    source: str | None = None
    note: str | None = None

    @property
    def holder(self) -> str:
        return self.held_by or "another view"


@record
class Event:
    """Something that happened to a treaty, as recorded, with its source."""

    kind: EventKind
    date: PartialDate
    where: Location
    party: str | None = None
    note: str | None = None
    source: str | None = None
    period: Period | None = None  # an extension by a period
    until: PartialDate | None = None  # an extension until a date
    instrument: int | None = None  # the count of instruments this deposit reached
    replaced_by: str | None = None  # the treaty that superseded this one
    contested: tuple[Claim, ...] = ()  # competing claims about the same event
    name: str | None = None  # a milestone's name


@record
class Membership:
    """The status list a file's membership table copies: whose it is, when read, what it counts.

    The table's lines become events (signatures, deposits, entries into force); this record
    keeps what the list says of itself. `parties` and `signatories` are the list's own counts
    on `counted_on`; `complete` is false for a table that is known to lack lines. `including`
    names the states the list counts as parties whom the record does not (North Korea in the
    NPT: its withdrawal of 2003 is recorded, the list still counts it).
    """

    where: Location
    source: str | None = None  # None: every line cites its own
    read: PartialDate | None = None
    parties: int | None = None
    signatories: int | None = None
    counted_on: PartialDate | None = None
    counts_source: str | None = None
    complete: bool = True
    note: str | None = None
    including: tuple[str, ...] = ()


@record
class Treaty:
    id: str
    name: str
    kind: InstrumentKind
    where: Location
    title: str | None = None
    aliases: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    parties: tuple[str, ...] = ()
    depositaries: tuple[str, ...] = ()
    successors: tuple[tuple[str, str], ...] = ()  # (predecessor, successor) such as (SU, RU)
    rules: Rules = field(default_factory=Rules)
    events: tuple[Event, ...] = ()
    summary: str | None = None
    status: StatusKind | None = None  # the status the file's author states, checked by `check`
    membership: Membership | None = None

    def names(self) -> tuple[str, ...]:
        """Return every name the treaty answers to."""
        return (self.id, self.name, *(() if self.title is None else (self.title,)), *self.aliases)

    def members(self) -> tuple[str, ...]:
        """Return the parties and the states that continue them, in order of first mention."""
        codes = [*self.parties, *(successor for _, successor in self.successors)]
        return tuple(dict.fromkeys(codes))


class DeadlineKind(enum.Enum):
    WITHDRAWAL_EFFECTIVE = "withdrawal_effective"
    EXPIRY = "expiry"
    ENTRY_INTO_FORCE = "entry_into_force"
    RENEWAL = "renewal"
    MILESTONE = "milestone"


class DeadlineStatus(enum.Enum):
    PASSED = "passed"  # the date has come; it took effect
    UPCOMING = "upcoming"  # the date lies after the as-of date
    AVERTED = "averted"  # a later event replaced or cancelled it
    PENDING = "pending"  # the clock is stopped, or the as-of date falls inside a partial date
    DEFERRED = "deferred"  # a clause of the treaty holds it back past its date


@record
class Deadline:
    """A date the engine computed from a rule and an event, with the reasons."""

    treaty: str
    kind: DeadlineKind
    date: PartialDate | None  # None while the clock is stopped
    status: DeadlineStatus
    basis: Event  # the event it was computed from
    rule: str  # how, in words: "withdrawal notice of 2019-02-02 + 6 months"
    article: str | None
    party: str | None = None
    averted_by: Event | None = None
    recorded: Event | None = None  # the recorded event it corresponds to
    remaining: Period | None = None  # what is left of a stopped clock
    label: str | None = None  # a milestone's name

    def agreement(self) -> Agreement | None:
        """Compare with the recorded date, if there is one."""
        if self.recorded is None or self.date is None:
            return None
        return Agreement.between(computed=self.date, recorded=self.recorded.date)

    def supporting_claim(self) -> Claim | None:
        """Return the contested claim that agrees with the computed date, if the record does not."""
        if self.recorded is None or self.date is None or self.agreement() is not Agreement.DIFFERS:
            return None
        agreeing = (
            claim
            for claim in self.recorded.contested
            if Agreement.between(computed=self.date, recorded=claim.date) is not Agreement.DIFFERS
        )
        return next(agreeing, None)


class Agreement(enum.Enum):
    SAME = "same"
    NEXT_DAY = "next_day"  # recorded as the start of the next day: the same instant
    OVERLAPS = "overlaps"  # partial dates that could agree
    DIFFERS = "differs"

    @classmethod
    def between(cls, *, computed: PartialDate, recorded: PartialDate) -> Agreement:
        if computed == recorded:
            return cls.SAME
        end, start = computed.exact, recorded.exact
        if end is not None and start is not None and (start - end).days == 1:
            return cls.NEXT_DAY
        if computed.earliest <= recorded.latest and recorded.earliest <= computed.latest:
            return cls.OVERLAPS
        return cls.DIFFERS


class StatusKind(enum.Enum):
    NOT_CONCLUDED = "not_concluded"  # nothing has happened yet on the as-of date
    DRAFT = "draft"
    ADOPTED = "adopted"  # the text adopted or concluded, not yet open for signature or in force
    OPEN_FOR_SIGNATURE = "open_for_signature"
    SIGNED = "signed"  # signed but not in force
    IN_FORCE = "in_force"
    SUSPENDED = "suspended"  # in force, its implementation suspended by a party
    EXPIRED = "expired"
    TERMINATED = "terminated"
    WITHDRAWN = "withdrawn"
    NEVER_IN_FORCE = "never_in_force"
    # Party statuses only:
    NOT_A_PARTY = "not_a_party"
    SIGNATORY = "signatory"
    PARTY = "party"
    RATIFIED = "ratified"  # ratified or acceded, the treaty not yet in force
    WITHDRAWING = "withdrawing"  # notice given, not yet in effect
    RENOUNCED = "renounced"  # signed, then declared it will not become bound
    CEASED = "ceased"  # the state ceased to exist; a successor may continue its membership


@record
class Status:
    """A state on the as-of date, since when, and why."""

    kind: StatusKind
    since: PartialDate | None = None
    reason: str | None = None
    # Other sides' readings of the event the status comes from (the JCPOA's end, 2025).
    contested: tuple[Claim, ...] = ()
