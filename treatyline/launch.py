"""Start the command line: Ctrl-C is quiet from the first instruction, then the command runs and
the process ends as soon as its output is out.

The console script and `python -m treatyline` enter here, not in cli, so that a plain command
line runs without typer (fastpath.py), and so that a KeyboardInterrupt raised while the
modules load cannot print a traceback before the error boundary (boundary.py) exists.
"""

import gc
import os
import signal
import sys

# The collector looks for cycles after every 700 new containers, and loading the modules
# (rich's among them) makes tens of thousands, which it walked again and again. A command
# makes few cycles: it looks after every 50,000 (docs/decisions.md).
gc.set_threshold(50_000)

from treatyline.boundary import INTERRUPTED, silence  # noqa: E402  # after the threshold is set


def _leave(signum: int, frame: object) -> None:
    # Nothing is written or open yet that would need tidying: leave at once and quietly.
    os._exit(INTERRUPTED)


signal.signal(signal.SIGINT, _leave)


def main() -> None:
    """Load what the command line needs, run it with Python's own Ctrl-C handling, and exit."""
    from treatyline import fastpath

    run = fastpath.runner(sys.argv[1:])
    # From here a KeyboardInterrupt unwinds through `finally` blocks (a half-written --output
    # file is removed) and the boundary turns it into exit 130.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    code = run()
    # Every file is written and closed by now (written whole, then renamed: files.py); only the
    # standard streams may hold buffered text. Flushed, nothing is left for the interpreter's
    # teardown to do but free memory, which the system does faster (docs/performance.md).
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None:
                stream.flush()
        except BrokenPipeError:  # the reader left: no error, as in the boundary
            silence(stream.fileno())
        except OSError:  # a full disk, a device error
            code = code or 1
    os._exit(code)
