"""Own reading timeline files into records: text -> located YAML nodes -> Treaty, with problems.

The only module that imports yaml. It composes nodes with the safe loader and converts every
scalar itself, so YAML 1.1's guesses (NO as false, 1987 as a number) never reach a record;
duplicate keys, unknown keys, aliases and foreign tags become problems. One bad file, or one
bad event, never stops the others.
"""

from __future__ import annotations

import contextlib
import difflib
import enum
import gc
import marshal
import os
import re
import stat
import zlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import date
from functools import cache
from pathlib import Path

from treatyline import checks, countries
from treatyline.cache import PICKLE_PROTOCOL, Cache, Index, WrittenKey
from treatyline.catalog import Source
from treatyline.errors import Location, Problem, Severity
from treatyline.model import (
    DEPOSITS,
    Claim,
    Clause,
    CountedFrom,
    DepositedAfter,
    Duration,
    EntryIntoForce,
    Event,
    EventKind,
    Extension,
    InstrumentKind,
    Membership,
    Milestone,
    Renewal,
    Rules,
    StateEntryIntoForce,
    StatusKind,
    Treaty,
    Withdrawal,
)
from treatyline.periods import DateError, PartialDate, Period, PeriodError, Unit, parse_period
from treatyline.query import fold
from treatyline.records import field, fields, record, replace

try:  # the C pickler itself: the pickle module around it costs start-up time for nothing here
    from _pickle import dumps, loads
except ImportError:  # an interpreter without it
    from pickle import dumps, loads

TYPE_CHECKING = False  # typing.TYPE_CHECKING, for mypy; typing itself costs start-up time
if TYPE_CHECKING:
    from typing import Any, BinaryIO, TypeVar

    from treatyline.cache import Stamp

    T = TypeVar("T")
    _Row = tuple[Any, ...]  # an event in the cache: plain values (see _row)
    E = TypeVar("E", bound=enum.Enum)
    # yaml is imported only when a file is parsed, not when the cache has it, and its stubs do
    # not declare the `id` ("scalar", "sequence", "mapping") by which nodes are told apart here.
    Node = Any

MAX_FILE_BYTES = 4 * 1024 * 1024
# A timeline nests five levels deep (file, events, event, claims, claim). libyaml's composer
# recurses once per level in C and overflows the stack somewhere past 20,000 levels, killing
# the process, so deeper files are refused before they are composed.
MAX_NESTING = 50
# A flow collection opened before another one closes, or left open at a line's end: the only
# ways flow nesting can pass one level. Quoted brackets may match too; they cost an exact check.
# One pattern per opening bracket: a pattern that starts with a literal is searched for many
# times faster than one that starts with a class of characters.
_FLOW_NESTING = tuple(
    (opener, re.compile(rf"\{opener}[^\[\]{{}}\n]*(?:[\[{{]|$)", re.MULTILINE)) for opener in "[{"
)
# Each block level below the top needs one more column of indentation or an indicator (- ? :)
# at the start of its line, so a short run bounds the block depth. The first line is matched
# alone, and the others after their line break, for the same reason.
_BLOCK_NESTING_FIRST = re.compile(rf"[ \-?:]{{{MAX_NESTING // 2}}}")
_BLOCK_NESTING = re.compile(rf"\n[ \-?:]{{{MAX_NESTING // 2}}}")


_PLAIN_TAGS = {
    f"tag:yaml.org,2002:{name}"
    for name in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq")
}
_NULLS = {"", "~", "null", "Null", "NULL"}
# The tags that the loader's parser gives plain scalars and mappings (see _parser).
_STR_TAG = "tag:yaml.org,2002:str"
_MAP_TAG = "tag:yaml.org,2002:map"
_ID = re.compile(r"^[A-Z0-9][A-Z0-9-]*$")
_ID_LINE = re.compile(rb"^id: *([A-Z0-9][A-Z0-9-]*) *$", re.MULTILINE)
# What makes a file a timeline for its excerpts: `id:` or `extends:` at its top level, at the
# start of a line or of a flow mapping. A file without is not printed (see _Lines).
_TIMELINE_KEY = re.compile(
    rb"^(?:\xef\xbb\xbf)?(?:\{[ \t]*)?[\"']?(?:id|extends)[\"']?[ \t]*:", re.MULTILINE
)
_URL = re.compile(r"^https?://\S+$")
_DIGITS = re.compile(r"[0-9]+")

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
COUNTS_KEYS = ("parties", "signatories", "on", "source")
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


@record
class Loaded:
    """The treaties that loaded and every problem found, sorted by place.

    `files` are the timeline files that the load was given, read or refused, as named: what a
    command must not write over.
    """

    treaties: tuple[Treaty, ...]
    problems: tuple[Problem, ...]
    files: tuple[Path, ...] = ()

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.is_error)


@record(frozen=False)
class _Document:
    treaty: Treaty | None = None
    extends: tuple[str, Location] | None = None
    events: tuple[Event, ...] = ()
    id_where: Location | None = None


@record(frozen=False)
class _Reader:
    """Convert one file's nodes into records, collecting problems as it goes.

    `aliases` says whether the file may hold an alias at all (it has a '*'); only then are the
    nodes visited remembered, to find one read twice. `untagged` says that no node has an
    explicit tag (the file has no '!'), so that a node's tag alone tells a plain scalar.
    `dates` and `periods` are shared by the files of one load, so that a date written many
    times is parsed and stored once.
    """

    path: str
    bundled: bool
    strict: bool  # every event and claim must cite a source: bundled data, or check --strict
    aliases: bool = True
    untagged: bool = False  # no tag is written in the file, and the parser is the loader's own
    codes: frozenset[str] = frozenset()  # the party codes, for the quick reading of events
    dates: dict[str, PartialDate] = field(default_factory=dict)
    periods: dict[str, Period] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    seen: set[int] = field(default_factory=set)

    # -- reporting ---------------------------------------------------------------------------

    def where(self, node: Node) -> Location:
        return Location(self.path, node.start_mark.line + 1, node.start_mark.column + 1)

    def unsourced(self, what: str) -> str:
        """Say that an event or a claim lacks the source this file must give for it."""
        if self.bundled:
            return f"a bundled {what} needs a source"
        return f"{'an' if what[0] in 'aeiou' else 'a'} {what} without a source (--strict)"

    def report_at(self, where: Location, message: str, hint: str) -> None:
        self.problems.append(Problem(where, message, hint))

    def report(
        self,
        node: Node,
        message: str,
        hint: str | None = None,
        severity: Severity = Severity.ERROR,
    ) -> None:
        start, end = node.start_mark, node.end_mark
        width = end.column - start.column if end.line == start.line else 0
        self.problems.append(
            Problem(self.where(node), message, hint, severity, width=max(width, 1))
        )

    # -- shapes ------------------------------------------------------------------------------

    def visit(self, node: Node) -> bool:
        """Refuse aliases and foreign tags; return False for a node that must not be read."""
        if self.aliases:
            if id(node) in self.seen:
                self.report(
                    node,
                    "this value is used again through an alias; anchors and aliases are not"
                    " supported",
                    "write the value out where it is used",
                )
                return False
            self.seen.add(id(node))
        if node.tag not in _PLAIN_TAGS:
            self.report(
                node,
                f"the tag '{node.tag}' is not allowed",
                "timeline files hold only text, lists and mappings",
            )
            return False
        return True

    def mapping(
        self, node: Node, what: str, keys: Sequence[str], required: Sequence[str] = ()
    ) -> dict[str, Node] | None:
        if not self.visit(node):
            return None
        if node.id != "mapping":
            self.report(
                node, f"expected a mapping for {what}", f"write {what} as 'key: value' lines"
            )
            return None
        found: dict[str, Node] = {}
        first: dict[str, Node] = {}
        for key_node, value_node in node.value:
            key = self.text(key_node, f"a key in {what}")
            if key is None:
                continue
            if key in first:
                line = first[key].start_mark.line + 1
                self.report(
                    key_node, f"duplicate key '{key}'", f"'{key}' is already on line {line}"
                )
                continue
            first[key] = key_node
            if key not in keys:
                self.report(key_node, f"unknown key '{key}' in {what}", suggest(key, keys))
                continue
            found[key] = value_node
        for key in required:
            if key not in found and key not in first:
                self.report(node, f"{what} has no '{key}'", f"add '{key}:'")
        return found

    def sequence(self, node: Node, what: str) -> list[Node]:
        if not self.visit(node):
            return []
        if node.id != "sequence":
            self.report(
                node, f"expected a list for {what}", f"write {what} as [a, b] or '- ' lines"
            )
            return []
        return list(node.value)

    # -- scalars -----------------------------------------------------------------------------

    def text(self, node: Node, what: str) -> str | None:
        # A plain scalar in a file without tags or aliases needs no visit (see _Reader).
        quick = node.tag is _STR_TAG and self.untagged and not self.aliases
        if not quick and not self.visit(node):
            return None
        if not quick and node.id != "scalar":
            self.report(node, f"expected text for {what}", "write a single value")
            return None
        if not node.style and node.value in _NULLS:  # plain style is None or '' by loader
            self.report(node, f"{what} is empty", "write a value, or leave the key out")
            return None
        return str(node.value)

    def converted(
        self, node: Node, what: str, convert: Callable[[str], T], hint: str | None = None
    ) -> T | None:
        raw = self.text(node, what)
        if raw is None:
            return None
        try:
            return convert(raw)
        except (DateError, PeriodError) as error:
            self.report(node, f"{what}: {error}", error.hint)
        except ValueError as error:
            self.report(node, f"{what}: {error}", hint)
        return None

    def plain(self, node: Node) -> str | None:
        """Return a plain scalar's text in a file without tags or aliases, else None.

        For a value already known to be good, the converters below skip the full reading.
        """
        if node.tag is _STR_TAG and self.untagged and not self.aliases:
            return str(node.value)
        return None

    def date(self, node: Node, what: str) -> PartialDate | None:
        return self.remembered(node, what, self.dates, PartialDate.parse)

    def period(self, node: Node, what: str) -> Period | None:
        return self.remembered(node, what, self.periods, parse_period)

    def remembered(
        self, node: Node, what: str, known: dict[str, T], convert: Callable[[str], T]
    ) -> T | None:
        """Convert a plain value once a load, keeping what it gave in `known` by its text."""
        text = self.plain(node)
        found = known.get(text) if text is not None else None
        if found is None:
            found = self.converted(node, what, convert)
            if found is not None and text is not None:
                known[text] = found
        return found

    def count(self, node: Node, what: str) -> int | None:
        return self.converted(node, what, _positive, "write a whole number such as 50")

    def tally(self, node: Node, what: str) -> int | None:
        return self.converted(node, what, _whole, "write a whole number such as 193")

    def url(self, node: Node, what: str) -> str | None:
        value = self.plain(node)
        if value is not None and _URL.match(value):
            return value
        return self.converted(node, what, _url, "write a full address starting with https://")

    def code(self, node: Node, what: str) -> str | None:
        value = self.plain(node)
        if value is not None and value in self.codes:
            return value
        return self.converted(node, what, countries.check, countries.HINT)

    def choice(
        self, node: Node, what: str, kinds: type[E], allowed: Sequence[E] | None = None
    ) -> E | None:
        """Read one of an enum's values, or of the `allowed` few among them."""
        raw = self.text(node, what)
        if raw is None:
            return None
        members = _members(kinds, tuple(allowed) if allowed else None)
        if raw not in members:
            self.report(node, f"unknown {what} '{raw}'", suggest(raw, list(members)))
            return None
        return kinds(raw)

    def treaty_status(self, node: Node, what: str) -> StatusKind | None:
        return self.choice(node, what, StatusKind, TREATY_STATUSES)

    def texts(
        self, node: Node, what: str, convert: Callable[[Node, str], str | None]
    ) -> tuple[str, ...]:
        values = (convert(item, what) for item in self.sequence(node, what))
        return tuple(value for value in values if value is not None)

    # -- records -----------------------------------------------------------------------------

    def document(self, root: Node) -> _Document:
        if root.id == "mapping" and any(
            k.id == "scalar" and k.value == "extends" for k, _ in root.value
        ):
            return self.extension(root)
        fields = self.mapping(root, "a timeline", TREATY_KEYS, ("id", "name", "kind"))
        if fields is None:
            return _Document()
        events = self.events(fields["events"]) if "events" in fields else ()
        membership: Membership | None = None
        heirs: tuple[tuple[str, str], ...] = ()
        if "membership" in fields:
            membership, joined, heirs = self.membership(fields["membership"])
            events = self.merged(events, joined)
        treaty_id = self.optional(
            fields, "id", lambda node, what: self.converted(node, what, _treaty_id)
        )
        name = self.optional(fields, "name", self.text)
        kind = self.choice(fields["kind"], "kind", InstrumentKind) if "kind" in fields else None
        # Read every field before giving up on a missing one, so that all problems show at once.
        rest = {
            "title": self.optional(fields, "title", self.text),
            "aliases": self.texts(fields["aliases"], "aliases", self.text)
            if "aliases" in fields
            else (),
            "tags": self.texts(fields["tags"], "tags", self.text) if "tags" in fields else (),
            "summary": self.optional(fields, "summary", self.text),
            "parties": self.texts(fields["parties"], "parties", self.code)
            if "parties" in fields
            else (),
            "depositaries": (
                self.texts(fields["depositaries"], "depositaries", self.code)
                if "depositaries" in fields
                else ()
            ),
            "successors": tuple(
                dict.fromkeys(
                    [
                        *(self.successors(fields["successors"]) if "successors" in fields else ()),
                        *heirs,
                    ]
                )
            ),
            "rules": self.rules(fields["rules"]) if "rules" in fields else Rules(),
            "status": self.optional(fields, "status", self.treaty_status),
            "membership": membership,
        }
        if treaty_id is None or name is None or kind is None:
            return _Document()
        treaty = Treaty(
            id=treaty_id,
            name=name,
            kind=kind,
            where=self.where(root),
            events=events,
            **rest,  # type: ignore[arg-type]
        )
        return _Document(treaty=treaty, id_where=self.where(fields["id"]))

    def optional(
        self, fields: Mapping[str, Node], key: str, convert: Callable[[Node, str], T | None]
    ) -> T | None:
        return convert(fields[key], key) if key in fields else None

    def extension(self, root: Node) -> _Document:
        fields = self.mapping(root, "an extending timeline", EXTENDING_KEYS, ("extends", "events"))
        if fields is None or "extends" not in fields:
            return _Document()
        target = self.text(fields["extends"], "extends")
        events = self.events(fields["events"]) if "events" in fields else ()
        if target is None:
            return _Document()
        return _Document(extends=(target, self.where(fields["extends"])), events=events)

    def successors(self, node: Node) -> tuple[tuple[str, str], ...]:
        if not self.visit(node):
            return ()
        if node.id != "mapping":
            self.report(node, "expected a mapping for successors", "write successors: {SU: RU}")
            return ()
        pairs: list[tuple[str, str]] = []
        seen: set[str] = set()
        for key_node, value_node in node.value:
            old = self.code(key_node, "a predecessor state")
            if old in seen:
                self.report(key_node, f"duplicate key '{old}'", "list all successors in one list")
                continue
            seen.add(old or "")
            if value_node.id == "sequence":
                new = self.texts(value_node, "successor states", self.code)
            else:
                new = tuple(filter(None, [self.code(value_node, "a successor state")]))
            pairs += [(old, code) for code in new if old is not None]
        return tuple(pairs)

    def membership(
        self, node: Node
    ) -> tuple[Membership | None, tuple[Event, ...], tuple[tuple[str, str], ...]]:
        """Read a membership table: the list it copies, and its lines as events and heirs."""
        fields = self.mapping(node, "the membership table", MEMBERSHIP_KEYS, ("states",))
        if fields is None:
            return None, (), ()
        source = self.optional(fields, "source", self.url)
        read = self.optional(fields, "read", self.date)
        complete = True
        if "complete" in fields:
            flag = self.converted(fields["complete"], "complete", _yes_no, "write yes or no")
            complete = flag is not False
        parties = signatories = counted_on = counts_source = None
        if "counts" in fields:
            found = self.mapping(fields["counts"], "the counts", COUNTS_KEYS, ("on",))
            if found is not None:
                parties = self.optional(found, "parties", self.tally)
                signatories = self.optional(found, "signatories", self.tally)
                counted_on = self.optional(found, "on", self.date)
                counts_source = self.optional(found, "source", self.url)
        note = self.optional(fields, "note", self.text)
        events: list[Event] = []
        heirs: list[tuple[str, str]] = []
        lines: dict[str, int] = {}
        for item in self.sequence(fields["states"], "states") if "states" in fields else ():
            line = self.member(item, source, events, heirs)
            if line is None:
                continue
            code, place = line
            if code in lines:
                self.report(item, f"a second line for {code}", f"line {lines[code]} has {code}")
                continue
            lines[code] = place
        if ("source" in fields and source is None) or ("read" in fields and read is None):
            return None, (), ()
        table = Membership(
            self.where(node),
            source,
            read,
            parties,
            signatories,
            counted_on,
            counts_source,
            complete,
            note,
        )
        return table, tuple(events), tuple(heirs)

    def member(
        self,
        node: Node,
        table_source: str | None,
        events: list[Event],
        heirs: list[tuple[str, str]],
    ) -> tuple[str, int] | None:
        """Read one line of a membership table into `events` and `heirs`; return its state."""
        fields = self.mapping(node, "a line of the membership table", MEMBER_KEYS, ("state",))
        if fields is None:
            return None
        state = self.optional(fields, "state", self.code)
        deposits = [key for key in MEMBER_DEPOSITS if key in fields]
        for extra in deposits[1:]:
            self.report(
                fields[extra],
                f"a second deposit on one line: '{deposits[0]}' and '{extra}'",
                "a state deposits one instrument; give the other in a note",
            )
        if "from" in fields and "succeeded" not in fields:
            self.report(fields["from"], "'from' goes only with succeeded", "remove it")
        if "succeeded" in fields and "from" not in fields:
            self.report(node, "a succession needs 'from', the predecessor", "add from: CODE")
        if not ({"signed", "in_force"} | set(MEMBER_DEPOSITS)) & set(fields):
            self.report(node, "a line with no date", "add signed:, a deposit or in_force:")
        source = self.optional(fields, "source", self.url) or table_source
        if source is None and (self.bundled or self.strict):
            self.report(node, self.unsourced("line"), "add source:, here or for the whole table")
        note = self.optional(fields, "note", self.text)
        predecessor = self.optional(fields, "from", self.code)
        dated = [("signed", EventKind.SIGNED)]
        dated += [(key, MEMBER_DEPOSITS[key]) for key in deposits[:1]]
        dated += [("in_force", EventKind.ENTERED_INTO_FORCE)]
        made = []
        for key, kind in dated:
            when = self.optional(fields, key, self.date) if key in fields else None
            if when is not None:
                made.append((key, Event(kind, when, self.where(fields[key]), state, None, source)))
        if state is None:
            return None
        # The line's note goes with its deposit, or else with its first date.
        noted = next((i for i, (key, _) in enumerate(made) if key in MEMBER_DEPOSITS), 0)
        for index, (_, event) in enumerate(made):
            events.append(replace(event, note=note) if note and index == noted else event)
        if predecessor is not None and "succeeded" in fields:
            heirs.append((predecessor, state))
        return state, node.start_mark.line + 1

    def merged(self, events: tuple[Event, ...], joined: tuple[Event, ...]) -> tuple[Event, ...]:
        """Add a table's events to the file's own; the file's events win where both give one.

        A signature, a deposit or an entry into force of a state given both as an event and on
        its table line is taken once, from the event (which may say more: the count of
        instruments, a note); the two must agree on the date.
        """

        def role(event: Event) -> tuple[str, str | None] | None:
            if event.party is None:
                return None
            if event.kind in DEPOSITS:
                return "deposit", event.party
            if event.kind in (EventKind.SIGNED, EventKind.ENTERED_INTO_FORCE):
                return event.kind.value, event.party
            return None

        own = {role(event): event for event in events if role(event) is not None}
        added = []
        for event in joined:
            match = own.get(role(event))
            if match is None:
                added.append(event)
            elif match.date != event.date:
                line = match.where.line
                self.report_at(
                    event.where,
                    f"the table gives {event.party} {event.kind.value} {event.date}, but the"
                    f" event on line {line} says {match.kind.value} {match.date}",
                    "check both against the source, and keep one",
                )
        return tuple(sorted((*events, *added), key=_date_order))

    def clause(self, fields: Mapping[str, Node], node: Node) -> Clause:
        source = self.optional(fields, "source", self.url)
        return Clause(
            where=self.where(node),
            article=self.optional(fields, "article", self.text),
            text=self.optional(fields, "text", self.text),
            source=source,
        )

    def rules(self, node: Node) -> Rules:
        fields = self.mapping(node, "rules", tuple(RULE_KEYS))
        if fields is None:
            return Rules()
        found: dict[str, object] = {}
        for name, value in fields.items():
            rule = _RULE_READERS[name](self, value)
            if rule is not None:
                found[name] = rule
        return Rules(**found)  # type: ignore[arg-type]

    def duration(self, node: Node) -> Duration | None:
        fields = self.mapping(node, "the duration rule", RULE_KEYS["duration"])
        if fields is None:
            return None
        term = None
        raw_term = self.optional(fields, "term", self.text)
        if raw_term is not None and raw_term != "unlimited":
            try:
                term = parse_period(raw_term)
            except PeriodError as error:
                self.report(fields["term"], f"term: {error}", f"{error.hint}, or 'unlimited'")
        until = self.optional(fields, "until", self.date)
        if "term" in fields and "until" in fields:
            self.report(node, "a duration has a term or an end date, not both", "keep one")
        elif "term" not in fields and "until" not in fields:
            self.report(node, "the duration rule has no 'term' or 'until'", "add term: unlimited")
        return Duration(self.clause(fields, node), term=term, until=until)

    def extension_rule(self, node: Node) -> Extension | None:
        fields = self.mapping(node, "the extension rule", RULE_KEYS["extension"])
        if fields is None:
            return None
        return Extension(
            self.clause(fields, node),
            limit=self.optional(fields, "limit", self.period),
            times=self.optional(fields, "times", self.count),
        )

    def withdrawal(self, node: Node) -> Withdrawal | None:
        keys = RULE_KEYS["withdrawal"]
        fields = self.mapping(node, "the withdrawal rule", keys, ("notice",))
        if fields is None:
            return None
        notice = self.optional(fields, "notice", self.period)
        clause = self.clause(fields, node)
        return None if notice is None else Withdrawal(clause, notice=notice)

    def entry_into_force(self, node: Node) -> EntryIntoForce | None:
        keys = RULE_KEYS["entry_into_force"]
        fields = self.mapping(node, "the entry-into-force rule", keys, ("instruments",))
        if fields is None:
            return None
        instruments = self.optional(fields, "instruments", self.count)
        after = self.optional(fields, "after", self.period)
        counted_from: CountedFrom | None = CountedFrom.DEPOSIT
        if "counted_from" in fields:
            counted_from = self.choice(fields["counted_from"], "counted_from", CountedFrom)
        clause = self.clause(fields, node)
        if instruments is None or counted_from is None:
            return None
        return EntryIntoForce(clause, instruments, after, counted_from)

    def entry_into_force_for_state(self, node: Node) -> StateEntryIntoForce | None:
        keys = RULE_KEYS["entry_into_force_for_state"]
        fields = self.mapping(node, "the rule of entry into force for a state", keys)
        if fields is None:
            return None
        after = self.optional(fields, "after", self.period)
        counted_from: CountedFrom | None = CountedFrom.DEPOSIT
        if "counted_from" in fields:
            counted_from = self.choice(fields["counted_from"], "counted_from", CountedFrom)
        deposited_after: DepositedAfter | None = DepositedAfter.ENTRY_INTO_FORCE
        if "deposited_after" in fields:
            deposited_after = self.choice(
                fields["deposited_after"], "deposited_after", DepositedAfter
            )
        clause = self.clause(fields, node)
        if counted_from is None or deposited_after is None:
            return None
        return StateEntryIntoForce(clause, after, counted_from, deposited_after)

    def renewal(self, node: Node) -> Renewal | None:
        fields = self.mapping(node, "the renewal rule", RULE_KEYS["renewal"], ("period",))
        if fields is None:
            return None
        period = self.optional(fields, "period", self.period)
        clause = self.clause(fields, node)
        return None if period is None else Renewal(clause, period=period)

    def milestones(self, node: Node) -> tuple[Milestone, ...]:
        found: list[Milestone] = []
        for item in self.sequence(node, "milestones"):
            keys = RULE_KEYS["milestones"]
            fields = self.mapping(item, "a milestone rule", keys, ("name", "from", "after"))
            if fields is None:
                continue
            name = self.optional(fields, "name", self.text)
            start = self.optional(fields, "from", self.text)
            after = self.optional(fields, "after", self.period)
            clause = self.clause(fields, item)
            if name in {milestone.name for milestone in found}:
                self.report(fields["name"], f"a second milestone named '{name}'", "rename one")
                continue
            if name is not None and start is not None and after is not None:
                found.append(Milestone(clause, name=name, start=start, after=after))
        return tuple(found)

    def events(self, node: Node) -> tuple[Event, ...]:
        events = (self.event(item) for item in self.sequence(node, "events"))
        return tuple(sorted((e for e in events if e is not None), key=_date_order))

    def event(self, node: Node) -> Event | None:
        if not self.aliases:
            quick = self.plain_event(node)
            if quick is not None:
                return quick
        fields = self.mapping(node, "an event", EVENT_KEYS, ("date", "kind"))
        if fields is None:
            return None
        when = self.optional(fields, "date", self.date)
        kind = self.choice(fields["kind"], "event kind", EventKind) if "kind" in fields else None
        source = self.optional(fields, "source", self.url)
        if kind is not None:
            self.kind_fields(node, kind, fields)
        if (self.bundled or self.strict) and "source" not in fields:
            self.report(node, self.unsourced("event"), "add source: https://...")
        # Read every field before giving up on a bad date or kind, so all problems show at once.
        party = self.optional(fields, "party", self.code)
        note = self.optional(fields, "note", self.text)
        period = self.optional(fields, "period", self.period)
        until = self.optional(fields, "until", self.date)
        instrument = self.optional(fields, "instrument", self.count)
        replaced_by = self.optional(fields, "replaced_by", self.text)
        name = self.optional(fields, "name", self.text)
        contested = self.claims(fields["contested"]) if "contested" in fields else ()
        if when is None or kind is None:
            return None
        return Event(
            kind=kind,
            date=when,
            where=self.where(node),
            party=party,
            note=note,
            source=source,
            period=period,
            until=until,
            instrument=instrument,
            replaced_by=replaced_by,
            contested=contested,
            name=name,
        )

    def plain_event(self, node: Node) -> Event | None:
        """Read an event that is all well-formed in one pass, or return None.

        Most events are a mapping of known keys to plain values that all convert; this reads
        those without a call per field. It never reports: on anything unusual it returns None,
        and `event` reads the node again, field by field, finding every problem. So it must
        accept exactly what that reading accepts without a problem, and build the same event.
        Aliases make a node's second visit a problem, so it serves only files without them.
        """
        untagged = self.untagged
        if untagged:
            if node.tag is not _MAP_TAG:
                return None
        elif node.id != "mapping" or node.tag not in _PLAIN_TAGS:
            return None
        raw: dict[str, str] = {}
        for key_node, value_node in node.value:
            if untagged:
                if key_node.tag is not _STR_TAG or value_node.tag is not _STR_TAG:
                    return None
            elif (
                key_node.id != "scalar"
                or value_node.id != "scalar"
                or key_node.tag not in _PLAIN_TAGS
                or value_node.tag not in _PLAIN_TAGS
            ):
                return None
            key, value = key_node.value, value_node.value
            if key in raw or key not in _PLAIN_EVENT_KEYS:
                return None
            if not value_node.style and value in _NULLS:
                return None
            raw[key] = value
        shape = _EVENT_SHAPES.get(raw.get("kind", ""))
        day = raw.get("date")
        if shape is None or day is None:
            return None
        kind, foreign, needs_party, extended, milestone = shape
        if (
            not foreign.isdisjoint(raw)
            or (needs_party and "party" not in raw)
            or (extended and ("period" in raw) == ("until" in raw))
            or (milestone and "name" not in raw)
            or ((self.bundled or self.strict) and "source" not in raw)
        ):
            return None
        source = raw.get("source")
        if source is not None and not _URL.match(source):
            return None
        party = raw.get("party")
        period = until = instrument = None
        try:
            when = self.dates.get(day) or self.dates.setdefault(day, PartialDate.parse(day))
            if party is not None and party not in self.codes:
                return None
            if "period" in raw:
                text = raw["period"]
                period = self.periods.get(text) or self.periods.setdefault(text, parse_period(text))
            if "until" in raw:
                until = PartialDate.parse(raw["until"])
            if "instrument" in raw:
                instrument = _positive(raw["instrument"])
        except ValueError:  # DateError and PeriodError too: the full reading reports them
            return None
        mark = node.start_mark
        if not _QUICK_RECORDS:
            where = Location(self.path, mark.line + 1, mark.column + 1)
            return Event(kind, when, where, party, raw.get("note"), source, period, until,
                         instrument, raw.get("replaced_by"), (), raw.get("name"))  # fmt: skip
        # The records' __dict__ filled at once, as their __init__ would (see _QUICK_RECORDS).
        where = _new(Location)
        where.__dict__.update(path=self.path, line=mark.line + 1, column=mark.column + 1)
        event = _new(Event)
        event.__dict__.update(
            kind=kind,
            date=when,
            where=where,
            party=party,
            note=raw.get("note"),
            source=source,
            period=period,
            until=until,
            instrument=instrument,
            replaced_by=raw.get("replaced_by"),
            contested=(),
            name=raw.get("name"),
        )
        return event

    def kind_fields(self, node: Node, kind: EventKind, fields: Mapping[str, Node]) -> None:
        """Report fields that this kind of event needs, or cannot have."""
        for key, kinds in ONLY_FOR.items():
            if key in fields and kind not in kinds:
                # In the enum's order: a set's order changes from one run to the next.
                allowed = ", ".join(k.value for k in EventKind if k in kinds)
                self.report(fields[key], f"'{key}' belongs only to {allowed} events", "remove it")
        if kind in NEEDS_PARTY and "party" not in fields:
            self.report(node, f"{kind.with_article()} event needs a party", "add party: CODE")
        if kind is EventKind.EXTENDED and ("period" in fields) == ("until" in fields):
            self.report(node, "an extension needs a period or an until date", "add period: 5 years")
        if kind is EventKind.MILESTONE and "name" not in fields:
            self.report(node, "a milestone event needs a name", "add name: Adoption Day")

    def claims(self, node: Node) -> tuple[Claim, ...]:
        claims = []
        for item in self.sequence(node, "contested"):
            fields = self.mapping(item, "a contested claim", CLAIM_KEYS, ("date",))
            if fields is None:
                continue
            if (self.bundled or self.strict) and "source" not in fields:
                self.report(item, self.unsourced("claim"), "add source: https://...")
            when = self.optional(fields, "date", self.date)
            held_by = self.optional(fields, "held_by", self.text)
            source = self.optional(fields, "source", self.url)
            note = self.optional(fields, "note", self.text)
            if when is not None:
                claims.append(Claim(when, self.where(item), held_by, source, note))
        return tuple(claims)


_RULE_READERS: dict[str, Callable[[_Reader, Node], object]] = {
    "duration": _Reader.duration,
    "extension": _Reader.extension_rule,
    "withdrawal": _Reader.withdrawal,
    "entry_into_force": _Reader.entry_into_force,
    "entry_into_force_for_state": _Reader.entry_into_force_for_state,
    "renewal": _Reader.renewal,
    "milestones": _Reader.milestones,
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


@cache
def _members(kinds: type[E], allowed: tuple[E, ...] | None) -> dict[str, E]:
    """Return the members that may be written, by their spelling, in the enum's order."""
    return {member.value: member for member in (allowed or tuple(kinds))}


def _date_order(event: Event) -> tuple[date, date]:
    """Sort events by date as PartialDate's own order does, without a call per comparison."""
    return event.date.earliest, event.date.latest


def suggest(word: str, choices: Sequence[str]) -> str:
    """Return a 'did you mean' hint, or the list of choices when nothing is close."""
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    if close:
        return f"did you mean '{close[0]}'?"
    return "expected one of: " + ", ".join(choices)


def _treaty_id(text: str) -> str:
    if not _ID.match(text):
        raise ValueError(f"'{text}' is not an id: use capitals, digits and hyphens, as NEW-START")
    return text


def _positive(text: str) -> int:
    if not _DIGITS.fullmatch(text) or int(text) == 0:
        raise ValueError(f"'{text}' is not a whole number above zero")
    return int(text)


def _whole(text: str) -> int:
    if not _DIGITS.fullmatch(text):
        raise ValueError(f"'{text}' is not a whole number")
    return int(text)


def _yes_no(text: str) -> bool:
    answers = {"yes": True, "true": True, "no": False, "false": False}
    if text.lower() not in answers:
        raise ValueError(f"'{text}' is neither yes nor no")
    return answers[text.lower()]


def _url(text: str) -> str:
    if not _URL.match(text):
        raise ValueError(f"'{text}' is not a web address")
    return text


@cache
def _parser() -> type:
    """Return the class that composes YAML: libyaml's parser, or PyYAML's own without it.

    libyaml's composer asks Python for the tag of every node, and PyYAML's resolver tries a
    row of regular expressions on each plain scalar to find one. The loader converts every
    scalar itself and only tells the tags it allows from those it refuses, so this parser gives
    every node its plain tag at once. A plain `<<` or `=` keeps the merge or value tag that
    PyYAML would give it, which the loader refuses as before.
    """
    import yaml

    if not getattr(yaml, "__with_libyaml__", False):  # PyYAML built without libyaml
        return yaml.SafeLoader
    from yaml._yaml import CParser
    from yaml.nodes import ScalarNode, SequenceNode

    special = {"<<": "tag:yaml.org,2002:merge", "=": "tag:yaml.org,2002:value"}
    scalar, sequence, mapping = _STR_TAG, "tag:yaml.org,2002:seq", _MAP_TAG

    class Parser(CParser):
        plain_tags = True  # plain scalars and mappings get exactly _STR_TAG and _MAP_TAG

        def resolve(self, kind: type, value: str, implicit: tuple[bool, bool]) -> str:
            if kind is ScalarNode:
                if implicit[0] and value in special:
                    return special[value]
                return scalar
            return sequence if kind is SequenceNode else mapping

        def descend_resolver(self, parent: object, index: object) -> None:
            return None

        def ascend_resolver(self) -> None:
            return None

    return Parser


def _read(source: Source) -> tuple[bytes, os.stat_result] | Problem:
    """Return a file's bytes and its status, or the problem that stopped reading it."""
    start = Location(str(source.path), 1, 1)
    if source.folder is not None and _links_out(source.path, source.folder):
        # Read, it would show lines of a file that its folder's owner may never have seen
        # (a link to ~/.ssh/config in a pull request prints it into the CI log).
        return Problem(
            start,
            f"not read: a link to a file outside {source.folder}",
            "name the file it points to directly (a PATH of check, --data or TREATYLINE_PATH)"
            " to read it",
        )
    try:
        # A named pipe or a device would make open() or read() wait for ever. So would a file
        # that passes for a regular one (/proc/kmsg), or one swapped for a pipe after the
        # look: it is opened without waiting, and what was opened is looked at again.
        status = os.stat(source.path)
        if not (stat.S_ISREG(status.st_mode) or stat.S_ISDIR(status.st_mode)):
            return _not_regular(start)
        with open(source.path, "rb", buffering=0, opener=_without_waiting) as handle:
            status = os.fstat(handle.fileno())
            if not stat.S_ISREG(status.st_mode):
                return _not_regular(start)
            data = _read_up_to(handle, status.st_size, MAX_FILE_BYTES + 1)
    except OSError as error:
        return Problem(start, f"cannot read the file: {error.strerror}")
    if len(data) > MAX_FILE_BYTES:
        limit = f"{MAX_FILE_BYTES // (1024 * 1024)} MiB"
        treaty_id = _ID_LINE.search(data[:4096])
        extends = f"'extends: {treaty_id.group(1).decode()}'" if treaty_id else "'extends:'"
        hint = f"split it: a file with {extends} adds events to a treaty from another file"
        return Problem(start, f"the file is larger than {limit}", hint)
    return data, status


def _links_out(path: Path, folder: Path) -> bool:
    """Tell whether `path`, found in `folder`, is a link to a place outside that folder."""
    if not os.path.islink(path):
        return False
    inside = os.path.realpath(folder)
    try:
        return os.path.commonpath([inside, os.path.realpath(path)]) != inside
    except ValueError:  # another drive
        return True


def _without_waiting(path: str, flags: int) -> int:
    """Open a file as open() would, but without waiting for a writer or for data to come."""
    return os.open(path, flags | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))


def _not_regular(start: Location) -> Problem:
    message = "cannot read the file: it is not a regular file"
    return Problem(start, message, "timeline files are plain files; copy the data into one")


def _read_up_to(handle: BinaryIO, size: int, limit: int) -> bytes:
    """Read to the end of the file, but no more than `limit` bytes.

    It asks first for as many bytes as the file had when it was looked at, and one more: a
    single read of `limit` would make a buffer of four megabytes for every small file.
    """
    parts: list[bytes] = []
    total, want = 0, min(size + 1, limit)
    while total < limit:
        chunk = handle.read(min(want, limit - total))
        if not chunk:
            break
        parts.append(chunk)
        total += len(chunk)
        want = 1 << 16
    return b"".join(parts)


def _decode(path: str, data: bytes) -> str | Problem:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        where = Location(path, line, column)
        return Problem(where, "the file is not UTF-8 text", "save it as UTF-8")


def _parse(reader: _Reader, text: str) -> tuple[_Document, list[Problem]]:
    """Compose a file's text and convert its nodes into a document, with the problems found."""
    import yaml

    start = Location(reader.path, 1, 1)
    try:
        too_deep = _too_deep(text)
        if too_deep is not None:
            where = Location(reader.path, *too_deep)
            message = f"the data nests deeper than {MAX_NESTING} levels"
            hint = "a timeline needs five: file, events, event, claims, claim"
            return _Document(), [Problem(where, message, hint)]
        root = yaml.compose(text, Loader=_parser())
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        where = Location(reader.path, mark.line + 1, mark.column + 1) if mark else start
        message = f"not valid YAML: {error.problem or error.context}"
        lines = text.splitlines()
        at = (
            lines[mark.line][mark.column : mark.column + 1]
            if mark and mark.line < len(lines)
            else ""
        )
        tabs = "indent with spaces: YAML does not allow tabs here"
        return _Document(), [Problem(where, message, tabs if at == "\t" else error.context)]
    except yaml.reader.ReaderError as error:
        # A character YAML does not allow (a control character): placed where it stands.
        before = text[: error.position]
        where = Location(reader.path, before.count("\n") + 1, len(before) - before.rfind("\n"))
        message = f"not valid YAML: the control character U+{error.character:04X} is not allowed"
        hint = "remove it, or write it as an escape such as \\e in a double-quoted string"
        return _Document(), [Problem(where, message, hint)]
    except yaml.YAMLError as error:
        return _Document(), [Problem(start, f"not valid YAML: {error}")]
    if root is None:
        hint = "a timeline needs at least id, name, kind and events"
        return _Document(), [Problem(start, "the file is empty", hint)]
    document = reader.document(root)
    if "!" in text:
        reader.problems += _plain_tags_written(reader.path, text)
    return document, reader.problems


def _plain_tags_written(path: str, text: str) -> list[Problem]:
    """Return a problem for each tag of a plain type written out (`!!str`, `!!timestamp`).

    The composer gives such a node the same tag as an untagged one, so `_Reader.visit` cannot
    tell them apart; the parser's events can. A timeline holds only text, lists and mappings,
    and the loader reads every value itself, so a tag is never needed: a `!!int 3` or a
    `!!timestamp` would say the file expects YAML's types, which treatyline does not use.
    Other tags are refused where they stand, by `visit`.
    """
    import yaml

    found = []
    for event in yaml.parse(text, Loader=_parser()):
        tag = getattr(event, "tag", None)
        if tag in _PLAIN_TAGS and event.start_mark is not None:
            mark = event.start_mark
            written = "!!" + str(tag).rsplit(":", 1)[1]
            found.append(
                Problem(
                    Location(path, mark.line + 1, mark.column + 1),
                    f"the tag '{written}' is not allowed",
                    "remove it: timeline files hold only text, lists and mappings",
                    width=len(written),
                )
            )
    return found


def read_file(source: Source) -> tuple[_Document, list[Problem], list[str]]:
    """Read one file; return its document, its problems and its lines for excerpts."""
    read = _read(source)
    if isinstance(read, Problem):
        return _Document(), [read], []
    path = str(source.path)
    text = _decode(path, read[0])
    if isinstance(text, Problem):
        return _Document(), [text], []
    document, problems = _parse(_reader(source, text, _Shared()), text)
    return document, problems, text.splitlines() if _TIMELINE_KEY.search(read[0]) else []


def _too_deep(text: str) -> tuple[int, int] | None:
    """Return where (line, column) the nesting first passes MAX_NESTING levels, or None.

    Quick scans clear ordinary files; only a file they cannot clear is walked event by event,
    which libyaml's parser does without recursion.
    """
    if (
        not any(opener in text and pattern.search(text) for opener, pattern in _FLOW_NESTING)
        and not _BLOCK_NESTING_FIRST.match(text)
        and not _BLOCK_NESTING.search(text)
    ):
        return None
    import yaml

    try:
        return _first_too_deep(yaml.parse(text, Loader=_parser()))
    except yaml.YAMLError:
        # libyaml 0.2.5 as PyYAML 6.0.3+ bundles it stops at its own nesting limit (1,000 flow
        # levels) while scanning ahead, before it has reported the level that passed ours. Its
        # message would differ by PyYAML version, so the place is found again with PyYAML's own
        # parser, which has no limit and no recursion; a file that is merely invalid is left
        # to the composer to report.
        try:
            return _first_too_deep(yaml.parse(text, Loader=yaml.SafeLoader))
        except yaml.YAMLError:
            return None


def _first_too_deep(events: Iterator[Any]) -> tuple[int, int] | None:
    """Return where the parse events first open a collection past MAX_NESTING, or None."""
    import yaml

    depth = 0
    for event in events:
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_NESTING:
                mark = event.start_mark
                return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
    return None


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector while the records are built, and restore it after.

    Reading makes millions of objects that all live on and hold no cycles; the collector would
    walk the growing heap again and again for nothing (a third of the time of a large load).
    After the pause, what was made is moved to the oldest generation at once: left young, it
    would be walked twice more on its way there, by whatever runs next (a quarter of a second
    at 100,000 events). freeze() then unfreeze() does exactly that move, and nothing becomes
    uncollectable; it is skipped if the program froze objects of its own.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            if gc.get_freeze_count() == 0:
                gc.freeze()
                gc.unfreeze()
            gc.enable()


class _Lines:
    """The lines of each file read, for the excerpts of problems: decoded only when needed.

    A file that is not a timeline at all (no `id:` or `extends:` at its top) has none: named
    by mistake, or reached through a link, it may hold secrets that must not reach a log.
    """

    def __init__(self) -> None:
        self.data: dict[str, bytes | None] = {}
        self.decoded: dict[str, list[str]] = {}

    def __getitem__(self, path: str) -> list[str]:
        if path not in self.decoded:
            data = self.data.get(path)
            timeline = data is not None and _TIMELINE_KEY.search(data) is not None
            text = _decode(path, data) if data is not None and timeline else None
            self.decoded[path] = text.splitlines() if isinstance(text, str) else []
        return self.decoded[path]


@record(frozen=False)
class _File:
    """One source as a load read it: its document, its problems, and what to keep of it."""

    source: Source
    document: _Document
    problems: list[Problem]
    stamp: Stamp | None = None  # what identifies its bytes; None for a file not to be cached
    written: WrittenKey | None = None  # what changes when it is written (the index's key)
    checked: list[Problem] | None = None  # what the checks found in its treaty, when known
    keep: bool = False  # whether to write it to the cache once its treaty has been checked


@record(frozen=False)
class _Shared:
    """Values that many files repeat, made once a load: dates and periods by their text, and
    dates by their day numbers."""

    dates: dict[str, PartialDate] = field(default_factory=dict)
    periods: dict[str, Period] = field(default_factory=dict)
    days: dict[tuple[int, int], PartialDate] = field(default_factory=dict)
    codes: frozenset[str] | None = None  # the party codes, once a file is to be parsed


def _reader(source: Source, text: str, shared: _Shared) -> _Reader:
    """Return the reader of one file's text: what the quick reading may assume of it."""
    if shared.codes is None:
        shared.codes = frozenset(countries.codes())
    untagged = "!" not in text and getattr(_parser(), "plain_tags", False)
    return _Reader(
        str(source.path),
        source.bundled,
        source.strict,
        "*" in text,
        untagged,
        shared.codes,
        shared.dates,
        shared.periods,
    )


def _read_source(source: Source, store: Cache | None, lines: _Lines, shared: _Shared) -> _File:
    """Read one source, from the cache if it has the file's bytes, else from the file."""
    path = str(source.path)
    read = _read(source)
    if isinstance(read, Problem):
        lines.data[path] = None
        return _File(source, _Document(), [read])
    data, status = read
    lines.data[path] = data
    stamp = (status.st_size, status.st_mtime_ns, zlib.crc32(data))
    written = _written(status)
    if store is not None:
        entry = store.get(path, source.needs_sources, stamp)
        if entry is not None:
            try:
                document, problems, checked = _unpack(entry, path, shared.days)
            except Exception:  # a damaged or foreign entry is a miss, whatever it raises
                pass
            else:
                return _File(source, document, problems, stamp, written, checked)
    text = _decode(path, data)
    if isinstance(text, Problem):
        return _File(source, _Document(), [text])
    document, problems = _parse(_reader(source, text, shared), text)
    return _File(source, document, problems, stamp, written, keep=True)


def _written(status: os.stat_result) -> WrittenKey:
    return (status.st_size, status.st_mtime_ns, status.st_ctime_ns, status.st_ino)


def load(
    sources: Sequence[Source],
    *,
    as_of: date | None = None,
    cache: Path | None = None,
    wanted: str | None = None,
) -> Loaded:
    """Read every source, merge extending files into their treaties, and run the checks.

    Given `as_of`, a status stated in a file is checked against the one its dates give then.
    Given `cache`, a directory, what reading each file gave is kept there and used again while
    the file is unchanged (see `treatyline.cache`): its document and problems, and what the
    checks found in its treaty while no other file extends it. The cross-file steps (merging,
    duplicate ids) and the check of a stated status run every time.

    Given `wanted` too, a treaty's name, only the files that define and extend that treaty are
    read, where the index says which they are: the index of these very sources, kept by the
    last load of them that found no problem at all, and each file unchanged since (by its
    size, times and inode, without reading it). Then the Loaded holds that treaty alone, and
    costs what it costs however many other files there are. Anything else reads every file.
    """
    problems: list[Problem] = []
    lines = _Lines()
    with _collector_paused(), contextlib.ExitStack() as stack:
        store = stack.enter_context(Cache(cache)) if cache is not None else None
        key = _index_key(sources)
        chosen = None
        if store is not None and wanted is not None:
            chosen = _chosen(store.index(key), sources, wanted)
        shared = _Shared()
        read = [_read_source(source, store, lines, shared) for source in chosen or sources]
        for file in read:
            problems += file.problems
        treaties = _merge([file.document for file in read], problems)
        # A treaty that no other file extends is its file's alone, and so is what the checks
        # find in it (the stated status aside, which depends on the as-of date).
        owners = {id(file.document.treaty): file for file in read if file.document.treaty}
        for treaty in treaties:
            owner = owners.get(id(treaty))
            if owner is not None and owner.checked is not None:
                found = owner.checked
            else:
                found = checks.of_treaty(treaty)
                if owner is not None and owner.stamp is not None:
                    owner.checked, owner.keep = found, True
            problems += found
            if as_of is not None:
                problems += checks.stated_status_holds(treaty, as_of=as_of)
        if store is not None:
            for file in read:
                if file.keep and file.stamp is not None:
                    path = str(file.source.path)
                    store.put(path, file.source.needs_sources, file.stamp, _pack(file, path))
            if chosen is None:
                index = {} if problems else _index(read)
                if store.index(key) != index:
                    store.put_index(key, index)
    ordered = sorted((_with_excerpt(p, lines) for p in problems), key=Problem.sort_key)
    return Loaded(tuple(treaties), tuple(ordered), tuple(source.path for source in sources))


# -- the index: which file defines and extends which treaty ------------------------------------


def _index_key(sources: Sequence[Source]) -> str:
    """Name the index of one list of sources: another list, another index."""
    listed = "\0".join(f"{source.path}\1{int(source.needs_sources)}" for source in sources)
    data = listed.encode("utf-8", "surrogateescape")
    return f"{zlib.crc32(data):08x}{zlib.adler32(data):08x}"


def _index(read: Sequence[_File]) -> Index:
    """Return what the index keeps of every file of a load; empty if one was not read whole."""
    index: Index = {}
    for file in read:
        if file.written is None:
            return {}
        treaty, extends = file.document.treaty, file.document.extends
        names = tuple(fold(name) for name in treaty.names()) if treaty is not None else ()
        defined = treaty.id if treaty is not None else None
        extended = extends[0] if extends is not None else None
        index[str(file.source.path)] = (file.written, defined, extended, names)
    return index


def _chosen(index: Index | None, sources: Sequence[Source], wanted: str) -> list[Source] | None:
    """Return the sources that define and extend the treaty called `wanted`, if the index of
    these sources knows it, and knows it alone; None where every file must be read."""
    if not index or len(index) != len(sources):
        return None
    entries = []
    for source in sources:
        entry = index.get(str(source.path))
        try:
            unchanged = entry is not None and entry[0] == _written(os.stat(source.path))
        except OSError:
            return None
        if not unchanged:
            return None
        entries.append(entry)
    name = fold(wanted)
    ids = {entry[1] for entry in entries if entry is not None and name in entry[3]}
    if len(ids) != 1:
        return None  # unknown, or ambiguous: the full reading says so, with suggestions
    (found,) = ids
    return [
        source
        for source, entry in zip(sources, entries, strict=True)
        if entry is not None and found in (entry[1], entry[2])
    ]


# -- the cache's form of a file: pickled records, and events as rows that marshal reads -------
#
# Pickle rebuilds each record through the generic object protocol, which makes an event cost
# about ten microseconds to write and as much to read back: as long as composing the YAML.
# An entry therefore pickles the document without its events, and writes the events as rows
# of plain values (marshal reads a row in well under a microsecond), rebuilt here into the
# very records the file would give. The tests compare loads from the cache with loads from
# the files.


def _pack(file: _File, path: str) -> bytes:
    """Return the cache entry of a file read: its document, problems and checks' findings."""
    document = file.document
    events = document.treaty.events if document.treaty is not None else document.events
    slim = _Document(
        treaty=None if document.treaty is None else replace(document.treaty, events=()),
        extends=document.extends,
        id_where=document.id_where,
    )
    pickled = dumps((slim, file.problems, file.checked), protocol=PICKLE_PROTOCOL)
    rows = marshal.dumps([_row(event, path) for event in events])
    return len(pickled).to_bytes(8, "big") + pickled + rows


def _unpack(
    entry: bytes | memoryview, path: str, days: dict[tuple[int, int], PartialDate]
) -> tuple[_Document, list[Problem], list[Problem] | None]:
    """Return what `_pack` stored; raise on anything that is not its output."""
    size = int.from_bytes(entry[:8], "big")
    slim, problems, checked = loads(entry[8 : 8 + size])
    if not (
        isinstance(slim, _Document)
        and isinstance(problems, list)
        and (checked is None or isinstance(checked, list))
    ):
        raise ValueError("not a cache entry")
    events = _events(marshal.loads(entry[8 + size :]), path, days)
    if slim.treaty is not None:
        slim.treaty = replace(slim.treaty, events=events)
    else:
        slim.events = events
    return slim, problems, checked


def _row(event: Event, path: str) -> _Row:
    """Return an event as plain values: dates as day numbers, the path only if not the file's."""
    where, day = event.where, event.date
    return (
        event.kind._value_,  # as .value, which is a property that costs ten times as much
        day.earliest.toordinal(),
        day.latest.toordinal(),
        where.line,
        where.column,
        None if where.path == path else where.path,
        event.party,
        event.note,
        event.source,
        None if event.period is None else (event.period.count, event.period.unit._value_),
        None
        if event.until is None
        else (event.until.earliest.toordinal(), event.until.latest.toordinal()),
        event.instrument,
        event.replaced_by,
        event.name,
        ()
        if not event.contested
        else tuple(
            (
                claim.date.earliest.toordinal(),
                claim.date.latest.toordinal(),
                claim.where.line,
                claim.where.column,
                None if claim.where.path == path else claim.where.path,
                claim.held_by,
                claim.source,
                claim.note,
            )
            for claim in event.contested
        ),
    )


def _events(
    rows: list[_Row], path: str, days: dict[tuple[int, int], PartialDate]
) -> tuple[Event, ...]:
    """Rebuild the events that `_row` wrote, equal to the ones the file gives.

    `days` holds the dates already made in this load, by their day numbers, to share them.
    """
    lengths: dict[tuple[int, str], Period] = {}

    def day(earliest: int, latest: int) -> PartialDate:
        found = days.get((earliest, latest))
        if found is None:
            found = PartialDate(date.fromordinal(earliest), date.fromordinal(latest))
            days[earliest, latest] = found
        return found

    def length(count: int, unit: str) -> Period:
        found = lengths.get((count, unit))
        if found is None:
            found = lengths[count, unit] = Period(count, Unit(unit))
        return found

    events = []
    for row in rows:
        (kind, earliest, latest, line, column, elsewhere, party, note, source, period, until,
         instrument, replaced_by, name, contested) = row  # fmt: skip
        claims = (
            ()
            if not contested
            else tuple(
                Claim(
                    day(a, b),
                    Location(path if other is None else other, ln, col),
                    held_by,
                    claim_source,
                    claim_note,
                )
                for a, b, ln, col, other, held_by, claim_source, claim_note in contested
            )
        )
        when = days.get((earliest, latest)) or day(earliest, latest)
        length_ = None if period is None else length(*period)
        end = None if until is None else day(*until)
        if not _QUICK_RECORDS:
            where = Location(path if elsewhere is None else elsewhere, line, column)
            events.append(
                Event(
                    _KINDS[kind],
                    when,
                    where,
                    party,
                    note,
                    source,
                    length_,
                    end,
                    instrument,
                    replaced_by,
                    claims,
                    name,
                )
            )
            continue
        where = _new(Location)
        where.__dict__.update(
            path=path if elsewhere is None else elsewhere, line=line, column=column
        )
        event = _new(Event)
        event.__dict__.update(
            kind=_KINDS[kind],
            date=when,
            where=where,
            party=party,
            note=note,
            source=source,
            period=length_,
            until=end,
            instrument=instrument,
            replaced_by=replaced_by,
            contested=claims,
            name=name,
        )
        events.append(event)
    return tuple(events)


_KINDS = {kind.value: kind for kind in EventKind}


def _merge(documents: list[_Document], problems: list[Problem]) -> list[Treaty]:
    by_id: dict[str, Treaty] = {}
    defined_at: dict[str, Location] = {}
    for document in documents:
        treaty = document.treaty
        if treaty is None or document.id_where is None:
            continue
        if treaty.id in by_id:
            first = defined_at[treaty.id]
            problems.append(
                Problem(
                    document.id_where,
                    f"treaty {treaty.id} is already defined in {first}",
                    f"to add events to it, write 'extends: {treaty.id}' and events only",
                )
            )
            continue
        by_id[treaty.id] = treaty
        defined_at[treaty.id] = document.id_where
    for document in documents:
        if document.extends is None:
            continue
        target, where = document.extends
        base = by_id.get(target)
        if base is None:
            problems.append(
                Problem(
                    where, f"no treaty '{target}' to extend", suggest(target.upper(), list(by_id))
                )
            )
            continue
        events = sorted((*base.events, *document.events), key=_date_order)
        by_id[target] = replace(base, events=tuple(events))
    return list(by_id.values())


def _with_excerpt(problem: Problem, texts: _Lines) -> Problem:
    if problem.excerpt is not None:
        return problem
    lines = texts[problem.where.path]
    if not 0 < problem.where.line <= len(lines):
        return problem
    line = lines[problem.where.line - 1]
    width = problem.width
    if width <= 1:
        token = re.match(r"[^\s,\]}]*", line[problem.where.column - 1 :])
        width = max(len(token.group(0)) if token else 1, 1)
    return replace(problem, excerpt=line, width=width)
