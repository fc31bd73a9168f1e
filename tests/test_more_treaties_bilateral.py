"""The risk-reduction agreements, the PMDA, the Vienna Document and the Hague Code, pinned.

Each test reads the bundled data as tests/test_corrections.py does. The comment above each test
names the source read for the dates it pins. None of these files states a rule: no article on
duration, withdrawal or entry into force could be read in the sources searched (the PMDA has
none for one party's withdrawal), so treatyline computes no deadline for them, and the dates
below are all recorded ones.
"""

from __future__ import annotations

from datetime import date

import pytest

from treatyline import catalog, engine, loader
from treatyline.model import EventKind, InstrumentKind, StatusKind, Treaty

BUNDLED = loader.load(catalog.search_path({}, builtin=True))
TREATIES: dict[str, Treaty] = {treaty.id: treaty for treaty in BUNDLED.treaties}
TODAY = date(2026, 11, 23)
ADDED = ("HOTLINE", "ACCIDENTS", "BMLN", "NRRC", "DMA", "PMDA", "VIENNA-DOCUMENT", "HCOC")


def treaty(treaty_id: str) -> Treaty:
    return TREATIES[treaty_id]


def days(treaty_id: str, kind: EventKind, party: str | None = None) -> list[str]:
    return [
        str(event.date)
        for event in treaty(treaty_id).events
        if event.kind is kind and event.party == party
    ]


def status(treaty_id: str, day: date) -> tuple[StatusKind, str]:
    found = engine.status(treaty(treaty_id), as_of=day)
    return found.kind, str(found.since)


# The files state no rule, so nothing is computed: every date below is a recorded one.
@pytest.mark.parametrize("treaty_id", ADDED)
def test_no_rule_is_stated_and_no_deadline_computed(treaty_id: str) -> None:
    rules = treaty(treaty_id).rules
    assert (rules.duration, rules.withdrawal, rules.renewal, rules.entry_into_force) == (
        None,
        None,
        None,
        None,
    )
    assert engine.timeline(treaty(treaty_id), as_of=date.max).deadlines == ()


# State Department treaty page (https://www.state.gov/s/rga/resources/267538.htm): "Signed at
# Geneva June 20, 1963 / Entered into force June 20, 1963".
def test_hotline_in_force_on_signature_with_its_updates_as_statements() -> None:
    assert days("HOTLINE", EventKind.SIGNED) == ["1963-06-20"]
    assert days("HOTLINE", EventKind.ENTERED_INTO_FORCE) == ["1963-06-20"]
    # FAS (State Department narrative): the improvement agreement of 30 September 1971;
    # Taylor & Francis (Horn, "The Hotline"): the exchange of notes of 17 July 1984.
    assert days("HOTLINE", EventKind.STATEMENT) == ["1971-09-30", "1984-07-17"]
    assert status("HOTLINE", TODAY) == (StatusKind.IN_FORCE, "1963-06-20")
    assert engine.party_statuses(treaty("HOTLINE"), as_of=TODAY)["RU"].kind.value == "party"


# State Department treaty page (UNT web archive of state.gov/t/ac/trt/4692.htm): "Signed at
# Washington September 30, 1971 / Entered into force September 30, 1971"; FAS: duration "not
# limited".
def test_accidents_measures_agreement_in_force_since_1971_09_30() -> None:
    assert days("ACCIDENTS", EventKind.SIGNED) == ["1971-09-30"]
    assert days("ACCIDENTS", EventKind.ENTERED_INTO_FORCE) == ["1971-09-30"]
    assert status("ACCIDENTS", TODAY) == (StatusKind.IN_FORCE, "1971-09-30")


# Reagan Library (Fitzwater statement of 31 May 1988): signed that day by Shultz and
# Shevardnadze; FAS: "The Agreement entered into force on the date it was signed."
def test_launch_notification_agreement_in_force_since_1988_05_31() -> None:
    assert days("BMLN", EventKind.SIGNED) == ["1988-05-31"]
    assert days("BMLN", EventKind.ENTERED_INTO_FORCE) == ["1988-05-31"]
    assert status("BMLN", TODAY) == (StatusKind.IN_FORCE, "1988-05-31")
    # Los Angeles Times (AP), 30 March 2023: Russia keeps notifying launches under it.
    assert "2023-03-30" in days("BMLN", EventKind.STATEMENT, "RU")


# FAS (State Department narrative): signed at Washington on 15 September 1987, centres
# operational on 1 April 1988. No source read gives the day of entry into force, so none is
# recorded and the agreement shows as signed: a known gap, not a finding.
def test_nrrc_agreement_is_recorded_as_signed_without_a_day_of_entry_into_force() -> None:
    assert days("NRRC", EventKind.SIGNED) == ["1987-09-15"]
    assert days("NRRC", EventKind.ENTERED_INTO_FORCE) == []
    assert status("NRRC", TODAY) == (StatusKind.SIGNED, "1987-09-15")
    # Bloomberg, 7 October 2013: Kerry and Lavrov sign the agreement updating it.
    assert "2013-10-07" in days("NRRC", EventKind.STATEMENT)


# Los Angeles Times, 13 June 1989: signed in Moscow on 12 June by Moiseyev and Crowe, the pact
# "takes effect Jan. 1" (1990).
def test_dangerous_military_activities_agreement_in_force_from_1990_01_01() -> None:
    assert days("DMA", EventKind.SIGNED) == ["1989-06-12"]
    assert days("DMA", EventKind.ENTERED_INTO_FORCE) == ["1990-01-01"]
    assert status("DMA", date(1989, 12, 31)) == (StatusKind.SIGNED, "1989-06-12")
    assert status("DMA", date(1990, 1, 1)) == (StatusKind.IN_FORCE, "1990-01-01")


# Sputnik (3 October 2016): signed by Russia on 29 August and by the United States on
# 1 September 2000. NNSA: "entered into force on July 13, 2011".
def test_pmda_signed_in_2000_and_in_force_from_2011_07_13() -> None:
    assert days("PMDA", EventKind.SIGNED, "RU") == ["2000-08-29"]
    assert days("PMDA", EventKind.SIGNED, "US") == ["2000-09-01"]
    assert days("PMDA", EventKind.ENTERED_INTO_FORCE) == ["2011-07-13"]
    assert status("PMDA", date(2011, 7, 12))[0] is StatusKind.SIGNED
    assert status("PMDA", date(2011, 7, 13)) == (StatusKind.IN_FORCE, "2011-07-13")


# IPFM (fissilematerials.org, 3 October 2016): the presidential decree of that day suspends the
# agreement; Fontanka, 31 October 2016: the suspension law is signed. TASS (tass.ru, 26 November
# 2025): the Foreign Ministry's notice that the agreement ceased to have effect on 6 November
# 2025, after the denunciation law Putin signed on 27 October 2025. The agreement has no
# withdrawal clause (Art. XIII ends it only on the parties' notes or their written agreement),
# so the end is the recorded day, not a computed one.
def test_pmda_suspended_by_russia_then_ended_by_its_denunciation() -> None:
    assert days("PMDA", EventKind.SUSPENDED, "RU") == ["2016-10-03"]
    assert status("PMDA", date(2016, 10, 2)) == (StatusKind.IN_FORCE, "2011-07-13")
    assert status("PMDA", date(2016, 10, 3)) == (StatusKind.SUSPENDED, "2016-10-03")
    assert status("PMDA", date(2025, 11, 5)) == (StatusKind.SUSPENDED, "2016-10-03")
    assert days("PMDA", EventKind.TERMINATED, "RU") == ["2025-11-06"]
    assert status("PMDA", date(2025, 11, 6)) == (StatusKind.TERMINATED, "2025-11-06")
    assert {"2016-10-31", "2025-10-08", "2025-10-22", "2025-10-27"} <= set(
        days("PMDA", EventKind.STATEMENT, "RU")
    )


# bpb.de (German Federal Agency for Civic Education), "17. November 1990": the Vienna Document
# 1990 is adopted that day and takes effect on 1 January 1991. OSCE (osce.org/fsc/85612): the
# Forum for Security Co-operation reissues it as the Vienna Document 2011 on 30 November 2011.
def test_vienna_document_is_a_political_commitment_in_effect_since_1991() -> None:
    vienna = treaty("VIENNA-DOCUMENT")
    assert vienna.kind is InstrumentKind.POLITICAL
    assert vienna.parties == ()  # every OSCE participating State; see the summary
    assert days("VIENNA-DOCUMENT", EventKind.ADOPTED) == ["1990-11-17"]
    assert days("VIENNA-DOCUMENT", EventKind.ENTERED_INTO_FORCE) == ["1991-01-01"]
    assert {"1992-03-04", "1994-11-28", "1999", "2011-11-30"} <= set(
        days("VIENNA-DOCUMENT", EventKind.STATEMENT)
    )
    assert status("VIENNA-DOCUMENT", TODAY) == (StatusKind.IN_FORCE, "1991-01-01")
    # Arms Control Today, March 2023: Russia withholds its 2023 annual information.
    assert "2023-01-16" in days("VIENNA-DOCUMENT", EventKind.STATEMENT, "RU")


# nonproliferation.eu (EU Non-Proliferation Consortium): "formally signed on 25 November 2002";
# hcoc.at (the Immediate Central Contact): in force since November 2002, the month only.
def test_hague_code_is_a_political_commitment_in_effect_since_november_2002() -> None:
    hcoc = treaty("HCOC")
    assert hcoc.kind is InstrumentKind.POLITICAL
    assert hcoc.parties == ()  # the subscribing states are not listed in full
    assert days("HCOC", EventKind.ADOPTED) == ["2002-11-25"]
    assert days("HCOC", EventKind.ENTERED_INTO_FORCE) == ["2002-11"]
    assert status("HCOC", TODAY) == (StatusKind.IN_FORCE, "2002-11")
    # Austrian foreign ministry, 20 June 2003: Austria is the Immediate Central Contact.
    assert days("HCOC", EventKind.STATEMENT, "AT") == ["2002-11"]
