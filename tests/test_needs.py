"""A load that keeps only the events a question reads gives the answers of the whole treaties.

`list` asks each treaty's status, `deadlines` the deadlines from a day on, `party` and `list
--party` a state's standing; they load with `needs` (needs.py), and from the cache the events
they do not read are never rebuilt. Every answer below is compared with the one the whole
treaties give.
"""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console

from treatyline import api, catalog, engine, export, loader, render
from treatyline.model import InstrumentKind, Treaty
from treatyline.needs import Needs

BUNDLED = loader.load(
    [catalog.Source(p, bundled=True) for p in sorted(catalog.bundled_directory().glob("*.yaml"))]
)
DAYS = [date(y, 6, 30) for y in (1925, 1960, 1968, 1972, 1980, 1991, 1992, 2001, 2019, 2021)]
DAYS += [date(2023, 11, 7), date(2026, 2, 5), date(2026, 12, 1)]
SINCE = [None, date(1970, 1, 1), date(1991, 12, 26), date(2000, 1, 1), date(2021, 1, 1)]
SINCE += [date(2023, 6, 9), date(2026, 1, 1)]


@pytest.mark.parametrize("treaty", BUNDLED.treaties, ids=lambda t: t.id)
def test_a_treatys_status_is_the_same_from_what_a_status_reads(treaty: Treaty) -> None:
    selected = Needs.statuses().select(treaty)
    for day in DAYS:
        assert engine.status(selected, as_of=day) == engine.status(treaty, as_of=day), day
        assert engine.depositaries_known(selected, as_of=day) == engine.depositaries_known(
            treaty, as_of=day
        )
        # What `list` computes: the status of the narrowed treaty.
        narrowed = engine.narrowed(selected)
        assert narrowed == engine.narrowed(treaty), day


@pytest.mark.parametrize("treaty", BUNDLED.treaties, ids=lambda t: t.id)
def test_a_treatys_deadlines_are_the_same_from_what_they_read(treaty: Treaty) -> None:
    for since in SINCE:
        selected = Needs.deadlines(since).select(treaty)
        for day in DAYS:
            end = date(day.year + 2, 12, 31)
            whole = engine.timeline(treaty, as_of=day, horizon=end, since=since)
            part = engine.timeline(selected, as_of=day, horizon=end, since=since)
            assert part.deadlines == whole.deadlines, (since, day)


def _states(treaty: Treaty) -> set[str]:
    """Every state a treaty's record names: its parties, successors and each act's state."""
    named = {e.party for e in treaty.events if e.party is not None} | set(treaty.parties)
    return named | {code for pair in treaty.successors for code in pair}


@pytest.mark.parametrize("treaty", BUNDLED.treaties, ids=lambda t: t.id)
def test_a_states_standing_reads_what_the_whole_treaty_gives_it(treaty: Treaty) -> None:
    # What `party` and `list --party` compute from: the treaty narrowed to the state.
    for state in sorted(_states(treaty)):
        selected = Needs.standing(state).select(treaty)
        assert engine.narrowed(selected, state) == engine.narrowed(treaty, state), state


@settings(max_examples=60, deadline=None)
@given(
    treaty=st.sampled_from(BUNDLED.treaties),
    as_of=st.dates(date(1920, 1, 1), date(2030, 12, 31)),
    since=st.one_of(st.none(), st.dates(date(1920, 1, 1), date(2030, 12, 31))),
    length=st.integers(0, 4000),
)
def test_deadlines_of_any_window_are_the_same_from_what_they_read(
    treaty: Treaty, as_of: date, since: date | None, length: int
) -> None:
    start = since or date(1900, 1, 1)
    end = date.fromordinal(start.toordinal() + length)
    selected = Needs.deadlines(since).select(treaty)
    assert engine.deadlines([selected], as_of=as_of, horizon=end, since=since) == (
        engine.deadlines([treaty], as_of=as_of, horizon=end, since=since)
    )


def test_what_a_status_reads_is_a_small_part_of_a_membership_table() -> None:
    # The NPT's table gives it hundreds of events; its status reads its own, the counted
    # deposits, the successions and the entries into force recorded for states.
    npt = api.find(BUNDLED, "NPT")
    kept = Needs.statuses().select(npt).events
    assert 0 < len(kept) < len(npt.events) // 2
    # Deadlines from 2021 also read the deposits since 2020; of those before, only the first
    # of each kind (a rule may count from it) and the counted ones.
    tpnw = api.find(BUNDLED, "TPNW")
    later = Needs.deadlines(date(2021, 1, 1)).select(tpnw).events
    deposits = [e for e in later if e.kind.value in ("ratified", "acceded") and e.party]
    firsts = [next(e for e in tpnw.events if e.kind is kind) for kind in {e.kind for e in deposits}]
    earlier = [e for e in deposits if e.date.earliest.year < 2020]
    assert all(e.instrument or e in firsts for e in earlier)
    assert len(deposits) - len(earlier) > 10  # the 2020 and 2021 deposits, Benin to Chile


def test_a_bilateral_treaty_is_read_whole() -> None:
    inf = api.find(BUNDLED, "INF")
    assert inf.kind is InstrumentKind.BILATERAL
    assert Needs.statuses().select(inf) is inf


@pytest.mark.parametrize(
    "needs",
    [
        Needs.statuses(),
        Needs.deadlines(date(2021, 1, 1)),
        Needs.deadlines(None),
        Needs.standing("RU"),
        Needs.standing("DD"),
        Needs.stated_statuses(),
    ],
)
def test_a_load_with_needs_is_the_same_cold_warm_and_without_cache(
    needs: Needs, tmp_path: Path
) -> None:
    found = [catalog.Source(p, bundled=True) for p in sorted(catalog.bundled_directory().iterdir())]
    store = str(tmp_path / "cache")
    whole = loader.load(found, as_of=date(2026, 12, 1))
    expected = [needs.select(treaty) for treaty in whole.treaties]
    fresh = loader.load(found, as_of=date(2026, 12, 1), needs=needs)
    cold = loader.load(found, as_of=date(2026, 12, 1), cache=store, needs=needs)
    warm = loader.load(found, as_of=date(2026, 12, 1), cache=store, needs=needs)
    for loaded in (fresh, cold, warm):
        assert list(loaded.treaties) == expected
        assert loaded.problems == whole.problems
    # The cache still gives whole treaties to a load that needs them whole.
    assert loader.load(found, as_of=date(2026, 12, 1), cache=store) == whole


def test_an_extended_treaty_is_selected_after_its_files_are_merged(tmp_path: Path) -> None:
    base = (
        "id: PACT\nname: Pact\nkind: multilateral\n"
        "rules: {entry_into_force: {instruments: 1}, entry_into_force_for_state: {}}\n"
        "events:\n"
        "  - {date: 2000-01-01, kind: signed, party: AT}\n"
        "  - {date: 2000-02-01, kind: ratified, party: AT, instrument: 1}\n"
        "  - {date: 2005-03-01, kind: ratified, party: BE}\n"
    )
    more = "extends: PACT\nevents:\n  - {date: 2004-03-01, kind: acceded, party: CY}\n"
    (tmp_path / "pact.yaml").write_text(base, encoding="utf-8")
    (tmp_path / "pact-more.yaml").write_text(more, encoding="utf-8")
    found = [catalog.Source(tmp_path / "pact.yaml"), catalog.Source(tmp_path / "pact-more.yaml")]
    store = str(tmp_path / "cache")
    needs = Needs.deadlines(date(2005, 1, 1))
    whole = loader.load(found)
    for _ in range(2):  # cold, then warm
        loaded = loader.load(found, cache=store, needs=needs)
        assert loaded.problems == whole.problems
        (pact,) = loaded.treaties
        assert pact == needs.select(whole.treaties[0])
        assert [e.party for e in pact.events if e.kind.value in ("ratified", "acceded")] == [
            "AT",
            "CY",
            "BE",
        ]


def test_list_and_deadlines_answer_as_the_whole_treaties_do() -> None:
    as_of = date(2026, 12, 1)
    statuses = loader.load(
        [catalog.Source(p, bundled=True) for p in sorted(catalog.bundled_directory().iterdir())],
        needs=Needs.statuses(),
    )
    rows = api.treaties(statuses, as_of=as_of)
    assert export.treaties_listing(rows, as_of=as_of) == export.treaties_listing(
        api.treaties(BUNDLED, as_of=as_of), as_of=as_of
    )
    start, end = date(2021, 1, 1), date(2021, 12, 31)
    deadlines = loader.load(
        [catalog.Source(p, bundled=True) for p in sorted(catalog.bundled_directory().iterdir())],
        needs=Needs.deadlines(start),
    )
    found = api.deadlines(deadlines, as_of=as_of, start=start, end=end)
    assert found == api.deadlines(BUNDLED, as_of=as_of, start=start, end=end)
    assert any(d.party == "CL" and d.treaty == "TPNW" for d in found)  # Chile's of 2021-12-22


@pytest.mark.parametrize("state", ["RU", "SU", "US", "UA", "KZ", "DD", "CS", "KP", "IR", "NO"])
def test_party_and_list_party_answer_as_the_whole_treaties_do(state: str) -> None:
    sources = [
        catalog.Source(p, bundled=True) for p in sorted(catalog.bundled_directory().iterdir())
    ]
    standing = loader.load(sources, needs=Needs.standing(state))
    for as_of in (date(1980, 1, 1), date(1995, 1, 1), date(2026, 12, 1)):
        part = api.party(standing, state, as_of=as_of)
        whole = api.party(BUNDLED, state, as_of=as_of)
        assert export.party_document(state, part, as_of=as_of) == export.party_document(
            state, whole, as_of=as_of
        )
        views = []
        for records in (part, whole):
            console = Console(width=120, record=True, file=io.StringIO())
            console.print(render.party_view(state, records, as_of=as_of))
            views.append(console.export_text())
        assert views[0] == views[1]
        rows = api.treaties(standing, as_of=as_of, party=state)
        assert export.treaties_listing(rows, as_of=as_of) == export.treaties_listing(
            api.treaties(BUNDLED, as_of=as_of, party=state), as_of=as_of
        )


def _only_treaty(path: Path, text: str) -> Treaty:
    """Write a timeline and return the one treaty it loads as."""
    path.write_text(text, encoding="utf-8")
    (treaty,) = loader.load([catalog.Source(path)]).treaties
    return treaty


def test_a_states_named_day_is_read_where_a_milestone_counts_from_it(tmp_path: Path) -> None:
    # A milestone of a state, not the first milestone recorded: a rule counts from its name.
    text = (
        "id: ZONE\nname: Zone\nkind: multilateral\n"
        "rules:\n  milestones:\n"
        "    - {name: Review, from: Report, after: 1 year}\n"
        "events:\n"
        "  - {date: 2010-05-01, kind: milestone, name: Opening}\n"
        "  - {date: 2011-03-01, kind: signed, party: AT}\n"
        "  - {date: 2012-04-02, kind: milestone, name: Report, party: AT}\n"
    )
    zone = _only_treaty(tmp_path / "zone.yaml", text)
    for needs in (Needs.statuses(), Needs.deadlines(date(2013, 1, 1))):
        selected = needs.select(zone)
        whole = engine.deadlines([zone], as_of=date(2026, 12, 1))
        assert engine.deadlines([selected], as_of=date(2026, 12, 1)) == whole
        assert [str(d.date) for d in whole] == ["2013-04-02"]


def test_a_notice_before_its_state_joined_counts_for_nothing_from_what_deadlines_read(
    tmp_path: Path,
) -> None:
    # Belgium's notice comes before its own signature, which is not the treaty's first: the
    # deadlines must still see the signature to refuse the notice.
    text = (
        "id: PACT\nname: Pact\nkind: multilateral\n"
        "rules: {withdrawal: {notice: 6 months}}\n"
        "events:\n"
        "  - {date: 1999-01-01, kind: entered_into_force}\n"
        "  - {date: 1999-02-01, kind: signed, party: AT}\n"
        "  - {date: 2000-06-01, kind: withdrawal_notice, party: BE}\n"
        "  - {date: 2001-03-01, kind: signed, party: BE}\n"
        "  - {date: 2004-05-03, kind: withdrawal_notice, party: AT}\n"
    )
    pact = _only_treaty(tmp_path / "pact.yaml", text)
    whole = engine.deadlines([pact], as_of=date(2026, 12, 1))
    assert [(d.party, str(d.date)) for d in whole] == [("AT", "2004-11-03")]
    for since in (None, date(2004, 1, 1)):
        selected = Needs.deadlines(since).select(pact)
        assert engine.deadlines([selected], as_of=date(2026, 12, 1), since=since) == whole


def test_check_finds_every_problem_from_the_stated_statuses_alone(tmp_path: Path) -> None:
    from tests.test_cache import ERRORS
    from tests.test_checks import NEW_START

    stale = NEW_START.replace("id: NEW-START", "id: STALE").replace("New START", "Stale")
    (tmp_path / "stale.yaml").write_text(stale, encoding="utf-8")
    cases = sorted(p for p in ERRORS.iterdir() if p.suffix == ".yaml" or p.is_dir())
    found = catalog.search_path({}, [tmp_path, *cases], builtin=True)
    needs, store = Needs.stated_statuses(), str(tmp_path / "cache")
    for as_of in (date(2025, 1, 1), date(2026, 11, 23)):  # in force, then expired
        whole = loader.load(found, as_of=as_of)
        for cache in (None, store, store):  # without the cache, cold, warm
            assert loader.load(found, as_of=as_of, cache=cache, needs=needs).problems == (
                whole.problems
            )
    assert any("STALE is in_force, but on 2026-11-23" in p.message for p in whole.problems)
    # Only a treaty that states its status holds events: the core its status reads.
    loaded = loader.load(found, as_of=date(2026, 11, 23), cache=store, needs=needs)
    stating = {t.id: t.events != () for t in loaded.treaties if t.status is not None}
    assert stating == {"STALE": True, "CFE-ADAPTED": True}
    assert all(t.events == () for t in loaded.treaties if t.status is None)
