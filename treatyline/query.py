"""Own choosing: which treaty a name means, and which deadlines a window and filters select."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from treatyline.errors import TreatylineError
from treatyline.model import Deadline, DeadlineKind, DeadlineStatus, Treaty
from treatyline.records import record


def fold(name: str) -> str:
    """Return a name as lookup compares it: in any case, a hyphen as a space."""
    return " ".join(name.casefold().replace("-", " ").split())


def find_treaty(treaties: Sequence[Treaty], name: str) -> Treaty:
    """Return the treaty whose id, name, title or alias is `name`, ignoring case."""
    wanted = fold(name)
    if not wanted:
        raise TreatylineError("a treaty's name is empty", hint="`treatyline list` shows them all")
    for treaty in treaties:
        if any(fold(known) == wanted for known in treaty.names()):
            return treaty
    names = {fold(known): treaty.id for treaty in treaties for known in treaty.names()}
    import difflib  # here: only a name not found needs it, and it costs start-up time

    close = difflib.get_close_matches(wanted, list(names), n=3, cutoff=0.5)
    # Two letters are inside too many names to suggest each one that holds them.
    partial = [key for key in names if wanted in key] if len(wanted) > 2 else []
    matches = list(dict.fromkeys(names[key] for key in [*partial, *close]))
    hint = f"did you mean {', '.join(matches)}?" if matches else "`treatyline list` shows them all"
    states = _states_meant(name)
    if states:  # `show IR`, `show Iran`: a state's treaties are another command's
        others = f" (or {', '.join(states[1:])})" if states[1:] else ""
        party = f"for a state's treaties: treatyline party {states[0]}{others}"
        hint = f"did you mean {', '.join(matches)}? Or, {party}" if matches else party
    raise TreatylineError(f"no treaty called '{name}'", hint=hint)


def _states_meant(name: str) -> list[str]:
    from treatyline import countries

    code = name.strip().upper()
    return [code] if countries.known(code) else countries.meant(name)


@record
class Query:
    """A window of dates (both ends inclusive) and filters; empty filters select everything."""

    start: date | None = None
    end: date | None = None
    treaties: frozenset[str] = frozenset()
    parties: frozenset[str] = frozenset()
    kinds: frozenset[DeadlineKind] = frozenset()
    statuses: frozenset[DeadlineStatus] = frozenset()

    def matches(self, deadline: Deadline) -> bool:
        if self.statuses and deadline.status not in self.statuses:
            return False
        if self.treaties and deadline.treaty not in self.treaties:
            return False
        if self.parties and deadline.party not in self.parties:
            return False
        if self.kinds and deadline.kind not in self.kinds:
            return False
        return self._in_window(deadline)

    def _in_window(self, deadline: Deadline) -> bool:
        if self.start is None and self.end is None:
            return True
        when = deadline.date
        if when is None:  # a stopped clock has no date to place in a window
            return False
        after_start = self.start is None or when.latest >= self.start
        before_end = self.end is None or when.earliest <= self.end
        return after_start and before_end


def select(deadlines: Iterable[Deadline], query: Query) -> list[Deadline]:
    """Return the deadlines the query selects, in the order given."""
    return [deadline for deadline in deadlines if query.matches(deadline)]
