"""Own the static web site: a page model of every treaty and state, written through Jinja2
templates into a folder that replaces the old one whole.

Every page is built from the functions the command line uses (`api`, `members`, `engine`,
`export`, `ical`, `chart`), so that a page and the terminal never disagree; the JSON documents
beside the pages are those of docs/json.md. Nothing here reads the clock: the caller passes
`as_of`. The same input gives the same bytes.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jinja2
from jinja2.runtime import Context
from markupsafe import Markup

from treatyline import (
    __version__,
    api,
    chart,
    countries,
    engine,
    export,
    ical,
    lifetime,
    members,
    records,
    render,
)
from treatyline.errors import TreatylineError
from treatyline.lifetime import Fill, Mark
from treatyline.model import (
    Deadline,
    DeadlineKind,
    Event,
    EventKind,
    Status,
    StatusKind,
    Treaty,
    words,
)
from treatyline.periods import PartialDate, Precision
from treatyline.records import record

TYPE_CHECKING = False  # typing.TYPE_CHECKING, for mypy; typing itself costs start-up time
if TYPE_CHECKING:
    from http.server import ThreadingHTTPServer

TEMPLATES = Path(__file__).parent / "templates"
# Copied as they are, beside the pages.
ASSETS = ("style.css", "sort.js")
# A site written by `treatyline site` holds this file: only such a folder, or an empty one, is
# ever replaced, so that `treatyline site ~` cannot delete a home directory.
MARK = ".treatyline-site"
MARK_TEXT = "Written by treatyline site; the whole folder is replaced at the next build.\n"

# A state's acts that its page names beside its joining: how it left, or began to.
LEAVING = (
    EventKind.WITHDRAWAL_NOTICE,
    EventKind.NOTICE_REVOKED,
    EventKind.WITHDRAWAL_EFFECTIVE,
    EventKind.DERATIFIED,
    EventKind.RENOUNCED,
    EventKind.SUSPENDED,
    EventKind.SUSPENSION_ENDED,
)
WINDOW = ("-12m", "+12m")  # the index's deadlines: the last twelve months and the next twelve


def treaty_path(treaty_id: str) -> str:
    """Return the page of a treaty, relative to the site: ids are [A-Z0-9-], so lower case
    names each one once."""
    return f"treaties/{treaty_id.lower()}.html"


def state_path(code: str) -> str:
    return f"states/{code.lower()}.html"


def web_address(url: str | None) -> str | None:
    """Return `url` if a browser would open it as http or https, else None.

    A source is shown as a link only then: `javascript:`, `data:` and the like stay text. Any
    white space or control character refuses it too, since browsers drop tabs and line
    breaks from an address before they read its scheme (`java\\tscript:`).
    """
    if url is None or any(ord(c) <= 0x20 or 0x7F <= ord(c) <= 0x9F for c in url):
        return None
    if not url.lower().startswith(("http://", "https://")):
        return None
    try:
        host = urlsplit(url).hostname
    except ValueError:  # a malformed address, such as an unclosed [ of an IPv6 host
        return None
    return url if host else None


# -- the page model -----------------------------------------------------------------------------


@record
class TreatyLine:
    """A treaty in the index: its status and its number of parties on the as-of date."""

    treaty: Treaty
    status: Status
    parties: int
    complete: bool  # false when the membership table is known to lack lines


@record
class Bar:
    x: float
    width: float
    fill: str  # a lifetime.Fill value, a class of the stylesheet


@record
class Glyph:
    x: float
    mark: str  # a lifetime.Mark value
    glyph: str
    words: str


@record
class Row:
    label: str
    title: str
    y: float
    bars: tuple[Bar, ...]
    glyphs: tuple[Glyph, ...]
    treaty: str | None = None  # the row of this treaty
    state: str | None = None  # the row of this state, in a treaty's drawing


@record
class Drawing:
    """The lifetimes chart as SVG geometry: the rows of `chart.lifetimes`, in user units."""

    title: str
    width: int
    height: int
    label_width: int
    rows: tuple[Row, ...]
    ticks: tuple[tuple[float, int], ...]
    as_of: date
    as_of_x: float | None
    legend: tuple[tuple[str, str, str], ...]  # (fill or mark, glyph or "", words)
    notes: tuple[str, ...]


@record
class Index:
    as_of: date
    drawing: Drawing | None
    first: date  # of the deadlines' window
    last: date
    upcoming: tuple[Deadline, ...]  # after the as-of date
    recent: tuple[Deadline, ...]  # on it or before
    treaties: tuple[TreatyLine, ...]
    states: tuple[str, ...]


@record
class Entry:
    """A line of a treaty's chronology: a recorded event, or a computed deadline."""

    date: PartialDate | None
    event: Event | None = None
    deadline: Deadline | None = None
    anchor: str | None = None  # the computed date's line, or the event's contested claims


@record
class Counts:
    """A treaty's parties and signatories on the as-of date, and what its status list says."""

    parties: int
    signatories: int
    outside: tuple[str, ...]  # signed, not a party
    listed: str | None  # the list's own counts, where the view may know them
    incomplete: bool
    note: str | None
    source: str | None
    words: members.CountWords  # "parties", or "ratified" before the treaty is in force


@record
class TreatyPage:
    timeline: engine.Timeline
    status: Status
    successors: tuple[tuple[str, tuple[str, ...]], ...]  # a former party, and who continues it
    depositaries: tuple[str, ...]  # on the as-of day: the USSR before Russia continued it
    drawing: Drawing | None
    statuses: dict[str, Status]  # each party's, or for a membership table the notable ones
    counts: Counts | None  # for a treaty with a membership table
    rules: tuple[render.RuleLine, ...]
    deadlines: tuple[tuple[str, Deadline], ...]  # (anchor, deadline), in date order
    joined: int  # states' own entries into force, shown in the membership table instead
    chronology: tuple[Entry, ...]
    table_acts: int  # signatures and deposits left out of the chronology, in the table
    contested: tuple[tuple[str, Event], ...]  # (anchor, event)
    members: tuple[members.Member, ...]
    joins: dict[str, Deadline]  # each state's own entry into force, computed from its deposit
    cited: dict[str, tuple[str, ...]]  # each state's sources in the table, beyond the list's own
    later: int  # events after the as-of date, not shown


@record
class StatePage:
    state: str
    name: str
    records: tuple[members.Record, ...]


def index_page(
    timelines: Sequence[engine.Timeline],
    treaties: Sequence[Treaty],
    states: Sequence[str],
    *,
    as_of: date,
) -> Index:
    """Return what `chart`, `deadlines --from -12m --to +12m` and `list` say, as one page."""
    first, last = api.window(as_of=as_of, start=WINDOW[0], end=WINDOW[1])
    assert first is not None and last is not None
    near = api.deadlines(treaties, as_of=as_of, start=first, end=last)
    lines = []
    by_id = {t.treaty.id: t for t in timelines}
    for row in api.treaties(treaties, as_of=as_of):
        table = row.treaty.membership
        found = engine.tally(by_id[row.treaty.id])
        complete = table is None or table.complete
        lines.append(TreatyLine(row.treaty, row.status, len(found.parties), complete))
    return Index(
        as_of,
        drawing(chart.lifetimes(timelines), by_id),
        first,
        last,
        tuple(d for d in near if d.date is not None and d.date.latest > as_of),
        tuple(d for d in near if d.date is not None and d.date.latest <= as_of),
        tuple(lines),
        tuple(states),
    )


def treaty_page(timeline: engine.Timeline) -> TreatyPage:
    """Return what `treatyline show TREATY --members` says, as the parts of a page."""
    treaty = timeline.treaty
    statuses = engine.party_statuses_from(timeline)
    counts = None
    shown = statuses
    if treaty.membership is not None:
        counts = _counts(timeline, statuses)
        shown = members.notable(statuses)
    table = treaty.membership is not None
    own = [d for d in timeline.deadlines if not (table and _joins(d))]
    computed = tuple((f"computed-{n}", d) for n, d in enumerate(sorted(own, key=_order), 1))
    contested = [e for e in timeline.events if e.contested]
    claims = tuple((f"contested-{n}", e) for n, e in enumerate(contested, 1))
    claim_anchors = {id(e): anchor for anchor, e in claims}
    lines = [
        (e.date.earliest, 0, Entry(e.date, event=e, anchor=claim_anchors.get(id(e))))
        for e in timeline.events
        if not members.is_table_act(treaty, e)
    ]
    lines += [
        (d.date.earliest if d.date else date.max, 1, Entry(d.date, deadline=d, anchor=anchor))
        for anchor, d in computed
    ]
    lines.sort(key=lambda line: line[:2])
    heirs: dict[str, list[str]] = {}
    for old, new in engine.successions_known(treaty, as_of=timeline.as_of, ceased_only=True):
        heirs.setdefault(old, []).append(new)
    drawn = chart.treaty_drawing(timeline)
    listed = None if treaty.membership is None else treaty.membership.source
    cited: dict[str, dict[str, None]] = {}
    for event in timeline.events:
        if members.is_table_act(treaty, event) and event.source not in (None, listed):
            assert event.party is not None and event.source is not None
            cited.setdefault(event.party, {})[event.source] = None
    return TreatyPage(
        timeline,
        engine.status_from(timeline),
        tuple((old, tuple(new)) for old, new in heirs.items()),
        engine.depositaries_known(treaty, as_of=timeline.as_of),
        None
        if drawn is None
        else drawing(records.replace(drawn, title=f"The {treaty.name}"), {treaty.id: timeline}),
        shown,
        counts,
        tuple(render.rule_lines(treaty.rules)),
        computed,
        len(timeline.deadlines) - len(own),
        tuple(entry for _, _, entry in lines),
        sum(members.is_table_act(treaty, e) for e in timeline.events),
        claims,
        tuple(members.members(timeline, statuses)),
        {d.party: d for d in timeline.deadlines if _joins(d) and d.party is not None},
        {state: tuple(urls) for state, urls in cited.items()},
        len(treaty.events) - len(timeline.events),
    )


def _order(deadline: Deadline) -> tuple[date, date]:
    # A stopped clock has no date: it comes last, as in every listing.
    return (deadline.date.earliest, deadline.date.latest) if deadline.date else (date.max,) * 2


def _joins(deadline: Deadline) -> bool:
    """Return whether `deadline` is a state's own entry into force, computed from its deposit."""
    return deadline.kind is DeadlineKind.ENTRY_INTO_FORCE and deadline.party is not None


def _counts(timeline: engine.Timeline, statuses: dict[str, Status]) -> Counts:
    table = timeline.treaty.membership
    assert table is not None
    found = engine.tally(timeline, statuses)
    words = members.count_words(timeline, found.parties)
    listed = members.list_counts(table, words, timeline.as_of)
    whole = len(timeline.events) == len(timeline.treaty.events)
    return Counts(
        len(found.parties),
        len(found.signatories),
        tuple(sorted(set(found.signatories) - set(found.parties))),
        listed,
        not table.complete,
        table.note if whole else None,
        table.source,
        words,
    )


# -- the chart ----------------------------------------------------------------------------------

WIDTH = 960
LABEL_WIDTH = 112
ROW_HEIGHT = 20
TOP = 22  # room for the as-of label
AXIS_HEIGHT = 26
LEAST_TICK_GAP = 44  # user units between year labels
LABEL_ROOM = 16  # half a year label, and a little more


def drawing(drawn: chart.Chart, timelines: Mapping[str, engine.Timeline]) -> Drawing | None:
    """Return a chart of `chart` (its rows, stretches and marks) drawn to scale: each where the
    terminal puts it, but at any width, without rounding to cells. None when it has no rows."""
    if not drawn.tracks:
        return None
    first, last = drawn.first, drawn.last
    per_year = (WIDTH - LABEL_WIDTH - 12) / (last + 1 - first)

    def x(at: float) -> float:
        return round(LABEL_WIDTH + (min(max(at, first), last + 1) - first) * per_year, 2)

    rows = []
    used: set[Fill | Mark] = set()
    for number, track in enumerate(drawn.tracks):
        bars = tuple(
            Bar(x(s.start), max(round(x(s.end) - x(s.start), 2), 1.0), s.fill.value)
            for s in track.stretches
        )
        glyphs = tuple(
            Glyph(x(at), mark.value, chart.GLYPHS[mark], drawn.words[mark])
            for at, mark in sorted(set(track.marks), key=lambda m: (m[0], m[1].value))
        )
        used |= {s.fill for s in track.stretches} | {mark for _, mark in track.marks}
        label = track.label.strip()
        y = TOP + number * ROW_HEIGHT
        found = timelines.get(label)
        if found is not None:
            title = f"{found.treaty.name}: {_status_words(engine.status_from(found))}"
            rows.append(Row(label, title, y, bars, glyphs, treaty=label))
            continue
        # A state's row in a treaty's drawing, or the row of states whose rows look alike.
        codes = label.split(", ")
        if all(len(code) == 2 and code.isupper() for code in codes):
            title = ", ".join(countries.name(code) for code in codes)
            state = codes[0] if len(codes) == 1 else None
            rows.append(Row(label, title, y, bars, glyphs, state=state))
        else:
            rows.append(Row(label, label, y, bars, glyphs))
    step = next(s for s in chart.label_steps() if s * per_year >= LEAST_TICK_GAP)
    # A label stands centred on its year's first day: one at the right edge would be cut.
    years = range(-(-first // step) * step, last + 2, step)
    ticks = tuple((x(year), year) for year in years if x(year) <= WIDTH - LABEL_ROOM)
    as_of = drawn.as_of
    legend = tuple(
        (g.value, "" if isinstance(g, Fill) else chart.GLYPHS[g], drawn.words[g])
        for g in chart.LEGEND_ORDER
        if g in used
    )
    return Drawing(
        title=drawn.title or "Lifetimes",
        width=WIDTH,
        height=TOP + len(rows) * ROW_HEIGHT + AXIS_HEIGHT,
        label_width=LABEL_WIDTH,
        rows=tuple(rows),
        ticks=ticks,
        as_of=as_of,
        as_of_x=x(lifetime.in_years(as_of)) if first <= as_of.year <= last else None,
        legend=legend,
        notes=drawn.notes,
    )


# -- what a template writes ---------------------------------------------------------------------


def _status_words(status: Status) -> str:
    return render.status_text(status).plain


def _when(value: PartialDate | date | None) -> Markup:
    """Write a date as <time>: reduced where only the month or year is known, a span as two."""
    if value is None:
        return Markup("")
    if isinstance(value, date):
        value = PartialDate.day(value)
    if value.precision is Precision.SPAN:
        return Markup("{}/{}").format(_when(value.earliest), _when(value.latest))
    return Markup('<time datetime="{0}">{0}</time>').format(str(value))


def _source(url: str | None) -> Markup:
    """Link to a source by its host name; an address that is not http(s) stays text."""
    if url is None:
        return Markup("")
    safe = web_address(url)
    if safe is None:
        return Markup('<span class="unlinked" title="not a web address">{}</span>').format(url)
    host = (urlsplit(safe).hostname or safe).removeprefix("www.")
    return Markup('<a class="source" href="{}" title="{}">{}</a>').format(safe, safe, host)


def _status(status: Status) -> Markup:
    text = Markup('<span class="status s-{}">{}</span>').format(
        status.kind.value, words(status.kind.value)
    )
    if status.since is not None:
        text += Markup(" since {}").format(_when(status.since))
    if status.reason:
        text += Markup(' <span class="reason">({})</span>').format(status.reason)
    if status.contested:
        held = "; ".join(f"{claim.date}, held by {claim.holder}" for claim in status.contested)
        text += Markup(', <span class="contested">contested ({})</span>').format(held)
    return text


class Site:
    """The templates, and which treaties and states have a page to link to."""

    def __init__(self, treaties: Iterable[str], states: Iterable[str]) -> None:
        self.treaties = frozenset(treaties)
        self.states = frozenset(states)
        self.environment = jinja2.Environment(
            loader=jinja2.FileSystemLoader(TEMPLATES),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
        self.environment.filters.update(
            when=_when,
            source=_source,
            status=_status,
            words=words,
            explain=lambda d: render.explain(d, with_status=False).plain,
            deadline_name=render.deadline_name,
            country=countries.name,
            state=self._state,
            treaty=self._treaty,
            treaty_path=treaty_path,
            state_path=state_path,
        )
        self.environment.tests["state_page"] = self.states.__contains__
        self.environment.globals.update(version=__version__, LEAVING=LEAVING)

    @jinja2.pass_context
    def _state(self, context: Context, code: str) -> Markup:
        """Link a state's code to its page, named in full in its title."""
        if code not in self.states:
            return Markup('<abbr title="{}">{}</abbr>').format(countries.name(code), code)
        return Markup('<a href="{}{}" title="{}">{}</a>').format(
            context["root"], state_path(code), countries.name(code), code
        )

    @jinja2.pass_context
    def _treaty(self, context: Context, treaty_id: str, text: str = "") -> Markup:
        if treaty_id not in self.treaties:
            return Markup("{}").format(text or treaty_id)
        return Markup('<a href="{}{}">{}</a>').format(
            context["root"], treaty_path(treaty_id), text or treaty_id
        )

    def page(self, template: str, **values: object) -> bytes:
        return self.environment.get_template(template).render(**values).encode("utf-8")


def pages(treaties: Iterable[Treaty], *, as_of: date) -> dict[str, bytes]:
    """Return every file of the site, by its path relative to the site's folder."""
    chosen = sorted(treaties, key=lambda t: t.id)
    timelines = [api.timeline(t, as_of=as_of) for t in chosen]
    named = sorted(
        {
            code
            for timeline in timelines
            for code, status in engine.party_statuses_from(timeline).items()
            if status.kind is not StatusKind.NOT_CONCLUDED
        }
    )
    records = {code: api.party(chosen, code, as_of=as_of) for code in named}
    states = [code for code in named if records[code]]
    site = Site((t.id for t in chosen), states)
    files: dict[str, bytes] = {MARK: MARK_TEXT.encode()}
    for asset in ASSETS:
        files[asset] = (TEMPLATES / asset).read_bytes()
    common = {"as_of": as_of}
    index = index_page(timelines, chosen, states, as_of=as_of)
    files["index.html"] = site.page("index.html", root="", page=index, **common)
    for timeline in timelines:
        path = treaty_path(timeline.treaty.id)
        files[path] = site.page("treaty.html", root="../", page=treaty_page(timeline), **common)
        document = export.treaty_document(timeline)
        files[path.removesuffix(".html") + ".json"] = _published(document)
    for code in states:
        page = StatePage(code, countries.name(code), tuple(records[code]))
        path = state_path(code)
        files[path] = site.page("state.html", root="../", page=page, **common)
        document = export.party_document(code, records[code], as_of=as_of)
        files[path.removesuffix(".html") + ".json"] = _published(document)
    every = api.deadlines(chosen, as_of=as_of)
    files["deadlines.ics"] = ical.deadlines_calendar(
        every, {t.id: t for t in chosen}, as_of=as_of
    ).encode()
    files["deadlines.json"] = _published(export.deadlines_listing(every, as_of=as_of).document)
    files["treaties.json"] = _published(
        export.treaties_listing(api.treaties(chosen, as_of=as_of), as_of=as_of).document
    )
    return files


def _published(document: export.Row) -> bytes:
    """Write a document as a site publishes it: each `where` names its file without the folder,
    which would show the world the builder's home directory and differ from machine to machine."""
    return export.to_json(_without_folders(document)).encode()


def _without_folders(value: Any) -> Any:
    if isinstance(value, dict):
        return {
            key: _file_only(item)
            if key == "where" and isinstance(item, str)
            else _without_folders(item)
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [_without_folders(item) for item in value]
    return value


def _file_only(where: str) -> str:
    path, line, column = where.rsplit(":", 2)  # a Location: path:line:column
    return f"{os.path.basename(path)}:{line}:{column}"


# -- writing ------------------------------------------------------------------------------------


def build(treaties: Iterable[Treaty], directory: Path, *, as_of: date) -> int:
    """Write the site into `directory`, replacing what is there whole; return its page count.

    The files go into a new folder beside it, which is renamed into place only once all are
    written: a failed build leaves the old site as it was.
    """
    chosen = list(treaties)
    if not chosen:
        raise TreatylineError(
            "no timelines loaded: a site needs at least one treaty",
            hint="--no-builtin leaves out the bundled ones; add --data PATH",
        )
    read = {t.where.path for t in chosen} | {e.where.path for t in chosen for e in t.events}
    keep = [Path(path) for path in sorted(read)]
    _target(directory, keep)  # refused before the work, not after it
    files = pages(chosen, as_of=as_of)
    write(directory, files, keep=keep)
    return sum(name.endswith(".html") for name in files)


def write(directory: Path, files: Mapping[str, bytes], *, keep: Iterable[Path] = ()) -> None:
    """Write `files` as a new folder and put it in the place of `directory`.

    Only a folder that `treatyline site` wrote (it holds `MARK`), or an empty one, is
    replaced, and never one that holds a file of `keep` (the timelines read). A link is
    followed: its target is replaced. Between the two renames that swap the old site for the
    new, for an instant, there is no folder at all; a reader never sees half a site.
    """
    import tempfile  # only a build needs it

    target = _target(directory, keep)
    try:
        mode = target.stat().st_mode & 0o7777 if target.exists() else _default_mode()
        temporary = Path(
            tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
        )
    except OSError as error:
        raise _cannot_write(directory, error) from None
    try:
        for name, content in sorted(files.items()):
            path = temporary / name
            path.parent.mkdir(parents=True, exist_ok=True)
            with open(path, "wb") as file:
                file.write(content)
                file.flush()
                os.fsync(file.fileno())
        os.chmod(temporary, mode)
        _swap(temporary, target)
    except BaseException as error:
        shutil.rmtree(temporary, ignore_errors=True)
        if isinstance(error, OSError):
            raise _cannot_write(directory, error) from None
        raise


def _target(directory: Path, keep: Iterable[Path]) -> Path:
    """Return the folder to replace (a link's target), refusing anything but a site of ours,
    an empty folder, or nothing, and a folder that holds a file of `keep`."""
    target = Path(os.path.realpath(directory))
    for path in keep:
        if target in Path(os.path.realpath(path)).parents:
            why = f"it holds {path}, which this command reads"
            raise _refused(directory, why, "keep timelines outside the site's folder")
    if not target.exists():
        if os.path.islink(directory):
            why = f"it is a link to {os.readlink(directory)}, which does not exist"
            raise _refused(directory, why, "point the link at a folder, or remove it")
        return target
    if not target.is_dir():
        raise _refused(directory, "it is not a folder", "give the name of a folder for the site")
    try:
        here: Path | None = Path.cwd().resolve()
    except OSError:  # the current folder is gone: it is not this one
        here = None
    if here is not None and (here == target or target in here.parents):
        why = "it is the current folder, or holds it"
        raise _refused(directory, why, "run it from another folder")
    try:
        ours = (target / MARK).is_file() or not any(target.iterdir())
    except OSError as error:
        raise _cannot_write(directory, error) from None
    if not ours:
        why = f"it is a folder that treatyline site did not write (it has no {MARK})"
        raise _refused(directory, why, "give a new or empty folder, or remove this one first")
    return target


def _swap(new: Path, target: Path) -> None:
    if not target.exists():
        os.rename(new, target)
        return
    aside = new.with_name(new.name + ".old")
    os.rename(target, aside)
    try:
        os.rename(new, target)
    except BaseException:
        os.rename(aside, target)
        raise
    shutil.rmtree(aside, ignore_errors=True)


def _default_mode() -> int:
    # The mode any new folder gets; mkdtemp makes one that only its owner may read.
    umask = os.umask(0)
    os.umask(umask)
    return 0o777 & ~umask


def _refused(path: Path, why: str, hint: str) -> TreatylineError:
    return TreatylineError(f"cannot write {path}: {why}", hint=hint, exit_code=1)


def _cannot_write(path: Path, error: OSError) -> TreatylineError:
    return TreatylineError(
        f"cannot write {path}: {error.strerror or error}",
        hint="check that the folder above it exists and that you may write to it",
        exit_code=1,
    )


# -- previewing ---------------------------------------------------------------------------------


def server(directory: Path, *, port: int) -> ThreadingHTTPServer:
    """Return a web server for `directory` on this machine only (127.0.0.1), not yet serving.

    It serves files by path at each request, so a new build shows at the next reload.
    """
    import functools
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    handler = functools.partial(SimpleHTTPRequestHandler, directory=str(directory))
    try:
        return ThreadingHTTPServer(("127.0.0.1", port), handler)
    except OSError as error:
        raise TreatylineError(
            f"cannot serve on port {port}: {error.strerror or error}",
            hint="choose another with --port, or --port 0 for any free one",
            exit_code=1,
        ) from None
