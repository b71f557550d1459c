"""The plan report: one self-contained page in English or Chinese, its inputs' hashes, and its PDF."""

from __future__ import annotations

import hashlib
import html
import re
from datetime import date
from pathlib import Path

import pytest

import planner
from planner.cli import main
from planner.data.provenance import trace_inputs
from planner.data.rendering import find_chromium
from planner.insight.share import plan_report_html
from planner.insight.trust import outcome_range
from tests.conftest import SCENARIOS

TMALL = SCENARIOS / "tmall_flagship" / "baseline.yaml"
MADE = date(2026, 11, 2)


@pytest.fixture(scope="module")
def tmall() -> planner.Plan:
    return planner.solve(planner.load_scenario(TMALL))


@pytest.fixture(scope="module")
def page_zh(tmall: planner.Plan) -> str:
    provenance = trace_inputs(tmall.scenario, TMALL.read_bytes(), made=MADE)
    return plan_report_html(tmall, "zh", provenance=provenance)


def visible_text(page: str) -> str:
    """Return the text a reader sees: tags and inline SVG markup removed, entities decoded."""
    page = re.sub(r"<style>.*?</style>", " ", page, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


def test_the_page_needs_no_network(page_zh: str) -> None:
    assert "<script" not in page_zh  # charts are inline SVG: nothing to run, nothing to fetch
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page_zh)
    assert "<link" not in page_zh
    assert "@import" not in page_zh
    assert "url(" not in page_zh
    assert page_zh.count("<svg") == 1 + 5 + 1  # allocation, one curve per channel, the frontier


def test_headline_figures_follow_the_number_policy(tmall: planner.Plan, page_zh: str) -> None:
    text = visible_text(page_zh)
    assert "推广预算方案：Tmall baseline Q4" in text
    assert "生成于 2026-11-02" in text
    totals = tmall.totals
    assert f"¥{totals['spend']:,.0f}" in text
    assert f"{totals['conversions']:,.0f}" in text
    # Conversions against history: (44,963 − 42,533) / 42,533 = +5.7%.
    change = (totals["conversions"] - totals["historical_conversions"]) / totals["historical_conversions"]
    assert f"较历史数据 {change:+.1%}" in text
    assert "较历史数据 +5.7%" in text
    assert "单次转化成本（CPA）" in text
    assert "投入产出比（ROAS）" in text


def test_allocation_table_has_every_channel_and_a_total(tmall: planner.Plan, page_zh: str) -> None:
    table = re.search(r'<table class="allocation">.*?</table>', page_zh, flags=re.S)
    assert table is not None
    rows = re.findall(r"<tr>(.*?)</tr>", table.group(0), flags=re.S)
    cells = [[html.unescape(c) for c in re.findall(r"<t[dh]>(.*?)</t[dh]>", row)] for row in rows]
    assert cells[0][:3] == ["渠道", "花费", "占比"]
    body = {row[0]: row for row in cells[1:-1]}
    assert list(body) == list(tmall.allocation["label"])
    live = tmall.allocation.set_index("label").loc["钻石展位"]
    assert body["钻石展位"][1] == f"¥{live['spend']:,.0f}"
    assert body["钻石展位"][-1] == "已锁定"
    assert body["钻石展位"][-2] == "±0%"  # locked at its historical spend: no change, no sign
    assert cells[-1][0] == "合计"
    assert cells[-1][2] == "100.0%"


def test_outcome_ranges_are_the_seeded_bootstrap(tmall: planner.Plan, page_zh: str) -> None:
    spread = outcome_range(tmall)
    low, mid, high = spread.conversions
    assert low <= mid <= high
    assert low < tmall.totals["conversions"] < high
    text = visible_text(page_zh)
    assert re.search(rf"转化\s+{low:,.0f}\s+{mid:,.0f}\s+{high:,.0f}\s+{tmall.totals['conversions']:,.0f}", text)
    assert "200 次自助抽样（随机种子 0）" in text


def test_rules_say_what_relaxing_each_is_worth(tmall: planner.Plan, page_zh: str) -> None:
    text = visible_text(page_zh)
    budget = float(tmall.budget_shadow_price or 0.0)
    assert f"每放宽 ¥10,000，约多 {budget * 10_000:,.0f} 转化" in text
    assert re.search(r"live at least 15% of spend\s+不低于 15.0%\s+21.7%\s+有余量\s+对本方案无影响", text)


def test_inputs_are_hashed_so_a_reader_can_check_them(page_zh: str) -> None:
    scenario = hashlib.sha256(TMALL.read_bytes()).hexdigest()
    history = hashlib.sha256((TMALL.parent / "history.csv").read_bytes()).hexdigest()
    combined = hashlib.sha256(f"{scenario}\n{history}\n".encode()).hexdigest()
    text = visible_text(page_zh)
    assert re.search(rf"场景文件：baseline.yaml\s+{scenario}", text)
    assert re.search(rf"历史数据：history.csv\s+{history}", text)
    assert re.search(rf"全部输入合计\s+{combined}", text)


def test_the_same_inputs_give_the_same_page(tmall: planner.Plan, page_zh: str) -> None:
    again = plan_report_html(tmall, "zh", provenance=trace_inputs(tmall.scenario, TMALL.read_bytes(), made=MADE))
    assert again == page_zh


def test_an_edited_scenario_is_hashed_as_solved(tmall: planner.Plan) -> None:
    edited = trace_inputs(tmall.scenario.with_budget(2_500_000), None, made=MADE)
    assert edited.inputs[0].what.key == "report.input.scenario_edited"
    assert edited.inputs[0].sha256 != hashlib.sha256(TMALL.read_bytes()).hexdigest()


def test_english_page_reads_in_english(tmall: planner.Plan) -> None:
    text = visible_text(plan_report_html(tmall, "en", provenance=trace_inputs(tmall.scenario, None, made=MADE)))
    for heading in ("The plan against history", "Why this plan", "How sure: P10 / P50 / P90", "The budget frontier"):
        assert heading in text
    assert "Today's budget ¥2,200,000" in text
    assert "转化" not in text.replace("转化率", "")  # no Chinese words from the catalogue in English


def test_report_command_writes_html_and_a_chinese_a4_pdf(tmp_path: Path) -> None:
    if find_chromium() is None:
        pytest.skip("no Chromium to print with (CI installs it)")
    from pypdf import PdfReader

    page, pdf = tmp_path / "plan.html", tmp_path / "plan.pdf"
    assert main(["report", str(TMALL), "-o", str(page), "-o", str(pdf), "--lang", "zh"]) == 0
    assert "方案与历史数据对比" in page.read_text(encoding="utf-8")
    reader = PdfReader(pdf)
    first = reader.pages[0]
    assert (round(float(first.mediabox.width)), round(float(first.mediabox.height))) == (595, 842)  # A4 in points
    text = "".join(p.extract_text() for p in reader.pages)
    for words in ("推广预算方案", "方案与历史数据对比", "为什么是这个方案", "预算前沿", "直通车"):
        assert words in text


def test_without_a_pdf_engine_it_says_so_and_still_writes_the_html(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("PROMO_PLANNER_CHROMIUM", str(tmp_path / "no-such-chromium"))
    page, pdf = tmp_path / "plan.html", tmp_path / "plan.pdf"
    assert main(["report", str(TMALL), "-o", str(pdf), "-o", str(page), "--lang", "zh"]) == 3
    assert page.is_file()
    assert not pdf.exists()
    assert f"无法写入 {pdf}：找不到 PDF 引擎" in capsys.readouterr().err


def test_report_refuses_an_unknown_file_kind(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", str(TMALL), "-o", str(tmp_path / "plan.docx")]) == 2
    assert "the file name must end in .html, .htm, .pdf" in capsys.readouterr().err
    assert not (tmp_path / "plan.docx").exists()
    assert main(["report", str(TMALL), "-o", str(tmp_path / "plan.docx"), "--lang", "zh"]) == 2
    assert "文件名须以 .html、.htm、.pdf 结尾" in capsys.readouterr().err  # the list with Chinese separators


def test_a_workbook_asked_for_under_another_name_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`--xlsx plan.csv` wrote a zip file named .csv, which Excel then opens as garbage; now it says so, writes
    nothing, and exits 2."""
    assert main(["solve", str(TMALL), "--xlsx", str(tmp_path / "plan.csv")]) == 2
    assert "plan.csv: the file name must end in .xlsx" in capsys.readouterr().err
    assert not (tmp_path / "plan.csv").exists()
    assert main(["solve", str(TMALL), "--xlsx", str(tmp_path / "plan.XLSX")]) == 0
    assert (tmp_path / "plan.XLSX").read_bytes()[:2] == b"PK"


def test_a_report_of_many_channels_draws_the_curves_of_the_biggest_and_counts_the_rest(
    tmall: planner.Plan, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A thousand curve charts took six minutes; past MOST_CURVES the page shows the channels spent on most."""
    from planner.insight import share

    monkeypatch.setattr(share, "MOST_CURVES", 2)
    page = plan_report_html(tmall, "zh", provenance=trace_inputs(tmall.scenario, None, made=MADE))
    section = page[page.index('id="curves"') :]
    section = section[: section.index("</section>")]
    assert section.count("<figure") == 2
    more = len(tmall.allocation) - 2
    assert f"其余 {more} 个渠道见分配表" in section
    biggest = tmall.allocation.sort_values("spend", ascending=False)["label"].head(2)
    assert all(html.escape(str(name)) in section or str(name) in section for name in biggest)
