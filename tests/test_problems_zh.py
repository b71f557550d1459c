"""Every problem and warning of the lower layers is a catalogue message, and reads as Chinese in Chinese.

The hostile-input corpus (tests/hostile_cases.py) produces every kind of problem a user can cause while a
scenario is read, checked and turned into curves; the demo scenarios produce the warnings a real plan carries.
Each is rendered in Chinese; a problem carrying a plain string instead of a `Text`, or a Chinese rendering with
English words left in it, fails here. Words the user wrote (ids, labels, rule names, keys, values echoed from
their files), file names and field paths may stay as they are.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from planner import PlannerError, load_scenario, solve
from planner.curves.response import build_responses
from planner.data.history import load_history
from planner.data.inputs import load_curve_tables
from planner.data.io import read_history_upload, read_yaml
from planner.model.errors import Problem
from planner.model.i18n import Text, render
from planner.model.scenario import Scenario
from planner.model.validation import KNOWN_TYPES, is_ours, known_keys, text_of_error
from tests.conftest import author_words
from tests.hostile_cases import HOSTILE, Case, demo_documents, file_cases, generated_cases, mutate_document
from tests.test_i18n import english_words

SCENARIOS = Path(__file__).resolve().parent.parent / "scenarios"
DATA = Path(__file__).resolve().parent / "data"
# Names of things, not words to translate: column names of the history and curve tables, encodings, YAML types.
TECHNICAL = {
    "date",
    "channel",
    "spend",
    "conversions",
    "revenue",
    "clicks",
    "impressions",
    "Shift",
    "JIS",
    "EUC",
    "Latin",
    "Windows",
    "OrderedMap",
    "Set",
    "binary",
    "USD",
    "IDR",
    "CNY",
    "true",
    "false",
    "null",
}
# Cases that write tens of megabytes to be refused by size, which smaller generated cases check as well.
HEAVY = {"history_64mb_nul", "history_one_huge_line"}
# Arguments that carry another program's words (a parser's complaint, a system error): never the user's data.
FOREIGN = {"reason", "message", "detail"}


def build_problems(scenario_path: Path) -> list[Problem]:
    """Return the problems met while a scenario is read, checked and given its curves (before the LP is built)."""
    try:
        scenario = load_scenario(scenario_path)
        build_responses(scenario, load_history(scenario), load_curve_tables(scenario))
    except PlannerError as error:
        return list(error.problems)
    return []


def allowed_words(folder: Path, case: Case) -> set[str]:
    """Return the words a message may echo: what the user wrote in the case's files, keys, names of things."""
    words = set(known_keys()) | TECHNICAL | {case.scenario, case.names}
    for path in [folder / case.scenario, *(folder / name for name in case.files)]:
        if path.is_file() and path.stat().st_size < 1_000_000:
            words.update(re.findall(r"[A-Za-z][A-Za-z_]{2,}", path.read_bytes().decode("utf-8", "replace")))
    return words


def echoed(message: object) -> set[str]:
    """Return the user's own data a message echoes: its plain-string arguments (not a parser's words), nested too."""
    found: set[str] = set()
    if isinstance(message, Text):
        for name, value in message.args.items():
            if isinstance(value, str) and name not in FOREIGN:
                found.add(value)
            found |= echoed(value)
    for item in getattr(message, "items", ()):
        found |= {item} if isinstance(item, str) else echoed(item)
    return found


def untranslated(problem: Problem, allowed: set[str]) -> list[str]:
    """Return the English words left in a problem's Chinese message (codes such as U+202E and 0xBB set aside)."""
    text = render(problem.text, "zh")
    for item in sorted(echoed(problem.text), key=len, reverse=True):
        text = text.replace(item, " ")
    text = re.sub(r"U\+[0-9A-F]{4,6}|0x[0-9A-F]{2}|\\[xu][0-9a-f]{2,4}", " ", text)
    for location in (problem.file, problem.field):
        text = text.replace(location, " ") if location else text
    return english_words(text, allowed)


Maker = Callable[[Path], None] | None


def _corpus() -> Iterator[tuple[Case, Path, Maker]]:
    for case in file_cases():
        yield case, HOSTILE, None
    for case, maker in generated_cases():
        if case.kind not in HEAVY:
            yield case, Path(), maker


CORPUS = list(_corpus())


@pytest.mark.parametrize(("case", "folder", "maker"), CORPUS, ids=[f"{c.target}-{c.kind}" for c, _, _ in CORPUS])
def test_every_problem_of_the_corpus_reads_in_chinese(case: Case, folder: Path, maker: Maker, tmp_path: Path) -> None:
    if maker is not None:
        maker(tmp_path)
        folder = tmp_path
    problems = build_problems(folder / case.scenario)
    if case.accepted:
        assert problems == []
        return
    allowed = allowed_words(folder, case)
    for problem in problems:
        assert isinstance(problem.text, Text), f"a plain string, not a catalogue message: {problem.text!r}"
        assert not untranslated(problem, allowed), (untranslated(problem, allowed), problem.render("zh"))


def test_the_corpus_reaches_the_lower_layers_problems() -> None:
    """The check above sees real problems: most rejected cases fail before the LP, in both languages."""
    rejected = [c for c, _, m in CORPUS if not c.accepted and m is None]
    failing = [c for c in rejected if build_problems(HOSTILE / c.scenario)]
    assert len(failing) >= 150
    problems = build_problems(HOSTILE / "s_budget_text.yaml")
    assert (
        problems[0]
        .render("en")
        .endswith("budget: 'ten thousand' is not an amount; write the budget as a plain number, e.g. 2200000")
    )
    assert problems[0].render("zh").endswith("budget: 'ten thousand' 不是金额；请把预算写成纯数字，例如 2200000")


def _validation_types(path: Path) -> set[str]:
    try:
        document = read_yaml(path)
    except PlannerError:
        return set()
    if not isinstance(document, dict):
        return set()
    try:
        Scenario.model_validate(document)
    except ValidationError as error:
        return {str(entry["type"]) for entry in error.errors()}
    return set()


def test_every_pydantic_error_type_the_corpus_produces_has_its_own_message() -> None:
    """A pydantic type nobody gave words to would show pydantic's English; a new one in the corpus fails here."""
    paths = sorted({HOSTILE / c.scenario for c in file_cases()}) + sorted(DATA.glob("invalid_*.yaml"))
    produced: set[str] = set().union(*(_validation_types(path) for path in paths))
    ours = {t for t in produced if is_ours(t)}
    builtin = produced - ours
    assert builtin <= KNOWN_TYPES, builtin - KNOWN_TYPES
    # What the corpus exercises today; extend the corpus rather than shrink this.
    assert {"missing", "extra_forbidden", "string_type", "too_short", "greater_than_equal", "literal_error"} <= builtin
    assert {"union_tag_invalid", "less_than_equal", "string_pattern_mismatch", "model_type"} <= builtin
    assert {"scenario.budget_not_amount", "scenario.above", "scenario.no_limit"} <= ours


DOCUMENTS = demo_documents()


@settings(max_examples=300, derandomize=True, deadline=None, database=None)
@given(rng=st.randoms(use_true_random=False))
def test_every_validation_error_of_a_mutated_scenario_reads_in_chinese(rng: random.Random) -> None:
    """However a demo scenario is broken, each validation error has its own message and no English in Chinese."""
    _, document = rng.choice(DOCUMENTS)
    try:
        Scenario.model_validate(mutate_document(document, rng))
    except ValidationError as error:
        for entry in error.errors():
            assert entry["type"] in KNOWN_TYPES or is_ours(entry["type"]), entry
            text = text_of_error(entry)
            assert text.key not in ("validation.other", "validation.value_error"), entry
            problem = Problem(text, " -> ".join(map(str, entry["loc"])))
            assert not untranslated(problem, set(known_keys()) | TECHNICAL), (problem.render("zh"), entry)


def test_an_unknown_pydantic_error_type_still_names_what_pydantic_said() -> None:
    entry = {"type": "brand_new_type", "loc": ("budget",), "msg": "Input is odd", "input": 3}
    text = text_of_error(entry)
    assert text.key == "validation.other"
    assert text.render("en") == "Input is odd"
    assert text.render("zh") == "值无效：Input is odd"


@pytest.mark.parametrize("path", sorted(SCENARIOS.glob("*/*.yaml")), ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_the_warnings_and_bound_reasons_of_every_scenario_read_in_chinese(path: Path) -> None:
    scenario = load_scenario(path)
    plan = solve(scenario)
    allowed = author_words(scenario) | set(known_keys())
    messages = [*plan.warnings, *plan.bound_reasons.values()]
    assert plan.bound_reasons, "every demo plan has a channel at a bound"
    for message in messages:
        assert isinstance(message, Text), f"a plain string, not a catalogue message: {message!r}"
        chinese = render(message, "zh")
        assert not english_words(chinese, allowed), chinese
        assert re.search("[\u4e00-\u9fff]", chinese), chinese


def test_a_fallback_warning_reads_in_both_languages(tmp_path: Path) -> None:
    """Four weeks of history are too few to see a curve: the fallback names the weeks, the channel and its CPA."""
    rows = ["date,channel,spend,conversions,revenue"]
    rows += [f"2026-01-{5 + 7 * week:02d},直通车,{1000 + 100 * week},{20 + week},2000" for week in range(4)]
    (tmp_path / "history.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    (tmp_path / "s.yaml").write_text(
        "name: t\nbudget: 10000\nhistory: {path: history.csv}\nchannels:\n  - id: ztc\n    label: 直通车\n",
        encoding="utf-8",
    )
    plan = solve(load_scenario(tmp_path / "s.yaml"))
    # ¥2,500 a week at that CPA buys 46.7 conversions a week, 2.03× the best week 直通车 claimed (23): said too.
    warning, *beyond = plan.warnings
    assert [getattr(w, "key", "") for w in beyond] == [
        "store.plan_above_claims.conversions",
        "store.plan_above_claims.revenue",
    ]
    assert "2.03× the most the channels ever claimed in a week (23, week of 2026-01-26" in render(beyond[0], "en")
    # ¥4,600 spent for 86 conversions: ¥53.49 per conversion.
    assert render(warning, "en") == (
        "直通车: the history has only 4 weeks, and a shape needs at least 8, "
        "so a constant cost per conversion is used (¥53.49 per conversion, from history)"
    )
    assert render(warning, "zh") == (
        "直通车：历史数据只有 4 周，至少需要 8 周才能看出曲线形状，因此使用固定的单次转化成本"
        "（按历史数据，每次转化 ¥53.49）"
    )


def test_bound_kinds_decide_where_a_channel_sits_and_reasons_read_in_both_languages(tmp_path: Path) -> None:
    (tmp_path / "s.yaml").write_text(
        "name: t\nbudget: 10000\nchannels:\n"
        "  - {id: a, cost_per_conversion: 10, min_spend: 2500, max_spend: 2500, locked: true}\n"
        "  - {id: b, cost_per_conversion: 5, excluded: true}\n"
        "  - {id: c, cost_per_conversion: 20, max_spend: 1234.6}\n"
        "  - {id: d, cost_per_conversion: 40}\n",
        encoding="utf-8",
    )
    plan = solve(load_scenario(tmp_path / "s.yaml"))
    table = plan.allocation.set_index("channel")
    assert table.loc[["a", "b", "c", "d"], "at_bound"].tolist() == ["locked", "excluded", "cap", ""]
    assert table.loc["a", "bound_reason"] == "locked at ¥2,500"  # the library column stays English
    assert table.loc["c", "bound_reason"] == "max_spend ¥1,235"  # whole units from 1,000 up
    reasons = plan.bound_reasons
    assert render(reasons["a"], "zh") == "锁定在 ¥2,500"
    assert render(reasons["b"], "zh") == "已排除"
    assert render(reasons["c"], "zh") == "max_spend 设定的 ¥1,235"


def test_a_parser_error_on_upload_is_told_in_words_in_both_languages() -> None:
    data = b"date,channel,spend,conversions,revenue\n2026-01-05,A,1,2,3\n2026-01-12,A,1,2,3,4,5\n"
    with pytest.raises(PlannerError) as raised:
        read_history_upload(data, "upload.csv")
    (problem,) = raised.value.problems
    assert problem.line == 3
    assert problem.render("en").startswith("upload.csv:3: line 3 has 7 fields, the header has 5;")
    assert problem.render("zh") == (
        "upload.csv:3: 第 3 行有 7 个字段，表头有 5 个；请给含逗号的值加上引号，或删除多余的逗号"
    )
    assert "Error tokenizing" not in problem.render("en")


def test_problems_found_while_solving_read_in_chinese() -> None:
    infeasible = sorted(DATA.glob("infeasible_*.yaml"))
    assert infeasible
    for path in infeasible:
        with pytest.raises(PlannerError) as raised:
            solve(load_scenario(path))
        allowed = author_words(load_scenario(path)) | set(known_keys())
        for problem in raised.value.problems:
            assert isinstance(problem.text, Text), (path.name, problem.text)
            assert not untranslated(problem, allowed), (path.name, problem.render("zh"))
