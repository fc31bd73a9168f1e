"""Own the machine formats: JSON, NDJSON, CSV and TSV text whose fields are a stable contract.

Fields may be added, never removed or retyped; `SCHEMA_VERSION` counts incompatible changes.
Dates are ISO 8601 strings, reduced ('2018-06') where that is all that is known. docs/json.md
documents every field. The iCalendar feed lives in `ical`, beside its library.
"""

from __future__ import annotations

import enum
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date

from treatyline import countries, engine
from treatyline.errors import Problem
from treatyline.model import Claim, Clause, Deadline, Event, Status, Treaty
from treatyline.records import record

TYPE_CHECKING = False  # typing.TYPE_CHECKING, for mypy; typing itself costs start-up time
if TYPE_CHECKING:
    from typing import Any

    from treatyline import api, members, scenario

    Row = dict[str, Any]

SCHEMA_VERSION = 1


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
    return {
        "status": status.kind.value,
        "since": _text(status.since),
        "reason": status.reason,
        "contested": [{**(_claim(claim) or {}), "note": claim.note} for claim in status.contested],
    }


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
    if rules.entry_into_force_for_state is not None:
        g = rules.entry_into_force_for_state
        found["entry_into_force_for_state"] = {
            "after": _text(g.after),
            "counted_from": g.counted_from.value,
            "deposited_after": g.deposited_after.value,
            **_clause(g.clause),
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


def treaty_row(treaty: Treaty, status: Status, *, as_of: date) -> Row:
    return {
        "id": treaty.id,
        "name": treaty.name,
        "title": treaty.title,
        "kind": treaty.kind.value,
        "aliases": list(treaty.aliases),
        "tags": list(treaty.tags),
        "parties": list(treaty.parties),
        "depositaries": list(engine.depositaries_known(treaty, as_of=as_of)),
        **status_row(status),
    }


def treaty_document(timeline: engine.Timeline) -> Row:
    """Return everything `show` says about one treaty, as one JSON object."""
    treaty = timeline.treaty
    parties = engine.party_statuses_from(timeline)
    return {
        "schema_version": SCHEMA_VERSION,
        "as_of": timeline.as_of.isoformat(),
        "treaty": treaty_row(treaty, engine.status_from(timeline), as_of=timeline.as_of),
        "successors": [
            {"of": old, "by": new}
            for old, new in engine.successions_known(treaty, as_of=timeline.as_of)
        ],
        "party_statuses": {code: status_row(state) for code, state in parties.items()},
        "rules": rules_row(treaty),
        "events": [event_row(e) for e in timeline.events],
        "deadlines": [deadline_row(d) for d in timeline.deadlines],
        "membership": membership_row(timeline, parties),
    }


def membership_row(timeline: engine.Timeline, statuses: dict[str, Status]) -> Row:
    """Return the counts on the as-of date, what the status list says, and every state."""
    from treatyline import members  # only show needs it: start-up time

    found = engine.tally(timeline, statuses)
    table = timeline.treaty.membership
    return {
        "parties": len(found.parties),
        "signatories": len(found.signatories),
        "table": None
        if table is None
        else {
            "source": table.source,
            "read": _text(table.read),
            "complete": table.complete,
            "note": table.note,
            "parties": table.parties,
            "signatories": table.signatories,
            "counted_on": _text(table.counted_on),
            "counts_source": table.counts_source,
            "including": list(table.including),
        },
        "members": [member_row(m) for m in members.members(timeline, statuses)],
    }


def member_row(member: members.Member) -> Row:
    deposit = member.deposit
    return {
        "state": member.state,
        "name": countries.name(member.state),
        **status_row(member.status),
        "signed": None if member.signed is None else str(member.signed.date),
        "deposit": None
        if deposit is None
        else {"kind": deposit.kind.value, "date": str(deposit.date)},
        "in_force": _text(member.in_force),
        "in_force_how": member.in_force_how,
    }


def _party_status(status: Status) -> Row:
    return {"party_" + key: value for key, value in status_row(status).items()}


def party_document(state: str, found: Sequence[members.Record], *, as_of: date) -> Row:
    """Return a state's record across treaties, as `treatyline party` shows it."""
    return {
        "schema_version": SCHEMA_VERSION,
        "as_of": as_of.isoformat(),
        "state": state,
        "name": countries.name(state),
        "treaties": [record_row(r) for r in found],
    }


def record_row(found: members.Record) -> Row:
    treaty, deposit = found.treaty, found.member.deposit
    return {
        "treaty": treaty.id,
        "treaty_name": treaty.name,
        "treaty_kind": treaty.kind.value,
        "treaty_status": found.treaty_status.kind.value,
        **member_row(found.member),
        # The deposit again, flat, for the CSV and TSV columns.
        "deposit_kind": None if deposit is None else deposit.kind.value,
        "deposit_date": None if deposit is None else str(deposit.date),
        "acts": [event_row(e) for e in found.acts],
        "pending": [deadline_row(d) for d in found.pending],
    }


def party_listing(state: str, found: Sequence[members.Record], *, as_of: date) -> Listing:
    document = party_document(state, found, as_of=as_of)
    return Listing(document, document["treaties"], PARTY_COLUMNS)


def chronology_rows(timeline: engine.Timeline) -> list[Row]:
    """Return the recorded events and computed deadlines of `show`, flat, in date order."""
    rows = [(event.date.earliest, 0, _recorded_row(event)) for event in timeline.events]
    rows += [
        (d.date.earliest if d.date else date.max, 1, _computed_row(d)) for d in timeline.deadlines
    ]
    return [row for _, _, row in sorted(rows, key=lambda item: item[:2])]


def _recorded_row(event: Event) -> Row:
    return {
        "date": str(event.date),
        "entry": "recorded",
        "kind": event.kind.value,
        "party": event.party,
        "status": None,
        "article": None,
        "details": event.note,
        "source": event.source,
        "name": event.name,
    }


def _computed_row(deadline: Deadline) -> Row:
    return {
        "date": _text(deadline.date),
        "entry": "computed",
        "kind": deadline.kind.value,
        "party": deadline.party,
        "status": deadline.status.value,
        "article": deadline.article,
        "details": deadline.rule,
        "source": deadline.basis.source,
        "name": deadline.label,
    }


def problem_row(found: Problem) -> Row:
    return {
        "path": found.where.path,
        "line": found.where.line,
        "column": found.where.column,
        "severity": found.severity.value,
        "message": found.message,
        "hint": found.hint,
    }


def problems_document(problems: Sequence[Problem]) -> Row:
    errors = sum(1 for p in problems if p.is_error)
    return {
        "schema_version": SCHEMA_VERSION,
        "problems": [problem_row(p) for p in problems],
        "errors": errors,
        "warnings": len(problems) - errors,
    }


def notice_document(outcome: scenario.NoticeOutcome, *, as_of: date) -> Row:
    ended_first = outcome.ended_first_by
    return {
        "schema_version": SCHEMA_VERSION,
        "as_of": as_of.isoformat(),
        "treaty": outcome.treaty.id,
        "scenario": {
            "kind": "withdrawal_notice",
            "date": str(outcome.notice.date),
            "party": outcome.notice.party,
        },
        "effect": deadline_row(outcome.effect),
        "ends": "treaty" if outcome.ends_treaty else "membership",
        "ended_first_by": None if ended_first is None else deadline_row(ended_first),
        "clause": _clause(outcome.clause),
    }


def extension_document(outcome: scenario.ExtensionOutcome, *, as_of: date) -> Row:
    return {
        "schema_version": SCHEMA_VERSION,
        "as_of": as_of.isoformat(),
        "treaty": outcome.treaty.id,
        "scenario": {
            "kind": "extended",
            "date": str(outcome.extension.date),
            "period": str(outcome.extension.period),
        },
        "before": deadline_row(outcome.before),
        "after": deadline_row(outcome.after),
        "clause": _clause(outcome.clause),
    }


class Format(enum.StrEnum):
    """How a command prints what it found: a table for people, the rest for programs."""

    TABLE = "table"
    JSON = "json"
    NDJSON = "ndjson"
    CSV = "csv"
    TSV = "tsv"
    ICS = "ics"


@record
class Listing:
    """What a command found, in the shapes the machine formats need."""

    document: Row  # the whole JSON document, with schema_version
    records: Sequence[Row]  # one object per item: NDJSON lines, CSV and TSV rows
    columns: Sequence[str]  # the CSV and TSV columns, in a stable order


def deadlines_listing(deadlines: Sequence[Deadline], *, as_of: date) -> Listing:
    records = [deadline_row(d) for d in deadlines]
    document = {"schema_version": SCHEMA_VERSION, "as_of": as_of.isoformat(), "deadlines": records}
    return Listing(document, records, DEADLINE_COLUMNS)


def treaties_listing(
    rows: Iterable[api.TreatyRow], *, as_of: date, party: str | None = None
) -> Listing:
    """Return the treaties of `list`; with `party`, each with that state's status in it."""
    records = [
        {**treaty_row(row.treaty, row.status, as_of=as_of), **_party_status(row.party)}
        if row.party is not None
        else treaty_row(row.treaty, row.status, as_of=as_of)
        for row in rows
    ]
    document: Row = {
        "schema_version": SCHEMA_VERSION,
        "as_of": as_of.isoformat(),
        "party": party,
        "treaties": records,
    }
    return Listing(document, records, TREATY_COLUMNS if party is None else TREATY_PARTY_COLUMNS)


def treaty_listing(timeline: engine.Timeline) -> Listing:
    return Listing(treaty_document(timeline), chronology_rows(timeline), CHRONOLOGY_COLUMNS)


def problems_listing(problems: Sequence[Problem]) -> Listing:
    document = problems_document(problems)
    return Listing(document, document["problems"], PROBLEM_COLUMNS)


def to_json(document: Mapping[str, Any]) -> str:
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def to_ndjson(records: Iterable[Mapping[str, Any]]) -> str:
    """Return one compact JSON object a line, for `jq -c`, `grep` and streaming readers."""
    return "".join(json.dumps(r, ensure_ascii=False, separators=(",", ":")) + "\n" for r in records)


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
# With --party, the state's status in each treaty follows.
TREATY_PARTY_COLUMNS = (*TREATY_COLUMNS, "party_status", "party_since", "party_reason")
CHRONOLOGY_COLUMNS = (
    "date",
    "entry",
    "kind",
    "party",
    "status",
    "article",
    "details",
    "source",
    "name",
)
PROBLEM_COLUMNS = ("path", "line", "column", "severity", "message", "hint")
PARTY_COLUMNS = (
    "treaty",
    "treaty_name",
    "treaty_status",
    "status",
    "since",
    "reason",
    "signed",
    "deposit_kind",
    "deposit_date",
    "in_force",
)


def to_csv(rows: Iterable[Mapping[str, Any]], columns: Sequence[str]) -> str:
    """Return rows as CSV with a header line; absent values are empty cells."""
    import csv  # here, not at the top: only CSV needs it, and it costs start-up time
    import io

    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({key: "" if row.get(key) is None else row[key] for key in columns})
    return buffer.getvalue()


# TSV cannot quote: a tab or line break inside a value is written as an escape, as
# PostgreSQL's text COPY format and linear TSV do, so that every line is one row for cut and awk.
_TSV_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def to_tsv(rows: Iterable[Mapping[str, Any]], columns: Sequence[str]) -> str:
    """Return rows as tab-separated lines with a header; absent values are empty fields."""
    lines = ["\t".join(columns)]
    for row in rows:
        cells = ("" if row.get(key) is None else str(row[key]) for key in columns)
        lines.append("\t".join(cell.translate(_TSV_ESCAPES) for cell in cells))
    return "\n".join(lines) + "\n"


SERIALIZERS: dict[Format, Callable[[Listing], str]] = {
    Format.JSON: lambda found: to_json(found.document),
    Format.NDJSON: lambda found: to_ndjson(found.records),
    Format.CSV: lambda found: to_csv(found.records, found.columns),
    Format.TSV: lambda found: to_tsv(found.records, found.columns),
}


def serialize(found: Listing, format: Format) -> str:
    """Return the listing in a machine format; tables and calendars are made elsewhere."""
    return SERIALIZERS[format](found)
