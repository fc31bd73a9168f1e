"""docs/json.md against the real output: every field a script can see is documented, and only those.

Each object type has a section in docs/json.md whose first table names its fields in the first
column, in backticks. The tests run the real commands, sort every object of their output into
those sections, and compare: a field the output has and the doc lacks fails, and so does a
field the doc lists and no output has (a removed field, or a stale doc).
"""

from __future__ import annotations

import enum
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Result
from treatyline import export
from treatyline.errors import Severity
from treatyline.model import (
    Agreement,
    DeadlineKind,
    DeadlineStatus,
    EventKind,
    InstrumentKind,
    StatusKind,
)

Run = Callable[..., Result]
Row = dict[str, Any]
TODAY = "2026-11-23"
DOC = Path(__file__).parent.parent / "docs" / "json.md"

# Which section describes the objects found under which field of an object of each section.
# A "{}" suffix marks an object whose values (not the object itself) are of that section.
NESTED: dict[str, dict[str, str]] = {
    "`deadlines` document": {"deadlines": "Deadline"},
    "`list` document": {"treaties": "Treaty"},
    "`show` document": {
        "treaty": "Treaty",
        "successors": "Successor",
        "party_statuses": "Status{}",
        "rules": "Rules",
        "events": "Event",
        "deadlines": "Deadline",
        "membership": "Membership",
    },
    "`party` document": {"treaties": "Treaty record"},
    "Membership": {"table": "Membership table", "members": "Member"},
    "Member": {"deposit": "Deposit", "contested": "Claim"},
    "Treaty record": {
        "deposit": "Deposit",
        "acts": "Event",
        "pending": "Deadline",
        "contested": "Claim",
    },
    "Treaty": {"contested": "Claim", "party_contested": "Claim"},
    "Status": {"contested": "Claim"},
    "`check` document": {"problems": "Problem"},
    "`what-if --notice` document": {
        "scenario": "Scenario",
        "effect": "Deadline",
        "ended_first_by": "Deadline",
        "clause": "Clause",
    },
    "`what-if --extend` document": {
        "scenario": "Scenario",
        "before": "Deadline",
        "after": "Deadline",
        "clause": "Clause",
    },
    "Deadline": {
        "basis": "Event reference",
        "averted_by": "Event reference",
        "agreeing_claim": "Claim",
    },
    "Event": {"contested": "Claim"},
    "Rules": {
        "duration": "Duration rule",
        "extension": "Extension rule",
        "withdrawal": "Withdrawal rule",
        "entry_into_force": "Entry-into-force rule",
        "entry_into_force_for_state": "State entry-into-force rule",
        "renewal": "Renewal rule",
        "milestones": "Milestone rule",
    },
}

# Treaties whose `show` brings out every optional part: rules with a duration and an extension
# (New START), contested claims and milestones (NPT, JCPOA), a renewal (INCSEA), an entry into
# force and one for each state that joins later (TPNW), an event superseded by another treaty
# (SORT), and a membership table (NPT, TPNW).
SHOWN = ("NEW-START", "NPT", "JCPOA", "INCSEA", "TPNW", "SORT")

BROKEN = """\
id: BROKEN
name: Broken
kind: bilateral
parties: [US, SU]
events:
  - {date: 2019-02-02, kind: withdrawl, party: US}
"""


def section(heading: str) -> str:
    """Return the text of docs/json.md under `heading` (without its #s), up to the next heading."""
    found: list[str] | None = None
    fenced = False
    for line in DOC.read_text(encoding="utf-8").splitlines():
        if line.startswith("```"):
            fenced = not fenced
        elif line.startswith("#") and not fenced:
            if found is not None:
                break
            if line.lstrip("#").strip() == heading:
                found = []
                continue
        if found is not None:
            found.append(line)
    assert found is not None, f"docs/json.md has no section '{heading}'"
    return "\n".join(found)


def documented(heading: str) -> list[str]:
    """Return the names in backticks in the first column of the first table under `heading`."""
    table: list[str] = []
    for line in section(heading).splitlines():
        if line.startswith("|"):
            table.append(line)
        elif table:
            break
    names = [m[1] for row in table if (m := re.fullmatch(r"`([^`]+)`", row.split("|")[1].strip()))]
    assert names, f"docs/json.md: no table of `names` under '{heading}'"
    return names


def example(heading: str) -> Row:
    """Return the JSON example of a document section."""
    match = re.search(r"```json\n(.*?)\n```", section(heading), re.DOTALL)
    assert match, f"docs/json.md: no JSON example under '{heading}'"
    loaded: Row = json.loads(match[1])
    return loaded


def gather(value: Any, heading: str, found: dict[str, list[Row]]) -> None:
    """File `value` (an object, a list of them, or null) under `heading`, and its parts too."""
    if value is None:
        return
    if isinstance(value, list):
        for item in value:
            gather(item, heading, found)
        return
    assert isinstance(value, dict), f"{heading}: {value!r} is not an object"
    if heading.endswith("{}"):
        for item in value.values():
            gather(item, heading[:-2], found)
        return
    found.setdefault(heading, []).append(value)
    parts = NESTED.get(heading, {})
    for field, inner in value.items():
        if field in parts:
            gather(inner, parts[field], found)
        else:
            nested = inner if isinstance(inner, list) else [inner]
            assert not any(isinstance(item, dict) for item in nested), (
                f"{heading}: `{field}` holds objects, and no section of docs/json.md says which"
            )


def machine(run: Run, *args: str, code: int = 0) -> Result:
    result = run(*args)
    assert result.code == code and result.stdout, result
    return result


def ndjson(run: Run, *args: str, code: int = 0) -> list[Row]:
    result = machine(run, *args, "--format", "ndjson", code=code)
    return [json.loads(line) for line in result.stdout.splitlines()]


def outputs(run: Run, tmp_path: Path) -> dict[str, list[Row]]:
    """Run the commands, and return every object of their JSON and NDJSON output by section."""
    broken = tmp_path / "broken.yaml"
    broken.write_text(BROKEN, encoding="utf-8")
    documents = {
        "`deadlines` document": ["deadlines", "--year", "2021", "--as-of", TODAY],
        "`list` document": ["list", "--as-of", TODAY],
        "`party` document": ["party", "RU", "--as-of", TODAY],
        "`check` document": ["check", str(broken), "--no-builtin", "--as-of", TODAY],
    }
    found: dict[str, list[Row]] = {}
    for heading, args in documents.items():
        code = 1 if heading.startswith("`check`") else 0  # the broken file has an error
        document = json.loads(machine(run, *args, "--format", "json", code=code).stdout)
        gather(document, heading, found)
        # NDJSON is the document's main array, one object a line.
        (main,) = NESTED[heading]
        assert ndjson(run, *args, code=code) == document[main], args
    # With --party, the list names the state and gives its status in each treaty.
    args = ["list", "--party", "US", "--as-of", TODAY, "--format", "json"]
    gather(json.loads(machine(run, *args).stdout), "`list` document", found)
    for treaty in SHOWN:
        args = ["show", treaty, "--as-of", TODAY]
        gather(json.loads(machine(run, *args, "--format", "json").stdout), "`show` document", found)
        gather(ndjson(run, *args), "Chronology row", found)
    what_if = {
        "`what-if --notice` document": ["INF", "--notice", "2019-02-02", "--party", "US"],
        # An extension is imagined on the as-of date, when New START could still be extended.
        "`what-if --extend` document": ["NEW-START", "--extend", "5y"],
    }
    for heading, args in what_if.items():
        as_of = "2021-01-01" if "--extend" in args else TODAY
        result = machine(run, "what-if", *args, "--as-of", as_of, "--format", "json")
        gather(json.loads(result.stdout), heading, found)
    return found


def test_every_field_of_the_output_is_documented_and_every_documented_field_is_output(
    run: Run, tmp_path: Path
) -> None:
    found = outputs(run, tmp_path)
    mismatches = {}
    for heading, objects in found.items():
        seen = {field for row in objects for field in row}
        listed = set(documented(heading))
        if seen != listed:
            mismatches[heading] = {
                "output but not documented": sorted(seen - listed),
                "documented but never output": sorted(listed - seen),
            }
    assert not mismatches, mismatches
    inner = {kind.removesuffix("{}") for parts in NESTED.values() for kind in parts.values()}
    every = {*NESTED, *inner, "Chronology row"}
    assert set(found) == every, f"no output found for {sorted(every - set(found))}"


@pytest.mark.parametrize(
    ("heading", "columns", "args"),
    [
        ("Columns of `deadlines`", export.DEADLINE_COLUMNS, ["deadlines", "--year", "2021"]),
        ("Columns of `list`", export.TREATY_COLUMNS, ["list"]),
        ("Columns of `show`", export.CHRONOLOGY_COLUMNS, ["show", "INF"]),
        ("Columns of `check`", export.PROBLEM_COLUMNS, ["check"]),
        ("Columns of `party`", export.PARTY_COLUMNS, ["party", "RU"]),
    ],
)
def test_the_documented_columns_are_those_printed_in_order(
    run: Run, heading: str, columns: tuple[str, ...], args: list[str]
) -> None:
    assert documented(heading) == list(columns)
    for format, separator in (("csv", ","), ("tsv", "\t")):
        result = machine(run, *args, "--as-of", TODAY, "--format", format)
        assert result.stdout.splitlines()[0].split(separator) == list(columns)


def test_the_documented_schema_version_is_the_current_one() -> None:
    (version,) = re.findall(r"currently \*\*(\d+)\*\*", section("The promise"))
    assert int(version) == export.SCHEMA_VERSION


@pytest.mark.parametrize("heading", [heading for heading in NESTED if heading.endswith("document")])
def test_each_document_example_has_the_documented_top_level_fields(heading: str) -> None:
    shown = example(heading)
    assert shown["schema_version"] == export.SCHEMA_VERSION
    assert list(shown) == documented(heading)


@pytest.mark.parametrize(
    ("heading", "values"),
    [
        ("Deadline", DeadlineKind),
        ("Deadline", DeadlineStatus),
        ("Deadline", Agreement),
        ("Event", EventKind),
        ("Status", StatusKind),
        ("Treaty", InstrumentKind),
        ("Problem", Severity),
    ],
)
def test_every_value_of_an_enumerated_field_is_listed(
    heading: str, values: type[enum.Enum]
) -> None:
    text = section(heading)
    missing = [member.value for member in values if f"`{member.value}`" not in text]
    assert not missing, f"docs/json.md, '{heading}' does not list {missing}"
