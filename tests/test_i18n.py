"""One catalogue, both languages: every entry is complete, and text shown in Chinese carries no English."""

from __future__ import annotations

import re
from collections.abc import Iterable

import pytest

from planner.model.catalogue import AREAS, CATALOGUE
from planner.model.i18n import Join, Money, Number, Share, Text, placeholders, render

# Words that stay as they are in Chinese text: acronyms and product names an operator reads in both.
KEPT = {
    # Platforms' own names (the templates), as their Chinese users write them too.
    "Meta",
    "TikTok",
    "Shop",
    "Shopify",
    "Amazon",
    "Google",
    # Scenario keys quoted as the file writes them (bounds name the key that set them).
    "max_spend",
    "min_spend",
    "at_most",
    "CPA",
    "ROAS",
    "KPI",
    "CSV",
    "YAML",
    "Excel",
    "HTML",
    "PDF",
    "PNG",
    "SVG",
    "JSON",
    "UTF",
    "BOM",
    "GBK",
    "ID",
    "id",
    "P10",
    "P50",
    "P90",
    "HiGHS",
    "LP",
    "MIP",
    "git",
    "pull",
    "Promo",
    "Planner",
    "xlsx",
    "yaml",
    "csv",
}


def english_words(text: str, allowed: Iterable[str] = ()) -> list[str]:
    """Return the English words in a text that should have been translated (3+ letters, not kept)."""
    for item in sorted(allowed, key=len, reverse=True):
        text = text.replace(item, " ")
    return [w for w in re.findall(r"[A-Za-z][A-Za-z_]{2,}", text) if w not in KEPT]


def test_every_entry_has_both_languages_with_the_same_placeholders() -> None:
    for key, entry in CATALOGUE.items():
        assert set(entry) == {"en", "zh"}, key
        assert entry["en"].strip(), f"{key} has no English"
        assert entry["zh"].strip(), f"{key} has no Chinese"
        assert placeholders(entry["en"]) == placeholders(entry["zh"]), f"{key}: placeholders differ"


def test_chinese_entries_are_chinese() -> None:
    """A zh entry that is still English (copied, not translated) fails here."""
    untranslated = {
        key: words
        for key, entry in CATALOGUE.items()
        if (words := english_words(re.sub(r"\{[^}]*\}", " ", entry["zh"])))
    }
    assert not untranslated, untranslated


def test_no_key_is_defined_twice() -> None:
    assert sum(len(area.MESSAGES) for area in AREAS) == len(CATALOGUE)


def test_an_unknown_key_fails_at_once() -> None:
    with pytest.raises(KeyError, match="no message"):
        Text("no.such.message")


def test_arguments_render_in_the_language_of_the_message() -> None:
    text = Text(
        "explain.next_budget.more",
        step=Money(10_000, "¥"),
        gain=Number(500),
        measure=Text("measure.conversions"),
        per_unit=Number(0.05),
        one=Money(1, "¥"),
    )
    assert render(text, "en") == "The next ¥10,000 of budget buys about 500 more conversions (0.05 per ¥1)."
    assert render(text, "zh") == "再增加 ¥10,000 预算，约可多获得 500 转化（每 ¥1 约 0.05）。"
    assert Join(["a", Share(0.25)]).render("zh") == "a、25.0%"
    assert Join(["a", Share(0.25)]).render("en") == "a, 25.0%"


def test_texts_pickle_for_worker_processes() -> None:
    import pickle

    text = Text("problems_more", count=3)
    assert pickle.loads(pickle.dumps(text)) == text
