"""Own turning one timeline's nodes into records: the treaty, its rules, its membership table
and its events, with every problem found on the way.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from treatyline.errors import Location, Problem
from treatyline.loader.limits import MAX_NESTING, _too_deep
from treatyline.loader.nodes import _Nodes, _parser, _plain_tags_written, _treaty_id, _yes_no
from treatyline.loader.quick import plain_event
from treatyline.loader.shapes import (
    CLAIM_KEYS,
    COUNTS_KEYS,
    EVENT_KEYS,
    EXTENDING_KEYS,
    MEMBER_DEPOSITS,
    MEMBER_KEYS,
    MEMBERSHIP_KEYS,
    NEEDS_PARTY,
    ONLY_FOR,
    RULE_KEYS,
    TREATY_KEYS,
    _date_order,
    _Document,
)
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
    Treaty,
    Withdrawal,
)
from treatyline.periods import PeriodError, parse_period
from treatyline.records import replace

TYPE_CHECKING = False  # typing.TYPE_CHECKING, for mypy; typing itself costs start-up time
if TYPE_CHECKING:
    from typing import TypeVar

    from treatyline.loader.nodes import Node

    T = TypeVar("T")


class _Reader(_Nodes):
    """Convert one file's nodes into a document of records, collecting problems as it goes."""

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
        including: tuple[str, ...] = ()
        if "counts" in fields:
            found = self.mapping(fields["counts"], "the counts", COUNTS_KEYS, ("on",))
            if found is not None:
                parties = self.optional(found, "parties", self.tally)
                signatories = self.optional(found, "signatories", self.tally)
                counted_on = self.optional(found, "on", self.date)
                counts_source = self.optional(found, "source", self.url)
                if "including" in found:
                    including = self.texts(found["including"], "including", self.code)
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
            including,
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
            quick = plain_event(self, node)
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
