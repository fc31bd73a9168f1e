"""Own reading timeline files into records: text -> located YAML nodes -> Treaty, with problems.

The only module that imports yaml. It composes nodes with the safe loader and converts every
scalar itself, so YAML 1.1's guesses (NO as false, 1987 as a number) never reach a record;
duplicate keys, unknown keys, aliases and foreign tags become problems. One bad file, or one
bad event, never stops the others.
"""

from __future__ import annotations

import difflib
import enum
import os
import re
import stat
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import TypeVar

import yaml

from treatyline import checks, countries
from treatyline.catalog import Source
from treatyline.errors import Location, Problem, Severity
from treatyline.model import (
    Claim,
    Clause,
    CountedFrom,
    Duration,
    EntryIntoForce,
    Event,
    EventKind,
    Extension,
    InstrumentKind,
    Milestone,
    Renewal,
    Rules,
    StatusKind,
    Treaty,
    Withdrawal,
)
from treatyline.periods import DateError, PartialDate, Period, PeriodError, parse_period

try:
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # PyYAML built without libyaml
    _Loader = yaml.SafeLoader

MAX_FILE_BYTES = 4 * 1024 * 1024
# A timeline nests five levels deep (file, events, event, claims, claim). libyaml's composer
# recurses once per level in C and overflows the stack somewhere past 20,000 levels, killing
# the process, so deeper files are refused before they are composed.
MAX_NESTING = 50
# A flow collection opened before another one closes, or left open at a line's end: the only
# ways flow nesting can pass one level. Quoted brackets may match too; they cost an exact check.
_FLOW_NESTING = re.compile(r"[\[{][^\[\]{}\n]*(?:[\[{]|$)", re.MULTILINE)
# Each block level below the top needs one more column of indentation or an indicator (- ? :)
# at the start of its line, so a short run bounds the block depth.
_BLOCK_NESTING = re.compile(rf"^[ \-?:]{{{MAX_NESTING // 2},}}", re.MULTILINE)

T = TypeVar("T")
E = TypeVar("E", bound=enum.Enum)
Node = yaml.Node

_PLAIN_TAGS = {
    f"tag:yaml.org,2002:{name}"
    for name in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq")
}
_NULLS = {"", "~", "null", "Null", "NULL"}
_ID = re.compile(r"^[A-Z0-9][A-Z0-9-]*$")
_ID_LINE = re.compile(rb"^id: *([A-Z0-9][A-Z0-9-]*) *$", re.MULTILINE)
_URL = re.compile(r"^https?://\S+$")

NEEDS_PARTY = {
    EventKind.RATIFIED,
    EventKind.ACCEDED,
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
    "instrument": {EventKind.RATIFIED, EventKind.ACCEDED},
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
CLAUSE_KEYS = ("article", "text", "source")
RULE_KEYS = {
    "duration": ("term", "until", *CLAUSE_KEYS),
    "extension": ("limit", "times", *CLAUSE_KEYS),
    "withdrawal": ("notice", *CLAUSE_KEYS),
    "entry_into_force": ("instruments", "after", "counted_from", *CLAUSE_KEYS),
    "renewal": ("period", *CLAUSE_KEYS),
    "milestones": ("name", "from", "after", *CLAUSE_KEYS),
}


@dataclass(frozen=True)
class Loaded:
    """The treaties that loaded and every problem found, sorted by place."""

    treaties: tuple[Treaty, ...]
    problems: tuple[Problem, ...]

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.is_error)


@dataclass
class _Document:
    treaty: Treaty | None = None
    extends: tuple[str, Location] | None = None
    events: tuple[Event, ...] = ()
    id_where: Location | None = None


@dataclass
class _Reader:
    """Convert one file's nodes into records, collecting problems as it goes."""

    path: str
    lines: list[str]
    bundled: bool
    problems: list[Problem] = field(default_factory=list)
    seen: set[int] = field(default_factory=set)

    # -- reporting ---------------------------------------------------------------------------

    def where(self, node: Node) -> Location:
        return Location(self.path, node.start_mark.line + 1, node.start_mark.column + 1)

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
        if id(node) in self.seen:
            self.report(
                node,
                "this value is used again through an alias; anchors and aliases are not supported",
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
        if not isinstance(node, yaml.MappingNode):
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
        if not isinstance(node, yaml.SequenceNode):
            self.report(
                node, f"expected a list for {what}", f"write {what} as [a, b] or '- ' lines"
            )
            return []
        return list(node.value)

    # -- scalars -----------------------------------------------------------------------------

    def text(self, node: Node, what: str) -> str | None:
        if not self.visit(node):
            return None
        if not isinstance(node, yaml.ScalarNode):
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

    def date(self, node: Node, what: str) -> PartialDate | None:
        return self.converted(node, what, PartialDate.parse)

    def period(self, node: Node, what: str) -> Period | None:
        return self.converted(node, what, parse_period)

    def count(self, node: Node, what: str) -> int | None:
        return self.converted(node, what, _positive, "write a whole number such as 50")

    def url(self, node: Node, what: str) -> str | None:
        return self.converted(node, what, _url, "write a full address starting with https://")

    def code(self, node: Node, what: str) -> str | None:
        return self.converted(node, what, countries.check, countries.HINT)

    def choice(
        self, node: Node, what: str, kinds: type[E], allowed: Sequence[E] | None = None
    ) -> E | None:
        """Read one of an enum's values, or of the `allowed` few among them."""
        raw = self.text(node, what)
        if raw is None:
            return None
        values = [member.value for member in (allowed or list(kinds))]
        if raw not in values:
            self.report(node, f"unknown {what} '{raw}'", suggest(raw, values))
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
        if isinstance(root, yaml.MappingNode) and any(
            isinstance(k, yaml.ScalarNode) and k.value == "extends" for k, _ in root.value
        ):
            return self.extension(root)
        fields = self.mapping(root, "a timeline", TREATY_KEYS, ("id", "name", "kind"))
        if fields is None:
            return _Document()
        events = self.events(fields["events"]) if "events" in fields else ()
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
            "successors": self.successors(fields["successors"]) if "successors" in fields else (),
            "rules": self.rules(fields["rules"]) if "rules" in fields else Rules(),
            "status": self.optional(fields, "status", self.treaty_status),
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
        if not isinstance(node, yaml.MappingNode):
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
            if isinstance(value_node, yaml.SequenceNode):
                new = self.texts(value_node, "successor states", self.code)
            else:
                new = tuple(filter(None, [self.code(value_node, "a successor state")]))
            pairs += [(old, code) for code in new if old is not None]
        return tuple(pairs)

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
        return tuple(sorted((e for e in events if e is not None), key=lambda e: e.date))

    def event(self, node: Node) -> Event | None:
        fields = self.mapping(node, "an event", EVENT_KEYS, ("date", "kind"))
        if fields is None:
            return None
        when = self.optional(fields, "date", self.date)
        kind = self.choice(fields["kind"], "event kind", EventKind) if "kind" in fields else None
        source = self.optional(fields, "source", self.url)
        if kind is not None:
            self.kind_fields(node, kind, fields)
        if self.bundled and "source" not in fields:
            self.report(node, "a bundled event needs a source", "add source: https://...")
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

    def kind_fields(self, node: Node, kind: EventKind, fields: Mapping[str, Node]) -> None:
        """Report fields that this kind of event needs, or cannot have."""
        for key, kinds in ONLY_FOR.items():
            if key in fields and kind not in kinds:
                allowed = ", ".join(k.value for k in kinds)
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
            if self.bundled and "source" not in fields:
                self.report(item, "a bundled claim needs a source", "add source: https://...")
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
    "renewal": _Reader.renewal,
    "milestones": _Reader.milestones,
}


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
    if not re.fullmatch(r"[0-9]+", text) or int(text) == 0:
        raise ValueError(f"'{text}' is not a whole number above zero")
    return int(text)


def _url(text: str) -> str:
    if not _URL.match(text):
        raise ValueError(f"'{text}' is not a web address")
    return text


def read_file(source: Source) -> tuple[_Document, list[Problem], list[str]]:
    """Read one file; return its document, its problems and its lines for excerpts."""
    path = str(source.path)
    start = Location(path, 1, 1)
    try:
        # A named pipe or a device would make open() or read() wait for ever.
        kind = os.stat(source.path).st_mode
        if not (stat.S_ISREG(kind) or stat.S_ISDIR(kind)):
            message = "cannot read the file: it is not a regular file"
            hint = "timeline files are plain files; copy the data into one"
            return _Document(), [Problem(start, message, hint)], []
        with open(source.path, "rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        return _Document(), [Problem(start, f"cannot read the file: {error.strerror}")], []
    if len(data) > MAX_FILE_BYTES:
        limit = f"{MAX_FILE_BYTES // (1024 * 1024)} MiB"
        treaty_id = _ID_LINE.search(data[:4096])
        extends = f"'extends: {treaty_id.group(1).decode()}'" if treaty_id else "'extends:'"
        hint = f"split it: a file with {extends} adds events to a treaty from another file"
        return _Document(), [Problem(start, f"the file is larger than {limit}", hint)], []
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        where = Location(path, line, column)
        problem = Problem(where, "the file is not UTF-8 text", "save it as UTF-8")
        return _Document(), [problem], []
    lines = text.splitlines()
    reader = _Reader(path, lines, source.bundled)
    try:
        too_deep = _too_deep(text)
        if too_deep is not None:
            where = Location(path, too_deep.line + 1, too_deep.column + 1)
            message = f"the data nests deeper than {MAX_NESTING} levels"
            hint = "a timeline needs five: file, events, event, claims, claim"
            return _Document(), [Problem(where, message, hint)], lines
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        where = Location(path, mark.line + 1, mark.column + 1) if mark else start
        message = f"not valid YAML: {error.problem or error.context}"
        at = (
            lines[mark.line][mark.column : mark.column + 1]
            if mark and mark.line < len(lines)
            else ""
        )
        hint = "indent with spaces: YAML does not allow tabs here" if at == "\t" else error.context
        return _Document(), [Problem(where, message, hint)], lines
    except yaml.YAMLError as error:
        return _Document(), [Problem(start, f"not valid YAML: {error}")], lines
    if root is None:
        hint = "a timeline needs at least id, name, kind and events"
        return _Document(), [Problem(start, "the file is empty", hint)], lines
    document = reader.document(root)
    return document, reader.problems, lines


def _too_deep(text: str) -> yaml.Mark | None:
    """Return where the nesting first passes MAX_NESTING levels, or None.

    Two quick scans clear ordinary files; only a file they cannot clear is walked event by
    event, which libyaml's parser does without recursion.
    """
    if not _FLOW_NESTING.search(text) and not _BLOCK_NESTING.search(text):
        return None
    depth = 0
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_NESTING:
                return event.start_mark
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
    return None


def load(sources: Sequence[Source], *, as_of: date | None = None) -> Loaded:
    """Read every source, merge extending files into their treaties, and run the checks.

    Given `as_of`, a status stated in a file is checked against the one its dates give then.
    """
    problems: list[Problem] = []
    texts: dict[str, list[str]] = {}
    documents: list[_Document] = []
    for source in sources:
        document, found, lines = read_file(source)
        problems += found
        texts[str(source.path)] = lines
        documents.append(document)
    treaties = _merge(documents, problems)
    problems += checks.run(treaties, as_of=as_of)
    ordered = sorted((_with_excerpt(p, texts) for p in problems), key=Problem.sort_key)
    return Loaded(tuple(treaties), tuple(ordered))


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
        events = sorted((*base.events, *document.events), key=lambda e: e.date)
        by_id[target] = replace(base, events=tuple(events))
    return list(by_id.values())


def _with_excerpt(problem: Problem, texts: Mapping[str, list[str]]) -> Problem:
    lines = texts.get(problem.where.path) or []
    if problem.excerpt is not None or not 0 < problem.where.line <= len(lines):
        return problem
    line = lines[problem.where.line - 1]
    width = problem.width
    if width <= 1:
        token = re.match(r"[^\s,\]}]*", line[problem.where.column - 1 :])
        width = max(len(token.group(0)) if token else 1, 1)
    return replace(problem, excerpt=line, width=width)
