"""Who was party to which treaty on any day: membership tables, entry into force for each state,
successions, counts against the depositaries' own, and the views built on them."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import Result
from treatyline import catalog, engine, loader, members
from treatyline.countries import CEASED
from treatyline.model import DeadlineStatus, StatusKind, Treaty

Run = Callable[..., Result]
Load = Callable[..., loader.Loaded]
BUNDLED = loader.load(
    [catalog.Source(p, bundled=True) for p in sorted(catalog.bundled_directory().glob("*.yaml"))]
)
TREATIES = {treaty.id: treaty for treaty in BUNDLED.treaties}
TODAY = date(2026, 11, 23)
UNTC = "https://treaties.un.org/Pages/ViewDetails.aspx?src=TREATY&chapter=26&mtdsg_no="


def status(treaty: str, state: str, day: date) -> StatusKind | None:
    found = engine.party_statuses(TREATIES[treaty], as_of=day).get(state)
    return None if found is None else found.kind


# A state's first day as a party, as the source gives it (its deposit, or the day the treaty
# entered into force for it), with that source. The day before, it was not yet a party.
JOINED = [
    # The UN Treaty Collection's status lists: entry into force for each state.
    ("ATT", "CF", "2016-01-05", UNTC + "XXVI-8"),  # acceded 2015-10-07, + 90 days
    ("ATT", "AD", "2023-03-02", UNTC + "XXVI-8"),  # ratified 2022-12-02
    ("ATT", "CO", "2025-01-13", UNTC + "XXVI-8"),  # ratified 2024-10-15
    ("ATT", "AU", "2014-12-24", UNTC + "XXVI-8"),  # ratified before entry into force
    ("ATT", "DK", "2014-12-24", UNTC + "XXVI-8"),  # approved 2014-04-02
    ("ATT", "AL", "2014-12-24", UNTC + "XXVI-8"),
    ("CCM", "BA", "2011-03-01", UNTC + "XXVI-6"),  # ratified 2010-09-07
    ("CCM", "BE", "2010-08-01", UNTC + "XXVI-6"),  # ratified before entry into force
    ("CCM", "BF", "2010-08-01", UNTC + "XXVI-6"),
    ("CCM", "NU", "2021-02-01", "https://www.clusterconvention.org/"),  # acceded 2020-08-06
    ("CCM", "VU", "2026-03-01", "https://www.clusterconvention.org/"),  # acceded 2025-09-05
    ("OTTAWA", "AF", "2003-03-01", UNTC + "XXVI-5"),  # acceded 2002-09-11
    ("OTTAWA", "PW", "2008-05-01", UNTC + "XXVI-5"),  # acceded 2007-11-19
    ("OTTAWA", "CH", "1999-03-01", UNTC + "XXVI-5"),  # ratified 1998-03-24
    ("OTTAWA", "BE", "1999-03-01", UNTC + "XXVI-5"),
    (
        "OTTAWA",
        "MH",
        "2025-09-01",  # ratified 2025-03-12
        "https://www.icblcmc.org/our-impact/marshall-islands-becomes-the-165th-state-party-to-the-mine-ban-treaty",
    ),
    ("CWC", "AL", "1997-04-29", UNTC + "XXVI-3"),  # ratified 1994-05-11: the treaty's own day
    ("CWC", "US", "1997-04-29", UNTC + "XXVI-3"),  # ratified 1997-04-25
    ("CWC", "RU", "1997-12-05", UNTC + "XXVI-3"),  # ratified 1997-11-05, + 30 days
    ("CWC", "IR", "1997-12-03", UNTC + "XXVI-3"),  # ratified 1997-11-03
    (
        "CWC",
        "AO",
        "2015-10-16",
        "https://verdragenbank.overheid.nl/en/Treaty/Details/005140_p.html",
    ),
    (
        "CWC",
        "SY",
        "2013-10-14",  # acceded 2013-09-14
        "https://www.un.org/sg/en/content/sg/statement/2013-09-14/statement-attributable-spokesperson-secretary-general-syria%E2%80%99s",
    ),
    ("TPNW", "GY", "2021-01-22", UNTC + "XXVI-9"),  # ratified 2017-09-20, among the first 50
    ("TPNW", "BJ", "2021-03-11", UNTC + "XXVI-9"),  # ratified 2020-12-11, after the 50th
    ("TPNW", "CL", "2021-12-22", UNTC + "XXVI-9"),  # ratified 2021-09-23
    ("TPNW", "GH", "2025-12-25", UNTC + "XXVI-9"),  # ratified 2025-09-26
    ("CTBT", "PG", "2024-03-13", UNTC + "XXVI-4"),  # not in force: ratified, counted a party
    # The Netherlands treaty database, the CFE Treaty's and Open Skies' depositary tables.
    ("CFE", "BE", "1992-11-09", "https://verdragen.nl/en/Treaty/Details/004285.html"),
    ("CFE", "DE", "1992-11-09", "https://verdragen.nl/en/Treaty/Details/004285.html"),
    ("CFE", "AZ", "1992-11-09", "https://verdragen.nl/en/Treaty/Details/004285.html"),
    ("CFE", "SK", "1993-01-01", "https://verdragen.nl/en/Treaty/Details/004285.html"),
    (
        "OPEN-SKIES",
        "US",
        "2002-01-01",
        "https://verdragenbank.overheid.nl/nl/Verdrag/Details/004920_p.html",
    ),
    (
        "OPEN-SKIES",
        "CA",
        "2002-01-01",
        "https://verdragenbank.overheid.nl/nl/Verdrag/Details/004920_p.html",
    ),
    (
        "OPEN-SKIES",
        "LV",
        "2003-02-11",
        "https://verdragenbank.overheid.nl/nl/Verdrag/Details/004920_p.html",
    ),
    # The depositary governments' lists (NPT, BWC, Seabed): in force on the deposit.
    ("NPT", "BY", "1993-02-09", "https://treaties.unoda.org/t/npt"),  # Moscow; Washington later
    ("NPT", "AO", "1996-10-14", "https://treaties.unoda.org/t/npt"),
    ("NPT", "DZ", "1995-01-12", "https://treaties.unoda.org/t/npt"),
    ("NPT", "AT", "1970-03-05", "https://treaties.unoda.org/t/npt"),  # ratified 1969-06-27
    ("NPT", "RU", "1991-12-26", "https://ask.un.org/faq/378083"),  # continues the USSR
    (
        "BWC",
        "BH",
        "1988-10-28",
        "https://treaties.un.org/Pages/showDetails.aspx?objid=0800000280101653",
    ),
    (
        "BWC",
        "ZA",
        "1975-11-03",
        "https://treaties.un.org/Pages/showDetails.aspx?objid=0800000280101653",
    ),
    # Ratified before the entry into force of 1975-03-26, so parties from that day: Iran on
    # 1973-08-22, Pakistan at Moscow on 1974-09-25 (UNODA's record as copied in 2018).
    ("BWC", "IR", "1975-03-26", "https://www.nti.org/analysis/articles/iran-biological/"),
    ("BWC", "PK", "1975-03-26", "https://treaties.unoda.org/t/bwc"),
    # Accessions announced by UN Geneva, and a ratification announced by the state itself.
    (
        "BWC",
        "ZM",
        "2008-01-15",
        "https://ungeneva.org/fr/news-media/press-release/2008/03/zambia-joins-biological-weapons-convention",
    ),
    (
        "BWC",
        "TT",
        "2007-07-19",
        "https://www.ungeneva.org/ru/news-media/press-release/2007/07/early-results-biological-weapons-convention-universalization",
    ),
    ("BWC", "NP", "2016-11-04", "https://mofa.gov.np/press-release-ratification-bwc-nepal/"),
    (
        "SEABED",
        "BR",
        "1988-05-10",
        "http://disarmament.un.org/treaties/a/sea_bed/brazil/rat/london",
    ),
    (
        "SEABED",
        "CN",
        "1991-02-28",
        "http://disarmament.un.org/treaties/a/sea_bed/china/acc/washington",
    ),
    # Successions: the Russian Federation and three other states continue the USSR.
    (
        "INF",
        "UA",
        "1991-12-26",
        "https://www.wilsoncenter.org/blog-post/forgotten-parties-to-the-inf",
    ),
    ("START-I", "KZ", "1994-12-05", "https://2001-2009.state.gov/t/isn/rls/fs/2001/3523.htm"),
]


@pytest.mark.parametrize(("treaty", "state", "day", "source"), JOINED)
def test_a_state_is_a_party_from_the_day_the_source_gives(
    treaty: str, state: str, day: str, source: str
) -> None:
    first = date.fromisoformat(day)
    assert status(treaty, state, first - timedelta(days=1)) is not StatusKind.PARTY, source
    party = StatusKind.RATIFIED if treaty == "CTBT" else StatusKind.PARTY  # CTBT: not in force
    assert status(treaty, state, first) is party, source


def test_the_sample_is_large_and_sourced() -> None:
    assert len(JOINED) >= 40
    assert all(source.startswith(("https://", "http://")) for *_, source in JOINED)


# A state's signature, as the source gives it (UNODA: the earliest of the three capitals).
# From that day it is a signatory, and before it nothing, whatever it did later.
SIGNED = [
    ("BWC", "IR", "1972-04-10", "https://treaties.unoda.org/t/bwc"),  # Moscow, Washington
    ("BWC", "ID", "1972-06-20", "https://treaties.unoda.org/t/bwc"),  # London a day later
    ("BWC", "TZ", "1972-08-16", "https://treaties.unoda.org/t/bwc"),  # ratified 2019
    ("BWC", "GY", "1973-01-03", "https://treaties.unoda.org/t/bwc"),  # ratified 2013
    ("CWC", "IL", "1993-01-13", UNTC + "XXVI-3"),
    ("CTBT", "US", "1996-09-24", UNTC + "XXVI-4"),
    ("CTBT", "DM", "2022-05-25", UNTC + "XXVI-4"),
    # Eight signed at Rarotonga on 1985-08-06; these later.
    ("RAROTONGA", "PG", "1985-09-16", "https://disarmament.unoda.org/en/nwfz/treaty-rarotonga"),
    ("RAROTONGA", "SB", "1987-05-29", "https://disarmament.unoda.org/en/nwfz/treaty-rarotonga"),
    ("RAROTONGA", "TO", "1996-08-02", "https://disarmament.unoda.org/en/nwfz/treaty-rarotonga"),
]


@pytest.mark.parametrize(("treaty", "state", "day", "source"), SIGNED)
def test_a_state_is_a_signatory_from_the_day_it_signed(
    treaty: str, state: str, day: str, source: str
) -> None:
    signed = date.fromisoformat(day)
    assert status(treaty, state, signed - timedelta(days=1)) is None, source
    assert status(treaty, state, signed) is StatusKind.SIGNATORY, source


# The last day a state was bound, as its withdrawal's source gives it.
LEFT = [
    ("OTTAWA", "FI", "2026-01-10", StatusKind.WITHDRAWN),  # notice 2025-07-10, Art. 20(3)
    ("OTTAWA", "PL", "2026-02-20", StatusKind.WITHDRAWN),
    ("CCM", "LT", "2025-03-06", StatusKind.WITHDRAWN),
    ("OPEN-SKIES", "US", "2020-11-22", StatusKind.WITHDRAWN),
    ("OPEN-SKIES", "RU", "2021-12-18", StatusKind.WITHDRAWN),
    ("JCPOA", "US", "2018-05-08", StatusKind.WITHDRAWN),  # a political commitment: no notice
    # 150 days from the notice of 2023-06-09 end with 2023-11-06; Russia's "00:00 on
    # 7 November" is the same instant.
    ("CFE", "RU", "2023-11-06", StatusKind.WITHDRAWN),
    ("CTBT", "RU", "2023-11-02", StatusKind.SIGNATORY),  # de-ratified: a signatory again
    ("CFE", "CS", "1993-01-01", StatusKind.CEASED),  # Czechoslovakia: Czechia and Slovakia
    ("NPT", "SU", "1991-12-26", StatusKind.CEASED),  # the USSR: the Russian Federation
]


@pytest.mark.parametrize(("treaty", "state", "day", "after"), LEFT)
def test_a_state_leaves_on_the_day_its_withdrawal_takes_effect(
    treaty: str, state: str, day: str, after: StatusKind
) -> None:
    gone = date.fromisoformat(day)
    assert status(treaty, state, gone - timedelta(days=1)) in (
        StatusKind.PARTY,
        StatusKind.WITHDRAWING,
        StatusKind.RATIFIED,
        StatusKind.SUSPENDED,
    )
    assert status(treaty, state, gone) is after


# What each depositary or treaty body counts, on its day, with its source.
COUNTS = [
    ("CWC", "2024-04-19", 193, 165, UNTC + "XXVI-3"),
    ("CTBT", "2024-03-13", 178, 187, "https://www.ctbto.org/"),
    # The UN's count: Russia's ratification, revoked in 2023, is not among the 178.
    ("CTBT", "2026-02-03", 178, 187, UNTC + "XXVI-4"),
    # Lithuania left on 6 March 2025, and its signature with it; Vanuatu acceded on 5 September.
    ("CCM", "2026-02-03", 112, 107, UNTC + "XXVI-6"),
    ("CCW", "2026-02-03", 128, 50, UNTC + "XXVI-2"),
    ("ENMOD", "2026-02-03", 78, 48, UNTC + "XXVI-1"),
    # The UN's count after four of the 2025 withdrawals took effect, before Poland's.
    ("OTTAWA", "2026-02-03", 162, 132, UNTC + "XXVI-5"),
    ("ATT", "2026-02-03", 117, 130, UNTC + "XXVI-8"),
    ("TPNW", "2026-02-03", 74, 95, UNTC + "XXVI-9"),
    ("OTTAWA", "2025-06-25", 166, 133, "https://www.apminebanconvention.org/en/resources"),
    # UNODA counts 191, North Korea among them, whose withdrawal of 2003 the file records.
    ("NPT", "2025-05-15", 190, 93, "https://treaties.unoda.org/t/npt"),
    # The EU's count of 189 with Comoros and Kiribati; Niue's day of accession is not known.
    ("BWC", "2025-05-20", 188, None, "https://eeas.europa.eu/node/453236_fr"),
    ("PTBT", "2025-05-15", 125, None, "https://treaties.unoda.org/t/test_ban"),
    ("CFE", "1996-05-31", 30, None, "https://debates.parlamento.pt/"),
    ("OPEN-SKIES", "2012-03-23", 34, None, "https://osce.org/who/timeline/1990s/06"),
]


@pytest.mark.parametrize(("treaty", "day", "parties", "signatories", "source"), COUNTS)
def test_the_counts_are_the_depositarys(
    treaty: str, day: str, parties: int, signatories: int | None, source: str
) -> None:
    # Where a list counts no signatories (or counts them otherwise: UNODA gives Serbia
    # Yugoslavia's PTBT signature), only the parties are compared.
    timeline = engine.timeline(TREATIES[treaty], as_of=date.fromisoformat(day))
    found = engine.tally(timeline)
    assert len(found.parties) == parties, source
    if signatories is not None:
        assert len(found.signatories) == signatories, source


def test_only_russia_continues_the_ussr_the_others_succeed_to_its_treaties() -> None:
    day = date(2026, 11, 23)
    npt = engine.party_statuses(TREATIES["NPT"], as_of=day)
    assert npt["RU"].reason == "continues SU"
    geneva = engine.party_statuses(TREATIES["GENEVA-PROTOCOL"], as_of=day)
    assert geneva["UA"].reason == "successor of SU"  # its notification of 2003
    assert npt["SU"].reason == "continued by RU"


def test_successors_are_not_backdated(run: Run) -> None:
    npt = json.loads(run("show", "NPT", "--as-of", "1980-01-01", "--format", "json").stdout)
    assert npt["party_statuses"]["SU"]["status"] == "party"
    assert "RU" not in npt["party_statuses"]
    inf = json.loads(run("show", "INF", "--as-of", "1990-01-01", "--format", "json").stdout)
    assert set(inf["party_statuses"]) == {"US", "SU"}
    later = json.loads(run("show", "INF", "--as-of", "1995-01-01", "--format", "json").stdout)
    statuses = later["party_statuses"]
    assert statuses["SU"] == {
        "status": "ceased",
        "since": "1991-12-26",
        "reason": "continued by RU; succeeded by BY, KZ, UA",
        "contested": [],
    }
    assert {code for code, s in statuses.items() if s["status"] == "party"} == {
        "US",
        "RU",
        "BY",
        "KZ",
        "UA",
    }


def test_show_and_json_give_the_lists_count_with_the_state_the_record_does_not_count(
    run: Run,
) -> None:
    shown = run("show", "NPT", "--as-of", "2026-11-23").stdout
    assert (
        "190 parties, 93 signatories (the status list: 191 parties, counting KP, 93 signatories"
        " on 2025-05-15)"
    ) in " ".join(shown.split())
    document = json.loads(run("show", "NPT", "--as-of", "2026-11-23", "--format", "json").stdout)
    assert document["membership"]["parties"] == 190
    assert document["membership"]["table"]["including"] == ["KP"]
    assert document["membership"]["table"]["complete"] is True


def test_a_past_view_names_no_later_successor_or_depositary(run: Run) -> None:
    # In 1980 the USSR, not the Russian Federation, was a depositary of the NPT; Russia
    # continued it from 1991-12-26 (the file's succession line).
    past = run("show", "NPT", "--as-of", "1980-01-01").stdout
    assert "Russian Federation" not in past
    assert "Depositaries: United States of America (US), United Kingdom of Great Britain and " in (
        past
    )
    assert "(GB), USSR (SU)\n" in past
    document = json.loads(run("show", "INF", "--as-of", "1990-01-01", "--format", "json").stdout)
    assert document["successors"] == []
    later = json.loads(run("show", "INF", "--as-of", "1992-01-01", "--format", "json").stdout)
    assert {(s["of"], s["by"]) for s in later["successors"]} >= {("SU", "RU")}
    assert "Successors of USSR: Russian Federation (RU)" in run("show", "NPT").stdout
    listed = json.loads(run("list", "--as-of", "1980-01-01", "--format", "json").stdout)
    (npt,) = [row for row in listed["treaties"] if row["id"] == "NPT"]
    assert npt["depositaries"] == ["US", "GB", "SU"]
    shown = json.loads(run("show", "NPT", "--as-of", "1980-01-01", "--format", "json").stdout)
    assert shown["treaty"]["depositaries"] == ["US", "GB", "SU"]


def test_a_state_that_did_not_cease_stays_when_another_succeeds_to_it() -> None:
    # Montenegro succeeded to the CWC in 2006 (the UN lists Serbia and Montenegro's accession
    # of 2000 under Serbia); Serbia remains a party.
    assert status("CWC", "ME", date(2007, 1, 1)) is StatusKind.PARTY
    assert status("CWC", "RS", date(2007, 1, 1)) is StatusKind.PARTY


def _action_days(treaty: Treaty) -> set[date]:
    timeline = engine.timeline(treaty, as_of=date(9999, 12, 31))
    days = {e.date.earliest for e in treaty.events}
    days |= {d.date.earliest for d in timeline.deadlines if d.date is not None}
    days |= set(CEASED.values())
    return days


ACTIONS = {treaty.id: _action_days(treaty) for treaty in BUNDLED.treaties}


@settings(max_examples=150, deadline=None)
@given(
    treaty=st.sampled_from(sorted(t.id for t in BUNDLED.treaties if t.membership)),
    day=st.dates(min_value=date(1962, 1, 1), max_value=date(2027, 12, 31)),
)
def test_the_number_of_parties_changes_only_on_a_recorded_action(treaty: str, day: date) -> None:
    def parties(on: date) -> tuple[str, ...]:
        return engine.tally(engine.timeline(TREATIES[treaty], as_of=on)).parties

    if parties(day) != parties(day - timedelta(days=1)):
        assert day in ACTIONS[treaty], f"{treaty} changed on {day} with nothing recorded"


@pytest.mark.parametrize("treaty", sorted(t.id for t in BUNDLED.treaties if t.membership))
def test_the_drawn_history_agrees_with_the_count_of_each_year(treaty: str) -> None:
    changes = members.history(engine.timeline(TREATIES[treaty], as_of=TODAY))
    for year in range(1963, 2027, 3):
        day = date(year, 12, 31)
        counted = engine.tally(engine.timeline(TREATIES[treaty], as_of=day)).parties
        assert members.count_on(changes, day) == len(counted), (treaty, year)


def test_bundled_tables_agree_with_their_lists_or_say_they_are_incomplete() -> None:
    counted = [p for p in BUNDLED.problems if "the status list counts" in p.message]
    assert counted == []
    partial = sorted(t.id for t in BUNDLED.treaties if t.membership and not t.membership.complete)
    assert "CWC" not in partial and "NPT" not in partial
    # UNODA's 191 NPT parties include North Korea, whose withdrawal the file records.
    npt = TREATIES["NPT"].membership
    assert npt is not None and (npt.parties, npt.including) == (191, ("KP",))


@pytest.mark.parametrize(
    ("counts", "warned"),
    [
        ("{parties: 3, signatories: 2, on: 2024-01-01}", []),
        ("{parties: 4, signatories: 2, on: 2024-01-01}", ["counts 4 parties"]),
        ("{parties: 4, signatories: 2, on: 2024-01-01, including: [SE]}", []),
        (
            "{parties: 4, signatories: 2, on: 2024-01-01, including: [DE]}",
            ["the counts include DE", "counts 4 parties"],
        ),
    ],
)
def test_a_state_the_list_counts_and_the_record_does_not_is_named_in_including(
    timeline: Load, counts: str, warned: list[str]
) -> None:
    # Sweden on the list but not in the record (as North Korea is in UNODA's NPT list) makes
    # the list's count one more than the table's: named, the difference is accounted for.
    text = TABLE.format(lines=LINES).replace("{parties: 3, signatories: 2, on: 2024-01-01}", counts)
    loaded = timeline(text)
    found = [p.message for p in loaded.problems]
    assert len(found) == len(warned), found
    for message, part in zip(found, warned, strict=True):
        assert part in message, found


# -- the format ---------------------------------------------------------------------------------

TABLE = """\
id: TEST
name: Test Convention
kind: multilateral
rules:
  entry_into_force: {{instruments: 2, after: 30 days, article: "10(1)"}}
  entry_into_force_for_state: {{after: 30 days, article: "10(2)"}}
events:
  - {{date: 2000-01-01, kind: opened_for_signature}}
  - {{date: 2000-03-01, kind: ratified, party: FR, instrument: 2}}
membership:
  source: https://example.org/status
  read: 2024-01-01
  counts: {{parties: 3, signatories: 2, on: 2024-01-01}}
  states:
{lines}
"""
LINES = """\
    - {state: DE, signed: 2000-01-01, ratified: 2000-02-01}
    - {state: FR, signed: 2000-01-01, ratified: 2000-03-01}
    - {state: NO, acceded: 2010-05-10, in_force: 2010-06-09}
"""


def test_a_table_becomes_each_states_events_and_binds_them_by_the_rule(timeline: Load) -> None:
    loaded = timeline(TABLE.format(lines=LINES))
    assert loaded.problems == ()
    (treaty,) = loaded.treaties
    # Norway, not the boolean NO; its entry into force is 30 days after its deposit.
    late = engine.timeline(treaty, as_of=date(2010, 6, 8))
    assert engine.party_statuses_from(late)["NO"].kind is StatusKind.RATIFIED
    bound = engine.timeline(treaty, as_of=date(2010, 6, 9))
    assert engine.party_statuses_from(bound)["NO"].kind is StatusKind.PARTY
    (joined,) = [d for d in bound.deadlines if d.party == "NO"]
    assert (str(joined.date), joined.rule, joined.article) == (
        "2010-06-09",
        "deposit by NO on 2010-05-10 + 30 days",
        "10(2)",
    )
    assert joined.agreement() is not None and joined.agreement().value == "same"
    # Germany ratified first and is a party from the treaty's own day, 2000-03-31.
    early = engine.party_statuses(treaty, as_of=date(2000, 3, 31))["DE"]
    assert (early.kind, str(early.since)) == (StatusKind.PARTY, "2000-03-31")


@pytest.mark.parametrize(
    ("lines", "line", "message"),
    [
        (
            "    - {state: DE, ratified: 2000-02-01, acceded: 2000-02-02}\n",
            15,
            "a second deposit on one line: 'ratified' and 'acceded'",
        ),
        ("    - {state: DE, signed: 2000-01-01}\n    - {state: DE}\n", 16, "a second line for DE"),
        ("    - {state: CZ, succeeded: 1993-01-01}\n", 15, "a succession needs 'from'"),
        ("    - {state: DE, ratified: 2000-02-01, from: DD}\n", 15, "'from' goes only with"),
        ("    - {state: DE}\n", 15, "a line with no date"),
        ("    - {state: DE, ratifed: 2000-02-01}\n", 15, "unknown key 'ratifed'"),
        (
            "    - {state: FR, ratified: 2000-03-02}\n",
            15,
            "the table gives FR ratified 2000-03-02, but the event on line 9 says ratified",
        ),
    ],
)
def test_a_mistake_in_a_table_line_is_located(
    timeline: Load, lines: str, line: int, message: str
) -> None:
    loaded = timeline(TABLE.format(lines=lines))
    found = [(p.where.line, p.message) for p in loaded.errors]
    assert any(at == line and message in text for at, text in found), found


def test_a_bundled_line_without_any_source_is_an_error(timeline: Load) -> None:
    text = TABLE.format(lines=LINES).replace("  source: https://example.org/status\n", "")
    loaded = timeline(text, bundled=True)
    unsourced = [p for p in loaded.errors if "a bundled line needs a source" in p.message]
    assert len(unsourced) == 3


# -- the views ----------------------------------------------------------------------------------


def test_party_ru_tells_what_the_seeds_tell(run: Run) -> None:
    result = run("party", "RU", "--as-of", "2026-11-23", "--format", "json")
    rows = {r["treaty"]: r for r in json.loads(result.stdout)["treaties"]}
    assert rows["INF"]["status"] == "terminated"
    assert (rows["OPEN-SKIES"]["status"], rows["OPEN-SKIES"]["since"]) == (
        "withdrawn",
        "2021-12-18",
    )
    assert (rows["CFE"]["status"], rows["CFE"]["since"]) == ("withdrawn", "2023-11-07")
    assert (rows["CTBT"]["status"], rows["CTBT"]["reason"]) == ("signatory", "deratified")
    assert rows["CTBT"]["deposit"] == {"kind": "ratified", "date": "2000-06-30"}
    assert (rows["NEW-START"]["status"], rows["NEW-START"]["since"]) == ("expired", "2026-02-05")
    assert rows["NPT"]["deposit"] == {"kind": "succeeded", "date": "1991-12-26"}
    acts = {(a["kind"], a["date"]) for a in rows["CFE"]["acts"] + rows["CTBT"]["acts"]}
    assert {("withdrawal_effective", "2023-11-07"), ("deratified", "2023-11-02")} <= acts
    run_wide = run("party", "RU", "--as-of", "2026-11-23", "--format", "csv").stdout
    assert "CFE,CFE Treaty,in_force,withdrawn,2023-11-07" in run_wide


def test_a_party_a_bilateral_treaty_names_signed_and_was_bound_with_it(run: Run) -> None:
    # New START: signed at Prague on 8 April 2010 (Arms Control Association, the file's source)
    # and in force from 5 February 2011 (State Department, Secretary Clinton's remarks that day).
    result = run("party", "RU", "--as-of", "2026-11-23", "--format", "json")
    rows = {r["treaty"]: r for r in json.loads(result.stdout)["treaties"]}
    new_start = rows["NEW-START"]
    assert (new_start["signed"], new_start["deposit"]) == ("2010-04-08", None)
    assert (new_start["in_force"], new_start["in_force_how"]) == ("2011-02-05", "with the treaty")
    # The INF Treaty names the USSR: Russia, its successor, signed nothing of it.
    assert (rows["INF"]["signed"], rows["INF"]["deposit"]["kind"]) == (None, "succeeded")
    table = run("party", "US", "--as-of", "2026-11-23").stdout
    line = next(line for line in table.splitlines() if line.startswith(" NEW-START "))
    assert "2010-04-08" in line and "in force 2011-02-05" in line


def test_list_party_gives_the_states_status_in_each_treaty(run: Run) -> None:
    result = run("list", "--party", "US", "--as-of", "1995-01-01", "--format", "json")
    document = json.loads(result.stdout)
    assert document["party"] == "US"
    rows = {r["id"]: r["party_status"] for r in document["treaties"]}
    assert rows["INF"] == rows["NPT"] == rows["START-I"] == "party"
    assert rows["CWC"] == "signatory"  # ratified in 1997
    assert "NEW-START" not in rows  # not yet concluded in 1995


def test_list_filters_by_kind_tag_and_status(run: Run) -> None:
    def ids(*args: str) -> list[str]:
        result = run("list", "--as-of", "2026-11-23", "--format", "json", *args)
        return [row["id"] for row in json.loads(result.stdout)["treaties"]]

    assert set(ids("--kind", "draft")) == {"EST", "PPWT-2008", "PPWT-2014"}
    assert "CWC" in ids("--tag", "CHEMICAL") and "NPT" not in ids("--tag", "chemical")
    assert ids("--party", "RU", "--status", "withdrawn") == ["CFE", "OPEN-SKIES"]
    assert "NEW-START" in ids("--status", "expired")


def test_deadlines_filter_by_status(run: Run) -> None:
    result = run(
        "deadlines",
        "--as-of",
        "2025-12-01",
        "--status",
        "upcoming",
        "--format",
        "json",
        "--kind",
        "withdrawal_effective",
    )
    found = [(d["treaty"], d["party"], d["date"]) for d in json.loads(result.stdout)["deadlines"]]
    assert ("OTTAWA", "FI", "2026-01-10") in found
    assert all(d["status"] == "upcoming" for d in json.loads(result.stdout)["deadlines"])


def test_show_of_a_multilateral_treaty_counts_and_lists_on_request(run: Run) -> None:
    out = run("show", "CWC", "--as-of", "2000-01-01").stdout
    assert "Members on 2000-01-01:" in out
    assert " AL: " not in out  # an ordinary party is counted, not listed
    listed = run("show", "CWC", "--as-of", "2000-01-01", "--members").stdout
    assert " AL    │ Albania" in listed and "ratified 1994-05-11" in listed
    document = json.loads(run("show", "CWC", "--format", "json", "--as-of", "2000-01-01").stdout)
    membership = document["membership"]
    assert membership["parties"] == len(
        [m for m in membership["members"] if m["status"] in ("party", "ratified")]
    )
    assert len(membership["members"]) > 150


@pytest.mark.parametrize(
    ("day", "counted", "outside"),
    [
        # The CWC entered into force on 29 April 1997 (Art. XXI(1)); the day before, it bound
        # no state, and its deposits were ratifications.
        ("1997-04-28", " ratified, ", "; signed, not ratified: "),
        ("1997-04-29", " parties, ", "; signed, not a party: "),
    ],
)
def test_a_treaty_not_in_force_counts_ratifications_not_parties(
    run: Run, day: str, counted: str, outside: str
) -> None:
    out = run("show", "CWC", "--brief", "--as-of", day).stdout
    line = next(line for line in out.splitlines() if line.startswith(f"Members on {day}: "))
    assert counted in line and outside in line


def test_accessions_before_entry_into_force_are_counted_as_such(run: Run) -> None:
    # The TPNW's 50th instrument came on 24 October 2020, and it entered into force 90 days
    # later; the Cook Islands had acceded on 4 September 2018 (UN Treaty Collection, XXVI-9).
    out = run("show", "TPNW", "--brief", "--as-of", "2020-12-01").stdout
    assert "Members on 2020-12-01: 50 ratified or acceded, " in out
    drawn = " ".join(run("chart", "--members", "TPNW", "--as-of", "2020-12-01").stdout.split())
    assert "TPNW is not in force: its count is of the states that ratified or acceded." in drawn


def test_the_ctbt_counts_ratifications_as_the_ctbto_does(run: Run) -> None:
    # Not in force: the CTBTO counts 178 ratifications (Papua New Guinea, 13 March 2024),
    # https://www.ctbto.org/resources/for-the-media/press-releases/somalia-signs-ctbt-testament-unwavering-commitment-peace
    out = " ".join(run("show", "CTBT", "--brief", "--as-of", "2026-11-23").stdout.split())
    assert "Members on 2026-11-23: 178 ratified, 187 signatories; signed, not ratified: " in out
    assert "US" in out.split("signed, not ratified: ")[1].split("(")[0]
    assert "(the status list: 178 ratified, 187 signatories on 2026-02-03)" in out
    assert " parties" not in out
    drawn = run("chart", "--members", "CTBT", "CWC", "--as-of", "2026-11-23").stdout
    assert "CTBT is not in force: its count is of the states that ratified." in " ".join(
        drawn.split()
    )
    assert "not in force" not in run("chart", "--members", "CWC").stdout


def test_chart_members_draws_the_parties_year_by_year(run: Run) -> None:
    out = run("chart", "--members", "CWC", "TPNW", "--as-of", "2026-11-23").stdout
    cwc = next(line for line in out.splitlines() if line.startswith("CWC "))
    assert cwc.rstrip().endswith("193") and "█" in cwc
    tpnw = next(line for line in out.splitlines() if line.startswith("TPNW "))
    assert tpnw.rstrip().endswith("74")


def test_chart_members_from_a_year_after_the_as_of_date_draws_that_year(run: Run) -> None:
    # `--from +1y` without `--to`: the window is that one year, drawn with the as-of counts
    # (it was a ValueError from a step of zero columns).
    result = run("chart", "--members", "CWC", "--from", "+1y", "--as-of", "2026-11-23")
    assert result.code == 0, result
    assert "2027 to 2027 (as of 2026-11-23)" in result.stdout
    cwc = next(line for line in result.stdout.splitlines() if line.startswith("CWC "))
    assert cwc.rstrip().endswith("193")


@pytest.mark.parametrize(
    ("args", "window"),
    [
        (("--to", "1900"), "1900 to 1900"),  # before the first change drawn
        (("--to", "0001"), "1 to 1"),
        (("NPT", "--as-of", "9999-12-31", "--to", "1900"), "1900 to 1900"),
    ],
)
def test_chart_members_ending_before_the_first_change_draws_that_year(
    run: Run, monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...], window: str
) -> None:
    # Each drew a window of no years or fewer: a traceback, or, piped, nothing at all and exit 0.
    for columns in ("100", None):
        if columns is None:
            monkeypatch.delenv("COLUMNS")
        result = run("chart", "--members", *args)
        assert result.code == 0, result
        assert result.stdout.startswith(f"Parties at the end of each year, {window} (as of ")


def test_completion_offers_the_states_of_the_treaty_named(
    monkeypatch: pytest.MonkeyPatch, run: Run
) -> None:
    monkeypatch.setenv("_TREATYLINE_COMPLETE", "complete_bash")
    monkeypatch.setenv("COMP_WORDS", "treatyline what-if INF --party ")
    monkeypatch.setenv("COMP_CWORD", "4")
    offered = run().stdout.split()
    assert set(offered) == {"US", "SU", "RU", "BY", "KZ", "UA"}


@pytest.mark.parametrize("treaty", sorted(TREATIES), ids=str)
def test_a_states_record_from_its_own_acts_is_its_record_in_the_whole_treaty(treaty: str) -> None:
    # `party` reads each state's record from the acts that bear on it; the whole treaty must
    # give the same record, on a day in the treaty's life and today.
    whole = TREATIES[treaty]
    codes = sorted({e.party for e in whole.events if e.party} | set(whole.members()))
    days = sorted({e.date.latest for e in whole.events})
    for day in (days[len(days) // 2], TODAY):
        timeline = engine.timeline(whole, as_of=day)
        statuses = engine.party_statuses_from(timeline)
        everyone = {m.state: m for m in members.members(timeline, statuses)}
        for code in codes[:: max(1, len(codes) // 12)]:
            found = members.record(whole, code, as_of=day)
            if found is None:
                continue
            assert found.member == everyone[code], (day, code)
            assert found.treaty_status == engine.status_from(timeline), (day, code)
            assert found.acts == tuple(e for e in timeline.events if e.party == code)
            to_come = (DeadlineStatus.UPCOMING, DeadlineStatus.PENDING)
            assert found.pending == tuple(
                d for d in timeline.deadlines if d.party == code and d.status in to_come
            )


def test_a_deposit_on_the_day_the_treaty_entered_into_force_binds_with_the_treaty(
    run: Run,
) -> None:
    # The BWC entered into force on 26 March 1975 with the depositaries' own deposits, the
    # USSR's among them: in force for it with the treaty, the same from the cache or not (a
    # cached load shares equal dates, a fresh one does not, and the answer once depended on it).
    answers = [
        json.loads(run("party", "SU", "--format", "json", *extra).stdout)
        for extra in ((), ("--no-cache",), ())
    ]
    for answer in answers:
        (bwc,) = [row for row in answer["treaties"] if row["treaty"] == "BWC"]
        assert (bwc["deposit_date"], bwc["in_force"]) == ("1975-03-26", "1975-03-26")
        assert bwc["in_force_how"] == "with the treaty"
