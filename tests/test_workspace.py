"""The shared folder: locked check-and-replace between processes, safe names, leftovers cleaned, confinement."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from planner.data.io import load_scenario
from planner.editing.documents import safe_scenario_path, save_scenario
from planner.editing.workspace import (
    FileChanged,
    copy_if_unchanged,
    create_file,
    fingerprint,
    folder_lock,
    read_raw_text,
    rename_if_unchanged,
    scenario_catalogue,
    store_folder_name,
    write_if_unchanged,
)
from planner.model.errors import ScenarioError
from tests.concurrent_saves import run_trials
from tests.conftest import SCENARIOS


def test_two_processes_saving_one_opened_copy_never_both_win(tmp_path: Path) -> None:
    outcome = run_trials(tmp_path / "store", trials=100)
    assert outcome.one_winner == outcome.trials, outcome
    assert outcome.lost_edits == 0, outcome


@pytest.fixture
def store(tmp_path: Path) -> Path:
    target = tmp_path / "scenarios" / "tmall"
    shutil.copytree(SCENARIOS / "tmall_flagship", target)
    return target


def test_rename_and_copy_refuse_when_the_file_changed(store: Path) -> None:
    path = store / "baseline.yaml"
    opened = read_raw_text(path)
    path.write_text(opened.replace("name: ", "name: Edited ", 1), encoding="utf-8")
    with pytest.raises(FileChanged, match="changed on disk"):
        rename_if_unchanged(path, opened, store / "renamed.yaml")
    with pytest.raises(FileChanged, match="nothing was copied"):
        copy_if_unchanged(path, opened, store / "copy.yaml", opened)
    assert not (store / "renamed.yaml").exists()
    assert not (store / "copy.yaml").exists()
    assert "Edited" in path.read_text(encoding="utf-8")


def test_save_refuses_over_a_deleted_file(store: Path) -> None:
    path = store / "baseline.yaml"
    opened = read_raw_text(path)
    scenario = load_scenario(path)
    path.unlink()
    with pytest.raises(FileChanged, match="deleted or renamed"):
        save_scenario(path, scenario.with_budget(1.0), opened)
    assert not path.exists()


def test_a_whole_file_is_replaced_only_if_it_is_as_it_was_seen(store: Path) -> None:
    path = store / "history.csv"
    seen = fingerprint(path)
    path.write_text("date,channel,spend,conversions,revenue\n", encoding="utf-8")  # a colleague, meanwhile
    with pytest.raises(FileChanged, match="changed on disk"):
        write_if_unchanged(path, seen, "new\n")
    assert path.read_text(encoding="utf-8") == "date,channel,spend,conversions,revenue\n"
    write_if_unchanged(path, fingerprint(path), "new\n")  # seen as it is now: replaced
    assert path.read_text(encoding="utf-8") == "new\n"
    new = store / "imported.csv"
    write_if_unchanged(new, "", "a\n")  # '' = it must not exist yet
    with pytest.raises(FileChanged):
        write_if_unchanged(new, "", "b\n")  # someone created it first
    assert new.read_text(encoding="utf-8") == "a\n"
    assert list(store.glob(".*.tmp")) == []


def test_create_and_rename_never_overwrite(store: Path) -> None:
    path = store / "baseline.yaml"
    with pytest.raises(ScenarioError, match="already exists"):
        create_file(store / "event_push.yaml", "name: x\n")
    with pytest.raises(ScenarioError, match="already exists"):
        rename_if_unchanged(path, read_raw_text(path), store / "event_push.yaml")
    assert path.exists()


def test_a_crash_leftover_is_removed_by_the_next_write(store: Path) -> None:
    leftover = store / ".baseline.yaml.abc123.tmp"
    leftover.write_text("half a file", encoding="utf-8")
    old = time.time() - 3600
    os.utime(leftover, (old, old))
    fresh = store / ".event_push.yaml.def456.tmp"  # a write under way elsewhere right now is left alone
    fresh.write_text("", encoding="utf-8")
    path = store / "baseline.yaml"
    opened = read_raw_text(path)
    save_scenario(path, load_scenario(path).with_budget(2_000_000), opened)
    assert not leftover.exists()
    assert {p.name for p in store.glob(".*.tmp")} == {fresh.name}


def test_the_lock_is_not_reentrant_across_processes_but_times_out_clearly(store: Path) -> None:
    import multiprocessing

    context = multiprocessing.get_context("spawn")
    held, release = context.Event(), context.Event()
    holder = context.Process(target=_hold_lock, args=(str(store), held, release))
    holder.start()
    try:
        assert held.wait(60)
        with pytest.raises(ScenarioError, match="try again in a moment") as raised, folder_lock(store, timeout=0.2):
            pass
        assert raised.value.render("zh") == f"{store}: 另一个保存操作已占用文件夹 {store} 0.2 秒；请稍后再试"
    finally:
        release.set()
        holder.join(30)


def _hold_lock(folder: str, held: object, release: object) -> None:
    with folder_lock(Path(folder)):
        held.set()  # type: ignore[attr-defined]
        release.wait(60)  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("双" * 61, "bytes as a file name"),  # 183 bytes in UTF-8, though only 61 characters
        ("con", "reserved device name"),
        ("COM1", "reserved device name"),
        ("com¹", "reserved device name"),
        ("lpt²", "reserved device name"),
        ("nul.yaml", "reserved device name"),
        ("a\x1b[31mred", "control characters"),
        (".hidden", "start with '.'"),
        ("a:b", "only letters"),
    ],
)
def test_unsafe_names_are_refused_before_anything_is_written(tmp_path: Path, name: str, message: str) -> None:
    with pytest.raises(ScenarioError, match=message):
        safe_scenario_path(tmp_path, name)
    assert list(tmp_path.iterdir()) == []


def test_long_cjk_names_are_checked_by_their_encoded_length(tmp_path: Path) -> None:
    name = "双十一大促" * 11 + "双"  # 56 characters, 168 bytes, 173 with .yaml: fits
    path = safe_scenario_path(tmp_path, name)
    create_file(path, "name: x\n")  # the file system accepts it, temporary file and all
    assert path.exists()
    with pytest.raises(ScenarioError, match="use at most 180 bytes"):
        safe_scenario_path(tmp_path, "双十一大促" * 16)  # 80 characters: used to pass, then OSError


def test_a_trailing_dot_does_not_make_a_double_dot(tmp_path: Path) -> None:
    assert safe_scenario_path(tmp_path, "name.").name == "name.yaml"
    assert safe_scenario_path(tmp_path, "plan . ").name == "plan.yaml"


@pytest.mark.parametrize(("store", "folder"), [("con", "con_store"), ("com¹", "com¹_store"), ("Aux", "Aux_store")])
def test_store_folders_are_never_reserved_names(store: str, folder: str) -> None:
    assert store_folder_name(store) == folder


def test_store_folder_names_fit_the_file_system() -> None:
    assert len(store_folder_name("天猫" * 200).encode("utf-8")) <= 180


def test_the_catalogue_refuses_scenarios_that_read_outside_the_folder(tmp_path: Path) -> None:
    root = tmp_path / "scenarios"
    shutil.copytree(SCENARIOS, root)
    outside = tmp_path / "secret.csv"
    shutil.copy(root / "tmall_flagship" / "history.csv", outside)
    path = root / "tmall_flagship" / "baseline.yaml"
    for reference in ("../../secret.csv", str(outside)):
        path.write_text(
            path.read_text(encoding="utf-8").replace("path: history.csv", f"path: {reference}"), encoding="utf-8"
        )
        entry = next(e for e in scenario_catalogue(root) if e.path == path)
        assert entry.scenario is None
        problem = entry.problems[0]
        assert "outside the scenarios folder" in problem.message
        assert problem.field == "history -> path"
        assert problem.line is not None
        path.write_text(
            path.read_text(encoding="utf-8").replace(f"path: {reference}", "path: history.csv"), encoding="utf-8"
        )
    link = root / "tmall_flagship" / "linked.csv"
    link.symlink_to(outside)
    path.write_text(path.read_text(encoding="utf-8").replace("path: history.csv", "path: linked.csv"), encoding="utf-8")
    entry = next(e for e in scenario_catalogue(root) if e.path == path)
    assert entry.scenario is None
    assert "outside the scenarios folder" in entry.problems[0].message
    assert load_scenario(path).history is not None  # the command line and the library still read it
    assert next(e for e in scenario_catalogue(root, confine=False) if e.path == path).scenario is not None


def test_a_linked_scenario_file_from_outside_is_not_opened(tmp_path: Path) -> None:
    root = tmp_path / "scenarios"
    shutil.copytree(SCENARIOS, root)
    shutil.copytree(SCENARIOS / "us_outdoor", tmp_path / "elsewhere")
    (root / "us_outdoor" / "linked.yaml").symlink_to(tmp_path / "elsewhere" / "baseline.yaml")
    entry = next(e for e in scenario_catalogue(root) if e.path.name == "linked.yaml")
    assert entry.scenario is None
    assert "outside the scenarios folder" in entry.problems[0].message


def test_folder_problems_read_in_chinese(store: Path) -> None:
    """Names, save conflicts and confinement tell a Chinese reader what to do, with the names left as written."""
    with pytest.raises(ScenarioError) as raised:
        safe_scenario_path(store, "a:b")
    assert raised.value.render("zh") == "名称只能使用字母、数字、空格、_、- 和 ."
    with pytest.raises(ScenarioError) as raised:
        safe_scenario_path(store, "COM1")
    assert raised.value.render("zh") == "「COM1」是 Windows 的保留设备名；请换一个名称"
    with pytest.raises(ScenarioError) as raised:
        create_file(store / "event_push.yaml", "name: x\n")
    assert raised.value.render("zh") == f"{store / 'event_push.yaml'}: event_push.yaml 已存在；请换一个名称"
    path = store / "baseline.yaml"
    opened = read_raw_text(path)
    path.write_text(opened + "# edited elsewhere\n", encoding="utf-8")
    with pytest.raises(FileChanged) as changed:
        save_scenario(path, load_scenario(path).with_budget(1.0), opened)
    assert changed.value.render("zh") == f"{path}: 文件在打开后已被修改，没有写入任何内容。请重新加载，再重做你的修改"
    path.write_text(opened.replace("path: history.csv", "path: ../../elsewhere.csv"), encoding="utf-8")
    (entry,) = [e for e in scenario_catalogue(store.parent) if e.path == path]
    outside = (store / "../../elsewhere.csv").resolve()
    assert (
        entry.problems[0]
        .render("zh")
        .endswith(
            f"history -> path: {outside} 不在场景文件夹 {store.parent} 之内；共享的应用只读取该文件夹内的文件。"
            "请把文件复制到店铺文件夹中，并用相对于场景文件的路径指定它"
        )
    )
