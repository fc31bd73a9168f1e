"""The cache's index: a command about one treaty reads only the files that define and extend
it, and gives what reading every file gives; anything the index cannot vouch for reads all."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest

from treatyline import catalog, loader
from treatyline.catalog import Source
from treatyline.errors import TreatylineError
from treatyline.loader import corpus as corpus_module
from treatyline.query import find_treaty

TODAY = date(2026, 11, 23)


def _treaty(number: int) -> str:
    return (
        f"id: T{number}\nname: Treaty number {number}\nkind: bilateral\nparties: [US, RU]\n"
        f"events:\n  - {{date: 19{number:02d}-01-01, kind: signed, source: https://example.org/}}\n"
    )


@pytest.fixture
def corpus(tmp_path: Path) -> list[Source]:
    """Twenty small timelines beside the bundled ones, and a file that adds to INF."""
    folder = tmp_path / "mine"
    folder.mkdir()
    for number in range(20):
        (folder / f"t{number:02d}.yaml").write_text(_treaty(number), encoding="utf-8")
    (folder / "my-inf.yaml").write_text(
        "extends: INF\nevents:\n  - {date: 2019-08-05, kind: statement, party: RU}\n",
        encoding="utf-8",
    )
    return catalog.search_path({}, [folder])


def _load(sources: list[Source], cache: Path, wanted: str | None = None) -> loader.Loaded:
    return loader.load(sources, as_of=TODAY, cache=cache, wanted=wanted)


def test_one_treaty_is_read_from_its_own_files_and_is_the_same(
    corpus: list[Source], tmp_path: Path
) -> None:
    everything = _load(corpus, tmp_path / "cache")  # a first load writes the index
    assert len(everything.treaties) > 40
    alone = _load(corpus, tmp_path / "cache", wanted="inf treaty")
    assert [treaty.id for treaty in alone.treaties] == ["INF"]
    # The bundled INF and the file that extends it, nothing else; the same INF as before.
    assert find_treaty(alone.treaties, "INF") == find_treaty(everything.treaties, "INF")
    assert any(e.where.path.endswith("my-inf.yaml") for e in alone.treaties[0].events)
    assert alone.files == everything.files  # none of them may be overwritten by an --output
    assert alone.problems == everything.problems == ()


def test_without_an_index_or_with_a_changed_file_every_file_is_read(
    corpus: list[Source], tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    assert len(_load(corpus, cache, wanted="T3").treaties) > 40  # no index yet
    assert [t.id for t in _load(corpus, cache, wanted="T3").treaties] == ["T3"]
    changed = next(Path(s.path) for s in corpus if os.path.basename(s.path) == "t07.yaml")
    changed.write_text(_treaty(7).replace("Treaty number 7", "Treaty seven"), encoding="utf-8")
    again = _load(corpus, cache, wanted="T3")
    assert len(again.treaties) > 40  # t07.yaml changed: the index cannot vouch for it
    assert find_treaty(again.treaties, "Treaty seven").id == "T7"
    assert [t.id for t in _load(corpus, cache, wanted="Treaty seven").treaties] == ["T7"]


def test_a_renamed_treaty_is_found_by_its_new_name_at_once(
    corpus: list[Source], tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    _load(corpus, cache)
    path = next(Path(s.path) for s in corpus if os.path.basename(s.path) == "t05.yaml")
    stat = path.stat()
    # Same size, same modification time: only the change time and the bytes tell.
    path.write_text(_treaty(5).replace("number 5", "numbre 5"), encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    found = _load(corpus, cache, wanted="Treaty numbre 5")
    assert find_treaty(found.treaties, "Treaty numbre 5").id == "T5"


@pytest.mark.parametrize("name", ["no such treaty", "Treaty number"])
def test_an_unknown_or_partial_name_reads_every_file_for_its_suggestions(
    corpus: list[Source], tmp_path: Path, name: str
) -> None:
    cache = tmp_path / "cache"
    _load(corpus, cache)
    loaded = _load(corpus, cache, wanted=name)
    assert len(loaded.treaties) > 40
    with pytest.raises(TreatylineError):
        find_treaty(loaded.treaties, name)


def test_after_a_load_with_problems_every_file_is_read(
    corpus: list[Source], tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    broken = Path(corpus[-1].path).parent / "t99.yaml"
    broken.write_text("id: T99\nname: Broken\nkind: nonsense\n", encoding="utf-8")
    sources = catalog.search_path({}, [broken.parent])
    first = _load(sources, cache)
    assert first.errors
    again = _load(sources, cache, wanted="INF")
    assert len(again.treaties) > 40 and again.problems == first.problems  # still reported


def test_the_index_is_kept_per_list_of_sources(corpus: list[Source], tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    bundled = catalog.search_path({}, [])
    _load(corpus, cache)
    _load(bundled, cache)
    assert [t.id for t in _load(corpus, cache, wanted="T1").treaties] == ["T1"]
    assert [t.id for t in _load(bundled, cache, wanted="INF").treaties] == ["INF"]
    assert len(list(cache.glob("*.index"))) == 2


def test_completion_names_come_from_the_index_without_reading_a_file(
    corpus: list[Source], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    from_files = loader.treaty_labels(corpus, cache=cache)  # no index yet: a load
    assert ("INF", "INF Treaty", *find_treaty(_load(corpus, cache).treaties, "INF").aliases) in (
        from_files
    )

    def no_reading(*args: object) -> None:
        raise AssertionError("a file was read")

    monkeypatch.setattr(corpus_module, "_looked_up", no_reading)
    assert loader.treaty_labels(corpus, cache=cache) == from_files
    # A changed file: the index cannot vouch, and the files are read (here: refused).
    changed = next(Path(s.path) for s in corpus if os.path.basename(s.path) == "t01.yaml")
    changed.write_text(_treaty(1).replace("number 1", "number one"), encoding="utf-8")
    with pytest.raises(AssertionError, match="a file was read"):
        loader.treaty_labels(corpus, cache=cache)


def test_a_load_of_files_the_index_vouches_for_reads_none_of_them(
    corpus: list[Source], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    whole = _load(corpus, cache)  # reads every file, and writes the cache and the index

    def no_reading(source: Source) -> None:
        raise AssertionError(f"{source.path} was read")

    monkeypatch.setattr(corpus_module, "_read", no_reading)
    assert _load(corpus, cache) == whole
    monkeypatch.undo()
    # A changed file is read again, the others are not.
    read: list[str] = []
    real = corpus_module._read
    monkeypatch.setattr(corpus_module, "_read", lambda s: read.append(str(s.path)) or real(s))
    changed = next(Path(s.path) for s in corpus if os.path.basename(s.path) == "t07.yaml")
    changed.write_text(_treaty(7).replace("Treaty number 7", "Treaty seven"), encoding="utf-8")
    assert find_treaty(_load(corpus, cache).treaties, "Treaty seven").id == "T7"
    assert read == [str(changed)]


def test_a_problem_found_in_a_file_not_read_still_shows_its_line(tmp_path: Path) -> None:
    from tests.test_checks import NEW_START

    (tmp_path / "stale.yaml").write_text(NEW_START, encoding="utf-8")
    found = [Source(tmp_path / "stale.yaml")]
    cache = tmp_path / "cache"
    assert loader.load(found, as_of=date(2025, 1, 1), cache=cache).problems == ()  # an index
    later = loader.load(found, as_of=TODAY, cache=cache)  # vouched: the file is not read
    uncached = loader.load(found, as_of=TODAY)
    assert later.problems == uncached.problems
    assert [p.excerpt for p in later.problems] == ["id: NEW-START"]
