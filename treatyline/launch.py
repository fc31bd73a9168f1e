"""Start the command line: Ctrl-C is quiet from the first instruction, then cli takes over.

The console script and `python -m treatyline` enter here, not in cli, because importing cli
(typer, click, the api) takes most of a short run, and a KeyboardInterrupt raised inside those
imports would print a traceback before cli's own error boundary exists.
"""

import os
import signal
import sys

# 128 + SIGINT, what a shell reports for a program that Ctrl-C stopped.
INTERRUPTED = 130


def _leave(signum: int, frame: object) -> None:
    # Nothing is written or open yet that would need tidying: leave at once and quietly.
    os._exit(INTERRUPTED)


signal.signal(signal.SIGINT, _leave)


def main() -> None:
    """Import the command line, then run it with Python's own Ctrl-C handling restored."""
    from treatyline import cli

    # From here a KeyboardInterrupt unwinds through `finally` blocks (a half-written --output
    # file is removed) and cli.main turns it into exit 130.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    cli.main(sys.argv[1:])
