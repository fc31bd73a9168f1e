"""The bundled timelines: they load cleanly, cite sources, and agree with their own rules."""

from __future__ import annotations

from datetime import date

import pytest

from treatyline import catalog, engine, loader, query
from treatyline.model import Agreement, DeadlineKind, DeadlineStatus, StatusKind

BUNDLED = loader.load(catalog.search_path({}, builtin=True))
ALL_KNOWN = date.max


def test_every_bundled_file_loads_without_problems() -> None:
    assert [f"{p.where}: {p.message}" for p in BUNDLED.problems] == []
    files = sorted(catalog.bundled_directory().glob("*.yaml"))
    assert len(BUNDLED.treaties) == len(files) >= 5


@pytest.mark.parametrize("treaty", BUNDLED.treaties, ids=lambda t: t.id)
def test_every_event_cites_a_web_source(treaty: object) -> None:
    for event in treaty.events:  # type: ignore[attr-defined]
        assert event.source and event.source.startswith(("https://", "http://")), event


@pytest.mark.parametrize("treaty", BUNDLED.treaties, ids=lambda t: t.id)
def test_computed_dates_agree_with_recorded_ones(treaty: object) -> None:
    timeline = engine.timeline(treaty, as_of=ALL_KNOWN)  # type: ignore[arg-type]
    for deadline in timeline.deadlines:
        if deadline.recorded is not None:
            assert deadline.agreement() in (Agreement.SAME, Agreement.NEXT_DAY), deadline


RECORD = [
    # treaty, party, the notice, the recorded effect (DESIGN.md section 4)
    ("INF", "US", "2019-02-02", "2019-08-02"),
    ("ABM", "US", "2001-12-13", "2002-06-13"),
    ("Open Skies", "US", "2020-05-22", "2020-11-22"),
    ("Open Skies", "RU", "2021-06-18", "2021-12-18"),
]


@pytest.mark.parametrize(("name", "party", "notice", "effect"), RECORD)
def test_withdrawals_take_effect_on_the_recorded_day(
    name: str, party: str, notice: str, effect: str
) -> None:
    treaty = query.find_treaty(BUNDLED.treaties, name)
    timeline = engine.timeline(treaty, as_of=ALL_KNOWN)
    (deadline,) = [
        d for d in timeline.of_kind(DeadlineKind.WITHDRAWAL_EFFECTIVE) if d.party == party
    ]
    assert (str(deadline.basis.date), str(deadline.date)) == (notice, effect)
    assert deadline.recorded is not None and str(deadline.recorded.date) == effect


def test_new_start_was_extended_once_and_expired_on_2026_02_05() -> None:
    new_start = query.find_treaty(BUNDLED.treaties, "START III")
    expiries = engine.timeline(new_start, as_of=date(2026, 11, 23)).of_kind(DeadlineKind.EXPIRY)
    assert [(str(d.date), d.status) for d in expiries] == [
        ("2021-02-05", DeadlineStatus.AVERTED),
        ("2026-02-05", DeadlineStatus.PASSED),
    ]
    assert engine.status(new_start, as_of=date(2026, 2, 4)).kind is StatusKind.SUSPENDED
    assert engine.status(new_start, as_of=date(2026, 2, 5)).kind is StatusKind.EXPIRED


def test_inf_terminated_on_2019_08_02() -> None:
    inf = query.find_treaty(BUNDLED.treaties, "INF")
    status = engine.status(inf, as_of=date(2019, 8, 2))
    assert (status.kind, str(status.since)) == (StatusKind.TERMINATED, "2019-08-02")
    assert engine.status(inf, as_of=date(2019, 8, 1)).kind is StatusKind.SUSPENDED
