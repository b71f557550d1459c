"""Platform templates as a user meets them: `planner new` writes a skeleton that validates and plans, in
English or Chinese, matched to the store's history; mistakes are located and nothing is overwritten."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from planner.api import solve
from planner.cli import main
from planner.data.io import load_scenario
from planner.editing.platform_templates import HistoryFacts, match_history, platform_scenario_text
from planner.editing.platforms import PLATFORM_IDS, PLATFORMS, find_platform
from tests.conftest import ROOT
from tests.template_history import template_history
from tests.test_i18n import english_words


@pytest.fixture(autouse=True)
def english_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("PLANNER_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)


def new(tmp_path: Path, *args: str, name: str = "scenario.yaml") -> Path:
    """Run `planner new … -o FILE` and return the file it wrote."""
    target = tmp_path / name
    assert main(["new", *args, "-o", str(target)]) == 0
    return target


def validates_and_solves(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Assert that `planner validate` passes the file and `planner solve` plans it, as a user would run them."""
    capsys.readouterr()
    assert main(["validate", str(path)]) == 0, capsys.readouterr().err
    assert main(["solve", str(path)]) == 0, capsys.readouterr().err
    scenario = load_scenario(path)
    plan = solve(scenario)
    assert scenario.budget is not None
    assert 0 < plan.allocation["spend"].sum() <= scenario.budget.amount * (1 + 1e-9)
    capsys.readouterr()


# 1. Every template validates and plans: without a history, and on a generated one.


@pytest.mark.parametrize("template", PLATFORM_IDS)
def test_every_template_validates_and_solves_without_history(
    tmp_path: Path, template: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = new(tmp_path, "--template", template)
    validates_and_solves(path, capsys)
    scenario = load_scenario(path)
    platform = find_platform(template)
    assert platform is not None
    assert [c.id for c in scenario.channels] == [c.id for c in platform.channels]
    assert scenario.currency == platform.currency
    assert not any(c.excluded for c in scenario.channels)  # every channel takes part, on placeholders


@pytest.mark.parametrize("template", PLATFORM_IDS)
def test_every_template_validates_and_solves_on_a_generated_history(
    tmp_path: Path, template: str, capsys: pytest.CaptureFixture[str]
) -> None:
    platform = find_platform(template)
    assert platform is not None
    template_history(platform, seed=PLATFORM_IDS.index(template)).to_csv(tmp_path / "history.csv", index=False)
    path = new(tmp_path, "--template", template, "--history", str(tmp_path / "history.csv"))
    validates_and_solves(path, capsys)
    scenario = load_scenario(path)
    assert scenario.history is not None
    assert scenario.history.path == "history.csv"
    assert not any(c.excluded for c in scenario.channels)  # the history has them all
    fitted = [c for c in scenario.channels if c.response_kind == "fitted"]
    assert len(fitted) == sum(c.cost_model in ("spend", "units") for c in platform.channels)
    live = [c.sessions for c in scenario.channels if c.sessions is not None]
    assert all(sessions.from_history for sessions in live)  # the history counts them: fitted, not placeholders


def test_the_example_rule_plans_once_uncommented(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The commented example is a working rule: uncommented (and tightened to bind), it changes the plan."""
    text = new(tmp_path, "-t", "douyin").read_text(encoding="utf-8")
    example = text[text.index("# rules:") :]
    rule = example.replace("# rules:", "rules:").replace("#   ", "  ").replace("at_most: 3", "at_most: 1")
    path = tmp_path / "with_rule.yaml"
    path.write_text(text.replace(example, rule), encoding="utf-8")
    validates_and_solves(path, capsys)
    scenario = load_scenario(path)
    assert [rule.kind for rule in scenario.rules] == ["max_channels"]
    free, ruled = solve(load_scenario(tmp_path / "scenario.yaml")), solve(scenario)
    assert (free.allocation["spend"] > 0).sum() >= 2  # without the rule, more than one channel runs
    assert (ruled.allocation["spend"] > 0).sum() == 1
    assert ruled.allocation["revenue"].sum() < free.allocation["revenue"].sum()


# 2. Matching the history: aliases, names the template does not know, channels the history lacks.


def test_history_names_are_matched_by_alias_and_unknown_channels_added(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    platform = find_platform("tmall")
    assert platform is not None
    # ZTC for 直通车, the id for 引力魔方, 万相台无界 for 万相台; no 淘宝直播 rows; 钻石展位 unknown to the template.
    history = template_history(platform, names=["ZTC", "yinli", "万相台无界", "淘宝客"], extra=["钻石展位"])
    assert "淘宝直播" not in set(history["channel"])
    history.to_csv(tmp_path / "history.csv", index=False)
    path = new(tmp_path, "--template", "tmall", "--history", str(tmp_path / "history.csv"), "--store", "旗舰店")
    text = path.read_text(encoding="utf-8")
    scenario = load_scenario(path)
    channels = {c.id: c for c in scenario.channels}
    assert channels["ztc"].history_name == "ZTC"
    assert channels["yinli"].history_name is None  # matched by its id: nothing to add
    assert channels["wanxiangtai"].history_name == "万相台无界"
    assert channels["taobao_live"].excluded  # placeholders until the user fills them in
    added = [c for c in scenario.channels if c.label == "钻石展位"]
    assert len(added) == 1
    assert added[0].response_kind == "fitted"
    assert added[0].id not in {c.id for c in platform.channels}
    assert "It is called ZTC in the history" in text
    assert scenario.store == "旗舰店"
    validates_and_solves(path, capsys)


def test_matching_ignores_case_spaces_and_underscores() -> None:
    platform = find_platform("amazon")
    assert platform is not None
    matched, left = match_history(platform.channels, ["amazon_sp", "SPONSORED BRANDS", "Sponsored-Display", "DSP"])
    assert matched == {
        "sponsored_products": "amazon_sp",
        "sponsored_brands": "SPONSORED BRANDS",
        "sponsored_display": "Sponsored-Display",
    }
    assert left == ["DSP"]


def test_the_history_path_is_written_relative_to_the_scenario(tmp_path: Path) -> None:
    platform = find_platform("jd")
    assert platform is not None
    (tmp_path / "data").mkdir()
    (tmp_path / "plans").mkdir()
    template_history(platform).to_csv(tmp_path / "data" / "jd.csv", index=False)
    path = tmp_path / "plans" / "jd.yaml"
    assert main(["new", "-t", "jd", "--history", str(tmp_path / "data" / "jd.csv"), "-o", str(path)]) == 0
    scenario = load_scenario(path)
    assert scenario.history is not None
    assert scenario.history.path == "../data/jd.csv"


def test_a_history_that_counts_sessions_fits_the_live_channels() -> None:
    platform = find_platform("douyin")
    assert platform is not None
    facts = HistoryFacts("history.csv", tuple(c.label for c in platform.channels), has_sessions=True)
    text = platform_scenario_text(platform, "en", history=facts)
    live = text[text.index("  - id: douyin_live") : text.index("  - id: xingtu")]
    assert "from_history: true" in live
    assert "first:" not in live
    assert "decay:" not in live
    without = platform_scenario_text(platform, "en", history=HistoryFacts("history.csv", facts.channels))
    assert "first: 120000" in without


# 3. Comments in the reader's language, from the catalogue.


def comments(text: str) -> list[str]:
    """Return the comment lines and inline comments of a skeleton, without the commented-out YAML example."""
    found = []
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("#"):
            body = stripped.lstrip("#").strip()
            if not re.match(r"^(- )?[a-z_]+:", body):  # `# rules:` and the example rule under it are YAML
                found.append(body)
        elif "  # " in line:
            found.append(line.split("  # ", 1)[1])
    return found


def allowed_words(template: str) -> set[str]:
    """Return the names a Chinese comment may carry as they are: the platform's and its channels' names."""
    platform = find_platform(template)
    assert platform is not None
    names = {platform.name_en, platform.name_zh, "TikTok", "TikTok Shop", "Meta"}
    for channel in platform.channels:
        names |= {channel.label, channel.unit_name}
    return names - {""}


@pytest.mark.parametrize("template", PLATFORM_IDS)
def test_every_comment_is_in_the_chosen_language(template: str) -> None:
    platform = find_platform(template)
    assert platform is not None
    for history in (None, True):
        facts = None
        if history:
            facts = HistoryFacts("history.csv", ("ZTC", "some other channel"))
        english = comments(platform_scenario_text(platform, "en", "Store", None, facts))
        chinese = comments(platform_scenario_text(platform, "zh", "店铺", None, facts))
        assert len(english) == len(chinese)
        assert english != chinese
        for line in chinese:
            # Code (in backticks), web addresses and names stay as written; every other word is Chinese.
            prose = re.sub(r"`[^`]*`|https?://\S+?(?=[）)，。]|$)", " ", line)
            assert not english_words(prose, allowed_words(template) | {"some other channel", "ZTC"}), line
            assert re.search(r"[\u4e00-\u9fff]", line), line
        names = "|".join(map(re.escape, sorted(allowed_words(template), key=len, reverse=True)))
        for line in english:
            assert not re.search(r"[\u4e00-\u9fff]", re.sub(names, "", line)), line


def test_the_data_is_the_same_in_either_language() -> None:
    """Only the comments and the scenario's name and description change with the language."""
    for platform in PLATFORMS:
        lines = {
            language: [
                line.split("  # ")[0]
                for line in platform_scenario_text(platform, language, "S").splitlines()
                if line.strip() and not line.lstrip().startswith("#") and not line.startswith(("name:", "description:"))
            ]
            for language in ("en", "zh")
        }
        assert lines["en"] == lines["zh"], platform.id


# 4. The platform's own limits: only where published, with the source named.


def test_published_limits_are_written_with_their_source(tmp_path: Path) -> None:
    text = new(tmp_path, "-t", "tiktok").read_text(encoding="utf-8")
    assert "min_if_active: {amount: 20, per: day}" in text
    assert "min_rate: 1%" in text
    assert "https://ads.tiktok.com/help/article/budget" in text
    scenario = load_scenario(tmp_path / "scenario.yaml")
    ads = next(c for c in scenario.channels if c.id == "tiktok_ads")
    assert ads.min_if_active is not None
    assert (ads.min_if_active.amount, ads.min_if_active.per) == (20, "day")
    affiliate = next(c for c in scenario.channels if c.id == "tiktok_affiliate")
    assert affiliate.commission is not None
    assert affiliate.commission.min_rate == pytest.approx(0.01)


def test_a_limit_in_another_currency_is_a_note_not_a_number(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = new(tmp_path, "-t", "tiktok", "--currency", "CNY")
    text = path.read_text(encoding="utf-8")
    assert "currency: CNY" in text
    assert "    min_if_active:" not in text  # $20 is not ¥20
    assert "this scenario is in CNY, so it is not written" in text
    assert "min_rate: 1%" in text  # a rate is the same in any currency
    validates_and_solves(path, capsys)


def test_no_limit_is_written_without_a_source() -> None:
    for platform in PLATFORMS:
        for channel in platform.channels:
            for limit in (channel.limit, channel.min_rate):
                if limit is not None:
                    assert limit.source.startswith("https://"), (platform.id, channel.id)
        text = platform_scenario_text(platform, "en")
        written = text.count("min_if_active:") + text.count("min_rate:")
        sourced = sum((c.limit is not None) + (c.min_rate is not None) for c in platform.channels)
        assert written == sourced, platform.id
        assert text.count("No public minimum budget was found") == sum(
            c.limit is None and c.cost_model == "spend" for c in platform.channels
        )


# 5. Mistakes: located, in the reader's language, and nothing overwritten.


def test_an_existing_file_is_never_overwritten(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "baseline.yaml"
    target.write_text("name: mine\n", encoding="utf-8")
    assert main(["new", "-t", "tmall", "-o", str(target)]) == 2
    error = capsys.readouterr().err
    assert str(target) in error
    assert "--output" in error
    assert "already exists" in error
    assert target.read_text(encoding="utf-8") == "name: mine\n"
    assert main(["new", "-t", "tmall", "-o", str(target), "--lang", "zh"]) == 2
    assert "已存在" in capsys.readouterr().err


def test_a_missing_folder_is_an_error_and_nothing_is_created(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "no such folder" / "new.yaml"
    assert main(["new", "-t", "jd", "-o", str(target)]) == 2
    assert str(target) in capsys.readouterr().err
    assert not target.parent.exists()


def test_an_unknown_template_lists_the_known_ones(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new", "--template", "tmal"]) == 2
    error = capsys.readouterr().err
    assert "--template" in error
    assert "did you mean tmall?" in error
    assert all(platform in error for platform in PLATFORM_IDS)
    assert "Traceback" not in error
    assert main(["new", "--template", "ebay", "--lang", "zh"]) == 2
    error = capsys.readouterr().err
    assert "没有名为 ebay 的模板" in error
    assert "是否应为" not in error


def test_a_template_is_needed(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new"]) == 2
    assert "--template" in capsys.readouterr().err


def test_an_unreadable_history_is_a_located_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "history.csv").write_text("date,channel\n2025-01-06,ZTC\n", encoding="utf-8")
    assert main(["new", "-t", "tmall", "--history", str(tmp_path / "history.csv")]) == 2
    error = capsys.readouterr().err
    assert "history.csv:1" in error
    assert "spend" in error


@pytest.mark.parametrize("arguments", [["--list-templates"], ["--template", "list"]])
def test_the_templates_are_listed(arguments: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new", *arguments]) == 0
    out = capsys.readouterr().out
    for platform in PLATFORMS:
        assert f"{platform.id}: {platform.name_en}, {platform.currency}" in out
        assert all(channel.label in out for channel in platform.channels)
    assert main(["new", *arguments, "--lang", "zh"]) == 0
    assert "tmall：淘宝 / 天猫，CNY" in capsys.readouterr().out


def test_without_output_the_skeleton_goes_to_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new", "-t", "pdd", "--lang", "zh", "--store", "拼多多店"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# 拼多多店 的新场景，由拼多多模板生成。")
    assert "  - id: pdd_search\n    label: 多多搜索\n" in out


def test_a_real_history_sets_the_commission_and_leaves_out_live_without_sessions(tmp_path: Path) -> None:
    """The Tmall demo history: 淘宝客's rate is what its sales cost there (not a placeholder), and 淘宝直播, whose
    history counts no sessions, is written with placeholders but left out, so neither steers the plan."""
    history = ROOT / "scenarios" / "tmall_flagship" / "history.csv"
    out = tmp_path / "tmall.yaml"
    assert main(["new", "--template", "tmall", "--history", str(history), "-o", str(out)]) == 0
    scenario = load_scenario(out)
    frame = pd.read_csv(history)
    taoke = frame[frame["channel"] == "淘宝客"]
    commission = scenario.channel("taoke").commission
    assert commission is not None
    assert commission.rate == pytest.approx(taoke["spend"].sum() / taoke["revenue"].sum(), abs=1e-4)
    assert scenario.channel("taobao_live").excluded
    assert "no sessions column" in out.read_text(encoding="utf-8")
    plan = solve(scenario)
    assert plan.allocation.set_index("channel").loc["taoke", "roas"] == pytest.approx(1 / commission.rate, rel=1e-3)
