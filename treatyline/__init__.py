"""treatyline: arms-control treaty timelines, with every computed date explained and sourced.

The Python API (docs/api.md) is importable from here: `treatyline.load()`,
`treatyline.deadlines(...)`, `treatyline.find(...)`, `treatyline.timeline(...)`,
`treatyline.window(...)`, `treatyline.what_if_notice(...)` and `treatyline.what_if_extension(...)`.
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = [
    "__version__",
    "deadlines",
    "find",
    "load",
    "timeline",
    "what_if_extension",
    "what_if_notice",
    "window",
]

TYPE_CHECKING = False  # typing.TYPE_CHECKING, for mypy; typing itself costs start-up time
if TYPE_CHECKING:
    from typing import Any

    from treatyline.api import (
        deadlines,
        find,
        load,
        timeline,
        what_if_extension,
        what_if_notice,
        window,
    )


def __getattr__(name: str) -> Any:
    # Imported on first use: `treatyline --version` and shell completion should not pay for
    # the loader and the engine.
    if name in __all__:
        from treatyline import api

        return getattr(api, name)
    raise AttributeError(f"module 'treatyline' has no attribute {name!r}")
