"""Edit scenario YAML text in place: change only what changed, keeping comments, quoting, order and shorthands.

Two passes: changed values are set in the round-trip tree (the line keeps its key, place and end-of-line
comment), then added and removed keys and list items are spliced in or out as whole lines, so the rest of
the file is never re-emitted.
"""

from __future__ import annotations

import io
import re
from typing import Any

from pydantic import BaseModel
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import FoldedScalarString, LiteralScalarString

from planner.data.io import _yaml
from planner.model.channels import Channel
from planner.model.errors import ScenarioError
from planner.model.i18n import Text
from planner.model.rules import ShareRule
from planner.model.scenario import Budget, Objective, Scenario

_ABSENT: Any = object()  # a dict key that is not there
_BOUNDS = ("at_least", "at_most", "exactly")
_FIRST = ("kind", "name", "id", "label", "groups", "group", "channels", "measure", "of", "per", "per_measure")


def render(document: Any, yaml: YAML | None = None) -> str:
    """Return a document as YAML text in the project's style (or in yaml's)."""
    stream = io.StringIO()
    (yaml or _yaml()).dump(document, stream)
    return stream.getvalue()


def style_of(document: Any, text: str) -> YAML:
    """Return a YAML writer indented like text (which document was parsed from), else the project's."""
    yaml = _yaml()
    try:
        seq = next(v for v in document.values() if isinstance(v, CommentedSeq) and v and not v.fa.flow_style())
        line, sequence = seq.lc.item(0)
        maps = [v for v in document.values() if isinstance(v, CommentedMap) and v and not v.fa.flow_style()]
        mapping = maps[0].lc.key(next(iter(maps[0])))[1] if maps else 2
        yaml.indent(mapping=mapping, sequence=sequence, offset=_indent(text.splitlines()[line]))
    except (StopIteration, AttributeError, KeyError, IndexError):
        return yaml
    return yaml if render(document, yaml) == text else _yaml()


def _blank(line: str) -> bool:
    return not line.strip()


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _number(value: Any) -> Any:
    return int(value) if isinstance(value, float) and value.is_integer() else value


def _percent(value: float) -> str | None:
    """Return a share as `15%`, or None when that would not read back exactly."""
    text = f"{value * 100:g}%"
    return text if re.fullmatch(r"\d+(\.\d+)?%", text) and float(text[:-1]) / 100 == value else None


def _removable(default: Any) -> bool:
    return default is None or default is False or (isinstance(default, str | tuple | dict) and not default)


def _identity(item: Any) -> Any:
    return item.id if isinstance(item, Channel) else getattr(item, "name", None)


def _pair(olds: tuple[Any, ...], news: tuple[Any, ...]) -> list[int | None]:
    """Return, per new item, the old item it is (same id or name, else a look-alike in its place), or None."""
    keys = [_identity(item) for item in olds]
    pairs: list[int | None] = []
    for item in news:
        index = keys.index(_identity(item)) if _identity(item) is not None and _identity(item) in keys else None
        pairs.append(None if index in pairs else index)
    for j, (old, new) in enumerate(zip(olds, news, strict=False)):
        fields = type(new).model_fields if type(old) is type(new) else {}
        renamed = fields and sum(getattr(old, f) != getattr(new, f) for f in fields if f not in ("id", "name")) < 3
        if pairs[j] is None and j not in pairs and (keys[j] is None or renamed):
            pairs[j] = j  # a tranche, or an id or name changed in place
    return pairs


def _moved(olds: tuple[Any, ...], news: tuple[Any, ...]) -> bool:
    pairs = _pair(olds, news)
    kept = [i for i in pairs if i is not None]
    return pairs != [*sorted(kept), *[None] * (len(pairs) - len(kept))]


def scalar_like(current: Any, value: Any) -> Any:
    """Return value in the style current was written in: percent, quoting, whole numbers as ints."""
    if isinstance(value, float) and isinstance(current, str) and current.strip().endswith("%"):
        value = _percent(value) or value
    value = _number(value)
    return type(current)(value) if isinstance(value, str) and isinstance(current, str) else value


def _styled(data: Any, flow_ok: bool = False, flow: bool = False) -> Any:
    """Return plain data as YAML nodes: scalar lists and small scalar maps in flow style, the rest in block."""
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


def inline(value: Any) -> str:
    """Return a value as one line of YAML, quoted when it needs to be."""
    value = _styled(value, flow=True) if isinstance(value, CommentedMap | CommentedSeq) else value
    return render(CommentedMap([("k", value)]))[3:].rstrip("\n")


def _shifted(lines: list[str], by: int) -> list[str]:
    return [(" " * by + line if by >= 0 else line[-by:]) if line.strip() else line for line in lines]


def _item_lines(item: Any, dash: int, yaml: YAML) -> list[str]:
    lines = render(CommentedMap([("x", CommentedSeq([item]))]), yaml).splitlines(keepends=True)[1:]
    return _shifted(lines, dash - _indent(lines[0]))


def _key_lines(key: str, value: Any, col: int, yaml: YAML) -> list[str]:
    if col == 0 and isinstance(value, list) and len(value) > 1 and all(isinstance(v, dict) for v in value):
        items = [_item_lines(v, yaml.sequence_dash_offset, yaml) for v in value]  # a blank line between items
        return [f"{key}:\n", *items[0], *(line for item in items[1:] for line in ["\n", *item])]
    return _shifted(render(CommentedMap([(key, value)]), yaml).splitlines(keepends=True), col)


class _Editor:
    """One pass over a document: values change in the tree, or (structure) keys and items as line splices."""

    def __init__(self, text: str, structure: bool, yaml: YAML, doc: Any = None) -> None:
        self.yaml = yaml
        self.doc: Any = yaml.load(text) if doc is None else doc
        self.lines = text.splitlines(keepends=True)
        self.structure = structure
        self.splices: list[tuple[int, int, int, list[str]]] = []
        rules = self.doc.get("rules")
        written = [
            r[k] for r in rules or [] if isinstance(r, dict) and r.get("kind") == "share" for k in _BOUNDS if k in r
        ]
        self.percent = not written or any(isinstance(v, str) for v in written)

    def text(self) -> str:
        """Return the edited text."""
        if not self.structure:
            return render(self.doc, self.yaml)
        lines = list(self.lines)
        for start, end, _, new in sorted(self.splices, key=lambda s: s[:3], reverse=True):
            lines[start:end] = new  # bottom up; at one place, later splices end up below earlier ones
        return "".join(lines)

    def splice(self, start: int, end: int, lines: list[str]) -> None:
        """Replace lines start..end (in pass 2; pass 1 only counts them)."""
        self.splices.append((start, end, len(self.splices), lines))

    def end(self, start: int, boundary: int, col: int) -> int:
        """Return the line after a node: trailing blanks and comments no deeper than col belong to what follows."""
        end = boundary
        while end > start + 1 and (
            _blank(self.lines[end - 1])
            or (self.lines[end - 1].lstrip().startswith("#") and _indent(self.lines[end - 1]) <= col)
        ):
            end -= 1
        return end

    def lead(self, line: int, floor: int) -> int:
        """Return the first line of the comment lines directly above a line."""
        while line > floor and self.lines[line - 1].lstrip().startswith("#"):
            line -= 1
        return line

    def key_span(self, node: CommentedMap, key: Any, boundary: int) -> tuple[int, int, int]:
        """Return the first line, end line and column of a key of a block mapping."""
        keys = list(node)
        line, col = node.lc.key(key)
        following = node.lc.key(keys[keys.index(key) + 1])[0] if key != keys[-1] else boundary
        return line, self.end(line, following, col), col

    def items(self, seq: CommentedSeq, boundary: int) -> tuple[list[int], list[int], list[int], int, list[str]]:
        """Return a block list's item first lines, end lines and lead-comment lines, dash column and separator."""
        starts = [seq.lc.item(i)[0] for i in range(len(seq))]
        dash = _indent(self.lines[starts[0]])
        ends = [self.end(s, starts[i + 1] if i + 1 < len(starts) else boundary, dash) for i, s in enumerate(starts)]
        leads = [self.lead(s, ends[i - 1] if i else 0) for i, s in enumerate(starts)]
        gaps = [line for i in range(len(starts) - 1) for line in self.lines[ends[i] : starts[i + 1]]]
        blank = any(map(_blank, gaps)) or (len(starts) == 1 and dash <= 2 and any(map(_blank, self.lines)))
        return starts, ends, leads, dash, ["\n"] if blank else []

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
        return LiteralScalarString(value) if isinstance(value, str) and "\n" in value else _number(value)

    def sync(self, node: CommentedMap, old: Any, new: Any, boundary: int) -> None:
        """Change node, which reads as old (a model or a dict), so that it reads as new."""
        if isinstance(new, BaseModel):
            fields = type(new).model_fields
            names = list(fields)
            rows = [
                (n, getattr(old, n), getattr(new, n), fields[n].get_default(call_default_factory=True)) for n in names
            ]
        else:
            names = [*old, *(k for k in new if k not in old)]
            rows = [(k, old.get(k, _ABSENT), new.get(k, _ABSENT), _ABSENT) for k in names]
        for key, before, after, default in rows:
            gone = after is _ABSENT or (after == default and _removable(default))
            if before == after:
                continue
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
        value = current = node[key]
        nested = isinstance(current, CommentedMap | CommentedSeq)
        end = 0 if node.fa.flow_style() else self.key_span(node, key, boundary)[1]
        if isinstance(after, Budget) and not nested and not after.exactly:
            value = scalar_like(current, after.amount)  # the shorthand `budget: 2200000`
        elif isinstance(after, Objective) and isinstance(current, str):
            verb = after.sense.replace("ize", "ise") if "mise" in current else after.sense
            value = scalar_like(current, f"{verb} {after.measure}")
        elif isinstance(current, CommentedMap) and isinstance(after, BaseModel | dict) and type(before) is type(after):
            self.sync(current, before, after, end)
        elif isinstance(current, CommentedSeq) and any(isinstance(v, BaseModel) for v in (*before, *after)):
            self.sync_list(current, before, after, end)
        elif isinstance(current, CommentedSeq) and isinstance(after, tuple) and current.fa.flow_style():
            if not self.structure:  # keep the unchanged elements as written
                values = [self.data(v) for v in after]
                for i, item in enumerate(values[: len(current)]):
                    current[i] = current[i] if current[i] == item else scalar_like(current[i], item)
                del current[len(values) :]
                current.extend(values[len(current) :])
        elif (
            nested
            or isinstance(after, BaseModel | dict | tuple)
            or isinstance(current, LiteralScalarString | FoldedScalarString)
            or (isinstance(after, str) and "\n" in after)
        ):
            self.replace_key(node, key, self.data(after), boundary, nested and not current.fa.flow_style())
            return
        else:
            value = scalar_like(current, after)
        if not self.structure:
            node[key] = value
            self.align(node, key)

    def align(self, node: CommentedMap, key: str) -> None:
        """Keep an end-of-line comment as far from its changed one-line value as it was."""
        token = node.ca.items.get(key, [None] * 3)[2]
        block = isinstance(node[key], CommentedMap | CommentedSeq) and not node[key].fa.flow_style()
        if node.fa.flow_style() or block or token is None or not token.value.startswith("#"):
            return
        line, col = node.lc.value(key)
        gap = token.column - len(self.lines[line][: token.column].rstrip())
        token.column = col + len(inline(node[key])) + gap

    def replace_key(self, node: CommentedMap, key: str, value: Any, boundary: int, block: bool = False) -> None:
        """Rewrite a key and its whole value (in block style if block)."""
        if node.fa.flow_style():
            if not self.structure:
                node[key] = _styled(value, flow=True)
        else:
            start, end, col = self.key_span(node, key, boundary)
            styled = _styled(value)
            if block and isinstance(styled, CommentedMap | CommentedSeq):
                styled.fa.set_block_style()
            lines = _key_lines(key, styled, col, self.yaml)
            self.splice(start, end, [self.lines[start][:col] + lines[0][col:], *lines[1:]])

    def delete_key(self, node: CommentedMap, key: str, boundary: int) -> None:
        """Remove a key with its value and end-of-line comment (a top-level key also with the comment above it)."""
        if node.fa.flow_style():
            if not self.structure:
                del node[key]
            return
        start, end, col = self.key_span(node, key, boundary)
        prefix, keys = self.lines[start][:col], list(node)
        if not prefix.strip():
            start = self.lead(start, 0) if col == 0 else start
            if start and _blank(self.lines[start - 1]) and (end == len(self.lines) or _blank(self.lines[end])):
                start, end = (start - 1, end) if end == len(self.lines) else (start, end + 1)
            self.splice(start, end, [])
        elif key == keys[-1]:  # the key shares its line with the item's dash
            self.splice(start, end, [prefix + "{}\n"])
        else:  # the next key moves up to the dash
            line = node.lc.key(keys[keys.index(key) + 1])[0]
            self.splice(start, line + 1, [*self.lines[end:line], prefix + self.lines[line][col:]])

    def add_key(self, node: CommentedMap, key: str, value: Any, boundary: int, names: list[str]) -> None:
        """Add a key the document did not have: at the end, or at the top level after its predecessor."""
        if node.fa.flow_style():
            if not self.structure:
                node[key] = _styled(value, flow=True)
            return
        keys = list(node)
        col = node.lc.key(keys[0])[1]
        earlier = [k for k in keys if k in names and names.index(k) < names.index(key)] if col == 0 else []
        after = max(earlier, key=names.index) if earlier else keys[-1]
        end = boundary if col == 0 and after == keys[-1] else self.key_span(node, after, boundary)[1]
        lines = _key_lines(key, _styled(value), col, self.yaml)
        blank = col == 0 and (end == len(self.lines) or _blank(self.lines[end]))
        self.splice(end, end, ["\n", *lines] if blank else lines)

    def sync_list(self, seq: CommentedSeq, olds: tuple[Any, ...], news: tuple[Any, ...], boundary: int) -> None:
        """Update items matched by id or name in place, delete the ones gone and append the new ones."""
        pairs, flow = _pair(olds, news), seq.fa.flow_style()
        deleted = sorted(set(range(len(olds))) - set(pairs))
        if flow and self.structure:
            return
        starts, ends, leads, dash, sep = ([], [], [], 0, []) if flow else self.items(seq, boundary)
        for j, i in enumerate(pairs):
            if i is None or olds[i] == news[j]:
                continue
            if type(olds[i]) is type(news[j]) and isinstance(seq[i], CommentedMap):
                self.sync(seq[i], olds[i], news[j], 0 if flow else ends[i])
            elif flow:
                seq[i] = _styled(self.data(news[j]), flow=True)
            else:  # another kind of rule: rewrite the item below its comments
                self.splice(starts[i], ends[i], _item_lines(_styled(self.data(news[j])), dash, self.yaml))
        if flow:  # pass 1 only
            for i in reversed(deleted):
                del seq[i]
            seq.extend(_styled(self.data(news[j]), flow=True) for j, i in enumerate(pairs) if i is None)
            return
        trail = len(olds)  # from here on every item is deleted
        while trail and trail - 1 in deleted:
            trail -= 1
        for i in deleted:
            if i < trail:
                self.splice(leads[i], leads[i + 1], [])
        added = [_item_lines(_styled(self.data(news[j])), dash, self.yaml) for j, i in enumerate(pairs) if i is None]
        lines = [line for k, item in enumerate(added) for line in [*(sep if k or trail else []), *item]]
        if trail == 0:
            self.splice(leads[0], ends[-1], lines)
            return
        if trail < len(olds):
            start = leads[trail]
            while start > ends[trail - 1] and _blank(self.lines[start - 1]):
                start -= 1
            self.splice(start, ends[-1], [])
        self.splice(ends[-1], ends[-1], lines)

    def reorder(self, key: str, wanted: list[str]) -> None:
        """Move the items of a top-level list, with the comments above them, into the wanted order."""
        seq = self.doc.get(key)
        if not isinstance(seq, CommentedSeq) or seq.fa.flow_style() or len(set(wanted)) != len(wanted):
            return
        have = [str(item.get("id" if key == "channels" else "name")) if isinstance(item, dict) else "" for item in seq]
        if have == wanted or sorted(have) != sorted(wanted):
            return
        _, ends, leads, _, sep = self.items(seq, self.key_span(self.doc, key, len(self.lines))[1])
        blocks = []
        for i in range(len(seq)):
            blocks.append(self.lines[leads[i] : leads[i + 1] if i + 1 < len(seq) else ends[i]])
            while _blank(blocks[-1][-1]):
                blocks[-1].pop()
        order = [blocks[have.index(name)] for name in wanted]
        self.splice(
            leads[0], ends[-1], [line for k, block in enumerate(order) for line in [*(sep if k else []), *block]]
        )


def edit_text(text: str, old: Scenario, new: Scenario, document: Any = None) -> str:
    """Return text (which document, if given, was parsed from) changed to read as new instead of old."""
    document = _yaml().load(text) if document is None else document
    yaml = style_of(document, text)
    values = _Editor(text, False, yaml, document)
    values.sync(values.doc, old, new, len(values.lines))
    changed = values.text()
    if changed.count("\n") != text.count("\n"):
        raise ScenarioError(Text("editing.multiline"))
    edited = changed
    if values.splices:  # keys or items come or go: splice them in pass 2, on positions in the changed text
        shape = _Editor(changed, True, yaml)
        shape.sync(shape.doc, old, new, len(shape.lines))
        edited = shape.text()
    if _moved(old.channels, new.channels) or _moved(old.rules, new.rules):
        order = _Editor(edited, True, yaml)
        order.reorder("channels", [c.id for c in new.channels])
        order.reorder("rules", [r.name for r in new.rules])
        edited = order.text()
    return edited


def update_document(document: CommentedMap, old: Scenario, new: Scenario) -> CommentedMap:
    """Return a copy of the document changed to read as new, touching only what differs from old."""
    result: CommentedMap = _yaml().load(edit_text(render(document), old, new))
    return result
