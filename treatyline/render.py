"""Own the terminal views: rich renderables for treaties, deadlines and problems; never prints."""

from __future__ import annotations

import copy
import dataclasses
import re
from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from typing import TYPE_CHECKING

from rich.cells import cell_len, chop_cells
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.measure import Measurement
from rich.segment import Segment
from rich.style import Style
from rich.table import Column, Row, Table
from rich.text import Text

from treatyline import chart, countries, engine, members
from treatyline.errors import Problem, Severity
from treatyline.model import (
    Agreement,
    Clause,
    Deadline,
    DeadlineKind,
    DeadlineStatus,
    Event,
    EventKind,
    Rules,
    Status,
    StatusKind,
    Treaty,
    words,
)
from treatyline.records import record

if TYPE_CHECKING:
    from typing import Any

    from treatyline import api, scenario

STATUS_STYLES = {
    StatusKind.IN_FORCE: "green",
    StatusKind.PARTY: "green",
    StatusKind.SUSPENDED: "yellow",
    StatusKind.WITHDRAWING: "yellow",
    StatusKind.EXPIRED: "red",
    StatusKind.TERMINATED: "red",
    StatusKind.WITHDRAWN: "red",
    StatusKind.NEVER_IN_FORCE: "red",
    StatusKind.RENOUNCED: "red",
}
DEADLINE_STYLES = {
    DeadlineStatus.PASSED: "dim",
    DeadlineStatus.UPCOMING: "bold",
    DeadlineStatus.AVERTED: "strike dim",
    DeadlineStatus.PENDING: "yellow",
    DeadlineStatus.DEFERRED: "yellow",
}
KIND_WORDS = {
    "withdrawal_effective": "withdrawal takes effect",
    "expiry": "expiry",
    "entry_into_force": "entry into force",
    "renewal": "renewal",
    "milestone": "milestone",
}

EVENT_NOUNS = {
    "extended": "extension",
    "notice_suspended": "suspension of the notice",
    "notice_revoked": "revocation of the notice",
    "terminated": "termination",
    "superseded": "supersession",
    "withdrawal_effective": "withdrawal",
    "renounced": "renunciation",
}


def status_text(status: Status) -> Text:
    text = Text(words(status.kind.value), style=STATUS_STYLES.get(status.kind, ""))
    if status.since is not None:
        text.append(f" since {status.since}")
    if status.reason:
        text.append(f" ({status.reason})", style="dim")
    if status.contested:
        text.append(", contested", style="bold")
    return text


def contested_lines(status: Status) -> Text:
    """Return each other side's reading of a contested status, one line each."""
    lines = Text()
    for claim in status.contested:
        lines.append(f"\n  contested: {claim.date}, held by {visible(claim.holder)}")
        if claim.source:
            lines.append(f" (source: {visible(claim.source)})", style="dim")
    return lines


def party_name(code: str) -> str:
    return f"{countries.name(code)} ({code})"


# What a link's target keeps as it is: letters, digits and "_.-~" (RFC 3986's unreserved
# characters), the characters it gives a meaning, and "%" so that an address already escaped
# stays as it was. urllib.parse.quote(url, safe=...) does the same (tests/test_render.py
# compares them), but importing it costs a millisecond of every `show`.
_URL_KEPT = frozenset(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-~!#$%&'()*+,/:;=?@[]"
)


def percent_encoded(url: str) -> str:
    """Return `url` with every character that a link's target must not hold as is written as
    %XX escapes of its UTF-8 bytes."""
    return "".join(
        character if character in _URL_KEPT else "".join(f"%{b:02X}" for b in character.encode())
        for character in url
    )


def _link(url: str) -> Style:
    """Return a style that makes text a hyperlink to `url` (OSC 8 on a terminal, <a href> in
    HTML); a console without colour, as when piped, writes the text alone.

    The target is percent-encoded: a terminal reads it inside an escape sequence and a page
    inside a quoted attribute, and a quote, an angle bracket or a control character from a
    timeline file must not end either early.
    """
    return Style(link=percent_encoded(url))


def _sources(cited: list[str], url: str | None) -> Text:
    """Return the footnote mark for `url`, a link to it, adding it to `cited` the first time."""
    if url is None:
        return Text()
    if url not in cited:
        cited.append(url)
    return Text(f"[{cited.index(url) + 1}]", style=_link(url))


@record
class _SourceList:
    """The numbered addresses under a view, each whole and a hyperlink; one too long for the
    line folds under itself, not under its number. Measured, each takes one line."""

    urls: tuple[str, ...]

    def _marks(self) -> Iterator[tuple[str, str]]:
        for number, url in enumerate(self.urls, start=1):
            yield f"[{number}] ", url

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        widths = [(len(mark), len(mark) + cell_len(url)) for mark, url in self._marks()]
        least = max((mark + 1 for mark, _ in widths), default=0)
        return Measurement(least, max((whole for _, whole in widths), default=0))

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        for mark, url in self._marks():
            style = _link(url)  # each piece links to the whole address
            pieces = chop_cells(url, max(options.max_width - len(mark), 1))
            for index, piece in enumerate(pieces or [""]):
                line = Text(mark if index == 0 else " " * len(mark))
                line.append(piece, style=style)
                yield line


# C0 controls, DEL and C1: what a terminal acts on (clears the screen, sets its title, writes
# the clipboard) instead of showing. A value from a file shows them as escapes.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_NAMED_CONTROLS = {"\n": "\\n", "\t": "\\t", "\r": "\\r"}


_CONTROL_BUT_NEWLINE = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]")


def _escape(match: re.Match[str]) -> str:
    return _NAMED_CONTROLS.get(match[0], f"\\x{ord(match[0]):02x}")


def visible(text: str) -> str:
    """Return `text` with each control character written as an escape: `\\x1b`, `\\n`."""
    return _CONTROL.sub(_escape, text) if _CONTROL.search(text) else text


@record
class Shown:
    """A renderable whose text, wherever it came from, reaches the terminal only as text.

    Every view is printed through it: a note with an escape sequence from a timeline file
    shows the sequence, and styles and links, which rich writes from its own records, stay.
    """

    renderable: RenderableType

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement.get(console, options, self.renderable)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        # Line breaks are the view's own: one inside a value is escaped where it could start
        # a line that looks like something else (`problem`, the header).
        for segment in console.render(self.renderable, options):
            if segment.control is None and _CONTROL_BUT_NEWLINE.search(segment.text):
                segment = Segment(_CONTROL_BUT_NEWLINE.sub(_escape, segment.text), segment.style)
            yield segment


def _header(treaty: Treaty, timeline: engine.Timeline) -> RenderableType:
    # A line break in a name would start a line of its own: shown as an escape instead.
    lines = Text()
    lines.append(visible(treaty.name), style="bold")
    lines.append(f"  ({treaty.id})\n")
    if treaty.title:
        lines.append(f"{visible(treaty.title)}\n", style="italic")
    if treaty.aliases:
        lines.append(f"Also: {visible('; '.join(treaty.aliases))}\n", style="dim")
    lines.append(f"Kind: {words(treaty.kind.value)}\n")
    if treaty.parties:
        lines.append(f"Parties: {', '.join(party_name(c) for c in treaty.parties)}\n")
    known = engine.successions_known(treaty, as_of=timeline.as_of, ceased_only=True)
    for old in dict.fromkeys(old for old, _ in known):
        heirs = ", ".join(party_name(new) for o, new in known if o == old)
        lines.append(f"Successors of {countries.name(old)}: {heirs}\n")
    if depositaries := engine.depositaries_known(treaty, as_of=timeline.as_of):
        lines.append(f"Depositaries: {', '.join(party_name(c) for c in depositaries)}\n")
    lines.append_text(_statuses(timeline))
    if treaty.summary:
        lines.append(f"\n{visible(treaty.summary)}")
    return lines


def _statuses(timeline: engine.Timeline) -> Text:
    """Return the treaty's status on the as-of date, and each party's under it.

    A treaty with a membership table gets its counts instead, and only the states whose
    status says more than party or signatory; `show --members` lists them all.
    """
    lines = Text(f"Status on {timeline.as_of}: ")
    status = engine.status_from(timeline)
    lines.append_text(status_text(status))
    lines.append_text(contested_lines(status))
    statuses = engine.party_statuses_from(timeline)
    table = timeline.treaty.membership
    if table is not None:
        lines.append("\n").append_text(_counts(timeline, statuses))
        statuses = members.notable(statuses)
    for code, state in statuses.items():
        lines.append(f"\n  {code}: ")
        lines.append_text(status_text(state))
    return lines


def _counts(timeline: engine.Timeline, statuses: dict[str, Status]) -> Text:
    """Return the parties and signatories on the as-of date, and what the list itself says."""
    table = timeline.treaty.membership
    assert table is not None
    found = engine.tally(timeline, statuses)
    words = members.count_words(timeline, found.parties)
    text = Text(f"Members on {timeline.as_of}: ")
    text.append(f"{len(found.parties)} {words.deposited}", style="bold")
    text.append(f", {len(found.signatories)} signatories")
    outside = sorted(set(found.signatories) - set(found.parties))
    if outside:
        names = ", ".join(outside) if len(outside) <= 12 else f"{len(outside)} states"
        text.append(f"; {words.signed_only}: {names}")
    listed = members.list_counts(table, words, timeline.as_of)
    if listed is not None:
        text.append(f" (the status list: {listed})", style="dim")
    if not table.complete:
        text.append("\n  The membership table is incomplete", style="yellow")
        whole = len(timeline.events) == len(timeline.treaty.events)
        text.append(f": {table.note}" if table.note and whole else ".", style="dim")
    return text


@record
class RuleLine:
    """One rule as `show` words it: its name, what it says, and its clause."""

    name: str
    what: str
    clause: Clause


def rule_lines(rules: Rules) -> list[RuleLine]:
    """Return the rules as `show` words them: what each says, and its clause."""
    found = []
    if rules.duration is not None:
        d = rules.duration
        what = "unlimited"
        if d.until is not None:
            what = f"until {d.until}"
        elif d.term is not None:
            what = f"{d.term} from entry into force"
        found.append(RuleLine("duration", what, d.clause))
    if rules.extension is not None:
        e = rules.extension
        parts = [
            f"at most {e.limit}" if e.limit else "",
            f"{e.times} time{'s' if e.times != 1 else ''}" if e.times else "",
        ]
        found.append(RuleLine("extension", ", ".join(p for p in parts if p) or "allowed", e.clause))
    if rules.withdrawal is not None:
        w = rules.withdrawal
        found.append(RuleLine("withdrawal", f"notice of {w.notice}", w.clause))
    if rules.entry_into_force is not None:
        f = rules.entry_into_force
        when = f"{f.after} after" if f.after else "on"
        found.append(
            RuleLine("entry into force", f"{when} the instrument no. {f.instruments}", f.clause)
        )
    if rules.entry_into_force_for_state is not None:
        g = rules.entry_into_force_for_state
        start = (
            "its deposit"
            if g.counted_from.value == "deposit"
            else "the first day of the month of its deposit"
        )
        when = f"{g.after} after {start}" if g.after else f"on {start}"
        later = (
            "after the last instrument needed"
            if g.deposited_after.value == "last_instrument"
            else "after entry into force"
        )
        found.append(RuleLine("for a state", f"{when}, for a deposit {later}", g.clause))
    if rules.renewal is not None:
        r = rules.renewal
        found.append(RuleLine("renewal", f"automatic, every {r.period}", r.clause))
    for m in rules.milestones:
        what = f"{m.name}: {m.after} after {words(m.start)}"
        found.append(RuleLine("milestone", what, m.clause))
    return found


def _rules(treaty: Treaty, cited: list[str]) -> RenderableType | None:
    rows = rule_lines(treaty.rules)
    if not rows:
        return None
    table = Table(title="Rules", title_justify="left", expand=False, show_edge=False)
    table.add_column("rule")
    table.add_column("what")
    table.add_column("article")
    table.add_column("words", ratio=1)
    table.add_column("src")
    for row in rows:
        clause = row.clause
        table.add_row(
            row.name,
            row.what,
            clause.article or "",
            clause.text or "",
            _sources(cited, clause.source),
        )
    return table


def _chronology(timeline: engine.Timeline, cited: list[str]) -> Table:
    table = Table(title="Chronology", title_justify="left", show_edge=False)
    table.add_column("date", no_wrap=True)
    table.add_column("event", max_width=24)
    table.add_column("party")
    table.add_column("details", ratio=1)
    table.add_column("src", no_wrap=True)
    rows: list[tuple[tuple[date, int], Sequence[RenderableType]]] = []
    treaty = timeline.treaty
    for event in timeline.events:
        if not members.is_table_act(treaty, event):
            rows.append(((event.date.earliest, 0), _event_row(event, cited)))
    for deadline in timeline.deadlines:
        if treaty.membership is not None and _joins(deadline):
            continue
        when = deadline.date.earliest if deadline.date else date.max
        rows.append(((when, 1), _deadline_row(deadline)))
    for _, row in sorted(rows, key=lambda item: item[0]):
        table.add_row(*row)
    left = sum(members.is_table_act(treaty, e) for e in timeline.events)
    if left:
        table.caption = (
            f"{left} signatures, deposits and entries into force of states are in the"
            f" membership list: treatyline show {treaty.id} --members"
        )
        table.caption_justify = "left"
    return table


def _joins(deadline: Deadline) -> bool:
    """Return whether `deadline` is a state's own entry into force, computed from its deposit."""
    return deadline.kind is DeadlineKind.ENTRY_INTO_FORCE and deadline.party is not None


def members_table(timeline: engine.Timeline) -> Table:
    """Return every state of the treaty's record: its signature, deposit, entry into force
    for it (recorded, or computed from the treaty's rule) and status on the as-of date."""
    table = Table(title=f"Members on {timeline.as_of}", title_justify="left", show_edge=False)
    table.add_column("state")
    table.add_column("name", ratio=1)
    table.add_column("signed", no_wrap=True)
    table.add_column("deposit", no_wrap=True)
    table.add_column("in force for it", no_wrap=True)
    table.add_column("status", ratio=1)
    for member in members.members(timeline):
        deposit = member.deposit
        table.add_row(
            member.state,
            countries.name(member.state),
            str(member.signed.date) if member.signed else "",
            f"{deposit.kind.value} {deposit.date}" if deposit else "",
            str(member.in_force) if member.in_force else "",
            status_text(member.status),
        )
    return table


def _event_row(event: Event, cited: list[str]) -> Sequence[RenderableType]:
    details = Text(event.note or "")
    if event.period or event.until:
        length = f"by {event.period}" if event.period else f"until {event.until}"
        details.append(f" Extended {length}.")
    for claim in event.contested:
        details.append(f"\nContested: {claim.date}, held by {claim.holder}")
        if claim.note:
            details.append(f": {claim.note}")
        details.append(" ").append_text(_sources(cited, claim.source))
    return (
        str(event.date),
        words(event.kind.value),
        event.party or "",
        details,
        _sources(cited, event.source),
    )


def deadline_name(deadline: Deadline) -> str:
    """Name the deadline: its kind, or a milestone's own name."""
    return deadline.label or KIND_WORDS[deadline.kind.value]


def _deadline_row(deadline: Deadline, *, computed: bool = True) -> Sequence[RenderableType]:
    """Return a deadline's cells: date, name (marked as computed, among recorded events, with
    `computed`), party, how it was computed, and an empty source."""
    style = DEADLINE_STYLES[deadline.status]
    when = Text(str(deadline.date) if deadline.date else "(stopped)", style=style)
    what = Text(deadline_name(deadline), style="cyan")
    if computed:
        what.append("\n(computed)", style="dim")
    return (when, what, deadline.party or "", explain(deadline), "")


def explain(deadline: Deadline, *, with_status: bool = True) -> Text:
    """Say how a deadline was computed, what became of it, and how it compares to the record."""
    text = Text(deadline.rule)
    if deadline.article:
        text.append(f" (Art. {deadline.article})")
    averted = deadline.averted_by
    if with_status and averted is None:
        text.append(f"; {deadline.status.value}", style=DEADLINE_STYLES[deadline.status])
    if averted is not None and deadline.status is DeadlineStatus.DEFERRED:
        text.append(f"; deferred on {averted.date}")
        if averted.note:
            text.append(f": {averted.note.rstrip('.')}")
    elif averted is not None:
        noun = EVENT_NOUNS.get(averted.kind.value, words(averted.kind.value))
        text.append(f"; averted by the {noun} of {averted.date}")
    if deadline.remaining is not None:
        text.append(f", {deadline.remaining} left when the clock restarts")
    agreement = deadline.agreement()
    if agreement is not None and deadline.recorded is not None:
        text.append(f"; {AGREEMENT_WORDS[agreement].format(recorded=deadline.recorded.date)}")
        claim = deadline.supporting_claim()
        if claim is not None:
            text.append(f", but agrees with {claim.date}, held by {claim.holder}")
    return text


AGREEMENT_WORDS = {
    Agreement.SAME: "agrees with the record",
    Agreement.NEXT_DAY: "the record says {recorded}, the start of the next day: the same instant",
    Agreement.OVERLAPS: "the record says {recorded}, which it may match",
    Agreement.DIFFERS: "the record says {recorded}: they differ",
}


def treaty_view(
    timeline: engine.Timeline, *, brief: bool = False, members: bool = False
) -> RenderableType:
    """Return the full view of one treaty: header, rules, a drawing, chronology and sources;
    `brief`, only its status, its parties' and its computed deadlines; `members` adds the
    list of every state's signature, deposit and status."""
    view = _brief(timeline) if brief else _full(timeline)
    if members:
        return Group(view, Text(), members_table(timeline))
    return view


def _full(timeline: engine.Timeline) -> RenderableType:
    cited: list[str] = []
    parts: list[RenderableType] = [_header(timeline.treaty, timeline), Text()]
    rules = _rules(timeline.treaty, cited)
    if rules is not None:
        parts += [rules, Text()]
    drawing = chart.treaty_drawing(timeline)
    if drawing is not None:
        parts += [drawing, Text()]
    parts.append(_chronology(timeline, cited))
    later = len(timeline.treaty.events) - len(timeline.events)
    if later:
        parts.append(Text(f"{later} later event(s) after {timeline.as_of} not shown.", style="dim"))
    if cited:
        parts += [Text("\nSources", style="bold"), _SourceList(tuple(cited)), Text()]
    return Group(*parts)


def _brief(timeline: engine.Timeline) -> RenderableType:
    """Return one treaty at a glance: its name, its status and each party's, and the computed
    deadlines with how each was computed; no rule texts, chronology, drawing or sources.

    Of a series of automatic renewals only the last passed one is listed: it says where the
    term stands, and the earlier ones are counted in a note.
    """
    treaty = timeline.treaty
    name = Text(visible(treaty.name), style="bold")
    name.append(f"  ({treaty.id})")
    parts: list[RenderableType] = [name, _statuses(timeline), Text()]
    shown = timeline.deadlines
    if treaty.membership is not None:
        shown = tuple(d for d in shown if not _joins(d))
    deadlines, earlier = _glance(shown)
    earlier += timeline.renewals_left_out  # the engine lists no more than RENEWALS_LISTED
    if deadlines:
        table = Table(title="Computed deadlines", title_justify="left", show_edge=False)
        table.add_column("date", no_wrap=True)
        table.add_column("deadline", max_width=24)
        table.add_column("party")
        table.add_column("how", ratio=1)
        for deadline in deadlines:
            when, what, party, how, _ = _deadline_row(deadline, computed=False)
            table.add_row(when, what, party, how)
        parts.append(table)
    else:
        parts.append(Text("No computed deadlines."))
    notes = Text(style="dim")
    if earlier:
        notes.append(f"{earlier:,} earlier renewal{'' if earlier == 1 else 's'} not shown.\n")
    joined = len(timeline.deadlines) - len(shown)
    if joined:
        notes.append(f"{joined} entries into force for single states: --members lists them.\n")
    notes.append(f"Rules, chronology and sources: treatyline show {treaty.id}")
    parts += [Text(), notes]
    return Group(*parts)


def _glance(deadlines: Iterable[Deadline]) -> tuple[list[Deadline], int]:
    """Return the deadlines a glance needs, in date order, and how many earlier renewals it
    leaves out: the last passed renewal of each series stays."""
    ordered = sorted(deadlines, key=engine.deadline_order)
    last: dict[tuple[str | None, str], int] = {}
    for index, deadline in enumerate(ordered):
        if deadline.kind is DeadlineKind.RENEWAL and deadline.status is DeadlineStatus.PASSED:
            last[deadline.party, deadline_name(deadline)] = index
    kept = [
        deadline
        for index, deadline in enumerate(ordered)
        if deadline.kind is not DeadlineKind.RENEWAL
        or deadline.status is not DeadlineStatus.PASSED
        or last[deadline.party, deadline_name(deadline)] == index
    ]
    return kept, len(ordered) - len(kept)


def deadlines_table(deadlines: Iterable[Deadline], *, as_of: date) -> Table:
    table = Table(title=f"Deadlines (status as of {as_of})", title_justify="left", show_edge=False)
    table.add_column("date", no_wrap=True)
    table.add_column("treaty", no_wrap=True)
    table.add_column("deadline", max_width=18)
    table.add_column("party")
    table.add_column("status")
    table.add_column("how", ratio=1)
    for deadline in deadlines:
        style = DEADLINE_STYLES[deadline.status]
        table.add_row(
            str(deadline.date) if deadline.date else "(stopped)",
            deadline.treaty,
            deadline_name(deadline),
            deadline.party or "",
            Text(deadline.status.value, style=style),
            explain(deadline, with_status=False),
        )
    return table


def treaties_table(
    rows: Iterable[api.TreatyRow], *, as_of: date, party: str | None = None
) -> Table:
    """Return the treaties with their status; with `party`, that state's status in each."""
    title = f"Treaties (status as of {as_of})"
    if party is not None:
        title = f"Treaties of {party_name(party)} (status as of {as_of})"
    table = Table(title=title, title_justify="left", show_edge=False)
    table.add_column("id", no_wrap=True)
    table.add_column("name")
    table.add_column("kind")
    if party is not None:
        table.add_column(party, ratio=1)
    table.add_column("status", ratio=1)
    for row in rows:
        cells: list[RenderableType] = [
            row.treaty.id,
            visible(row.treaty.name),
            words(row.treaty.kind.value),
        ]
        if row.party is not None:
            cells.append(status_text(row.party))
        table.add_row(*cells, status_text(row.status))
    return table


# A state's acts that the profile names beside its joining: how it left, or began to.
_LEAVING_ACTS = (
    EventKind.WITHDRAWAL_NOTICE,
    EventKind.NOTICE_REVOKED,
    EventKind.WITHDRAWAL_EFFECTIVE,
    EventKind.DERATIFIED,
    EventKind.RENOUNCED,
    EventKind.SUSPENDED,
    EventKind.SUSPENSION_ENDED,
)


def party_view(state: str, records: Sequence[members.Record], *, as_of: date) -> RenderableType:
    """Return a state's profile: every treaty it signed or joined, its status in each, when it
    joined and left, and any notice or entry into force still to come."""
    table = Table(
        title=f"{party_name(state)}: treaties on {as_of}", title_justify="left", show_edge=False
    )
    # Only the dates never wrap: a treaty's name and the acts wrap between words, so that the
    # table needs far fewer columns (`party RU` fits 100).
    table.add_column("treaty")
    table.add_column("status", ratio=2)
    table.add_column("signed", no_wrap=True)
    table.add_column("joined")
    table.add_column("left or to come", ratio=2)
    for found in records:
        member = found.member
        joined, deposit = "", member.deposit
        if deposit is not None:
            joined = f"{words(deposit.kind.value)} {deposit.date}"
            if member.in_force is not None and member.in_force != deposit.date:
                joined += f"\nin force {member.in_force}"
        elif member.in_force is not None:  # bound with the treaty, as a party it names
            joined = f"in force {member.in_force}"
        ended = Text()
        for event in found.acts:
            if event.kind in _LEAVING_ACTS:
                ended.append(f"{words(event.kind.value)} {event.date}\n")
        for deadline in found.pending:
            ended.append(
                f"{deadline_name(deadline)} {deadline.date or '(clock stopped)'}\n", style="bold"
            )
        ended.rstrip()
        name = Text(found.treaty.id)
        name.append(f"\n{visible(found.treaty.name)}", style="dim")
        table.add_row(
            name,
            status_text(member.status),
            str(member.signed.date) if member.signed else "",
            joined,
            ended,
        )
    return table


SEVERITY_STYLES = {Severity.ERROR: "bold red", Severity.WARNING: "bold yellow"}


def problem(found: Problem) -> Text:
    """Return one problem in the gcc-like format that editors and grep understand.

    What comes from the file (its name, a quoted key or value, the excerpt) shows its control
    characters as escapes, so that no value can start a line of its own: a forged
    `path:1:1: error:` or a CI runner's `::error` command.
    """
    text = Text()
    text.append(f"{visible(str(found.where))}: ", style="bold")
    text.append(f"{found.severity.value}: ", style=SEVERITY_STYLES[found.severity])
    text.append(visible(found.message))
    if found.excerpt is not None:
        excerpt, column, width = _excerpt_window(found)
        # The caret stands under its columns as the terminal draws them: escapes are longer
        # than the characters they show, and a wide (CJK, emoji) character takes two cells.
        before = cell_len(visible(excerpt[: column - 1]))
        under = max(1, cell_len(visible(excerpt[column - 1 : column - 1 + width])))
        text.append(f"\n{found.where.line:>5} | {visible(excerpt)}\n")
        text.append(f"{'':>5} | {' ' * before}")
        text.append("^" * under, style=SEVERITY_STYLES[found.severity])
    if found.hint:
        text.append("\n  hint: ", style="bold cyan")
        text.append(visible(found.hint))
    return text


EXCERPT_WIDTH = 100


def _excerpt_window(found: Problem) -> tuple[str, int, int]:
    """Return the excerpt, the caret's column and its width, cut to EXCERPT_WIDTH around the
    caret: a generated file's line can run to megabytes."""
    line, column, width = found.excerpt or "", found.where.column, found.width
    if len(line) <= EXCERPT_WIDTH:
        return line, column, width
    start = max(0, min(column - 1 - EXCERPT_WIDTH // 4, len(line) - EXCERPT_WIDTH))
    window = line[start : start + EXCERPT_WIDTH]
    before, after = ("…" if start else ""), ("…" if start + EXCERPT_WIDTH < len(line) else "")
    column = column - start + len(before)
    width = max(1, min(width, EXCERPT_WIDTH - (column - 1 - len(before))))
    return before + window + after, column, width


def problems_summary(problems: Sequence[Problem]) -> Text:
    errors = sum(1 for p in problems if p.is_error)
    warnings = len(problems) - errors
    files = len({p.where.path for p in problems})
    if not problems:
        return Text("no problems found", style="green")
    return Text(
        f"{_count(errors, 'error')}, {_count(warnings, 'warning')} in {_count(files, 'file')}"
    )


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _tables(renderable: RenderableType) -> Iterator[Table]:
    if isinstance(renderable, Table):
        yield renderable
    elif isinstance(renderable, Group):
        for part in renderable.renderables:
            yield from _tables(part)


def _drawn_whole(table: Table, longest: list[int], widest: list[int]) -> Table:
    """Return a table of no rows whose narrowest is the narrowest `table` can be drawn at
    without cutting a word or losing a column: each column's least width set to what rich
    will need to give it.

    A table too wide for the console is narrowed by rich: a column that does not wrap keeps
    its widest line, and the others are levelled, the widest first, down to one width, blind
    to their longest words. So each column that wraps needs the longest word of any of them
    (or its own widest line, if that is narrower): levelled to it, none cuts a word. Measured
    so (`longest` and `widest`, `_words_and_lines`'), a table costs a look at each cell's
    text, where rich's measure of it goes over every cell twice.
    """
    wrapping = _wrapping(table)
    level = max(
        (
            min(word, column.max_width or word)
            for column, word, wraps in zip(table.columns, longest, wrapping, strict=True)
            if wraps
        ),
        default=0,
    )
    return _rowless(
        table,
        [
            max(column.min_width or 0, min(level, line) if wraps else line)
            for column, line, wraps in zip(table.columns, widest, wrapping, strict=True)
        ],
    )


def _rowless(table: Table, least: list[int], width: int | None = None) -> Table:
    """Return `table` without rows, each column's least width given (and every width, if
    `width` is given), to be measured: the least width says what the cells would."""
    changes: list[dict[str, Any]] = [
        {"_cells": [], "min_width": least_width, "width": width if width is not None else c.width}
        for c, least_width in zip(table.columns, least, strict=True)
    ]
    return _recast(table, changes, [])


def _recast(table: Table, changes: list[dict[str, Any]], rows: list[Row]) -> Table:
    """Return a copy of `table` with `rows` and each column changed as its entry in `changes`
    says (`_cells` is the field of rich's Column dataclass that holds its cells)."""
    copied = copy.copy(table)
    copied.columns = [
        dataclasses.replace(column, **change)
        for column, change in zip(table.columns, changes, strict=True)
    ]
    copied.rows = rows
    return copied


def _wrapping(table: Table) -> list[bool]:
    return [column.width is None and not column.no_wrap for column in table.columns]


def _words_and_lines(table: Table) -> tuple[list[int], list[int]] | None:
    """Return the width of each column's longest word and of its widest line, or None if a
    cell is not text."""
    longest: list[int] = []
    widest: list[int] = []
    for column in table.columns:
        plain: list[str] = []
        for text in _shown_cells(table, column):
            if not isinstance(text, (str, Text)):
                return None
            plain.append(text.plain if isinstance(text, Text) else text)
        lines = [line for text in plain for line in text.splitlines()]
        longest.append(max((_unbroken(line) for line in lines), default=0))
        widest.append(max((cell_len(line) for line in lines), default=0))
    return longest, widest


def _shown_cells(table: Table, column: Column) -> list[RenderableType]:
    """Return what rich draws in a column: its cells, and its header and footer if shown."""
    cells = [*column.cells]
    if table.show_header:
        cells.append(column.header)
    if table.show_footer:
        cells.append(column.footer)
    return cells


def fit(console: Console, renderable: RenderableType) -> int:
    """Fit to the console each table in `renderable` that rich would narrow by cutting words,
    where it can fit without; return the narrowest width at which every table is drawn with
    all its columns and no word cut.

    Rich levels the wrapping columns down to one width, blind to their longest words, so one
    long word in one column widens them all (`_drawn_whole`): `party` needed 92 columns
    for "Non-Proliferation". Such a table's wrapping columns are given widths levelled down
    from their widest lines as rich levels them, but none below its longest word; one that
    cannot fit so gets its columns' longest words, and is drawn wider than the console.
    """
    options = console.options.update_width(_MEASURING_WIDTH)
    needed = 0
    for table in _tables(renderable):
        measured = _words_and_lines(table)
        if measured is None:  # a cell that is not text: rich's own measure
            needed = max(needed, Measurement.get(console, options, table).minimum)
            continue
        least = Measurement.get(console, options, _drawn_whole(table, *measured)).minimum
        if least > console.width:
            _level(console, options, table, *measured)
            least = Measurement.get(console, options, _drawn_whole(table, *measured)).minimum
        needed = max(needed, least)
    return needed


def _level(
    console: Console,
    options: ConsoleOptions,
    table: Table,
    longest: list[int],
    widest: list[int],
) -> None:
    """Give the wrapping columns of `table` the widths that fit the console, levelled down
    from their widest lines but none below its longest word (`fit`); `options` measure."""
    wrapping = _wrapping(table)
    caps = [column.max_width or _MEASURING_WIDTH for column in table.columns]
    lows = [
        min(word, cap) if wraps else line
        for word, line, cap, wraps in zip(longest, widest, caps, wrapping, strict=True)
    ]
    highs = [
        min(line, cap) if wraps else line
        for line, cap, wraps in zip(widest, caps, wrapping, strict=True)
    ]
    # The borders and the cells' padding: the width of the table with every column empty.
    frame = Measurement.get(console, options, _rowless(table, [0] * len(lows), 0)).maximum
    room = console.width - frame
    level, top = 0, max(highs, default=0)
    while level < top:  # the highest level at which the table fits the room
        middle = (level + top + 1) // 2
        fits = sum(_levelled(lows, highs, wrapping, middle)) <= room
        level, top = (middle, top) if fits else (level, middle - 1)
    widths = _levelled(lows, highs, wrapping, level)
    for column, width, wraps in zip(table.columns, widths, wrapping, strict=True):
        if wraps:
            column.width = width


def _levelled(lows: list[int], highs: list[int], wrapping: list[bool], level: int) -> list[int]:
    """Return the columns' widths with the wrapping ones levelled down to `level`, none below
    its least width."""
    return [
        max(low, min(high, level)) if wraps else high
        for low, high, wraps in zip(lows, highs, wrapping, strict=True)
    ]


def _unbroken(line: str) -> int:
    """Return the least width at which rich wraps `line` without breaking a word: its longest
    word, the first counting the spaces before it (rich's wrapping keeps them together)."""
    words = line.split()
    if not words:
        return 0
    first = line[: len(line) - len(line.lstrip())] + words[0]
    return max(cell_len(first), *map(cell_len, words))


_MEASURING_WIDTH = 10_000


def never_cut(renderable: RenderableType) -> RenderableType:
    """Fold a word too long for its column onto the next line, where rich would cut it with an
    ellipsis: on a narrow terminal the reader still gets every word."""
    for table in _tables(renderable):
        for column in table.columns:
            column.overflow = "fold"
    return renderable


def unwrapped(renderable: RenderableType) -> RenderableType:
    """Lift the column caps meant for a terminal, so that a program reads one row a line: each
    column is then as wide as its widest cell."""
    for table in _tables(renderable):
        for column in table.columns:
            column.max_width = column.ratio = None
            column.no_wrap = True
    return renderable


class _Probe:
    """A cell that measures as the widest line of its column, and notes the width it is given."""

    def __init__(self, widest: int) -> None:
        self.widest = widest
        self.given = 0

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        # Rich lays a column out from the maxima of its cells' measures; the minima it reads
        # only to measure the whole table.
        return Measurement(self.widest, self.widest)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        self.given = options.max_width
        yield from ()


def sized(console: Console, renderable: RenderableType) -> None:
    """Give each column of each table of text in `renderable` the width rich would give it on
    `console`, so that rich, which takes a column's width as given, does not measure its cells.

    Rich measures every cell of a table twice to lay it out (before and after narrowing it to
    the console); the text of the cells is read once here instead. A copy of the table with
    one row, whose cells measure as their columns' widest lines (all rich reads to lay out a
    column of text), is laid out by rich itself, and each column takes the width its cell got.
    A table that expands, has widths of its own, an empty column, or a cell that is not text
    is left to rich. tests/test_render.py holds every view, and generated tables, to the
    bytes rich draws itself.
    """
    for table in _tables(renderable):
        measured = _words_and_lines(table)
        if measured is None or not all(measured[1]) or not table.rows or table.expand:
            continue  # rich draws an empty column one wide, then measures it none
        if table.width is not None or table.min_width is not None:
            continue
        probes = [_Probe(widest) for widest in measured[1]]
        proxy = _recast(table, [{"_cells": [probe]} for probe in probes], table.rows[:1])
        proxy.show_header = proxy.show_footer = False
        proxy.title = proxy.caption = None
        drawn = max(map(Segment.get_line_length, Segment.split_lines(console.render(proxy))))
        if drawn > console.width or any(probe.given < 1 for probe in probes):
            continue  # rich would narrow the table again, or draws a column empty: its way
        for column, probe in zip(table.columns, probes, strict=True):
            column.width = probe.given


def _clause_words(clause: Clause) -> Text:
    text = Text(f"{clause.cite()}", style="bold")
    if clause.text:
        text.append(f': "{clause.text}"')
    if clause.source:
        text.append("\nSource: ", style="dim")
        text.append(clause.source, style=Style(dim=True) + _link(clause.source))
    return text


def notice_outcome(outcome: scenario.NoticeOutcome) -> RenderableType:
    """Say when an imagined notice would take effect, what it would end, and by which words."""
    notice, effect, treaty = outcome.notice, outcome.effect, outcome.treaty
    who = notice.party or "a party"
    text = Text(f"If {who} gave notice of withdrawal from the {treaty.name} on {notice.date}:\n")
    text.append(f"it would take effect on {effect.date}", style="bold")
    text.append(f" ({effect.rule}")
    text.append(f", Art. {effect.article})" if effect.article else ")")
    if outcome.ends_treaty:
        text.append(",\nending the treaty for both parties.")
    else:
        whose = f"{notice.party}'s" if notice.party else "that party's"
        text.append(f",\nending {whose} membership; the treaty stays in force for the others.")
    if outcome.ended_first_by is not None:
        first = outcome.ended_first_by
        text.append(
            f"\nBut the treaty would expire first, on {first.date} ({first.rule}).", style="yellow"
        )
    return Group(text, Text(), _clause_words(outcome.clause))


def extension_outcome(outcome: scenario.ExtensionOutcome) -> RenderableType:
    """Say where an imagined extension would move the treaty's end, and by which words."""
    extension, treaty = outcome.extension, outcome.treaty
    text = Text(f"If the {treaty.name} were extended by {extension.period} on {extension.date}:\n")
    text.append(f"it would expire on {outcome.after.date}", style="bold")
    text.append(f" instead of {outcome.before.date} ({outcome.after.rule}).")
    return Group(text, Text(), _clause_words(outcome.clause))


# The pictures (--svg, --html) name their fonts and fetch none: rich's own SVG loads Fira Code
# from a CDN, and offline a browser drew another face. These are the monospace faces most
# systems have; DejaVu Sans Mono (Linux) and Menlo (macOS) hold every glyph the chart draws.
MONOSPACE = (
    "'DejaVu Sans Mono', Menlo, 'Cascadia Mono', Consolas, 'Liberation Mono', 'Courier New',"
    " monospace"
)
# A character's width over its height in those faces (0.60 in DejaVu Sans Mono, Menlo,
# Liberation Mono and Courier New). rich puts each piece of text at its column by this figure
# and stretches it to its cells (textLength), so a face a little narrower still lines up.
FONT_ASPECT_RATIO = 0.6

# rich's SVG template (rich/_export_format.py, the same from 13.7 to 15) without the web font.
# Both templates are str.format templates for rich; `_page` writes in the title and faces.
_SVG_PAGE = """\
<svg class="rich-terminal" viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg">
    <title></title>
    <style>
    .{unique_id}-matrix {{
        font-family: MONOSPACE;
        font-size: {char_height}px;
        line-height: {line_height}px;
        font-variant-east-asian: full-width;
    }}

    .{unique_id}-title {{
        font-size: 18px;
        font-weight: bold;
        font-family: Arial, Helvetica, sans-serif;
    }}

    {styles}
    </style>

    <defs>
    <clipPath id="{unique_id}-clip-terminal">
      <rect x="0" y="0" width="{terminal_width}" height="{terminal_height}" />
    </clipPath>
    {lines}
    </defs>

    {chrome}
    <g transform="translate({terminal_x}, {terminal_y})"
       clip-path="url(#{unique_id}-clip-terminal)">
    {backgrounds}
    <g class="{unique_id}-matrix">
    {matrix}
    </g>
    </g>
</svg>
"""

# rich's HTML template with a title, a language, and the same faces as the SVG.
_HTML_PAGE = """\
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<title></title>
<style>
{stylesheet}
body {{
    color: {foreground};
    background-color: {background};
}}
</style>
</head>
<body>
    <pre style="font-family:MONOSPACE"><code style="font-family:inherit">{code}</code></pre>
</body>
</html>
"""


def svg_page(title: str) -> str:
    """Return the template for rich's export_svg (its `code_format`): no font from the web."""
    return _page(_SVG_PAGE, title)


def html_page(title: str) -> str:
    """Return the template for rich's export_html (its `code_format`): a page with a title."""
    return _page(_HTML_PAGE, title)


def _page(template: str, title: str) -> str:
    """Return `template` with its faces, and `title` escaped for markup and for str.format."""
    import html  # only pictures have a title: the module costs start-up time

    words = html.escape(title).replace("{", "{{").replace("}", "}}")
    page = template.replace("MONOSPACE", MONOSPACE)
    return page.replace("<title></title>", f"<title>{words}</title>", 1)
