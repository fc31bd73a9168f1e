"""Own the quick reading of an event: a plain event, in a file without tags or aliases, read
straight from its scalars, skipping the checks that cannot fail for it; anything else is left
to the located reading (reader.py), which reports what is wrong.
"""

from __future__ import annotations

from treatyline.errors import Location
from treatyline.loader.nodes import _MAP_TAG, _NULLS, _PLAIN_TAGS, _STR_TAG, _URL, _positive
from treatyline.loader.shapes import _EVENT_SHAPES, _PLAIN_EVENT_KEYS, _QUICK_RECORDS, _new
from treatyline.model import Event
from treatyline.periods import PartialDate, parse_period

TYPE_CHECKING = False  # typing.TYPE_CHECKING, for mypy; typing itself costs start-up time
if TYPE_CHECKING:
    from treatyline.loader.nodes import Node
    from treatyline.loader.reader import _Reader


def plain_event(reader: _Reader, node: Node) -> Event | None:
    """Read an event that is all well-formed in one pass, or return None.

    Most events are a mapping of known keys to plain values that all convert; this reads
    those without a call per field. It never reports: on anything unusual it returns None,
    and `event` reads the node again, field by field, finding every problem. So it must
    accept exactly what that reading accepts without a problem, and build the same event.
    Aliases make a node's second visit a problem, so it serves only files without them.
    """
    untagged = reader.untagged
    if untagged:
        if node.tag is not _MAP_TAG:
            return None
    elif node.id != "mapping" or node.tag not in _PLAIN_TAGS:
        return None
    raw: dict[str, str] = {}
    for key_node, value_node in node.value:
        if untagged:
            if key_node.tag is not _STR_TAG or value_node.tag is not _STR_TAG:
                return None
        elif (
            key_node.id != "scalar"
            or value_node.id != "scalar"
            or key_node.tag not in _PLAIN_TAGS
            or value_node.tag not in _PLAIN_TAGS
        ):
            return None
        key, value = key_node.value, value_node.value
        if key in raw or key not in _PLAIN_EVENT_KEYS:
            return None
        if not value_node.style and value in _NULLS:
            return None
        raw[key] = value
    shape = _EVENT_SHAPES.get(raw.get("kind", ""))
    day = raw.get("date")
    if shape is None or day is None:
        return None
    kind, foreign, needs_party, extended, milestone = shape
    if (
        not foreign.isdisjoint(raw)
        or (needs_party and "party" not in raw)
        or (extended and ("period" in raw) == ("until" in raw))
        or (milestone and "name" not in raw)
        or ((reader.bundled or reader.strict) and "source" not in raw)
    ):
        return None
    source = raw.get("source")
    if source is not None and not _URL.match(source):
        return None
    party = raw.get("party")
    period = until = instrument = None
    try:
        when = reader.dates.get(day) or reader.dates.setdefault(day, PartialDate.parse(day))
        if party is not None and party not in reader.codes:
            return None
        if "period" in raw:
            text = raw["period"]
            period = reader.periods.get(text) or reader.periods.setdefault(text, parse_period(text))
        if "until" in raw:
            until = PartialDate.parse(raw["until"])
        if "instrument" in raw:
            instrument = _positive(raw["instrument"])
    except ValueError:  # DateError and PeriodError too: the full reading reports them
        return None
    mark = node.start_mark
    if not _QUICK_RECORDS:
        where = Location(reader.path, mark.line + 1, mark.column + 1)
        return Event(kind, when, where, party, raw.get("note"), source, period, until,
                     instrument, raw.get("replaced_by"), (), raw.get("name"))  # fmt: skip
    # The records' __dict__ filled at once, as their __init__ would (see _QUICK_RECORDS).
    where = _new(Location)
    where.__dict__.update(path=reader.path, line=mark.line + 1, column=mark.column + 1)
    event = _new(Event)
    event.__dict__.update(
        kind=kind,
        date=when,
        where=where,
        party=party,
        note=raw.get("note"),
        source=source,
        period=period,
        until=until,
        instrument=instrument,
        replaced_by=raw.get("replaced_by"),
        contested=(),
        name=raw.get("name"),
    )
    return event
