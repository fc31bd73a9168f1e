"""Own what a TAB offers for a treaty name: the matching ids, names and aliases, each written so
that the shell keeps it. typer's completion (cli.py) and the fast path (fastpath.py) both ask
here, so the two offer the same words.
"""

from __future__ import annotations

from treatyline import api
from treatyline.errors import TreatylineError

TYPE_CHECKING = False  # typing.TYPE_CHECKING, for mypy; typing itself costs start-up time
if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path


def treaties(
    incomplete: str, *, data: list[Path] | None = None, builtin: bool = True
) -> Iterator[tuple[str, str]]:
    """Offer each treaty that what was typed begins to name, with its name as the description."""
    try:
        # Each treaty's id, name and aliases, from the cache's index where it can: a TAB
        # then reads no timeline file.
        labels = api.treaty_labels(*(data or ()), builtin=builtin)
    except TreatylineError:
        return
    wanted = incomplete.casefold()
    for treaty_id, name, *aliases in sorted(labels):
        # A name with spaces is offered with hyphens, which name lookup treats alike, so
        # that the shell inserts it as one word. One name a treaty: the first that starts
        # with exactly what was typed, else the first that does in another case.
        names = [n.replace(" ", "-") for n in (treaty_id, name, *aliases)]
        matching = [known for known in names if known.casefold().startswith(wanted)]
        if matching:
            exact = [known for known in matching if known.startswith(incomplete)]
            yield (exact[0] if exact else _as_typed(matching[0], incomplete)), name


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
