"""Own the machine formats: JSON and CSV text whose fields are a documented, stable contract.

Fields may be added, never removed or retyped; `SCHEMA_VERSION` counts incompatible changes.
Dates are ISO 8601 strings, reduced ('2018-06') where that is all that is known.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any

from treatyline import engine
from treatyline.model import Claim, Clause, Deadline, Event, Status, Treaty

SCHEMA_VERSION = 1

Row = dict[str, Any]


def _text(value: object) -> str | None:
    return None if value is None else str(value)


def event_row(event: Event) -> Row:
    return {
        "date": str(event.date),
        "kind": event.kind.value,
        "party": event.party,
        "note": event.note,
        "source": event.source,
        "period": _text(event.period),
        "until": _text(event.until),
        "instrument": event.instrument,
        "replaced_by": event.replaced_by,
        "name": event.name,
        "contested": [
            {"date": str(c.date), "held_by": c.held_by, "source": c.source, "note": c.note}
            for c in event.contested
        ],
        "where": str(event.where),
    }


def deadline_row(deadline: Deadline) -> Row:
    agreement = deadline.agreement()
    return {
        "treaty": deadline.treaty,
        "date": _text(deadline.date),
        "kind": deadline.kind.value,
        "party": deadline.party,
        "status": deadline.status.value,
        "rule": deadline.rule,
        "article": deadline.article,
        "basis": {"date": str(deadline.basis.date), "kind": deadline.basis.kind.value},
        "averted_by": (
            None
            if deadline.averted_by is None
            else {"date": str(deadline.averted_by.date), "kind": deadline.averted_by.kind.value}
        ),
        "remaining": _text(deadline.remaining),
        "recorded": None if deadline.recorded is None else str(deadline.recorded.date),
        "agreement": None if agreement is None else agreement.value,
        "label": deadline.label,
        "agreeing_claim": _claim(deadline.supporting_claim()),
    }


def _claim(claim: Claim | None) -> Row | None:
    if claim is None:
        return None
    return {"date": str(claim.date), "held_by": claim.held_by, "source": claim.source}


def status_row(status: Status) -> Row:
    return {"status": status.kind.value, "since": _text(status.since), "reason": status.reason}


def _clause(clause: Clause) -> Row:
    return {"article": clause.article, "text": clause.text, "source": clause.source}


def rules_row(treaty: Treaty) -> Row:
    rules = treaty.rules
    found: Row = {}
    if rules.duration is not None:
        d = rules.duration
        found["duration"] = {"term": _text(d.term), "until": _text(d.until), **_clause(d.clause)}
    if rules.extension is not None:
        e = rules.extension
        found["extension"] = {"limit": _text(e.limit), "times": e.times, **_clause(e.clause)}
    if rules.withdrawal is not None:
        w = rules.withdrawal
        found["withdrawal"] = {"notice": str(w.notice), **_clause(w.clause)}
    if rules.entry_into_force is not None:
        f = rules.entry_into_force
        found["entry_into_force"] = {
            "instruments": f.instruments,
            "after": _text(f.after),
            **_clause(f.clause),
        }
    if rules.renewal is not None:
        r = rules.renewal
        found["renewal"] = {"period": str(r.period), **_clause(r.clause)}
    if rules.milestones:
        found["milestones"] = [
            {"name": m.name, "from": m.start, "after": str(m.after), **_clause(m.clause)}
            for m in rules.milestones
        ]
    return found


def treaty_row(treaty: Treaty, status: Status) -> Row:
    return {
        "id": treaty.id,
        "name": treaty.name,
        "title": treaty.title,
        "kind": treaty.kind.value,
        "aliases": list(treaty.aliases),
        "tags": list(treaty.tags),
        "parties": list(treaty.parties),
        "depositaries": list(treaty.depositaries),
        **status_row(status),
    }


def treaty_document(timeline: engine.Timeline) -> Row:
    """Return everything `show` says about one treaty, as one JSON object."""
    treaty = timeline.treaty
    parties = engine.party_statuses_from(timeline)
    return {
        "schema_version": SCHEMA_VERSION,
        "as_of": timeline.as_of.isoformat(),
        "treaty": treaty_row(treaty, engine.status_from(timeline)),
        "successors": [{"of": old, "by": new} for old, new in treaty.successors],
        "party_statuses": {code: status_row(state) for code, state in parties.items()},
        "rules": rules_row(treaty),
        "events": [event_row(e) for e in timeline.events],
        "deadlines": [deadline_row(d) for d in timeline.deadlines],
    }


def deadlines_document(deadlines: Iterable[Deadline], *, as_of: date) -> Row:
    return {
        "schema_version": SCHEMA_VERSION,
        "as_of": as_of.isoformat(),
        "deadlines": [deadline_row(d) for d in deadlines],
    }


def treaties_document(rows: Iterable[tuple[Treaty, Status]], *, as_of: date) -> Row:
    return {
        "schema_version": SCHEMA_VERSION,
        "as_of": as_of.isoformat(),
        "treaties": [treaty_row(t, s) for t, s in rows],
    }


def to_json(document: Mapping[str, Any]) -> str:
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


# New columns go at the end, so that scripts reading columns by position keep working.
DEADLINE_COLUMNS = (
    "treaty",
    "date",
    "kind",
    "party",
    "status",
    "rule",
    "article",
    "recorded",
    "label",
)
TREATY_COLUMNS = ("id", "name", "kind", "status", "since", "reason")


def to_csv(rows: Iterable[Mapping[str, Any]], columns: Sequence[str]) -> str:
    """Return rows as CSV with a header line; absent values are empty cells."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({key: "" if row.get(key) is None else row[key] for key in columns})
    return buffer.getvalue()
