"""The chart as a reader sees it: rows that fit, dates in their year's columns, exports alike."""

from __future__ import annotations

import html
import io
import itertools
import re
import xml.etree.ElementTree as ElementTree
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from rich.cells import cell_len
from rich.console import Console

from tests.conftest import Result, text
from treatyline import api, chart, engine, loader
from treatyline.model import Treaty

Run = Callable[..., Result]
Load = Callable[[str], Treaty]
TODAY = date(2026, 11, 23)
WIDTHS = (60, 100, 160)


@pytest.fixture(scope="module")
def bundled() -> loader.Loaded:
    return api.load(as_of=TODAY, environ={})


def draw(
    loaded: loader.Loaded | list[Treaty],
    width: int,
    *,
    as_of: date = TODAY,
    first: int | None = 1960,
    last: int | None = 2030,
    party: str | None = None,
) -> list[str]:
    treaties = loaded.treaties if isinstance(loaded, loader.Loaded) else loaded
    timelines = [engine.timeline(treaty, as_of=as_of) for treaty in treaties]
    drawn = chart.lifetimes(timelines, first=first, last=last, party=party)
    return text(drawn, width).splitlines()


def row(lines: list[str], label: str) -> str:
    (found,) = [line for line in lines if line.startswith(f"{label} ")]
    return found


def labels(lines: list[str]) -> dict[int, int]:
    """Return each labelled year and the column its label starts in, from the lowest axis."""
    axis = [line for line in lines if re.fullmatch(r" +\d{4}( +\d{4})+ *", line)]
    return {int(year.group()): year.start() for year in re.finditer(r"\d{4}", axis[-1])}


def below_the_axis(lines: list[str]) -> str:
    """Return what follows the lowest axis labels: the legend, then any notes."""
    last = max(i for i, line in enumerate(lines) if re.fullmatch(r" +\d{4}( +\d{4})+ *", line))
    return "\n".join(lines[last + 1 :])


def columns_of(lines: list[str], year: int) -> range:
    """Return the columns of `year`, counted from the labels when each year has whole columns."""
    found = labels(lines)
    (one, two) = sorted(found)[:2]
    per_year = (found[two] - found[one]) / (two - one)
    assert per_year == int(per_year), f"years do not have whole columns: {per_year}"
    start = found[one] + (year - one) * int(per_year)
    return range(start, start + int(per_year))


# -- width ------------------------------------------------------------------------------------


@pytest.mark.parametrize("width", WIDTHS)
def test_the_chart_of_every_treaty_fits_the_width(bundled: loader.Loaded, width: int) -> None:
    lines = draw(bundled, width)
    assert all(cell_len(line) <= width for line in lines), "\n".join(lines)
    for treaty in bundled.treaties:
        assert row(lines, treaty.id)
    years = labels(lines)
    assert {1960, 1970, 2000, 2020} <= set(years), years
    legend = below_the_axis(lines)
    for item in ("━ in force", "┄ not in force", "░ suspended", "! withdrawal notice"):
        assert item in legend, legend
    assert "✕ withdrawal" in legend and "┫ ended" in legend and "+ extension" in legend
    assert "┊ as of 2026-11-23" in legend


@pytest.mark.parametrize("width", range(20, 200, 9))
@pytest.mark.parametrize(("first", "last"), [(1960, 2030), (2019, 2021), (1, 9999), (1987, 1988)])
def test_axis_labels_never_touch_and_no_line_is_too_long(
    bundled: loader.Loaded, width: int, first: int, last: int
) -> None:
    lines = draw(bundled, width, first=first, last=last)
    assert all(cell_len(line) <= width for line in lines), "\n".join(lines)
    (axis,) = {line for line in lines if re.fullmatch(r" +\d+( +\d+)* *", line)}
    words = list(re.finditer(r"\d+", axis))
    assert words, axis
    for left, right in itertools.pairwise(words):
        assert right.start() - left.end() >= 2, axis
        assert int(left.group()) < int(right.group()), axis


# -- dates in their places ---------------------------------------------------------------------


@pytest.mark.parametrize("width", [100, 160])
def test_each_end_lands_in_the_column_of_its_year(bundled: loader.Loaded, width: int) -> None:
    lines = draw(bundled, width)
    inf = row(lines, "INF").rstrip(" ┊")
    assert inf[-1] == "✕" and len(inf) - 1 in columns_of(lines, 2019), inf
    abm = row(lines, "ABM")
    assert abm.index("✕") in columns_of(lines, 2002), abm
    new_start = row(lines, "NEW-START")
    assert new_start.index("┫") in columns_of(lines, 2026), new_start
    assert new_start.index("+") in columns_of(lines, 2021), new_start
    assert new_start.index("‖") in columns_of(lines, 2023), new_start
    assert "░" in new_start[new_start.index("‖") : new_start.index("┫")]
    assert new_start.index("┄") in columns_of(lines, 2010), new_start


def test_at_two_columns_a_year_the_halves_of_the_year_show(bundled: loader.Loaded) -> None:
    lines = draw(bundled, 160)
    first_half, second_half = columns_of(lines, 2019)
    inf = row(lines, "INF")
    assert (inf[first_half], inf[second_half]) == ("!", "✕"), inf  # 2019-02-02, 2019-08-02
    new_start = row(lines, "NEW-START")
    assert new_start[columns_of(lines, 2026)[0]] == "┫"  # 2026-02-05
    axis = [line for line in lines if "┬" in line][-1]
    assert axis.index("┊") == columns_of(lines, 2026)[1]  # 2026-11-23 is in the second half


@pytest.mark.parametrize("width", WIDTHS)
def test_the_as_of_line_runs_through_the_empty_cells(bundled: loader.Loaded, width: int) -> None:
    lines = draw(bundled, width)
    axis = [line for line in lines if "┬" in line][-1]
    column = axis.index("┊")
    for ended in ("ABM", "INF", "SALT-I", "START-I", "SORT"):
        assert row(lines, ended)[column] == "┊", ended
    assert row(lines, "NPT")[column] == "━"  # in force on the day: the bar reaches the line


def test_a_treaty_still_in_force_stops_at_the_as_of_date(bundled: loader.Loaded) -> None:
    lines = draw(bundled, 100)
    axis = [line for line in lines if "┬" in line][-1]
    npt = row(lines, "NPT")
    assert npt.rstrip().endswith("━") and len(npt.rstrip()) == axis.index("┊") + 1


def test_an_end_still_to_come_is_drawn_as_scheduled(bundled: loader.Loaded) -> None:
    lines = draw(bundled, 100, as_of=date(2019, 1, 1), first=2010, last=2022)
    new_start = row(lines, "NEW-START")
    assert "·" in new_start and new_start.index("┫") in columns_of(lines, 2021), new_start
    assert "+" not in new_start  # the extension of 2021-02-03 was not known yet
    assert "· scheduled" in below_the_axis(lines)


def test_states_differ_by_glyph_without_colour(bundled: loader.Loaded) -> None:
    lines = draw(bundled, 160)
    assert not any("\x1b" in line for line in lines)
    new_start = row(lines, "NEW-START")
    assert {"┄", "━", "+", "‖", "░", "┫"} <= set(new_start), new_start
    assert "┄" in row(lines, "CTBT") and "━" not in row(lines, "CTBT")  # signed, never in force


def test_a_ratification_withdrawn_has_its_own_mark(bundled: loader.Loaded) -> None:
    # Russia revoked its ratification of the CTBT on 2023-11-02; the treaty is not in force,
    # so there was nothing to withdraw from, and Russia is a signatory again.
    for party in (None, "RU"):
        lines = draw(bundled, 100, party=party)
        ctbt = row(lines, "CTBT")
        assert "✕" not in ctbt and ctbt.index("↩") in columns_of(lines, 2023), ctbt
        assert "┄" in ctbt[ctbt.index("↩") :], ctbt  # still signed: the line goes on
        assert "↩ ratification withdrawn" in below_the_axis(lines)


DERATIFIED = """\
id: DERAT
name: Never in force
kind: multilateral
events:
  - {date: 2000-01-10, kind: signed, party: RU}
  - {date: 2001-06-30, kind: ratified, party: RU}
  - {date: 2010-06-01, kind: deratified, party: RU}
"""


def test_a_ratification_withdrawn_is_drawn_in_the_treaty_view_too(treaty: Load) -> None:
    timeline = engine.timeline(treaty(DERATIFIED), as_of=TODAY)
    drawing = chart.treaty_drawing(timeline)
    assert drawing is not None
    lines = text(drawing).splitlines()
    assert "↩" in row(lines, "DERAT") and "↩" in row(lines, " RU"), lines
    assert not any("✕" in line for line in lines), lines


class AsciiFile(io.StringIO):
    encoding = "ascii"  # what rich finds under LC_ALL=C with PYTHONIOENCODING=ascii


def test_a_console_that_cannot_write_unicode_gets_distinct_ascii_glyphs(
    bundled: loader.Loaded,
) -> None:
    console = Console(file=AsciiFile(), width=100, color_system=None)
    timelines = [engine.timeline(treaty, as_of=TODAY) for treaty in bundled.treaties]
    console.print(chart.lifetimes(timelines, first=1960, last=2030))
    drawn = console.file.getvalue()  # type: ignore[attr-defined]
    drawn.encode("ascii")
    lines = drawn.splitlines()
    assert {"-", "=", "+", "|", "~", "]"} <= set(row(lines, "NEW-START")[10:]), lines
    assert row(lines, "INF").rstrip(" :")[-1] == "x"
    assert "] ended" in drawn and ": as of 2026-11-23" in drawn
    assert "<" in row(lines, "CTBT") and "< ratification withdrawn" in drawn


PARTIAL = """\
id: PART
name: Partly dated
kind: multilateral
events:
  - {date: 1995-06, kind: signed}
  - {date: 1996, kind: entered_into_force}
"""


def test_a_partial_date_stands_in_the_middle_of_its_range(treaty: Load) -> None:
    lines = draw([treaty(PARTIAL)], 100, first=1990, last=2000)
    part = row(lines, "PART")
    signed, in_force = columns_of(lines, 1995), columns_of(lines, 1996)
    assert len(signed) >= 4, lines
    assert part.index("┄") in signed[1:-1], part  # June: neither the year's start nor its end
    assert part.index("━") in in_force[1:-1], part  # the year 1996: its middle


COLLIDING = """\
id: PAIR
name: Pair
kind: bilateral
parties: [US, RU]
rules:
  withdrawal: {notice: 6 months, article: X}
events:
  - {date: 1990-01-10, kind: signed}
  - {date: 1990-06-01, kind: entered_into_force}
  - {date: 2019-02-02, kind: withdrawal_notice, party: US}
"""


def test_the_withdrawal_wins_a_cell_it_shares_with_its_notice(treaty: Load) -> None:
    pair = treaty(COLLIDING)
    coarse = row(draw([pair], 60, first=1910, last=2019), "PAIR")  # 2 years a column: 2018-19
    assert "✕" in coarse and "!" not in coarse, coarse
    fine = row(draw([pair], 100, first=2015, last=2020), "PAIR")
    assert fine.index("!") < fine.index("✕"), fine


def test_a_party_row_draws_that_states_membership(bundled: loader.Loaded) -> None:
    lines = draw(bundled, 100, party="RU")
    cfe = row(lines, "CFE")
    assert cfe.index("‖") in columns_of(lines, 2007), cfe
    assert "░" in cfe and cfe.rstrip(" ┊")[-1] == "✕", cfe  # suspended, then left in 2023
    inf = row(lines, "INF")
    assert "!" not in inf and inf.rstrip(" ┊")[-1] == "┫", inf  # the notice was the US's
    assert "━ party" in "\n".join(lines)
    notes = "\n".join(lines[-3:])
    assert "No record of RU in:" in notes and "OTTAWA" in notes
    assert not any(line.startswith("OTTAWA ") for line in lines)


def test_a_treaty_wide_event_is_no_record_of_a_state_that_is_not_party(
    bundled: loader.Loaded,
) -> None:
    # New START's extension of 2021 has no party: a mark on the US's row, none for Iran.
    iran = draw(bundled, 100, party="IR")
    assert not any(line.startswith("NEW-START ") for line in iran)
    assert "NEW-START" in "\n".join(iran[-3:])
    assert "+" in row(draw(bundled, 100, party="US"), "NEW-START")


def test_a_party_row_ends_when_the_other_partys_withdrawal_ends_the_treaty(
    bundled: loader.Loaded,
) -> None:
    """The US left the ABM Treaty on 2002-06-13, and with it ended for Russia too."""
    lines = draw(bundled, 100, party="RU")
    abm = row(lines, "ABM")
    assert abm.rstrip(" ┊")[-1] == "┫" and abm.index("┫") in columns_of(lines, 2002), abm


def test_the_calendar_ends_are_drawn_anywhere_in_it(treaty: Load) -> None:
    far = treaty(
        "id: FAR\nname: Far\nkind: bilateral\nparties: [US, RU]\nevents:\n"
        "  - {date: 0001-01-01, kind: signed}\n  - {date: 9999-12-31, kind: entered_into_force}\n"
    )
    for width in WIDTHS:
        lines = draw([far], width, as_of=date.max, first=None, last=None)
        assert all(cell_len(line) <= width for line in lines), "\n".join(lines)
        axis = [line for line in lines if "─" in line][-1]
        assert len(row(lines, "FAR").rstrip()) == len(axis.rstrip()), lines  # from end to end


# -- show ------------------------------------------------------------------------------------


def test_show_draws_the_treaty_above_the_chronology(run: Run) -> None:
    result = run("show", "INF", "--as-of", "2026-11-23")
    assert result.code == 0, result
    out = result.stdout
    assert out.index("Rules") < out.index("Timeline") < out.index("Chronology")
    drawing = out.split("Timeline\n")[1].split("Chronology")[0].splitlines()
    assert drawing[0].startswith("INF ") and drawing[0].rstrip().endswith("!✕"), drawing
    assert "1987" in drawing[2] and "2019" in drawing[2], drawing  # the first year, the last


def test_show_gives_a_state_that_acted_alone_a_row(run: Run) -> None:
    lines = run("show", "NPT", "--as-of", "2026-11-23").stdout.splitlines()
    korea = row(lines, " KP")
    assert "!" in korea and korea.rstrip(" ┊")[-1] == "✕", korea
    cfe = run("show", "CFE", "--as-of", "2026-11-23").stdout
    # States whose rows look alike share one, named under the drawing when the names do not
    # fit its margin: suspended on 2023-11-07 (Denmark, the Benelux, France and Bulgaria). Rows
    # past the drawing's height are named as not drawn.
    assert "\n 6 states  " in cfe and "\n6 states: DK, BE, NL, LU, FR, BG.\n" in cfe
    # The United Kingdom and the United States (lines of the membership table) share a row with
    # Italy: all three suspended on 2023-12-07. Belarus (2024) and Kazakhstan (2025) are not drawn.
    assert "\n GB, US, IT  " in cfe
    assert "\nNot drawn: BY, KZ (see chart CFE --party CODE).\n" in cfe
    # Czechia is drawn from 1993, when it came to exist and the treaty bound it.
    lines = [line.lstrip() for line in cfe.splitlines()]
    czechia, portugal = row(lines, "CZ"), row(lines, "PT")
    drawn = len(portugal) - len(portugal[2:].lstrip())
    assert len(czechia) - len(czechia[2:].lstrip()) > drawn  # Portugal's row starts at signature


# -- the command line -------------------------------------------------------------------------


def test_the_chart_command_draws_the_bundled_treaties(run: Run) -> None:
    result = run("chart", "--from", "1960", "--to", "2030", "--as-of", "2026-11-23")
    assert (result.code, result.stderr) == (0, ""), result
    lines = result.stdout.splitlines()
    assert lines[0] == "Treaty lifetimes, 1960 to 2030 (as of 2026-11-23)"
    assert row(lines, "NEW-START") and row(lines, "TPNW")
    assert all(cell_len(line) <= 100 for line in lines)


def test_named_treaties_keep_their_order(run: Run) -> None:
    result = run("chart", "New START", "inf", "New START", "--as-of", "2026-11-23")
    assert result.code == 0, result
    rows = [line.split()[0] for line in result.stdout.splitlines() if line[:1].isalpha()]
    assert rows[1:] == ["NEW-START", "INF"]  # after the title; a treaty named twice is one row


def test_a_piped_chart_is_drawn_at_100_columns(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    args = ("chart", "--from", "1960", "--to", "2030", "--as-of", "2026-11-23")
    at_100 = run(*args).stdout
    monkeypatch.delenv("COLUMNS")
    assert run(*args).stdout == at_100


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--from", "2030", "--to", "1960"], "--from 2030 (2030-01-01) is after --to 1960"),
        (["--from", "nineteen"], "--from: 'nineteen' is neither a date nor an offset"),
        (["--to", "0"], "--to: '0' is neither a date nor an offset"),
        (["--from", "10000"], "--from: '10000' is neither a date nor an offset"),
        (["--party", "XX"], "'XX' is not a country code"),
        (["New STRAT"], "no treaty called 'New STRAT'"),
    ],
)
def test_a_bad_chart_option_is_a_usage_error(run: Run, args: list[str], message: str) -> None:
    result = run("chart", *args)
    assert result.code == 2, result
    assert result.stdout == ""
    assert message in result.stderr, result.stderr
    assert "Traceback" not in result.stderr


# -- SVG and HTML ------------------------------------------------------------------------------

SVG = "{http://www.w3.org/2000/svg}"


def svg_lines(path: Path) -> list[str]:
    """Return the lines of text an SVG picture shows, each put together from its pieces.

    A piece stands at x = column * the width of a character; blank pieces are left out.
    """
    pieces: dict[float, list[tuple[int, str]]] = {}
    texts = [
        element
        for element in ElementTree.parse(path).getroot().iter(f"{SVG}text")
        if "title" not in element.get("class", "")  # the window's caption is not the terminal's
    ]
    sample = next(element for element in texts if element.get("textLength"))
    character = float(sample.get("textLength", 1)) / cell_len("".join(sample.itertext()))
    for element in texts:
        column = round(float(element.get("x", 0)) / character)
        pieces.setdefault(float(element.get("y", 0)), []).append(
            (column, "".join(element.itertext()).replace("\xa0", " "))
        )
    lines = []
    for _, row in sorted(pieces.items()):
        line = ""
        for column, words in sorted(row):
            line = line.ljust(column) + words
        lines.append(line.rstrip())
    return lines


def html_lines(path: Path) -> list[str]:
    code = re.search(r"<code[^>]*>(.*)</code>", path.read_text(encoding="utf-8"), re.DOTALL)
    assert code is not None
    return [line.rstrip() for line in html.unescape(re.sub(r"<[^>]+>", "", code[1])).splitlines()]


def shown(output: str) -> list[str]:
    return [line.rstrip() for line in output.splitlines() if line.strip()]


@pytest.mark.parametrize(
    "command",
    [
        ["chart", "--from", "1960", "--to", "2030"],
        ["chart", "--party", "US"],
        ["show", "INF"],
        ["deadlines", "--year", "2021"],
    ],
)
def test_svg_and_html_show_what_the_terminal_shows(
    run: Run, tmp_path: Path, command: list[str]
) -> None:
    svg, page = tmp_path / "picture.svg", tmp_path / "picture.html"
    args = [*command, "--as-of", "2026-11-23"]
    result = run(*args, "--svg", str(svg), "--html", str(page))
    assert result.code == 0, result
    assert result.stdout == run(*args).stdout  # the exports change nothing on the terminal
    assert [line for line in svg_lines(svg) if line] == shown(result.stdout)
    assert [line for line in html_lines(page) if line] == shown(result.stdout)


def test_the_svg_names_the_treaties_and_their_dates(run: Run, tmp_path: Path) -> None:
    picture = tmp_path / "chart.svg"
    result = run("chart", "--as-of", "2026-11-23", "--svg", str(picture))
    assert result.code == 0, result
    words = "\n".join(svg_lines(picture))
    for name in ("INF", "NEW-START", "ABM", "CFE", "OTTAWA"):
        assert f"\n{name} " in words, name
    assert "as of 2026-11-23" in words and "1970" in words
    show = tmp_path / "inf.svg"
    run("show", "INF", "--as-of", "2026-11-23", "--svg", str(show))
    words = "\n".join(svg_lines(show))
    assert "INF Treaty" in words and "2019-08-02" in words and "2019-02-02" in words


def test_the_svg_marks_a_ratification_withdrawn(run: Run, tmp_path: Path) -> None:
    picture = tmp_path / "ctbt.svg"
    result = run("chart", "CTBT", "--as-of", "2026-11-23", "--svg", str(picture))
    assert result.code == 0, result
    lines = svg_lines(picture)
    assert "↩" in row(lines, "CTBT") and "✕" not in row(lines, "CTBT"), lines
    assert "↩ ratification withdrawn" in "\n".join(lines)


def test_the_pictures_load_nothing_from_the_web(run: Run, tmp_path: Path) -> None:
    svg, page = tmp_path / "chart.svg", tmp_path / "chart.html"
    shown_svg, shown_page = tmp_path / "inf.svg", tmp_path / "inf.html"
    run("chart", "--as-of", "2026-11-23", "--svg", str(svg), "--html", str(page))
    run("show", "INF", "--as-of", "2026-11-23", "--svg", str(shown_svg), "--html", str(shown_page))
    for path in (svg, page, shown_svg, shown_page):
        written = path.read_text(encoding="utf-8")
        assert "@font-face" not in written and "@import" not in written and "<link" not in written
        assert not re.search(r"url\((?!#)", written), path  # only references inside the file
        assert not re.search(r"\ssrc=", written), path
    # The SVG names its namespace, not a place to fetch; the page's addresses are links.
    assert set(re.findall(r"https?://[^\s\"'<>)]+", svg.read_text(encoding="utf-8"))) == {
        "http://www.w3.org/2000/svg"
    }
    assert "http" not in page.read_text(encoding="utf-8")
    links = re.sub(r"<a [^>]*>[^<]*</a>", "", shown_page.read_text(encoding="utf-8"))
    assert "http" not in links


def test_the_svg_sizes_its_cells_for_the_faces_it_names(run: Run, tmp_path: Path) -> None:
    picture = tmp_path / "chart.svg"
    run("chart", "--as-of", "2026-11-23", "--svg", str(picture))
    written = picture.read_text(encoding="utf-8")
    style = re.search(r"-matrix \{([^}]*)\}", written)
    assert style is not None
    faces = re.search(r"font-family: ([^;]+);", style[1])
    size = re.search(r"font-size: ([\d.]+)px;", style[1])
    assert faces is not None and size is not None
    # DejaVu Sans Mono (Linux) and Menlo (macOS) hold every glyph of the chart, and their
    # characters are 0.6 of their height wide: the cells are sized to match them.
    assert faces[1].startswith("'DejaVu Sans Mono', Menlo,") and faces[1].endswith("monospace")
    sample = next(
        element
        for element in ElementTree.parse(picture).getroot().iter(f"{SVG}text")
        if element.get("textLength") and "title" not in element.get("class", "")
    )
    width = float(sample.get("textLength", 0)) / cell_len("".join(sample.itertext()))
    assert width == pytest.approx(0.6 * float(size[1]))


def test_the_html_page_has_a_title(run: Run, tmp_path: Path) -> None:
    page = tmp_path / "inf.html"
    run("show", "INF", "--as-of", "2026-11-23", "--html", str(page))
    assert "<title>treatyline show INF</title>" in page.read_text(encoding="utf-8")


def test_the_exports_keep_colour_unless_told_not_to(run: Run, tmp_path: Path) -> None:
    coloured, plain = tmp_path / "coloured.svg", tmp_path / "plain.svg"
    run("chart", "ABM", "--as-of", "2026-11-23", "--svg", str(coloured))  # NO_COLOR is set
    run("chart", "ABM", "--as-of", "2026-11-23", "--svg", str(plain), "--color", "never")

    def fills(path: Path) -> set[str]:
        return set(re.findall(r"fill: (#[0-9a-f]{6})", path.read_text(encoding="utf-8")))

    assert len(fills(plain)) < len(fills(coloured))


def test_a_machine_format_with_svg_prints_the_format_and_draws_the_table(
    run: Run, tmp_path: Path
) -> None:
    picture = tmp_path / "inf.svg"
    result = run("show", "INF", "--as-of", "2026-11-23", "-f", "json", "--svg", str(picture))
    assert result.code == 0, result
    assert result.stdout.startswith("{")
    assert "Chronology" in "\n".join(svg_lines(picture))


def test_an_svg_that_cannot_be_written_is_a_clear_error(run: Run, tmp_path: Path) -> None:
    result = run("chart", "INF", "--svg", str(tmp_path / "no" / "such" / "chart.svg"))
    assert result.code == 1
    assert "cannot write" in result.stderr and "Traceback" not in result.stderr
