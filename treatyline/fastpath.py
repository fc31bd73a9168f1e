"""Own the fast path: run a plain command line without importing typer, or hand it to typer.

typer (with the click it vendors) takes longer to import and to build its commands than
treatyline takes to answer most questions. `runner` reads the command line against the
argument table (argtable.py), which is generated from typer's app and checked against it by
the tests, so the two cannot drift. A line the table reads completely (a command, its
arguments, options it knows given as `--name value`, `--name=value` or `-n value`, values that
convert without complaint) runs the command's body at once. Anything else (help, completion, an
unknown option, a bad value, a value that begins with '-', clustered short options) goes to
typer, so that every message, help text and completion stays typer's, byte for byte.
"""

from __future__ import annotations

import os
import sys

from treatyline import argtable

TYPE_CHECKING = False  # typing.TYPE_CHECKING, for mypy; typing itself costs start-up time
if TYPE_CHECKING:
    from collections.abc import Callable, Mapping
    from typing import Any

# Set by the shell to ask for completions, which are typer's to give.
COMPLETE_VAR = "_TREATYLINE_COMPLETE"


class _Unread(Exception):
    """The line holds something the table does not settle: typer reads it instead."""


def runner(argv: list[str]) -> Callable[[], int]:
    """Return what runs `argv` and gives its exit code, with everything it needs imported."""
    if argv == [argtable.VERSION]:
        return _version
    if COMPLETE_VAR in os.environ:
        typed = completing(os.environ)
        if typed is not None:
            from treatyline import boundary

            return lambda: boundary.run(lambda: _offer_treaties(typed), argv)
    call = parse(argv)
    if call is None:
        from treatyline import cli

        return lambda: cli.run(argv)
    body, values = call
    from treatyline import boundary

    return lambda: boundary.run(lambda: body(**values), argv)


def parse(argv: list[str]) -> tuple[Callable[..., object], dict[str, Any]] | None:
    """Return the body `argv` names and its keyword arguments, or None where typer must read it."""
    try:
        return _read(argv)
    except _Unread:
        return None


def _read(argv: list[str]) -> tuple[Callable[..., object], dict[str, Any]] | None:
    if not argv or COMPLETE_VAR in os.environ or any("\0" in word for word in argv):
        return None
    command = argtable.COMMANDS.get(argv[0])
    if command is None:
        return None
    body, arguments, options = command
    values: dict[str, Any] = {}
    positional: list[str] = []
    words = iter(argv[1:])
    for word in words:
        if not word.startswith("-"):
            positional.append(word)
            continue
        name, equals, attached = word.partition("=") if word.startswith("--") else (word, "", "")
        if name not in options:
            return None  # --help, --, -fjson, a typo: typer's to read or to refuse
        dest, kind, multiple = options[name]
        if kind == "flag":
            if equals:
                return None
            value: object = True
        else:
            text = attached if equals else next(words, "")
            if not text or text.startswith("-"):
                return None
            value = _convert(kind, text)
        if multiple:
            values.setdefault(dest, []).append(value)
        else:
            values[dest] = value
    for dest, nargs, required, kind, _ in arguments:
        if nargs == -1:
            if positional:
                values[dest] = [_convert(kind, text) for text in positional]
            positional = []
        elif positional:
            values[dest] = _convert(kind, positional.pop(0))
        elif required:
            return None
    if positional:
        return None
    from treatyline import commands

    return getattr(commands, body), values


def completing(environ: Mapping[str, str]) -> str | None:
    """Return the treaty name begun where bash asks for completions, or None for typer to answer.

    The one case read here is the commonest TAB: the word after a command whose argument is a
    treaty, as in `treatyline show IN<TAB>`, the line free of quotes and escapes, which bash
    hands over in COMP_WORDS and COMP_CWORD. It is split as typer splits it, and what typer
    would offer is offered (completions.py, tested against typer's own answer).
    """
    if environ.get(COMPLETE_VAR) != "complete_bash":
        return None
    line = environ.get("COMP_WORDS", "")
    if environ.get("COMP_CWORD") != "2" or any(mark in line for mark in "\"'\\"):
        return None
    words = [
        word
        for word in line.replace("\t", " ").replace("\r", " ").replace("\n", " ").split(" ")
        if word
    ]
    if len(words) not in (2, 3):
        return None
    command = argtable.COMMANDS.get(words[1])
    if command is None or not command[1] or command[1][0][4] != "treaty":
        return None
    typed = words[2] if len(words) == 3 else ""
    if typed[:1] in ("-", "="):  # an option's name, or its value: typer's
        return None
    return typed


def _offer_treaties(typed: str) -> None:
    from treatyline import completions

    words = "\n".join(word for word, _ in completions.treaties(typed))
    # As typer's bash completion prints them: the words alone, one a line; and, as its echo
    # does, nothing at all where there is no standard output (`>&-`).
    if sys.stdout is not None:
        sys.stdout.write(words + "\n")


def _convert(kind: str, text: str) -> object:
    """Convert `text` as the table's `kind` says, as typer would; raise _Unread on any doubt."""
    try:
        return _CONVERTERS[kind.split(" ")[0]](kind, text)
    except _Unread:
        raise
    except Exception:  # typer will convert it again and word the complaint
        raise _Unread from None


def _text(kind: str, text: str) -> str:
    return text


def _integer(kind: str, text: str) -> int:
    _, low, high = kind.split(" ")
    number = int(text)
    if not int(low) <= number <= int(high):
        raise _Unread
    return number


def _path(kind: str, text: str) -> object:
    # click's Path, as typer declares it, refuses only an existing path that cannot be read.
    from pathlib import Path

    if os.path.exists(text) and not os.access(text, os.R_OK):
        raise _Unread
    return Path(text)


def _choice(kind: str, text: str) -> object:
    module, _, name = kind.split(" ")[1].rpartition(".")
    __import__(module)  # the importlib package is not needed for a module by its full name
    return getattr(sys.modules[module], name)(text)


def _parsed(kind: str, text: str) -> object:
    from treatyline import commands

    parser: Callable[[str], object] = getattr(commands, kind.split(" ")[1])
    return parser(text)


_CONVERTERS: dict[str, Callable[[str, str], object]] = {
    "text": _text,
    "integer": _integer,
    "path": _path,
    "choice": _choice,
    "parser": _parsed,
}


def _version() -> int:
    if sys.stdout is None:  # `treatyline --version >&-`: said as every command says it
        from treatyline import boundary, terminal

        return boundary.run(terminal.stdout, [])
    from treatyline import __version__

    sys.stdout.write(f"treatyline {__version__}\n")
    return 0
