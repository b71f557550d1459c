"""Edit scenario files in place: change only what changed, keeping comments, quoting, order and shorthands."""

from __future__ import annotations

import difflib
import io
import re
import unicodedata
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError
from ruamel.yaml.scalarstring import FoldedScalarString, LiteralScalarString

from planner.errors import Problem, ScenarioError
from planner.io import _yaml, write_text_atomically
from planner.scenario import Budget, Channel, Objective, Scenario, ShareRule, find_problems

_ABSENT: Any = object()  # a dict key that is not there
_BOUNDS = ("at_least", "at_most", "exactly")
_FIRST = ("kind", "name", "id", "label", "groups", "group", "channels", "measure", "of", "per", "per_measure")
_RESERVED = {"con", "prn", "aux", "nul", *(f"{p}{i}" for p in ("com", "lpt") for i in range(10))}
Splice = tuple[int, int, int, list[str]]


def render(document: Any) -> str:
    """Return a document as YAML text in the project's style."""
    stream = io.StringIO()
    _yaml().dump(document, stream)
    return stream.getvalue()


def diff_text(old_text: str, new_text: str, name: str) -> str:
    """Return a unified diff from old_text to new_text ('' when they are equal)."""
    if old_text == new_text:
        return ""
    lines = difflib.unified_diff(
        old_text.splitlines(keepends=True), new_text.splitlines(keepends=True), f"a/{name}", f"b/{name}"
    )
    return "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines)


def _blank(line: str) -> bool:
    return not line.strip()


def _comment(line: str) -> bool:
    return line.lstrip().startswith("#")


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _number(value: Any) -> Any:
    """Return whole floats as ints (2200000, not 2200000.0)."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


def _percent(value: float) -> str | None:
    """Return a share as `15%`, or None when the percent form would not read back exactly."""
    text = f"{value * 100:g}%"
    return text if re.fullmatch(r"\d+(\.\d+)?%", text) and float(text[:-1]) / 100 == value else None


def _removable(default: Any) -> bool:
    return default is None or default is False or (isinstance(default, str | tuple | dict) and not default)


def _identity(item: Any) -> Any:
    return item.id if isinstance(item, Channel) else getattr(item, "name", None)


def _pair(olds: tuple[Any, ...], news: tuple[Any, ...]) -> list[int | None]:
    """Return, per new item, the old item it is (same id or name, else same position), or None when new."""
    keys = [_identity(item) for item in olds]
    pairs: list[int | None] = []
    for item in news:
        key = _identity(item)
        index = keys.index(key) if key is not None and key in keys else None
        pairs.append(None if index in pairs else index)
    for j in range(min(len(olds), len(news))):
        if pairs[j] is None and j not in pairs:
            pairs[j] = j  # an id or name changed in place
    return pairs


def _scalar(current: Any, value: Any) -> Any:
    """Return value written in the style current had: percent, quoting, whole numbers as ints."""
    if isinstance(value, float) and isinstance(current, str) and current.strip().endswith("%"):
        value = _percent(value) or value
    value = _number(value)
    if isinstance(value, str) and isinstance(current, str) and type(current) is not str:
        value = type(current)(value)
    return value


def _styled(data: Any, flow_ok: bool = False, flow: bool = False) -> Any:
    """Return plain data as YAML nodes: scalar lists and small scalar maps in flow style, items in block style."""
    if isinstance(data, dict):
        node = CommentedMap((k, _styled(v, True, flow)) for k, v in data.items())
        if flow or (flow_ok and len(node) <= 2 and not any(isinstance(v, dict | list) for v in node.values())):
            node.fa.set_flow_style()
        return node
    if isinstance(data, list | tuple):
        seq = CommentedSeq(_styled(v, False, flow) for v in data)
        if flow or not any(isinstance(v, dict | list) for v in seq):
            seq.fa.set_flow_style()
        return seq
    return _number(data)


def _item_lines(item: Any, dash: int) -> list[str]:
    lines = render(CommentedMap([("x", CommentedSeq([item]))])).splitlines(keepends=True)[1:]
    return [" " * (dash - 2) + line if line.strip() else line for line in lines]


def _key_lines(key: str, value: Any, col: int) -> list[str]:
    if col == 0 and isinstance(value, list) and len(value) > 1 and all(isinstance(v, dict) for v in value):
        items = [_item_lines(v, 2) for v in value]  # top-level lists of items: a blank line between items
        lines = [f"{key}:\n", *items[0], *(line for item in items[1:] for line in ["\n", *item])]
    else:
        lines = render(CommentedMap([(key, value)])).splitlines(keepends=True)
    return [" " * col + line if line.strip() else line for line in lines]


def _prefers_percent(document: Any) -> bool:
    rules = document.get("rules") if isinstance(document, dict) else None
    written = [
        rule[k]
        for rule in (rules if isinstance(rules, list) else [])
        if isinstance(rule, dict) and rule.get("kind") == "share"
        for k in _BOUNDS
        if k in rule
    ]
    return not written or any(isinstance(v, str) for v in written)


class _Editor:
    """One pass over a rendered document: values change in the tree, or structure changes as line splices."""

    def __init__(self, text: str, structure: bool) -> None:
        self.doc: Any = _yaml().load(text)
        self.lines = text.splitlines(keepends=True)
        self.structure = structure
        self.splices: list[Splice] = []
        self.percent = _prefers_percent(self.doc)

    def text(self) -> str:
        """Return the edited text."""
        if not self.structure:
            return render(self.doc)
        lines = list(self.lines)
        for start, end, _, new in sorted(self.splices, key=lambda s: s[:3], reverse=True):
            lines[start:end] = new
        return "".join(lines)

    def splice(self, start: int, end: int, lines: list[str]) -> None:
        """Replace lines start..end (later splices at the same place go after earlier ones)."""
        self.splices.append((start, end, len(self.splices), lines))

    def end(self, start: int, boundary: int, col: int) -> int:
        """Return the line after a node's last: trailing blanks and shallower comments belong to what follows."""
        end = boundary
        while end > start + 1 and (
            _blank(self.lines[end - 1]) or (_comment(self.lines[end - 1]) and _indent(self.lines[end - 1]) <= col)
        ):
            end -= 1
        return end

    def lead(self, line: int, floor: int) -> int:
        """Return the first line of the comments directly above a line."""
        while line > floor and _comment(self.lines[line - 1]):
            line -= 1
        return line

    def key_span(self, node: CommentedMap, key: Any, boundary: int) -> tuple[int, int, int]:
        """Return first line, end line and column of a key of a block mapping."""
        keys = list(node)
        line, col = node.lc.key(key)
        index = keys.index(key)
        following = node.lc.key(keys[index + 1])[0] if index + 1 < len(keys) else boundary
        return line, self.end(line, following, col), col

    def items(self, seq: CommentedSeq, boundary: int) -> tuple[list[int], list[int], list[int], int]:
        """Return the first lines, end lines and lead-comment lines of a block sequence's items, and its dash column."""
        starts = [seq.lc.item(i)[0] for i in range(len(seq))]
        dash = _indent(self.lines[starts[0]])
        ends = [self.end(s, starts[i + 1] if i + 1 < len(starts) else boundary, dash) for i, s in enumerate(starts)]
        leads = [self.lead(s, ends[i - 1] if i else 0) for i, s in enumerate(starts)]
        return starts, ends, leads, dash

    def separator(self, starts: list[int], ends: list[int], dash: int) -> list[str]:
        """Return a blank line when the sequence's items are separated by blank lines."""
        gaps = [line for i in range(len(starts) - 1) for line in self.lines[ends[i] : starts[i + 1]]]
        return ["\n"] if any(map(_blank, gaps)) or (len(starts) == 1 and dash <= 2) else []

    def data(self, value: Any) -> Any:
        """Return a model value as plain data in the document's style: shorthands, percents, whole numbers."""
        if isinstance(value, Budget) and not value.exactly:
            return _number(value.amount)
        if isinstance(value, Objective):
            return f"{value.sense} {value.measure}"
        if isinstance(value, BaseModel):
            shown = value.model_dump(exclude_defaults=True)
            names = sorted(type(value).model_fields, key=lambda k: _FIRST.index(k) if k in _FIRST else len(_FIRST))
            out = {k: self.data(getattr(value, k)) for k in names if k in shown}
            if isinstance(value, ShareRule) and self.percent:
                out.update({k: _percent(getattr(value, k)) or out[k] for k in _BOUNDS if k in out})
            return out
        if isinstance(value, tuple | list):
            return [self.data(v) for v in value]
        if isinstance(value, dict):
            return {k: self.data(v) for k, v in value.items()}
        if isinstance(value, str) and "\n" in value:
            return LiteralScalarString(value)
        return _number(value)

    def sync(self, node: CommentedMap, old: Any, new: Any, boundary: int) -> None:
        """Change node, which reads as old (a model or a dict), so that it reads as new."""
        if isinstance(new, BaseModel):
            fields = type(new).model_fields
            names = list(fields)
            rows = [(n, getattr(old, n), getattr(new, n), fields[n].get_default(call_default_factory=True)) for n in names]
        else:
            names = [*old, *(k for k in new if k not in old)]
            rows = [(k, old.get(k, _ABSENT), new.get(k, _ABSENT), _ABSENT) for k in names]
        for key, before, after, default in rows:
            if before == after:
                continue
            gone = after is _ABSENT or (after == default and _removable(default))
            if key in node and gone:
                self.delete_key(node, key, boundary)
            elif key in node:
                self.set(node, key, before, after, boundary)
            elif not gone and after != default:
                value = self.data(after)
                if isinstance(new, ShareRule) and key in _BOUNDS and self.percent:
                    value = _percent(after) or value
                self.add_key(node, key, value, boundary, names)

    def set(self, node: CommentedMap, key: str, before: Any, after: Any, boundary: int) -> None:
        """Change the value of a key the document has."""
        current = node[key]
        nested = isinstance(current, CommentedMap | CommentedSeq)
        if isinstance(after, Budget) and not nested and not after.exactly:
            self.put(node, key, _scalar(current, after.amount))
        elif isinstance(after, Objective) and isinstance(current, str):
            verb = after.sense.replace("ize", "ise") if "mise" in current else after.sense
            self.put(node, key, _scalar(current, f"{verb} {after.measure}"))
        elif isinstance(current, CommentedMap) and isinstance(after, BaseModel | dict) and type(before) is type(after):
            self.sync(current, before, after, self.key_span(node, key, boundary)[1] if self.structure else 0)
        elif isinstance(current, CommentedSeq) and any(isinstance(v, BaseModel) for v in (*before, *after)):
            self.sync_list(current, before, after, self.key_span(node, key, boundary)[1] if self.structure else 0)
        elif isinstance(current, CommentedSeq) and isinstance(after, tuple) and current.fa.flow_style():
            if not self.structure:  # keep the unchanged elements as written
                values = [self.data(v) for v in after]
                for i, value in enumerate(values[: len(current)]):
                    if current[i] != value:
                        current[i] = _scalar(current[i], value)
                del current[len(values) :]
                current.extend(values[len(current) :])
        elif nested or isinstance(after, BaseModel | dict | tuple) or isinstance(current, LiteralScalarString):
            self.replace_key(node, key, self.data(after), boundary)
        elif isinstance(current, FoldedScalarString) or (isinstance(after, str) and "\n" in after):
            self.replace_key(node, key, self.data(after), boundary)
        else:
            self.put(node, key, _scalar(current, after))

    def put(self, node: CommentedMap, key: str, value: Any) -> None:
        """Set a one-line value in the tree (the key keeps its place and its end-of-line comment)."""
        if not self.structure:
            node[key] = value

    def replace_key(self, node: CommentedMap, key: str, value: Any, boundary: int) -> None:
        """Rewrite a key and its whole value."""
        if node.fa.flow_style():
            if not self.structure:
                node[key] = _styled(value, flow=True)
        elif self.structure:
            start, end, col = self.key_span(node, key, boundary)
            lines = _key_lines(key, _styled(value), col)
            self.splice(start, end, [self.lines[start][:col] + lines[0][col:], *lines[1:]])

    def delete_key(self, node: CommentedMap, key: str, boundary: int) -> None:
        """Remove a key, its value and its end-of-line comment."""
        if node.fa.flow_style():
            if not self.structure:
                del node[key]
            return
        if not self.structure:
            return
        start, end, col = self.key_span(node, key, boundary)
        prefix = self.lines[start][:col]
        if not prefix.strip():
            self.splice(start, end, [])
            return
        keys = list(node)  # the key shares its line with the item's dash: the next key moves up to it
        if key == keys[-1]:
            self.splice(start, end, [prefix + "{}\n"])
            return
        line = node.lc.key(keys[keys.index(key) + 1])[0]
        self.splice(start, line + 1, [*self.lines[end:line], prefix + self.lines[line][col:]])

    def add_key(self, node: CommentedMap, key: str, value: Any, boundary: int, names: list[str]) -> None:
        """Add a key the document did not have: at the end, or at the top level in model field order."""
        if node.fa.flow_style():
            if not self.structure:
                node[key] = _styled(value, flow=True)
            return
        if not self.structure:
            return
        keys = list(node)
        col = node.lc.key(keys[0])[1]
        after = keys[-1]
        if col == 0:
            earlier = [k for k in keys if k in names and names.index(k) < names.index(key)]
            after = max(earlier, key=names.index) if earlier else after
        end = boundary if after == keys[-1] and col == 0 else self.key_span(node, after, boundary)[1]
        lines = _key_lines(key, _styled(value), col)
        if col == 0 and (end == len(self.lines) or _blank(self.lines[end])):
            lines = ["\n", *lines]
        self.splice(end, end, lines)

    def sync_list(self, seq: CommentedSeq, olds: tuple[Any, ...], news: tuple[Any, ...], boundary: int) -> None:
        """Update items matched by id or name in place, delete the ones gone and append the new ones."""
        pairs = _pair(olds, news)
        flow = seq.fa.flow_style()
        if flow and self.structure:
            return
        starts, ends, leads, dash = self.items(seq, boundary) if self.structure else ([], [], [], 0)
        for j, i in enumerate(pairs):
            if i is None or olds[i] == news[j]:
                continue
            if type(olds[i]) is type(news[j]) and isinstance(seq[i], CommentedMap):
                self.sync(seq[i], olds[i], news[j], ends[i] if self.structure else 0)
            elif flow:
                seq[i] = _styled(self.data(news[j]), flow=True)
            elif self.structure:  # another kind of rule: rewrite the item, keep the comments above it
                self.splice(starts[i], ends[i], _item_lines(_styled(self.data(news[j])), dash))
        added = [self.data(news[j]) for j, i in enumerate(pairs) if i is None]
        deleted = sorted(set(range(len(olds))) - {i for i in pairs if i is not None})
        if flow:
            for i in reversed(deleted):
                del seq[i]
            seq.extend(_styled(value, flow=True) for value in added)
            return
        if not self.structure:
            return
        trail = len(olds)  # the deleted items at the end of the list
        while trail and trail - 1 in deleted:
            trail -= 1
        for i in deleted:
            if i < trail:
                self.splice(leads[i], leads[i + 1], [])
        sep = self.separator(starts, ends, dash)
        lines = [line for k, v in enumerate(added) for line in [*(sep if k or trail else []), *_item_lines(_styled(v), dash)]]
        if trail == 0:
            self.splice(leads[0], ends[-1], lines)
            return
        if trail < len(olds):
            start = leads[trail]
            while start > ends[trail - 1] and _blank(self.lines[start - 1]):
                start -= 1
            self.splice(start, ends[-1], [])
        if lines:
            self.splice(ends[-1], ends[-1], lines)

    def reorder(self, key: str, wanted: list[str]) -> None:
        """Move the items of a top-level list, with the comments above them, into the wanted order."""
        seq = self.doc.get(key)
        if not isinstance(seq, CommentedSeq) or seq.fa.flow_style() or len(set(wanted)) != len(wanted):
            return
        have = [str(_identity(Scenario.model_fields[key]) if False else item.get("id" if key == "channels" else "name")) for item in seq]
        if have == wanted or sorted(have) != sorted(wanted):
            return
        starts, ends, leads, dash = self.items(seq, self.key_span(self.doc, key, len(self.lines))[1])
        blocks = []
        for i in range(len(seq)):
            block = self.lines[leads[i] : leads[i + 1] if i + 1 < len(seq) else ends[i]]
            while block and _blank(block[-1]):
                block.pop()
            blocks.append(block)
        sep = self.separator(starts, ends, dash)
        order = [have.index(name) for name in wanted]
        self.splice(leads[0], ends[-1], [line for k, i in enumerate(order) for line in [*(sep if k else []), *blocks[i]]])


def update_document(document: CommentedMap, old: Scenario, new: Scenario) -> CommentedMap:
    """Return a copy of the document changed to read as new, touching only what differs from old."""
    text = render(document)
    values = _Editor(text, structure=False)
    values.sync(values.doc, old, new, 0)
    changed = values.text()
    if changed.count("\n") != text.count("\n"):
        raise ScenarioError("could not change the file in place (a value spans several lines); edit it by hand")
    shape = _Editor(changed, structure=True)
    shape.sync(shape.doc, old, new, len(shape.lines))
    order = _Editor(shape.text(), structure=True)
    order.reorder("channels", [c.id for c in new.channels])
    order.reorder("rules", [r.name for r in new.rules])
    result: CommentedMap = _yaml().load(order.text())
    return result
