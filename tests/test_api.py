"""The Python API as a notebook uses it: the same answers as the command line."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

import treatyline
from treatyline.errors import TreatylineError
from treatyline.model import DeadlineKind, DeadlineStatus

TODAY = date(2026, 11, 23)


def test_load_and_list_the_deadlines_of_2026() -> None:
    library = treatyline.load(environ={})
    assert library.errors == ()
    found = treatyline.deadlines(
        library, as_of=TODAY, start=date(2026, 1, 1), end=date(2026, 12, 31)
    )
    assert [(d.treaty, str(d.date), d.party) for d in found] == [
        ("OTTAWA", "2026-01-10", "FI"),
        ("NEW-START", "2026-02-05", None),
        ("OTTAWA", "2026-02-20", "PL"),
        ("CCM", "2026-03-01", "VU"),
        ("INCSEA", "2026-05-25", None),
    ]


def test_filters_take_names_codes_and_kinds() -> None:
    library = treatyline.load(environ={})
    found = treatyline.deadlines(
        library, as_of=TODAY, treaty=["new start"], kind=[DeadlineKind.EXPIRY, "expiry"]
    )
    assert [(str(d.date), d.status) for d in found] == [
        ("2021-02-05", DeadlineStatus.AVERTED),
        ("2026-02-05", DeadlineStatus.PASSED),
    ]
    with pytest.raises(TreatylineError, match="unknown deadline kind"):
        treatyline.deadlines(library, as_of=TODAY, kind=["expiration"])
    with pytest.raises(TreatylineError, match="'XX' is not a country code"):
        treatyline.deadlines(library, as_of=TODAY, party=["XX"])


def test_find_and_timeline_explain_a_date() -> None:
    inf = treatyline.find(treatyline.load(environ={}), "Intermediate-Range Nuclear Forces Treaty")
    (effect,) = treatyline.timeline(inf, as_of=TODAY).deadlines
    assert (str(effect.date), effect.rule, effect.article) == (
        "2019-08-02",
        "withdrawal notice of 2019-02-02 + 6 months",
        "XV(2)",
    )


def test_what_if_from_python() -> None:
    library = treatyline.load(environ={})
    outcome = treatyline.what_if_notice(
        treatyline.find(library, "INF"), on=date(2019, 2, 2), party="US"
    )
    assert (str(outcome.effect.date), outcome.ends_treaty) == ("2019-08-02", True)
    moved = treatyline.what_if_extension(
        treatyline.find(library, "NEW-START"), on=date(2021, 1, 1), period="5 years"
    )
    assert str(moved.after.date) == "2026-02-05"


def test_a_users_file_is_loaded_beside_the_bundled_ones(tmp_path: Path) -> None:
    mine = tmp_path / "mine.yaml"
    mine.write_text(
        "id: MINE\nname: Mine\nkind: bilateral\nparties: [US, RU]\n"
        "events:\n  - {date: 2020-01-01, kind: entered_into_force}\n",
        encoding="utf-8",
    )
    library = treatyline.load(mine, environ={}, builtin=False)
    (only,) = library.treaties
    assert treatyline.find(library, "mine") is only
    status = treatyline.timeline(only, as_of=TODAY)
    assert status.events[0].kind.value == "entered_into_force"
    assert treatyline.load(mine, environ={}).errors == ()


def test_problems_come_back_as_data_not_exceptions(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: BAD\nname: Bad\nkind: bilaterl\n", encoding="utf-8")
    library = treatyline.load(bad, environ={}, builtin=False)
    (problem,) = library.errors
    assert (problem.where.line, problem.where.column) == (3, 7)
    with pytest.raises(TreatylineError, match="no such file or directory"):
        treatyline.load(tmp_path / "missing.yaml", environ={})


def test_the_user_data_directory_comes_from_the_environment_given(tmp_path: Path) -> None:
    timelines = tmp_path / "treatyline" / "timelines"
    timelines.mkdir(parents=True)
    (timelines / "x.yaml").write_text("id: X\nname: X\nkind: draft\n", encoding="utf-8")
    library = treatyline.load(environ={"XDG_DATA_HOME": str(tmp_path)}, builtin=False)
    assert [t.id for t in library.treaties] == ["X"]


def test_files_are_named_as_given_paths_for_a_folder_given_strings_for_the_bundled(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # docs/api.md: a Path for a file found through a path the caller gave, a str for the
    # bundled files and the user data directory's; spelled as Path spells them ("x.yaml" in
    # ".", "data/x.yaml" for "./data/"), in `.files` and in the problems' places alike.
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "x.yaml").write_text("id: X\nname: X\nkind: drat\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path / "data")
    here = treatyline.load(".", environ={}, builtin=False)
    assert here.files == (Path("x.yaml"),) and isinstance(here.files[0], Path)
    assert [str(p.where.path) for p in here.errors] == ["x.yaml"]
    monkeypatch.chdir(tmp_path)
    there = treatyline.load("./data/", environ={})
    assert there.files[-1] == Path("data/x.yaml") and isinstance(there.files[-1], Path)
    assert [str(p.where.path) for p in there.errors] == ["data/x.yaml"]
    assert all(type(f) is str for f in there.files[:-1])  # the bundled files
    assert len(there.files) == len(treatyline.load(environ={}).files) + 1


def test_the_command_line_is_built_on_the_api(monkeypatch: pytest.MonkeyPatch) -> None:
    """One code path: replacing the API's loader changes what the command prints."""
    from treatyline import api, cli

    calls: list[tuple[object, ...]] = []
    real = api.load

    def spy(*paths: object, **options: object) -> object:
        calls.append(paths)
        return real(*paths, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(api, "load", spy)
    with pytest.raises(SystemExit):
        cli.main(["list", "--format", "csv"])
    assert calls == [()]


def test_an_unknown_attribute_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError):
        _ = treatyline.no_such_function  # type: ignore[attr-defined]
    assert treatyline.__version__ == "0.1.0"
