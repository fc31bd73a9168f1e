"""Own the one error boundary: running a command and turning what it raises into a message on
stderr and an exit code, the same whether typer parsed the command line or the fast path did.
"""

import codecs
import io
import os
import sys
from collections.abc import Callable

# 128 + SIGINT, what a shell reports for a program that Ctrl-C stopped.
INTERRUPTED = 130


def run(action: Callable[[], object], argv: list[str]) -> int:
    """Run `action` and return the exit code: its own when it returns an int, else 0.

    A TreatylineError exits 1 or 2 with its message; a closed pipe exits 0 quietly; an output
    that cannot be written exits 1; Ctrl-C exits 130 quietly.
    """
    # Imported here, not above: launch.py imports this module before it knows the command.
    from treatyline import terminal
    from treatyline.errors import TreatylineError

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
        if any("\0" in word for word in argv):
            # Only a caller in Python can pass one (a shell cannot); paths would raise.
            raise TreatylineError("an argument holds a NUL character, which no name or path can")
        code = action()
        if sys.stdout is not None:
            sys.stdout.flush()
    except TreatylineError as error:
        terminal.report(error.message, error.hint)
        return error.exit_code
    except BrokenPipeError:
        silence(sys.stdout.fileno())
        return 0
    except OSError as error:  # the output could not be written: a full disk, a device error
        terminal.report(f"cannot write to standard output: {error.strerror or error}", None)
        silence(sys.stdout.fileno())
        return 1
    except KeyboardInterrupt:
        return INTERRUPTED
    except SystemExit as leaving:  # a command that stops early says so with sys.exit(code)
        return _code_of(leaving)
    return code if isinstance(code, int) else 0


def silence(descriptor: int) -> None:
    """Point a standard stream's descriptor at /dev/null, so that a final flush of what is left
    in its buffer cannot fail again: the reader is gone."""
    os.dup2(os.open(os.devnull, os.O_WRONLY), descriptor)


def _code_of(leaving: SystemExit) -> int:
    return leaving.code if isinstance(leaving.code, int) else 0 if leaving.code is None else 1
