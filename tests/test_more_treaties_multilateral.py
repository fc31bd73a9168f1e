"""Seven more multilateral instruments: the Geneva Protocol, the Antarctic Treaty, the treaties of
Rarotonga, Bangkok and Semipalatinsk, the ENMOD Convention and the CCW. For each, the day it
entered into force, and for some states the day it began to bind them, each with its source."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from treatyline import catalog, engine, loader, members
from treatyline.model import DeadlineKind, StatusKind

BUNDLED = loader.load(
    [catalog.Source(p, bundled=True) for p in sorted(catalog.bundled_directory().glob("*.yaml"))]
)
TREATIES = {treaty.id: treaty for treaty in BUNDLED.treaties}
UNTC = "https://treaties.un.org/Pages/ViewDetails.aspx?src=TREATY&chapter=26&clang=_en&mtdsg_no="
NL_GENEVA = "https://verdragenbank.overheid.nl/en/Verdrag/Details/004145"
NL_ANTARCTIC = "https://www.verdragen.nl/en/Treaty/Details/006926_p.html"
AAD_ANTARCTIC = "http://www.antarctica.gov.au/law-and-treaty/treaty-partners"
UNODA_RAROTONGA = "https://disarmament.unoda.org/en/nwfz/treaty-rarotonga"
UN_BANGKOK = "https://treaties.un.org/pages/showDetails.aspx?objid=08000002800a38cd"
UN_SG_CANWFZ = "http://www.un.org/News/Press/docs//2009/sgsm12143.doc.htm"
AU_SENATE_1987 = (
    "http://parlinfo.aph.gov.au/parlInfo/search/display/display.w3p;"
    "query=Id%3A%22chamber%2Fhansards%2F1987-03-26%2F0080%22;src1=sm1"
)
TATOLI_TL = (
    "https://id.tatoli.tl/2025/10/25/"
    "timor-leste-resmi-serahkan-instrumen-aksesi-piagam-asean-dan-perjanjian-seanwfz"
)


def status(treaty: str, state: str, day: date) -> StatusKind | None:
    found = engine.party_statuses(TREATIES[treaty], as_of=day).get(state)
    return None if found is None else found.kind


# The day each treaty entered into force, with its source.
IN_FORCE = [
    # the UN Office for Disarmament Affairs; the Dutch treaty database holds 1926-05-10 (contested)
    ("GENEVA-PROTOCOL", "1928-02-08", "https://disarmament.unoda.org/wmd/bio/1925-geneva-protocol"),
    ("ANTARCTIC", "1961-06-23", NL_ANTARCTIC),  # the depositary table: three deposits that day
    # Australia's Foreign Minister to the Senate, 26 March 1987 (Hansard, parlinfo.aph.gov.au)
    ("RAROTONGA", "1986-12-11", AU_SENATE_1987),
    # the depositary's note to the IAEA, INFCIRC/548
    (
        "BANGKOK",
        "1997-03-27",
        "https://www.iaea.org/sites/default/files/publications/documents/infcircs/1998/infcirc548.pdf",
    ),
    ("SEMIPALATINSK", "2009-03-21", UN_SG_CANWFZ),
    # ICRC IHL database
    (
        "ENMOD",
        "1978-10-05",
        "https://ihl-databases.icrc.org/applic/ihl/ihl.nsf/Treaty.xsp?documentId=2AC88FF62DB2CDD6C12563CD002D6EC1&action=openDocument",
    ),
    # Japan's delegation to the Conference on Disarmament
    ("CCW", "1983-12-02", "https://www.disarm.emb-japan.go.jp/CCW_info.html"),
]


@pytest.mark.parametrize(("treaty", "day", "source"), IN_FORCE)
def test_each_treaty_enters_into_force_on_the_day_its_source_gives(
    treaty: str, day: str, source: str
) -> None:
    first = date.fromisoformat(day)
    before = engine.status(TREATIES[treaty], as_of=first - timedelta(days=1))
    assert before.kind is not StatusKind.IN_FORCE, source
    on = engine.status(TREATIES[treaty], as_of=first)
    assert (on.kind, str(on.since)) == (StatusKind.IN_FORCE, day), source


# A state's first day as a party, as the source gives it (its deposit, or the day the treaty
# entered into force for it). The day before, it was not yet a party.
JOINED = [
    # The Netherlands treaty database's copy of France's list: bound from the deposit.
    ("GENEVA-PROTOCOL", "AT", "1928-05-09", NL_GENEVA),  # ratified 1928-05-09
    ("GENEVA-PROTOCOL", "AU", "1930-05-24", NL_GENEVA),  # acceded
    ("GENEVA-PROTOCOL", "CO", "2015-11-24", NL_GENEVA),  # acceded
    # The same database's copy of the US list: originals bound from entry into force.
    ("ANTARCTIC", "BE", "1961-06-23", NL_ANTARCTIC),  # ratified 1960-07-26
    ("ANTARCTIC", "PL", "1961-06-23", NL_ANTARCTIC),  # acceded 1961-06-08
    ("ANTARCTIC", "CR", "2022-08-11", NL_ANTARCTIC),  # acceded
    ("ANTARCTIC", "SA", "2024-05-22", NL_ANTARCTIC),  # acceded
    # The Australian Antarctic Division's list of Treaty partners: original signatories, whose
    # ratifications it gives; bound from entry into force.
    ("ANTARCTIC", "GB", "1961-06-23", AAD_ANTARCTIC),  # ratified 1960-05-31
    ("ANTARCTIC", "ZA", "1961-06-23", AAD_ANTARCTIC),  # ratified 1960-06-21
    ("ANTARCTIC", "US", "1961-06-23", AAD_ANTARCTIC),  # ratified 1960-08-18
    # UNODA's list, read from a copy: bound from entry into force, or from the deposit.
    ("RAROTONGA", "FJ", "1986-12-11", UNODA_RAROTONGA),  # ratified 1985-10-04
    ("RAROTONGA", "AU", "1986-12-11", UNODA_RAROTONGA),  # the eighth deposit
    ("RAROTONGA", "VU", "1996-02-09", UNODA_RAROTONGA),
    ("RAROTONGA", "TO", "2000-12-18", UNODA_RAROTONGA),
    # The UN Treaty Collection's record, read from a copy; Timor-Leste as ASEAN announced it.
    ("BANGKOK", "LA", "1997-03-27", UN_BANGKOK),  # ratified 1996-07-16
    ("BANGKOK", "ID", "1997-04-10", UN_BANGKOK),
    ("BANGKOK", "PH", "2001-06-21", UN_BANGKOK),
    ("BANGKOK", "TL", "2025-10-25", TATOLI_TL),
    # The UN Secretary-General's statement: all five bound from entry into force.
    ("SEMIPALATINSK", "KZ", "2009-03-21", UN_SG_CANWFZ),
    ("SEMIPALATINSK", "KG", "2009-03-21", UN_SG_CANWFZ),
    ("SEMIPALATINSK", "UZ", "2009-03-21", UN_SG_CANWFZ),
    # The UN Treaty Collection's list (read from a copy): bound from the deposit (Art. IX).
    ("ENMOD", "YE", "1978-10-05", UNTC + "XXVI-1"),  # ratified 1977-07-20, the first
    ("ENMOD", "US", "1980-01-17", UNTC + "XXVI-1"),
    ("ENMOD", "KG", "2015-06-15", UNTC + "XXVI-1"),
    ("ENMOD", "PS", "2017-12-29", UNTC + "XXVI-1"),
    # The UN Treaty Collection's list (read from copies), Art. 5(2): six months after the deposit.
    ("CCW", "MX", "1983-12-02", UNTC + "XXVI-2"),  # ratified 1982-02-11
    ("CCW", "NO", "1983-12-07", UNTC + "XXVI-2"),  # ratified 1983-06-07, after the twentieth
    ("CCW", "US", "1995-09-24", UNTC + "XXVI-2"),  # ratified 1995-03-24
    ("CCW", "MW", "2023-03-23", UNTC + "XXVI-2"),  # acceded 2022-09-23
    ("CCW", "SG", "2024-03-21", UNTC + "XXVI-2"),  # acceded 2023-09-21
]


@pytest.mark.parametrize(("treaty", "state", "day", "source"), JOINED)
def test_a_state_is_a_party_from_the_day_the_source_gives(
    treaty: str, state: str, day: str, source: str
) -> None:
    first = date.fromisoformat(day)
    assert status(treaty, state, first - timedelta(days=1)) is not StatusKind.PARTY, source
    assert status(treaty, state, first) is StatusKind.PARTY, source


def test_every_treaty_has_at_least_three_states_sampled() -> None:
    for treaty, *_ in IN_FORCE:
        assert sum(1 for t, *_ in JOINED if t == treaty) >= 3, treaty


def test_the_ccw_enters_into_force_six_months_after_the_twentieth_deposit() -> None:
    # Poland's ratification of 1983-06-02, the twentieth (Art. 5(1)), + 6 months.
    timeline = engine.timeline(TREATIES["CCW"], as_of=date(2026, 12, 1))
    computed = [
        d for d in timeline.deadlines if d.kind is DeadlineKind.ENTRY_INTO_FORCE and d.party is None
    ]
    assert [str(d.date) for d in computed] == ["1983-12-02"]


def test_rarotonga_enters_into_force_on_the_eighth_deposit() -> None:
    # Art. 15(1): on the deposit of the eighth instrument of ratification, Australia's of
    # 1986-12-11 (Australia's Foreign Minister to the Senate, 26 March 1987).
    timeline = engine.timeline(TREATIES["RAROTONGA"], as_of=date(2026, 12, 1))
    computed = [
        d for d in timeline.deadlines if d.kind is DeadlineKind.ENTRY_INTO_FORCE and d.party is None
    ]
    assert [str(d.date) for d in computed] == ["1986-12-11"]


def test_a_signatory_that_has_not_ratified_is_not_a_party() -> None:
    # The Marshall Islands signed the Treaty of Rarotonga on 2025-03-03 (the depositary,
    # forumsec.org).
    assert status("RAROTONGA", "MH", date(2026, 12, 1)) is StatusKind.SIGNATORY
    # Egypt signed the CCW on 1981-04-10 and has not ratified (UN list).
    assert status("CCW", "EG", date(2026, 12, 1)) is StatusKind.SIGNATORY


def test_the_complete_tables_give_the_depositarys_number_of_parties() -> None:
    # The UN lists as saved on 2026-02-03: CCW 128 parties and 50 signatories, ENMOD 78 and 48.
    for treaty, parties, signatories in (("CCW", 128, 50), ("ENMOD", 78, 48)):
        found = engine.tally(engine.timeline(TREATIES[treaty], as_of=date(2026, 2, 3)))
        assert (len(found.parties), len(found.signatories)) == (parties, signatories), treaty
    # The thirteen States Parties of the 2024 joint statement (New Zealand, for all of them).
    found = engine.tally(engine.timeline(TREATIES["RAROTONGA"], as_of=date(2024, 7, 22)))
    assert len(found.parties) == 13


# The Treaty of Tlatelolco binds each state on its own day (Art. 28): on its deposit once the
# region-wide conditions are met, or from the deposit of its waiver under Art. 28(2).
OAS_G1 = "http://www.oas.org/juridico/spanish/firmas/g-1.html"
OPANAL_CHILE = "http://www.opanal.org/en/chile/"
BRAZIL_DECREE_1246 = "http://planalto.gov.br/CCIVil_03/decreto/1990-1994/D1246.htm"
UNODA_CUBA = "http://disarmament.un.org/treaties/a/tlatelolco/cuba/sig/mexico+city"
TLATELOLCO_BOUND = [
    ("AR", "1994-01-18", OAS_G1),  # ratified that day (OAS G-1 table)
    ("BZ", "1994-11-09", OAS_G1),  # ratified that day (OAS G-1 table)
    ("CU", "2002-10-23", UNODA_CUBA),  # the last state of the region to ratify (the file's event)
]


@pytest.mark.parametrize(("state", "day", "source"), TLATELOLCO_BOUND)
def test_tlatelolco_binds_a_state_from_its_deposit(state: str, day: str, source: str) -> None:
    first = date.fromisoformat(day)
    assert status("TLATELOLCO", state, first - timedelta(days=1)) is not StatusKind.PARTY, source
    assert status("TLATELOLCO", state, first) is StatusKind.PARTY, source


# Chile and Brazil ratified long before they waived the conditions: counted as parties (as the
# depositary counts) from their deposits, bound from their waivers.
TLATELOLCO_WAIVED = [
    ("CL", "1974-10-09", "1994-01-18", OPANAL_CHILE),
    # The deposit precedes the treaty's first entry into force (1968-04-22): ratified, then a party.
    ("BR", "1968-01-29", "1994-05-30", BRAZIL_DECREE_1246),
]


@pytest.mark.parametrize(("state", "deposit", "waiver", "source"), TLATELOLCO_WAIVED)
def test_tlatelolco_binds_a_state_that_ratified_early_from_its_waiver(
    state: str, deposit: str, waiver: str, source: str
) -> None:
    deposited, bound = date.fromisoformat(deposit), date.fromisoformat(waiver)
    assert status("TLATELOLCO", state, deposited - timedelta(days=1)) is StatusKind.SIGNATORY
    assert status("TLATELOLCO", state, deposited) in (StatusKind.RATIFIED, StatusKind.PARTY)
    treaty = TREATIES["TLATELOLCO"]
    before = engine.party_statuses(treaty, as_of=bound - timedelta(days=1))[state]
    assert before.since != bound, source
    on = engine.party_statuses(treaty, as_of=bound)[state]
    assert (on.kind, str(on.since)) == (StatusKind.PARTY, waiver), source
    listed = members.members(engine.timeline(treaty, as_of=date(2026, 12, 1)))
    assert [str(m.in_force) for m in listed if m.state == state] == [waiver], source


def test_the_tlatelolco_table_holds_the_33_states_of_the_region() -> None:
    # The UN's page on the zone (un.org/nwfz/content/treaty-tlatelolco) names 33 States Parties;
    # the table gives every one's signature and deposit (UNODA's record, copied in 2018).
    treaty = TREATIES["TLATELOLCO"]
    assert treaty.membership is not None and treaty.membership.complete
    found = engine.tally(engine.timeline(treaty, as_of=date(2026, 11, 23)))
    assert (len(found.parties), len(found.signatories)) == (33, 33)
    # On 18 January 1994 Argentina deposited; Belize and Saint Lucia had signed only.
    found = engine.tally(engine.timeline(treaty, as_of=date(1994, 1, 18)))
    assert "AR" in found.parties and len(found.parties) == 28
    assert sorted(set(found.signatories) - set(found.parties)) == ["BZ", "LC"]


# The USSR signed and ratified these; the lists give its dates under the Russian Federation,
# which continues its membership from 26 December 1991 (letter of 24 December 1991 to the
# UN Secretary-General, ask.un.org/faq/378083). A past view shows the USSR, not Russia.
@pytest.mark.parametrize("treaty_id", ["ANTARCTIC", "CCW", "ENMOD"])
def test_the_ussr_is_the_party_until_russia_continues_it(treaty_id: str) -> None:
    treaty = TREATIES[treaty_id]
    before = engine.party_statuses(treaty, as_of=date(1991, 12, 25))
    after = engine.party_statuses(treaty, as_of=date(1991, 12, 26))
    assert before["SU"].kind is StatusKind.PARTY and "RU" not in before
    assert after["SU"].kind is StatusKind.CEASED
    assert (after["RU"].kind, str(after["RU"].since)) == (StatusKind.PARTY, "1991-12-26")
