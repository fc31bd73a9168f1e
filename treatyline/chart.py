"""Own the chart: lifetimes as rows of characters on a year axis; returns, never prints.

Each row is a `lifetime.Track` (a treaty, or a state's membership of it, read from the
engine), so that a bar ends where `list` and `show` say the treaty ended. Nothing here reads
the clock: the timelines carry their as-of date.

Scale. The years `first..last` (both whole) share the width rich gives with the name column
(the longest label, at most 16 characters or a quarter of the width, and a blank). When every
year can have the same whole number of columns, it gets them (1960-2030 at 160 columns: 2 a
year, so that 2019-08-02 lands in the second half of 2019); otherwise the years are spread
over the columns there are, each column covering the same fraction of the range (1960-2030 at
60 columns: about 1.5 years). A day's column is the floor of its place in the range, counted
in years and the fraction of its year gone; a partial date stands at the middle of its range.
Axis labels stand on the first column of years that are multiples of a step (1, 2, 5, 10, 20,
25, 50, ...) chosen so that labels are at least two blanks apart; a label that would still
touch its neighbour or run past the edge is left out. The first and the last year are
labelled too, where they touch no round year. With more than 12 rows the axis is drawn above
them as well. Measured (piped), a chart is 100 columns wide, as in the tests and exports;
it is never wider than `MOST_WIDTH` columns, however wide the terminal.

Glyphs. States differ by glyph; colour only helps:
  ━ in force (a party, for a state)    ┄ not in force: draft, open, signed, ratified
  ░ suspended                          · scheduled: from the as-of date to a computed end
and events, one cell each:
  ✕ a withdrawal takes effect (also a signature renounced)
  ┫ ended otherwise: expired, terminated, superseded, or never entered into force
  ↩ a ratification withdrawn: the state is a signatory again, which is no withdrawal
  ! withdrawal notice (or a suspended notice resumed)
  ‖ suspension (of the treaty's implementation, or of a notice)
  + extension
  ┊ the as-of date, in every cell the row leaves empty, and on the axis
A cell where states meet shows the one that held longest in it, counting only the states
drawn (so that a bar starts in the cell of its first day, not the next one), and shows `·` or
nothing only when no other state touches it. Where events share a cell, the first in the
order ✕ ┫ ↩ ! ‖ + wins, because how a lifetime ended matters more than what led there; the
as-of line gives way to everything.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from datetime import date

from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.text import Text

from treatyline import engine, lifetime, records
from treatyline.lifetime import Fill, Mark, Track
from treatyline.model import InstrumentKind
from treatyline.records import field, record

Glyph = Fill | Mark | str
AS_OF, AXIS, TICK_BELOW, TICK_ABOVE, CUT = "as_of", "axis", "tick_below", "tick_above", "cut"
GLYPHS: dict[Glyph, str] = {
    Fill.IN_FORCE: "━",
    Fill.NOT_IN_FORCE: "┄",
    Fill.SUSPENDED: "░",
    Fill.SCHEDULED: "·",
    Mark.WITHDRAWAL: "✕",
    Mark.END: "┫",
    Mark.NOTICE: "!",
    Mark.SUSPENSION: "‖",
    Mark.EXTENSION: "+",
    Mark.DERATIFICATION: "↩",
    AS_OF: "┊",
    AXIS: "─",
    TICK_BELOW: "┬",
    TICK_ABOVE: "┴",
    CUT: "…",
}
# A console that can only write ASCII (LC_ALL=C, PYTHONIOENCODING=ascii) gets these, as rich
# gives its tables ASCII boxes there; they differ from one another as the others do.
ASCII_GLYPHS: dict[Glyph, str] = {
    Fill.IN_FORCE: "=",
    Fill.NOT_IN_FORCE: "-",
    Fill.SUSPENDED: "~",
    Fill.SCHEDULED: ".",
    Mark.WITHDRAWAL: "x",
    Mark.END: "]",
    Mark.NOTICE: "!",
    Mark.SUSPENSION: "|",
    Mark.EXTENSION: "+",
    Mark.DERATIFICATION: "<",
    AS_OF: ":",
    AXIS: "-",
    TICK_BELOW: "+",
    TICK_ABOVE: "+",
    CUT: "~",
}
# Events sharing a cell: the first of these wins; how a lifetime ended matters most.
PRIORITY = (
    Mark.WITHDRAWAL,
    Mark.END,
    Mark.DERATIFICATION,
    Mark.NOTICE,
    Mark.SUSPENSION,
    Mark.EXTENSION,
)
STYLES: dict[Glyph, str] = {
    Fill.IN_FORCE: "green",
    Fill.NOT_IN_FORCE: "cyan",
    Fill.SUSPENDED: "yellow",
    Fill.SCHEDULED: "dim",
    Mark.WITHDRAWAL: "bold red",
    Mark.END: "bold red",
    Mark.NOTICE: "bold yellow",
    Mark.SUSPENSION: "bold yellow",
    Mark.EXTENSION: "bold cyan",
    Mark.DERATIFICATION: "bold yellow",
    AS_OF: "magenta",
}

# The legend reads as a story: the states, then what happens, in the order it happens.
LEGEND_ORDER: tuple[Fill | Mark, ...] = (
    *Fill,
    Mark.EXTENSION,
    Mark.SUSPENSION,
    Mark.DERATIFICATION,
    Mark.NOTICE,
    Mark.WITHDRAWAL,
    Mark.END,
)
TREATY_WORDS: dict[Fill | Mark, str] = {
    Fill.IN_FORCE: "in force",
    Fill.NOT_IN_FORCE: "not in force (draft, open or signed)",
    Fill.SUSPENDED: "suspended",
    Fill.SCHEDULED: "scheduled",
    Mark.EXTENSION: "extension",
    Mark.SUSPENSION: "suspension",
    Mark.NOTICE: "withdrawal notice",
    Mark.WITHDRAWAL: "withdrawal",
    Mark.END: "ended",
    Mark.DERATIFICATION: "ratification withdrawn",
}
PARTY_WORDS: dict[Fill | Mark, str] = {
    **TREATY_WORDS,
    Fill.IN_FORCE: "party",
    Fill.NOT_IN_FORCE: "signed or ratified, not bound",
    Mark.WITHDRAWAL: "withdrawal (or renunciation)",
}

NATURAL_WIDTH = 100  # piped, a chart is drawn as wide as the tests and the exports draw it
COMPACT_WIDTH = 100  # the drawing in `show` stops growing here: it is a glance, not the chart
# No chart is drawn wider, whatever the terminal says (COLUMNS=1000000): the work grows with
# the columns, and 1,000 give even 1945-2030 eleven columns a year (docs/decisions.md).
MOST_WIDTH = 1000
MOST_NAME_WIDTH = 16
MOST_PARTY_ROWS = 8
AXIS_ABOVE_FROM = 12  # with more rows than this, the axis is drawn above the rows as well


@record
class Scale:
    """Where the years `first..last` fall on `columns` columns."""

    first: int
    last: int
    columns: int

    @classmethod
    def fitting(cls, first: int, last: int, available: int) -> Scale:
        """Give every year the same whole number of columns if each can have one, else spread."""
        years = last - first + 1
        columns = years * (available // years) if available >= years else available
        return cls(first, last, max(columns, 1))

    @property
    def years(self) -> int:
        return self.last - self.first + 1

    def column_at(self, place: float) -> int:
        """Return the column of a place in years; outside 0..columns-1 it is off the plot."""
        return math.floor((place - self.first) * self.columns / self.years)

    def column(self, day: date) -> int:
        return self.column_at(lifetime.in_years(day))

    def year_column(self, year: int) -> int:
        """Return the column in which `year` begins."""
        return (year - self.first) * self.columns // self.years

    def cell(self, column: int) -> tuple[float, float]:
        """Return where a column starts and ends, in years."""
        width = self.years / self.columns
        return self.first + column * width, self.first + (column + 1) * width

    def labels(self, room: int) -> list[tuple[int, int]]:
        """Return (column, year) for the axis labels: a round step, no two touching.

        `room` is how many columns the labels may use: the last may run past the plot.
        """
        wide = len(str(self.last)) + 2
        step = next(
            s for s in label_steps() if s * self.columns // self.years >= wide or s > self.years
        )
        rounds = [y for y in range(self.first, self.last + 1) if y % step == 0]
        placed: list[tuple[int, int]] = []
        for year in rounds or [self.first]:
            column = self.year_column(year)
            if column + len(str(year)) <= room and self._clear(placed[-1:], column):
                placed.append((column, year))
        # The first and the last year are labelled too where they touch no round year, so
        # that the range reads at both ends without breaking the rhythm of the round ones.
        first, last = self.year_column(self.first), self.year_column(self.last)
        opening = (first, self.first)
        if placed and placed[0][1] != self.first and self._clear([opening], placed[0][0]):
            placed.insert(0, opening)
        fits = last + len(str(self.last)) <= room
        if placed and placed[-1][1] != self.last and fits and self._clear(placed[-1:], last):
            placed.append((last, self.last))
        return placed

    @staticmethod
    def _clear(before: list[tuple[int, int]], column: int) -> bool:
        """Return whether a label at `column` leaves two blanks after the one `before` it."""
        return not before or column >= before[0][0] + len(str(before[0][1])) + 2


def label_steps() -> Iterator[int]:
    """Yield the round label steps: 1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, ..."""
    power = 1
    while True:
        yield from (power, 2 * power)
        if power >= 10:
            yield 25 * power // 10
        yield 5 * power
        power *= 10


@record
class Chart:
    """Rows over a year axis, with a legend; a rich renderable that fits any width it is given."""

    tracks: tuple[Track, ...]
    first: int
    last: int
    as_of: date
    title: str | None = None
    words: dict[Fill | Mark, str] = field(default_factory=lambda: TREATY_WORDS)
    notes: tuple[str, ...] = ()
    widest: int | None = None  # a compact drawing stops growing here
    as_of_heading: bool = True  # name the as-of line above the rows (when there is no axis)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        names = self._name_width(options.max_width)
        natural = max(NATURAL_WIDTH, names + 1 + self.last - self.first + 1)
        natural = min(natural, self.widest or natural, MOST_WIDTH)
        return Measurement(min(names + 11, natural), natural).clamp(max_width=options.max_width)

    def _name_width(self, width: int) -> int:
        longest = max((len(t.label) for t in self.tracks), default=0)
        return min(longest, MOST_NAME_WIDTH, max(3, width // 4))

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = min(options.max_width, self.widest or options.max_width, MOST_WIDTH)
        if self.title:
            yield Text(self.title, style="italic")
        if not self.tracks:
            yield from (Text(note, style="dim") for note in self.notes or ("Nothing to draw.",))
            return
        glyphs = ASCII_GLYPHS if options.ascii_only else GLYPHS
        names = self._name_width(width)
        indent = names + 1
        scale = Scale.fitting(self.first, self.last, width - indent)
        as_of = scale.column(self.as_of)
        if not 0 <= as_of < scale.columns:
            as_of = -1
        above = len(self.tracks) > AXIS_ABOVE_FROM
        if above:
            yield from reversed(list(_axis(scale, indent, as_of, width, glyphs, above=True)))
        elif self.as_of_heading and as_of >= 0:
            yield _heading(f"as of {self.as_of}", indent + as_of, width, glyphs[AS_OF])
        used: set[Fill | Mark] = set()
        labels = _fit_apart([row.label for row in self.tracks], names, glyphs[CUT])
        for row, label in zip(self.tracks, labels, strict=True):
            line = Text(label.ljust(indent))
            for column, shown in enumerate(_cells(row, scale)):
                if shown is None:
                    line.append(glyphs[AS_OF] if column == as_of else " ", style=STYLES[AS_OF])
                else:
                    used.add(shown)
                    line.append(glyphs[shown], style=STYLES[shown])
            line.rstrip()
            yield line
        yield from _axis(scale, indent, as_of, width, glyphs)
        items = [(glyphs[g], self.words[g], STYLES[g]) for g in LEGEND_ORDER if g in used]
        if as_of >= 0:
            items.append((glyphs[AS_OF], f"as of {self.as_of}", STYLES[AS_OF]))
        yield from _legend(items, width)
        yield from (Text(note, style="dim") for note in self.notes)


def _fit(label: str, width: int, cut: str) -> str:
    return label if len(label) <= width else label[: max(width - 1, 0)] + cut


def _fit_apart(labels: list[str], width: int, cut: str) -> list[str]:
    """Fit each label to `width`, keeping cut labels apart: PPWT-2008 and PPWT-2014 cut to
    "PPWT-…" would name two rows alike, so those keep their ends instead ("PP…008")."""
    fitted = [_fit(label, width, cut) for label in labels]
    for tail in range(1, max(width - 1, 1)):
        twins = {short for short in fitted if fitted.count(short) > 1}
        if not twins:
            break
        for index, label in enumerate(labels):
            if fitted[index] in twins and len(label) > width:
                head = max(width - 1 - tail, 0)
                fitted[index] = label[:head] + cut + label[len(label) - tail :]
    return fitted


def _heading(words: str, column: int, width: int, glyph: str) -> Text:
    """Name the as-of line above it: the words end left of it, or start right of it."""
    text = Text(style="dim")
    if column >= len(words) + 1:
        text.append(f"{words} ".rjust(column))
        text.append(glyph, style=STYLES[AS_OF])
    else:
        text.append(" " * column)
        text.append(glyph, style=STYLES[AS_OF])
        if column + 2 + len(words) <= width:
            text.append(f" {words}")
    return text


def _cells(row: Track, scale: Scale) -> list[Fill | Mark | None]:
    """Return what each column of the row shows: an event, a state, or nothing."""
    cells: list[Fill | Mark | None] = []
    for column in range(scale.columns):
        start, end = scale.cell(column)
        held: dict[Fill, float] = {}
        for stretch in row.stretches:
            overlap = min(end, stretch.end) - max(start, stretch.start)
            if overlap > 0:
                held[stretch.fill] = held.get(stretch.fill, 0) + overlap
        real = {fill: time for fill, time in held.items() if fill is not Fill.SCHEDULED}
        chosen = real or held
        cells.append(max(chosen, key=lambda fill: chosen[fill]) if chosen else None)
    for place, mark in sorted(row.marks, key=lambda item: PRIORITY.index(item[1]), reverse=True):
        column = scale.column_at(place)
        if 0 <= column < scale.columns:
            cells[column] = mark  # the most important comes last, and stays
    return cells


def _axis(
    scale: Scale,
    indent: int,
    as_of: int,
    width: int,
    glyphs: dict[Glyph, str],
    *,
    above: bool = False,
) -> Iterator[Text]:
    """Yield the axis line, a tick on each labelled year, and the labels under the ticks.

    `above` turns the ticks up, for an axis drawn over the rows (the caller puts the
    labels first).
    """
    labels = scale.labels(width - indent)
    ticks = {column for column, _ in labels}
    line = Text(" " * indent, style="dim")
    for column in range(scale.columns):
        if column == as_of:
            line.append(glyphs[AS_OF], style=STYLES[AS_OF])
        else:
            line.append(glyphs[(TICK_ABOVE if above else TICK_BELOW) if column in ticks else AXIS])
    words = Text(" " * indent, style="dim")
    for column, year in labels:
        words.append(" " * (indent + column - len(words)) + str(year))
    yield line
    yield words


def _legend(items: Sequence[tuple[str, str, str]], width: int) -> Iterator[Text]:
    """Yield the legend, each item whole, as many to a line as fit."""
    line = Text()
    for glyph, words, style in items:
        if line and len(line) + 2 + len(glyph) + 1 + len(words) > width:
            yield line
            line = Text()
        if line:
            line.append("  ")
        line.append(glyph, style=style)
        line.append(f" {words}")
    if line:
        yield line


def lifetimes(
    timelines: Sequence[engine.Timeline],
    *,
    first: int | None = None,
    last: int | None = None,
    party: str | None = None,
    chronological: bool = True,
) -> Chart:
    """Chart the treaties' lifetimes, or `party`'s membership of them, one row each.

    Without `first` or `last`, the years run from the first thing drawn to the last (the
    as-of date, for a treaty still in force). Rows with nothing to draw in those years are
    left out, and named in a note. `chronological` orders the rows by their first day.
    """
    as_of = max((t.as_of for t in timelines), default=date.min)
    tracks: list[Track] = []
    absent: list[str] = []
    for timeline in timelines:
        drawn = lifetime.track(timeline, party=party)
        if drawn is None:
            absent.append(timeline.treaty.id)
        else:
            tracks.append(drawn)
    if chronological:
        tracks.sort(key=lambda t: (t.first, t.label))
    default_first, default_last = lifetime.window(tracks, as_of=as_of)
    if first is None:
        first = default_first if last is None else min(default_first, last)
    if last is None:
        last = max(default_last, first)
    shown = [t for t in tracks if t.touches(first, last + 1)]
    notes: list[str] = []
    if absent:
        whose = f"No record of {party} in" if party else "Nothing recorded for"
        notes.append(f"{whose}: {', '.join(absent)}.")
    outside = [t.label for t in tracks if t not in shown]
    if outside:
        notes.append(f"Nothing between {first} and {last} for: {', '.join(outside)}.")
    whose = f"Membership of {party}" if party else "Treaty lifetimes"
    return Chart(
        tuple(shown),
        first,
        last,
        as_of,
        title=f"{whose}, {first} to {last} (as of {as_of})",
        words=PARTY_WORDS if party else TREATY_WORDS,
        notes=tuple(notes),
    )


def treaty_drawing(timeline: engine.Timeline) -> Chart | None:
    """Draw one treaty for `show`: its row, and rows for the states with acts of their own.

    A bilateral treaty has no state rows: what either party does happens to the treaty.
    States whose rows would look the same share one, and rows past `MOST_PARTY_ROWS` are
    named in a note.
    """
    treaty = timeline.treaty
    main = lifetime.track(timeline)
    if main is None:
        return None
    bilateral = treaty.kind is InstrumentKind.BILATERAL
    acting = [] if bilateral else lifetime.acting_parties(timeline)
    subjects = engine.narrowings(treaty, acting)  # in one pass, not one a state
    alike: dict[object, tuple[Track, list[str]]] = {}
    for code in acting:
        drawn = lifetime.track(timeline, party=code, subject=subjects[code])
        if drawn is not None:
            alike.setdefault(drawn.drawing(), (drawn, []))[1].append(code)
    rows = [main]
    notes: list[str] = []
    for index, (drawn, codes) in enumerate(alike.values()):
        if index == MOST_PARTY_ROWS:
            rest = [code for _, group in list(alike.values())[index:] for code in group]
            notes.append(f"Not drawn: {', '.join(rest)} (see chart {treaty.id} --party CODE).")
            break
        label = f" {', '.join(codes)}"
        if len(label) > MOST_NAME_WIDTH:
            label = f" {len(codes)} states"
            notes.append(f"{len(codes)} states: {', '.join(codes)}.")
        rows.append(records.replace(drawn, label=label))
    first, last = lifetime.window(rows, as_of=timeline.as_of)
    return Chart(
        tuple(rows),
        first,
        last,
        timeline.as_of,
        title="Timeline",
        notes=tuple(notes),
        widest=COMPACT_WIDTH,
        as_of_heading=False,
    )
