"""The result cache: what a command worked out from its files, kept so the same files give it back at once.

An entry is a small JSON file named by a hash of the request: the command, the scenario file's resolved path
and bytes, the options that shape the output, the planner's own code (each module's path, size and time) and the
installed packages (their names and versions). It lists every input file the run read with the SHA-256 of its
bytes, and is used only while each of them still hashes the same: a changed byte anywhere is a miss. Only
successes are kept, so a failing scenario fails afresh every time, in the same words.

Where: PLANNER_CACHE_DIR, else XDG_CACHE_HOME/promo-planner, else ~/.cache/promo-planner; PLANNER_NO_CACHE set
(to anything but 0 or an empty value) turns it off, as `--no-cache` does for one command. Entries are written
whole (a temporary file, then os.replace), and an entry that cannot be read, is corrupt or is of another format
is a miss. The cache is never required: a folder that cannot be written means no cache, never an error. It
keeps at most MAX_ENTRIES entries, the ones used longest ago removed first.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

CACHE_VARIABLE = "PLANNER_CACHE_DIR"
DISABLE_VARIABLE = "PLANNER_NO_CACHE"
FORMAT = 1  # of an entry; raised when an entry's meaning changes
MAX_ENTRIES = 2000  # a few kilobytes each: beyond this the oldest go
_PACKAGE = Path(__file__).resolve().parents[1]  # the planner package whose code made the entries


def cache_folder(environ: Mapping[str, str] | None = None) -> Path | None:
    """Return the folder of the cache, or None when it is turned off (or there is no home folder)."""
    environ = os.environ if environ is None else environ
    if environ.get(DISABLE_VARIABLE, "").strip() not in ("", "0"):
        return None
    if chosen := environ.get(CACHE_VARIABLE, "").strip():
        return Path(chosen)
    if (base := environ.get("XDG_CACHE_HOME", "").strip()) and Path(base).is_absolute():
        return Path(base) / "promo-planner"
    try:
        return Path.home() / ".cache" / "promo-planner"
    except (RuntimeError, KeyError):  # no home folder to be found
        return None


def request_key(command: str, scenario: Path, options: Mapping[str, str | None]) -> str | None:
    """Return the key of a command on a scenario file with these options, or None if the file cannot be read."""
    try:
        data = scenario.read_bytes()
        resolved = str(scenario.resolve())
    except (OSError, RuntimeError):
        return None
    parts = {
        "format": FORMAT,
        "command": command,
        "scenario": resolved,
        "typed": str(scenario),  # messages show the path as typed
        "bytes": hashlib.sha256(data).hexdigest(),
        "options": {name: options[name] for name in sorted(options)},
        "code": code_fingerprint(),
        "packages": packages_fingerprint(),
    }
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode("utf-8")).hexdigest()


def code_fingerprint(package: Path = _PACKAGE) -> str:
    """Return a hash of the planner's modules: each one's path, size and modification time (any edit changes it)."""
    digest = hashlib.sha256()
    for folder, folders, files in os.walk(package):
        folders[:] = sorted(name for name in folders if name != "__pycache__")
        for name in sorted(files):
            if name.endswith((".py", ".json", ".yaml", ".csv")):
                path = os.path.join(folder, name)
                info = os.stat(path)
                digest.update(f"{os.path.relpath(path, package)}\0{info.st_size}\0{info.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def packages_fingerprint() -> str:
    """Return a hash of the interpreter's version and every installed package's name and version (no imports)."""
    names = [sys.version]
    for folder in sys.path:
        try:
            listed = os.listdir(folder or ".")
        except OSError:  # not a folder (a zip), or gone
            continue
        names.extend(sorted(name for name in listed if name.endswith((".dist-info", ".egg-info"))))
    return hashlib.sha256("\n".join(names).encode("utf-8")).hexdigest()


def look_up(folder: Path, key: str) -> Any:
    """Return the value kept under a key while every file it rests on is unchanged, else None."""
    where = folder / f"{key}.json"
    try:
        entry = json.loads(where.read_bytes())
        if entry["format"] != FORMAT or entry["key"] != key:
            return None
        for path, digest in entry["files"].items():
            if hashlib.sha256(Path(path).read_bytes()).hexdigest() != digest:
                return None
        with contextlib.suppress(OSError):  # used now: the last to go when the cache is pruned
            os.utime(where)
        return entry["value"]
    except (OSError, ValueError, KeyError, TypeError, AttributeError):  # gone, unreadable, corrupt, another shape
        return None


def keep(folder: Path, key: str, files: Mapping[str, str], value: Any) -> bool:
    """Keep a value under a key with the files it rests on (path → SHA-256); return False if it could not be."""
    text = json.dumps({"format": FORMAT, "key": key, "files": dict(files), "value": value}, ensure_ascii=False)
    temporary = None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, temporary = _temporary_file(folder, key)
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        os.replace(temporary, folder / f"{key}.json")  # whole or not at all, whoever writes the same entry at once
    except (OSError, ValueError):  # read-only, full, or not a folder: no cache this time
        if temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
        return False
    _prune(folder)
    return True


def _prune(folder: Path) -> None:
    """Remove the entries used longest ago beyond MAX_ENTRIES (each edit of a scenario makes a new one)."""
    try:
        names = [entry for entry in os.scandir(folder) if entry.name.endswith(".json")]
        if len(names) <= MAX_ENTRIES:
            return
        names.sort(key=lambda entry: entry.stat().st_mtime_ns)
    except OSError:
        return
    for entry in names[: len(names) - MAX_ENTRIES]:
        with contextlib.suppress(OSError):  # another process may have removed it first
            os.unlink(entry.path)


def _temporary_file(folder: Path, key: str) -> tuple[int, str]:
    import tempfile  # only when writing

    return tempfile.mkstemp(prefix=f".{key[:16]}-", suffix=".tmp", dir=folder)
