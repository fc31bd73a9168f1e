"""The events of 2023-2026 added to the bundled timelines, pinned: each dated event by its date,
kind and party, and what it changes (or, for statements, does not change) in the computed
statuses. The comment above each group names the source the events were read from; the same
source is the event's `source:` in the timeline.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from treatyline import catalog, engine, loader
from treatyline.model import EventKind, StatusKind, Treaty

BUNDLED = loader.load(catalog.search_path({}, builtin=True))
TREATIES: dict[str, Treaty] = {treaty.id: treaty for treaty in BUNDLED.treaties}
TODAY = date(2026, 11, 23)


def recorded(treaty: str, day: str, kind: EventKind, party: str) -> list[str]:
    """The sources of the events of this kind, party and date in the bundled timeline."""
    return [
        event.source or ""
        for event in TREATIES[treaty].events
        if str(event.date) == day and event.kind is kind and event.party == party
    ]


def party_status(treaty: str, state: str, day: date) -> StatusKind | None:
    found = engine.party_statuses(TREATIES[treaty], as_of=day).get(state)
    return None if found is None else found.kind


# (treaty, date, kind, party, the host of the source it cites)
EVENTS = [
    # CFE, the allies' suspensions: the French foreign ministry's press briefing of
    # 2023-11-07 (diplomatie.gouv.fr); the Bulgarian cabinet's decision of 2023-11-07 (BTA);
    # the Romanian foreign ministry's statement of 2023-11-07 (news.ro); the Polish foreign
    # ministry's statement of 2023-11-07 (gov.pl); Norway's statement to the Joint
    # Consultative Group of 2023-11-27 (norway.no).
    ("CFE", "2023-11-07", EventKind.SUSPENDED, "FR", "diplomatie.gouv.fr"),
    ("CFE", "2023-11-07", EventKind.SUSPENDED, "BG", "bta.bg"),
    ("CFE", "2023-11-07", EventKind.STATEMENT, "RO", "news.ro"),
    ("CFE", "2023-11-07", EventKind.STATEMENT, "PL", "gov.pl"),
    ("CFE", "2023-11-27", EventKind.SUSPENDED, "NO", "norway.no"),
    # CFE, Moldova: the government's bill of 2024-03-06 (Yeni Safak, quoting the State
    # Secretary for defence policy); the final reading of 2024-04-12 (TASS). Hungary: the
    # parliament's vote of 2024-04-10 (TASS).
    ("CFE", "2024-03-06", EventKind.STATEMENT, "MD", "yenisafak.com"),
    ("CFE", "2024-04-10", EventKind.STATEMENT, "HU", "tass.com"),
    ("CFE", "2024-04-12", EventKind.STATEMENT, "MD", "tass.com"),
    # CFE, the United Kingdom: its communication of 2023-11-07 to the depositary, effective
    # 2023-12-07, as Spain's Official Gazette lists it (BOE-A-2024-7905). Portugal: its note
    # verbale of 2023-11-24, effective 2024-02-29 (Aviso n.o 25/2024, read in a summary on
    # leygos.com).
    ("CFE", "2023-11-07", EventKind.STATEMENT, "GB", "boe.es"),
    ("CFE", "2023-12-07", EventKind.SUSPENDED, "GB", "boe.es"),
    ("CFE", "2023-11-24", EventKind.STATEMENT, "PT", "leygos.com"),
    ("CFE", "2024-02-29", EventKind.SUSPENDED, "PT", "leygos.com"),
    # CFE, Ukraine: the foreign ministry's announcement of July 2025 that it has initiated the
    # suspension (TASS, 2025-07-28; only the month is given).
    ("CFE", "2025-07", EventKind.STATEMENT, "UA", "tass.com"),
    # INF: the Russian foreign ministry's statement of 2025-08-04 ending its moratorium
    # (Novinite, "confirmed on August 4").
    ("INF", "2025-08-04", EventKind.STATEMENT, "RU", "novinite.com"),
    # New START: Trump to TASS on 2025-10-05 ("sounds like a good idea"); Peskov on 2026-02-05
    # and 2026-02-06 (TASS); Trump's post of 2026-02-05 (TRT World); Rubio's essay of
    # 2026-02-06 (WAM).
    ("NEW-START", "2025-10-05", EventKind.STATEMENT, "US", "tass.com"),
    ("NEW-START", "2026-02-05", EventKind.STATEMENT, "RU", "tass.com"),
    ("NEW-START", "2026-02-05", EventKind.STATEMENT, "US", "trtworld.com"),
    ("NEW-START", "2026-02-06", EventKind.STATEMENT, "US", "wam.ae"),
    ("NEW-START", "2026-02-06", EventKind.STATEMENT, "RU", "tass.com"),
    # NPT / Iran: the parliament's vote of 2025-06-25 (Kayhan); the Guardian Council's approval
    # on Thursday 2025-06-26 (WE News, quoting Tasnim); the promulgation of 2025-07-02
    # (Jerusalem Post, Reuters); the withdrawal bill drafted after the snapback, August 2025
    # (Middle East Monitor, 2025-08-29).
    ("NPT", "2025-06-25", EventKind.STATEMENT, "IR", "kayhan.ir"),
    ("NPT", "2025-06-26", EventKind.STATEMENT, "IR", "wenewsenglish.com"),
    ("NPT", "2025-07-02", EventKind.STATEMENT, "IR", "jpost.com"),
    ("NPT", "2025-08", EventKind.STATEMENT, "IR", "middleeastmonitor.com"),
]


@pytest.mark.parametrize(("treaty", "day", "kind", "party", "host"), EVENTS)
def test_the_event_is_recorded_once_with_its_source(
    treaty: str, day: str, kind: EventKind, party: str, host: str
) -> None:
    sources = recorded(treaty, day, kind, party)
    assert len(sources) == 1, (treaty, day, kind, party)
    assert host in sources[0]


# CFE: a state whose suspension is dated is a party the day before and suspended from that day
# (the same sources as above).
SUSPENSIONS = [
    ("FR", "2023-11-07"),
    ("BG", "2023-11-07"),
    ("NO", "2023-11-27"),
    ("GB", "2023-12-07"),
    ("PT", "2024-02-29"),
]


@pytest.mark.parametrize(("state", "day"), SUSPENSIONS)
def test_a_cfe_suspension_starts_on_its_day(state: str, day: str) -> None:
    start = date.fromisoformat(day)
    before = party_status("CFE", state, start - timedelta(days=1))
    # Every state, the United Kingdom included (its line was added from Hansard and UNODA's
    # database), is a party the day before.
    assert before is StatusKind.PARTY
    assert party_status("CFE", state, start) is StatusKind.SUSPENDED


# CFE: where only an intention, a bill or a vote was found, the state stays a party: no notice or
# day of effect was found for Romania, Poland, Hungary, Moldova or Ukraine (see the notes).
@pytest.mark.parametrize("state", ["RO", "PL", "HU", "MD", "UA"])
def test_a_cfe_state_without_a_known_suspension_stays_a_party(state: str) -> None:
    assert party_status("CFE", state, TODAY) is StatusKind.PARTY


# The statements change nothing computed: the INF Treaty ended on 2019-08-02 and New START
# expired on 2026-02-05 (the events already in the timelines); Iran gave no notice of
# withdrawal from the NPT and is still a party (jpost.com: the law suspends cooperation with the
# IAEA, not membership of the treaty).
def test_statements_leave_the_computed_statuses_alone() -> None:
    assert engine.status(TREATIES["INF"], as_of=TODAY).kind is StatusKind.TERMINATED
    # suspended by Russia since 2023-02-28 (an event already in the timeline) until it expired
    assert engine.status(TREATIES["NEW-START"], as_of=date(2026, 2, 4)).kind is (
        StatusKind.SUSPENDED
    )
    assert engine.status(TREATIES["NEW-START"], as_of=TODAY).kind is StatusKind.EXPIRED
    iran = [e for e in TREATIES["NPT"].events if e.party == "IR"]
    assert iran and all(e.kind is not EventKind.WITHDRAWAL_NOTICE for e in iran)
    assert party_status("NPT", "IR", TODAY) is StatusKind.PARTY


# Joinings of 2025 that the brief asked about, already in the tables and checked here: Tonga's
# accession to the Ottawa Convention (ICBL-CMC: deposited 2025-06-25, in force 2025-12-01);
# Kiribati's accession to the BWC (US State Department statement as reprinted by MENAFN:
# deposited 2025-05-20); Comoros' accession to the BWC (EU spokesperson: 2025-02-14). Each is not
# yet a party the day before and a party on the day. Marshall Islands (Ottawa), Vanuatu (CCM),
# Ghana (TPNW) and Papua New Guinea (CTBT) are pinned in tests/test_membership.py.
JOINED_2025 = [
    ("OTTAWA", "TO", "2025-12-01"),
    ("BWC", "KI", "2025-05-20"),
    ("BWC", "KM", "2025-02-14"),
]


@pytest.mark.parametrize(("treaty", "state", "day"), JOINED_2025)
def test_a_2025_joining_binds_from_its_day(treaty: str, state: str, day: str) -> None:
    first = date.fromisoformat(day)
    assert party_status(treaty, state, first - timedelta(days=1)) is not StatusKind.PARTY
    assert party_status(treaty, state, first) is StatusKind.PARTY
