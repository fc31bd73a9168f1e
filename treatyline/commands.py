"""Own what each command does, apart from how its options are declared: the bodies that both
typer (cli.py) and the fast path (fastpath.py) call, with the values their options convert to.

Nothing here imports typer, so that the commonest commands can run without it
(docs/performance.md). The option types and value parsers live here too, for the same reason:
cli.py declares them to typer, the argument table names them for the fast path.
"""

from __future__ import annotations

import enum
import os
import sys
from datetime import date

from treatyline import api, terminal
from treatyline.errors import TreatylineError
from treatyline.model import DeadlineKind, DeadlineStatus, InstrumentKind, StatusKind
from treatyline.needs import Needs
from treatyline.terminal import Color

TYPE_CHECKING = False  # typing.TYPE_CHECKING, for mypy; typing itself costs start-up time
if TYPE_CHECKING:
    from collections.abc import Iterable
    from pathlib import Path

    from rich.console import RenderableType

    from treatyline import export, loader


class ListFormat(enum.StrEnum):
    table = "table"
    json = "json"
    ndjson = "ndjson"
    csv = "csv"
    tsv = "tsv"


class DeadlineFormat(enum.StrEnum):
    table = "table"
    json = "json"
    ndjson = "ndjson"
    csv = "csv"
    tsv = "tsv"
    ics = "ics"


class ReportFormat(enum.StrEnum):
    table = "table"
    json = "json"


# Value parsers: each turns an option's text into its value, or raises.


def as_of_day(text: str) -> date:
    """Read --as-of: a month or a year means its last day, the view once that period was over."""
    day = api.when("--as-of", text, as_of=date.today())
    assert day is not None
    return day.latest


def party_code(text: str) -> str:
    """Read a state's code in any case (`ir` is IR: a file must write it in capitals, a command
    line need not); ValueError names what is wrong (cli.py words it for typer)."""
    from treatyline import countries

    upper = text.upper()
    return countries.check(upper if countries.known(upper) else text)


def file_to_write(text: str) -> Path:
    """Read the FILE of --output, --svg or --html, refusing a name that can only be a
    directory's: Path drops the '/' of `-o newdir/`, which would then become a file."""
    if not text:  # no file has that name (a NUL is refused with the other arguments, in main)
        raise TreatylineError(f"cannot write {text!r}: no file has that name", exit_code=1)
    if os.path.basename(text) in ("", ".", ".."):
        raise TreatylineError(
            f"cannot write {text}: it names a directory",
            hint="give the name of a file in it",
            exit_code=1,
        )
    from pathlib import Path

    return Path(text)


def show(
    treaty: str,
    as_of: date | None = None,
    format: ListFormat = ListFormat.table,
    brief: bool = False,
    members: bool = False,
    output: Path | None = None,
    svg: Path | None = None,
    html: Path | None = None,
    color: Color = Color.auto,
    no_pager: bool = False,
    data: list[Path] | None = None,
    no_builtin: bool = False,
    no_cache: bool = False,
) -> None:
    """Show one treaty: its status, rules, a drawing of its life and a chronology."""
    as_of = as_of or date.today()
    loaded = _load(
        data,
        no_builtin=no_builtin,
        no_cache=no_cache,
        color=color,
        writes=[output, svg, html],
        wanted=treaty,
    )
    timeline = api.timeline(api.find(loaded, treaty), as_of=as_of)

    def table() -> RenderableType:
        from treatyline import render

        return render.treaty_view(timeline, brief=brief, members=members)

    def machine(chosen: export.Format) -> str:
        from treatyline import export  # only machine formats need it: start-up time

        return export.serialize(export.treaty_listing(timeline), chosen)

    terminal.emit(
        format,
        table=table,
        machine=machine,
        output=output,
        color=color,
        svg=svg,
        html=html,
        title=f"treatyline show {timeline.treaty.id}",
        page=not no_pager,
    )


def deadlines(
    year: int | None = None,
    start: str | None = None,
    end: str | None = None,
    ahead: str | None = None,
    treaty: list[str] | None = None,
    party: list[str] | None = None,
    kind: list[DeadlineKind] | None = None,
    status: list[DeadlineStatus] | None = None,
    as_of: date | None = None,
    format: DeadlineFormat = DeadlineFormat.table,
    output: Path | None = None,
    svg: Path | None = None,
    html: Path | None = None,
    color: Color = Color.auto,
    no_pager: bool = False,
    data: list[Path] | None = None,
    no_builtin: bool = False,
    no_cache: bool = False,
) -> None:
    """List computed deadlines across treaties in date order, each with its status."""
    as_of = as_of or date.today()
    first, last = api.window(as_of=as_of, year=year, start=start, end=end, ahead=ahead)
    loaded = _load(
        data,
        no_builtin=no_builtin,
        no_cache=no_cache,
        color=color,
        writes=[output, svg, html],
        needs=Needs.deadlines(first),
    )
    rows = api.deadlines(
        loaded,
        as_of=as_of,
        start=first,
        end=last,
        treaty=treaty or (),
        party=party or (),
        kind=kind or (),
        status=status or (),
    )

    def table() -> RenderableType:
        from treatyline import render

        if not rows:
            chosen = [
                ("--treaty", treaty),
                ("--party", party),
                ("--kind", kind),
                ("--status", status),
            ]
            return _no_deadlines(first, last, [name for name, given in chosen if given])
        return render.deadlines_table(rows, as_of=as_of)

    def machine(chosen: export.Format) -> str:
        from treatyline import export  # only machine formats need it: start-up time

        if chosen is export.Format.ICS:
            from treatyline import ical

            treaties = {t.id: t for t in loaded.treaties}
            return ical.deadlines_calendar(rows, treaties, as_of=as_of)
        return export.serialize(export.deadlines_listing(rows, as_of=as_of), chosen)

    terminal.emit(
        format,
        table=table,
        machine=machine,
        output=output,
        color=color,
        svg=svg,
        html=html,
        title="treatyline deadlines",
        page=not no_pager,
    )


def list_(
    party: str | None = None,
    kind: list[InstrumentKind] | None = None,
    tag: list[str] | None = None,
    status: list[StatusKind] | None = None,
    as_of: date | None = None,
    format: ListFormat = ListFormat.table,
    output: Path | None = None,
    color: Color = Color.auto,
    no_pager: bool = False,
    data: list[Path] | None = None,
    no_builtin: bool = False,
    no_cache: bool = False,
) -> None:
    """List every treaty with its status on the as-of date, or a state's treaties."""
    as_of = as_of or date.today()
    # Without a state, only each treaty's status is asked: its events that bear on it suffice.
    needs = Needs.statuses() if party is None else Needs.standing(party)
    loaded = _load(
        data, no_builtin=no_builtin, no_cache=no_cache, color=color, writes=[output], needs=needs
    )
    rows = api.treaties(
        loaded, as_of=as_of, party=party, kind=kind or (), tag=tag or (), status=status or ()
    )

    def table() -> RenderableType:
        from treatyline import render

        if not rows:
            if not loaded.treaties:
                return (
                    "No timelines loaded: --no-builtin leaves out the bundled ones; add --data"
                    " PATH."
                )
            return "No treaty matches." if party is None else f"No treaty names {party}."
        return render.treaties_table(rows, as_of=as_of, party=party)

    def machine(chosen: export.Format) -> str:
        from treatyline import export  # only machine formats need it: start-up time

        return export.serialize(export.treaties_listing(rows, as_of=as_of, party=party), chosen)

    terminal.emit(
        format, table=table, machine=machine, output=output, color=color, page=not no_pager
    )


def chart_(
    treaties: list[str] | None = None,
    start: str | None = None,
    end: str | None = None,
    party: str | None = None,
    members: bool = False,
    as_of: date | None = None,
    output: Path | None = None,
    svg: Path | None = None,
    html: Path | None = None,
    color: Color = Color.auto,
    no_pager: bool = False,
    data: list[Path] | None = None,
    no_builtin: bool = False,
    no_cache: bool = False,
) -> None:
    """Draw treaty lifetimes on a year axis, one row a treaty, to fit the terminal."""
    as_of = as_of or date.today()
    first_day, last_day = api.window(as_of=as_of, start=start, end=end)
    first = first_day.year if first_day else None
    last = last_day.year if last_day else None
    loaded = _load(
        data, no_builtin=no_builtin, no_cache=no_cache, color=color, writes=[output, svg, html]
    )
    named = {found.id: found for found in (api.find(loaded, name) for name in treaties or ())}
    chosen = list(named.values()) if treaties else loaded.treaties
    timelines = [api.timeline(treaty, as_of=as_of) for treaty in chosen]

    def table() -> RenderableType:
        if members:
            from treatyline import growth

            return growth.growth(timelines, first=first, last=last)
        from treatyline import chart

        return chart.lifetimes(
            timelines, first=first, last=last, party=party, chronological=not treaties
        )

    terminal.emit(
        "table",
        table=table,
        output=output,
        color=color,
        svg=svg,
        html=html,
        title="treatyline chart",
        page=not no_pager,
    )


def check(
    paths: list[Path] | None = None,
    data: list[Path] | None = None,
    strict: bool = False,
    no_builtin: bool = False,
    no_cache: bool = False,
    as_of: date | None = None,
    format: ListFormat = ListFormat.table,
    output: Path | None = None,
    color: Color = Color.auto,
    no_pager: bool = False,
) -> None:
    """Check timeline files and list every problem as file:line:col: severity: message."""
    from rich.console import Group

    from treatyline import checks, render

    loaded = api.load(
        *(paths or ()),
        *(data or ()),
        builtin=not no_builtin,
        as_of=as_of or date.today(),
        cache=not no_cache,
        strict=strict,
        # The problems come from the files and the cache; beside them a load checks only the
        # statuses stated in files, on the day. --strict reads every event's source.
        needs=None if strict else Needs.stated_statuses(),
    )
    _spare_the_files_read(loaded, [output])
    problems = loaded.problems
    if strict:
        problems, share = checks.source_hosts(problems, loaded.treaties)

    def table() -> RenderableType:
        lines = [render.problem(found) for found in problems]
        return Group(*lines, render.problems_summary(problems))

    def machine(chosen: export.Format) -> str:
        from treatyline import export  # only machine formats need it: start-up time

        return export.serialize(export.problems_listing(problems), chosen)

    terminal.emit(
        format,
        table=table,
        machine=machine,
        output=output,
        color=color,
        lines=True,
        page=not no_pager,
    )
    if strict and share.total:
        terminal.print_renderable(terminal.open_console(color, stderr=True), str(share))
    if loaded.errors:
        sys.exit(1)


def what_if(
    treaty: str,
    notice: str | None = None,
    party: str | None = None,
    extend: str | None = None,
    as_of: date | None = None,
    format: ReportFormat = ReportFormat.table,
    output: Path | None = None,
    color: Color = Color.auto,
    data: list[Path] | None = None,
    no_builtin: bool = False,
    no_cache: bool = False,
) -> None:
    """Imagine a withdrawal notice or an extension, and compute what it would do."""
    if (notice is None) == (extend is None):
        raise TreatylineError(
            "what-if needs one of --notice DATE or --extend PERIOD",
            hint="treatyline what-if INF --notice 2019-02-02",
        )
    if party is not None and notice is None:
        raise TreatylineError("--party goes with --notice", hint="an extension binds every party")
    as_of = as_of or date.today()
    loaded = _load(
        data, no_builtin=no_builtin, no_cache=no_cache, color=color, writes=[output], wanted=treaty
    )
    found = api.find(loaded, treaty)
    from treatyline import export, render

    if notice is not None:
        given = api.what_if_notice(found, on=notice_day(notice, as_of=as_of), party=party)
        document = export.notice_document(given, as_of=as_of)
        view = render.notice_outcome(given)
    else:
        assert extend is not None
        moved = api.what_if_extension(found, on=as_of, period=extend)
        document = export.extension_document(moved, as_of=as_of)
        view = render.extension_outcome(moved)
    terminal.emit(
        format,
        table=lambda: view,
        machine=lambda _: export.to_json(document),
        output=output,
        color=color,
    )


def party_(
    state: str,
    as_of: date | None = None,
    format: ListFormat = ListFormat.table,
    output: Path | None = None,
    color: Color = Color.auto,
    no_pager: bool = False,
    data: list[Path] | None = None,
    no_builtin: bool = False,
    no_cache: bool = False,
) -> None:
    """Show a state's treaties: its status in each, when it signed, joined and left."""
    as_of = as_of or date.today()
    # Only the acts that bear on the state's standing are built (needs.py).
    loaded = _load(
        data,
        no_builtin=no_builtin,
        no_cache=no_cache,
        color=color,
        writes=[output],
        needs=Needs.standing(state),
    )
    records = api.party(loaded, state, as_of=as_of)

    def table() -> RenderableType:
        from treatyline import render

        if not records:
            return f"No treaty names {state} on {as_of}."
        return render.party_view(state, records, as_of=as_of)

    def machine(chosen: export.Format) -> str:
        from treatyline import export  # only machine formats need it: start-up time

        return export.serialize(export.party_listing(state, records, as_of=as_of), chosen)

    terminal.emit(
        format, table=table, machine=machine, output=output, color=color, page=not no_pager
    )


def site_(
    directory: Path,
    as_of: date | None = None,
    serve: bool = False,
    port: int = 8000,
    color: Color = Color.auto,
    data: list[Path] | None = None,
    no_builtin: bool = False,
    no_cache: bool = False,
) -> None:
    """Write a static web site of every treaty and state, to open from disk or publish."""
    as_of = as_of or date.today()
    loaded = _load(data, no_builtin=no_builtin, no_cache=no_cache, color=color)
    from treatyline import site

    pages = site.build(loaded.treaties, directory, as_of=as_of)
    index = directory / "index.html"
    print(f"Wrote {pages} pages to {directory}: open {index}", file=sys.stderr, flush=True)
    if serve:
        server = site.server(directory, port=port)
        host, number = server.server_address[:2]
        print(
            f"Serving {directory} at http://{host!s}:{number}/ (Ctrl-C stops)",
            file=sys.stderr,
            flush=True,
        )
        with server:
            server.serve_forever()


def _no_deadlines(first: date | None, last: date | None, filters: list[str]) -> str:
    """Say that a window holds no deadlines, naming the window and the filters given."""
    if first and last:
        span = f"between {first} and {last}" if first != last else f"on {first}"
    elif first or last:
        span = f"on or after {first}" if first else f"on or before {last}"
    else:
        span = "at all"
    narrowed = f" for the {', '.join(filters)} given" if filters else ""
    return f"No deadlines {span}{narrowed}."


def notice_day(text: str, *, as_of: date) -> date:
    given = api.when("--notice", text, as_of=as_of)
    assert given is not None
    if given.exact is None:
        raise TreatylineError(
            f"--notice needs a day, and '{text}' is a whole {given.precision.value}",
            hint=f"a notice is given on one day, such as {given.earliest}",
        )
    return given.exact


def _load(
    data: list[Path] | None,
    *,
    no_builtin: bool,
    no_cache: bool,
    color: Color,
    writes: Iterable[Path | None] = (),
    wanted: str | None = None,
    needs: Needs | None = None,
) -> loader.Loaded:
    """Load the timelines; print problems; refuse to go on when any is an error.

    `writes` are the files the command is to write (--output, --svg, --html): none may be a
    timeline just read. A status stated in a file is what its author saw on the day of
    writing, so it is compared with today's, whatever the as-of date of the view: a past view
    warns of nothing stale.
    """
    today = date.today()
    loaded = api.load(
        *(data or ()),
        builtin=not no_builtin,
        as_of=today,
        cache=not no_cache,
        wanted=wanted,
        needs=needs,
    )
    _spare_the_files_read(loaded, writes)
    if loaded.problems:
        from treatyline import render

        err = terminal.open_console(color, stderr=True)
        for found in loaded.problems:
            terminal.print_renderable(err, render.problem(found), soft_wrap=True)
        if loaded.errors:
            terminal.print_renderable(err, render.problems_summary(loaded.problems))
            terminal.print_renderable(
                err, "Nothing computed: fix the errors above (`treatyline check` lists them)."
            )
            sys.exit(1)
    return loaded


def _spare_the_files_read(loaded: loader.Loaded, writes: Iterable[Path | None]) -> None:
    """Refuse, before anything is computed, an --output, --svg or --html that is a timeline
    file just read: `check f.yaml -o f.yaml` would replace the timeline with its report."""
    wanted = [path for path in writes if path is not None]
    if wanted:
        from treatyline import files  # only a command that writes a file needs it

        files.refuse_overwriting(wanted, loaded.files)
