"""Files treatyline writes and reads: what is at a path is never replaced by something else,
and nothing outside the folder being read is opened or printed (issue 17, classes 4, 5, 8).

Writes that could wait for ever (a named pipe) and reads that could (a link to /proc/kmsg)
run in a child process with a time limit, so that a regression fails instead of hanging.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Result, run_in_child
from treatyline import cache, catalog, files, loader
from treatyline.catalog import Source
from treatyline.errors import Problem, TreatylineError
from treatyline.loader import limits

Run = Callable[..., Result]

GOOD = """\
id: GOOD
name: A good timeline
kind: bilateral
parties: [US, RU]
events:
  - {date: 1990-01-01, kind: signed}
"""
SECRET = "AWS_SECRET_ACCESS_KEY: not-a-real-key\nDB_PASSWORD: hunter2\n"


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Work in tmp_path, with one good timeline, good.yaml."""
    (tmp_path / "good.yaml").write_text(GOOD, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _child(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "100"}
    return run_in_child(*args, env=env, cwd=cwd)


def _device(path: Path, minor: int) -> None:
    """Make a character device like /dev/null (minor 3) or /dev/full (7) at `path`."""
    try:
        os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, minor))
    except (AttributeError, OSError) as error:
        pytest.skip(f"cannot make a device node here: {error}")


# -- writing: --output, --svg, --html ---------------------------------------------------------


@pytest.mark.parametrize("option", ["--output", "--svg", "--html"])
def test_a_link_is_written_through_to_its_target(run: Run, here: Path, option: str) -> None:
    (here / "target").write_text("old\n", encoding="utf-8")
    (here / "target").chmod(0o640)
    (here / "link").symlink_to("target")
    result = run("show", "GOOD", "--no-builtin", "--data", "good.yaml", option, "link")
    assert result.code == 0, result
    assert (here / "link").is_symlink()
    written = (here / "target").read_text(encoding="utf-8")
    assert "GOOD" in written and written != "old\n"
    assert (here / "target").stat().st_mode & 0o777 == 0o640
    assert sorted(p.name for p in here.iterdir()) == ["good.yaml", "link", "target"]


def test_a_link_to_nothing_is_refused(run: Run, here: Path) -> None:
    (here / "link.json").symlink_to("nowhere.json")
    result = run("check", "--no-builtin", "good.yaml", "-f", "json", "-o", "link.json")
    assert result.code == 1
    assert result.stderr == (
        "treatyline: cannot write link.json: it is a link to nowhere.json, which does not exist\n"
        "  hint: write to the file it should point to, or remove the link\n"
    )
    assert not (here / "nowhere.json").exists()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_named_pipe_is_written_into_not_replaced(here: Path) -> None:
    os.mkfifo(here / "pipe")
    # The reader is open before the writer comes, without waiting: replaced by a file, the
    # pipe would never see a writer, and the reader would read nothing.
    reader = os.open(here / "pipe", os.O_RDONLY | os.O_NONBLOCK)
    try:
        result = _child("check", "--no-builtin", "good.yaml", "-o", "pipe", cwd=here)
        assert result.returncode == 0, result.stderr
        assert os.read(reader, 1 << 16) == b"no problems found\n"
    finally:
        os.close(reader)
    assert stat.S_ISFIFO(os.lstat(here / "pipe").st_mode)


def test_a_device_is_written_into_not_replaced(run: Run, here: Path) -> None:
    _device(here / "null", 3)
    result = run("check", "--no-builtin", "good.yaml", "-o", "null")
    assert result.code == 0, result
    assert stat.S_ISCHR(os.lstat(here / "null").st_mode)


def test_a_full_device_is_one_line_and_exit_1(run: Run, here: Path) -> None:
    _device(here / "full", 7)
    result = run("check", "--no-builtin", "good.yaml", "-o", "full")
    assert result.code == 1
    assert result.stderr == "treatyline: cannot write full: No space left on device\n"
    assert stat.S_ISCHR(os.lstat(here / "full").st_mode)


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("newdir/", "cannot write newdir/: it names a directory"),
        ("existing", "cannot write existing: it is a directory"),
        ("existing/", "cannot write existing/: it names a directory"),
        ("existing/..", "cannot write existing/..: it names a directory"),
    ],
)
@pytest.mark.parametrize("option", ["-o", "--svg", "--html"])
def test_a_directory_is_refused(run: Run, here: Path, option: str, path: str, message: str) -> None:
    (here / "existing").mkdir()
    result = run("show", "GOOD", "--no-builtin", "--data", "good.yaml", option, path)
    assert result.code == 1
    assert result.stdout == ""
    assert result.stderr == f"treatyline: {message}\n  hint: give the name of a file in it\n"
    assert sorted(p.name for p in here.iterdir()) == ["existing", "good.yaml"]
    assert list((here / "existing").iterdir()) == []


def test_an_empty_output_name_is_refused(run: Run, here: Path) -> None:
    # A NUL in a name is refused earlier, as a usage error (tests/test_extremes.py).
    result = run("check", "--no-builtin", "good.yaml", "-o", "")
    assert result.code == 1
    assert result.stderr == "treatyline: cannot write '': no file has that name\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("check", "good.yaml", "-o", "good.yaml"), "good.yaml: this command reads it"),
        (("check", ".", "-o", "./good.yaml"), "good.yaml: this command reads it"),
        (("check", "good.yaml", "-o", "link"), "link: it is good.yaml, which this command reads"),
        (("check", "good.yaml", "-o", "hard"), "hard: it is good.yaml, which this command reads"),
        (("show", "GOOD", "--data", "good.yaml", "--svg", "good.yaml"), "good.yaml: this"),
        (("chart", "--data", ".", "--html", "good.yaml"), "good.yaml: this command reads it"),
        (("list", "--data", "good.yaml", "-f", "json", "-o", "good.yaml"), "good.yaml: this"),
    ],
    ids=["itself", "from-its-folder", "a-link", "a-hard-link", "svg", "html", "json"],
)
def test_a_timeline_that_the_command_reads_is_not_overwritten(
    run: Run, here: Path, args: tuple[str, ...], message: str
) -> None:
    (here / "link").symlink_to("good.yaml")
    os.link(here / "good.yaml", here / "hard")
    result = run(*args, "--no-builtin")
    assert result.code == 1
    assert result.stdout == ""
    assert result.stderr.startswith(f"treatyline: cannot write {message}")
    assert result.stderr.endswith("  hint: write the output to another file\n")
    assert (here / "good.yaml").read_text(encoding="utf-8") == GOOD


def test_the_cache_replaces_a_link_in_its_own_directory(tmp_path: Path) -> None:
    (tmp_path / "elsewhere").write_text("not the cache's\n", encoding="utf-8")
    (tmp_path / "entry.cache").symlink_to("elsewhere")
    files.write_atomically(tmp_path / "entry.cache", b"cache", mode=0o600, follow=False)
    assert not (tmp_path / "entry.cache").is_symlink()
    assert (tmp_path / "entry.cache").read_bytes() == b"cache"
    assert (tmp_path / "elsewhere").read_text(encoding="utf-8") == "not the cache's\n"


def test_a_write_that_is_refused_raises_a_fatal_error(tmp_path: Path) -> None:
    with pytest.raises(TreatylineError) as refusal:
        files.write_atomically(tmp_path, "text")
    assert (refusal.value.exit_code, refusal.value.hint) == (1, "give the name of a file in it")


# -- reading: links out of a folder, files that would wait, what is printed -------------------


def test_a_link_out_of_the_folder_is_reported_unread(run: Run, here: Path) -> None:
    (here / "home").mkdir()
    (here / "home" / "secret.env").write_text(SECRET, encoding="utf-8")
    (here / "repo").mkdir()
    (here / "repo" / "a.yaml").write_text(GOOD, encoding="utf-8")
    (here / "repo" / "b.yaml").symlink_to("../home/secret.env")
    result = run("check", "--no-builtin", "repo/")
    assert result.code == 1
    assert result.stdout == (
        "repo/b.yaml:1:1: error: not read: a link to a file outside repo\n"
        "  hint: name the file it points to directly (a PATH of check, --data or"
        " TREATYLINE_PATH) to read it\n"
        "1 error, 0 warnings in 1 file\n"
    )
    shown = run("list", "--no-builtin", "--data", "repo")
    assert shown.code == 1
    assert "SECRET" not in shown.stdout + shown.stderr


def test_a_link_inside_the_folder_and_a_file_named_directly_are_read(run: Run, here: Path) -> None:
    (here / "repo" / "sub").mkdir(parents=True)
    (here / "repo" / "sub" / "real.yaml").write_text(GOOD, encoding="utf-8")
    (here / "repo" / "a.yaml").symlink_to("sub/real.yaml")
    assert run("check", "--no-builtin", "repo").stdout == "no problems found\n"
    (here / "repo" / "a.yaml").unlink()
    (here / "repo" / "b.yaml").symlink_to("../good.yaml")
    # Named as well as linked to, in either order, the file is read: the user asked for it.
    for args in (("good.yaml", "repo"), ("repo", "good.yaml")):
        assert run("check", "--no-builtin", *args).stdout == "no problems found\n", args


def test_the_same_rule_holds_for_the_user_data_directory(run: Run, here: Path) -> None:
    user = here / "no-user-data" / "treatyline" / "timelines"
    user.mkdir(parents=True)
    (user / "linked.yaml").symlink_to(here / "good.yaml")
    result = run("check", "--no-builtin")
    assert result.code == 1
    assert f"linked.yaml:1:1: error: not read: a link to a file outside {user}" in result.stdout


@pytest.mark.skipif(not os.path.exists("/proc/kmsg"), reason="Linux only")
def test_a_link_to_proc_kmsg_does_not_hang_check(here: Path) -> None:
    (here / "repo").mkdir()
    (here / "repo" / "k.yaml").symlink_to("/proc/kmsg")
    result = _child("check", "--no-builtin", "repo", cwd=here)
    assert result.returncode == 1
    assert result.stdout.startswith("repo/k.yaml:1:1: error: not read: a link to a file outside")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_file_that_passes_for_a_regular_one_is_not_waited_on(here: Path) -> None:
    # As /proc/kmsg does, or a file swapped for a pipe between the look and the open: here a
    # pipe whose os.stat says it is a regular file. open() would wait for a writer.
    os.mkfifo(here / "pipe.yaml")
    script = textwrap.dedent(
        """
        import os, stat
        from pathlib import Path
        from treatyline.catalog import Source
        from treatyline.loader import limits

        real = os.stat
        def lying(path, *args, **kwargs):
            found = real(path, *args, **kwargs)
            if str(path).endswith("pipe.yaml"):
                return os.stat_result((stat.S_IFREG | 0o644, *tuple(found)[1:]))
            return found
        os.stat = lying
        problem = limits._read(Source(Path("pipe.yaml")))
        print(problem.message)
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=here,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.stdout == "cannot read the file: it is not a regular file\n", result.stderr


def test_the_size_limit_holds_for_a_file_that_reports_no_size(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    big = tmp_path / "big.yaml"
    big.write_bytes(b"id: BIG\n" + b"# padding\n" * (loader.MAX_FILE_BYTES // 5))
    real_stat, real_fstat = os.stat, os.fstat

    def sizeless(status: os.stat_result) -> os.stat_result:
        fields = list(status)
        fields[stat.ST_SIZE] = 0  # as /proc files say of themselves
        return os.stat_result(fields)

    monkeypatch.setattr(os, "stat", lambda path, *a, **k: sizeless(real_stat(path, *a, **k)))
    monkeypatch.setattr(os, "fstat", lambda descriptor: sizeless(real_fstat(descriptor)))
    read: list[int] = []
    real_read_up_to = limits._read_up_to

    def counting(*args: object) -> bytes:
        data = real_read_up_to(*args)  # type: ignore[arg-type]
        read.append(len(data))
        return data

    monkeypatch.setattr(limits, "_read_up_to", counting)
    problem = limits._read(Source(big))
    assert isinstance(problem, Problem)
    assert problem.message == "the file is larger than 4 MiB"
    assert read == [loader.MAX_FILE_BYTES + 1]


def test_a_file_that_is_not_a_timeline_has_no_excerpts(run: Run, here: Path) -> None:
    (here / "settings.yaml").write_text(SECRET, encoding="utf-8")
    (here / "flow.yaml").write_text("{id: FLOW, nme: x}\n", encoding="utf-8")
    result = run("check", "--no-builtin", "settings.yaml", "flow.yaml")
    assert result.code == 1
    assert "not-a-real-key" not in result.stdout
    assert "hunter2" not in result.stdout
    # A timeline, even one written as a flow mapping, keeps its excerpts.
    assert "    1 | {id: FLOW, nme: x}\n" in result.stdout


# -- the cache directory ----------------------------------------------------------------------


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="no owners to check")
def test_a_cache_directory_that_is_another_users_link_is_not_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Another user points the cache into a private directory of ours. Tests run as root, who
    # owns every link they make, so the link's owner is what os.lstat says it is.
    private = tmp_path / "private"
    private.mkdir(mode=0o700)
    store = tmp_path / "treatyline"
    store.symlink_to(private)
    real_lstat = os.lstat

    def lstat(path: object, *args: object, **kwargs: object) -> os.stat_result:
        status = real_lstat(path, *args, **kwargs)  # type: ignore[arg-type]
        if os.fspath(path) == str(store):  # type: ignore[call-overload]
            fields = list(status)
            fields[stat.ST_UID] = os.getuid() + 1
            return os.stat_result(fields)
        return status

    monkeypatch.setattr(os, "lstat", lstat)
    (tmp_path / "good.yaml").write_text(GOOD, encoding="utf-8")
    found = catalog.search_path({}, [tmp_path / "good.yaml"], builtin=False)
    assert loader.load(found, cache=store) == loader.load(found, cache=None)
    assert list(private.iterdir()) == []
    with cache.Cache(store) as opened:
        assert opened.descriptor is None


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="no owners to check")
def test_a_cache_directory_that_is_the_users_own_link_is_used(tmp_path: Path) -> None:
    private = tmp_path / "private"
    private.mkdir(mode=0o700)
    store = tmp_path / "treatyline"
    store.symlink_to(private)
    (tmp_path / "good.yaml").write_text(GOOD, encoding="utf-8")
    found = catalog.search_path({}, [tmp_path / "good.yaml"], builtin=False)
    assert loader.load(found, cache=store) == loader.load(found, cache=None)
    assert sorted(p.suffix for p in private.iterdir()) == [".cache", ".index"]
