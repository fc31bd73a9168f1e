"""The iCalendar feed, read back with icalendar's own parser, on real treaty dates."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from icalendar import Calendar, Component
from icalendar.prop import vCategory

from treatyline import catalog, engine, loader, query
from treatyline.ical import deadlines_calendar
from treatyline.model import Deadline, DeadlineKind, Treaty

Load = Callable[[str], Treaty]
TODAY = date(2026, 11, 23)
BUNDLED = loader.load(catalog.search_path({}, builtin=True))
TREATIES = {treaty.id: treaty for treaty in BUNDLED.treaties}
GOLDEN = Path(__file__).parent / "golden" / "deadlines-2021.ics"

INF_NOTICE_SOURCE = (
    "https://asil.org/print/ILIB/us-announces-withdrawal-cold-war-nuclear-arms-control-treaty"
    "-russia-february-1-2019"
)
INF_ARTICLE_XV_SOURCE = "https://nuke.fas.org/control/inf/text/inf.htm"


def events(ics: str) -> list[Component]:
    return Calendar.from_ical(ics).walk("VEVENT")


def bundled_events(treaty_id: str, *, as_of: date) -> list[Component]:
    timeline = engine.timeline(TREATIES[treaty_id], as_of=as_of)
    return events(deadlines_calendar(timeline.deadlines, TREATIES, as_of=as_of))


def inline_events(treaty: Treaty, *, as_of: date) -> list[Component]:
    timeline = engine.timeline(treaty, as_of=as_of)
    return events(deadlines_calendar(timeline.deadlines, {treaty.id: treaty}, as_of=as_of))


def on(day: date, found: Iterable[Component]) -> Component:
    (event,) = [event for event in found if event.decoded("dtstart") == day]
    return event


def deadlines_in_2021() -> list[Deadline]:
    """Select as `treatyline deadlines --year 2021` does."""
    found = engine.deadlines(BUNDLED.treaties, as_of=TODAY, horizon=date(2021, 12, 31))
    return query.select(found, query.Query(start=date(2021, 1, 1), end=date(2021, 12, 31)))


def test_inf_withdrawal_is_an_all_day_event_with_its_rule_and_sources() -> None:
    (withdrawal,) = bundled_events("INF", as_of=TODAY)
    start, end = withdrawal.decoded("dtstart"), withdrawal.decoded("dtend")
    assert not isinstance(start, datetime) and not isinstance(end, datetime)
    assert (start, end) == (date(2019, 8, 2), date(2019, 8, 3))
    assert str(withdrawal["summary"]) == "INF Treaty: withdrawal takes effect (US)"
    description = str(withdrawal["description"])
    assert description.splitlines() == [
        "withdrawal notice of 2019-02-02 + 6 months (Art. XV(2)); passed; agrees with the record",
        f"Source: {INF_NOTICE_SOURCE}",
        f"Source: {INF_ARTICLE_XV_SOURCE}",
    ]
    assert str(withdrawal["status"]) == "CONFIRMED"
    categories = withdrawal["categories"]
    assert isinstance(categories, vCategory)
    assert [str(category) for category in categories.cats] == ["withdrawal_effective", "INF"]


def test_the_dates_are_date_values_in_the_text() -> None:
    ics = deadlines_calendar(
        engine.timeline(TREATIES["INF"], as_of=TODAY).deadlines, TREATIES, as_of=TODAY
    )
    assert "DTSTART;VALUE=DATE:20190802\r\n" in ics
    assert "DTEND;VALUE=DATE:20190803\r\n" in ics


def test_new_start_averted_expiry_is_cancelled_and_the_extended_one_confirmed() -> None:
    found = bundled_events("NEW-START", as_of=TODAY)
    first, extended = on(date(2021, 2, 5), found), on(date(2026, 2, 5), found)
    assert (str(first["status"]), str(extended["status"])) == ("CANCELLED", "CONFIRMED")
    assert "averted by the extension of 2021-02-03" in str(first["description"])
    assert first["uid"] != extended["uid"]


def test_an_expiry_cites_the_clause_its_article_comes_from() -> None:
    """The first term is Art. XIV(2) on duration; the extended one the extension's source."""
    found = bundled_events("NEW-START", as_of=TODAY)
    first, extended = on(date(2021, 2, 5), found), on(date(2026, 2, 5), found)
    analysis = "https://www.acq.osd.mil/asda/ssipm/sdc/tc/nst/nst-aaa/AAAtext.html"
    assert f"Source: {analysis}" in str(first["description"])
    extension_clause = "Source: https://2009-2017.state.gov/documents/organization/140035.pdf"
    assert extension_clause in str(extended["description"])
    assert "AAAtext" not in str(extended["description"])


def test_a_milestone_cites_its_own_clause() -> None:
    snapback = on(date(2025, 9, 27), bundled_events("JCPOA", as_of=TODAY))
    assert str(snapback["summary"]) == "JCPOA: Snapback"
    assert str(snapback["description"]).splitlines()[-1] == (
        "Source: https://2009-2017.state.gov/documents/organization/245317.pdf"
    )


def test_a_source_cited_twice_is_listed_once(treaty: Load) -> None:
    same = "https://www.armscontrol.org/factsheets/inf-nuclear-forces-treaty-at-a-glance"
    inf = treaty(
        f"""\
        id: INF
        name: INF Treaty
        kind: bilateral
        parties: [US, RU]
        rules:
          withdrawal: {{notice: 6 months, article: XV(2), source: "{same}"}}
        events:
          - {{date: 1988-06-01, kind: entered_into_force}}
          - {{date: 2019-02-02, kind: withdrawal_notice, party: US, source: "{same}"}}
        """
    )
    (withdrawal,) = inline_events(inf, as_of=TODAY)
    assert str(withdrawal["description"]).count("Source: ") == 1


def test_the_uid_outlives_a_change_of_status() -> None:
    before = bundled_events("INF", as_of=date(2019, 3, 1))
    after = bundled_events("INF", as_of=TODAY)
    assert [str(e["status"]) for e in before + after] == ["CONFIRMED", "CONFIRMED"]
    assert before[0]["uid"] == after[0]["uid"]


def test_the_uid_outlives_an_averting_event() -> None:
    upcoming = on(date(2021, 2, 5), bundled_events("NEW-START", as_of=date(2021, 1, 1)))
    averted = on(date(2021, 2, 5), bundled_events("NEW-START", as_of=TODAY))
    assert (str(upcoming["status"]), str(averted["status"])) == ("CONFIRMED", "CANCELLED")
    assert upcoming["uid"] == averted["uid"]


def test_every_bundled_uid_stays_the_same_as_the_record_grows() -> None:
    """A re-export a year later must update the subscriber's events, not add copies."""
    seen: dict[tuple[str, str, str | None, str | None, str], str] = {}
    for year in range(1960, 2027):
        as_of = date(year, 1, 1)
        found = [d for d in engine.deadlines(BUNDLED.treaties, as_of=as_of) if d.date]
        feed = events(deadlines_calendar(found, TREATIES, as_of=as_of))
        for deadline, event in zip(found, feed, strict=True):
            key = (deadline.treaty, deadline.kind.value, deadline.party, deadline.label)
            uid = str(event["uid"])
            assert seen.setdefault((*key, str(deadline.date)), uid) == uid, (year, key)
    assert len(seen) > 50


def test_uids_are_unique_across_every_bundled_deadline() -> None:
    found = engine.deadlines(BUNDLED.treaties, as_of=TODAY, horizon=date(2100, 1, 1))
    uids = [str(event["uid"]) for event in events(deadlines_calendar(found, TREATIES, as_of=TODAY))]
    renewals = [d for d in found if d.kind is DeadlineKind.RENEWAL and d.treaty == "INCSEA"]
    assert len(renewals) > 30  # every three years from 1975 to beyond 2100
    assert len(uids) == len(set(uids)) == len([d for d in found if d.date is not None])
    assert all(uid.endswith("@treatyline") for uid in uids)


def test_the_same_input_gives_the_same_bytes_stamped_with_the_as_of_date() -> None:
    chosen = deadlines_in_2021()
    first = deadlines_calendar(chosen, TREATIES, as_of=TODAY)
    assert deadlines_calendar(chosen, TREATIES, as_of=TODAY) == first
    stamps = {event.decoded("dtstamp") for event in events(first)}
    assert stamps == {datetime(2026, 11, 23, tzinfo=UTC)}


def test_the_calendar_names_itself() -> None:
    calendar = Calendar.from_ical(deadlines_calendar([], TREATIES, as_of=TODAY))
    assert str(calendar["version"]) == "2.0"
    assert str(calendar["prodid"]) == "-//treatyline//treatyline 0.1.0//EN"
    assert str(calendar["calscale"]) == "GREGORIAN"
    assert str(calendar["x-wr-calname"]) == "treatyline deadlines"


NEW_START_VAGUE = """\
id: NEW-START
name: New START
kind: bilateral
parties: [US, RU]
rules:
  duration: {{term: 10 years, article: XIV(2)}}
events:
  - {{date: {in_force}, kind: entered_into_force}}
"""


@pytest.mark.parametrize(
    ("in_force", "start", "end", "known"),
    [
        ("2011-02", date(2021, 2, 1), date(2021, 3, 1), "known only to the month: 2021-02."),
        ("2011", date(2021, 1, 1), date(2022, 1, 1), "known only to the year: 2021."),
    ],
)
def test_a_partial_date_spans_all_the_days_it_may_be(
    treaty: Load, in_force: str, start: date, end: date, known: str
) -> None:
    vague = treaty(NEW_START_VAGUE.format(in_force=in_force))
    (expiry,) = inline_events(vague, as_of=TODAY)
    assert (expiry.decoded("dtstart"), expiry.decoded("dtend")) == (start, end)
    assert str(expiry["description"]).splitlines()[1] == f"The date is {known}"
    assert str(expiry["status"]) == "CONFIRMED"
    (pending,) = inline_events(vague, as_of=date(2021, 2, 15))
    assert str(pending["status"]) == "TENTATIVE"


def test_a_deferred_withdrawal_is_tentative(treaty: Load) -> None:
    ottawa = treaty(
        """\
        id: OTTAWA
        name: Ottawa Convention
        kind: multilateral
        rules:
          withdrawal: {notice: 6 months, article: "20(2)"}
        events:
          - {date: 1999-03-01, kind: entered_into_force}
          - {date: 2025-06-30, kind: withdrawal_notice, party: UA}
          - {date: 2025-12-30, kind: withdrawal_deferred, party: UA, note: Ukraine is at war}
        """
    )
    (deferred,) = inline_events(ottawa, as_of=TODAY)
    assert str(deferred["status"]) == "TENTATIVE"
    assert "deferred on 2025-12-30: Ukraine is at war" in str(deferred["description"])


def test_a_stopped_clock_is_left_out(treaty: Load) -> None:
    npt = treaty(
        """\
        id: NPT
        name: NPT
        kind: multilateral
        rules:
          withdrawal: {notice: 3 months, article: X(1)}
        events:
          - {date: 1970-03-05, kind: entered_into_force}
          - {date: 1993-03-12, kind: withdrawal_notice, party: KP}
          - {date: 1993-06-11, kind: notice_suspended, party: KP}
        """
    )
    timeline = engine.timeline(npt, as_of=date(2000, 1, 1))
    assert [d.date for d in timeline.deadlines][-1] is None
    (suspended,) = inline_events(npt, as_of=date(2000, 1, 1))
    assert suspended.decoded("dtstart") == date(1993, 6, 12)
    assert str(suspended["status"]) == "CANCELLED"


def test_lines_end_in_crlf_and_fold_at_75_octets(treaty: Load) -> None:
    # The Russian name of the INF Treaty: two octets a letter, so folding must count octets.
    name = (
        "Договор между СССР и США о ликвидации"  # noqa: RUF001 - Cyrillic on purpose
        " их ракет средней дальности и меньшей дальности"
    )
    inf = treaty(
        f"""\
        id: INF
        name: {name}
        kind: bilateral
        parties: [US, RU]
        rules:
          withdrawal: {{notice: 6 months, article: XV(2)}}
        events:
          - {{date: 1988-06-01, kind: entered_into_force}}
          - {{date: 2019-02-02, kind: withdrawal_notice, party: US}}
        """
    )
    ics = deadlines_calendar(engine.timeline(inf, as_of=TODAY).deadlines, {"INF": inf}, as_of=TODAY)
    assert ics.endswith("\r\n") and ics.count("\n") == ics.count("\r\n")
    lines = ics.encode("utf-8").split(b"\r\n")
    assert max(len(line) for line in lines) <= 75
    assert any(line.startswith(b" ") for line in lines)  # the summary was folded
    (withdrawal,) = events(ics)
    assert str(withdrawal["summary"]) == f"{name}: withdrawal takes effect (US)"


def test_the_2021_feed_matches_the_reviewed_golden_file() -> None:
    with GOLDEN.open(encoding="utf-8", newline="") as golden:
        expected = golden.read()
    assert deadlines_calendar(deadlines_in_2021(), TREATIES, as_of=TODAY) == expected
