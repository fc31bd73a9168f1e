"""The static site as readers and browsers see it: every page parses and every link lands, the
pages say what the terminal says, nothing from a file becomes markup or a live link, and a
failed build leaves the old site."""

from __future__ import annotations

import errno
import json
import os
import re
import shutil
import struct
import subprocess
import textwrap
import threading
import urllib.request
import zlib
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit
from xml.etree.ElementTree import Element

import html5lib
import pytest

from tests.conftest import Result
from treatyline import api, engine, records, render, site
from treatyline.model import Treaty

Run = Callable[..., Result]
TODAY = date(2026, 11, 23)
AS_OF = TODAY.isoformat()

SMALL = """\
id: PACT
name: Test Pact
title: Treaty on Testing the Site
kind: bilateral
parties: [US, SU]
successors: {SU: [RU]}
rules:
  duration: {term: 10 years, article: "XV(1)"}
  withdrawal:
    notice: 6 months
    article: XV(2)
    text: It shall give notice six months prior to withdrawal.
    source: https://example.org/pact/text
events:
  - {date: 1987-12-08, kind: signed, source: https://example.org/pact/signed}
  - {date: 1988-06-01, kind: entered_into_force, source: https://example.org/pact/in-force}
  - date: 1991-12-26
    kind: succeeded
    party: RU
    source: https://example.org/pact/succession
  - date: 1995-02-02
    kind: withdrawal_notice
    party: US
    note: Notice given under Article XV.
    source: https://example.org/pact/notice
  - date: 1995-08-02
    kind: withdrawal_effective
    party: US
    source: https://example.org/pact/effect
    contested:
      - {date: 1995-08-03, held_by: Another view, note: A day later., source: https://example.org/pact/claim}
"""
CONVENTION = """\
id: CONV
name: Test Convention
kind: multilateral
rules:
  entry_into_force: {instruments: 2, after: 30 days, article: "10(1)"}
  entry_into_force_for_state: {after: 30 days, article: "10(2)"}
  withdrawal: {notice: 90 days, article: "12"}
events:
  - {date: 2000-01-01, kind: opened_for_signature, source: https://example.org/conv/open}
  - {date: 2000-03-01, kind: ratified, party: FR, instrument: 2, source: https://example.org/conv/fr}
  - {date: 2020-01-01, kind: withdrawal_notice, party: DE, source: https://example.org/conv/de}
membership:
  source: https://example.org/conv/status
  read: 2024-01-01
  counts: {parties: 2, signatories: 1, on: 2024-01-01}
  states:
    - {state: DE, signed: 2000-01-01, ratified: 2000-02-01}
    - {state: FR, signed: 2000-01-01, ratified: 2000-03-01}
    - {state: NO, acceded: 2010-05-10, in_force: 2010-06-09}
"""
# Each payload, run, marks the page: the browser test looks for the mark.
PWN = "document.documentElement.setAttribute('data-pwned','{}')"
HOSTILE = f"""\
id: HOSTILE
name: "<b>Bold</b> & <i>Co</i>"
title: "</title><script>{PWN.format("title")}</script>"
kind: bilateral
parties: [US, RU]
summary: '<img src=x onerror="{PWN.format("img").replace("'", "''")}">'
rules:
  withdrawal:
    notice: 6 months
    article: XV<script>(2)</script>
    text: <a href="javascript:alert(1)">the words</a>
    source: https://example.org/rule"><script>{PWN.format("href")}</script>
events:
  - date: 2000-01-01
    kind: signed
    note: "<script>{PWN.format("note")}</script>"
    source: https://example.org/"onmouseover="alert(1)
  - {{date: 2000-06-01, kind: entered_into_force, source: https://example.org/in-force}}
  - date: 2001-01-01
    kind: withdrawal_notice
    party: US
    note: "{{{{ 7 * 7 }}}} {{% raw %}} &amp; &lt;"
    source: https://example.org/notice
    contested:
      - date: 2001-01-02
        held_by: <i>someone</i>
        note: <script>{PWN.format("claim")}</script>
        source: https://example.org/claim
"""


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def bundled() -> list[Treaty]:
    return list(api.load(as_of=TODAY, environ={}, cache=False).treaties)


@pytest.fixture(scope="module")
def bundled_site(bundled: list[Treaty], tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("bundled") / "site"
    site.build(bundled, out, as_of=TODAY)
    return out


@pytest.fixture(scope="module")
def small_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("small")
    write(folder, "pact.yaml", SMALL)
    write(folder, "conv.yaml", CONVENTION)
    loaded = api.load(folder, builtin=False, environ={}, cache=False)
    assert not loaded.problems, loaded.problems
    out = folder / "site"
    site.build(loaded.treaties, out, as_of=TODAY)
    return out


@pytest.fixture
def hostile_site(run: Run, tmp_path: Path) -> Path:
    data = write(tmp_path, "hostile.yaml", HOSTILE)
    out = tmp_path / "site"
    result = run("site", str(out), "--no-builtin", "--data", str(data), "--as-of", AS_OF)
    assert result.code == 0, result
    return out


# -- reading pages ------------------------------------------------------------------------------

PARSER = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)


def parse(path: Path) -> Element:
    """Parse a page as a browser would, failing on any parse error (html5lib strict)."""
    try:
        return PARSER.parse(path.read_bytes())  # type: ignore[no-any-return]
    except html5lib.html5parser.ParseError as error:
        pytest.fail(f"{path}: {error}")


def tag(element: Element) -> str:
    return element.tag.rpartition("}")[2]  # SVG elements keep their namespace


def text(element: Element) -> str:
    return re.sub(r"\s+", " ", "".join(element.itertext()))


def links(page: Element) -> Iterator[str]:
    """Yield every address the page points to: links, stylesheets, scripts, pictures."""
    for element in page.iter():
        for attribute in ("href", "src", "{http://www.w3.org/1999/xlink}href"):
            value = element.get(attribute)
            if value is not None:
                yield value


def pages(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.html"))


@pytest.fixture(params=["bundled", "small"])
def any_site(request: pytest.FixtureRequest) -> Path:
    path: Path = request.getfixturevalue(f"{request.param}_site")
    return path


def test_every_page_parses_and_every_link_and_anchor_lands(any_site: Path) -> None:
    parsed = {path: parse(path) for path in pages(any_site)}
    anchors = {}
    for path, page in parsed.items():
        ids = [element.get("id") for element in page.iter() if element.get("id")]
        assert len(ids) == len(set(ids)), f"{path}: an id twice"
        anchors[path.resolve()] = set(ids)
    for path, page in parsed.items():
        for address in links(page):
            parts = urlsplit(address)
            if parts.scheme:
                assert parts.scheme in ("http", "https"), (path, address)
                continue
            target = (path.parent / unquote(parts.path)).resolve() if parts.path else path
            assert target.is_file(), f"{path.relative_to(any_site)}: {address} leads nowhere"
            assert any_site.resolve() in target.parents, f"{path}: {address} leaves the site"
            if parts.fragment:
                assert parts.fragment in anchors[target], f"{path}: no anchor for {address}"


def test_every_treaty_and_state_has_a_page_and_its_json(
    bundled_site: Path, bundled: list[Treaty]
) -> None:
    for treaty in bundled:
        assert (bundled_site / site.treaty_path(treaty.id)).is_file(), treaty.id
        assert (bundled_site / f"treaties/{treaty.id.lower()}.json").is_file(), treaty.id
    named = {
        code
        for treaty in bundled
        for code in engine.party_statuses(treaty, as_of=TODAY)
        if api.party(bundled, code, as_of=TODAY)
    }
    states = {path.stem.upper() for path in (bundled_site / "states").glob("*.html")}
    assert states == named
    assert {"RU", "US", "KP", "SU"} <= states
    index = text(parse(bundled_site / "index.html"))
    assert all(f"{code} " in index for code in named)


@pytest.mark.parametrize(
    ("file", "command"),
    [
        ("treaties/inf.json", ["show", "INF", "--format", "json"]),
        ("treaties/cwc.json", ["show", "CWC", "--format", "json"]),
        ("states/ru.json", ["party", "RU", "--format", "json"]),
        ("treaties.json", ["list", "--format", "json"]),
        ("deadlines.json", ["deadlines", "--format", "json"]),
        ("deadlines.ics", ["deadlines", "--format", "ics"]),
    ],
)
def test_the_data_beside_the_pages_is_what_the_commands_print(
    run: Run, bundled_site: Path, file: str, command: list[str]
) -> None:
    result = run(*command, "--as-of", AS_OF)
    assert result.code == 0, result
    published = (bundled_site / file).read_bytes()
    if file.endswith(".json"):  # the same, but `where` names the file without its folder
        printed = json.loads(result.stdout, object_hook=_where_as_published)
        assert json.loads(published) == printed, file
    else:
        assert published == result.stdout.encode("utf-8"), file


def _where_as_published(row: dict[str, Any]) -> dict[str, Any]:
    if isinstance(row.get("where"), str):
        row["where"] = Path(row["where"]).name
    return row


def test_a_treaty_page_says_what_show_says(bundled_site: Path, bundled: list[Treaty]) -> None:
    page = parse(bundled_site / "treaties/inf.html")
    words = text(page)
    assert "terminated since 2019-08-02 (withdrawal of US took effect)" in words
    assert (
        "withdrawal notice of 2019-02-02 + 6 months (Art. XV(2)); agrees with the record" in words
    )
    times = {element.get("datetime") for element in page.iter("time")}
    assert {"2019-02-02", "2019-08-02", "1987-12-08"} <= times
    headings = [text(h) for h in page.iter("h2")]
    assert headings[:2] == ["Status on 2026-11-23", "Timeline"]
    assert {"Rules", "Computed dates", "Chronology", "Membership on 2026-11-23"} <= set(headings)


def test_a_treaty_not_in_force_counts_ratifications(bundled_site: Path) -> None:
    words = text(parse(bundled_site / "treaties/ctbt.html"))
    assert "Members: 178 ratified, 187 signatories; signed, not ratified: " in words
    assert "178 ratified and 187 signatories, as depositaries count them" in words
    assert "Members: 193 parties, 165 signatories; signed, not a party: " in text(
        parse(bundled_site / "treaties/cwc.html")
    )


def test_every_computed_date_and_every_source_is_on_its_treatys_page(
    bundled_site: Path, bundled: list[Treaty]
) -> None:
    for treaty in bundled:
        page = parse(bundled_site / site.treaty_path(treaty.id))
        words = text(page)
        hrefs = set(links(page))
        timeline = api.timeline(treaty, as_of=TODAY)
        for deadline in timeline.deadlines:
            explained = render.explain(deadline, with_status=False).plain
            assert re.sub(r"\s+", " ", explained) in words, (treaty.id, explained)
        listed = treaty.membership.source if treaty.membership else None
        for event in timeline.events:
            for url in [event.source, *(claim.source for claim in event.contested)]:
                assert url in (None, listed) or url in hrefs, (treaty.id, url)
        assert listed is None or listed in hrefs


def test_the_contested_claims_stand_beside_the_record(bundled_site: Path) -> None:
    page = parse(bundled_site / "treaties/jcpoa.html")
    (section,) = [s for s in page.iter("section") if s.get("id") == "contested"]
    tables = list(section.iter("table"))
    assert len(tables) == 3
    rows = [[text(cell).strip() for cell in row] for row in tables[0].iter("tr")]
    assert rows[1][:2] == ["the record", "2015-10-18"]
    assert rows[2][:3] == ["contested", "2015-10-19", "jpoasanctions.org"]


def test_the_index_has_the_chart_the_deadlines_and_every_treaty(
    bundled_site: Path, bundled: list[Treaty]
) -> None:
    page = parse(bundled_site / "index.html")
    (svg,) = [element for element in page.iter() if tag(element) == "svg"]
    rows = {text(a) for a in svg.iter() if tag(a) == "a"}
    assert {"INF", "NEW-START", "CWC"} <= rows
    (recent,) = [t for t in page.iter("table") if t.get("id") == "recent-table"]
    assert "extended on 2021-02-03 by 5 years (Art. XIV(2)); agrees with the record" in text(recent)
    (treaties,) = [t for t in page.iter("table") if "treaties" in (t.get("class") or "")]
    body = next(treaties.iter("tbody"))
    assert len(list(body)) == len(bundled)
    cwc = next(row for row in body if text(row).strip().startswith("CWC"))
    assert text(cwc).strip().endswith("in force since 1997-04-29 193"), text(cwc)
    ptbt = next(row for row in body if text(row).strip().startswith("PTBT"))
    assert re.search(r" \d+\*$", text(ptbt).strip()), "an incomplete table's count is marked"


def test_a_small_site_from_a_fixture(small_site: Path) -> None:
    assert sorted(p.relative_to(small_site).as_posix() for p in small_site.rglob("*")) == [
        ".treatyline-site",
        "deadlines.ics",
        "deadlines.json",
        "index.html",
        "sort.js",
        "states",
        "states/de.html",
        "states/de.json",
        "states/fr.html",
        "states/fr.json",
        "states/no.html",
        "states/no.json",
        "states/ru.html",
        "states/ru.json",
        "states/su.html",
        "states/su.json",
        "states/us.html",
        "states/us.json",
        "style.css",
        "treaties",
        "treaties.json",
        "treaties/conv.html",
        "treaties/conv.json",
        "treaties/pact.html",
        "treaties/pact.json",
    ]
    pact = text(parse(small_site / "treaties/pact.html"))
    assert "withdrawal notice of 1995-02-02 + 6 months (Art. XV(2)); agrees with the record" in (
        pact
    )
    assert "Successors of USSR RU Russian Federation" in pact
    conv = text(parse(small_site / "treaties/conv.html"))
    assert "Members: 2 parties, 1 signatories." in conv
    assert "The status list: 2 parties, 1 signatories on 2024-01-01 (example.org)." in conv
    assert (
        "DE Germany 2000-01-01 ratified 2000-02-01 2000-03-31 (with the treaty) withdrawn since"
        " 2020-03-31 (withdrawal notice of 2020-01-01 + 90 days)" in conv
    )
    assert (
        "NO Norway acceded 2010-05-10 2010-06-09 (deposit by NO on 2010-05-10 + 30 days"
        " (Art. 10(2)); agrees with the record)" in conv
    )
    norway = text(parse(small_site / "states/no.html"))
    assert "party since 2010-06-09" in norway


CSP = "default-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'"


def test_pages_load_nothing_from_the_web(any_site: Path) -> None:
    for path in pages(any_site):
        page = parse(path)
        # And should a value ever slip through as markup, the browser runs no script but ours.
        policies = [
            meta.get("content")
            for meta in page.iter("meta")
            if meta.get("http-equiv") == "Content-Security-Policy"
        ]
        assert policies == [CSP], path
        for element in page.iter():
            if tag(element) in ("link", "script", "img", "iframe", "object", "embed"):
                address = element.get("src") or element.get("href") or ""
                assert not urlsplit(address).scheme, (path, address)
    style = (any_site / "style.css").read_text(encoding="utf-8")
    assert "@import" not in style and "url(" not in style and "@font-face" not in style


def test_the_same_input_gives_the_same_site(small_site: Path, tmp_path: Path) -> None:
    write(tmp_path, "pact.yaml", SMALL)
    write(tmp_path, "conv.yaml", CONVENTION)
    loaded = api.load(tmp_path, builtin=False, environ={}, cache=False)
    files = site.pages(loaded.treaties, as_of=TODAY)
    for name, content in files.items():  # built from another folder: JSON included
        assert (small_site / name).read_bytes() == content, name


def test_the_site_does_not_publish_the_folder_it_was_built_from(small_site: Path) -> None:
    built_from = str(small_site.parent)
    document = json.loads((small_site / "treaties/pact.json").read_text(encoding="utf-8"))
    assert document["events"][0]["where"].startswith("pact.yaml:")
    for path in small_site.rglob("*"):
        if path.is_file():
            assert built_from not in path.read_text(encoding="utf-8", errors="replace"), path


# -- hostile input ------------------------------------------------------------------------------


def test_markup_in_a_file_shows_as_text(hostile_site: Path) -> None:
    page = parse(hostile_site / "treaties/hostile.html")
    scripts = [element.get("src") for element in page.iter("script")]
    assert scripts == ["../sort.js"], "a script from the file became an element"
    assert not [element for element in page.iter() if tag(element) in ("b", "i", "img")]
    assert not [
        (tag(element), name)
        for element in page.iter()
        for name in element.attrib
        if name.lower().startswith("on")
    ]
    words = text(page)
    for shown in (
        "<b>Bold</b> & <i>Co</i>",
        f"<script>{PWN.format('note')}</script>",
        f'<img src=x onerror="{PWN.format("img")}">',
        '<a href="javascript:alert(1)">the words</a>',
        "{{ 7 * 7 }} {% raw %} &amp; &lt;",
        "<i>someone</i>",
    ):
        assert shown in words, shown
    assert (next(page.iter("title")).text or "").startswith("<b>Bold</b> & <i>Co</i> as of")
    sources = [a.get("href") for a in page.iter("a") if a.get("class") == "source"]
    assert 'https://example.org/"onmouseover="alert(1)' in sources
    assert f'https://example.org/rule"><script>{PWN.format("href")}</script>' in sources


def test_an_address_that_is_not_http_never_becomes_a_link(small_site: Path) -> None:
    loaded = api.load(small_site.parent, builtin=False, environ={}, cache=False)
    pact = api.find(loaded, "PACT")
    rules = pact.rules
    assert rules.withdrawal is not None
    clause = records.replace(rules.withdrawal.clause, source="java\tscript:alert(2)")
    withdrawal = records.replace(rules.withdrawal, clause=clause)
    events = list(pact.events)
    claim = records.replace(events[-1].contested[0], source="data:text/html,<b>x</b>")
    events[-1] = records.replace(events[-1], contested=(claim,))
    events[0] = records.replace(events[0], source="JavaScript:alert(document.domain)")
    hostile = records.replace(
        pact, events=tuple(events), rules=records.replace(rules, withdrawal=withdrawal)
    )
    files = site.pages([hostile], as_of=TODAY)
    page = PARSER.parse(files["treaties/pact.html"])
    for address in links(page):
        scheme = urlsplit(address).scheme
        assert scheme in ("", "http", "https"), address
    unlinked = [text(span) for span in page.iter("span") if span.get("class") == "unlinked"]
    assert sorted(unlinked) == [
        "JavaScript:alert(document.domain)",
        "data:text/html,<b>x</b>",
        "java script:alert(2)",  # the tab, as white space
    ]


@pytest.mark.parametrize(
    ("address", "linked"),
    [
        ("https://example.org/a?b=c#d", True),
        ("HTTP://EXAMPLE.ORG/", True),
        ("javascript:alert(1)", False),
        ("JAVASCRIPT:alert(1)", False),
        ("java\tscript:alert(1)", False),
        (" https://example.org/", False),
        ("https://example.org/\n", False),
        ("data:text/html,x", False),
        ("vbscript:x", False),
        ("//example.org/", False),
        ("https://", False),
        ("https://[::1/", False),
        ("ftp://example.org/", False),
    ],
)
def test_only_web_addresses_are_links(address: str, linked: bool) -> None:
    assert (site.web_address(address) == address) is linked
    assert linked or site.web_address(address) is None


def test_the_loader_refuses_a_javascript_source_and_the_old_site_stays(
    run: Run, hostile_site: Path, tmp_path: Path
) -> None:
    before = {p: p.read_bytes() for p in hostile_site.rglob("*") if p.is_file()}
    bad = write(tmp_path, "bad.yaml", HOSTILE.replace("https://example.org/notice", "javascript:x"))
    result = run("site", str(hostile_site), "--no-builtin", "--data", str(bad))
    assert result.code == 1, result
    assert "javascript:x" in result.stderr and "not a web address" in result.stderr
    assert {p: p.read_bytes() for p in hostile_site.rglob("*") if p.is_file()} == before


# -- writing ------------------------------------------------------------------------------------


def test_a_failed_build_leaves_the_old_site(
    run: Run, small_site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "site"
    shutil.copytree(small_site, out)
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    calls = []

    def full_disk(descriptor: int) -> None:
        calls.append(descriptor)
        if len(calls) == 20:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full_disk)
    result = run("site", str(out), "--as-of", AS_OF)
    assert result.code == 1, result
    assert result.stderr.startswith(f"treatyline: cannot write {out}: No space left on device")
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert [p.name for p in tmp_path.iterdir()] == ["site"]  # nothing half-written beside it


def test_a_new_build_replaces_the_site_whole(run: Run, tmp_path: Path) -> None:
    write(tmp_path, "pact.yaml", SMALL)
    conv = write(tmp_path, "conv.yaml", CONVENTION)
    out = tmp_path / "out"
    assert run("site", str(out), "--no-builtin", "--data", str(tmp_path)).code == 0
    assert (out / "treaties/conv.html").is_file()
    conv.unlink()
    result = run("site", str(out), "--no-builtin", "--data", str(tmp_path), "--as-of", "1990")
    assert result.code == 0, result
    assert re.match(rf"Wrote \d+ pages to {re.escape(str(out))}: open ", result.stderr)
    assert not (out / "treaties/conv.html").exists()  # nothing stale stays
    assert not (out / "states/de.html").exists()
    assert "Status as of 1990-12-31" in text(parse(out / "index.html"))
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


MARKER_LESS = "notes.txt"


@pytest.mark.parametrize("content", ["a file", "a folder of notes", "the current folder"])
def test_only_a_site_or_an_empty_folder_is_replaced(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, content: str
) -> None:
    out = tmp_path / "out"
    if content == "a file":
        out.write_text("keep me", encoding="utf-8")
    else:
        out.mkdir()
        (out / MARKER_LESS).write_text("keep me", encoding="utf-8")
        if content == "the current folder":
            (out / MARKER_LESS).unlink()
            monkeypatch.chdir(out)
    result = run("site", str(out), "--as-of", AS_OF)
    assert result.code == 1, result
    assert result.stderr.startswith(f"treatyline: cannot write {out}: it ")
    assert "hint: " in result.stderr
    if content != "the current folder":
        kept = out if content == "a file" else out / MARKER_LESS
        assert kept.read_text(encoding="utf-8") == "keep me"


def test_a_site_that_holds_a_timeline_read_is_kept(
    run: Run, small_site: Path, tmp_path: Path
) -> None:
    out = tmp_path / "site"
    shutil.copytree(small_site, out)
    mine = write(out, "mine.yaml", SMALL.replace("PACT", "MINE"))
    result = run("site", str(out), "--data", str(mine), "--as-of", AS_OF)
    assert result.code == 1, result
    assert f"cannot write {out}: it holds {mine}, which this command reads" in result.stderr
    assert mine.is_file() and (out / "index.html").is_file()


def test_an_empty_folder_and_a_link_to_one_are_written(run: Run, tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "empty")
    for name in ("empty", "link"):
        result = run("site", str(tmp_path / name), "--as-of", AS_OF)
        assert result.code == 0, result
    assert (tmp_path / "link").is_symlink()
    assert (tmp_path / "empty" / "index.html").is_file()


# -- previewing ---------------------------------------------------------------------------------


def test_the_preview_serves_the_site(small_site: Path) -> None:
    server = site.server(small_site, port=0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        host, port = server.server_address[:2]
        assert host == "127.0.0.1"
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/treaties/pact.html") as answer:
            assert answer.status == 200
            assert b"<h1>Test Pact" in answer.read()
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def test_serve_builds_then_serves_until_ctrl_c(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from http.server import ThreadingHTTPServer

    def interrupted(self: ThreadingHTTPServer, poll_interval: float = 0.5) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(ThreadingHTTPServer, "serve_forever", interrupted)
    result = run("site", str(tmp_path / "out"), "--serve", "--port", "0", "--as-of", AS_OF)
    assert result.code == 130, result
    assert re.search(r"Serving \S+ at http://127\.0\.0\.1:\d+/ \(Ctrl-C stops\)", result.stderr)
    assert (tmp_path / "out" / "index.html").is_file()


def test_a_port_in_use_is_one_line(run: Run, tmp_path: Path, small_site: Path) -> None:
    taken = site.server(small_site, port=0)
    try:
        port = str(taken.server_address[1])
        result = run("site", str(tmp_path / "out"), "--serve", "--port", port, "--as-of", AS_OF)
    finally:
        taken.server_close()
    assert result.code == 1, result
    assert f"treatyline: cannot serve on port {port}: " in result.stderr
    assert "hint: choose another with --port" in result.stderr


# -- in a real browser --------------------------------------------------------------------------


def chromium() -> str:
    """Return the headless browser, or skip: only where Chromium is not installed."""
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None and Path("/usr/bin/chromium").is_file():
        found = "/usr/bin/chromium"
    if found is None:
        reason = "chromium is not installed (apt-get install chromium; .ci/run installs it)"
        if os.environ.get("TREATYLINE_REQUIRE_CHROMIUM"):
            pytest.fail(reason)
        pytest.skip(reason)
    return found


def browse(page: Path, tmp_path: Path, *options: str) -> str:
    """Load `page` in headless Chromium from disk, offline; return stdout (--dump-dom)."""
    profile = tmp_path / f"profile-{len(list(tmp_path.iterdir()))}"
    command = [
        chromium(),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        f"--user-data-dir={profile}",
        *options,
        page.resolve().as_uri(),
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def rendered(page: Path, tmp_path: Path) -> Element:
    """Return the page's document after Chromium loaded it and ran its script."""
    dom = browse(page, tmp_path, "--dump-dom")
    assert "<body" in dom, dom[:500]
    return PARSER.parse(dom)  # type: ignore[no-any-return]


def check_screenshot(png: Path, width: int, height: int) -> None:
    """Check a PNG of that size was drawn, and holds more than a blank page."""
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", data[16:24]) == (width, height)
    chunks = b""
    at = 8
    while at < len(data):
        (length,) = struct.unpack(">I", data[at : at + 4])
        if data[at + 4 : at + 8] == b"IDAT":
            chunks += data[at + 8 : at + 8 + length]
        at += 12 + length
    pixels = zlib.decompress(chunks)
    assert len(set(pixels)) > 64, "the screenshot is (nearly) blank"


def no_template_residue(dom: Element) -> None:
    words = text(dom)
    for residue in ("{{", "{%", "Undefined", "&lt;", "&amp;", " None "):
        assert residue not in words, residue


def test_the_browser_shows_the_index(bundled_site: Path, tmp_path: Path) -> None:
    dom = rendered(bundled_site / "index.html", tmp_path)
    no_template_residue(dom)
    words = text(dom)
    assert "Arms-control treaties" in words and "Status as of 2026-11-23" in words
    assert "2026-02-05 NEW-START expiry passed extended on 2021-02-03 by 5 years" in words
    assert "INF INF Treaty bilateral terminated since 2019-08-02" in words
    # The script ran: every sortable table's headings became buttons.
    buttons = [text(b) for b in dom.iter("button")]
    assert buttons[:6] == ["date", "treaty", "deadline", "party", "status", "how it was computed"]
    png = tmp_path / "index.png"
    browse(bundled_site / "index.html", tmp_path, f"--screenshot={png}", "--window-size=1280,1600")
    check_screenshot(png, 1280, 1600)


def test_the_browser_shows_a_treaty_page(bundled_site: Path, tmp_path: Path) -> None:
    dom = rendered(bundled_site / "treaties/inf.html", tmp_path)
    no_template_residue(dom)
    words = text(dom)
    assert "Status on 2026-11-23 terminated since 2019-08-02" in words
    assert (
        "2019-08-02 withdrawal takes effect US passed withdrawal notice of 2019-02-02 + 6 months"
        " (Art. XV(2)); agrees with the record" in words
    )
    png = tmp_path / "inf.png"
    browse(
        bundled_site / "treaties/inf.html",
        tmp_path,
        f"--screenshot={png}",
        "--window-size=1000,1400",
    )
    check_screenshot(png, 1000, 1400)


def test_the_browser_runs_nothing_from_a_file(hostile_site: Path, tmp_path: Path) -> None:
    for name in ("treaties/hostile.html", "index.html", "states/us.html"):
        dom = rendered(hostile_site / name, tmp_path)
        html = dom if dom.tag == "html" else next(dom.iter("html"))
        assert "data-pwned" not in html.attrib, (name, html.attrib)
        assert not [tag(e) for e in dom.iter() if tag(e) in ("b", "i", "img")]
    words = text(rendered(hostile_site / "treaties/hostile.html", tmp_path))
    assert f"<script>{PWN.format('note')}</script>" in words
    assert "{{ 7 * 7 }}" in words and " 49 " not in words
