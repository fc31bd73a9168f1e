"""The bundled timelines: they load cleanly, cite sources, and agree with their own rules."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from treatyline import catalog, engine, loader, query
from treatyline.model import (
    Agreement,
    DeadlineKind,
    DeadlineStatus,
    InstrumentKind,
    StatusKind,
    Treaty,
)

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


def test_every_computed_date_agrees_with_its_recorded_counterpart() -> None:
    """Where a rule computes a date that is also recorded, the two agree in every bundled file.

    A recorded date one day later is the same instant (the start of the next day). A record
    that differs is accepted only with a contested claim, sourced, that the rule supports.
    """
    compared = []
    for treaty in BUNDLED.treaties:
        timeline = engine.timeline(treaty, as_of=ALL_KNOWN)
        for deadline in timeline.deadlines:
            agreement = deadline.agreement()
            if agreement is None:
                continue
            compared.append(deadline)
            settled = agreement is Agreement.DIFFERS and deadline.supporting_claim() is not None
            assert agreement in (Agreement.SAME, Agreement.NEXT_DAY) or settled, deadline
    kinds = {deadline.kind for deadline in compared}
    assert kinds == {
        DeadlineKind.ENTRY_INTO_FORCE,
        DeadlineKind.WITHDRAWAL_EFFECTIVE,
        DeadlineKind.EXPIRY,
        DeadlineKind.MILESTONE,
    }
    assert len(compared) >= 25


RECORD = [
    # treaty, party, the notice, the recorded effect (DESIGN.md section 4)
    ("INF", "US", "2019-02-02", "2019-08-02"),
    ("ABM", "US", "2001-12-13", "2002-06-13"),
    ("Open Skies", "US", "2020-05-22", "2020-11-22"),
    ("Open Skies", "RU", "2021-06-18", "2021-12-18"),
    ("CFE", "RU", "2023-06-09", "2023-11-07"),  # 150 days give 11-06; 00:00 on 11-07 is the same
    ("NPT", "KP", "2003-01-10", "2003-04-10"),  # the generally held reading; KP holds 2003-01-11
    ("Mine Ban Treaty", "LT", "2025-06-27", "2025-12-27"),
    ("Mine Ban Treaty", "LV", "2025-06-27", "2025-12-27"),
    ("Mine Ban Treaty", "EE", "2025-06-27", "2025-12-27"),
    ("Mine Ban Treaty", "FI", "2025-07-10", "2026-01-10"),
    ("Mine Ban Treaty", "PL", "2025-08-20", "2026-02-20"),
    ("Convention on Cluster Munitions", "LT", "2024-09-06", "2025-03-06"),
]


@pytest.mark.parametrize(("name", "party", "notice", "effect"), RECORD)
def test_withdrawals_take_effect_on_the_recorded_day(
    name: str, party: str, notice: str, effect: str
) -> None:
    treaty = query.find_treaty(BUNDLED.treaties, name)
    timeline = engine.timeline(treaty, as_of=ALL_KNOWN)
    (deadline,) = [
        d
        for d in timeline.of_kind(DeadlineKind.WITHDRAWAL_EFFECTIVE)
        if d.party == party and d.status is not DeadlineStatus.AVERTED
    ]
    assert str(deadline.basis.date) == notice
    assert deadline.recorded is not None and str(deadline.recorded.date) == effect
    assert deadline.agreement() in (Agreement.SAME, Agreement.NEXT_DAY)


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


TODAY = date(2026, 11, 23)

# What every bundled treaty's status is on 2026-11-23, and since when: checked against the
# events' sources, not copied from the program's output.
STATUSES_TODAY = {
    "ABM": ("terminated", "2002-06-13"),
    "ACCIDENTS": ("in_force", "1971-09-30"),
    "ANTARCTIC": ("in_force", "1961-06-23"),
    "ATT": ("in_force", "2014-12-24"),
    "BANGKOK": ("in_force", "1997-03-27"),
    "BMLN": ("in_force", "1988-05-31"),
    "BWC": ("in_force", "1975-03-26"),
    "CCM": ("in_force", "2010-08-01"),
    "CCW": ("in_force", "1983-12-02"),
    "CFE": ("in_force", "1992-11-09"),  # for its remaining parties; Russia left on 2023-11-07
    "CFE-ADAPTED": ("signed", "1999-11-19"),
    "CTBT": ("signed", "1996-09-24"),
    "CWC": ("in_force", "1997-04-29"),
    "DMA": ("in_force", "1990-01-01"),
    "ENMOD": ("in_force", "1978-10-05"),
    "EST": ("draft", "2009-11-29"),
    "GENEVA-PROTOCOL": ("in_force", "1928-02-08"),  # contested: NL database 1926-05-10
    "HCOC": ("in_force", "2002-11"),  # the Immediate Central Contact gives the month only
    "HOTLINE": ("in_force", "1963-06-20"),
    "INCSEA": ("in_force", "1972-05-25"),
    "INF": ("terminated", "2019-08-02"),
    "JCPOA": ("terminated", "2025-10-18"),  # contested: the E3 hold 2025-09-27
    "NEW-START": ("expired", "2026-02-05"),
    "NPT": ("in_force", "1970-03-05"),
    "NRRC": ("signed", "1987-09-15"),  # no day of entry into force found in the sources read
    "OPEN-SKIES": ("in_force", "2002-01-01"),
    "OST": ("in_force", "1967-10-10"),
    "OTTAWA": ("in_force", "1999-03-01"),
    "PELINDABA": ("in_force", "2009-07-15"),
    "PMDA": ("terminated", "2025-11-06"),  # Russia's denunciation; suspended from 2016-10-03
    "PNET": ("in_force", "1990-12-11"),
    "PPWT-2008": ("draft", "2008-02-12"),
    "PPWT-2014": ("draft", "2014-06-10"),
    "PTBT": ("in_force", "1963-10-10"),
    "RAROTONGA": ("in_force", "1986-12-11"),
    "SALT-I": ("expired", "1977-10-03"),
    "SALT-II": ("never_in_force", "1985-12-31"),
    "SEABED": ("in_force", "1972-05-18"),
    "SEMIPALATINSK": ("in_force", "2009-03-21"),
    "SORT": ("terminated", "2011-02-05"),
    "START-I": ("expired", "2009-12-05"),
    "START-II": ("never_in_force", "2002-06-14"),
    "TLATELOLCO": ("in_force", "1968-04-22"),
    "TPNW": ("in_force", "2021-01-22"),
    "TTBT": ("in_force", "1990-12-11"),
    "VIENNA-DOCUMENT": ("in_force", "1991-01-01"),
}


def test_at_least_thirty_treaties_are_bundled_with_the_right_status_today() -> None:
    found = {}
    for treaty in BUNDLED.treaties:
        status = engine.status(treaty, as_of=TODAY)
        found[treaty.id] = (status.kind.value, str(status.since))
    assert found == STATUSES_TODAY
    assert len(found) >= 30


# Every status the bundled data can reach, checked on the first day of every year and on
# the days around each recorded event.
def _days(treaty: Treaty) -> list[date]:
    years = [date(year, 1, 1) for year in range(1960, 2031)]
    around = [
        day
        for event in treaty.events
        for day in (event.date.earliest - timedelta(days=1), event.date.latest)
    ]
    return sorted({*years, *around})


ENDED = {StatusKind.EXPIRED, StatusKind.TERMINATED, StatusKind.NEVER_IN_FORCE}
LIVE = {StatusKind.IN_FORCE, StatusKind.SUSPENDED}


@pytest.mark.parametrize("treaty", BUNDLED.treaties, ids=lambda t: t.id)
def test_statuses_agree_with_the_dates_on_every_day(treaty: Treaty) -> None:
    """A draft is always a draft; nothing is in force before it entered into force; an end
    is final; a treaty that never entered into force is never in force."""
    states = [(day, engine.status(treaty, as_of=day)) for day in _days(treaty)]
    kinds = {status.kind for _, status in states}
    if treaty.kind is InstrumentKind.DRAFT:
        assert kinds <= {StatusKind.DRAFT}
        return
    start = next((day for day, status in states if status.kind in LIVE), None)
    ended = next((day for day, status in states if status.kind in ENDED), None)
    for day, status in states:
        if status.kind in LIVE:
            assert status.since is not None and status.since.earliest <= day, (day, status)
        if ended is not None and day >= ended:
            assert status.kind in ENDED, (day, status)
    if StatusKind.NEVER_IN_FORCE in kinds:
        assert start is None


@pytest.mark.parametrize(
    ("name", "day", "expected"),
    [
        ("New START", "2026-02-04", StatusKind.SUSPENDED),  # Russia's suspension of 2023
        ("New START", "2026-02-05", StatusKind.EXPIRED),
        ("New START", "2026-02-06", StatusKind.EXPIRED),
        ("INF", "2019-08-02", StatusKind.TERMINATED),
        ("SALT II", "1985-01-01", StatusKind.SIGNED),
        ("SALT II", "1990-01-01", StatusKind.NEVER_IN_FORCE),
        ("START II", "2001-01-01", StatusKind.SIGNED),
        ("START II", "2002-06-14", StatusKind.NEVER_IN_FORCE),
        ("Moscow Treaty", "2011-02-04", StatusKind.IN_FORCE),
        ("Moscow Treaty", "2011-02-05", StatusKind.TERMINATED),
        ("CTBT", "2023-11-02", StatusKind.SIGNED),
        # Signed by 50 states on 2017-09-20, the day it opened (the UN's status list).
        ("TPNW", "2017-09-19", StatusKind.ADOPTED),
        ("TPNW", "2021-01-21", StatusKind.SIGNED),
        ("TPNW", "2021-01-22", StatusKind.IN_FORCE),
    ],
)
def test_statuses_on_the_days_that_matter(name: str, day: str, expected: StatusKind) -> None:
    treaty = query.find_treaty(BUNDLED.treaties, name)
    assert engine.status(treaty, as_of=date.fromisoformat(day)).kind is expected


def test_russias_ctbt_deratification_leaves_it_a_signatory_not_withdrawn() -> None:
    ctbt = query.find_treaty(BUNDLED.treaties, "CTBT")
    russia = engine.party_statuses(ctbt, as_of=TODAY)["RU"]
    assert (russia.kind, str(russia.since)) == (StatusKind.SIGNATORY, "2023-11-02")
    before = engine.party_statuses(ctbt, as_of=date(2023, 1, 1))["RU"]
    assert before.kind is StatusKind.RATIFIED  # ratified in 2000; the treaty is not in force


def test_the_us_renounced_its_arms_trade_treaty_signature() -> None:
    att = query.find_treaty(BUNDLED.treaties, "ATT")
    us = engine.party_statuses(att, as_of=TODAY)["US"]
    assert (us.kind, str(us.since)) == (StatusKind.RENOUNCED, "2019-07-18")


def test_the_jcpoa_days_follow_from_the_endorsement() -> None:
    jcpoa = query.find_treaty(BUNDLED.treaties, "JCPOA")
    days = engine.timeline(jcpoa, as_of=TODAY).of_kind(DeadlineKind.MILESTONE)
    assert {d.label: str(d.date) for d in days} == {
        "Adoption Day": "2015-10-18",
        "Transition Day": "2023-10-18",
        "Termination Day": "2025-10-18",
        "Snapback": "2025-09-27",  # the UN's record: 20:00 EDT (00:00 GMT on the 28th)
    }


def test_the_incidents_at_sea_agreement_renews_every_three_years() -> None:
    incsea = query.find_treaty(BUNDLED.treaties, "INCSEA")
    renewals = engine.timeline(incsea, as_of=TODAY).of_kind(DeadlineKind.RENEWAL)
    assert [str(d.date) for d in renewals][-2:] == ["2026-05-25", "2029-05-25"]
