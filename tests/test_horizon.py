"""A past view knows nothing that came later: `--as-of` is a knowledge horizon.

Whatever `show` prints on a past day, in its table or its JSON, names no year after that day,
except the years of what the engine computes from what was known (an upcoming expiry) and the
treaty's own text (a fixed end date in its rules).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import date

import pytest

from tests.conftest import Result
from treatyline import catalog, loader

Run = Callable[..., Result]
BUNDLED = loader.load(
    [catalog.Source(p, bundled=True) for p in sorted(catalog.bundled_directory().glob("*.yaml"))]
)
YEAR = re.compile(r"(?<![\d-])(1[89]\d\d|20\d\d)(?![\d])")
URL = re.compile(r"https?://\S+")


def _days() -> list[tuple[str, str]]:
    """Return, for each treaty, a day a year after its first event and a day in its middle."""
    chosen = []
    for treaty in BUNDLED.treaties:
        days = sorted(e.date.latest for e in treaty.events)
        for day in {date(days[0].year + 1, 1, 1), days[len(days) // 2]}:
            chosen.append((treaty.id, day.isoformat()))
    return chosen


def _allowed(document: dict, as_of: date) -> set[int]:
    """Return the later years a view may name: computed from what was known, or in the rules."""
    computed = {as_of.year}
    for deadline in document["deadlines"]:
        computed |= {int(y) for y in YEAR.findall(str(deadline["date"]) + deadline["rule"])}
    # A drawing's axis runs on to the last computed day, with the years between.
    years = set(range(1800, max(computed) + 1))
    years |= {int(y) for y in YEAR.findall(json.dumps(document["rules"]))}
    return years


@pytest.mark.parametrize(("treaty", "day"), _days())
def test_a_past_view_names_no_later_year(
    run: Run, treaty: str, day: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Wide enough that no address is folded: an address is provenance, left out below.
    monkeypatch.setenv("COLUMNS", "1000")
    as_of = date.fromisoformat(day)
    document = json.loads(run("show", treaty, "--as-of", day, "--format", "json").stdout)
    allowed = _allowed(document, as_of)
    # The JSON's facts: its provenance (sources, the status list a table copies, the file's
    # notes on where a date was read) is about the record, not about the treaty's history.
    for event in document["events"]:
        del event["source"], event["where"]
        if members_only(event, document):
            del event["note"]
    document["membership"]["table"] = None
    texts = {"json": json.dumps(document)}
    for view in (("--brief",), ()):
        texts[" ".join(view)] = run("show", treaty, "--as-of", day, *view).stdout
    for view, text in texts.items():
        out = URL.sub("", text).replace(str(catalog.bundled_directory()), "")
        later = sorted({int(y) for y in YEAR.findall(out)} - allowed)
        assert not later, f"show {treaty} --as-of {day} {view} names {later}"


def members_only(event: dict, document: dict) -> bool:
    """Return whether the event is a line of the membership table, which `show` lists only
    with --members, its note a remark on the list it was read from."""
    acts = ("signed", "ratified", "accepted", "approved", "acceded", "succeeded")
    return document["membership"]["table"] is not None and (
        event["party"] is not None
        and event["instrument"] is None
        and (event["kind"] in acts or event["kind"] == "entered_into_force")
    )


def test_inf_in_1980_and_new_start_in_2021_know_nothing_later(run: Run) -> None:
    inf = run("show", "INF", "--as-of", "1980-01-01").stdout
    assert "2019" not in inf and "1987" not in inf
    new_start = run("show", "New START", "--as-of", "2021-01-01").stdout
    assert "2026" not in new_start
    assert "2021-02-05" in new_start  # the expiry then to come


def test_a_stated_status_is_checked_today_not_in_a_past_view(run: Run) -> None:
    # CFE-ADAPTED states 'signed': true since 1999, and of no day before its signature.
    result = run("list", "--as-of", "1995-01-01")
    assert result.code == 0
    assert result.stderr == ""
