"""Edits to how an export is read (the app's column mapping) → a new mapping; pure functions, no files.

The app shows, per uploaded file, the column chosen for each field, the channel name and the date format;
an edit becomes a new `FileMapping` for that kind of export, and a new `Mapping` that reads every file
again. The same `Mapping` is what `mapping_yaml` writes and `planner import --mapping` reads.
"""

from __future__ import annotations

import glob

from planner.data.imports.mapping import FIELDS, FileMapping, Mapping

# The fields a person picks a column for, in the order they are shown.
EDITABLE_FIELDS = ("date", "channel", "campaign", "spend", "conversions", "revenue", "clicks", "impressions")


def edit_file_mapping(
    entry: FileMapping, columns: dict[str, str], channel: str | None = None, date_format: str | None = None
) -> FileMapping:
    """Return an entry with the columns picked for the editable fields ('' = none), the channel and date format.

    Columns of other fields (roas, acos) are kept. A channel column is written both as `channel_column`
    and under `columns`; a channel name, when given, names every row of the file (it wins over the column).
    None leaves the channel name or the date format as it was.
    """
    picked = {name: header for name, header in columns.items() if name in EDITABLE_FIELDS and header}
    kept = {name: header for name, header in entry.columns.items() if name not in EDITABLE_FIELDS}
    chosen = picked | kept
    ordered = {name: chosen[name] for name in FIELDS if name in chosen}
    return FileMapping.model_validate(
        entry.model_dump()
        | {
            "columns": ordered,
            "channel_column": picked.get("channel", ""),
            "channel": entry.channel if channel is None else channel.strip(),
            "date_format": entry.date_format if date_format is None else date_format,
        }
    )


def replace_file_entry(mapping: Mapping, file_name: str, used: FileMapping, edited: FileMapping) -> Mapping:
    """Return a mapping whose entry for a file is `edited`, in place of `used`, the entry that read it.

    The entry keeps its place (and so goes on reading every file its pattern fits: next month's export
    too). When another entry comes first for this file name, the edited one is put first, matching the
    file's exact name.
    """
    entries = list(mapping.files)
    current = mapping.for_file(file_name)
    if current is not None and current == used:
        entries[entries.index(current)] = edited
    else:
        entries.insert(0, edited.model_copy(update={"match": glob.escape(file_name)}))
    return Mapping(files=tuple(entries))
