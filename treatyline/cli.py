"""Own the command line: options into queries, results to stdout, problems to stderr, exit codes.

The only place that reads the clock (the default of --as-of) and the environment, and the one
error boundary: `main` turns a TreatylineError into a message and an exit code.
"""

# No `from __future__ import annotations` here: typer reads every command's annotations on
# every run, and evaluating them from strings cost more than the whole deadline computation.
# Names imported only for type checking are quoted instead.
import codecs
import contextlib
import enum
import io
import os
import re
import shutil
import sys
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

# typer vendors click from 0.27 on; its exceptions are not re-exported.
from typer._click.exceptions import ClickException, UsageError

# Only what every command needs is imported here: rich, yaml, icalendar and the drawing
# modules load inside the commands that use them (start-up time; see docs/performance.md).
from treatyline import __version__, api, export
from treatyline.errors import TreatylineError
from treatyline.model import DeadlineKind, DeadlineStatus, InstrumentKind, StatusKind

if TYPE_CHECKING:
    from rich.console import Console, RenderableType

    from treatyline import loader


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


class Color(enum.StrEnum):
    auto = "auto"
    always = "always"
    never = "never"


class Shell(enum.StrEnum):
    bash = "bash"
    zsh = "zsh"
    fish = "fish"


app = typer.Typer(
    name="treatyline",
    help=(
        "Arms-control treaty timelines: when withdrawals take effect, when terms expire,"
        " what was in force on a date. Every computed date says which rule and article it"
        " comes from, and every recorded one cites its source.\n\n"
        "Example: treatyline show INF"
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    # Plain help and errors, as git and ripgrep print them: rich's panels wrapped badly at 80
    # columns and boxed errors even in a log file (see docs/decisions.md).
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _as_of(text: str) -> date:
    # A month or a year means its last day: the view as it stood once that period was over.
    day = api.when("--as-of", text, as_of=date.today())
    assert day is not None
    return day.latest


def _party(text: str) -> str:
    from treatyline import countries

    try:
        return countries.check(text)
    except ValueError as error:
        raise typer.BadParameter(f"{error}; {countries.HINT}") from None


def _party_option(help: str) -> Any:
    """Return the --party option of a command, whose help says what it narrows."""
    return typer.Option(
        "--party",
        "-p",
        parser=_party,
        metavar="CODE",
        help=help,
        autocompletion=_complete_party,
    )


def _file_to_write(text: str) -> Path:
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
    return Path(text)


def _version(show: bool) -> None:
    if show:
        typer.echo(f"treatyline {__version__}")
        raise typer.Exit()


COMPLETE_VAR = "_TREATYLINE_COMPLETE"

# Shell completion: each function gets what the user has typed so far and offers matches,
# with a description that zsh and fish show beside each one.


def _complete_treaty(ctx: typer.Context, incomplete: str) -> Iterator[tuple[str, str]]:
    data = ctx.params.get("data") or []
    try:
        loaded = api.load(*data, builtin=not ctx.params.get("no_builtin"))
    except TreatylineError:
        return
    wanted = incomplete.casefold()
    for treaty in sorted(loaded.treaties, key=lambda t: t.id):
        # A name with spaces is offered with hyphens, which name lookup treats alike, so
        # that the shell inserts it as one word. One name a treaty: the first that starts
        # with exactly what was typed, else the first that does in another case.
        names = [n.replace(" ", "-") for n in (treaty.id, treaty.name, *treaty.aliases)]
        matching = [name for name in names if name.casefold().startswith(wanted)]
        if matching:
            exact = [name for name in matching if name.startswith(incomplete)]
            yield (exact[0] if exact else _as_typed(matching[0], incomplete)), treaty.name


def _as_typed(name: str, typed: str) -> str:
    """Return `name` beginning with exactly what was typed, in the case the user chose.

    The shell keeps only words that start with what was typed, case and all, and names match
    in any case: 'ne' offers 'new-start', 'NE' 'NEW-START', and 'Ne' 'New-START'.
    """
    if name.startswith(typed):
        return name
    if typed.islower():
        return name.casefold()
    if typed.isupper():
        return name.upper()
    return typed + name[len(typed) :]


def _complete_party(ctx: typer.Context, incomplete: str) -> Iterator[tuple[str, str]]:
    """Offer the states that the treaties named on the line name, or every code."""
    from treatyline import countries

    wanted = incomplete.upper()
    # While an option waits for its value, click leaves the treaty argument unparsed, in args.
    named = ctx.params.get("treaty") or ctx.params.get("treaties") or ctx.args
    codes: dict[str, str] = countries.codes()
    if named:
        data = ctx.params.get("data") or []
        try:
            loaded = api.load(*data, builtin=not ctx.params.get("no_builtin"))
            found = [
                api.find(loaded, name) for name in ([named] if isinstance(named, str) else named)
            ]
        except TreatylineError:
            found = []
        if found:
            states = {e.party for t in found for e in t.events if e.party}
            states |= {code for t in found for code in t.members()}
            codes = {code: countries.name(code) for code in sorted(states)}
    for code, name in codes.items():
        if code.startswith(wanted):
            yield code, name


DataOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--data",
        "-d",
        help="Also load this timeline file or directory (repeatable).",
        metavar="PATH",
    ),
]
NoBuiltinOption = Annotated[
    bool, typer.Option("--no-builtin", help="Leave out the timelines bundled with treatyline.")
]
NoCacheOption = Annotated[
    bool,
    typer.Option(
        "--no-cache",
        help="Read every timeline file afresh and leave the cache (~/.cache/treatyline) alone.",
    ),
]
AsOfOption = Annotated[
    date | None,
    typer.Option(
        "--as-of",
        parser=_as_of,
        metavar="WHEN",
        help="Judge statuses on this day; later events are left out. Default: today. A month or"
        " year means its last day; an offset (-1y) counts from today.",
    ),
]
TreatyArgument = Annotated[
    str,
    typer.Argument(
        help="An id, short name or alias, in any case.",
        metavar="TREATY",
        autocompletion=_complete_treaty,
    ),
]
OutputOption = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        parser=_file_to_write,
        metavar="FILE",
        help="Write to FILE instead of stdout, all or nothing: a failed write leaves the old file.",
    ),
]
ColorOption = Annotated[
    Color,
    typer.Option(
        "--color",
        help="Colour on a terminal (auto, the default), always or never. Beats NO_COLOR and"
        " FORCE_COLOR.",
        show_default=False,
    ),
]
SvgOption = Annotated[
    Path | None,
    typer.Option(
        "--svg",
        parser=_file_to_write,
        metavar="FILE",
        help="Also write the picture (the table view) to FILE as SVG, as wide as the terminal"
        " or 100 columns without one.",
    ),
]
HtmlOption = Annotated[
    Path | None,
    typer.Option(
        "--html",
        parser=_file_to_write,
        metavar="FILE",
        help="Also write the picture to FILE as an HTML page, as --svg does.",
    ),
]
NoPagerOption = Annotated[
    bool,
    typer.Option(
        "--no-pager",
        help="Print straight to the terminal. Without it, a table taller than the terminal goes"
        " through $TREATYLINE_PAGER, $PAGER or less; never when piped.",
    ),
]
FORMAT_HELP = (
    "table (the default) for people; json, ndjson (one object a line), csv or tsv for programs"
    " (docs/json.md describes the fields)."
)


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version."),
    ] = False,
) -> None:
    """Arms-control treaty timelines, explained and sourced."""


_UNBOUNDED = 100_000
# The codes that may close a line after its padding: a style's end, a link's end (OSC 8).
_CLOSING_CODES = re.compile(r"(?:\x1b\[[0-9;]*m|\x1b\]8;[^\x1b]*\x1b\\)+$")


def _console(color: Color, *, stderr: bool = False, file: io.StringIO | None = None) -> "Console":
    """Return a console that colours only where asked: the flag first, then the environment."""
    from rich.console import Console

    options: dict[str, Any] = {"stderr": stderr}
    if color is Color.always:
        options.update(force_terminal=True, no_color=False)
    elif color is Color.never:
        options.update(no_color=True, color_system=None)
    stream = sys.stderr if stderr else _stdout()
    columns = _columns()
    if file is not None or (not stream.isatty() and columns is None):
        # Piped or written to a file, lines are as long as their content: the reader's program
        # wraps them, not us; the content is measured under this ceiling.
        options["width"] = _UNBOUNDED
    elif columns is not None:
        options["width"] = columns
    elif "COLUMNS" in os.environ:
        # rich would take COLUMNS=0 at its word and draw nothing: ask the terminal instead.
        options["width"] = shutil.get_terminal_size((80, 24)).columns
    return Console(file=file, **options)


def _columns() -> int | None:
    """The width COLUMNS asks for, or None where it is unset or not a positive whole number."""
    value = os.environ.get("COLUMNS", "").strip()
    return int(value) if value.isdigit() and int(value) > 0 else None


def _print(console: "Console", renderable: "RenderableType", **options: Any) -> None:
    from rich.measure import Measurement

    from treatyline import render

    if console.width == _UNBOUNDED:
        renderable = render.unwrapped(renderable)
        console.width = Measurement.get(console, console.options, renderable).maximum
    else:
        # On a terminal too narrow for a table, draw it whole and let the terminal wrap the
        # lines: cut words and vanished columns would lose what the table says.
        renderable = render.never_cut(renderable)
        console.width = max(console.width, render.needed_width(console, renderable))
    renderable = render.Shown(renderable)
    if console.file.isatty():
        console.print(renderable, highlight=False, **options)
        return
    # Piped or in a file, the spaces that pad a table's last column are noise to `diff`,
    # `grep ' $'` and editors that show them: strip them, keeping any closing escape code.
    with console.capture() as captured:
        console.print(renderable, highlight=False, **options)
    console.file.write(_without_trailing_spaces(captured.get()))


def _without_trailing_spaces(text: str) -> str:
    """Return `text` with the spaces that end its lines removed, before any closing codes."""
    lines = text.split("\n")
    for number, line in enumerate(lines):
        if line.endswith(" "):
            lines[number] = line.rstrip(" ")
        elif "\x1b" in line:
            closing = _CLOSING_CODES.search(line)
            if closing is not None:
                lines[number] = line[: closing.start()].rstrip(" ") + closing.group()
    return "\n".join(lines)


def _load(
    data: list[Path] | None, *, no_builtin: bool, no_cache: bool, color: Color
) -> "loader.Loaded":
    """Load the timelines; print problems; refuse to go on when any is an error.

    A status stated in a file is what its author saw on the day of writing, so it is compared
    with today's, whatever the as-of date of the view: a past view warns of nothing stale.
    """
    today = date.today()
    loaded = api.load(*(data or ()), builtin=not no_builtin, as_of=today, cache=not no_cache)
    _spare_the_files_read(loaded)
    if loaded.problems:
        from treatyline import render

        err = _console(color, stderr=True)
        for found in loaded.problems:
            _print(err, render.problem(found), soft_wrap=True)
        if loaded.errors:
            _print(err, render.problems_summary(loaded.problems))
            _print(err, "Nothing computed: fix the errors above (`treatyline check` lists them).")
            raise typer.Exit(1)
    return loaded


def _spare_the_files_read(loaded: "loader.Loaded") -> None:
    """Refuse, before anything is computed, an --output, --svg or --html that is a timeline
    file just read: `check f.yaml -o f.yaml` would replace the timeline with its report.

    The options are read from the command's context, so that every command that loads gets
    this check from the one call after its load.
    """
    from typer._click.globals import get_current_context

    from treatyline import files

    context = get_current_context(silent=True)
    options = context.params if context is not None else {}
    wanted = [options.get(name) for name in ("output", "svg", "html")]
    files.refuse_overwriting([path for path in wanted if isinstance(path, Path)], loaded.files)


def _stdout() -> "io.TextIOWrapper":
    """Return standard output; with its descriptor closed (`treatyline list >&-`), say so."""
    if sys.stdout is None:
        raise TreatylineError(
            "cannot write the output: standard output is closed",
            hint="send it somewhere, such as > FILE, or use --output FILE",
            exit_code=1,
        )
    return sys.stdout  # type: ignore[return-value]


def _deliver(text: str, output: Path | None) -> None:
    """Print `text` to stdout, or write it to `output` whole."""
    if output is None or str(output) == "-":
        # Data is UTF-8 whatever the locale says, as in a file: the program reading it cannot
        # know the terminal's encoding, and an ASCII locale could not carry "Türkiye" at all.
        # A file name that is not UTF-8 keeps its bytes as Python's surrogate escapes, which
        # come out as the JSON escape \udcXX (docs/json.md).
        stdout = _stdout()
        stdout.flush()
        stdout.buffer.write(text.encode("utf-8", "backslashreplace"))
    else:
        from treatyline import files

        files.write_atomically(output, text)


PICTURE_WIDTH = 100


def _picture(
    renderable: "RenderableType", *, svg: Path | None, html: Path | None, color: Color, title: str
) -> None:
    """Write the table view to `svg` and `html`, each whole, as the terminal would show it.

    The picture is as wide as the terminal (or COLUMNS), else 100 columns; colours are kept
    unless --color never: a file is not a terminal that NO_COLOR speaks for. Both carry `title`
    and load nothing from the web, so that they look the same offline (render.svg_page).
    """
    from rich.console import Console
    from rich.segment import Segment, Segments

    from treatyline import files, render

    width = _columns() or PICTURE_WIDTH
    if sys.stdout.isatty() and _columns() is None:
        width = shutil.get_terminal_size((PICTURE_WIDTH, 24)).columns
    recorder = Console(
        file=io.StringIO(), record=True, width=width, force_terminal=True, color_system="truecolor"
    )
    segments = recorder.render(render.Shown(renderable))
    if color is Color.never:  # the recording keeps colours that no_color only hides
        segments = Segment.remove_color(segments)
    recorder.print(Segments(segments))
    if svg is not None:
        picture = recorder.export_svg(
            title=title,
            clear=False,
            code_format=render.svg_page(title),
            font_aspect_ratio=render.FONT_ASPECT_RATIO,
        )
        files.write_atomically(svg, picture)
    if html is not None:
        page = recorder.export_html(clear=False, code_format=render.html_page(title))
        files.write_atomically(html, page)


def _emit(
    format: str,
    *,
    table: "Callable[[], RenderableType]",
    machine: "Callable[[export.Format], str] | None" = None,
    output: Path | None,
    color: Color,
    lines: bool = False,
    svg: Path | None = None,
    html: Path | None = None,
    title: str = "treatyline",
    page: bool = True,
) -> None:
    """Print a table on the console, or the machine format's text, to stdout or `output`.

    `lines` marks a report of lines that must never wrap (file:line:col: for editors). `svg`
    and `html` also get the table, as a picture, whatever the format. A table taller than the
    terminal goes through the pager, unless `page` is false.
    """
    if svg is not None or html is not None:
        _picture(table(), svg=svg, html=html, color=color, title=title)
    try:
        _output(format, table, machine, output, color, lines=lines, page=page)
    except BrokenPipeError:
        # Handled here: typer would turn a closed pipe into exit 1.
        _quiet_closed_pipe()


def _output(
    format: str,
    table: "Callable[[], RenderableType]",
    machine: "Callable[[export.Format], str] | None",
    output: Path | None,
    color: Color,
    *,
    lines: bool,
    page: bool,
) -> None:
    if format != "table":
        assert machine is not None, "a command without machine formats offers only the table"
        _deliver(machine(export.Format(format)), output)
    elif output is None or str(output) == "-":
        console = _console(color)
        pager = _pager_command() if page and console.file.isatty() else None
        if pager is None:
            _print(console, table(), soft_wrap=lines)
            return
        with console.capture() as captured:
            _print(console, table(), soft_wrap=lines)
        text = captured.get()
        if text.count("\n") < console.height:
            _stdout().write(text)
        else:
            _page(pager, text)
    else:
        buffer = io.StringIO()
        _print(_console(Color.never, file=buffer), table(), soft_wrap=lines)
        _deliver(buffer.getvalue(), output)


def _pager_command() -> str | None:
    """Return the pager to run, as git chooses one: TREATYLINE_PAGER, PAGER, else less.

    An empty value, or cat, means none.
    """
    for name in ("TREATYLINE_PAGER", "PAGER"):
        if name in os.environ:
            command = os.environ[name].strip()
            return command if command not in ("", "cat") else None
    import shutil

    return "less" if shutil.which("less") else None


def _page(command: str, text: str) -> None:
    """Show `text` through the pager `command`, and return when the user has left it."""
    import signal
    import subprocess

    # As git does: quit at once if it fits (F), keep the colours (R), leave the screen (X).
    environ = {**os.environ, "LESS": os.environ.get("LESS", "FRX")}
    pager = subprocess.Popen(command, shell=True, stdin=subprocess.PIPE, env=environ)
    # Ctrl-C belongs to the pager while it runs, as in git: less uses it to stop a search.
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        assert pager.stdin is not None
        with contextlib.suppress(BrokenPipeError):  # the user quit before reading it all
            pager.stdin.write(text.encode("utf-8", "replace"))
            pager.stdin.close()
        pager.wait()
    finally:
        signal.signal(signal.SIGINT, previous)


@app.command()
def show(
    treaty: TreatyArgument,
    as_of: AsOfOption = None,
    format: Annotated[
        ListFormat,
        typer.Option(
            "--format",
            "-f",
            show_default=False,
            help=FORMAT_HELP + " The flat formats list the chronology, one row an entry.",
        ),
    ] = ListFormat.table,
    brief: Annotated[
        bool,
        typer.Option(
            "--brief",
            help="Only the status, each party's status and the computed dates: no rule texts,"
            " drawing, chronology or sources.",
        ),
    ] = False,
    members: Annotated[
        bool,
        typer.Option(
            "--members",
            help="Also list every state: its signature, deposit, entry into force for it and"
            " status.",
        ),
    ] = False,
    output: OutputOption = None,
    svg: SvgOption = None,
    html: HtmlOption = None,
    color: ColorOption = Color.auto,
    no_pager: NoPagerOption = False,
    data: DataOption = None,
    no_builtin: NoBuiltinOption = False,
    no_cache: NoCacheOption = False,
) -> None:
    """Show one treaty: its status, rules, a drawing of its life and a chronology.

    The chronology lists recorded and computed events; computed dates are marked and
    explained (rule, article, the event they come from) and compared with what was recorded.
    The drawing is the treaty's row of `treatyline chart`, with a row for each state that
    acted on its own (a notice, a suspension, a withdrawal).

    Examples:

      treatyline show INF

      treatyline show "START III" --as-of 2021-01-01

      treatyline show "New START" --brief

      treatyline show CWC --members --as-of 2000-01-01

      treatyline show "New START" --format json | jq '.deadlines[]'

      treatyline show CFE --svg cfe.svg
    """
    as_of = as_of or date.today()
    loaded = _load(data, no_builtin=no_builtin, no_cache=no_cache, color=color)
    timeline = api.timeline(api.find(loaded, treaty), as_of=as_of)

    def table() -> "RenderableType":
        from treatyline import render

        return render.treaty_view(timeline, brief=brief, members=members)

    def machine(chosen: export.Format) -> str:
        return export.serialize(export.treaty_listing(timeline), chosen)

    _emit(
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


@app.command()
def deadlines(
    year: Annotated[
        int | None,
        typer.Option(
            "--year", "-y", min=1, max=9999, metavar="YEAR", help="Only deadlines in this year."
        ),
    ] = None,
    start: Annotated[
        str | None,
        typer.Option(
            "--from",
            metavar="WHEN",
            help=(
                "Only deadlines on or after WHEN: a date (YYYY-MM-DD, YYYY-MM or YYYY), 'today',"
                " or an offset from the as-of date such as -6m or +1y."
            ),
        ),
    ] = None,
    end: Annotated[
        str | None,
        typer.Option(
            "--to",
            metavar="WHEN",
            help="Only deadlines on or before WHEN, inclusive: --to 2021 includes 2021-12-31.",
        ),
    ] = None,
    ahead: Annotated[
        str | None,
        typer.Option(
            "--next",
            metavar="PERIOD",
            help="Only deadlines from the as-of date to PERIOD ahead: 90d, 6w, 3m, 1y.",
        ),
    ] = None,
    treaty: Annotated[
        list[str] | None,
        typer.Option(
            "--treaty",
            "-t",
            help="Only this treaty (repeatable).",
            metavar="TREATY",
            autocompletion=_complete_treaty,
        ),
    ] = None,
    party: Annotated[
        list[str] | None,
        _party_option("Only this party's (repeatable)."),
    ] = None,
    kind: Annotated[
        list[DeadlineKind] | None,
        typer.Option("--kind", "-k", help="Only deadlines of this kind (repeatable)."),
    ] = None,
    status: Annotated[
        list[DeadlineStatus] | None,
        typer.Option("--status", "-s", help="Only deadlines in this status (repeatable)."),
    ] = None,
    as_of: AsOfOption = None,
    format: Annotated[
        DeadlineFormat,
        typer.Option(
            "--format", "-f", show_default=False, help=FORMAT_HELP + " ics is an iCalendar feed."
        ),
    ] = DeadlineFormat.table,
    output: OutputOption = None,
    svg: SvgOption = None,
    html: HtmlOption = None,
    color: ColorOption = Color.auto,
    no_pager: NoPagerOption = False,
    data: DataOption = None,
    no_builtin: NoBuiltinOption = False,
    no_cache: NoCacheOption = False,
) -> None:
    """List computed deadlines across treaties in date order, each with its status.

    A status is passed, upcoming, averted (a later event replaced or cancelled it),
    pending (its clock is stopped, or the as-of date falls inside a partial date) or
    deferred (a clause of the treaty holds it back). 'today' and offsets count from the
    as-of date.

    Examples:

      treatyline deadlines --year 2021

      treatyline deadlines --next 90d

      treatyline deadlines --from today --to +1y --party US

      treatyline deadlines --status upcoming --kind withdrawal_effective

      treatyline deadlines --treaty "New START" --format csv

      treatyline deadlines --format ics --output treaties.ics

      treatyline deadlines --year 2026 --html deadlines-2026.html
    """
    as_of = as_of or date.today()
    first, last = api.window(as_of=as_of, year=year, start=start, end=end, ahead=ahead)
    loaded = _load(data, no_builtin=no_builtin, no_cache=no_cache, color=color)
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

    def table() -> "RenderableType":
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
        if chosen is export.Format.ICS:
            from treatyline import ical

            treaties = {t.id: t for t in loaded.treaties}
            return ical.deadlines_calendar(rows, treaties, as_of=as_of)
        return export.serialize(export.deadlines_listing(rows, as_of=as_of), chosen)

    _emit(
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


@app.command(name="list")
def list_(
    party: Annotated[
        str | None,
        _party_option("Only the treaties this state signed or joined, with its status in each."),
    ] = None,
    kind: Annotated[
        list[InstrumentKind] | None,
        typer.Option("--kind", "-k", help="Only treaties of this kind (repeatable)."),
    ] = None,
    tag: Annotated[
        list[str] | None,
        typer.Option("--tag", metavar="TAG", help="Only treaties with this tag (repeatable)."),
    ] = None,
    status: Annotated[
        list[StatusKind] | None,
        typer.Option(
            "--status",
            "-s",
            help="Only treaties in this status, or with --party the state's (repeatable).",
            show_choices=False,
            metavar="STATUS",
        ),
    ] = None,
    as_of: AsOfOption = None,
    format: Annotated[
        ListFormat, typer.Option("--format", "-f", show_default=False, help=FORMAT_HELP)
    ] = (ListFormat.table),
    output: OutputOption = None,
    color: ColorOption = Color.auto,
    no_pager: NoPagerOption = False,
    data: DataOption = None,
    no_builtin: NoBuiltinOption = False,
    no_cache: NoCacheOption = False,
) -> None:
    """List every treaty with its status on the as-of date, or a state's treaties.

    STATUS is a treaty's (in_force, signed, expired, terminated, never_in_force, ...) or,
    with --party, the state's (party, signatory, ratified, withdrawing, withdrawn,
    suspended, renounced, ceased, ...).

    Examples:

      treatyline list

      treatyline list --as-of 1995-01-01 --format csv

      treatyline list --party US --as-of 1995-01-01

      treatyline list --party RU --status withdrawn

      treatyline list --kind multilateral --tag nuclear
    """
    as_of = as_of or date.today()
    loaded = _load(data, no_builtin=no_builtin, no_cache=no_cache, color=color)
    rows = api.treaties(
        loaded, as_of=as_of, party=party, kind=kind or (), tag=tag or (), status=status or ()
    )

    def table() -> "RenderableType":
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
        return export.serialize(export.treaties_listing(rows, as_of=as_of, party=party), chosen)

    _emit(format, table=table, machine=machine, output=output, color=color, page=not no_pager)


@app.command(name="chart")
def chart_(
    treaties: Annotated[
        list[str] | None,
        typer.Argument(
            help="Treaties to draw, in this order (ids, names or aliases); default: all.",
            metavar="TREATY",
            autocompletion=_complete_treaty,
            show_default=False,
        ),
    ] = None,
    start: Annotated[
        str | None,
        typer.Option(
            "--from",
            metavar="WHEN",
            help="Draw from the year of WHEN (a date, 'today' or an offset from the as-of date)."
            " Default: the year of the first thing drawn.",
        ),
    ] = None,
    end: Annotated[
        str | None,
        typer.Option(
            "--to",
            metavar="WHEN",
            help="Draw to the year of WHEN, inclusive. Default: the as-of year, or a later"
            " computed end.",
        ),
    ] = None,
    party: Annotated[
        str | None,
        _party_option("Draw this state's membership of each treaty instead of the treaty's life."),
    ] = None,
    members: Annotated[
        bool,
        typer.Option(
            "--members",
            help="Draw the number of parties year by year instead, for each treaty with a"
            " membership table.",
        ),
    ] = False,
    as_of: AsOfOption = None,
    output: OutputOption = None,
    svg: SvgOption = None,
    html: HtmlOption = None,
    color: ColorOption = Color.auto,
    no_pager: NoPagerOption = False,
    data: DataOption = None,
    no_builtin: NoBuiltinOption = False,
    no_cache: NoCacheOption = False,
) -> None:
    """Draw treaty lifetimes on a year axis, one row a treaty, to fit the terminal.

    A row runs from signature or entry into force to the treaty's end, or to the as-of date
    while the treaty lasts, and marks withdrawal notices, withdrawals, suspensions and
    extensions. States differ by glyph, not by colour alone; the legend under the axis says
    which is which. A row's state on any day is the status `treatyline list --as-of` gives
    for that day; with --party, it is that state's membership.

    Examples:

      treatyline chart --from 1960 --to 2030

      treatyline chart INF "New START" ABM --as-of 2019-01-01

      treatyline chart --party US --svg us.svg

      treatyline chart --members --from 1990
    """
    as_of = as_of or date.today()
    first_day, last_day = api.window(as_of=as_of, start=start, end=end)
    first = first_day.year if first_day else None
    last = last_day.year if last_day else None
    loaded = _load(data, no_builtin=no_builtin, no_cache=no_cache, color=color)
    named = {found.id: found for found in (api.find(loaded, name) for name in treaties or ())}
    chosen = list(named.values()) if treaties else loaded.treaties
    timelines = [api.timeline(treaty, as_of=as_of) for treaty in chosen]

    def table() -> "RenderableType":
        if members:
            from treatyline import growth

            return growth.growth(timelines, first=first, last=last)
        from treatyline import chart

        return chart.lifetimes(
            timelines, first=first, last=last, party=party, chronological=not treaties
        )

    _emit(
        "table",
        table=table,
        output=output,
        color=color,
        svg=svg,
        html=html,
        title="treatyline chart",
        page=not no_pager,
    )


@app.command()
def check(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Timeline files or directories; default: every timeline loaded.", metavar="PATH"
        ),
    ] = None,
    data: DataOption = None,
    strict: Annotated[
        bool,
        typer.Option(
            "--strict",
            help="Also require a source for every event and claim, as the bundled timelines"
            " must have, and warn of each source on no recognised host that no note explains;"
            " the share of sources on recognised hosts goes to stderr.",
        ),
    ] = False,
    no_builtin: NoBuiltinOption = False,
    no_cache: NoCacheOption = False,
    as_of: AsOfOption = None,
    format: Annotated[
        ListFormat,
        typer.Option(
            "--format",
            "-f",
            show_default=False,
            help="table (the default): file:line:col: lines for editors and grep; json, ndjson,"
            " csv or tsv for programs (docs/json.md describes the fields).",
        ),
    ] = ListFormat.table,
    output: OutputOption = None,
    color: ColorOption = Color.auto,
    no_pager: NoPagerOption = False,
) -> None:
    """Check timeline files and list every problem as file:line:col: severity: message.

    Each problem comes with the offending line and a hint. Exits 1 when any problem is an
    error, 0 when there are only warnings or none. A status stated in a file is compared
    with the one its dates give on the as-of date. Files named here are checked together with
    the bundled timelines, so that a file extending a bundled treaty can be checked alone.

    Examples:

      treatyline check

      treatyline check my-timelines/ --no-builtin --strict

      treatyline check my-timelines/ --format json | jq '.problems[].message'
    """
    from rich.console import Group

    from treatyline import checks, render

    loaded = api.load(
        *(paths or ()),
        *(data or ()),
        builtin=not no_builtin,
        as_of=as_of or date.today(),
        cache=not no_cache,
        strict=strict,
    )
    _spare_the_files_read(loaded)
    problems = loaded.problems
    if strict:
        problems, share = checks.source_hosts(problems, loaded.treaties)

    def table() -> "RenderableType":
        lines = [render.problem(found) for found in problems]
        return Group(*lines, render.problems_summary(problems))

    def machine(chosen: export.Format) -> str:
        return export.serialize(export.problems_listing(problems), chosen)

    _emit(
        format,
        table=table,
        machine=machine,
        output=output,
        color=color,
        lines=True,
        page=not no_pager,
    )
    if strict and share.total:
        _print(_console(color, stderr=True), str(share))
    if loaded.errors:
        raise typer.Exit(1)


@app.command(name="what-if")
def what_if(
    treaty: TreatyArgument,
    notice: Annotated[
        str | None,
        typer.Option(
            "--notice",
            metavar="WHEN",
            help="Imagine a notice of withdrawal given on this day (a date, 'today' or an offset"
            " from the as-of date): when would it take effect?",
        ),
    ] = None,
    party: Annotated[
        str | None,
        _party_option("The party giving notice (default: any party)."),
    ] = None,
    extend: Annotated[
        str | None,
        typer.Option(
            "--extend",
            metavar="PERIOD",
            help="Imagine the term extended by PERIOD (5y, 5 years) on the as-of date.",
        ),
    ] = None,
    as_of: AsOfOption = None,
    format: Annotated[
        ReportFormat,
        typer.Option(
            "--format",
            "-f",
            show_default=False,
            help="table (the default) for people, json for scripts.",
        ),
    ] = ReportFormat.table,
    output: OutputOption = None,
    color: ColorOption = Color.auto,
    data: DataOption = None,
    no_builtin: NoBuiltinOption = False,
    no_cache: NoCacheOption = False,
) -> None:
    """Imagine a withdrawal notice or an extension, and compute what it would do.

    The record after the imagined day is set aside, and the treaty's own rules say when a
    notice would take effect and what it would end, or where an extension would move the
    treaty's end. What the treaty forbids (a second extension, one beyond its cap) is
    refused with its own words, and exits 1.

    Examples:

      treatyline what-if INF --notice 2019-02-02 --party US

      treatyline what-if NPT --notice 2027-01-01 --party IR

      treatyline what-if "New START" --extend 5y --as-of 2021-01-01
    """
    if (notice is None) == (extend is None):
        raise TreatylineError(
            "what-if needs one of --notice DATE or --extend PERIOD",
            hint="treatyline what-if INF --notice 2019-02-02",
        )
    if party is not None and notice is None:
        raise TreatylineError("--party goes with --notice", hint="an extension binds every party")
    as_of = as_of or date.today()
    loaded = _load(data, no_builtin=no_builtin, no_cache=no_cache, color=color)
    found = api.find(loaded, treaty)
    from treatyline import render

    if notice is not None:
        given = api.what_if_notice(found, on=_notice_day(notice, as_of=as_of), party=party)
        document = export.notice_document(given, as_of=as_of)
        view = render.notice_outcome(given)
    else:
        assert extend is not None
        moved = api.what_if_extension(found, on=as_of, period=extend)
        document = export.extension_document(moved, as_of=as_of)
        view = render.extension_outcome(moved)
    _emit(
        format,
        table=lambda: view,
        machine=lambda _: export.to_json(document),
        output=output,
        color=color,
    )


def _notice_day(text: str, *, as_of: date) -> date:
    given = api.when("--notice", text, as_of=as_of)
    assert given is not None
    if given.exact is None:
        raise TreatylineError(
            f"--notice needs a day, and '{text}' is a whole {given.precision.value}",
            hint=f"a notice is given on one day, such as {given.earliest}",
        )
    return given.exact


@app.command(name="party")
def party_(
    state: Annotated[
        str,
        typer.Argument(
            parser=_party,
            metavar="CODE",
            help="The state, as an ISO 3166 code (RU, US, IR, KP), or SU for the USSR.",
            autocompletion=_complete_party,
        ),
    ],
    as_of: AsOfOption = None,
    format: Annotated[
        ListFormat,
        typer.Option(
            "--format",
            "-f",
            show_default=False,
            help=FORMAT_HELP + " The flat formats list one row a treaty.",
        ),
    ] = ListFormat.table,
    output: OutputOption = None,
    color: ColorOption = Color.auto,
    no_pager: NoPagerOption = False,
    data: DataOption = None,
    no_builtin: NoBuiltinOption = False,
    no_cache: NoCacheOption = False,
) -> None:
    """Show a state's treaties: its status in each, when it signed, joined and left.

    Every treaty whose record names the state, with its status on the as-of date, its
    signature, its deposit (ratification, accession, succession) and the day the treaty
    bound it, how it left or began to (a notice, a withdrawal, a de-ratification, a
    suspension), and what is still to come (a notice running, an entry into force).

    Examples:

      treatyline party RU

      treatyline party IR --as-of 2025-01-01

      treatyline party US --format json | jq -r '.treaties[].treaty'
    """
    as_of = as_of or date.today()
    loaded = _load(data, no_builtin=no_builtin, no_cache=no_cache, color=color)
    records = api.party(loaded, state, as_of=as_of)

    def table() -> "RenderableType":
        from treatyline import render

        if not records:
            return f"No treaty names {state} on {as_of}."
        return render.party_view(state, records, as_of=as_of)

    def machine(chosen: export.Format) -> str:
        return export.serialize(export.party_listing(state, records, as_of=as_of), chosen)

    _emit(format, table=table, machine=machine, output=output, color=color, page=not no_pager)


@app.command(name="site")
def site_(
    directory: Annotated[
        Path,
        typer.Argument(
            help="The folder to write; a site written before is replaced whole.", metavar="DIR"
        ),
    ],
    as_of: AsOfOption = None,
    serve: Annotated[
        bool,
        typer.Option(
            "--serve",
            help="Then serve the site on http://127.0.0.1:PORT/ to preview it, until Ctrl-C.",
        ),
    ] = False,
    port: Annotated[
        int,
        typer.Option(
            "--port",
            min=0,
            max=65535,
            metavar="PORT",
            show_default=False,
            help="The port for --serve: 8000 unless given; 0 for any free one.",
        ),
    ] = 8000,
    color: ColorOption = Color.auto,
    data: DataOption = None,
    no_builtin: NoBuiltinOption = False,
    no_cache: NoCacheOption = False,
) -> None:
    """Write a static web site of every treaty and state, to open from disk or publish.

    index.html draws every treaty's life and lists the deadlines of the last twelve months and
    the next twelve, and every treaty with its status; each treaty and each state has a page,
    with the JSON document of `show` or `party` beside it; deadlines.ics is the calendar feed.
    The pages read without JavaScript and load nothing from the web. The site is built beside
    DIR and renamed into place, so a failed build leaves the old one; only a folder this
    command wrote, or an empty one, is ever replaced.

    Examples:

      treatyline site out/

      treatyline site public/ --as-of 2019-01-01 --no-cache
    """
    as_of = as_of or date.today()
    loaded = _load(data, no_builtin=no_builtin, no_cache=no_cache, color=color)
    from treatyline import site

    pages = site.build(loaded.treaties, directory, as_of=as_of)
    index = directory / "index.html"
    typer.echo(f"Wrote {pages} pages to {directory}: open {index}", err=True)
    if serve:
        server = site.server(directory, port=port)
        host, number = server.server_address[:2]
        typer.echo(f"Serving {directory} at http://{host!s}:{number}/ (Ctrl-C stops)", err=True)
        with server:
            server.serve_forever()


@app.command()
def completion(
    shell: Annotated[Shell, typer.Argument(help="bash, zsh or fish.", metavar="SHELL")],
) -> None:
    """Print the shell script that completes commands, treaty names, party codes and kinds.

    Examples:

      eval "$(treatyline completion bash)"         # in ~/.bashrc

      eval "$(treatyline completion zsh)"          # in ~/.zshrc

      treatyline completion fish > ~/.config/fish/completions/treatyline.fish
    """
    from typer.completion import get_completion_script  # type: ignore[attr-defined]

    script = get_completion_script(
        prog_name="treatyline", complete_var=COMPLETE_VAR, shell=shell.value
    )
    sys.stdout.write(script.rstrip("\n") + "\n")


def _report(message: str, hint: str | None) -> None:
    """Print one error as every error is printed: `treatyline: message`, then its hint."""
    from rich.console import Console
    from rich.text import Text

    from treatyline.render import visible

    # A message may quote what was typed or read: its control characters show as escapes.
    text = Text("treatyline: ", style="bold red")
    text.append(visible(message), style="")
    if hint:
        text.append(f"\n  hint: {visible(hint)}")
    # Soft-wrapped, a message is never cut: the width only keeps COLUMNS=0 from hiding it.
    Console(stderr=True, width=_UNBOUNDED).print(text, highlight=False, soft_wrap=True)


def _report_usage(error: "ClickException") -> None:
    """Print a usage error of the command line (an unknown option, a bad value) as ours."""
    from typer._click.exceptions import NoSuchOption

    hint = getattr(error, "hint", None)
    command = error.ctx.command_path if isinstance(error, UsageError) and error.ctx else None
    if isinstance(error, NoSuchOption):
        message = f"no such option: {error.option_name}"
        # click offers any option within its loose cutoff (--party gave "--data"); only a
        # near miss such as --asof for --as-of is worth suggesting.
        import difflib

        close = difflib.get_close_matches(error.option_name, error.possibilities or (), 1, 0.8)
        hint = f"did you mean {close[0]}?" if close else None
    else:
        message, _, suggestion = error.format_message().partition(" Did you mean ")
        if message[:1].isupper() and message[1:2].islower():
            message = message[0].lower() + message[1:]
        message = message.removesuffix(".")
        if suggestion:
            hint = f"did you mean {suggestion}"
    if hint is None and command:
        hint = f"{command} --help lists what it takes"
    _report(message, hint)


def _quiet_closed_pipe(*, code: int = 0) -> NoReturn:
    """Leave without writing more: point stdout at /dev/null, so that the interpreter's final
    flush of what is left in its buffer cannot fail again.

    The reader gone (`treatyline deadlines | head -1`) is no error, and exits 0.
    """
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    sys.exit(code)


def main(argv: list[str] | None = None) -> NoReturn:
    """Run the command line; the one place errors become messages and exit codes.

    A TreatylineError exits 1 or 2 with its message, a usage error 2; a closed pipe exits 0
    quietly; Ctrl-C exits 130 quietly.
    """
    try:
        for stream in (sys.stdout, sys.stderr):
            # A terminal that cannot show a letter (PYTHONIOENCODING=ascii, a Latin-1 locale)
            # gets a '?' for it: a name printed imperfectly beats a traceback instead of the
            # answer.
            if (
                isinstance(stream, io.TextIOWrapper)
                and codecs.lookup(stream.encoding).name != "utf-8"
            ):
                stream.reconfigure(errors="replace")
        if COMPLETE_VAR in os.environ:
            # The shell asks for completions: register typer's bash, zsh and fish formats.
            from typer.completion import completion_init  # type: ignore[attr-defined]

            completion_init()
        if any("\0" in word for word in argv or sys.argv[1:]):
            # Only a caller in Python can pass one (a shell cannot); paths would raise.
            raise TreatylineError("an argument holds a NUL character, which no name or path can")
        # Not standalone: typer would print its own usage errors, in another style than ours.
        code = app(args=argv, prog_name="treatyline", standalone_mode=False)
        sys.stdout.flush()
    except TreatylineError as error:
        _report(error.message, error.hint)
        sys.exit(error.exit_code)
    except ClickException as error:
        _report_usage(error)
        sys.exit(error.exit_code)
    except BrokenPipeError:
        _quiet_closed_pipe()
    except OSError as error:  # the output could not be written: a full disk, a device error
        _report(f"cannot write to standard output: {error.strerror or error}", None)
        _quiet_closed_pipe(code=1)
    except KeyboardInterrupt:
        sys.exit(130)
    # typer returns the exit code of a typer.Exit, or the command's own result (None).
    sys.exit(code if isinstance(code, int) else 0)
