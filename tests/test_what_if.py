"""what-if: an imagined notice or extension, computed by the treaty's own rules."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from tests.conftest import Result

Run = Callable[..., Result]
TODAY = "2026-11-23"


def test_a_notice_like_the_us_one_takes_effect_six_months_later(run: Run) -> None:
    result = run("what-if", "INF", "--notice", "2019-02-02", "--party", "US", "--as-of", TODAY)
    assert result.code == 0, result
    assert "If US gave notice of withdrawal from the INF Treaty on 2019-02-02:" in result.stdout
    assert "it would take effect on 2019-08-02" in result.stdout
    assert "ending the treaty for both parties." in result.stdout
    assert "six months prior to withdrawal" in result.stdout  # the treaty's own words
    assert result.stderr == ""


def test_what_if_agrees_with_what_really_happened(run: Run) -> None:
    """The imagined notices that were really given come out on the recorded dates."""
    cases = [
        ("INF", "2019-02-02", "US", "2019-08-02"),
        ("ABM", "2001-12-13", "US", "2002-06-13"),
        ("OPEN-SKIES", "2020-05-22", "US", "2020-11-22"),
        ("OTTAWA", "2025-07-10", "FI", "2026-01-10"),
    ]
    for treaty, notice, party, effect in cases:
        result = run("what-if", treaty, "--notice", notice, "--party", party, "-f", "json")
        assert result.code == 0, result
        assert json.loads(result.stdout)["effect"]["date"] == effect, treaty


def test_a_multilateral_notice_ends_one_membership(run: Run) -> None:
    result = run("what-if", "NPT", "--notice", "2027-01-01", "--party", "US", "-f", "json")
    document = json.loads(result.stdout)
    assert (document["effect"]["date"], document["ends"]) == ("2027-04-01", "membership")
    assert document["clause"]["article"] == "X(1)"


def test_a_notice_that_the_expiry_would_overtake_says_so(run: Run) -> None:
    result = run("what-if", "New START", "--notice", "2025-12-01", "--party", "RU")
    assert result.code == 0, result
    assert "it would take effect on 2026-03-01" in result.stdout
    assert "But the treaty would expire first, on 2026-02-05" in result.stdout


def test_a_notice_on_a_dead_treaty_is_refused(run: Run) -> None:
    result = run("what-if", "INF", "--notice", "2020-01-01")
    assert result.code == 1
    assert result.stdout == ""
    assert "on 2020-01-01 INF is terminated since 2019-08-02: there is nothing to end" in (
        result.stderr
    )


def test_a_notice_from_a_state_that_has_left_is_refused(run: Run) -> None:
    result = run("what-if", "NPT", "--notice", "2027-01-01", "--party", "KP")
    assert result.code == 1
    assert "KP cannot give notice on 2027-01-01: in NPT it is withdrawn since 2003-04-10" in (
        result.stderr
    )


def test_a_second_notice_while_the_first_runs_is_refused(run: Run) -> None:
    result = run("what-if", "INF", "--notice", "2019-03-01", "--party", "US")
    assert result.code == 1
    assert "US cannot give notice on 2019-03-01: it gave notice on 2019-02-02 already" in (
        result.stderr
    )


def test_an_extension_within_the_cap_moves_the_end(run: Run) -> None:
    result = run("what-if", "New START", "--extend", "5y", "--as-of", "2021-01-01")
    assert result.code == 0, result
    assert "it would expire on 2026-02-05 instead of 2021-02-05" in result.stdout
    document = json.loads(
        run(
            "what-if", "New START", "--extend", "3 years", "--as-of", "2021-01-01", "-f", "json"
        ).stdout
    )
    assert (document["before"]["date"], document["after"]["date"]) == ("2021-02-05", "2024-02-05")


def test_an_extension_beyond_the_cap_is_refused_with_the_treatys_reason(run: Run) -> None:
    result = run("what-if", "New START", "--extend", "6y", "--as-of", "2021-01-01")
    assert result.code == 1
    assert "NEW-START cannot be extended: the extension runs to 2027-02-05, beyond the cap" in (
        result.stderr
    )
    assert "5 years (2026-02-05) in Art. XIV(2)" in result.stderr


def test_a_second_extension_is_refused(run: Run) -> None:
    result = run("what-if", "New START", "--extend", "1y", "--as-of", "2023-01-01")
    assert result.code == 1
    assert "extension number 2, but Art. XIV(2) allows 1" in result.stderr


def test_a_treaty_without_a_term_cannot_be_extended(run: Run) -> None:
    result = run("what-if", "INF", "--extend", "1y", "--as-of", "2000-01-01")
    assert result.code == 1
    assert "INF has no term to extend: it is of unlimited duration" in result.stderr
    assert 'Art. XV(1): "This Treaty shall be of unlimited duration."' in result.stderr


def test_what_if_needs_exactly_one_question(run: Run) -> None:
    neither = run("what-if", "INF")
    both = run("what-if", "INF", "--notice", "2019-02-02", "--extend", "1y")
    for result in (neither, both):
        assert result.code == 2
        assert "what-if needs one of --notice DATE or --extend PERIOD" in result.stderr
    assert (
        "--party goes with --notice" in run("what-if", "INF", "--extend", "1y", "-p", "US").stderr
    )


@pytest.mark.parametrize("period", ["five-ish", "today", "-6m"])
def test_a_bad_extension_period_is_a_usage_error_whose_hint_works(run: Run, period: str) -> None:
    result = run("what-if", "New START", "--extend", period, "--as-of", "2021-01-01")
    assert result.code == 2
    assert f"--extend takes a length, not '{period}'" in result.stderr
    # Every form the hint offers is one the option takes (it used to offer '-6m').
    offered = result.stderr.split("such as ", 1)[1].replace(" or ", ", ").strip().split(", ")
    assert offered == ["90d", "6m", "5y"]
    for example in offered:
        taken = run("what-if", "New START", "--extend", example, "--as-of", "2021-01-01")
        assert taken.code == 0, taken
