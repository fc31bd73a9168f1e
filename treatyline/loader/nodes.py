"""Own the located reading of YAML nodes: shapes and scalars converted one by one, each
problem reported with its file, line and column, and the YAML parser that composes them.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Callable, Sequence
from functools import cache

from treatyline import countries
from treatyline.errors import Location, Problem, Severity
from treatyline.loader.shapes import TREATY_STATUSES
from treatyline.model import StatusKind
from treatyline.periods import DateError, PartialDate, Period, PeriodError, parse_period
from treatyline.records import field, record

TYPE_CHECKING = False  # typing.TYPE_CHECKING, for mypy; typing itself costs start-up time
if TYPE_CHECKING:
    from typing import Any, TypeVar

    T = TypeVar("T")
    E = TypeVar("E", bound=enum.Enum)
    # yaml is imported only when a file is parsed, not when the cache has it, and its stubs do
    # not declare the `id` ("scalar", "sequence", "mapping") by which nodes are told apart here.
    Node = Any

_PLAIN_TAGS = {
    f"tag:yaml.org,2002:{name}"
    for name in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq")
}
_NULLS = {"", "~", "null", "Null", "NULL"}
# The tags that the loader's parser gives plain scalars and mappings (see _parser).
_STR_TAG = "tag:yaml.org,2002:str"
_MAP_TAG = "tag:yaml.org,2002:map"
_ID = re.compile(r"^[A-Z0-9][A-Z0-9-]*$")
_URL = re.compile(r"^https?://\S+$")
_DIGITS = re.compile(r"[0-9]+")


@record(frozen=False)
class _Nodes:
    """Read one file's nodes one by one, collecting problems with their places as it goes.

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


@cache
def _members(kinds: type[E], allowed: tuple[E, ...] | None) -> dict[str, E]:
    """Return the members that may be written, by their spelling, in the enum's order."""
    return {member.value: member for member in (allowed or tuple(kinds))}


def suggest(word: str, choices: Sequence[str]) -> str:
    """Return a 'did you mean' hint, or the list of choices when nothing is close."""
    import difflib  # here: only a mistake needs it, and it costs start-up time

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
