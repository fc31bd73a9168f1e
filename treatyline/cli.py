"""Own the command line's declaration: typer's app, every command's options and help, shell
completion, and typer's usage errors in our words.

The commands' bodies are in commands.py; the error boundary in boundary.py. The commonest
command lines skip this module: fastpath.py parses them from a table generated from the app
defined here (docs/performance.md), and hands everything else (help, completion, a bad
option) to `main`.
"""

# No `from __future__ import annotations` here: typer reads every command's annotations on
# every run, and evaluating them from strings cost more than the whole deadline computation.
import enum
import os
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer

# typer vendors click from 0.27 on; its exceptions are not re-exported.
from typer._click.exceptions import ClickException, UsageError

from treatyline import __version__, api, boundary, commands, terminal
from treatyline.commands import DeadlineFormat, ListFormat, ReportFormat
from treatyline.errors import TreatylineError
from treatyline.fastpath import COMPLETE_VAR
from treatyline.model import DeadlineKind, DeadlineStatus, InstrumentKind, StatusKind
from treatyline.terminal import Color


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


def _party(text: str) -> str:
    from treatyline import countries

    try:
        return commands.party_code(text)
    except ValueError as error:
        # A state it may mean is the better hint; else what a code looks like.
        meant = isinstance(error, countries.UnknownCode) and error.meant
        raise typer.BadParameter(f"{error}" if meant else f"{error}; {countries.HINT}") from None


# The fast path converts with the parser's own function where typer's wraps one in its errors.
FAST_PARSERS = {_party: commands.party_code}


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


def _version(show: bool) -> None:
    if show:
        typer.echo(f"treatyline {__version__}")
        raise typer.Exit()


# Shell completion: each function gets what the user has typed so far and offers matches,
# with a description that zsh and fish show beside each one.


def _complete_treaty(ctx: typer.Context, incomplete: str) -> Iterator[tuple[str, str]]:
    from treatyline import completions

    data = ctx.params.get("data")
    return completions.treaties(incomplete, data=data, builtin=not ctx.params.get("no_builtin"))


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
        parser=commands.as_of_day,
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
        parser=commands.file_to_write,
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
        parser=commands.file_to_write,
        metavar="FILE",
        help="Also write the picture (the table view) to FILE as SVG, as wide as the terminal"
        " or 100 columns without one.",
    ),
]
HtmlOption = Annotated[
    Path | None,
    typer.Option(
        "--html",
        parser=commands.file_to_write,
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
    commands.show(
        treaty=treaty,
        as_of=as_of,
        format=format,
        brief=brief,
        members=members,
        output=output,
        svg=svg,
        html=html,
        color=color,
        no_pager=no_pager,
        data=data,
        no_builtin=no_builtin,
        no_cache=no_cache,
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
    commands.deadlines(
        year=year,
        start=start,
        end=end,
        ahead=ahead,
        treaty=treaty,
        party=party,
        kind=kind,
        status=status,
        as_of=as_of,
        format=format,
        output=output,
        svg=svg,
        html=html,
        color=color,
        no_pager=no_pager,
        data=data,
        no_builtin=no_builtin,
        no_cache=no_cache,
    )


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
    commands.list_(
        party=party,
        kind=kind,
        tag=tag,
        status=status,
        as_of=as_of,
        format=format,
        output=output,
        color=color,
        no_pager=no_pager,
        data=data,
        no_builtin=no_builtin,
        no_cache=no_cache,
    )


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
    commands.chart_(
        treaties=treaties,
        start=start,
        end=end,
        party=party,
        members=members,
        as_of=as_of,
        output=output,
        svg=svg,
        html=html,
        color=color,
        no_pager=no_pager,
        data=data,
        no_builtin=no_builtin,
        no_cache=no_cache,
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
    commands.check(
        paths=paths,
        data=data,
        strict=strict,
        no_builtin=no_builtin,
        no_cache=no_cache,
        as_of=as_of,
        format=format,
        output=output,
        color=color,
        no_pager=no_pager,
    )


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
    commands.what_if(
        treaty=treaty,
        notice=notice,
        party=party,
        extend=extend,
        as_of=as_of,
        format=format,
        output=output,
        color=color,
        data=data,
        no_builtin=no_builtin,
        no_cache=no_cache,
    )


@app.command(name="party")
def party_(
    state: Annotated[
        str,
        typer.Argument(
            parser=_party,
            metavar="CODE",
            help=(
                "The state's ISO 3166 code, in either case (RU, ir, KP), or SU for the USSR;"
                " a name such as Iran is answered with the codes it may mean."
            ),
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
    commands.party_(
        state=state,
        as_of=as_of,
        format=format,
        output=output,
        color=color,
        no_pager=no_pager,
        data=data,
        no_builtin=no_builtin,
        no_cache=no_cache,
    )


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
    commands.site_(
        directory=directory,
        as_of=as_of,
        serve=serve,
        port=port,
        color=color,
        data=data,
        no_builtin=no_builtin,
        no_cache=no_cache,
    )


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


def _report_usage(error: ClickException) -> None:
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
    terminal.report(message, hint)


def run(argv: list[str]) -> int:
    """Parse `argv` with typer and run the command it names; return the exit code."""

    def parse_and_run() -> object:
        if COMPLETE_VAR in os.environ:
            # The shell asks for completions: register typer's bash, zsh and fish formats.
            from typer.completion import completion_init  # type: ignore[attr-defined]

            completion_init()
        try:
            # Not standalone: typer would print its own usage errors, in another style than ours.
            # It returns the exit code of a typer.Exit, or the command's own result (None).
            return app(args=argv, prog_name="treatyline", standalone_mode=False)
        except ClickException as error:
            _report_usage(error)
            return error.exit_code

    return boundary.run(parse_and_run, argv)


def main(argv: list[str] | None = None) -> NoReturn:
    """Run the command line, typer parsing it, and exit with the command's exit code."""
    sys.exit(run(sys.argv[1:] if argv is None else argv))


def argument_table() -> str:
    """Return the source of argtable.py: what the fast path needs to know of every command.

    The test suite compares it with the file (TREATYLINE_UPDATE_DOCS=1 rewrites it), so a
    change to an option here fails until the table follows. A parameter of a shape the fast
    path does not read raises ValueError, to be taught to fastpath.py first.
    """
    import typing

    import typer.main

    group = typer.main.get_command(app)
    if [param.opts for param in group.params] != [["--version"]]:
        raise ValueError("the app's own options changed: teach fastpath.py")
    lines = [
        '"""The argument table of the fast path (fastpath.py), generated from the typer app in',
        "cli.py by `cli.argument_table`; do not edit: `TREATYLINE_UPDATE_DOCS=1 pytest",
        'tests/test_fastpath.py` rewrites it after a change to an option."""',
        "",
        "# command: (body in commands.py, arguments, options)",
        "# argument: (name, nargs, required, kind, what a TAB offers for it: 'treaty' or '')",
        "# option: (name, kind, multiple)",
        "Argument = tuple[str, int, bool, str, str]",
        "Option = tuple[str, str, bool]",
        "Command = tuple[str, tuple[Argument, ...], dict[str, Option]]",
        "",
        'VERSION = "--version"',
        "",
        "COMMANDS: dict[str, Command] = {",
    ]
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        if name == "completion":
            continue  # it prints typer's own scripts: always typer's to run
        callback = command.callback
        if getattr(commands, callback.__name__, None) is None:
            raise ValueError(f"{name}: no body {callback.__name__} in commands.py")
        hints = typing.get_type_hints(callback)
        declared = typing.get_type_hints(callback, include_extras=True)
        arguments: list[str] = []
        options: list[str] = []
        for param in command.params:
            kind = _kind(param, hints[param.name])
            if param.param_type_name == "argument":
                offers = _completer(declared[param.name])
                arguments.append(_literal((param.name, param.nargs, param.required, kind, offers)))
            else:
                spec = _literal((param.name, kind, param.multiple))
                options.extend(f"            {_literal(opt)}: {spec}," for opt in param.opts)
        lines.append(f"    {_literal(name)}: (")
        lines.append(f"        {_literal(callback.__name__)},")
        lines.append("        (" + "".join(f"{argument}," for argument in arguments) + "),")
        lines.extend(["        {", *options, "        },", "    ),"])
    lines.append("}")
    return "\n".join(lines) + "\n"


def _literal(value: object) -> str:
    """Write a str, int, bool or tuple of them as ruff's formatter would."""
    if isinstance(value, str):
        return '"' + value + '"'
    if isinstance(value, tuple):
        return "(" + ", ".join(map(_literal, value)) + ("," if len(value) == 1 else "") + ")"
    return repr(value)


def _kind(param: Any, hint: Any) -> str:
    """Name how the fast path converts a parameter's text, as typer's type for it does."""
    type_name = type(param.type).__name__
    settings = vars(param.type)
    if param.envvar is not None or param.callback is not None or param.nargs not in (1, -1):
        raise ValueError(f"{param.name}: an envvar, a callback or nargs: teach fastpath.py")
    if getattr(param, "is_flag", False):
        return "flag"
    if type_name == "StringParamType":
        return "text"
    if type_name == "IntRange" and not param.type.clamp:
        return f"integer {param.type.min} {param.type.max}"
    if type_name == "FuncParamType":
        parser = FAST_PARSERS.get(param.type.func) or param.type.func
        name: str = parser.__name__
        if getattr(commands, name, None) is not parser:
            raise ValueError(f"{param.name}: its parser is not in commands.py")
        return f"parser {name}"
    if type_name == "TyperChoice" and settings.get("case_sensitive", True):
        choices = _enum_in(hint)
        return f"choice {choices.__module__}.{choices.__qualname__}"
    path_defaults = {
        "exists": False,
        "file_okay": True,
        "dir_okay": True,
        "readable": True,
        "writable": False,
        "resolve_path": False,
        "allow_dash": False,
    }
    if type_name == "TyperPath" and all(settings.get(k) == v for k, v in path_defaults.items()):
        return "path"
    raise ValueError(f"{param.name}: a type the fast path does not read ({type_name})")


def _completer(declared: Any) -> str:
    """Name what a TAB offers for an argument where the fast path offers it too (fastpath.py)."""
    infos = getattr(declared, "__metadata__", ())
    offers = {getattr(info, "autocompletion", None) for info in infos}
    return "treaty" if _complete_treaty in offers else ""


def _enum_in(hint: Any) -> type[enum.Enum]:
    """Return the Enum in an annotation such as `list[StatusKind] | None`."""
    import typing

    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return hint
    for inner in typing.get_args(hint):
        if inner is not type(None):
            return _enum_in(inner)
    raise ValueError(f"no Enum in {hint}")
