"""Files in a shared scenarios folder: locked check-and-replace, no-clobber creates and renames, safe names.

Everyone who writes into a scenarios folder (the app's sessions, a second app server, the command line)
takes the folder's lock (`.planner.lock`, a hidden file beside the scenarios) for the few milliseconds a
write takes. Under the lock a write first checks that the file is still what the writer opened, so of two
people saving the same opened copy exactly one wins and the other is told, with nothing lost.
"""

from __future__ import annotations

import contextlib
import difflib
import hashlib
import os
import shutil
import tempfile
import time
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from filelock import FileLock, Timeout

from planner.data.io import load_scenario, locate_problems, scenario_files, write_text_atomically
from planner.data.reading import MAX_SCENARIO_BYTES, os_reason, read_bytes
from planner.model.catalogue import CATALOGUE
from planner.model.errors import Problem, ScenarioError
from planner.model.i18n import Text
from planner.model.scenario import Scenario

LOCK_NAME = ".planner.lock"
LOCK_TIMEOUT_SECONDS = 10.0
STALE_TEMPORARY_SECONDS = 60.0
# A file name's length is limited in bytes (255 on Linux, macOS and Windows' NTFS counts UTF-16 units);
# temporary files add a prefix and suffix, so names keep well below.
MAX_NAME_BYTES = 180
SCENARIO_SUFFIXES = (".yaml", ".yml")
_WINDOWS_RESERVED = {
    "con",
    "prn",
    "aux",
    "nul",
    "conin$",
    "conout$",
    *(f"{port}{digit}" for port in ("com", "lpt") for digit in "0123456789¹²³"),
}


@dataclass(frozen=True)
class TextStyle:
    """How a text file was written: a byte-order mark, and its line ends."""

    bom: bool = False
    newline: str = "\n"

    @classmethod
    def of(cls, text: str) -> TextStyle:
        """Return the style of text as read from disk (BOM kept, line ends untranslated)."""
        return cls(text.startswith("\ufeff"), "\r\n" if "\r\n" in text else "\n")

    def strip(self, text: str) -> str:
        """Return text with the BOM removed and line ends as LF, for editing."""
        return text.removeprefix("\ufeff").replace("\r\n", "\n")

    def apply(self, text: str) -> str:
        """Return edited text (LF, no BOM) written back in this style."""
        text = text.replace("\r\n", "\n")
        text = text.replace("\n", self.newline) if self.newline != "\n" else text
        return ("\ufeff" if self.bom else "") + text


def read_raw_text(path: Path) -> str:
    """Return a text file's content exactly as on disk, BOM and CRLF kept ('' when it does not exist)."""
    if not path.exists() and not path.is_symlink():
        return ""
    return read_bytes(path, Text("noun.scenario_file"), MAX_SCENARIO_BYTES, ScenarioError).decode("utf-8")


def fingerprint(path: Path) -> str:
    """Return a short hash of a file's bytes ('' when it does not exist), to tell whether it changed."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()[:16]
    except FileNotFoundError:
        return ""


FolderState = tuple[tuple[str, int, int], ...]


def folder_state(folder: Path, suffixes: tuple[str, ...] = (*SCENARIO_SUFFIXES, ".csv")) -> FolderState:
    """Return (relative path, size, modification time) of every file that matters under a folder.

    Any cache of what is on disk is keyed by this, so every session sees the folder as it is now.
    """
    rows: list[tuple[str, int, int]] = []
    for root, folders, files in os.walk(folder):
        folders[:] = sorted(f for f in folders if not f.startswith("."))
        for name in sorted(files):
            if name.startswith(".") or not name.lower().endswith(suffixes):
                continue
            path = Path(root, name)
            with contextlib.suppress(OSError):
                stat = path.stat()
                rows.append((str(path.relative_to(folder)), stat.st_size, stat.st_mtime_ns))
    return tuple(rows)


@contextlib.contextmanager
def folder_lock(folder: Path, timeout: float = LOCK_TIMEOUT_SECONDS) -> Iterator[None]:
    """Hold the folder's write lock, shared by every process that writes there (waits up to timeout)."""
    lock = FileLock(folder / LOCK_NAME, timeout=timeout)
    try:
        lock.acquire()
    except Timeout:
        message = Text("editing.lock_timeout", folder=str(folder), seconds=f"{timeout:g}")
        raise ScenarioError([Problem(message, file=str(folder))]) from None
    except OSError as error:
        message = Text("editing.cannot_lock", reason=os_reason(error))
        raise ScenarioError([Problem(message, file=str(folder))]) from None
    try:
        _remove_stale_temporaries(folder)
        yield
    finally:
        lock.release()


def _remove_stale_temporaries(folder: Path) -> None:
    """Delete temporary files a crashed write left behind (under the lock no write of ours is under way)."""
    cutoff = time.time() - STALE_TEMPORARY_SECONDS
    for temporary in folder.glob(".*.tmp"):
        with contextlib.suppress(OSError):
            if temporary.is_file() and temporary.stat().st_mtime < cutoff:
                temporary.unlink()


class FileChanged(ScenarioError):  # noqa: N818 -- named for what happened, as SaveConflict
    """The file is not what the writer opened (someone else saved, renamed or deleted it); nothing was written."""

    def __init__(self, path: Path, disk_text: str, opened_text: str, action: str = "written") -> None:
        gone = "editing.deleted_on_disk" if not disk_text and not path.exists() else "editing.changed_on_disk"
        done = f"editing.action.{action}"
        message = Text(gone, action=Text(done) if done in CATALOGUE else action)
        super().__init__([Problem(message, file=str(path))])
        self.path = path
        self.disk_text = disk_text
        self.opened_text = opened_text

    @property
    def diff(self) -> str:
        """Return what changed on disk since the file was opened, as a unified diff."""
        return diff_text(self.opened_text, self.disk_text, self.path.name)


def diff_text(old_text: str, new_text: str, name: str) -> str:
    """Return a unified diff from old_text to new_text ('' when they are equal)."""
    old_lines = old_text.removeprefix("\ufeff").replace("\r\n", "\n").splitlines(keepends=True)
    new_lines = new_text.removeprefix("\ufeff").replace("\r\n", "\n").splitlines(keepends=True)
    lines = difflib.unified_diff(old_lines, new_lines, f"a/{name}", f"b/{name}")
    return "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines)


def check_unchanged(path: Path, opened_text: str, action: str = "written") -> None:
    """Raise FileChanged unless the file on disk is exactly the text it was opened as."""
    try:
        disk_text = read_raw_text(path)
    except (OSError, UnicodeDecodeError, ScenarioError):
        disk_text = ""
    if disk_text != opened_text or not path.is_file():
        raise FileChanged(path, disk_text, opened_text, action)


def replace_if_unchanged(path: Path, opened_text: str, new_text: str) -> None:
    """Replace a file with new_text if it is still opened_text: one step against every other writer."""
    with folder_lock(path.parent):
        check_unchanged(path, opened_text)
        write_text_atomically(path, new_text)


def write_if_unchanged(path: Path, seen: str, text: str) -> None:
    """Write text to path if its bytes still have the fingerprint `seen` ('' = it did not exist): one step.

    For files the app replaces whole (an imported history): the check and the atomic replace happen under
    the folder's lock, so a file changed on disk since it was looked at is never overwritten unawares.
    """
    with folder_lock(path.parent):
        now = fingerprint(path)
        if now != seen:
            raise FileChanged(path, "", "")
        write_text_atomically(path, text)


def create_file(path: Path, text: str) -> None:
    """Create a new file holding text; refuse (and write nothing) if the name is taken, even by a racer."""
    with folder_lock(path.parent):
        if path.exists() or path.is_symlink():
            raise ScenarioError([Problem(Text("editing.exists", name=path.name), file=str(path))])
        write_text_atomically(path, text)


def rename_if_unchanged(path: Path, opened_text: str, target: Path) -> None:
    """Move a file to target if it is still opened_text and target is free; otherwise change nothing."""
    with folder_lock(path.parent):
        check_unchanged(path, opened_text, "renamed")
        if target.exists() or target.is_symlink():
            raise ScenarioError([Problem(Text("editing.exists", name=target.name), file=str(target))])
        os.rename(path, target)


def copy_if_unchanged(path: Path, opened_text: str, target: Path, text: str) -> None:
    """Write text to a new file target, provided the file it copies is still opened_text."""
    with folder_lock(path.parent):
        check_unchanged(path, opened_text, "copied")
        if target.exists() or target.is_symlink():
            raise ScenarioError([Problem(Text("editing.exists", name=target.name), file=str(target))])
        write_text_atomically(target, text)


def name_problem(name: str, what: str = "name") -> Text | None:
    """Return why a file or folder name ('name' or 'store') is unsafe on any common system (None when it is fine)."""
    stem = name.split(".")[0].strip().lower()
    encoded = len(name.encode("utf-8"))
    noun = Text(f"editing.what.{what}") if f"editing.what.{what}" in CATALOGUE else what
    too_long = {"size": encoded, "limit": MAX_NAME_BYTES, "characters": (MAX_NAME_BYTES - 5) // 3}
    checks = [
        (not name.strip(), Text("editing.name.empty", what=noun)),
        (encoded > MAX_NAME_BYTES, Text("editing.name.too_long", what=noun, **too_long)),
        ("/" in name or "\\" in name, Text("editing.name.slash", what=noun)),
        (any(unicodedata.category(c).startswith("C") for c in name), Text("editing.name.control", what=noun)),
        (name.startswith(".") or ".." in name, Text("editing.name.dots", what=noun)),
        (
            any(unicodedata.category(c)[0] not in "LNM" and c not in " _-." for c in name),
            Text("editing.name.characters", what=noun),
        ),
        (
            unicodedata.normalize("NFKC", stem) in _WINDOWS_RESERVED or stem in _WINDOWS_RESERVED,
            Text("editing.name.reserved", name=name, system="Windows", what=noun),
        ),
    ]
    return next((message for failed, message in checks if failed), None)


def scenario_file_name(name: str) -> str:
    """Return the file name for a scenario the user named: NFC, trimmed, trailing dots dropped, .yaml added."""
    name = unicodedata.normalize("NFC", name).strip().rstrip(". ").strip()
    return name if name.lower().endswith(SCENARIO_SUFFIXES) else f"{name}.yaml"


def referenced_files(scenario: Scenario) -> list[tuple[str, Path]]:
    """Return every file a scenario reads besides itself, with the field that names it."""
    found: list[tuple[str, Path]] = []
    if scenario.history is not None:
        found.append(("history -> path", scenario.resolve_path(scenario.history.path)))
    for index, channel in enumerate(scenario.channels):
        if channel.curve is not None:
            found.append(
                (f"channels -> {index} ({channel.id}) -> curve -> path", scenario.resolve_path(channel.curve.path))
            )
    return found


def confinement_problems(scenario: Scenario, root: Path) -> list[Problem]:
    """Return a problem for each file the scenario reads from outside root (links followed)."""
    inside = root.resolve()
    return [
        Problem(Text("editing.outside_folder", path=str(path.resolve()), root=str(root)), field=field)
        for field, path in referenced_files(scenario)
        if not path.resolve().is_relative_to(inside)
    ]


def load_confined(path: Path, root: Path) -> Scenario:
    """Return the scenario at path, refusing it if it, or any file it reads, lies outside root."""
    if not path.resolve().is_relative_to(root.resolve()):
        raise ScenarioError([Problem(Text("editing.link_outside", root=str(root)), file=str(path))])
    scenario = load_scenario(path)
    problems = confinement_problems(scenario, root)
    if problems:
        raise locate_problems(ScenarioError(problems), path)
    return scenario


@dataclass(frozen=True)
class CatalogueEntry:
    """A scenario file found in a folder: loaded, or with the problems that stop it loading."""

    path: Path
    store: str
    name: str
    scenario: Scenario | None
    problems: tuple[Problem, ...] = ()


def scenario_catalogue(folder: Path, confine: bool = True) -> list[CatalogueEntry]:
    """Return every scenario file under a folder by store and name; invalid ones keep their problems.

    With confine (the app's setting), a scenario that reads a file outside the folder is listed with
    that problem instead of loaded.
    """
    entries = []
    for path in scenario_files([folder]):
        store = path.parent.name if path.parent != folder else ""
        try:
            scenario = load_confined(path, folder) if confine else load_scenario(path)
        except ScenarioError as error:
            entries.append(CatalogueEntry(path, store, path.stem, None, error.problems))
            continue
        entries.append(CatalogueEntry(path, scenario.store or store, scenario.name, scenario))
    return sorted(entries, key=lambda e: (e.store, e.name, str(e.path)))


def store_folder_name(store: str) -> str:
    """Return a safe folder name for a store: letters and digits of any script, other characters as '_'."""
    name = "".join(ch if ch.isalnum() else "_" for ch in unicodedata.normalize("NFC", store).strip()).strip("_")
    name = name.encode("utf-8")[:MAX_NAME_BYTES].decode("utf-8", errors="ignore") or "store"
    return f"{name}_store" if name_problem(name, "store") else name


def create_store(folder: Path, store: str, history_csv: bytes, scenario_text: str) -> Path:
    """Create `folder/<store>/` holding history.csv and baseline.yaml, all or nothing; return the scenario's path.

    The files are written into a hidden temporary folder first and it is renamed into place under the
    folder's lock, so a failure never leaves half a store behind and two creators never mix their files.
    """
    target = folder / store_folder_name(store)
    with folder_lock(folder):
        if target.exists():
            raise ScenarioError([Problem(Text("editing.store_exists", name=target.name))])
        staging = Path(tempfile.mkdtemp(dir=folder, prefix=f".{target.name}."))
        try:
            (staging / "history.csv").write_bytes(history_csv)
            write_text_atomically(staging / "baseline.yaml", scenario_text)
            os.rename(staging, target)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
    return target / "baseline.yaml"
