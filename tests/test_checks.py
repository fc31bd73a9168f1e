"""The checks that catch contradictions in anyone's data: each on a small, real-looking case."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from treatyline import loader
from treatyline.catalog import Source
from treatyline.errors import Severity

Load = Callable[..., loader.Loaded]


def reported(loaded: loader.Loaded) -> list[tuple[int, str, str]]:
    return [(p.where.line, p.severity.value, p.message) for p in loaded.problems]


def test_entry_into_force_before_the_signature_is_an_error(timeline: Load) -> None:
    loaded = timeline(
        """\
        id: INF
        name: INF Treaty
        kind: bilateral
        parties: [US, SU]
        events:
          - {date: 1987-12-08, kind: signed}
          - {date: 1978-06-01, kind: entered_into_force}
        """
    )
    assert reported(loaded) == [
        (7, "error", "entry into force on 1978-06-01, before the signature of 1987-12-08")
    ]


def test_a_ratification_before_the_states_own_signature_is_an_error(timeline: Load) -> None:
    loaded = timeline(
        """\
        id: CTBT
        name: CTBT
        kind: multilateral
        events:
          - {date: 1996-09-24, kind: signed, party: RU}
          - {date: 1990-06-30, kind: ratified, party: RU}
        """
    )
    assert reported(loaded) == [
        (6, "error", "ratification by RU on 1990-06-30, before the signature of 1996-09-24")
    ]


def test_a_later_signature_by_one_state_does_not_judge_the_whole_treaty(timeline: Load) -> None:
    """Tlatelolco entered into force in 1968; Cuba signed in 1995. Nothing is wrong."""
    loaded = timeline(
        """\
        id: TLATELOLCO
        name: Treaty of Tlatelolco
        kind: multilateral
        events:
          - {date: 1968-04-22, kind: entered_into_force}
          - {date: 1994-01-18, kind: ratified, party: AR}
          - {date: 1995-03-25, kind: signed, party: CU}
        """
    )
    assert reported(loaded) == []


def test_a_draft_cannot_be_signed_or_enter_into_force(timeline: Load) -> None:
    loaded = timeline(
        """\
        id: EST
        name: European Security Treaty
        kind: draft
        events:
          - {date: 2009-11-29, kind: draft_presented, party: RU}
          - {date: 2010-01-01, kind: entered_into_force}
        """
    )
    assert reported(loaded) == [
        (
            6,
            "error",
            "an entered_into_force event, but EST is a draft, never opened for signature",
        )
    ]


def test_an_event_after_the_end_contradicts_the_dates(timeline: Load) -> None:
    loaded = timeline(
        """\
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
          - {date: 1991-12-26, kind: succeeded, party: RU}
          - {date: 2019-02-02, kind: withdrawal_notice, party: US}
          - {date: 2020-03-01, kind: suspended, party: RU}
          - {date: 2020-03-02, kind: statement, party: RU, note: Statements are fine.}
        """
    )
    assert reported(loaded) == [
        (
            13,
            "warning",
            "a suspended event on 2020-03-01, but INF was terminated on 2019-08-02"
            " (withdrawal of US took effect)",
        )
    ]


def test_a_treaty_never_in_force_cannot_expire(timeline: Load) -> None:
    """SALT II was signed, never ratified, and its fixed end date passed in 1985."""
    loaded = timeline(
        """\
        id: SALT-II
        name: SALT II
        kind: bilateral
        parties: [US, SU]
        rules:
          duration: {until: 1985-12-31, article: XIX}
        events:
          - {date: 1979-06-18, kind: signed}
          - {date: 1985-12-31, kind: expired}
        """
    )
    assert reported(loaded) == [
        (9, "warning", "an expired event, but SALT-II never entered into force")
    ]


def test_a_party_bound_by_a_treaty_in_force_withdraws_rather_than_renounces(
    timeline: Load,
) -> None:
    loaded = timeline(
        """\
        id: ATT
        name: Arms Trade Treaty
        kind: multilateral
        events:
          - {date: 2014-12-24, kind: entered_into_force}
          - {date: 2015-03-01, kind: ratified, party: NO}
          - {date: 2019-07-18, kind: renounced, party: NO}
        """
    )
    assert reported(loaded) == [
        (7, "warning", "NO renounced ATT, but it was a party since 2015-03-01")
    ]


def test_the_same_event_twice_is_reported_once(timeline: Load) -> None:
    loaded = timeline(
        """\
        id: NPT
        name: NPT
        kind: multilateral
        events:
          - {date: 1970-03-05, kind: entered_into_force}
          - {date: 1970-03-05, kind: entered_into_force}
        """
    )
    assert reported(loaded) == [
        (6, "warning", "the same entered_into_force event is recorded twice")
    ]


NEW_START = """\
id: NEW-START
name: New START
kind: bilateral
parties: [US, RU]
status: in_force
rules:
  duration: {term: 10 years, article: XIV(2)}
  extension: {limit: 5 years, times: 1, article: XIV(2)}
events:
  - {date: 2011-02-05, kind: entered_into_force}
  - {date: 2021-02-03, kind: extended, period: 5 years}
"""


def test_a_stated_status_left_stale_by_the_dates_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "new-start.yaml"
    path.write_text(NEW_START, encoding="utf-8")
    before = loader.load([Source(path)], as_of=date(2025, 1, 1))
    assert before.problems == ()
    after = loader.load([Source(path)], as_of=date(2026, 11, 23))
    assert reported(after) == [
        (
            1,
            "warning",
            "the file says NEW-START is in_force, but on 2026-11-23 its dates make it expired"
            " since 2026-02-05 (extended on 2021-02-03 by 5 years)",
        )
    ]


def test_a_recorded_date_that_differs_from_the_rule_is_reported(timeline: Load) -> None:
    loaded = timeline(
        """\
        id: INF
        name: INF Treaty
        kind: bilateral
        parties: [US, SU]
        rules:
          withdrawal: {notice: 6 months, article: XV(2)}
        events:
          - {date: 1988-06-01, kind: entered_into_force}
          - {date: 2019-02-02, kind: withdrawal_notice, party: US}
          - {date: 2019-08-01, kind: withdrawal_effective, party: US}
        """
    )
    assert reported(loaded) == [
        (
            10,
            "warning",
            "recorded 2019-08-01, but withdrawal notice of 2019-02-02 + 6 months (XV(2))"
            " gives 2019-08-02",
        )
    ]


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


def test_a_resumed_notice_is_compared_only_after_it_resumed(timeline: Load) -> None:
    """The 1993-06-12 date the suspension averted is not held against the 2003 record."""
    recorded = DPRK + "  - {date: 2003-01-11, kind: withdrawal_effective, party: KP}\n"
    assert reported(timeline(recorded)) == []


def test_a_contested_claim_that_the_rule_supports_settles_the_difference(
    timeline: Load,
) -> None:
    """Others hold 2003-04-10 and the DPRK 2003-01-11: both are in the record, with sources."""
    other_view = DPRK + (
        "  - date: 2003-04-10\n"
        "    kind: withdrawal_effective\n"
        "    party: KP\n"
        "    contested: [{date: 2003-01-11, held_by: DPRK}]\n"
    )
    assert reported(timeline(other_view)) == []
    no_claim = DPRK + "  - {date: 2003-04-10, kind: withdrawal_effective, party: KP}\n"
    (warning,) = timeline(no_claim).problems
    assert warning.severity is Severity.WARNING
    assert warning.message.startswith("recorded 2003-04-10, but notice resumed on 2003-01-10")


def test_bundled_data_must_cite_a_source_for_every_event(timeline: Load) -> None:
    loaded = timeline(
        """\
        id: PTBT
        name: Partial Test Ban Treaty
        kind: multilateral
        events:
          - {date: 1963-08-05, kind: signed, source: "https://www.state.gov/"}
          - {date: 1963-10-10, kind: entered_into_force}
        """,
        bundled=True,
    )
    assert reported(loaded) == [(6, "error", "a bundled event needs a source")]
