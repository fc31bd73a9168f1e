"""Own the command line: options into queries, results to stdout, problems to stderr, exit codes.

The only place that reads the clock (the default of --as-of) and the environment, and the one
error boundary: `main` turns a TreatylineError into a message and an exit code.
"""

from __future__ import annotations

import enum
import os
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from treatyline import __version__, catalog, countries, engine, export, loader, query
from treatyline.errors import TreatylineError
from treatyline.periods import DateError, PartialDate

if TYPE_CHECKING:
    from rich.console import Console, RenderableType


class TableOrJson(enum.StrEnum):
    table = "table"
    json = "json"


class TableJsonCsv(enum.StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


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
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _day(text: str) -> date:
    try:
        day = PartialDate.parse(text).exact
    except DateError as error:
        raise typer.BadParameter(f"{error}; {error.hint}") from None
    if day is None:
        raise typer.BadParameter(f"'{text}' is not a day; write YYYY-MM-DD")
    return day


def _partial(text: str) -> PartialDate:
    try:
        return PartialDate.parse(text)
    except DateError as error:
        raise typer.BadParameter(f"{error}; {error.hint}") from None


def _party(text: str) -> str:
    try:
        return countries.check(text)
    except ValueError as error:
        raise typer.BadParameter(f"{error}; {countries.HINT}") from None


def _version(show: bool) -> None:
    if show:
        typer.echo(f"treatyline {__version__}")
        raise typer.Exit()


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
AsOfOption = Annotated[
    date | None,
    typer.Option(
        "--as-of",
        parser=_day,
        metavar="DATE",
        help="Judge statuses on this day (YYYY-MM-DD); later events are left out. Default: today.",
    ),
]


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version."),
    ] = False,
) -> None:
    """Arms-control treaty timelines, explained and sourced."""


def _consoles() -> tuple[Console, Console]:
    from rich.console import Console

    return Console(), Console(stderr=True)


def _load(data: list[Path] | None, *, no_builtin: bool, as_of: date) -> loader.Loaded:
    """Load the timelines; print problems; refuse to go on when any is an error."""
    from treatyline import render

    sources = catalog.search_path(os.environ, data or (), builtin=not no_builtin)
    loaded = loader.load(sources, as_of=as_of)
    if loaded.problems:
        _, err = _consoles()
        for found in loaded.problems:
            err.print(render.problem(found), highlight=False, soft_wrap=True)
        if loaded.errors:
            err.print(render.problems_summary(loaded.problems), highlight=False)
            err.print("Nothing computed: fix the errors above (`treatyline check` lists them).")
            raise typer.Exit(1)
    return loaded


def _print(renderable: RenderableType) -> None:
    out, _ = _consoles()
    out.print(renderable, highlight=False)


def _write(text: str) -> None:
    sys.stdout.write(text)


@app.command()
def show(
    treaty: Annotated[str, typer.Argument(help="An id, short name or alias, in any case.")],
    as_of: AsOfOption = None,
    format: Annotated[
        TableOrJson, typer.Option("--format", "-f", help="table for people, json for scripts.")
    ] = TableOrJson.table,
    data: DataOption = None,
    no_builtin: NoBuiltinOption = False,
) -> None:
    """Show one treaty: its status, rules, and a chronology of recorded and computed events.

    Computed dates are marked and explained (rule, article, the event they come from) and
    compared with what was recorded.

    Examples:

      treatyline show INF

      treatyline show "START III" --as-of 2021-01-01

      treatyline show "New START" --format json | jq '.deadlines[]'
    """
    as_of = as_of or date.today()
    loaded = _load(data, no_builtin=no_builtin, as_of=as_of)
    found = query.find_treaty(loaded.treaties, treaty)
    timeline = engine.timeline(found, as_of=as_of)
    if format is TableOrJson.json:
        _write(export.to_json(export.treaty_document(timeline)))
        return
    from treatyline import render

    _print(render.treaty_view(timeline))


@app.command()
def deadlines(
    year: Annotated[
        int | None,
        typer.Option("--year", "-y", min=1, max=9999, help="Only deadlines in this year."),
    ] = None,
    start: Annotated[
        PartialDate | None,
        typer.Option(
            "--from",
            parser=_partial,
            metavar="DATE",
            help="Only deadlines on or after DATE (YYYY-MM-DD, YYYY-MM or YYYY).",
        ),
    ] = None,
    end: Annotated[
        PartialDate | None,
        typer.Option(
            "--to",
            parser=_partial,
            metavar="DATE",
            help="Only deadlines on or before DATE; inclusive: --to 2021 includes 2021-12-31.",
        ),
    ] = None,
    treaty: Annotated[
        list[str] | None,
        typer.Option("--treaty", "-t", help="Only this treaty (repeatable).", metavar="TREATY"),
    ] = None,
    party: Annotated[
        list[str] | None,
        typer.Option(
            "--party", "-p", parser=_party, help="Only this party's (repeatable).", metavar="CODE"
        ),
    ] = None,
    as_of: AsOfOption = None,
    format: Annotated[
        TableJsonCsv, typer.Option("--format", "-f", help="table, json or csv.")
    ] = TableJsonCsv.table,
    data: DataOption = None,
    no_builtin: NoBuiltinOption = False,
) -> None:
    """List computed deadlines across treaties in date order, each with its status.

    A status is passed, upcoming, averted (a later event replaced or cancelled it) or
    pending (its clock is stopped, or the as-of date falls inside a partial date).

    Examples:

      treatyline deadlines --year 2021

      treatyline deadlines --from 2019-01-01 --to 2019-12-31 --party US

      treatyline deadlines --treaty "New START" --format csv
    """
    if year is not None and (start is not None or end is not None):
        raise TreatylineError("--year cannot be combined with --from or --to")
    if year is not None:
        start = end = PartialDate.year(year)
    as_of = as_of or date.today()
    loaded = _load(data, no_builtin=no_builtin, as_of=as_of)
    chosen = [query.find_treaty(loaded.treaties, name).id for name in treaty or ()]
    selection = query.Query(
        start=start.earliest if start else None,
        end=end.latest if end else None,
        treaties=frozenset(chosen),
        parties=frozenset(party or ()),
    )
    found = engine.deadlines(loaded.treaties, as_of=as_of, horizon=selection.end)
    rows = query.select(found, selection)
    if format is TableJsonCsv.json:
        _write(export.to_json(export.deadlines_document(rows, as_of=as_of)))
    elif format is TableJsonCsv.csv:
        _write(export.to_csv(map(export.deadline_row, rows), export.DEADLINE_COLUMNS))
    else:
        from treatyline import render

        _print(render.deadlines_table(rows, as_of=as_of))


@app.command(name="list")
def list_(
    as_of: AsOfOption = None,
    format: Annotated[
        TableJsonCsv, typer.Option("--format", "-f", help="table, json or csv.")
    ] = TableJsonCsv.table,
    data: DataOption = None,
    no_builtin: NoBuiltinOption = False,
) -> None:
    """List every treaty with its status on the as-of date.

    Examples:

      treatyline list

      treatyline list --as-of 1995-01-01 --format csv
    """
    as_of = as_of or date.today()
    loaded = _load(data, no_builtin=no_builtin, as_of=as_of)
    rows = [(t, engine.status(t, as_of=as_of)) for t in sorted(loaded.treaties, key=lambda t: t.id)]
    if format is TableJsonCsv.json:
        _write(export.to_json(export.treaties_document(rows, as_of=as_of)))
    elif format is TableJsonCsv.csv:
        table = (export.treaty_row(t, s) for t, s in rows)
        _write(export.to_csv(table, export.TREATY_COLUMNS))
    else:
        from treatyline import render

        _print(render.treaties_table(rows, as_of=as_of))


@app.command()
def check(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="Timeline files or directories; default: every timeline loaded."),
    ] = None,
    no_builtin: NoBuiltinOption = False,
    as_of: AsOfOption = None,
) -> None:
    """Check timeline files and list every problem as file:line:col: severity: message.

    Each problem comes with the offending line and a hint. Exits 1 when any problem is an
    error, 0 when there are only warnings or none. A status stated in a file is compared
    with the one its dates give on the as-of date. Files named here are checked together with
    the bundled timelines, so that a file extending a bundled treaty can be checked alone.

    Examples:

      treatyline check

      treatyline check my-timelines/ --no-builtin
    """
    from treatyline import render

    sources = catalog.search_path(os.environ, paths or (), builtin=not no_builtin)
    loaded = loader.load(sources, as_of=as_of or date.today())
    out, _ = _consoles()
    for found in loaded.problems:
        out.print(render.problem(found), highlight=False, soft_wrap=True)
    _print(render.problems_summary(loaded.problems))
    if loaded.errors:
        raise typer.Exit(1)


def main(argv: list[str] | None = None) -> NoReturn:
    """Run the command line; the one place a TreatylineError becomes a message and exit code."""
    try:
        app(args=argv, prog_name="treatyline")
    except TreatylineError as error:
        from rich.console import Console
        from rich.text import Text

        message = Text("treatyline: ", style="bold red")
        message.append(error.message, style="")
        if error.hint:
            message.append(f"\n  hint: {error.hint}")
        Console(stderr=True).print(message, highlight=False)
        sys.exit(error.exit_code)
    sys.exit(0)
