"""The views as a reader gets them: sources as links on a terminal and in a page, plain text
when piped, and the brief view of `show`."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from datetime import date
from pathlib import Path
from urllib.parse import quote

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console, RenderableType
from rich.table import Table
from rich.text import Text

from tests.conftest import Result, text
from treatyline import api, catalog, engine, loader, render, terminal
from treatyline.model import Treaty

Run = Callable[..., Result]
Load = Callable[[str], Treaty]
TODAY = date(2026, 11, 23)
OSC_8 = re.compile(r"\x1b\]8;[^;]*;([^\x1b]+)\x1b\\")  # a hyperlink's opening: id, then target

INF_NOTICE = "https://internationalpeoplesearch.com/europe-and-eurasia-u-s-intent-to-withdraw-from-the-inf-treaty-february-2-2019/"
# The bundled inf.yaml's sources of the US notice and of Article XV.
BUNDLED_INF_NOTICE = (
    "https://asil.org/print/ILIB/us-announces-withdrawal-cold-war-nuclear-arms-control-treaty"
    "-russia-february-1-2019"
)
BUNDLED_INF_ARTICLE_XV = "https://nuke.fas.org/control/inf/text/inf.htm"
INF_ARTICLE_XV = "https://treatyalignment.us/why-isnt-anyone-challenging-the-withdrawal/"
INF = f"""\
id: INF
name: INF Treaty
kind: bilateral
parties: [US, RU]
rules:
  duration: {{term: unlimited, article: XV(1), text: This Treaty shall be of unlimited duration.}}
  withdrawal:
    notice: 6 months
    article: XV(2)
    text: It shall give notice of its decision to withdraw six months prior to withdrawal.
    source: {INF_ARTICLE_XV}
events:
  - {{date: 1987-12-08, kind: signed, source: "https://nuke.fas.org/control/inf/text/inf.htm"}}
  - {{date: 1988-06-01, kind: entered_into_force, note: Instruments exchanged at Moscow.}}
  - {{date: 2019-02-02, kind: withdrawal_notice, party: US, source: {INF_NOTICE}}}
"""


def on_terminal(renderable: RenderableType, width: int = 60) -> str:
    """Render as a colour terminal would get it, escape codes and all."""
    console = Console(
        file=io.StringIO(), width=width, force_terminal=True, color_system="truecolor"
    )
    console.print(renderable)
    return str(console.file.getvalue())  # type: ignore[attr-defined]


def without_escapes(written: str) -> str:
    return re.sub(r"\x1b\[[0-9;]*m", "", OSC_8.sub("", written)).replace("\x1b]8;;\x1b\\", "")


def view(treaty: Treaty, *, as_of: date = TODAY, brief: bool = False) -> RenderableType:
    return render.treaty_view(engine.timeline(treaty, as_of=as_of), brief=brief)


# -- sources as links -------------------------------------------------------------------------


def test_on_a_terminal_each_source_links_to_its_whole_address(treaty: Load) -> None:
    written = on_terminal(view(treaty(INF)), width=60)
    targets = set(OSC_8.findall(written))
    assert {INF_NOTICE, INF_ARTICLE_XV} <= targets, targets
    sources = without_escapes(written).split("Sources\n")[1].splitlines()
    notice = [line for line in sources if line.startswith("[3] ")]
    assert notice, sources
    # Too long for 60 columns, the address folds under itself, each piece a link to the whole.
    start = sources.index(notice[0])
    pieces = [sources[start][4:]] + [line[4:] for line in sources[start + 1 : start + 3]]
    assert all(line.startswith("    ") for line in sources[start + 1 : start + 3]), sources
    assert "".join(pieces) == INF_NOTICE, sources
    assert len(re.findall(re.escape(INF_NOTICE), written)) >= 3  # every piece, and its [3]


def test_the_footnote_marks_in_the_tables_are_links_too(treaty: Load) -> None:
    written = on_terminal(view(treaty(INF)), width=100)
    marks = re.findall(OSC_8.pattern + r"(\[\d\])", written)
    assert (INF_ARTICLE_XV, "[1]") in marks and (INF_NOTICE, "[3]") in marks, marks


def test_without_a_terminal_sources_are_plain_text(treaty: Load) -> None:
    written = text(view(treaty(INF)), width=400)
    assert "\x1b" not in written
    assert f"[3] {INF_NOTICE}\n" in written


def test_a_link_target_cannot_break_out_of_its_escape_or_attribute(treaty: Load) -> None:
    odd = 'https://example.org/Договор?q="a"<b>'
    loaded = treaty(
        "id: ODD\nname: Odd\nkind: bilateral\nparties: [US, RU]\nevents:\n"
        f"  - {{date: 2000-01-01, kind: signed, source: '{odd}'}}\n"
    )
    written = on_terminal(view(loaded), width=200)
    (target,) = set(OSC_8.findall(written))
    assert (
        target == "https://example.org/%D0%94%D0%BE%D0%B3%D0%BE%D0%B2%D0%BE%D1%80?q=%22a%22%3Cb%3E"
    )
    assert f"[1] {odd}" in without_escapes(written)  # the reader still sees the address given


@given(st.text(st.characters(exclude_categories=["Cs"])))  # a timeline holds no surrogate
def test_a_link_target_is_escaped_as_urllib_would_escape_it(url: str) -> None:
    assert render.percent_encoded(url) == quote(url, safe="!#$%&'()*+,/:;=?@[]")


def test_a_clause_source_is_a_link(treaty: Load) -> None:
    clause = treaty(INF).rules.withdrawal
    assert clause is not None
    written = on_terminal(render._clause_words(clause.clause), width=200)
    assert OSC_8.findall(written) == [INF_ARTICLE_XV]


def test_piped_show_prints_each_address_whole_without_escapes(
    run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("COLUMNS")  # piped, with nothing to say how wide: lines as long as they are
    result = run("show", "INF", "--as-of", "2026-11-23")
    assert result.code == 0, result
    assert "\x1b" not in result.stdout
    sources = result.stdout.split("\nSources\n")[1].split()
    assert BUNDLED_INF_NOTICE in sources, result.stdout


def test_the_html_page_links_every_source(run: Run, tmp_path: Path) -> None:
    page = tmp_path / "inf.html"
    result = run("show", "INF", "--as-of", "2026-11-23", "--html", str(page))
    assert result.code == 0, result
    hrefs = set(re.findall(r'<a [^>]*href="([^"]+)"', page.read_text(encoding="utf-8")))
    expected = {BUNDLED_INF_NOTICE, BUNDLED_INF_ARTICLE_XV, "https://tass.com/politics/1071582"}
    assert expected <= hrefs, hrefs


# -- show --brief -----------------------------------------------------------------------------


def test_the_brief_view_gives_status_and_computed_deadlines_only(treaty: Load) -> None:
    brief = text(view(treaty(INF), brief=True), width=200)
    assert brief.startswith("INF Treaty  (INF)\nStatus on 2026-11-23: terminated since 2019-08-02")
    assert "\n  US: withdrawn since 2019-08-02" in brief and "\n  RU: terminated" in brief
    assert "2019-08-02 │ withdrawal takes effect │ US" in brief
    assert "withdrawal notice of 2019-02-02 + 6 months (Art. XV(2)); passed" in brief
    left_out = ("unlimited duration", "┃ article", "Timeline", "Chronology", "Sources", "Moscow")
    for words in (*left_out, "http"):  # no rule texts, drawing, recorded events or sources
        assert words not in brief, words
    assert "Rules, chronology and sources: treatyline show INF" in brief
    full = text(view(treaty(INF)))
    assert "unlimited duration" in full and "Chronology" in full  # not brief unless asked


def test_the_brief_view_shows_a_deadline_to_come_and_one_averted(treaty: Load) -> None:
    new_start = treaty(
        """\
        id: NEW-START
        name: New START
        kind: bilateral
        parties: [US, RU]
        rules:
          duration: {term: 10 years, article: XIV(2)}
          extension: {limit: 5 years, times: 1, article: XIV(2)}
        events:
          - {date: 2011-02-05, kind: entered_into_force}
          - {date: 2021-02-03, kind: extended, period: 5 years}
        """
    )
    brief = text(view(new_start, as_of=date(2025, 1, 1), brief=True), width=200)
    assert "2021-02-05 │ expiry" in brief and "averted by the extension of 2021-02-03" in brief
    assert "2026-02-05 │ expiry" in brief and "upcoming" in brief


def test_the_brief_view_keeps_the_last_renewal_of_a_series(treaty: Load) -> None:
    incsea = treaty(
        """\
        id: INCSEA
        name: Incidents at Sea Agreement
        kind: bilateral
        parties: [US, RU]
        rules:
          duration: {term: 3 years, article: X(1)}
          renewal: {period: 3 years, article: X(1)}
        events:
          - {date: 1972-05-25, kind: entered_into_force}
        """
    )
    brief = text(view(incsea, brief=True))
    dates = re.findall(r"^ (\d{4}-\d{2}-\d{2}) │ renewal", brief, re.MULTILINE)
    assert dates == ["2026-05-25", "2029-05-25"], brief  # the last passed, and the next
    assert "17 earlier renewals not shown." in brief


def test_the_brief_view_of_a_treaty_without_deadlines_says_so(treaty: Load) -> None:
    ptbt = treaty(
        "id: PTBT\nname: Partial Test Ban Treaty\nkind: multilateral\nevents:\n"
        "  - {date: 1963-10-10, kind: entered_into_force}\n"
    )
    brief = text(view(ptbt, brief=True))
    assert "No computed deadlines." in brief and "┃" not in brief


# -- the width a view needs -------------------------------------------------------------------

BUNDLED = loader.load(
    [catalog.Source(p, bundled=True) for p in sorted(catalog.bundled_directory().glob("*.yaml"))]
)
BOX_DRAWING = re.compile("[\u2500-\u257f]")


def printed(renderable: RenderableType, width: int) -> str:
    """What a terminal of `width` columns gets: the table drawn as `terminal` draws it."""
    console = Console(width=width, file=io.StringIO(), markup=False, emoji=False)
    terminal.print_renderable(console, renderable)
    return console.file.getvalue()  # type: ignore[attr-defined]


def assert_drawn_whole(renderable: RenderableType, width: int) -> None:
    """Every word of every cell and header is printed whole, in every column, none cut."""
    shown = set(BOX_DRAWING.sub(" ", printed(renderable, width)).split())
    for table in render._tables(renderable):
        for column in table.columns:
            if column.max_width is not None:
                continue  # a capped column folds a longer word: its cap says so
            for cell in [column.header, *column.cells]:
                text = cell.plain if isinstance(cell, Text) else str(cell)
                missing = set(text.split()) - shown
                assert not missing, (width, column.header, missing)


@pytest.mark.parametrize("treaty", BUNDLED.treaties, ids=lambda t: t.id)
def test_a_treatys_view_is_drawn_whole_at_any_width(treaty: Treaty) -> None:
    timeline = engine.timeline(treaty, as_of=TODAY)
    deadlines = render.deadlines_table(timeline.deadlines, as_of=TODAY)
    for width in (20, 50, 80, 120):
        assert_drawn_whole(render.treaty_view(timeline, members=True), width)
        assert_drawn_whole(deadlines, width)


@pytest.mark.parametrize("state", ["RU", "US", "UA", "KP", "IR", "DD"])
def test_a_states_view_is_drawn_whole_at_any_width(state: str) -> None:
    view = render.party_view(state, api.party(BUNDLED, state, as_of=TODAY), as_of=TODAY)
    rows = api.treaties(BUNDLED, as_of=TODAY, party=state)
    listing = render.treaties_table(rows, as_of=TODAY, party=state)
    for width in (20, 50, 80, 120):
        assert_drawn_whole(view, width)
        assert_drawn_whole(listing, width)


@pytest.mark.parametrize("width", [80, 100])
def test_a_states_view_fits_a_terminal_of_80_columns(width: int) -> None:
    # The treaty's name and the acts wrap; only dates do not. (When they did not, 110 columns
    # folded the status's dates, "2002-06-1" over "3", and 80 lost the status column; when
    # rich levelled the wrapping columns, "Non-Proliferation" made them all 17 wide, and the
    # view 92.)
    view = render.party_view("RU", api.party(BUNDLED, "RU", as_of=TODAY), as_of=TODAY)
    lines = printed(view, width).splitlines()
    assert max(map(len, lines)) <= width
    assert "left or to come" in lines[1] or lines[2].split("┃")[-1].strip() == "come"
    assert any("Non-Proliferation" in line for line in lines)


WORDS = st.lists(st.sampled_from(["a", "bb", "ccc", "dddddd", "eeeeeeeeee"]), max_size=5)


@settings(deadline=None, max_examples=300)
@given(
    columns=st.lists(
        st.tuples(WORDS, st.lists(WORDS, max_size=4), st.booleans()), min_size=1, max_size=5
    ),
    width=st.integers(10, 90),
)
def test_a_table_that_can_be_drawn_whole_at_a_width_fits_it(
    columns: list[tuple[list[str], list[list[str]], bool]], width: int
) -> None:
    # Each column's least width is its longest word (its widest line if it does not wrap);
    # the frame is two spaces of padding a column and a border on either side of each.
    table = Table()
    least = 0
    rows = max(len(cells) for _, cells, _ in columns)
    for header, cells, no_wrap in columns:
        texts = [" ".join(header)] + [" ".join(cell) for cell in cells]
        longest = max((len(word) for text in texts for word in text.split()), default=0)
        least += max(len(text) for text in texts) if no_wrap else longest
        table.add_column(" ".join(header), no_wrap=no_wrap)
    for number in range(rows):
        table.add_row(*(" ".join(c[number]) if number < len(c) else "" for _, c, _ in columns))
    frame = 3 * len(columns) + 1
    lines = printed(table, width).splitlines()
    assert_drawn_whole(table, width)
    if least + frame <= width:
        assert max(map(len, lines)) <= width


PIECES = ["a", "bb", "\u4e2d", " ", "  ", "\n", "-", "\u00e9", "abcdefgh"]
CELL_TEXT = st.lists(st.sampled_from(PIECES), max_size=8).map("".join)


@settings(deadline=None, max_examples=200)
@given(
    header=st.lists(CELL_TEXT, min_size=1, max_size=4),
    rows=st.lists(st.lists(st.one_of(CELL_TEXT, CELL_TEXT.map(Text)), min_size=4, max_size=4)),
    no_wrap=st.lists(st.booleans(), min_size=4, max_size=4),
    max_width=st.one_of(st.none(), st.integers(1, 6)),
    width=st.integers(5, 120),
)
def test_any_table_of_text_is_drawn_whole_at_any_width(
    header: list[str],
    rows: list[list[str | Text]],
    no_wrap: list[bool],
    max_width: int | None,
    width: int,
) -> None:
    # Words of one and two columns (a Chinese letter is two), blank cells, line breaks,
    # columns that do not wrap, and a cap on one column.
    table = Table()
    for number, title in enumerate(header):
        table.add_column(
            title, no_wrap=no_wrap[number], max_width=max_width if number == 0 else None
        )
    for row in rows:
        table.add_row(*row[: len(header)])
    assert_drawn_whole(table, width)


# -- each column given the width rich would give it, its cells read once ---------------------


def drawn(make: Callable[[], RenderableType], width: int | None) -> tuple[str, str]:
    """What a terminal of `width` columns (a pipe, if None) gets with the widths given by
    `render.sized`, and what it gets with the tables laid out by rich alone."""

    def draw() -> str:
        console = Console(width=width or terminal.UNBOUNDED, file=io.StringIO(), markup=False)
        terminal.print_renderable(console, make())
        return console.file.getvalue()  # type: ignore[attr-defined]

    given = draw()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(render, "sized", lambda console, renderable: None)
        return given, draw()


WIDTHS = (None, 20, 50, 80, 100, 120)


@pytest.mark.parametrize("treaty", BUNDLED.treaties, ids=lambda t: t.id)
def test_a_treatys_view_gives_each_column_the_width_rich_would(treaty: Treaty) -> None:
    timeline = engine.timeline(treaty, as_of=TODAY)
    for width in WIDTHS:
        given, by_rich = drawn(lambda: render.treaty_view(timeline, members=True), width)
        assert given == by_rich, width
        given, by_rich = drawn(
            lambda: render.deadlines_table(timeline.deadlines, as_of=TODAY), width
        )
        assert given == by_rich, width


@pytest.mark.parametrize("state", ["RU", "US", "IR"])
def test_a_states_view_gives_each_column_the_width_rich_would(state: str) -> None:
    records = api.party(BUNDLED, state, as_of=TODAY)
    rows = api.treaties(BUNDLED, as_of=TODAY, party=state)
    for width in WIDTHS:
        given, by_rich = drawn(lambda: render.party_view(state, records, as_of=TODAY), width)
        assert given == by_rich, width
        given, by_rich = drawn(lambda: render.treaties_table(rows, as_of=TODAY, party=state), width)
        assert given == by_rich, width


@settings(deadline=None, max_examples=400)
@given(
    header=st.lists(CELL_TEXT, min_size=1, max_size=4),
    rows=st.lists(st.lists(st.one_of(CELL_TEXT, CELL_TEXT.map(Text)), min_size=4, max_size=4)),
    show_header=st.booleans(),
    no_wrap=st.lists(st.booleans(), min_size=4, max_size=4),
    min_width=st.one_of(st.none(), st.integers(0, 12)),
    max_width=st.one_of(st.none(), st.integers(1, 6)),
    padding=st.integers(0, 2),
    width=st.one_of(st.none(), st.integers(5, 120)),
)
def test_any_table_of_text_is_drawn_as_rich_would_draw_it(
    header: list[str],
    rows: list[list[str | Text]],
    show_header: bool,
    no_wrap: list[bool],
    min_width: int | None,
    max_width: int | None,
    padding: int,
    width: int | None,
) -> None:
    # Blank cells, line breaks, wide letters, columns that do not wrap, a least width on
    # one column and a cap on another, padding, on terminals narrow and wide and in a pipe.
    def table() -> Table:
        made = Table(show_header=show_header, padding=(0, padding))
        for number, title in enumerate(header):
            made.add_column(
                title,
                no_wrap=no_wrap[number],
                min_width=min_width if number == 0 else None,
                max_width=max_width if number == 1 else None,
            )
        for row in rows:
            made.add_row(*row[: len(header)])
        return made

    given, by_rich = drawn(table, width)
    assert given == by_rich


@settings(deadline=None, max_examples=400)
@given(
    header=st.lists(CELL_TEXT, min_size=1, max_size=4),
    rows=st.lists(st.lists(CELL_TEXT, min_size=4, max_size=4), min_size=1),
    no_wrap=st.lists(st.booleans(), min_size=4, max_size=4),
    min_width=st.one_of(st.none(), st.integers(0, 30)),
    padding=st.integers(0, 2),
    width=st.integers(1, 40),
)
def test_a_table_too_wide_for_the_console_is_left_as_rich_draws_it(
    header: list[str],
    rows: list[list[str]],
    no_wrap: list[bool],
    min_width: int | None,
    padding: int,
    width: int,
) -> None:
    # Narrower than its columns' least widths, rich draws a table wider than the console and
    # crops it: widths given from that drawing would be narrowed again, differently.
    def table() -> Table:
        made = Table(padding=(0, padding))
        for number, title in enumerate(header):
            made.add_column(title, no_wrap=no_wrap[number], min_width=min_width)
        for row in rows:
            made.add_row(*row[: len(header)])
        return made

    def draw(given: bool) -> str:
        console = Console(width=width, file=io.StringIO(), markup=False)
        made = table()
        if given:
            render.sized(console, made)
        console.print(made)
        return console.file.getvalue()  # type: ignore[attr-defined]

    assert draw(given=True) == draw(given=False)
