"""Own what reaches the terminal and files: consoles, colour, width, the pager, pictures,
all-or-nothing writes of output, and the one-line form of every error message.

Nothing here imports typer: the command bodies (commands.py) print through this module on both
the fast path and typer's (docs/performance.md).
"""

from __future__ import annotations

import enum
import io
import os
import re
import sys

from treatyline.errors import TreatylineError

TYPE_CHECKING = False  # typing.TYPE_CHECKING, for mypy; typing itself costs start-up time
if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path
    from typing import Any, NoReturn

    from rich.console import Console, RenderableType

    from treatyline import export


class Color(enum.StrEnum):
    auto = "auto"
    always = "always"
    never = "never"


UNBOUNDED = 100_000
# The codes that may close a line after its padding: a style's end, a link's end (OSC 8).
_CLOSING_CODES = r"(?:\x1b\[[0-9;]*m|\x1b\]8;[^\x1b]*\x1b\\)+$"  # compiled on first use


def open_console(color: Color, *, stderr: bool = False, file: io.StringIO | None = None) -> Console:
    """Return a console that colours only where asked: the flag first, then the environment."""
    from rich.console import Console

    # A name, a note or a rule's words from a file are shown as written: "[bold]" or ":x:" in
    # them is text, never rich's markup or emoji codes (a link to anywhere, say).
    options: dict[str, Any] = {"stderr": stderr, "markup": False, "emoji": False}
    if color is Color.always:
        options.update(force_terminal=True, no_color=False)
    elif color is Color.never:
        options.update(no_color=True, color_system=None)
    stream = sys.stderr if stderr else stdout()
    columns = wanted_columns()
    if file is not None or (not stream.isatty() and columns is None):
        # Piped or written to a file, lines are as long as their content: the reader's program
        # wraps them, not us; the content is measured under this ceiling.
        options["width"] = UNBOUNDED
    elif columns is not None:
        options["width"] = columns
    elif "COLUMNS" in os.environ:
        # rich would take COLUMNS=0 at its word and draw nothing: ask the terminal instead.
        import shutil

        options["width"] = shutil.get_terminal_size((80, 24)).columns
    return Console(file=file, **options)


def wanted_columns() -> int | None:
    """The width COLUMNS asks for, or None where it is unset or not a positive whole number."""
    value = os.environ.get("COLUMNS", "").strip()
    return int(value) if value.isdigit() and int(value) > 0 else None


def print_renderable(console: Console, renderable: RenderableType, **options: Any) -> None:
    from rich.measure import Measurement

    from treatyline import render

    if console.width == UNBOUNDED:
        renderable = render.unwrapped(renderable)
        render.sized(console, renderable)
        console.width = Measurement.get(console, console.options, renderable).maximum
    else:
        # On a terminal too narrow for a table, narrow it with no word cut where it can be;
        # else draw it whole and let the terminal wrap the lines: cut words and vanished
        # columns would lose what the table says.
        renderable = render.never_cut(renderable)
        console.width = max(console.width, render.fit(console, renderable))
        render.sized(console, renderable)
    renderable = render.Shown(renderable)
    if console.file.isatty():
        console.print(renderable, highlight=False, **options)
        return
    # Piped or in a file, the spaces that pad a table's last column are noise to `diff`,
    # `grep ' $'` and editors that show them: strip them, keeping any closing escape code.
    with console.capture() as captured:
        console.print(renderable, highlight=False, **options)
    console.file.write(_numbered_links(_without_trailing_spaces(captured.get())))


def _numbered_links(text: str) -> str:
    """Return `text` with its hyperlinks' ids numbered in order (1, 2, ...): rich draws them at
    random, and the same view written twice should be the same bytes, for `diff` and `cmp`."""
    if "\x1b]8;id=" not in text:
        return text
    numbers: dict[str, str] = {}

    def number(match: re.Match[str]) -> str:
        return f"\x1b]8;id={numbers.setdefault(match[1], str(len(numbers) + 1))};"

    return re.sub(r"\x1b\]8;id=([^;]*);", number, text)


def _without_trailing_spaces(text: str) -> str:
    """Return `text` with the spaces that end its lines removed, before any closing codes."""
    lines = text.split("\n")
    for number, line in enumerate(lines):
        if line.endswith(" "):
            lines[number] = line.rstrip(" ")
        elif "\x1b" in line:
            closing = re.search(_CLOSING_CODES, line)
            if closing is not None:
                lines[number] = line[: closing.start()].rstrip(" ") + closing.group()
    return "\n".join(lines)


def stdout() -> io.TextIOWrapper:
    """Return standard output; with its descriptor closed (`treatyline list >&-`), say so."""
    if sys.stdout is None:
        raise TreatylineError(
            "cannot write the output: standard output is closed",
            hint="send it somewhere, such as > FILE, or use --output FILE",
            exit_code=1,
        )
    return sys.stdout  # type: ignore[return-value]


def deliver(text: str, output: Path | None) -> None:
    """Print `text` to stdout, or write it to `output` whole."""
    if output is None or str(output) == "-":
        # Data is UTF-8 whatever the locale says, as in a file: the program reading it cannot
        # know the terminal's encoding, and an ASCII locale could not carry "Türkiye" at all.
        # A file name that is not UTF-8 keeps its bytes as Python's surrogate escapes, which
        # come out as the JSON escape \udcXX (docs/json.md).
        out = stdout()
        out.flush()
        out.buffer.write(text.encode("utf-8", "backslashreplace"))
    else:
        from treatyline import files

        files.write_atomically(output, text)


PICTURE_WIDTH = 100


def _picture(
    renderable: RenderableType, *, svg: Path | None, html: Path | None, color: Color, title: str
) -> None:
    """Write the table view to `svg` and `html`, each whole, as the terminal would show it.

    The picture is as wide as the terminal (or COLUMNS), else 100 columns; colours are kept
    unless --color never: a file is not a terminal that NO_COLOR speaks for. Both carry `title`
    and load nothing from the web, so that they look the same offline (render.svg_page).
    """
    from rich.console import Console
    from rich.segment import Segment, Segments

    from treatyline import files, render

    width = wanted_columns() or PICTURE_WIDTH
    if sys.stdout.isatty() and wanted_columns() is None:
        import shutil

        width = shutil.get_terminal_size((PICTURE_WIDTH, 24)).columns
    recorder = Console(
        file=io.StringIO(),
        record=True,
        width=width,
        force_terminal=True,
        color_system="truecolor",
        markup=False,
        emoji=False,
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


def emit(
    format: str,
    *,
    table: Callable[[], RenderableType],
    machine: Callable[[export.Format], str] | None = None,
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
        quiet_closed_pipe()


def _output(
    format: str,
    table: Callable[[], RenderableType],
    machine: Callable[[export.Format], str] | None,
    output: Path | None,
    color: Color,
    *,
    lines: bool,
    page: bool,
) -> None:
    if format != "table":
        assert machine is not None, "a command without machine formats offers only the table"
        from treatyline import export

        deliver(machine(export.Format(format)), output)
    elif output is None or str(output) == "-":
        console = open_console(color)
        pager = _pager_command() if page and console.file.isatty() else None
        if pager is None:
            print_renderable(console, table(), soft_wrap=lines)
            return
        with console.capture() as captured:
            print_renderable(console, table(), soft_wrap=lines)
        text = captured.get()
        if text.count("\n") < console.height:
            stdout().write(text)
        else:
            _page(pager, text)
    else:
        buffer = io.StringIO()
        print_renderable(open_console(Color.never, file=buffer), table(), soft_wrap=lines)
        deliver(buffer.getvalue(), output)


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
    import contextlib
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


def report(message: str, hint: str | None) -> None:
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
    Console(stderr=True, width=UNBOUNDED).print(text, highlight=False, soft_wrap=True)


def quiet_closed_pipe(*, code: int = 0) -> NoReturn:
    """Leave at once, writing nothing more: the reader is gone (`treatyline deadlines | head -1`),
    which is no error, and exits 0."""
    from treatyline.boundary import silence

    silence(sys.stdout.fileno())
    sys.exit(code)
