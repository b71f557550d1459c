"""Shared helpers of the AppTest suites: a private copy of the demo folder, and a new app session."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT, SCENARIOS

APP = str(ROOT / "app.py")


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private copy of the demo scenarios, so saving never touches the repository."""
    target = tmp_path / "scenarios"
    shutil.copytree(SCENARIOS, target)
    monkeypatch.setenv("PROMO_PLANNER_SCENARIOS", str(target))
    return target


def open_app(scenario: Path | None = None) -> AppTest:
    """Open the app as a new browser session would (AppTest sessions share the server's caches)."""
    at = AppTest.from_file(APP, default_timeout=90)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    if scenario is not None:
        at.selectbox(key="scenario").set_value(str(scenario)).run()
        assert not at.exception, [e.value for e in at.exception]
    return at


def _table_texts(node: Any) -> list[str]:
    """Return what a table shows: its headers (as configured) and its text cells (options by their labels)."""
    config = json.loads(node.proto.columns) if node.proto.columns else {}
    frame = node.value
    texts = []
    for column in frame.columns:
        setting = config.get(str(column), {})
        if setting.get("hidden"):
            continue
        texts += [str(setting.get("label", column)), str(setting.get("help", ""))]
        options = setting.get("type_config", {}).get("options") or []
        labels = {str(o.get("value")): str(o.get("label", o.get("value"))) for o in options if isinstance(o, dict)}
        texts += [labels.get(str(v), str(v)) for v in frame[column] if isinstance(v, str)]
    return texts


def _chart_texts(node: Any) -> list[str]:
    """Return what a chart shows in words: axis and legend titles, and the categories in its legend."""
    from streamlit import dataframe_util

    spec = json.loads(node.proto.spec)
    datasets = [dataframe_util.convert_arrow_bytes_to_pandas_df(d.data.data) for d in node.proto.datasets]
    texts: list[str] = []

    def walk(part: Any) -> None:
        if isinstance(part, list):
            for item in part:
                walk(item)
            return
        if not isinstance(part, dict):
            return
        for name, encoding in (part.get("encoding") or {}).items():
            if (
                not isinstance(encoding, dict)
                or "field" not in encoding
                or name in ("tooltip", "yOffset", "xOffset", "order")
            ):
                continue
            if name == "text":  # a text mark shows its values, not a title
                texts.extend(
                    str(value) for frame in datasets if encoding["field"] in frame for value in frame[encoding["field"]]
                )
                continue
            axis = encoding.get("axis") or {}
            title = encoding.get("title", axis.get("title", encoding["field"]) if isinstance(axis, dict) else None)
            texts.extend(title if isinstance(title, list) else [str(title or "")])
            if name in ("color", "shape", "strokeDash") and encoding.get("legend", {}) is not None:
                for frame in datasets:
                    if encoding["field"] in frame:
                        values = [value for value in list(frame[encoding["field"]]) if value == value]  # not NaN
                        texts.extend(dict.fromkeys(str(value) for value in values))
        for value in part.values():
            walk(value)

    walk(spec)
    return texts


PROTO_TEXT_FIELDS = ("label", "body", "help", "delta", "placeholder", "title", "delta_description")


def shown_texts(at: AppTest) -> list[str]:
    """Return every text the page shows a reader: titles, messages, labels, help, options, tables and charts.

    File contents shown as code (the YAML diff) are left out: they are the user's own file.
    """
    texts: list[str] = []
    for node in at._tree:
        kind = getattr(node, "type", "")
        proto = getattr(node, "proto", None)
        if proto is None or kind == "code":
            continue
        if kind == "dataframe":
            texts += _table_texts(node)
            continue
        if kind == "vega_lite_chart":
            texts += _chart_texts(node)
            continue
        fields = getattr(getattr(proto, "DESCRIPTOR", None), "fields_by_name", {})
        for name in PROTO_TEXT_FIELDS:
            if name in fields and isinstance(getattr(proto, name), str):
                texts.append(getattr(proto, name))
        for name in ("options", "captions"):
            if name in fields:
                texts += [str(option) for option in getattr(proto, name)]
    return [text for text in texts if text.strip()]


def own_words(folder: Path) -> set[str]:
    """Return the scenarios' own words a Chinese page may show as they are: names, labels, ids, rules, files."""
    from planner.data.io import load_scenario
    from tests.conftest import author_words

    words = {"English", *LANGUAGE_CODES}
    for path in sorted(folder.rglob("*.y*ml")):
        words |= {path.name, path.stem, path.parent.name, f"{path.parent.name}/{path.name}"}
        try:
            scenario = load_scenario(path)
        except Exception:  # a broken file is listed by its name
            continue
        words |= author_words(scenario)
        if scenario.history is not None:
            words.add(scenario.history.path)
        words |= {", ".join(channel.groups) for channel in scenario.channels}
    return {word for word in words if word}


LANGUAGE_CODES = {"CNY", "USD", "EUR", "GBP", "JPY", "HKD"}


def english_sweep(at: AppTest, allowed: set[str]) -> tuple[Any, dict[str, tuple[str, list[str]]]]:
    """Return a `sweep(where)` that records every text on the page with English words not in `allowed`, and
    the record it fills (text → the page it was on and the words), for the 中文-mode tests."""
    from tests.test_i18n import english_words

    left: dict[str, tuple[str, list[str]]] = {}

    def sweep(where: str) -> None:
        assert not at.exception, [e.value for e in at.exception]
        for text in shown_texts(at):
            words = english_words(text, allowed)
            if words and text not in left:
                left[text] = (where, words)

    return sweep, left
