"""Own where things are in timeline files, the problems found there, and the one fatal error."""

from __future__ import annotations

import enum

from treatyline.records import record


@record(order=True)
class Location:
    """A place in a file: 1-based line and column, as editors count them."""

    path: str
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"


class Severity(enum.Enum):
    ERROR = "error"
    WARNING = "warning"


@record
class Problem:
    """A mistake or doubt in user data, reported with its place and a hint; never raised."""

    where: Location
    message: str
    hint: str | None = None
    severity: Severity = Severity.ERROR
    excerpt: str | None = None  # the offending source line, for the report
    width: int = 1  # how many columns of the excerpt to underline

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def sort_key(self) -> tuple[Location, str]:
        return (self.where, self.message)


class TreatylineError(Exception):
    """A fatal condition (no such treaty, unreadable path, bad option) with a message for the user.

    Only the CLI catches it. `exit_code` follows DESIGN.md: 2 for usage, 1 for data.
    """

    def __init__(self, message: str, *, hint: str | None = None, exit_code: int = 2) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.exit_code = exit_code
