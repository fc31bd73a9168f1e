"""Own where timeline files come from: bundled, user data directory, TREATYLINE_PATH, --data."""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping

from treatyline.errors import TreatylineError
from treatyline.records import record

# Paths are strings here, joined with os.path: pathlib would cost every command 3 ms of imports
# (docs/performance.md). A caller may still hand in Path objects; os functions take both.
TYPE_CHECKING = False  # typing.TYPE_CHECKING, for mypy; typing itself costs start-up time
if TYPE_CHECKING:
    from pathlib import Path

    StrPath = str | Path

SUFFIXES = (".yaml", ".yml")


@record
class Source:
    """A timeline file, whether it ships with treatyline, and whether it must cite sources.

    Bundled data always must; a user's files must under `check --strict`. `folder` is the
    user's directory it was found in, None for a file named directly or bundled: a link found
    in a folder is read only if its target lies inside that folder too.
    """

    path: StrPath
    bundled: bool = False
    strict: bool = False
    folder: StrPath | None = None

    @property
    def needs_sources(self) -> bool:
        return self.bundled or self.strict

    @property
    def named(self) -> StrPath:
        """The path as the caller would spell it: a Path for a file of a folder given as one."""
        if self.folder is None or isinstance(self.folder, str) or not isinstance(self.path, str):
            return self.path
        from pathlib import Path

        return Path(self.path)


def bundled_folder() -> str:
    """Return the timelines installed with the package, or the checkout's own in development."""
    package = os.path.dirname(os.path.realpath(__file__))
    installed = os.path.join(package, "timelines")
    return (
        installed
        if os.path.isdir(installed)
        else os.path.join(os.path.dirname(package), "timelines")
    )


def bundled_directory() -> Path:
    """Return `bundled_folder()` as a Path."""
    from pathlib import Path

    return Path(bundled_folder())


def user_directory(environ: Mapping[str, str]) -> str | None:
    """Return $XDG_DATA_HOME/treatyline/timelines (default ~/.local/share), if a home is known."""
    base = environ.get("XDG_DATA_HOME") or ""
    if not os.path.isabs(base):
        home = environ.get("HOME")
        if not home:
            return None
        base = os.path.join(home, ".local", "share")
    return os.path.join(base, "treatyline", "timelines")


def search_path(
    environ: Mapping[str, str],
    data: Iterable[StrPath] = (),
    *,
    builtin: bool = True,
    strict: bool = False,
) -> list[Source]:
    """Return the timeline files to load, bundled first, in the documented order.

    `strict` asks every file, not only the bundled ones, to cite a source for each event.
    """
    # Each source with its real path: the same file met twice (a link, a folder given twice)
    # is read once.
    found: list[tuple[Source, str]] = []
    if builtin:
        # Installed with the program, the bundled files may be links wherever a package
        # manager keeps them: they are trusted as the code is.
        found += [(Source(p, bundled=True), real) for p, real in _files_in(bundled_folder())]
    # A folder's files are made positionally, path, bundled, strict, folder: the record's
    # quick way in, for folders of thousands of files.
    user = user_directory(environ)
    if user is not None and os.path.isdir(user):
        found += [(Source(p, False, strict, user), real) for p, real in _files_in(user)]
    for path in [*_listed(environ.get("TREATYLINE_PATH", "")), *data]:
        if os.path.isdir(path):
            found += [(Source(p, False, strict, path), real) for p, real in _files_in(path)]
        elif os.path.exists(path):
            found.append((Source(path, strict=strict), os.path.realpath(path)))
        else:
            raise TreatylineError(
                f"no such file or directory: {path}",
                hint="--data and TREATYLINE_PATH take timeline files or directories of them",
            )
    # realpath, not Path.resolve: a symlink loop must reach the loader as an unreadable file,
    # reported with its place, not raise here. A file named directly is read as such even
    # where a folder's link to it is found too: from the folder it would be refused.
    unique: dict[str, Source] = {}
    for source, key in found:
        known = unique.get(key)
        if known is None or known.folder is not None or source.folder is None:
            unique[key] = source
    return list(unique.values())


def _listed(variable: str) -> list[StrPath]:
    """Return the paths TREATYLINE_PATH lists, spelled as Path spells them, as --data's are."""
    if not variable:
        return []
    from pathlib import Path

    return [Path(p) for p in variable.split(os.pathsep) if p]


def _files_in(directory: StrPath) -> list[tuple[str, str]]:
    """Return the timeline files in a directory, in order of name, each with its real path.

    The directory's real path is found once: a file's own is needed only where it is a link
    (os.scandir says so without a system call), which keeps a folder of thousands of files
    quick to list.
    """
    try:
        real = os.path.realpath(directory)
        with os.scandir(directory) as entries:
            names = sorted(
                (entry.name, entry.is_symlink())
                for entry in entries
                if os.path.splitext(entry.name)[1] in SUFFIXES
            )
    except OSError as error:
        raise TreatylineError(f"cannot read {directory}: {error.strerror}", exit_code=1) from error
    # Strings, a Path's only as `Loaded.files` reads them: a folder of thousands of files
    # would cost a Path each at every start. One given as a Path (--data, TREATYLINE_PATH,
    # the API) lists its files as Path spells them, "x.yaml" in ".", where os.path would
    # write "./x.yaml".
    folder = os.fspath(directory)
    prefix = "" if folder == "." and not isinstance(directory, str) else os.path.join(folder, "")
    inside = os.path.join(real, "")
    return [
        (prefix + name, os.path.realpath(prefix + name) if link else inside + name)
        for name, link in names
    ]
