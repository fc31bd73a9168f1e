"""The loader: explicit types, located problems, and nothing dropped silently."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from treatyline import loader
from treatyline.catalog import Source
from treatyline.model import EventKind, InstrumentKind, Treaty
from treatyline.periods import PartialDate

Load = Callable[..., loader.Loaded]

INF = """\
id: INF
name: INF Treaty
kind: bilateral
parties: [US, SU]
rules:
  withdrawal: {notice: 6 months, article: XV(2)}
events:
  - {date: 2019-02-02, kind: withdrawal_notice, party: US}
"""


def places(loaded: loader.Loaded) -> list[tuple[int, int, str]]:
    return [(p.where.line, p.where.column, p.message) for p in loaded.problems]


def test_a_valid_file_loads_every_field(treaty: Callable[[str], Treaty]) -> None:
    inf = treaty(INF)
    assert (inf.id, inf.name, inf.kind) == ("INF", "INF Treaty", InstrumentKind.BILATERAL)
    assert inf.parties == ("US", "SU")
    assert inf.rules.withdrawal is not None
    assert str(inf.rules.withdrawal.notice) == "6 months"
    (notice,) = inf.events
    assert notice.kind is EventKind.WITHDRAWAL_NOTICE
    assert notice.date == PartialDate.parse("2019-02-02")
    assert (notice.where.line, notice.where.column) == (8, 5)


def test_norway_is_a_country_not_a_boolean(treaty: Callable[[str], Treaty]) -> None:
    loaded = treaty("id: X\nname: X\nkind: multilateral\ndepositaries: [NO, US]\n")
    assert loaded.depositaries == ("NO", "US")


def test_a_misspelt_event_kind_is_located_with_a_suggestion(timeline: Load) -> None:
    loaded = timeline(INF.replace("kind: withdrawal_notice", "kind: withdrawl_notice"))
    (problem,) = loaded.problems
    assert (problem.where.line, problem.where.column) == (8, 30)
    assert problem.message == "unknown event kind 'withdrawl_notice'"
    assert problem.hint == "did you mean 'withdrawal_notice'?"
    assert problem.excerpt == "  - {date: 2019-02-02, kind: withdrawl_notice, party: US}"
    assert problem.width == len("withdrawl_notice")


def test_an_unknown_key_is_an_error_not_a_silent_drop(timeline: Load) -> None:
    loaded = timeline(INF.replace("  withdrawal:", "  withdrawl:"))
    assert places(loaded) == [
        (6, 3, "unknown key 'withdrawl' in rules"),
        (8, 5, "a withdrawal notice, but the treaty has no withdrawal rule"),
    ]
    assert loaded.problems[0].hint == "did you mean 'withdrawal'?"


def test_duplicate_keys_are_reported_with_the_first_place(timeline: Load) -> None:
    loaded = timeline(INF.replace("kind: bilateral", "kind: bilateral\nname: Again"))
    assert places(loaded) == [(4, 1, "duplicate key 'name'")]
    assert loaded.problems[0].hint == "'name' is already on line 2"


def test_every_problem_is_reported_at_once(timeline: Load) -> None:
    loaded = timeline(
        """\
        id: INF
        name: INF Treaty
        kind: bilateral
        parties: [US, XX]
        events:
          - {date: 2019-02-30, kind: withdrawal_notice, party: US}
          - {date: 2019-08-02, kind: withdrawal_effective}
          - {date: 1987-12-08, kind: signed, colour: red}
        """
    )
    assert places(loaded) == [
        (4, 15, "parties: 'XX' is not a country code"),
        (6, 12, "date: '2019-02-30' is not a date: February 2019 has 28 days"),
        (7, 5, "a withdrawal_effective event needs a party"),
        (7, 5, "a withdrawal_effective event, but INF never entered into force"),
        (8, 38, "unknown key 'colour' in an event"),
    ]


def test_a_bad_event_does_not_take_its_siblings_with_it(timeline: Load) -> None:
    loaded = timeline(
        INF + "  - {date: 2019-13-01, kind: statement}\n  - {date: 2019-08-02, kind: terminated}\n"
    )
    assert [p.where.line for p in loaded.errors] == [9]
    (inf,) = loaded.treaties
    assert [e.kind for e in inf.events] == [EventKind.WITHDRAWAL_NOTICE, EventKind.TERMINATED]


def test_a_broken_file_does_not_stop_the_others(timeline: Load) -> None:
    loaded = timeline("id: [unclosed\n", INF)
    assert [t.id for t in loaded.treaties] == ["INF"]
    (problem,) = loaded.problems
    assert problem.where.path.endswith("timeline-0.yaml")
    assert problem.message.startswith("not valid YAML")


def test_missing_required_fields_are_named(timeline: Load) -> None:
    loaded = timeline("id: INF\nevents: []\n")
    assert places(loaded) == [
        (1, 1, "a timeline has no 'kind'"),
        (1, 1, "a timeline has no 'name'"),
    ]


def test_numbers_and_nulls_are_not_taken_for_text(timeline: Load) -> None:
    loaded = timeline("id: INF\nname: ~\nkind: bilateral\nparties: [US, 1987]\n")
    assert places(loaded) == [
        (2, 7, "name is empty"),
        (4, 15, "parties: '1987' is not a country code"),
    ]


def test_lower_case_codes_get_a_hint_to_capitalise(timeline: Load) -> None:
    loaded = timeline("id: INF\nname: INF\nkind: bilateral\nparties: [us]\n")
    assert loaded.problems[0].message == "parties: 'us' must be written in capitals: 'US'"


def test_a_name_where_a_code_belongs_is_answered_with_its_code(timeline: Load) -> None:
    loaded = timeline("id: INF\nname: INF\nkind: bilateral\nparties: [US, Soviet Union]\n")
    assert places(loaded) == [
        (4, 15, "parties: 'Soviet Union' is not a country code; did you mean SU (USSR)?"),
    ]


def test_python_tags_are_refused_and_never_run(timeline: Load, tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    loaded = timeline(
        f"id: INF\nname: !!python/object/apply:os.system ['touch {marker}']\nkind: bilateral\n"
    )
    assert not marker.exists()
    assert "the tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed" in [
        p.message for p in loaded.problems
    ]


def test_aliases_are_refused(timeline: Load) -> None:
    loaded = timeline("id: INF\nname: &n INF\nkind: bilateral\ntitle: *n\n")
    (problem,) = loaded.problems
    assert (problem.where.line, problem.where.column) == (2, 7)
    assert "anchors and aliases are not supported" in problem.message


def test_fields_that_belong_to_other_kinds_are_errors(timeline: Load) -> None:
    loaded = timeline(INF + "  - {date: 2019-08-02, kind: statement, period: 5 years}\n")
    assert places(loaded) == [(9, 49, "'period' belongs only to extended events")]


def test_an_extension_needs_its_length(timeline: Load) -> None:
    loaded = timeline(INF + "  - {date: 2019-08-02, kind: extended}\n")
    assert places(loaded) == [
        (9, 5, "an extension needs a period or an until date"),
        (9, 5, "an extension, but the treaty has no term to extend"),
    ]


def test_bundled_events_must_cite_a_source(timeline: Load) -> None:
    loaded = timeline(INF, bundled=True)
    assert places(loaded) == [(8, 5, "a bundled event needs a source")]


def test_a_bom_and_crlf_line_ends_are_normal(
    treaty: Callable[[str], Treaty], tmp_path: Path
) -> None:
    path = tmp_path / "inf.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + INF.replace("\n", "\r\n").encode())
    loaded = loader.load([Source(path)])
    assert not loaded.problems
    assert loaded.treaties[0].events[0].where.line == 8


def test_bytes_that_are_not_utf8_are_located(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_bytes(b"id: INF\nname: \xff\n")
    (problem,) = loader.load([Source(path)]).problems
    assert (problem.where.line, problem.where.column, problem.message) == (
        2,
        7,
        "the file is not UTF-8 text",
    )


def test_an_empty_file_is_a_problem(timeline: Load) -> None:
    assert places(timeline("")) == [(1, 1, "the file is empty")]


def test_partial_dates_are_kept(treaty: Callable[[str], Treaty]) -> None:
    loaded = treaty(
        "id: X\nname: X\nkind: draft\nevents:\n  - {date: 2008-02, kind: draft_presented}\n"
    )
    assert str(loaded.events[0].date) == "2008-02"


def test_a_user_file_adds_events_to_a_treaty(timeline: Load) -> None:
    extra = "extends: INF\nevents:\n  - {date: 2019-08-02, kind: withdrawal_effective, party: US}\n"
    loaded = timeline(INF, extra)
    assert not loaded.problems
    (inf,) = loaded.treaties
    assert [e.kind.value for e in inf.events] == ["withdrawal_notice", "withdrawal_effective"]


def test_the_same_treaty_twice_names_both_files(timeline: Load) -> None:
    loaded = timeline(INF, INF)
    (problem,) = loaded.problems
    assert problem.where.path.endswith("timeline-1.yaml")
    assert "already defined in" in problem.message
    assert "timeline-0.yaml:1:5" in problem.message
    assert problem.hint == "to add events to it, write 'extends: INF' and events only"


def test_extending_an_unknown_treaty_is_an_error(timeline: Load) -> None:
    loaded = timeline(INF, "extends: IMF\nevents: []\n")
    (problem,) = loaded.problems
    assert problem.message == "no treaty 'IMF' to extend"
    assert problem.hint == "did you mean 'INF'?"


def test_contested_claims_are_kept_with_their_sources(treaty: Callable[[str], Treaty]) -> None:
    npt = treaty(
        """\
        id: NPT
        name: NPT
        kind: multilateral
        events:
          - date: 2003-04-10
            kind: withdrawal_effective
            party: KP
            source: https://example.org/general-view
            contested:
              - date: 2003-01-11
                held_by: KP
                source: https://example.org/dprk-statement
        """
    )
    (claim,) = npt.events[0].contested
    assert (str(claim.date), claim.held_by) == ("2003-01-11", "KP")
    assert claim.source == "https://example.org/dprk-statement"


def test_a_bad_date_does_not_hide_the_other_fields_problems(timeline: Load) -> None:
    loaded = timeline(INF + "  - {date: 2019-02-30, kind: statement, party: us}\n")
    assert [(p.where.line, p.where.column) for p in loaded.problems] == [(9, 12), (9, 48)]


def test_a_predecessor_named_twice_is_a_duplicate(timeline: Load) -> None:
    loaded = timeline(
        INF.replace("parties: [US, SU]", "parties: [US, SU]\nsuccessors: {SU: RU, SU: UA}")
    )
    assert [p.message for p in loaded.errors] == ["duplicate key 'SU'"]


def test_counts_take_only_ascii_digits(timeline: Load) -> None:
    loaded = timeline(
        "id: X\nname: X\nkind: multilateral\nrules:\n  entry_into_force: {instruments: ٣}\n"
    )
    assert [p.message for p in loaded.problems] == [
        "instruments: '٣' is not a whole number above zero"
    ]


def test_extends_suggests_the_id_in_capitals(timeline: Load) -> None:
    loaded = timeline(INF, "extends: inf\nevents: []\n")
    assert loaded.problems[0].hint == "did you mean 'INF'?"
