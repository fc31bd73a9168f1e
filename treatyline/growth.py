"""Own the drawing of membership over time: a row a treaty, the number of its parties year by
year as a bar of block glyphs, scaled to the treaty's own largest count, and that count.

Built on `members.history`; nothing here reads the clock.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date

from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.text import Text

from treatyline import engine, members
from treatyline.chart import MOST_WIDTH
from treatyline.records import record

BLOCKS = " ▁▂▃▄▅▆▇█"
ASCII_BLOCKS = " .:-=+*#@"
LABEL = 12


@record
class Row:
    """One treaty's parties at the end of each year drawn."""

    label: str
    counts: tuple[int, ...]
    now: int
    complete: bool = True
    waiting: str | None = None  # of a treaty not in force, who its count is of: "ratified"


@record
class Growth:
    """The rows, fitted to the console: one column a year, or a year for several columns."""

    rows: tuple[Row, ...]
    first: int
    last: int
    as_of: date

    def heading(self) -> str:
        return f"Parties at the end of each year, {self.first} to {self.last} (as of {self.as_of})"

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        years = self.last - self.first + 1
        # As wide as the heading too: piped, a line is as long as it needs, not folded.
        widest = max(min(LABEL + years + 8, MOST_WIDTH), len(self.heading()))
        return Measurement(LABEL + 12, widest)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        blocks = ASCII_BLOCKS if console.encoding.lower().startswith("ascii") else BLOCKS
        years = self.last - self.first + 1
        # No wider than a chart of lifetimes may be, however wide the terminal.
        room = max(min(options.max_width, MOST_WIDTH) - LABEL - 8, 1)
        per = -(-years // room)  # years per column, rounded up
        yield Text(self.heading(), style="bold")
        for row in self.rows:
            top = max(row.counts, default=0) or 1
            line = Text(row.label[: LABEL - 1].ljust(LABEL))
            for start in range(0, years, per):
                count = row.counts[min(start + per - 1, years - 1)]
                level = 0 if count == 0 else max(1, round(count / top * (len(blocks) - 1)))
                line.append(blocks[level], style="green")
            line.append(f" {row.now:>5}")
            if not row.complete:
                line.append(" *", style="yellow")
            yield line
        axis = Text(" " * LABEL)
        label = f"{self.first}"
        columns = -(-years // per)
        axis.append(label + " " * max(columns - len(label) - len(str(self.last)), 1))
        axis.append(str(self.last))
        yield axis
        note = (
            "Each column's height is the parties at the end of its (last) year, against the"
            " treaty's own largest count; the number is the count on the as-of date."
        )
        if not all(row.complete for row in self.rows):
            note += " * The membership table is incomplete: the counts are too low."
        for row in self.rows:
            if row.waiting is not None:
                note += (
                    f" {row.label} is not in force: its count is of the states that {row.waiting}."
                )
        yield Text(note, style="dim")


def growth(
    timelines: Sequence[engine.Timeline], *, first: int | None = None, last: int | None = None
) -> Growth:
    """Return the parties of each treaty with a membership table, year by year."""
    as_of = max((t.as_of for t in timelines), default=date.min)
    found: list[tuple[engine.Timeline, list[tuple[date, int]]]] = []
    for timeline in timelines:
        if timeline.treaty.membership is None:
            continue
        changes = members.history(timeline)
        if changes:
            found.append((timeline, changes))
    starts = [changes[0][0].year for _, changes in found]
    # Without an end, to the as-of year, or to the first year asked for if that is later;
    # without a start, from the first change, or from the end asked for if that is earlier.
    if first is None:
        first = min(starts, default=as_of.year)
        if last is not None:
            first = min(first, last)
    last = last if last is not None else max(as_of.year, first)
    rows = []
    for timeline, changes in sorted(found, key=lambda item: (item[1][0][0], item[0].treaty.id)):
        counts = tuple(_year_ends(changes, first, last, as_of=as_of))
        table = timeline.treaty.membership
        complete = table is not None and table.complete
        now = members.count_on(changes, as_of)
        waiting = None
        if engine.in_force_on(timeline) is None:  # the tally costs time: only where it is worded
            waiting = members.count_words(timeline, engine.tally(timeline).parties).deposited
        rows.append(Row(timeline.treaty.id, counts, now, complete, waiting))
    return Growth(tuple(rows), first, last, as_of)


def _year_ends(
    changes: list[tuple[date, int]], first: int, last: int, *, as_of: date
) -> Iterator[int]:
    """Yield the count `members.count_on` gives at the end of each year from `first` to
    `last` (on the as-of date, from its year on), in one pass over the changes."""
    position, count = 0, 0
    for year in range(first, last + 1):
        day = min(date(year, 12, 31), as_of)
        while position < len(changes) and changes[position][0] <= day:
            count = changes[position][1]
            position += 1
        yield count
