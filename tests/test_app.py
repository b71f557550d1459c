"""The Streamlit app driven by AppTest: open, re-plan, conflict and fix, edit, save, refuse, compare."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.app_helpers import english_sweep, open_app, own_words, shown_texts
from tests.conftest import SCENARIOS

DEMOS = sorted(SCENARIOS.rglob("*.yaml"))


def budget_input(at: AppTest):
    return next(n for n in at.text_input if str(n.key).startswith("budget::"))


def set_budget(at: AppTest, text: str) -> None:
    budget_input(at).set_value(text).run()
    assert not at.exception, [e.value for e in at.exception]


def test_sidebar_lists_every_scenario_grouped_by_store(folder: Path) -> None:
    at = open_app()
    options = at.selectbox(key="scenario").options
    assert len(options) == len(DEMOS)
    assert all(" · " in option for option in options)
    assert at.title[0].value == "Promo Planner"


@pytest.mark.parametrize("name", [f"{p.parent.name}/{p.name}" for p in DEMOS])
def test_each_demo_scenario_opens_with_a_plan(folder: Path, name: str) -> None:
    at = open_app(folder / name)
    assert not at.error, [e.value for e in at.error]
    assert len(at.metric) == 4
    assert at.metric[0].value.startswith(("¥", "$"))


def test_budget_change_replans_and_survives_reruns(folder: Path) -> None:
    path = folder / "tmall_flagship" / "baseline.yaml"
    at = open_app(path)
    before = at.metric[1].value
    set_budget(at, "2150000")
    after = at.metric[1].value
    assert after != before
    at.run()  # an unrelated rerun keeps the edit
    assert at.metric[1].value == after
    assert budget_input(at).value == "¥2,150,000"


def test_infeasible_budget_shows_the_conflict_and_a_fix_that_works(folder: Path) -> None:
    at = open_app(folder / "tmall_flagship" / "baseline.yaml")
    set_budget(at, "1000")
    assert at.error
    texts = " ".join(m.value for m in at.markdown)
    assert "more than the budget" in texts
    fix = next(b for b in at.button if str(b.key).startswith("fix::"))
    assert "raise the budget" in fix.label
    fix.click().run()
    assert not at.error
    assert len(at.metric) == 4


def test_invalid_edit_is_shown_and_not_applied(folder: Path) -> None:
    at = open_app(folder / "tmall_flagship" / "baseline.yaml")
    name = next(t for t in at.text_input if str(t.key).endswith("::name"))
    name.set_value("").run()
    assert any("invalid" in e.value.lower() or "not applied" in e.value.lower() for e in at.error)
    assert at.header[0].value == "Tmall baseline Q4"  # the working scenario kept its valid name


def test_save_keeps_comments_and_changes_only_the_budget_line(folder: Path) -> None:
    path = folder / "tmall_flagship" / "baseline.yaml"
    original = path.read_text(encoding="utf-8")
    at = open_app(path)
    set_budget(at, "2300000")
    assert any("2300000" in c.value for c in at.code)  # the diff preview
    at.button(key="save").click().run()
    assert not at.exception
    saved = path.read_text(encoding="utf-8")
    changed = [line for line in difflib.ndiff(original.splitlines(), saved.splitlines()) if line[:1] in "+-"]
    assert len(changed) == 2, changed
    assert all("2300000" in line or "2200000" in line for line in changed)
    comments = [line for line in original.splitlines() if line.strip().startswith("#")]
    assert all(comment in saved for comment in comments)


def test_save_refuses_when_the_file_changed_on_disk(folder: Path) -> None:
    path = folder / "tmall_flagship" / "baseline.yaml"
    at = open_app(path)
    set_budget(at, "2300000")
    someone_else = path.read_text(encoding="utf-8").replace("name: ", "name: Edited ", 1)
    path.write_text(someone_else, encoding="utf-8")
    at.run()
    assert any("changed on disk" in e.value for e in at.error)
    assert not any(b.key == "save" for b in at.button)
    assert path.read_text(encoding="utf-8") == someone_else


@pytest.mark.parametrize("name", ["../escape", "a/b", ".hidden", "baseline"])
def test_save_as_refuses_unsafe_or_existing_names(folder: Path, name: str) -> None:
    at = open_app(folder / "tmall_flagship" / "baseline.yaml")
    before = sorted(p.name for p in folder.rglob("*"))
    at.text_input(key="save_as_name").set_value(name).run()
    at.button(key="save_as").click().run()
    assert at.error
    assert sorted(p.name for p in folder.rglob("*")) == before


def test_save_as_writes_a_new_valid_scenario(folder: Path) -> None:
    at = open_app(folder / "tmall_flagship" / "baseline.yaml")
    at.text_input(key="save_as_name").set_value("双十一 plan").run()
    at.button(key="save_as").click().run()
    assert not at.error, [e.value for e in at.error]
    assert (folder / "tmall_flagship" / "双十一 plan.yaml").exists()


def test_compare_two_scenarios(folder: Path) -> None:
    at = open_app(folder / "tmall_flagship" / "baseline.yaml")
    picked = at.multiselect(key="compare").value
    assert len(picked) == 2
    at.toggle[0].set_value(False).run()  # totals over each plan's own period (3 and 13 weeks)
    assert any("periods of different lengths are not comparable" in w.value for w in at.warning)
    names = {"Tmall Double 11 push", "Tmall baseline Q4"}
    side_by_side = [d.value for d in at.dataframe if names <= set(map(str, d.value.columns))]
    assert len(side_by_side) == 3  # totals, allocations, and the inputs that differ
    totals = side_by_side[0].set_index("Figure")
    assert totals.loc["Spend", "Tmall baseline Q4"] == "¥2,200,000"
    assert totals.loc["Period", "Tmall Double 11 push"] == "3 weeks"


def test_language_switch_to_chinese(folder: Path) -> None:
    at = open_app()
    at.radio(key="language").set_value("zh").run()
    assert at.title[0].value == "推广预算规划"
    assert at.metric[1].label == "转化"


def test_new_scenario_from_the_template_for_the_same_store(folder: Path) -> None:
    at = open_app(folder / "us_outdoor" / "baseline.yaml")
    at.text_input(key="save_as_name").set_value("spring sale").run()
    at.button(key="new_from_template").click().run()
    assert not at.error, [e.value for e in at.error]
    created = folder / "us_outdoor" / "spring sale.yaml"
    assert created.exists()
    assert created.read_text(encoding="utf-8").lstrip().startswith("#")
    assert at.selectbox(key="scenario").value == str(created)


def test_rename_moves_the_file(folder: Path) -> None:
    at = open_app(folder / "us_outdoor" / "event_push.yaml")
    at.text_input(key="save_as_name").set_value("bfcm").run()
    at.button(key="rename").click().run()
    assert not at.error, [e.value for e in at.error]
    assert (folder / "us_outdoor" / "bfcm.yaml").exists()
    assert not (folder / "us_outdoor" / "event_push.yaml").exists()


def test_store_folder_names_are_safe() -> None:
    from planner.editing.workspace import store_folder_name

    assert store_folder_name("Tmall flagship (天猫旗舰店)") == "Tmall_flagship__天猫旗舰店"
    assert store_folder_name("../../etc") == "etc"
    assert store_folder_name("") == "store"


def test_upload_refuses_files_over_the_limit() -> None:
    from planner import HistoryError
    from planner.data.io import MAX_UPLOAD_BYTES, read_history_upload

    with pytest.raises(HistoryError, match="larger than 20 MB"):
        read_history_upload(b"x" * (MAX_UPLOAD_BYTES + 1), "big.csv")
    frame = read_history_upload(
        "date,channel,spend,conversions,revenue\n2026-01-05,直通车,100,4,600\n".encode(), "h.csv"
    )
    assert frame["channel"].iloc[0] == "直通车"


def test_a_budget_change_after_saving_is_not_lost(folder: Path) -> None:
    path = folder / "tmall_flagship" / "baseline.yaml"
    at = open_app(path)
    set_budget(at, "2300000")
    at.button(key="save").click().run()
    set_budget(at, "240万")
    assert at.metric[0].value == "¥2,400,000"
    assert any("2400000" in c.value for c in at.code)  # the next save's preview has it


def test_an_objective_edit_shows_in_the_same_run(folder: Path) -> None:
    at = open_app(folder / "tmall_flagship" / "baseline.yaml")
    measure = next(s for s in at.selectbox if str(s.key).endswith("::measure"))
    measure.set_value("revenue").run()
    headline = next(m.value for m in at.markdown if m.value.startswith("- The best plan"))
    assert "revenue" in headline


def test_invalid_edit_message_is_in_words_without_links(folder: Path) -> None:
    at = open_app(folder / "tmall_flagship" / "baseline.yaml")
    next(t for t in at.text_input if str(t.key).endswith("::name")).set_value("").run()
    messages = " ".join(m.value for m in at.markdown)
    assert "name: is empty; write at least 1 character(s)" in messages
    assert "https://" not in messages


def test_save_as_names_the_new_scenario_after_its_file(folder: Path) -> None:
    at = open_app(folder / "tmall_flagship" / "baseline.yaml")
    at.text_input(key="save_as_name").set_value("Q1 plan").run()
    at.button(key="save_as").click().run()
    assert "name: Q1 plan" in (folder / "tmall_flagship" / "Q1 plan.yaml").read_text(encoding="utf-8")


def test_rename_refuses_while_edits_are_unsaved(folder: Path) -> None:
    at = open_app(folder / "us_outdoor" / "event_push.yaml")
    set_budget(at, "400000")
    at.text_input(key="save_as_name").set_value("bfcm").run()
    at.button(key="rename").click().run()
    assert any("Save or discard" in e.value for e in at.error)
    assert (folder / "us_outdoor" / "event_push.yaml").exists()
    assert not (folder / "us_outdoor" / "bfcm.yaml").exists()


# Issue 9: 中文 throughout, numbers by the policy, and no rough edges.


def chinese(at: AppTest) -> AppTest:
    at.radio(key="language").set_value("zh").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def tables(at: AppTest, first_column: str) -> list:
    """Return the read-only tables whose first column has this header, in page order."""
    frames = [d.value for d in at.dataframe if d.editing_mode == "read_only"]
    return [frame for frame in frames if len(frame.columns) and frame.columns[0] == first_column]


def tab_opened(at: AppTest) -> str:
    tabs = next(node for node in at._tree if getattr(node, "type", "") == "tab_container")
    container = tabs.proto.tab_container
    return str(container.default_tab_label or at.tabs[container.default_tab_index].label)


def test_chinese_mode_shows_no_english_anywhere(folder: Path) -> None:
    """Every scenario, every tab, a conflict, an invalid edit and a mixed compare: no English word left.

    Allowed as they are: the scenarios' own names, labels, ids, rule names and files, and acronyms (CPA,
    ROAS, CSV, YAML, Excel…). What remains is listed with the page it was on.
    """
    at = chinese(open_app())
    allowed = own_words(folder) | {"abc"}  # the unreadable amount typed below is the user's own
    sweep, left = english_sweep(at, allowed)

    for path in sorted(folder.rglob("*.yaml")):
        at.selectbox(key="scenario").set_value(str(path)).run()
        sweep(f"{path.parent.name}/{path.name}")
    tmall, us = folder / "tmall_flagship" / "baseline.yaml", folder / "us_outdoor" / "baseline.yaml"
    at.selectbox(key="scenario").set_value(str(tmall)).run()
    set_budget(at, "1000")
    sweep("conflict")
    set_budget(at, "abc")
    sweep("unreadable budget")
    next(t for t in at.text_input if str(t.key).endswith("::name")).set_value("").run()
    sweep("invalid edit")
    at.multiselect(key="compare").set_value([str(tmall), str(us)]).run()
    sweep("compare, two currencies")
    report = "\n".join(f"[{where}] {words[:6]}: {text[:160]!r}" for text, (where, words) in left.items())
    assert not left, f"{len(left)} texts with English words in 中文 mode:\n{report}"


def test_budget_box_reads_amounts_as_people_write_them(folder: Path) -> None:
    at = open_app(folder / "tmall_flagship" / "baseline.yaml")
    assert budget_input(at).value == "¥2,200,000"
    slider = next(s for s in at.slider if str(s.key).startswith("budget::"))
    assert slider.value == pytest.approx(2_200_000)
    assert slider.proto.format == "¥%,d"  # formatted labels, not 1600000.00
    for typed, amount in [("210万", "¥2,100,000"), ("2.15m", "¥2,150,000"), ("¥2,300,000", "¥2,300,000")]:
        set_budget(at, typed)
        assert budget_input(at).value == amount
        assert at.metric[0].value == amount
    assert next(s for s in at.slider if str(s.key).startswith("budget::")).value == pytest.approx(2_300_000)
    set_budget(at, "lots")
    assert any("“lots” is not an amount" in e.value and "¥2,300,000" in e.value for e in at.error)
    assert at.metric[0].value == "¥2,300,000"  # the plan kept its budget
    set_budget(at, "-5")
    assert any("cannot be negative" in e.value for e in at.error)
    set_budget(at, "2.4m")
    assert not at.error
    assert at.metric[0].value == "¥2,400,000"


def test_budget_slider_moves_the_box(folder: Path) -> None:
    at = open_app(folder / "tmall_flagship" / "baseline.yaml")
    next(s for s in at.slider if str(s.key).startswith("budget::")).set_value(2_500_000.0).run()
    assert budget_input(at).value == "¥2,500,000"
    assert at.metric[0].value == "¥2,500,000"


def test_a_typed_budget_is_not_undone_by_the_slider_of_an_earlier_run(folder: Path) -> None:
    """A browser a run behind reports the box and the slider in one request: the typed amount stays.

    The slider here stands for one drawn for the old amount (its run's position reported again with the typed
    box, as a page re-run that starts while the typed amount is still being drawn can send). Before, its
    callback ran second and put the budget back, so the Files tab said there was nothing to save (seen once
    in a real browser, tests/test_browser.py's two sessions).
    """
    at = open_app(folder / "tmall_flagship" / "baseline.yaml")
    slider = next(s for s in at.slider if str(s.key).startswith("budget::"))
    budget_input(at).set_value("2100000")
    slider.set_value(2_300_000.0)  # where the old slider was left
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert budget_input(at).value == "¥2,100,000"
    assert at.metric[0].value == "¥2,100,000"
    assert any("2100000" in code.value for code in at.code), "the Files tab offers the typed amount to save"
    assert not any("No unsaved changes" in info.value for info in at.info)


@pytest.mark.parametrize("slider_first", [False, True])
def test_a_slider_reported_where_it_stands_leaves_the_typed_amount(
    folder: Path, monkeypatch: pytest.MonkeyPatch, slider_first: bool
) -> None:
    """The callbacks of one request, in either order: the old slider position does not undo the typed amount."""
    from planner.app import budget
    from planner.app.state import WorkingCopy
    from planner.data.io import load_scenario

    path = folder / "tmall_flagship" / "baseline.yaml"
    scenario = load_scenario(path)
    work = WorkingCopy(path, path.read_text(encoding="utf-8"), scenario, scenario)
    session: dict[str, object] = {}
    monkeypatch.setattr(budget, "state", session)
    text_key, slider_key = budget._keys(work)
    session[text_key], session[slider_key] = "210万", 2_200_000.0  # typed; the slider where it was drawn
    steps = [(budget._typed, text_key), (budget._slid, slider_key)]
    for callback, key in reversed(steps) if slider_first else steps:
        callback(work, key)
    assert work.scenario.budget is not None
    assert work.scenario.budget.amount == 2_100_000
    assert budget._keys(work) != (text_key, slider_key)  # both widgets are drawn anew with the amount
    session[budget._keys(work)[1]] = 2_400_000.0  # the new slider, moved: that is a change
    budget._slid(work, budget._keys(work)[1])
    assert work.scenario.budget.amount == 2_400_000


def test_no_change_against_history_is_neutral(folder: Path) -> None:
    at = open_app(folder / "tmall_flagship" / "baseline.yaml")
    historical = at.metric[0]  # spend against history: 2,200,000 vs 2,203,689.98
    assert historical.delta.startswith("-0.2%")
    set_budget(at, "2203689.98")
    spend = at.metric[0]
    assert spend.delta == "±0% vs history"
    assert spend.proto.color == type(spend.proto).MetricColor.GRAY
    assert spend.proto.direction == type(spend.proto).MetricDirection.NONE
    conversions = at.metric[1]
    assert conversions.proto.color == type(conversions.proto).MetricColor.GREEN  # more conversions than history


def test_allocation_table_has_a_total_and_formatted_figures(folder: Path) -> None:
    at = chinese(open_app(folder / "tmall_flagship" / "baseline.yaml"))
    allocation = tables(at, "渠道")[0]
    assert list(allocation.columns[:4]) == ["渠道", "花费", "占比", "较历史变化"]
    total = allocation.iloc[-1]
    assert total["渠道"] == "合计"
    assert total["花费"] == "¥2,200,000"
    assert total["占比"] == "100.0%"
    assert total["单次转化成本"] == at.metric[3].value.split(" / ")[0]
    spend = allocation["花费"].iloc[:-1]
    assert all(cell.startswith("¥") and "." not in cell for cell in spend)  # whole yuan above ¥1,000
    assert all(cell.endswith("%") and len(cell.split(".")[-1]) == 2 for cell in allocation["占比"])  # one style
    assert all("." not in cell for cell in allocation["转化"])  # conversions above 100 are whole
    assert "已锁定" in " ".join(allocation["限制"])


def test_rules_show_limits_as_amounts_and_percents(folder: Path) -> None:
    at = chinese(open_app(folder / "us_outdoor" / "event_push.yaml"))
    rules = tables(at, "规则")[0].set_index("规则")
    assert rules.loc["预算", "限制"] == "恰好 $420,000"
    assert rules.loc["live at least 10% of spend", "限制"] == "至少 10.0%"
    assert rules.loc["live at least 10% of spend", "类型"] == "占比"
    assert rules.loc["blended ROAS at least 3.2", "限制"] == "至少 3.20"
    assert rules.loc["预算", "是否瓶颈"] == "瓶颈"
    assert rules.loc["预算", "放宽的价值"].startswith("预算每增加 $1，转化 +0.0")


def test_a_conflict_keeps_the_last_plan_and_offers_every_fix(folder: Path) -> None:
    at = open_app(folder / "tmall_flagship" / "baseline.yaml")
    good = tables(at, "Channel")[0]
    set_budget(at, "1000")
    assert any("No plan satisfies" in e.value for e in at.error)
    assert any("last plan that worked, before your edit" in w.value for w in at.warning)
    assert tables(at, "Channel")[-1].equals(good)  # the plan before the edit, as it was
    fixes = [b for b in at.button if str(b.key).startswith("fix::")]
    assert fixes
    assert all(b.label.startswith("Apply this fix: ") for b in fixes)
    chinese(at)
    assert all(b.label.startswith("采用此修改：") for b in at.button if str(b.key).startswith("fix::"))
    assert any("修改前最后一个可行的方案" in w.value for w in at.warning)


def test_language_switch_keeps_the_tab(folder: Path) -> None:
    at = open_app(folder / "tmall_flagship" / "baseline.yaml")
    assert tab_opened(at) == "Plan"
    at.session_state["tabs::en"] = "Edit"  # what the browser reports when the Edit tab is clicked
    at.run()
    chinese(at)
    assert [tab.label for tab in at.tabs] == ["方案", "编辑", "日历", "对比", "文件", "导入"]
    assert tab_opened(at) == "编辑"
    at.session_state["tabs::zh"] = "导入"
    at.run()
    at.radio(key="language").set_value("en").run()
    assert tab_opened(at) == "Import"


def test_compare_refuses_to_subtract_currencies(folder: Path) -> None:
    at = chinese(open_app())
    tmall, us = folder / "tmall_flagship" / "baseline.yaml", folder / "us_outdoor" / "baseline.yaml"
    at.multiselect(key="compare").set_value([str(tmall), str(us)]).run()
    assert any("币种不同（CNY、USD）" in e.value for e in at.error)
    charts = [n for n in at._tree if getattr(n, "type", "") == "vega_lite_chart" and "difference" in n.proto.spec]
    assert not charts  # no difference chart across currencies
    totals = tables(at, "指标")[0].set_index("指标")
    assert totals.loc["花费"].tolist()[0].startswith("¥")
    assert totals.loc["花费"].tolist()[1].startswith("$")


def test_compare_per_week_when_periods_differ(folder: Path) -> None:
    at = chinese(open_app())
    baseline, push = folder / "tmall_flagship" / "baseline.yaml", folder / "tmall_flagship" / "event_push.yaml"
    at.multiselect(key="compare").set_value([str(baseline), str(push)]).run()
    toggle = at.toggle[0]
    assert toggle.value is True  # on by default: 13 weeks against 3
    assert any("数字为每周数值" in i.value and "3 周" in i.value and "13 周" in i.value for i in at.info)
    totals = tables(at, "指标")[0].set_index("指标")
    assert totals.loc["花费", "Tmall baseline Q4"] == "¥169,231"  # ¥2,200,000 over 13 weeks
    assert totals.loc["花费", "Tmall Double 11 push"] == "¥533,333"  # ¥1,600,000 over 3 weeks
    assert list(totals.index) == ["花费", "转化", "销售额", "单次转化成本", "ROAS", "周期"]
    toggle.set_value(False).run()
    totals = tables(at, "指标")[0].set_index("指标")
    assert totals.loc["花费", "Tmall baseline Q4"] == "¥2,200,000"


def test_inputs_that_differ_are_described_in_words(folder: Path) -> None:
    at = chinese(open_app())
    baseline, push = folder / "tmall_flagship" / "baseline.yaml", folder / "tmall_flagship" / "event_push.yaml"
    at.multiselect(key="compare").set_value([str(baseline), str(push)]).run()
    differences = tables(at, "输入")[0].set_index("输入")
    assert differences.loc["预算"].tolist() == ["¥2,200,000", "¥1,600,000"]
    assert differences.loc["直通车：上限（相对历史）"].tolist() == ["1.3", "—"]
    assert differences.loc["目标"].tolist() == ["最大化转化", "最大化销售额"]
    assert "规则「new customers target」" in differences.index
    assert not any("[" in what or "." in what for what in differences.index)  # no internal paths


def test_edit_tables_are_headed_in_the_language(folder: Path) -> None:
    at = chinese(open_app(folder / "tmall_flagship" / "baseline.yaml"))
    texts = shown_texts(at)
    for header in ("单次转化成本", "下限", "上限", "类型", "至少"):
        assert header in texts
    assert "cost_per_conversion" not in texts
    assert "数量限制" in texts  # a rule's kind, by its name


def test_sidebar_names_come_first_and_say_where_the_file_is(folder: Path) -> None:
    at = open_app(folder / "tmall_flagship" / "profit_first.yaml")
    options = at.selectbox(key="scenario").options
    tmall = [o for o in options if o.endswith("Tmall flagship (天猫旗舰店)")]
    files = sorted((folder / "tmall_flagship").glob("*.yaml"))
    assert len(files) >= 3
    assert len(tmall) == len(files)  # one each, told apart by the scenario's name
    assert len({o.split(" · ")[0] for o in tmall}) == len(files)
    assert any("tmall_flagship/profit_first.yaml" in c.value for c in at.sidebar.caption)


def test_the_two_new_scenario_buttons_say_different_things(folder: Path) -> None:
    at = chinese(open_app())
    labels = {at.button(key="new_from_template").label, at.button(key="create_store").label}
    assert labels == {"为此店铺新建场景", "创建店铺"}
    assert next(b for b in at.get("download_button") if b.key == "dl_yaml").label == "下载场景 YAML"  # type: ignore[union-attr]
