"""Keep the editor schema (treatyline/schema/timeline.schema.json) in agreement with the loader.

The loader is the source of truth. These tests compare the schema's keys and enums with the
loader's tuples and enums, validate every bundled timeline against the schema, and run small
documents through both to check that they accept and refuse the same things. YAML is read with
the BaseLoader, which keeps every scalar a string, as the loader does.
"""

from __future__ import annotations

import importlib.resources
import json
from pathlib import Path
from typing import Any

import iso3166
import jsonschema
import pytest
import yaml

from treatyline import catalog, countries, loader
from treatyline.model import EventKind, InstrumentKind

SCHEMA_FILE = importlib.resources.files("treatyline") / "schema" / "timeline.schema.json"
BUNDLED = sorted(catalog.bundled_directory().glob("*.yaml"))

Document = dict[str, Any]


@pytest.fixture(scope="module")
def schema() -> Document:
    return json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def validator(schema: Document) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(schema)


def definition(schema: Document, name: str) -> Document:
    return schema["$defs"][name]


def rule_definition(schema: Document, name: str) -> Document:
    """Return a rule's object; a rule written as a list (milestones) is described by its items."""
    found: Document = definition(schema, "rules")["properties"][name]
    return found["items"] if found.get("type") == "array" else found


def schema_errors(validator: jsonschema.Draft202012Validator, text: str) -> list[str]:
    document = yaml.load(text, Loader=yaml.BaseLoader)
    return [error.message for error in validator.iter_errors(document)]


def loader_problems(tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / "timeline.yaml"
    path.write_text(text, encoding="utf-8")
    _, problems, _ = loader.read_file(catalog.Source(path))
    return [problem.message for problem in problems]


def treaty_text(**fields: Any) -> str:
    """Return a minimal treaty file whose one event has these fields."""
    document = {"id": "TEST", "name": "Test Treaty", "kind": "multilateral", "events": [fields]}
    return yaml.safe_dump(document, sort_keys=False)


# -- the schema itself -------------------------------------------------------------------------


def test_the_schema_is_a_valid_draft_2020_12_schema(schema: Document) -> None:
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)


def test_a_document_is_a_treaty_or_an_extending_file(schema: Document) -> None:
    assert schema["oneOf"] == [{"$ref": "#/$defs/treaty"}, {"$ref": "#/$defs/extending"}]


# -- keys ----------------------------------------------------------------------------------------

OBJECTS = [
    ("treaty", loader.TREATY_KEYS),
    ("extending", loader.EXTENDING_KEYS),
    ("event", loader.EVENT_KEYS),
    ("claim", loader.CLAIM_KEYS),
    ("rules", tuple(loader.RULE_KEYS)),
]


@pytest.mark.parametrize(("name", "keys"), OBJECTS, ids=[name for name, _ in OBJECTS])
def test_object_keys_are_the_loaders(schema: Document, name: str, keys: tuple[str, ...]) -> None:
    found = definition(schema, name)
    assert set(found["properties"]) == set(keys)
    assert found["additionalProperties"] is False


@pytest.mark.parametrize("name", list(loader.RULE_KEYS))
def test_rule_keys_are_the_loaders(schema: Document, name: str) -> None:
    found = rule_definition(schema, name)
    assert set(found["properties"]) == set(loader.RULE_KEYS[name])
    assert found["additionalProperties"] is False


def test_every_key_has_a_description(schema: Document) -> None:
    """Editors show a key's description on hover and in completion."""
    objects = {name: definition(schema, name) for name, _ in OBJECTS}
    objects |= {f"rules.{name}": rule_definition(schema, name) for name in loader.RULE_KEYS}
    missing = [
        f"{name}.{key}"
        for name, found in objects.items()
        for key, value in found["properties"].items()
        if not value.get("description")
    ]
    assert missing == []


# -- enums ---------------------------------------------------------------------------------------


def test_event_kinds_are_the_models(schema: Document) -> None:
    kind = definition(schema, "event")["properties"]["kind"]
    assert kind["enum"] == [member.value for member in EventKind]
    assert len(kind["enumDescriptions"]) == len(kind["enum"])


def test_instrument_kinds_are_the_models(schema: Document) -> None:
    kind = definition(schema, "treaty")["properties"]["kind"]
    assert kind["enum"] == [member.value for member in InstrumentKind]
    assert len(kind["enumDescriptions"]) == len(kind["enum"])


def test_party_codes_are_the_loaders(schema: Document) -> None:
    party = definition(schema, "party")
    assert set(party["enum"]) == set(iso3166.countries_by_alpha2) | set(countries.HISTORICAL)
    assert all(countries.check(code) == code for code in party["enum"])
    assert len(party["enumDescriptions"]) == len(party["enum"])


# -- bundled timelines ---------------------------------------------------------------------------


def test_there_are_bundled_timelines() -> None:
    assert BUNDLED, f"no timelines in {catalog.bundled_directory()}"


@pytest.mark.parametrize("path", BUNDLED, ids=[path.name for path in BUNDLED])
def test_bundled_timeline_is_valid(validator: jsonschema.Draft202012Validator, path: Path) -> None:
    errors = schema_errors(validator, path.read_text(encoding="utf-8"))
    assert errors == []


# -- schema and loader refuse the same documents -------------------------------------------------

MINIMAL = """\
id: TEST
name: Test Treaty
kind: bilateral
parties: [US, SU]
events:
  - date: 1987-12-08
    kind: signed
"""

ACCEPTED = {
    "minimal": MINIMAL,
    "everything": """\
id: TEST-2
name: Test Treaty
kind: multilateral
title: The Treaty on Testing
aliases: [Test, The Test Treaty]
tags: [nuclear]
summary: A treaty for tests.
parties: [US, SU, "NO", DD]
depositaries: [GB]
successors: {SU: RU, DD: [DE]}
rules:
  duration: {term: 10 years, article: "10", text: Ten years., source: https://example.org/a}
  extension: {limit: five years, times: 1}
  withdrawal: {notice: 6 Months}
  entry_into_force: {instruments: 40, after: 90 days}
  renewal: {period: 5 years}
events:
  - {date: 1987, kind: signed, source: https://example.org/b}
  - {date: 1990-01, kind: ratified, party: "NO", instrument: 40}
  - date: 2018-06
    kind: withdrawal_notice
    party: RU
    contested:
      - {date: 2018-07, held_by: US, source: https://example.org/c, note: Received later.}
  - {date: 2020-01-01, kind: extended, until: 2025-01-01}
  - {date: 2030-01-01, kind: superseded, replaced_by: NEW-TEST}
""",
    "unlimited term": MINIMAL + "rules:\n  duration: {term: unlimited}\n",
    "fixed end": MINIMAL + "rules:\n  duration: {until: 2030-06}\n",
    "extending file": "extends: INF\nevents:\n  - {date: 2019-08-02, kind: terminated}\n",
    "extending file with no events": "extends: INF\nevents: []\n",
}

REFUSED = {
    "unknown event key": (MINIMAL + "    withdrawl: 2019-02-02\n", "unknown key 'withdrawl'"),
    "unknown kind": (MINIMAL.replace("kind: bilateral", "kind: treaty"), "unknown kind 'treaty'"),
    "unknown event kind": (MINIMAL.replace("kind: signed", "kind: sign"), "unknown event kind"),
    "extending file with a name": (
        "extends: INF\nname: INF Treaty\nevents: []\n",
        "unknown key 'name' in an extending timeline",
    ),
    "extending file without events": ("extends: INF\n", "has no 'events'"),
    "treaty without a name": (MINIMAL.replace("name: Test Treaty\n", ""), "has no 'name'"),
    "unknown top-level key": (MINIMAL + "notes: none\n", "unknown key 'notes'"),
    "id in lower case": (MINIMAL.replace("id: TEST", "id: test"), "is not an id"),
    "party in lower case": (MINIMAL.replace("[US, SU]", "[US, su]"), "must be written in capitals"),
    "unknown party": (MINIMAL.replace("[US, SU]", "[US, XX]"), "is not a country code"),
    "parties not a list": (MINIMAL.replace("[US, SU]", "US"), "expected a list"),
    "month 13": (MINIMAL.replace("1987-12-08", "1987-13"), "there is no month 13"),
    "year 0": (MINIMAL.replace("1987-12-08", "0000"), "there is no year 0"),
    "event without a date": (
        MINIMAL.replace("  - date: 1987-12-08\n    kind", "  - kind"),
        "no 'date'",
    ),
    "source not a web address": (MINIMAL + "    source: example.org\n", "is not a web address"),
    "zero period": (MINIMAL + "rules:\n  withdrawal: {notice: 0 months}\n", "longer than zero"),
    "period in a word not known": (
        MINIMAL + "rules:\n  withdrawal: {notice: sixteen months}\n",
        "not a number I can read",
    ),
    "period in fortnights": (MINIMAL + "rules:\n  renewal: {period: 2 fortnights}\n", "not a unit"),
    "term with a capital": (MINIMAL + "rules:\n  duration: {term: Unlimited}\n", "not a period"),
    "term and until": (
        MINIMAL + "rules:\n  duration: {term: 5 years, until: 2030}\n",
        "a term or an end date, not both",
    ),
    "duration with neither": (
        MINIMAL + "rules:\n  duration: {article: I}\n",
        "no 'term' or 'until'",
    ),
    "withdrawal without notice": (MINIMAL + "rules:\n  withdrawal: {article: XV}\n", "no 'notice'"),
    "zero instruments": (
        MINIMAL + "rules:\n  entry_into_force: {instruments: 0}\n",
        "not a whole number above zero",
    ),
    "unknown rule": (MINIMAL + "rules:\n  expiry: {term: 5 years}\n", "unknown key 'expiry'"),
    "unknown rule key": (
        MINIMAL + "rules:\n  withdrawal: {notice: 6 months, articel: XV}\n",
        "unknown key 'articel'",
    ),
    "successor in lower case": (MINIMAL + "successors: {SU: [RU, ua]}\n", "capitals"),
    "claim without a date": (MINIMAL + "    contested:\n      - {held_by: RU}\n", "no 'date'"),
    "unknown claim key": (
        MINIMAL + "    contested:\n      - {date: 1987, by: RU}\n",
        "unknown key 'by'",
    ),
}


@pytest.mark.parametrize("text", list(ACCEPTED.values()), ids=list(ACCEPTED))
def test_both_accept(validator: jsonschema.Draft202012Validator, tmp_path: Path, text: str) -> None:
    assert schema_errors(validator, text) == []
    assert loader_problems(tmp_path, text) == []


@pytest.mark.parametrize(("text", "message"), list(REFUSED.values()), ids=list(REFUSED))
def test_both_refuse(
    validator: jsonschema.Draft202012Validator, tmp_path: Path, text: str, message: str
) -> None:
    assert schema_errors(validator, text) != []
    problems = loader_problems(tmp_path, text)
    assert problems != []
    assert any(message in problem for problem in problems), problems


EXTRAS: dict[str, dict[str, Any]] = {
    "nothing": {},
    "period": {"period": "5 years"},
    "until": {"until": "2030-01-01"},
    "period and until": {"period": "5 years", "until": "2030-01-01"},
    "instrument": {"instrument": "3"},
    "replaced_by": {"replaced_by": "NEW-TEST"},
    "contested": {"contested": [{"date": "2019-02-03", "held_by": "RU"}]},
}


@pytest.mark.parametrize("kind", list(EventKind), ids=[kind.value for kind in EventKind])
def test_each_event_kind_takes_the_same_fields(
    validator: jsonschema.Draft202012Validator, tmp_path: Path, kind: EventKind
) -> None:
    """NEEDS_PARTY and ONLY_FOR, as the loader applies them, agree with the schema."""
    disagreements = []
    for party in (None, "US"):
        for name, extra in EXTRAS.items():
            fields = {"date": "2019-02-02", "kind": kind.value, **extra}
            if party is not None:
                fields["party"] = party
            text = treaty_text(**fields)
            by_schema = schema_errors(validator, text) == []
            by_loader = loader_problems(tmp_path, text) == []
            if by_schema != by_loader:
                disagreements.append(
                    f"{name}, party {party}: schema {'accepts' if by_schema else 'refuses'},"
                    f" loader {'accepts' if by_loader else 'refuses'}"
                )
    assert disagreements == []


# -- what editors see ----------------------------------------------------------------------------


def test_numbers_that_yaml_1_2_reads_as_integers_are_allowed(
    validator: jsonschema.Draft202012Validator,
) -> None:
    """Editors read `date: 1987` and `instrument: 50` as integers; the loader reads text."""
    document = {
        "id": "TEST",
        "name": 1984,
        "kind": "multilateral",
        "rules": {"entry_into_force": {"instruments": 50, "article": 14}},
        "events": [
            {"date": 1987, "kind": "signed"},
            {"date": "1990-05", "kind": "ratified", "party": "NO", "instrument": 50},
        ],
    }
    assert list(validator.iter_errors(document)) == []
    document["events"][1]["instrument"] = 0
    assert list(validator.iter_errors(document)) != []


def test_no_read_as_a_boolean_is_refused(validator: jsonschema.Draft202012Validator) -> None:
    """A YAML 1.1 reader turns NO (Norway) into false; the schema says that is not a party."""
    document = yaml.safe_load(MINIMAL.replace("[US, SU]", "[US, NO]"))
    assert document["parties"] == ["US", False]
    assert list(validator.iter_errors(document)) != []
