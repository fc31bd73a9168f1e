"""Corrections from issue 15 ("Errors found"), pinned against the bundled timelines.

Each test reads the bundled data as tests/test_timelines.py does and fails on the data as it
was before the correction. The comment above each test names the source read for it.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date

import pytest

from tests.conftest import Result
from treatyline import catalog, engine, loader
from treatyline.model import (
    Agreement,
    Deadline,
    DeadlineKind,
    DeadlineStatus,
    EventKind,
    StatusKind,
    Treaty,
)

BUNDLED = loader.load(catalog.search_path({}, builtin=True))
TREATIES: dict[str, Treaty] = {treaty.id: treaty for treaty in BUNDLED.treaties}
TODAY = date(2026, 11, 23)
Run = Callable[..., Result]


def treaty(treaty_id: str) -> Treaty:
    return TREATIES[treaty_id]


def events(treaty_id: str, kind: EventKind, party: str | None = None) -> list[str]:
    return [
        str(event.date)
        for event in treaty(treaty_id).events
        if event.kind is kind and (party is None or event.party == party)
    ]


# -- 1. Tlatelolco -----------------------------------------------------------------------------


# English text of the treaty, Dutch treaty series: https://wetten.overheid.nl/BWBV0006343
# (Art. 28 "Entry into force", Art. 30 "Duration and denunciation", Art. 31 "Authentic texts and
# registration"); OPANAL's amended text changes only Arts. 7, 14, 15, 16, 19, 20 and 25.
def test_tlatelolco_duration_and_denunciation_are_article_30() -> None:
    rules = treaty("TLATELOLCO").rules
    assert rules.duration is not None and rules.withdrawal is not None
    assert rules.duration.term is None  # unlimited
    assert rules.duration.clause.article == "30(1)"
    assert rules.withdrawal.clause.article == "30(2)"
    assert str(rules.withdrawal.notice) == "3 months"
    assert rules.duration.clause.text is not None
    assert rules.duration.clause.text.startswith("This Treaty shall be of a permanent nature")
    assert rules.withdrawal.clause.text is not None
    assert "three months after the delivery" in rules.withdrawal.clause.text
    for clause in (rules.duration.clause, rules.withdrawal.clause):
        assert clause.source == "https://wetten.overheid.nl/BWBV0006343"


# Same text: the waiver that brought the treaty into force state by state is Art. 28(2).
def test_tlatelolco_names_article_28_for_entry_into_force() -> None:
    tlatelolco = treaty("TLATELOLCO")
    assert tlatelolco.summary is not None and "Art. 28(2)" in tlatelolco.summary
    first = [e for e in tlatelolco.events if e.kind is EventKind.ENTERED_INTO_FORCE and not e.party]
    assert [str(e.date) for e in first] == ["1968-04-22"]
    assert first[0].note is not None and "Art. 28(2)" in first[0].note


# -- 2. SALT I: the Senate's vote and the public law ------------------------------------------


# Congressional Record, 14 September 1972, p. 30623 (Muskie archive copy,
# abacus.bates.edu); 86 Stat. 746-747, "Public Law 92-448 - Sept. 30, 1972" (Wikisource scan).
def test_salt_i_separates_the_senate_vote_from_the_public_law() -> None:
    by_day = {
        str(event.date): event
        for event in treaty("SALT-I").events
        if event.kind is EventKind.STATEMENT and event.party == "US"
    }
    senate, law = by_day["1972-09-14"], by_day["1972-09-30"]
    assert senate.note is not None and "Senate passes" in senate.note
    assert law.note is not None and "Public Law 92-448" in law.note
    assert "Both Houses" not in law.note
    assert law.source is not None and "Statutes_at_Large_Volume_86" in law.source


# -- 3. PTBT: the UK's signatory ----------------------------------------------------------------


# Associated Press report of 5 August 1963, reprinted by the Nevada Appeal (nnbw.com):
# "Secretary of State Dean Rusk, British Foreign Secretary Lord Home and Soviet Foreign
# Minister Andrei A. Gromyko put their signatures on the historic document".
def test_ptbt_was_signed_for_the_uk_by_lord_home() -> None:
    (signed,) = [e for e in treaty("PTBT").events if e.kind is EventKind.SIGNED and not e.party]
    assert str(signed.date) == "1963-08-05"
    assert signed.note is not None
    assert "Lord Home" in signed.note and "Earl" in signed.note
    assert "Gromyko and Sir Alec Douglas-Home" not in signed.note


# -- 4. Outer Space Treaty: no count-only entry-into-force rule ---------------------------------


# Art. XIV(3), https://wetten.overheid.nl/BWBV0004403: "five Governments including the
# Governments designated as Depositary Governments" - a condition a count cannot express.
def test_outer_space_treaty_has_no_count_only_entry_into_force_rule() -> None:
    ost = treaty("OST")
    assert ost.rules.entry_into_force is None
    general = [e for e in ost.events if e.kind is EventKind.ENTERED_INTO_FORCE and not e.party]
    assert [str(e.date) for e in general] == ["1967-10-10"]
    status = engine.status(ost, as_of=TODAY)
    assert (status.kind, str(status.since)) == (StatusKind.IN_FORCE, "1967-10-10")
    computed = engine.timeline(ost, as_of=TODAY).of_kind(DeadlineKind.ENTRY_INTO_FORCE)
    assert all(deadline.party for deadline in computed)  # only states' own dates


# Art. XVI of the same text: withdrawal "one year from the date of receipt".
def test_outer_space_withdrawal_is_article_xvi_one_year() -> None:
    withdrawal = treaty("OST").rules.withdrawal
    assert withdrawal is not None
    assert (withdrawal.clause.article, str(withdrawal.notice)) == ("XVI", "1 year")
    assert withdrawal.clause.source == "https://wetten.overheid.nl/BWBV0004403"


# -- 5. START I and SALT I name the paragraph ---------------------------------------------------


# Expert review, issue 15: START I Art. XVII(2) (term, extension), XVII(3) (withdrawal); SALT I
# Art. VIII(2) (term), VIII(3) (withdrawal). FRUS 1969-76 vol. XXXII doc. 338 puts the Interim
# Agreement's entry into force in Art. VIII. The numbered paragraphs themselves were not read.
def test_start_i_rules_name_the_paragraph_of_article_xvii() -> None:
    rules = treaty("START-I").rules
    assert rules.duration is not None and rules.extension is not None
    assert rules.withdrawal is not None
    assert rules.duration.clause.article == "XVII(2)"
    assert rules.extension.clause.article == "XVII(2)"
    assert rules.withdrawal.clause.article == "XVII(3)"
    expiries = engine.timeline(treaty("START-I"), as_of=date.max).of_kind(DeadlineKind.EXPIRY)
    assert [(str(d.date), d.article) for d in expiries] == [("2009-12-05", "XVII(2)")]


def test_salt_i_rules_name_the_paragraph_of_article_viii() -> None:
    rules = treaty("SALT-I").rules
    assert rules.duration is not None and rules.withdrawal is not None
    assert rules.duration.clause.article == "VIII(2)"
    assert rules.withdrawal.clause.article == "VIII(3)"
    expiries = engine.timeline(treaty("SALT-I"), as_of=date.max).of_kind(DeadlineKind.EXPIRY)
    assert [(str(d.date), d.article) for d in expiries] == [("1977-10-03", "VIII(2)")]


# -- 6. Adapted CFE: the unverified article number is gone --------------------------------------


# The 1999 Agreement on Adaptation could not be read; only the all-30 requirement is kept.
def test_adapted_cfe_entry_into_force_cites_no_unverified_article() -> None:
    rule = treaty("CFE-ADAPTED").rules.entry_into_force
    assert rule is not None
    assert rule.instruments == 30
    assert rule.clause.article is None


# -- 7. PNET renews itself like the TTBT ----------------------------------------------------------


# Expert review, issue 15 ("its Art. VIII mirrors the TTBT's renewal"); US delegation cable
# 1975MOSCOW16976 names Art. VIII as the article "on duration". The TTBT's Art. V(1) is read in
# the Russian text (zakonbase.ru). Both treaties entered into force on 1990-12-11.
def test_pnet_renews_every_five_years_under_article_viii() -> None:
    rules = treaty("PNET").rules
    assert rules.renewal is not None and rules.duration is not None
    assert (str(rules.renewal.period), rules.renewal.clause.article) == ("5 years", "VIII(1)")
    assert (str(rules.duration.term), rules.duration.clause.article) == ("5 years", "VIII(1)")


def test_pnet_and_ttbt_renew_on_the_same_days() -> None:
    def renewals(treaty_id: str) -> list[tuple[str, DeadlineStatus]]:
        timeline = engine.timeline(treaty(treaty_id), as_of=TODAY)
        return [(str(d.date), d.status) for d in timeline.of_kind(DeadlineKind.RENEWAL)]

    pnet = renewals("PNET")
    assert pnet == renewals("TTBT")
    assert pnet[0] == ("1995-12-11", DeadlineStatus.PASSED)
    assert pnet[-1] == ("2030-12-11", DeadlineStatus.UPCOMING)
    assert len(pnet) == 8


# -- 8. Pelindaba: twelve months' notice of withdrawal ---------------------------------------------


# UNODA, http://www.un.org/fr/disarmament/instruments/tpdb.shtml: "Le Traité est conclu pour une
# durée illimitée et tout État qui souhaite se retirer doit notifier son retrait 12 mois à
# l'avance." The treaty's own article could not be read, so no article number is given.
def test_pelindaba_withdrawal_needs_twelve_months_notice() -> None:
    rules = treaty("PELINDABA").rules
    assert rules.withdrawal is not None and rules.duration is not None
    assert str(rules.withdrawal.notice) == "12 months"
    assert rules.duration.term is None  # unlimited
    for clause in (rules.withdrawal.clause, rules.duration.clause):
        assert clause.source == "http://www.un.org/fr/disarmament/instruments/tpdb.shtml"
        assert clause.article is None


# -- 9. CFE: each ally's notice, and its effective date where known --------------------------------


# Depositary (verdragen.nl, treaty 004285): Italy's note of 2023-11-28 ("will take effect on
# 7 December 2023"), Canada's letter of 2023-11-07 ("from February 7, 2024"); the White House
# (US, effective 2023-12-07); Federal Foreign Office (Germany: decided 2023-11-07, "took
# legal effect on 8 April 2024"); TASS on the Turkish decree in the Official Gazette
# (2024-04-05, effective 2024-04-08); Spain's Official Gazette, BOE-A-2024-7905 (the UK's
# communication of 2023-11-07, effective 2023-12-07); Portugal's Aviso n.o 25/2024 (note of
# 2023-11-24, effective 2024-02-29).
SUSPENDED = {
    "US": "2023-12-07",
    "IT": "2023-12-07",
    "GB": "2023-12-07",
    "PT": "2024-02-29",
    "CA": "2024-02-07",
    "DE": "2024-04-08",
    "TR": "2024-04-08",
    "BY": "2024-06-12",
    # notices or decisions that name no later day: the suspension runs from them (the
    # depositary's notes of Czechia and Denmark, the Benelux statement)
    "CZ": "2023-11-07",
    "DK": "2023-11-07",
    "BE": "2023-11-07",
    "NL": "2023-11-07",
    "LU": "2023-11-07",
    # added with the recent events (tests/test_recent_events.py): France's and Bulgaria's
    # decisions of 2023-11-07, Norway's announcement to the Joint Consultative Group
    "FR": "2023-11-07",
    "BG": "2023-11-07",
    "NO": "2023-11-27",
    # Kazakhstan: President Tokayev's decree of 2025-11-17 (TASS), no later day of effect found
    "KZ": "2025-11-17",
}
# Notices that name a later day of effect, each a statement on its own day.
NOTICE = {
    "US": "2023-11-07",
    "IT": "2023-11-28",
    "CA": "2023-11-07",
    "DE": "2023-11-07",
    "TR": "2023-11-07",
    "GB": "2023-11-07",
    "PT": "2023-11-24",
}


def test_cfe_suspensions_are_dated_by_their_effect() -> None:
    allies = [e for e in treaty("CFE").events if e.kind is EventKind.SUSPENDED and e.party != "RU"]
    assert {e.party: str(e.date) for e in allies} == SUSPENDED
    assert len(allies) == len(SUSPENDED)


def test_cfe_notices_are_statements_on_their_own_day() -> None:
    for party, day in NOTICE.items():
        assert day in events("CFE", EventKind.STATEMENT, party), party
        notes = [
            e.note or ""
            for e in treaty("CFE").events
            if e.party == party and str(e.date) == day and e.kind is EventKind.STATEMENT
        ]
        assert any(word in note for note in notes for word in ("Notice known", "Decision known"))


def test_cfe_germany_and_turkiye_are_parties_until_8_april_2024() -> None:
    cfe = treaty("CFE")
    before = engine.party_statuses(cfe, as_of=date(2024, 4, 7))
    after = engine.party_statuses(cfe, as_of=date(2024, 4, 8))
    for state in ("DE", "TR"):
        assert before[state].kind is StatusKind.PARTY, state
        assert (after[state].kind, str(after[state].since)) == (StatusKind.SUSPENDED, "2024-04-08")


# -- 10. NPT: the DPRK's withdrawal, the generally held reading recorded ---------------------------


# CNS, du Preez and Potter, "North Korea's Withdrawal From the NPT: A Reality Check" (8 April 2003,
# nonproliferation.org): "the generally held view is that North Korea's withdrawal will come into
# effect on 10 April 2003 when its three-month notice of withdrawal expires"; North Korea held it
# took effect the day after its announcement of 10 January 2003. UN News, 10 January 2003
# (news.un.org/en/story/2003/01/56032): the DPRK's letter to the President of the Security
# Council that day; its ambassador said the withdrawal was effective the next day.
def _dprk_withdrawals(npt: Treaty) -> list[Deadline]:
    timeline = engine.timeline(npt, as_of=TODAY)
    return [
        deadline
        for deadline in timeline.of_kind(DeadlineKind.WITHDRAWAL_EFFECTIVE)
        if deadline.party == "KP" and deadline.status is DeadlineStatus.PASSED
    ]


def test_npt_records_the_generally_held_date_of_the_dprk_withdrawal() -> None:
    npt = treaty("NPT")
    assert events("NPT", EventKind.WITHDRAWAL_NOTICE, "KP") == ["1993-03-12", "2003-01-10"]
    (effective,) = [
        e for e in npt.events if e.kind is EventKind.WITHDRAWAL_EFFECTIVE and e.party == "KP"
    ]
    assert str(effective.date) == "2003-04-10"
    assert effective.note is not None and "generally held" in effective.note
    assert effective.source is not None and "nonproliferation.org" in effective.source
    (claim,) = effective.contested
    assert (str(claim.date), claim.held_by) == ("2003-01-11", "KP")
    assert claim.source is not None and claim.source.startswith("https://news.un.org/")
    (deadline,) = _dprk_withdrawals(npt)
    assert str(deadline.date) == "2003-04-10"
    assert deadline.agreement() is Agreement.SAME
    status = engine.party_statuses(npt, as_of=TODAY)["KP"]
    assert (status.kind, str(status.since)) == (StatusKind.WITHDRAWN, "2003-04-10")


def test_npt_the_dprk_reading_is_computed_from_the_same_notices() -> None:
    # The DPRK's reading: the 1993 notice, stopped with one day left, resumed on 2003-01-10.
    # The engine lets the new notice of that day replace the suspended one, and keeps what
    # resuming it would have given: averted, and agreeing with the DPRK's contested claim.
    timeline = engine.timeline(treaty("NPT"), as_of=TODAY)
    (resumed,) = [
        deadline
        for deadline in timeline.of_kind(DeadlineKind.WITHDRAWAL_EFFECTIVE)
        if deadline.party == "KP"
        and deadline.averted_by is not None
        and deadline.averted_by.kind is EventKind.WITHDRAWAL_NOTICE
    ]
    assert (str(resumed.date), resumed.status) == ("2003-01-11", DeadlineStatus.AVERTED)
    assert str(resumed.basis.date) == "1993-03-12"
    assert "resumed on 2003-01-10 with 1 day left" in resumed.rule
    assert resumed.agreement() is Agreement.DIFFERS
    claim = resumed.supporting_claim()
    assert claim is not None and (str(claim.date), claim.held_by) == ("2003-01-11", "KP")


def test_show_npt_says_which_reading_it_records(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "1000")  # each cell on one line
    result = run("show", "NPT", "--as-of", "2026-11-23")
    assert result.code == 0
    out = " ".join(result.stdout.split())
    assert "KP: withdrawn since 2003-04-10" in out
    assert "The reading recorded here is the generally held one" in out
    assert "Contested: 2003-01-11, held by KP" in out
    assert (
        "withdrawal notice of 2003-01-10 + 3 months (Art. X(1)); passed; agrees with the record"
        in (out)
    )


# -- 11. JCPOA: the snapback on the UN's date ------------------------------------------------------


# Note to correspondents of the Secretary-General's Spokesperson, 28 September 2025, quoted by
# Xinhua (sunstar.com.ph): "effective on Sept. 27 at 8 p.m. Eastern Daylight Time"; the GMT day,
# 28 September, is a contested claim (Asharq Al-Awsat, english.aawsat.com/world/5196020).
def test_jcpoa_snapback_is_dated_as_the_un_records_it() -> None:
    (snapback,) = [
        e for e in treaty("JCPOA").events if e.kind is EventKind.MILESTONE and e.name == "Snapback"
    ]
    assert str(snapback.date) == "2025-09-27"
    assert snapback.note is not None and "Eastern Daylight Time" in snapback.note
    (claim,) = snapback.contested
    assert str(claim.date) == "2025-09-28" and claim.source is not None
    computed = engine.timeline(treaty("JCPOA"), as_of=TODAY).of_kind(DeadlineKind.MILESTONE)
    (day,) = [d for d in computed if d.label == "Snapback"]
    assert str(day.date) == "2025-09-27"
    assert day.agreement() is Agreement.SAME


# The end of the JCPOA is itself contested: Iran (with Russia and China) holds it ended on
# Termination Day, 2025-10-18; France, Germany and the United Kingdom (with the United States)
# that the snapback of 2025-09-27 re-applied the UN sanctions, which do not lapse (E3 foreign
# ministers' statement, as cited in the file). The status says so, with the other side's source.
def test_jcpoa_end_is_shown_as_contested_with_each_side(
    run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    status = engine.status(treaty("JCPOA"), as_of=TODAY)
    assert (status.kind, str(status.since), status.reason) == (
        StatusKind.TERMINATED,
        "2025-10-18",
        "declared by IR",
    )
    (claim,) = status.contested
    assert str(claim.date) == "2025-09-27" and claim.held_by is not None
    assert "France, Germany and the United Kingdom" in claim.held_by
    monkeypatch.setenv("COLUMNS", "1000")
    out = run("show", "JCPOA", "--as-of", "2026-11-23").stdout
    assert "terminated since 2025-10-18 (declared by IR), contested\n" in out
    assert f"  contested: 2025-09-27, held by {claim.held_by} (source: {claim.source})\n" in out
    document = json.loads(run("show", "JCPOA", "--as-of", "2026-11-23", "-f", "json").stdout)
    (reading,) = document["treaty"]["contested"]
    assert (reading["date"], reading["source"]) == ("2025-09-27", claim.source)
    # A treaty whose status nobody contests says so by an empty list.
    inf = json.loads(run("show", "INF", "--as-of", "2026-11-23", "-f", "json").stdout)
    assert inf["treaty"]["contested"] == []
