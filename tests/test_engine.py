"""The rules, one behaviour per test, on real treaty dates."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from treatyline import engine, loader
from treatyline.model import Agreement, DeadlineKind, DeadlineStatus, StatusKind, Treaty

Load = Callable[[str], Treaty]
TODAY = date(2026, 11, 23)

INF = """\
id: INF
name: INF Treaty
kind: bilateral
parties: [US, SU]
successors: {SU: RU}
rules:
  withdrawal: {notice: 6 months, article: XV(2)}
events:
  - {date: 1987-12-08, kind: signed}
  - {date: 1988-06-01, kind: entered_into_force}
  - {date: 2019-02-02, kind: withdrawal_notice, party: US}
  - {date: 2019-08-02, kind: withdrawal_effective, party: US}
"""

NEW_START = """\
id: NEW-START
name: New START
aliases: [START III]
kind: bilateral
parties: [US, RU]
rules:
  duration: {term: 10 years, article: XIV(2)}
  extension: {limit: 5 years, times: 1, article: XIV(2)}
  withdrawal: {notice: 3 months, article: XIV(3)}
events:
  - {date: 2010-04-08, kind: signed}
  - {date: 2011-02-05, kind: entered_into_force}
  - {date: 2021-02-03, kind: extended, period: 5 years}
  - {date: 2023-02-28, kind: suspended, party: RU}
  - {date: 2026-02-05, kind: expired}
"""

DPRK = """\
id: NPT
name: NPT
kind: multilateral
rules:
  withdrawal: {notice: 3 months, article: X(1)}
events:
  - {date: 1970-03-05, kind: entered_into_force}
  - {date: 1993-03-12, kind: withdrawal_notice, party: KP}
  - {date: 1993-06-11, kind: notice_suspended, party: KP}
  - {date: 2003-01-10, kind: notice_resumed, party: KP}
"""


def only(timeline: engine.Timeline, kind: DeadlineKind) -> list[tuple[str, str]]:
    return [(str(d.date), d.status.value) for d in timeline.of_kind(kind)]


def test_a_withdrawal_takes_effect_when_the_notice_runs_out(treaty: Load) -> None:
    timeline = engine.timeline(treaty(INF), as_of=TODAY)
    (effect,) = timeline.deadlines
    assert (effect.kind, str(effect.date), effect.party) == (
        DeadlineKind.WITHDRAWAL_EFFECTIVE,
        "2019-08-02",
        "US",
    )
    assert effect.rule == "withdrawal notice of 2019-02-02 + 6 months"
    assert effect.article == "XV(2)"
    assert effect.agreement() is Agreement.SAME


def test_a_notice_is_upcoming_until_it_takes_effect(treaty: Load) -> None:
    inf = treaty(INF)
    assert only(
        engine.timeline(inf, as_of=date(2019, 8, 1)), DeadlineKind.WITHDRAWAL_EFFECTIVE
    ) == [("2019-08-02", "upcoming")]
    assert only(
        engine.timeline(inf, as_of=date(2019, 8, 2)), DeadlineKind.WITHDRAWAL_EFFECTIVE
    ) == [("2019-08-02", "passed")]


def test_a_bilateral_treaty_ends_with_a_withdrawal(treaty: Load) -> None:
    inf = treaty(INF)
    assert engine.status(inf, as_of=date(2019, 8, 1)).kind is StatusKind.IN_FORCE
    ended = engine.status(inf, as_of=date(2019, 8, 2))
    assert (ended.kind, str(ended.since)) == (StatusKind.TERMINATED, "2019-08-02")
    parties = engine.party_statuses(inf, as_of=TODAY)
    assert parties["US"].kind is StatusKind.WITHDRAWN
    assert parties["RU"].kind is StatusKind.TERMINATED


def test_the_computed_effect_ends_the_treaty_even_unrecorded(treaty: Load) -> None:
    inf = treaty(INF.replace("  - {date: 2019-08-02, kind: withdrawal_effective, party: US}\n", ""))
    assert engine.status(inf, as_of=TODAY).kind is StatusKind.TERMINATED


def test_a_multilateral_treaty_goes_on_without_the_party_that_left(treaty: Load) -> None:
    open_skies = treaty(
        """\
        id: OPEN-SKIES
        name: Open Skies Treaty
        kind: multilateral
        rules:
          withdrawal: {notice: 6 months, article: XV(2)}
        events:
          - {date: 2002-01-01, kind: entered_into_force}
          - {date: 2020-05-22, kind: withdrawal_notice, party: US}
          - {date: 2021-06-18, kind: withdrawal_notice, party: RU}
        """
    )
    timeline = engine.timeline(open_skies, as_of=TODAY)
    assert only(timeline, DeadlineKind.WITHDRAWAL_EFFECTIVE) == [
        ("2020-11-22", "passed"),
        ("2021-12-18", "passed"),
    ]
    assert engine.status_from(timeline).kind is StatusKind.IN_FORCE
    parties = engine.party_statuses_from(timeline)
    assert {code: s.kind for code, s in parties.items()} == {
        "US": StatusKind.WITHDRAWN,
        "RU": StatusKind.WITHDRAWN,
    }
    assert engine.party_statuses(open_skies, as_of=date(2021, 7, 1))["RU"].kind is (
        StatusKind.WITHDRAWING
    )


def test_a_suspended_notice_stops_the_clock_and_resumes_with_the_remainder(treaty: Load) -> None:
    npt = treaty(DPRK)
    timeline = engine.timeline(npt, as_of=TODAY)
    first, second = timeline.deadlines
    assert (str(first.date), first.status) == ("1993-06-12", DeadlineStatus.AVERTED)
    assert first.averted_by is not None and str(first.averted_by.date) == "1993-06-11"
    assert (str(second.date), second.status) == ("2003-01-11", DeadlineStatus.PASSED)
    assert second.rule == "notice resumed on 2003-01-10 with 1 day left"


def test_a_stopped_clock_is_pending_with_what_is_left(treaty: Load) -> None:
    timeline = engine.timeline(treaty(DPRK), as_of=date(2000, 1, 1))
    stopped = timeline.deadlines[-1]
    assert (stopped.date, stopped.status, str(stopped.remaining)) == (
        None,
        DeadlineStatus.PENDING,
        "1 day",
    )


def test_a_new_notice_replaces_a_suspended_one_and_runs_its_full_period(treaty: Load) -> None:
    # The NPT and North Korea, as most parties read it: the letter of 2003-01-10 was a new
    # notice, so the withdrawal took effect on 2003-04-10; had it only resumed the notice of
    # 1993, stopped with one day left, it would have taken effect on 2003-01-11.
    npt = treaty(
        DPRK.replace(
            "{date: 2003-01-10, kind: notice_resumed, party: KP}",
            "{date: 2003-01-10, kind: withdrawal_notice, party: KP}",
        )
    )
    timeline = engine.timeline(npt, as_of=TODAY)
    assert not timeline.problems
    effects = [(str(d.date), d.status, str(d.basis.date)) for d in timeline.deadlines]
    assert effects == [
        ("1993-06-12", DeadlineStatus.AVERTED, "1993-03-12"),  # stopped the day before
        ("2003-01-11", DeadlineStatus.AVERTED, "1993-03-12"),  # resumed instead: replaced
        ("2003-04-10", DeadlineStatus.PASSED, "2003-01-10"),
    ]
    resumed = timeline.deadlines[1]
    assert resumed.averted_by is not None and str(resumed.averted_by.date) == "2003-01-10"
    status = engine.party_statuses(npt, as_of=TODAY)["KP"]
    assert (status.kind, str(status.since)) == (StatusKind.WITHDRAWN, "2003-04-10")


def test_a_second_notice_while_the_first_runs_is_still_refused(treaty: Load) -> None:
    running = treaty(
        DPRK.replace(
            "  - {date: 1993-06-11, kind: notice_suspended, party: KP}\n"
            "  - {date: 2003-01-10, kind: notice_resumed, party: KP}\n",
            "  - {date: 1993-04-01, kind: withdrawal_notice, party: KP}\n",
        )
    )
    timeline = engine.timeline(running, as_of=TODAY)
    assert [str(d.date) for d in timeline.deadlines] == ["1993-06-12"]
    assert any("a second withdrawal notice by KP" in p.message for p in timeline.problems)


def test_a_revoked_notice_never_takes_effect(treaty: Load) -> None:
    revoked = treaty(
        INF.replace(
            "  - {date: 2019-08-02, kind: withdrawal_effective, party: US}\n",
            "  - {date: 2019-05-01, kind: notice_revoked, party: US}\n",
        )
    )
    (effect,) = engine.timeline(revoked, as_of=TODAY).deadlines
    assert effect.status is DeadlineStatus.AVERTED
    assert engine.status(revoked, as_of=TODAY).kind is StatusKind.IN_FORCE


def test_an_extension_averts_the_first_expiry_and_sets_a_new_one(treaty: Load) -> None:
    timeline = engine.timeline(treaty(NEW_START), as_of=TODAY)
    first, second = timeline.of_kind(DeadlineKind.EXPIRY)
    assert (str(first.date), first.status) == ("2021-02-05", DeadlineStatus.AVERTED)
    assert first.averted_by is not None and str(first.averted_by.date) == "2021-02-03"
    assert (str(second.date), second.status) == ("2026-02-05", DeadlineStatus.PASSED)
    assert second.agreement() is Agreement.SAME
    assert not timeline.problems


def test_before_the_extension_the_first_expiry_was_upcoming(treaty: Load) -> None:
    timeline = engine.timeline(treaty(NEW_START), as_of=date(2021, 1, 1))
    assert only(timeline, DeadlineKind.EXPIRY) == [("2021-02-05", "upcoming")]


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        (date(2010, 1, 1), StatusKind.NOT_CONCLUDED),
        (date(2010, 6, 1), StatusKind.SIGNED),
        (date(2021, 2, 5), StatusKind.IN_FORCE),
        (date(2023, 3, 1), StatusKind.SUSPENDED),
        (date(2026, 2, 4), StatusKind.SUSPENDED),
        (date(2026, 2, 5), StatusKind.EXPIRED),
    ],
)
def test_new_start_status_on_each_date(treaty: Load, as_of: date, expected: StatusKind) -> None:
    assert engine.status(treaty(NEW_START), as_of=as_of).kind is expected


def test_an_extension_beyond_the_cap_is_an_error(timeline: Callable[..., loader.Loaded]) -> None:
    loaded = timeline(NEW_START.replace("period: 5 years", "period: 10 years"))
    (problem,) = loaded.errors
    assert problem.where.line == 13
    assert problem.message == (
        "the extension runs to 2031-02-05, beyond the cap of 5 years (2026-02-05) in Art. XIV(2)"
    )


def test_a_second_extension_is_an_error_when_only_one_is_allowed(
    timeline: Callable[..., loader.Loaded],
) -> None:
    twice = NEW_START + "  - {date: 2026-01-01, kind: extended, until: 2027-02-05}\n"
    messages = [p.message for p in timeline(twice).errors]
    assert "extension number 2, but Art. XIV(2) allows 1" in messages


def test_entry_into_force_after_the_kth_instrument(treaty: Load) -> None:
    tpnw = treaty(
        """\
        id: TPNW
        name: TPNW
        kind: multilateral
        rules:
          entry_into_force: {instruments: 50, after: 90 days, article: "15(1)"}
        events:
          - {date: 2017-09-20, kind: opened_for_signature}
          - {date: 2020-10-24, kind: ratified, party: HN, instrument: 50}
          - {date: 2021-01-22, kind: entered_into_force}
        """
    )
    (in_force,) = engine.timeline(tpnw, as_of=TODAY).deadlines
    assert (str(in_force.date), in_force.agreement()) == ("2021-01-22", Agreement.SAME)
    assert in_force.rule == "50th instrument deposited on 2020-10-24 + 90 days"
    assert engine.status(tpnw, as_of=date(2020, 12, 1)).kind is StatusKind.OPEN_FOR_SIGNATURE


def test_a_computed_entry_into_force_starts_the_term(treaty: Load) -> None:
    term = treaty(
        """\
        id: X
        name: X
        kind: multilateral
        rules:
          entry_into_force: {instruments: 2, after: 30 days}
          duration: {term: 1 year}
        events:
          - {date: 2020-01-01, kind: ratified, party: FR, instrument: 2}
        """
    )
    assert [str(d.date) for d in engine.timeline(term, as_of=TODAY).deadlines] == [
        "2020-01-31",
        "2021-01-31",
    ]


def test_a_fixed_end_date_superseded_earlier_is_averted(treaty: Load) -> None:
    sort = treaty(
        """\
        id: SORT
        name: Moscow Treaty
        kind: bilateral
        parties: [US, RU]
        rules:
          duration: {until: 2012-12-31, article: IV(2)}
        events:
          - {date: 2002-05-24, kind: signed}
          - {date: 2003-06-01, kind: entered_into_force}
          - {date: 2011-02-05, kind: superseded, replaced_by: NEW-START}
        """
    )
    (expiry,) = engine.timeline(sort, as_of=TODAY).deadlines
    assert (str(expiry.date), expiry.status) == ("2012-12-31", DeadlineStatus.AVERTED)
    status = engine.status(sort, as_of=TODAY)
    assert (status.kind, str(status.since), status.reason) == (
        StatusKind.TERMINATED,
        "2011-02-05",
        "superseded by NEW-START",
    )


def test_a_treaty_whose_end_passed_before_entry_into_force_never_was_in_force(
    treaty: Load,
) -> None:
    salt2 = treaty(
        """\
        id: SALT-II
        name: SALT II
        kind: bilateral
        parties: [US, SU]
        rules:
          duration: {until: 1985-12-31, article: XIX(1)}
        events:
          - {date: 1979-06-18, kind: signed}
        """
    )
    assert engine.status(salt2, as_of=date(1980, 1, 1)).kind is StatusKind.SIGNED
    assert engine.status(salt2, as_of=TODAY).kind is StatusKind.NEVER_IN_FORCE


def test_recorded_one_day_later_is_the_same_instant(treaty: Load) -> None:
    cfe = treaty(
        """\
        id: CFE
        name: CFE Treaty
        kind: multilateral
        rules:
          withdrawal: {notice: 150 days, article: XIX(2)}
        events:
          - {date: 1992-11-09, kind: entered_into_force}
          - {date: 2023-06-09, kind: withdrawal_notice, party: RU}
          - {date: 2023-11-07, kind: withdrawal_effective, party: RU}
        """
    )
    (effect,) = engine.timeline(cfe, as_of=TODAY).deadlines
    assert str(effect.date) == "2023-11-06"
    assert effect.agreement() is Agreement.NEXT_DAY


def test_a_notice_given_in_a_month_takes_effect_in_a_month(treaty: Load) -> None:
    vague = treaty(INF.replace("2019-02-02", "2018-06").replace("2019-08-02", "2018-12"))
    (effect,) = engine.timeline(vague, as_of=TODAY).deadlines
    assert str(effect.date) == "2018-12"
    assert effect.agreement() is Agreement.SAME
    during = engine.timeline(vague, as_of=date(2018, 12, 15)).deadlines[0]
    assert during.status is DeadlineStatus.PENDING


def test_a_draft_is_never_in_force(treaty: Load) -> None:
    ppwt = treaty(
        "id: PPWT\nname: PPWT\nkind: draft\n"
        "events:\n  - {date: 2008-02-12, kind: draft_presented}\n"
    )
    assert engine.status(ppwt, as_of=TODAY).kind is StatusKind.DRAFT


def test_arithmetic_beyond_the_calendar_is_a_problem(
    timeline: Callable[..., loader.Loaded],
) -> None:
    loaded = timeline(INF.replace("2019-02-02", "9999-10-01").replace("2019-08-02", "9999-12-31"))
    (problem,) = loaded.errors
    assert (problem.where.line, problem.message) == (
        11,
        "9999-10-01 + 6 months is beyond the calendar",
    )


def test_deadlines_come_in_date_order_across_treaties(treaty: Load) -> None:
    found = engine.deadlines([treaty(NEW_START), treaty(INF)], as_of=TODAY)
    assert [str(d.date) for d in found] == ["2019-08-02", "2021-02-05", "2026-02-05"]


def test_a_computed_withdrawal_averts_a_later_expiry(treaty: Load) -> None:
    early_exit = treaty(
        NEW_START.replace(
            "  - {date: 2023-02-28, kind: suspended, party: RU}\n",
            "  - {date: 2023-02-28, kind: withdrawal_notice, party: RU}\n",
        )
    )
    expiry = engine.timeline(early_exit, as_of=TODAY).of_kind(DeadlineKind.EXPIRY)[-1]
    assert expiry.status is DeadlineStatus.AVERTED


# -- renewal, milestones, deferral, renunciation --------------------------------------------------

INCSEA = """\
id: INCSEA
name: Incidents at Sea Agreement
kind: bilateral
parties: [US, SU]
successors: {SU: RU}
rules:
  duration: {term: 3 years, article: X}
  renewal: {period: 3 years, article: X}
  withdrawal: {notice: 6 months, article: X}
events:
  - {date: 1972-05-25, kind: signed}
  - {date: 1972-05-25, kind: entered_into_force}
"""


def renewals(timeline: engine.Timeline) -> list[tuple[str, DeadlineStatus]]:
    return [(str(d.date), d.status) for d in timeline.of_kind(DeadlineKind.RENEWAL)]


def test_a_renewing_term_renews_every_period_up_to_the_first_after_as_of(treaty: Load) -> None:
    incsea = engine.timeline(treaty(INCSEA), as_of=date(1980, 1, 1))
    assert renewals(incsea) == [
        ("1975-05-25", DeadlineStatus.PASSED),
        ("1978-05-25", DeadlineStatus.PASSED),
        ("1981-05-25", DeadlineStatus.UPCOMING),
    ]
    assert engine.status_from(incsea).kind is StatusKind.IN_FORCE


def test_renewals_reach_the_horizon_asked_for(treaty: Load) -> None:
    incsea = engine.timeline(treaty(INCSEA), as_of=TODAY, horizon=date(2030, 12, 31))
    dates = [when for when, _ in renewals(incsea)]
    assert dates[-3:] == ["2026-05-25", "2029-05-25", "2032-05-25"]
    assert len(dates) == 20  # 1975 to 2032, every three years


def test_a_withdrawal_ends_the_renewals_of_a_bilateral_treaty(treaty: Load) -> None:
    ended = INCSEA + "  - {date: 1980-01-10, kind: withdrawal_notice, party: RU}\n"
    incsea = engine.timeline(treaty(ended), as_of=TODAY)
    assert renewals(incsea)[-1] == ("1981-05-25", DeadlineStatus.AVERTED)
    status = engine.status_from(incsea)
    assert (status.kind, str(status.since)) == (StatusKind.TERMINATED, "1980-07-10")


def test_a_far_horizon_lists_the_first_renewals_and_counts_the_rest(treaty: Load) -> None:
    incsea = engine.timeline(treaty(INCSEA), as_of=TODAY, horizon=date.max)
    assert incsea.problems == ()
    listed = incsea.of_kind(DeadlineKind.RENEWAL)
    assert len(listed) == engine.RENEWALS_LISTED
    assert (str(listed[0].date), str(listed[-1].date)) == ("1975-05-25", "2272-05-25")
    # The series runs to 9997-05-25 (1975 + 3 x 2674 years): the rest is counted, and said.
    assert incsea.renewals_left_out == 2575
    assert listed[-1].rule.endswith("; 2,575 later renewals, to 9997-05-25, not listed")


JCPOA = """\
id: JCPOA
name: JCPOA
kind: political
rules:
  milestones:
    - {name: Adoption Day, from: Endorsement, after: 90 days, article: "34(ii)"}
    - {name: Transition Day, from: Adoption Day, after: 8 years, article: "34(iv)"}
    - {name: Termination Day, from: Adoption Day, after: 10 years, article: "34(v)"}
events:
  - {date: 2015-07-14, kind: adopted}
  - {date: 2015-07-20, kind: milestone, name: Endorsement}
  - {date: 2015-10-18, kind: milestone, name: Adoption Day}
  - {date: 2015-10-18, kind: entered_into_force}
"""


def milestones(timeline: engine.Timeline) -> dict[str | None, str]:
    return {d.label: str(d.date) for d in timeline.of_kind(DeadlineKind.MILESTONE)}


def test_milestones_count_from_recorded_days_and_from_each_other(treaty: Load) -> None:
    jcpoa = engine.timeline(treaty(JCPOA), as_of=TODAY)
    assert milestones(jcpoa) == {
        "Adoption Day": "2015-10-18",  # 2015-07-20 + 90 days
        "Transition Day": "2023-10-18",
        "Termination Day": "2025-10-18",
    }
    (adoption,) = [d for d in jcpoa.deadlines if d.label == "Adoption Day"]
    assert adoption.agreement() is Agreement.SAME
    assert adoption.rule == "Endorsement of 2015-07-20 + 90 days"


def test_a_milestone_waits_for_the_day_it_counts_from(treaty: Load) -> None:
    snapback = JCPOA.replace(
        "events:",
        '    - {name: Snapback, from: Snapback notification, after: 30 days, article: "37"}\n'
        "events:\n"
        "  - {date: 2025-08-28, kind: milestone, name: Snapback notification}",
    )
    before = engine.timeline(treaty(snapback), as_of=date(2025, 8, 1))
    assert "Snapback" not in milestones(before)
    after = engine.timeline(treaty(snapback), as_of=TODAY)
    assert milestones(after)["Snapback"] == "2025-09-27"


def test_a_milestone_counting_from_nothing_known_is_reported(
    timeline: Callable[..., loader.Loaded],
) -> None:
    typo = JCPOA.replace("from: Endorsement", "from: Endorsment")
    loaded = timeline(typo)
    messages = [p.message for p in loaded.problems]
    assert messages == [
        "milestone 'Adoption Day' counts from 'Endorsment', which is neither a milestone nor"
        " an event kind"
    ]


OTTAWA = """\
id: OTTAWA
name: Ottawa Convention
kind: multilateral
rules:
  withdrawal: {notice: 6 months, article: "20(2)"}
events:
  - {date: 1999-03-01, kind: entered_into_force}
  - {date: 2025-06-27, kind: withdrawal_notice, party: LT}
  - {date: 2025-12-27, kind: withdrawal_effective, party: LT}
  - {date: 2025-06-30, kind: withdrawal_notice, party: UA}
  - {date: 2025-12-30, kind: withdrawal_deferred, party: UA, note: Ukraine is at war}
"""


def test_a_deferred_withdrawal_keeps_its_date_but_does_not_take_effect(treaty: Load) -> None:
    ottawa = engine.timeline(treaty(OTTAWA), as_of=TODAY)
    by_party = {d.party: d for d in ottawa.of_kind(DeadlineKind.WITHDRAWAL_EFFECTIVE)}
    assert (str(by_party["LT"].date), by_party["LT"].status) == (
        "2025-12-27",
        DeadlineStatus.PASSED,
    )
    ukraine = by_party["UA"]
    assert (str(ukraine.date), ukraine.status) == ("2025-12-30", DeadlineStatus.DEFERRED)
    parties = engine.party_statuses_from(ottawa)
    assert parties["UA"].kind is StatusKind.WITHDRAWING
    assert parties["LT"].kind is StatusKind.WITHDRAWN


START_II = """\
id: START-II
name: START II
kind: bilateral
parties: [US, RU]
events:
  - {date: 1993-01-03, kind: signed}
  - {date: 1996-01-26, kind: ratified, party: US}
  - {date: 2000-04-14, kind: ratified, party: RU}
  - {date: 2002-06-14, kind: renounced, party: RU}
"""


def test_a_bilateral_treaty_renounced_before_entry_into_force_never_was_in_force(
    treaty: Load,
) -> None:
    start_ii = treaty(START_II)
    before = engine.party_statuses(start_ii, as_of=date(2001, 1, 1))
    assert before["RU"].kind is StatusKind.RATIFIED  # ratified, but the treaty is not in force
    assert engine.status(start_ii, as_of=date(2001, 1, 1)).kind is StatusKind.SIGNED
    status = engine.status(start_ii, as_of=TODAY)
    assert (status.kind, str(status.since)) == (StatusKind.NEVER_IN_FORCE, "2002-06-14")
    assert status.reason == "RU declared it would not be bound"


def test_a_renounced_signature_of_a_multilateral_treaty_is_that_states_alone(
    treaty: Load,
) -> None:
    att = treaty(
        """\
        id: ATT
        name: Arms Trade Treaty
        kind: multilateral
        events:
          - {date: 2013-06-03, kind: opened_for_signature}
          - {date: 2013-09-25, kind: signed, party: US}
          - {date: 2014-12-24, kind: entered_into_force}
          - {date: 2019-07-18, kind: renounced, party: US}
        """
    )
    assert engine.status(att, as_of=TODAY).kind is StatusKind.IN_FORCE
    assert engine.party_statuses(att, as_of=TODAY)["US"].kind is StatusKind.RENOUNCED
    assert engine.party_statuses(att, as_of=date(2019, 1, 1))["US"].kind is StatusKind.SIGNATORY


def test_an_adopted_text_is_adopted_until_it_is_opened_or_in_force(treaty: Load) -> None:
    jcpoa = treaty(JCPOA)
    assert engine.status(jcpoa, as_of=date(2015, 8, 1)).kind is StatusKind.ADOPTED
    assert engine.status(jcpoa, as_of=TODAY).kind is StatusKind.IN_FORCE


def test_a_contested_claim_that_the_rule_supports_is_named(treaty: Load) -> None:
    npt = treaty(
        DPRK
        + "  - date: 2003-04-10\n"
        + "    kind: withdrawal_effective\n"
        + "    party: KP\n"
        + "    contested: [{date: 2003-01-11, held_by: DPRK}]\n"
    )
    (effect,) = [
        d
        for d in engine.timeline(npt, as_of=TODAY).of_kind(DeadlineKind.WITHDRAWAL_EFFECTIVE)
        if d.status is not DeadlineStatus.AVERTED
    ]
    assert effect.agreement() is Agreement.DIFFERS
    claim = effect.supporting_claim()
    assert claim is not None
    assert (str(claim.date), claim.held_by) == ("2003-01-11", "DPRK")


def test_entry_into_force_can_count_from_the_first_day_of_the_deposits_month(
    treaty: Load,
) -> None:
    """Ottawa Art. 17(1): the first day of the sixth month after the month of the 40th deposit."""
    ottawa = treaty(
        """\
        id: OTTAWA
        name: Ottawa Convention
        kind: multilateral
        rules:
          entry_into_force:
            instruments: 40
            after: 6 months
            counted_from: month_of_deposit
        events:
          - {date: 1998-09-16, kind: ratified, party: BF, instrument: 40}
          - {date: 1999-03-01, kind: entered_into_force}
        """
    )
    (entry,) = engine.timeline(ottawa, as_of=TODAY).of_kind(DeadlineKind.ENTRY_INTO_FORCE)
    assert str(entry.date) == "1999-03-01"  # not 1999-03-16, six months after the deposit
    assert entry.agreement() is Agreement.SAME


# -- what no rule justifies is reported and computes nothing (issue 17, class 7) ------------------

NPT_KP = """\
id: NPT
name: NPT
kind: multilateral
rules:
  withdrawal: {notice: 3 months, article: X(1)}
events:
  - {date: 1970-03-05, kind: entered_into_force}
"""


def messages(timeline: engine.Timeline) -> list[str]:
    return [problem.message for problem in timeline.problems]


def test_a_notice_before_entry_into_force_withdraws_nobody(treaty: Load) -> None:
    early = treaty(
        """\
        id: EARLY
        name: Early
        kind: bilateral
        parties: [US, RU]
        rules:
          withdrawal: {notice: 6 months, article: "15"}
        events:
          - {date: 2000-01-10, kind: signed}
          - {date: 2001-03-01, kind: withdrawal_notice, party: US}
          - {date: 2002-06-01, kind: entered_into_force}
        """
    )
    timeline = engine.timeline(early, as_of=TODAY)
    assert timeline.of_kind(DeadlineKind.WITHDRAWAL_EFFECTIVE) == []
    assert engine.status_from(timeline).kind is StatusKind.IN_FORCE
    assert engine.party_statuses_from(timeline)["US"].kind is StatusKind.PARTY
    assert messages(timeline) == [
        "a withdrawal notice by US on 2001-03-01, before EARLY entered into force on 2002-06-01"
    ]


def test_a_second_notice_while_one_runs_gives_one_withdrawal(treaty: Load) -> None:
    twice = treaty(
        NPT_KP
        + "  - {date: 2003-01-10, kind: withdrawal_notice, party: KP}\n"
        + "  - {date: 2003-02-01, kind: withdrawal_notice, party: KP}\n"
        + "  - {date: 2010-01-01, kind: withdrawal_notice, party: KP}\n"
    )
    timeline = engine.timeline(twice, as_of=TODAY)
    assert only(timeline, DeadlineKind.WITHDRAWAL_EFFECTIVE) == [("2003-04-10", "passed")]
    withdrawn = engine.party_statuses_from(timeline)["KP"]
    assert (withdrawn.kind, str(withdrawn.since)) == (StatusKind.WITHDRAWN, "2003-04-10")
    assert len(timeline.problems) == 2


def test_a_state_that_joined_again_may_give_notice_again(treaty: Load) -> None:
    again = treaty(
        NPT_KP
        + "  - {date: 1985-12-12, kind: acceded, party: KP}\n"
        + "  - {date: 2003-01-10, kind: withdrawal_notice, party: KP}\n"
        + "  - {date: 2005-01-10, kind: acceded, party: KP}\n"
        + "  - {date: 2010-01-01, kind: withdrawal_notice, party: KP}\n"
    )
    timeline = engine.timeline(again, as_of=TODAY)
    assert only(timeline, DeadlineKind.WITHDRAWAL_EFFECTIVE) == [
        ("2003-04-10", "passed"),
        ("2010-04-01", "passed"),
    ]
    assert timeline.problems == ()


def test_a_revocation_after_the_withdrawal_took_effect_changes_nothing(treaty: Load) -> None:
    late = treaty(
        NPT_KP
        + "  - {date: 2003-01-10, kind: withdrawal_notice, party: KP}\n"
        + "  - {date: 2004-01-10, kind: notice_revoked, party: KP}\n"
    )
    timeline = engine.timeline(late, as_of=TODAY)
    assert only(timeline, DeadlineKind.WITHDRAWAL_EFFECTIVE) == [("2003-04-10", "passed")]
    assert engine.party_statuses_from(timeline)["KP"].kind is StatusKind.WITHDRAWN


def test_a_notice_known_to_the_month_stops_with_a_range_of_days_left(treaty: Load) -> None:
    month = treaty(
        NPT_KP
        + "  - {date: 2001-01, kind: withdrawal_notice, party: KP}\n"
        + "  - {date: 2001-02-03, kind: notice_suspended, party: KP}\n"
    )
    stopped = engine.timeline(month, as_of=date(2001, 12, 31))
    assert stopped.problems == ()
    averted, clock = stopped.of_kind(DeadlineKind.WITHDRAWAL_EFFECTIVE)
    assert (str(averted.date), averted.status) == ("2001-04", DeadlineStatus.AVERTED)
    assert (clock.date, clock.status) == (None, DeadlineStatus.PENDING)
    # 2001-04-01 - 2001-02-03 = 57 days, 2001-04-30 - 2001-02-03 = 86 days.
    assert clock.rule == "clock stopped on 2001-02-03 with 57 to 86 days of 3 months left"
    resumed = treaty(
        NPT_KP
        + "  - {date: 2001-01, kind: withdrawal_notice, party: KP}\n"
        + "  - {date: 2001-02-03, kind: notice_suspended, party: KP}\n"
        + "  - {date: 2003-01-10, kind: notice_resumed, party: KP}\n"
    )
    effect = engine.timeline(resumed, as_of=TODAY).of_kind(DeadlineKind.WITHDRAWAL_EFFECTIVE)[-1]
    assert str(effect.date) == "2003-03-08/2003-04-06"  # 2003-01-10 + 57 and + 86 days


def test_acts_on_no_running_notice_are_reported_and_change_no_status(treaty: Load) -> None:
    stray = treaty(
        NPT_KP
        + "  - {date: 1993-06-11, kind: notice_suspended, party: KP}\n"
        + "  - {date: 2004-01-10, kind: notice_revoked, party: IR}\n"
    )
    timeline = engine.timeline(stray, as_of=TODAY)
    assert len(timeline.problems) == 2
    assert "IR" not in engine.party_statuses_from(timeline)  # no notice revoked: no party


def test_an_extension_after_expiry_averts_nothing(treaty: Load) -> None:
    late = treaty(
        """\
        id: LATE
        name: Late
        kind: bilateral
        parties: [US, RU]
        rules:
          duration: {term: 5 years, article: "10"}
          extension: {article: "10"}
        events:
          - {date: 2000-06-01, kind: entered_into_force}
          - {date: 2012-03-01, kind: extended, period: 5 years}
        """
    )
    timeline = engine.timeline(late, as_of=TODAY)
    assert only(timeline, DeadlineKind.EXPIRY) == [("2005-06-01", "passed")]
    status = engine.status_from(timeline)
    assert (status.kind, str(status.since)) == (StatusKind.EXPIRED, "2005-06-01")


def test_an_extension_to_an_earlier_day_does_not_shorten_the_term(treaty: Load) -> None:
    shorter = treaty(
        """\
        id: SHORTER
        name: Shorter
        kind: bilateral
        parties: [US, RU]
        rules:
          duration: {term: 5 years, article: "10"}
          extension: {article: "10"}
        events:
          - {date: 2000-06-01, kind: entered_into_force}
          - {date: 2004-03-01, kind: extended, until: 2003-01-01}
        """
    )
    timeline = engine.timeline(shorter, as_of=date(2004, 6, 1))
    assert only(timeline, DeadlineKind.EXPIRY) == [("2005-06-01", "upcoming")]
    assert messages(timeline) == [
        "an extension until 2003-01-01, before the end it would extend (2005-06-01)"
    ]


def test_a_notice_after_a_bilateral_treaty_ended_withdraws_nobody_again(treaty: Load) -> None:
    after = treaty(INF + "  - {date: 2020-03-01, kind: withdrawal_notice, party: RU}\n")
    timeline = engine.timeline(after, as_of=TODAY)
    assert [d.party for d in timeline.of_kind(DeadlineKind.WITHDRAWAL_EFFECTIVE)] == ["US"]
