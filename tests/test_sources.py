"""Sources on recognised hosts: which hosts count, which sources `check --strict` warns of."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Result
from treatyline import sources

Run = Callable[..., Result]

WEAK = """\
id: MINE
name: Mine
kind: multilateral
rules:
  withdrawal:
    notice: 6 months
    source: https://treaties.un.org/doc/Treaties/mine.pdf
events:
  - date: 2020-01-01
    kind: signed
    source: https://www.armscontrol.org/factsheets/mine
  - date: 2020-02-01
    kind: ratified
    party: NO
    source: https://people-search.example.com/mine
    contested:
      - {date: 2020-02-03, held_by: NO, source: https://blog.example.net/x}
  - date: 2020-03-01
    kind: ratified
    party: SE
    note: The only source that gives the day; the registry's page is gone.
    source: https://copies.example.org/mine
membership:
  source: https://evilstate.gov.example.com/list
  counts: {parties: 2, on: 2020-03-01, source: https://2009-2017.state.gov/t/mine}
  states:
    - {state: DK, signed: 2020-01-05, source: https://unofficial.example.org/dk}
    - {state: FI, signed: 2020-01-06}
"""


@pytest.mark.parametrize(
    "url",
    [
        "https://treaties.un.org/Pages/ViewDetails.aspx?src=TREATY",
        "https://2001-2009.state.gov/t/ac/trt/18016.htm",
        "http://history.state.gov./x",  # a final dot is the same host
        "https://WWW.ARMSCONTROL.ORG/factsheets",
        "https://nuke.fas.org/control/inf/",
        "https://www.congress.gov/treaty-document/100th-congress/11",
        "https://www.gov.uk/government/news/x",
        "https://eur-lex.europa.eu/legal-content/EN/TXT/",
        "https://en.kremlin.ru/events/president/news/1",
        "https://verdragenbank.overheid.nl/nl/Verdrag/Details/004133",
    ],
)
def test_recognised_hosts_and_their_subdomains(url: str) -> None:
    assert sources.recognised(url)


@pytest.mark.parametrize(
    "url",
    [
        "https://evilstate.gov.example.com/x",  # state.gov and gov only inside another name
        "https://evilun.org/x",  # un.org only at a dot
        "https://notfas.org/x",
        "https://state.gov.evil/x",
        "https://internationalpeoplesearch.com/inf",
        "https://en.wikipedia.org/wiki/INF",
        "not a web address",
        "",
    ],
)
def test_other_hosts_are_not_recognised(url: str) -> None:
    assert not sources.recognised(url)


def test_every_tier_has_hosts_and_each_host_is_in_one_tier() -> None:
    listed = [host for _, hosts in sources.TIERS for host in hosts]
    assert all(hosts for _, hosts in sources.TIERS)
    assert len(listed) == len(set(listed)) == len(sources.HOSTS)
    assert all(host == host.lower().strip(".") and "/" not in host for host in listed)


def test_the_share_counts_each_source_written_once() -> None:
    cited = sources.cited_in("mine.yaml", WEAK)
    where = [(c.where.line, c.what) for c in cited]
    assert where == [
        (7, "rule"),
        (11, "event"),
        (15, "event"),
        (17, "claim"),
        (22, "event"),
        (24, "membership table"),
        (25, "counts"),
        (27, "membership line"),
    ]
    share = sources.share(cited)
    assert (share.recognised, share.total) == (3, 8)
    assert str(share) == "3 of 8 sources on recognised hosts (38%)"
    assert str(sources.Share(0, 0)) == "0 of 0 sources on recognised hosts (100%)"


def test_a_note_with_the_word_source_explains_the_choice() -> None:
    assert sources.explains("No official source gives the day.")
    assert sources.explains("Sources differ; this copy is the only one found.")
    assert not sources.explains("Read from a copy of the list.")
    assert not sources.explains("Resourceful, but no word here.")
    assert not sources.explains(None)


def test_check_strict_warns_of_each_weak_source_where_it_stands(run: Run, tmp_path: Path) -> None:
    (tmp_path / "mine.yaml").write_text(WEAK, encoding="utf-8")
    lenient = run("check", "--no-builtin", str(tmp_path))
    assert (lenient.code, lenient.stdout, lenient.stderr) == (0, "no problems found\n", "")
    strict = run("check", "--no-builtin", "--strict", str(tmp_path))
    assert strict.code == 0, strict
    found = [line.split("mine.yaml:")[1] for line in strict.stdout.splitlines() if "mine.y" in line]
    assert found == [
        "15:13: warning: the event's source is not on a recognised host: people-search.example.com",
        "17:49: warning: the claim's source is not on a recognised host: blog.example.net",
        "24:11: warning: the membership table's source is not on a recognised host:"
        " evilstate.gov.example.com",
        "27:47: warning: the membership line's source is not on a recognised host:"
        " unofficial.example.org",
    ]
    assert "15 |     source: https://people-search.example.com/mine" in strict.stdout
    assert "say why in the item's note, with the word 'source'" in strict.stdout
    assert strict.stderr == "3 of 8 sources on recognised hosts (38%)\n"


def test_check_strict_in_json_lists_the_warnings(run: Run, tmp_path: Path) -> None:
    (tmp_path / "mine.yaml").write_text(WEAK, encoding="utf-8")
    result = run("check", "--no-builtin", "--strict", "--format", "json", str(tmp_path))
    problems = json.loads(result.stdout)["problems"]
    assert [(p["line"], p["column"], p["severity"]) for p in problems] == [
        (15, 13, "warning"),
        (17, 49, "warning"),
        (24, 11, "warning"),
        (27, 47, "warning"),
    ]


def test_a_rule_on_a_weak_host_is_warned_of_with_its_own_hint(run: Run, tmp_path: Path) -> None:
    text = WEAK.replace("https://treaties.un.org/doc/Treaties/mine.pdf", "https://copy.example/t")
    (tmp_path / "mine.yaml").write_text(text, encoding="utf-8")
    result = run("check", "--no-builtin", "--strict", str(tmp_path))
    assert "mine.yaml:7:13: warning: the rule's source is not on a recognised" in result.stdout
    assert "cite the treaty's text at the depositary" in result.stdout
    assert result.stderr == "2 of 8 sources on recognised hosts (25%)\n"


MINE = "abm att bwc ccm cfe-adapted cfe ctbt cwc est incsea inf open-skies ottawa outer-space"
IMPROVED = [*MINE.split(), "ppwt-2008", "ppwt-2014", "ptbt"]


# Treaty texts found only on hosts that are not recognised; a rule has no note to say so.
RULES_LEFT = {
    "https://github.com/statengeneraal/laws-markdown/blob/05e10b93d3e2e754fc6dccda9ee1ee7f8f20f7f9"
    "/verdrag/treaty/on/conventional/armed/forces/in/europe/BWBV0002009/README.md",
}


@pytest.mark.parametrize("name", IMPROVED)
def test_bundled_sources_are_recognised_or_explained(name: str) -> None:
    """Issue 15: in the files gone through, every other source has a note saying why."""
    path = Path(__file__).parent.parent / "timelines" / f"{name}.yaml"
    cited = sources.cited_in(str(path), path.read_text(encoding="utf-8"))
    weak = [c for c in cited if not c.recognised and not c.explained]
    assert [f"{c.where.line}: {c.url}" for c in weak if c.url not in RULES_LEFT] == []
    assert all(c.what == "rule" for c in weak)
