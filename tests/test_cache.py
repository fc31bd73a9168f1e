"""The cache of read timelines: used when it holds a file's bytes, and never changes a result.

Every test loads the same files with and without the cache and compares the whole `Loaded`
(treaties, events, locations, problems with their excerpts). A cache that is damaged, stale,
foreign, unsafe or unwritable must give the same answer as no cache, silently.
"""

from __future__ import annotations

import json
import os
import shutil
import textwrap
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from tests.conftest import Result
from treatyline import api, cache, catalog, export, files, loader
from treatyline.catalog import Source
from treatyline.errors import TreatylineError
from treatyline.loader import reader
from treatyline.loader.reader import _Reader

AS_OF = date(2026, 11, 23)
ERRORS = Path(__file__).parent / "errors"
Run = Callable[..., Result]

BASE = """\
id: LAKESIDE
name: Lakeside Agreement
kind: bilateral
parties: [NO, SE]
status: in_force
rules:
  duration: {term: 10 years, article: "12"}
  extension: {limit: 5 years, times: 1, article: "12"}
  withdrawal: {notice: six months, article: "13"}
events:
  - date: 2005-03-14
    kind: signed
  - date: 2005-09-01
    kind: entered_into_force
  - {date: 2015-06-30, kind: extended, period: 5 years, note: By an exchange of notes.}
  - date: 2018-06
    kind: withdrawal_notice
    party: SE
    contested:
      - {date: 2018-07-02, held_by: "NO", note: Counted from the receipt.}
  - {date: 2018-12, kind: withdrawal_effective, party: SE}
  - {date: 2019-01-02, kind: statement, party: NO, note: recorded after the end}
"""
EXTENSION = """\
extends: LAKESIDE
events:
  - {date: 2018-02-01, kind: statement, party: SE, note: A warning before the notice.}
  - {date: 2020-01-01, kind: suspended, party: "NO", note: After the end and so a warning.}
"""


@pytest.fixture
def timelines(tmp_path: Path) -> Path:
    """A directory of timelines with warnings, an error, a contested claim and an extension."""
    directory = tmp_path / "timelines"
    directory.mkdir()
    (directory / "lakeside.yaml").write_text(BASE, encoding="utf-8")
    (directory / "lakeside-more.yaml").write_text(EXTENSION, encoding="utf-8")
    (directory / "broken.yaml").write_text(
        "id: BROKEN\nname: Broken\nkind: bilateral\nparties: [US, XX]\n"
        "events:\n  - {date: 2019-02-30, kind: withdrawl, party: US}\n",
        encoding="utf-8",
    )
    return directory


@pytest.fixture
def store(tmp_path: Path) -> Path:
    return tmp_path / "cache" / "treatyline"


def sources(*paths: Path, builtin: bool = False) -> list[Source]:
    return catalog.search_path({}, list(paths), builtin=builtin)


def load(found: list[Source], store: Path | None) -> loader.Loaded:
    return loader.load(found, as_of=AS_OF, cache=store)


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record the path of every file that is parsed (composed and converted) from its text."""
    parsed: list[str] = []
    real = reader._parse

    def counting(reader: _Reader, text: str) -> object:
        parsed.append(reader.path)
        return real(reader, text)

    # The loader imports the reading of text when it needs it, and so finds this one.
    monkeypatch.setattr(reader, "_parse", counting)
    return parsed


def cache_files(store: Path) -> list[Path]:
    return sorted(store.glob("*.cache"))


# -- the cache is used, and gives what the files give ----------------------------------------


def test_a_warm_load_reads_no_file_again_and_gives_the_same_records(
    timelines: Path, store: Path, parses: list[str]
) -> None:
    found = sources(timelines)
    fresh = load(found, None)
    assert len(parses) == len(found)
    cold = load(found, store)
    assert cold == fresh
    parses.clear()
    warm = load(found, store)
    assert parses == []  # nothing composed or converted: everything came from the cache
    assert warm == fresh
    assert [p.excerpt for p in warm.problems] == [p.excerpt for p in fresh.problems]
    assert any(p.excerpt for p in warm.problems)


def test_every_bundled_timeline_and_every_error_case_loads_the_same_from_the_cache(
    store: Path, parses: list[str]
) -> None:
    cases = sorted(p for p in ERRORS.iterdir() if p.suffix == ".yaml" or p.is_dir())
    for case in [catalog.bundled_directory(), *cases]:
        found = sources(case, builtin=False)
        fresh = load(found, None)
        load(found, store)
        parses.clear()
        assert load(found, store) == fresh, case.name


def test_the_command_line_answers_the_same_cold_warm_and_without_cache(
    run: Run, timelines: Path
) -> None:
    (timelines / "broken.yaml").unlink()
    args = ("deadlines", "--from", "2000", "-f", "json", "--as-of", "2026-11-23")
    args += ("--data", str(timelines))
    answers = [run(*args).stdout, run(*args).stdout, run(*args, "--no-cache").stdout]
    assert answers[0] == answers[1] == answers[2]
    assert json.loads(answers[0])["deadlines"]


def test_a_cached_treaty_that_a_new_file_extends_is_checked_again(
    timelines: Path, store: Path
) -> None:
    (timelines / "lakeside-more.yaml").unlink()
    alone = load(sources(timelines), store)
    (timelines / "lakeside-more.yaml").write_text(EXTENSION, encoding="utf-8")
    found = sources(timelines)
    extended = load(found, store)
    assert extended == load(found, None)
    assert len(extended.problems) > len(alone.problems)  # the checks found more
    (timelines / "lakeside-more.yaml").unlink()
    found = sources(timelines)
    assert load(found, store) == load(found, None)


def test_the_same_file_by_another_path_keeps_its_own_locations(
    timelines: Path, store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(timelines.parent)
    relative = [Source(Path("timelines") / "lakeside.yaml")]
    absolute = [Source(timelines / "lakeside.yaml")]
    for found in (relative, absolute, relative, absolute):
        loaded = load(found, store)
        assert loaded == load(found, None)
        assert loaded.treaties[0].where.path == str(found[0].path)


# -- a stale entry is not used ----------------------------------------------------------------


def test_a_changed_file_is_read_again(timelines: Path, store: Path, parses: list[str]) -> None:
    load(sources(timelines), store)
    path = timelines / "lakeside.yaml"
    path.write_text(BASE.replace("2005-09-01", "2005-09-02"), encoding="utf-8")
    parses.clear()
    found = sources(timelines)
    assert load(found, store) == load(found, None)
    assert parses.count(str(path)) == 2  # once with the cache, once without


def test_a_change_that_keeps_size_and_mtime_is_read_again(
    timelines: Path, store: Path, parses: list[str]
) -> None:
    path = timelines / "lakeside.yaml"
    before = path.stat()
    load(sources(timelines), store)
    path.write_text(BASE.replace("2005-09-01", "2005-09-02"), encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = path.stat()
    assert (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    parses.clear()
    found = sources(timelines)
    warm = load(found, store)
    assert str(path) in parses  # the CRC of the bytes differs, so the entry is stale
    assert warm == load(found, None)
    assert any(e.date.earliest == date(2005, 9, 2) for e in warm.treaties[1].events)


def test_a_deleted_file_leaves_no_answer_behind(timelines: Path, store: Path) -> None:
    load(sources(timelines), store)
    (timelines / "broken.yaml").unlink()
    found = sources(timelines)
    assert load(found, store) == load(found, None)


# -- a damaged, foreign or unsafe cache is not used -------------------------------------------


@pytest.mark.parametrize(
    "damage",
    ["empty", "garbage", "truncated", "flipped byte", "bad header", "other format", "huge frame"],
)
def test_a_damaged_cache_file_is_ignored_and_replaced(
    timelines: Path, store: Path, parses: list[str], damage: str
) -> None:
    found = sources(timelines)
    fresh = load(found, None)
    load(found, store)
    (target,) = cache_files(store)
    data = target.read_bytes()
    header, _, body = data.partition(b"\n")
    damaged = {
        "empty": b"",
        "garbage": os.urandom(len(data)),
        "truncated": data[: len(data) // 2],
        "flipped byte": data[:-40] + bytes([data[-40] ^ 0xFF]) + data[-39:],
        "bad header": b"treatyline-cache x\n" + body,
        "other format": header.replace(b" %d " % cache.FORMAT, b" 99 ", 1) + b"\n" + body,
        "huge frame": header + b"\n" + b"9999999 1 1 1 9999999\n" + body,
    }[damage]
    target.write_bytes(damaged)
    parses.clear()
    assert load(found, store) == fresh
    assert len(parses) == len(found)  # every file read again
    parses.clear()
    assert load(found, store) == fresh
    assert parses == []  # and the cache written anew


def test_a_damaged_entry_inside_a_sound_file_is_a_miss(
    timelines: Path, store: Path, parses: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    found = sources(timelines)
    fresh = load(found, None)
    load(found, store)
    monkeypatch.setattr(cache.Cache, "get", lambda *args: b"\x00" * 20)
    parses.clear()
    assert load(found, store) == fresh
    assert len(parses) == len(found)


def test_an_entry_whose_events_are_damaged_is_a_miss(
    timelines: Path, store: Path, parses: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # The document unpickles, but the rows of its events end too soon: the file is read again.
    found = sources(timelines)
    fresh = load(found, None)
    load(found, store)
    real = cache.Cache.get

    def cut(self: cache.Cache, *args: object) -> bytes | memoryview | None:
        entry = real(self, *args)  # type: ignore[arg-type]
        return None if entry is None else bytes(entry)[:-3]

    monkeypatch.setattr(cache.Cache, "get", cut)
    parses.clear()
    assert load(found, store) == fresh
    assert len(parses) == len(found)


def test_a_cache_from_another_version_is_not_read(
    timelines: Path, store: Path, parses: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    found = sources(timelines)
    fresh = load(found, None)
    with monkeypatch.context() as other:
        other.setattr(cache, "__version__", "0.0.1")
        load(found, store)
    parses.clear()
    assert load(found, store) == fresh
    assert len(parses) == len(found)


def test_an_edit_of_treatylines_own_code_makes_every_entry_a_miss(
    store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = cache.fingerprint()
    monkeypatch.setattr(cache, "_stamp_of", lambda path: (1, 2))
    assert cache.fingerprint() != before


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="no owners to check")
def test_a_cache_that_others_may_write_is_neither_read_nor_written(
    timelines: Path, store: Path, parses: list[str]
) -> None:
    found = sources(timelines)
    fresh = load(found, None)
    load(found, store)
    (target,) = cache_files(store)
    store.chmod(0o777)
    parses.clear()
    assert load(found, store) == fresh
    assert len(parses) == len(found)
    store.chmod(0o700)
    target.chmod(0o666)
    parses.clear()
    assert load(found, store) == fresh
    assert len(parses) == len(found)


@pytest.mark.skipif(not hasattr(os, "getuid") or os.getuid() != 0, reason="needs chown")
def test_a_cache_file_of_another_user_is_not_read(
    timelines: Path, store: Path, parses: list[str]
) -> None:
    found = sources(timelines)
    load(found, store)
    (target,) = cache_files(store)
    os.chown(target, 65534, 65534)
    parses.clear()
    assert load(found, store) == load(found, None)
    assert len(parses) == 2 * len(found)


def test_a_cache_file_that_is_a_link_is_not_read(
    timelines: Path, store: Path, parses: list[str]
) -> None:
    found = sources(timelines)
    load(found, store)
    (target,) = cache_files(store)
    real = target.with_name("elsewhere")
    target.rename(real)
    target.symlink_to(real)
    parses.clear()
    assert load(found, store) == load(found, None)
    assert len(parses) == 2 * len(found)


# -- an unwritable, missing or absent cache ---------------------------------------------------


def test_a_missing_cache_directory_is_made_private(timelines: Path, tmp_path: Path) -> None:
    store = tmp_path / "not" / "yet" / "treatyline"
    found = sources(timelines)
    assert load(found, store) == load(found, None)
    assert store.stat().st_mode & 0o777 == 0o700
    assert [p.stat().st_mode & 0o777 for p in cache_files(store)] == [0o600]


def test_a_cache_directory_that_is_a_file_changes_nothing(timelines: Path, tmp_path: Path) -> None:
    store = tmp_path / "file"
    store.write_text("not a directory", encoding="utf-8")
    found = sources(timelines)
    for _ in range(2):
        assert load(found, store) == load(found, None)
    assert store.read_text(encoding="utf-8") == "not a directory"


@pytest.mark.skipif(not hasattr(os, "getuid") or os.getuid() == 0, reason="root writes anyway")
def test_a_read_only_cache_directory_changes_nothing(timelines: Path, store: Path) -> None:
    store.mkdir(parents=True, mode=0o700)
    store.chmod(0o500)
    try:
        found = sources(timelines)
        for _ in range(2):
            assert load(found, store) == load(found, None)
        assert cache_files(store) == []
    finally:
        store.chmod(0o700)


def test_a_cache_that_cannot_be_written_changes_nothing(
    timelines: Path, store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full_disk(*args: object, **options: object) -> None:
        raise TreatylineError("cannot write: No space left on device")

    monkeypatch.setattr(files, "write_atomically", full_disk)
    found = sources(timelines)
    for _ in range(2):
        assert load(found, store) == load(found, None)
    assert cache_files(store) == []


def test_an_interrupted_write_leaves_no_half_cache(
    timelines: Path, store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupted(source: str, destination: str) -> None:
        raise KeyboardInterrupt

    with monkeypatch.context() as patched:
        patched.setattr(os, "replace", interrupted)
        with pytest.raises(KeyboardInterrupt):
            load(sources(timelines), store)
    assert sorted(p.name for p in store.iterdir()) == []
    found = sources(timelines)
    assert load(found, store) == load(found, None)


def test_without_a_home_there_is_no_cache(timelines: Path, tmp_path: Path) -> None:
    assert cache.directory({}) is None
    assert cache.directory({"XDG_CACHE_HOME": "relative/path"}) is None
    assert cache.directory({"HOME": "/home/ada"}) == os.path.join(
        "/home/ada", ".cache", "treatyline"
    )
    assert cache.directory({"HOME": "/h", "XDG_CACHE_HOME": "/c"}) == os.path.join(
        "/c", "treatyline"
    )
    loaded = api.load(timelines, environ={}, as_of=AS_OF)
    assert loaded == api.load(timelines, environ={}, as_of=AS_OF, cache=False)


def test_the_api_keeps_its_cache_where_xdg_says_and_only_when_asked(
    timelines: Path, tmp_path: Path
) -> None:
    environ = {"XDG_CACHE_HOME": str(tmp_path / "xdg"), "HOME": str(tmp_path / "home")}
    off = api.load(timelines, environ=environ, as_of=AS_OF, cache=False)
    assert not (tmp_path / "xdg").exists() and not (tmp_path / "home").exists()
    assert api.load(timelines, environ=environ, as_of=AS_OF) == off
    assert cache_files(tmp_path / "xdg" / "treatyline")
    shutil.rmtree(tmp_path / "xdg")
    environ.pop("XDG_CACHE_HOME")
    assert api.load(timelines, environ=environ, as_of=AS_OF) == off
    assert cache_files(tmp_path / "home" / ".cache" / "treatyline")


def test_the_json_answer_is_the_same_from_a_warm_cache(timelines: Path, store: Path) -> None:
    (timelines / "broken.yaml").unlink()

    def answer(store: Path | None) -> str:
        loaded = load(sources(timelines), store)
        found = api.deadlines(loaded, as_of=AS_OF, start=date(2000, 1, 1))
        return export.to_json(export.deadlines_listing(found, as_of=AS_OF).document)

    assert answer(None) == answer(store) == answer(store)


def test_an_inline_timeline_with_aliases_and_tags_is_cached_faithfully(
    tmp_path: Path, store: Path
) -> None:
    path = tmp_path / "odd.yaml"
    path.write_text(
        textwrap.dedent(
            """\
            id: ODD
            name: &n Odd
            title: *n
            kind: multilateral
            parties: [US, !!python/name:os.system RU]
            events:
              - {date: 2001-01-01, kind: signed, source: "https://x.org/a b"}
              - {date: 2002-02, kind: statement, note: "\\ud800 and ünïcödé", party: "NO"}
            """
        ),
        encoding="utf-8",
    )
    found = [Source(path)]
    fresh = load(found, None)
    assert fresh.problems
    load(found, store)
    assert load(found, store) == fresh
