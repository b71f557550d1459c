"""Labels shown to people, in English and Simplified Chinese."""

from __future__ import annotations

LANGUAGES = {"en": "English", "zh": "简体中文"}

LABELS: dict[str, dict[str, str]] = {
    "title": {"en": "Promo Planner", "zh": "推广预算规划"},
    "scenario": {"en": "Scenario", "zh": "方案"},
    "store": {"en": "Store", "zh": "店铺"},
    "language": {"en": "Language", "zh": "语言"},
    "reload": {"en": "Reload scenarios", "zh": "重新加载"},
    "plan": {"en": "Plan", "zh": "规划"},
    "edit": {"en": "Edit", "zh": "编辑"},
    "compare": {"en": "Compare", "zh": "对比"},
    "files": {"en": "Files", "zh": "文件"},
    "name": {"en": "Name", "zh": "名称"},
    "description": {"en": "Description", "zh": "说明"},
    "currency": {"en": "Currency", "zh": "币种"},
    "objective": {"en": "Objective", "zh": "目标"},
    "budget": {"en": "Budget", "zh": "预算"},
    "budget_exactly": {"en": "Spend exactly this budget", "zh": "必须花完预算"},
    "channels": {"en": "Channels", "zh": "渠道"},
    "rules": {"en": "Rules", "zh": "规则"},
    "apply": {"en": "Apply", "zh": "应用"},
    "spend": {"en": "Spend", "zh": "花费"},
    "conversions": {"en": "Conversions", "zh": "转化"},
    "revenue": {"en": "Revenue", "zh": "销售额"},
    "cpa_roas": {"en": "CPA / ROAS", "zh": "单次转化成本 / ROAS"},
    "vs_history": {"en": "vs history", "zh": "较历史"},
    "allocation": {"en": "Allocation", "zh": "分配"},
    "why": {"en": "Why this plan", "zh": "为什么是这个方案"},
    "curves": {"en": "Response curves", "zh": "响应曲线"},
    "frontier": {"en": "Budget frontier", "zh": "预算前沿"},
    "no_plan": {"en": "No plan satisfies these rules.", "zh": "没有满足这些规则的方案。"},
    "fix": {"en": "Apply this fix", "zh": "采用此修改"},
    "invalid_edit": {"en": "This edit is not applied:", "zh": "此修改未应用："},
    "save": {"en": "Save", "zh": "保存"},
    "save_as": {"en": "Save as", "zh": "另存为"},
    "new_name": {"en": "New file name", "zh": "新文件名"},
    "preview": {"en": "Changes to be saved", "zh": "将保存的修改"},
    "no_changes": {"en": "No unsaved changes.", "zh": "没有未保存的修改。"},
    "saved": {"en": "Saved", "zh": "已保存"},
    "duplicate": {"en": "Duplicate", "zh": "复制"},
    "rename": {"en": "Rename", "zh": "重命名"},
    "new_scenario": {"en": "New scenario from a template", "zh": "从模板新建方案"},
    "upload": {"en": "Start a store from a history CSV", "zh": "上传历史数据 CSV 新建店铺"},
    "download_csv": {"en": "Plan as CSV", "zh": "下载方案 CSV"},
    "download_excel": {"en": "Plan as Excel", "zh": "下载方案 Excel"},
    "download_yaml": {"en": "Scenario as YAML", "zh": "下载方案 YAML"},
    "pick_compare": {"en": "Scenarios to compare", "zh": "选择要对比的方案"},
    "differences": {"en": "Inputs that differ", "zh": "不同的输入"},
    "discard": {"en": "Discard edits", "zh": "放弃修改"},
    "save_first": {"en": "Save or discard your edits before renaming.", "zh": "请先保存或放弃修改，再重命名。"},
    "no_scenarios": {"en": "No scenario files (*.yaml) in {folder}.", "zh": "{folder} 中没有方案文件（*.yaml）。"},
    "unsaved_edits": {"en": "unsaved edits in", "zh": "有未保存修改的方案"},
    "file_gone": {
        "en": "{name} is no longer in the folder (renamed or deleted elsewhere); opened the first scenario instead.",
        "zh": "{name} 已不在文件夹中（已在别处重命名或删除），已改为打开第一个方案。",
    },
    "reloaded": {
        "en": "{name} changed on disk and was reloaded (you had no unsaved edits).",
        "zh": "{name} 已在磁盘上被修改，已重新加载（你没有未保存的修改）。",
    },
    "changed_on_disk": {
        "en": "the file changed on disk since you opened it (someone saved it, or a git pull). "
        "Your edits are kept but not saved: apply them to the new version, or reload and drop them.",
        "zh": "文件在你打开后已在磁盘上被修改（他人保存或 git pull）。你的修改仍保留但未保存："
        "可将其应用到新版本，或重新加载并放弃修改。",
    },
    "keep_mine": {"en": "Apply my edits to the new version", "zh": "把我的修改应用到新版本"},
    "reload_from_disk": {"en": "Reload from disk (drop my edits)", "zh": "从磁盘重新加载（放弃我的修改）"},
    "unsaved_drafts": {
        "en": "Some edits are not valid yet and are not saved: fix them on the Edit tab, or discard them.",
        "zh": "部分修改尚无效，未被保存：请在“编辑”页修正，或放弃修改。",
    },
    "upload_first": {"en": "Choose a history CSV to upload first.", "zh": "请先选择要上传的历史数据 CSV。"},
    "col_channel": {"en": "Channel", "zh": "渠道"},
    "col_spend": {"en": "Spend", "zh": "花费"},
    "col_share": {"en": "Share", "zh": "占比"},
    "col_conversions": {"en": "Conversions", "zh": "转化"},
    "col_revenue": {"en": "Revenue", "zh": "销售额"},
    "col_cpa": {"en": "CPA", "zh": "平均转化成本"},
    "col_marginal_cpa": {"en": "Next conversion costs", "zh": "边际转化成本"},
    "col_roas": {"en": "ROAS", "zh": "ROAS"},
    "col_historical": {"en": "Historical spend", "zh": "历史花费"},
    "col_change": {"en": "Change vs history", "zh": "较历史变化"},
    "col_at_bound": {"en": "At", "zh": "边界"},
    "col_reason": {"en": "Why", "zh": "原因"},
    "series_plan": {"en": "plan", "zh": "方案"},
    "series_history": {"en": "history", "zh": "历史"},
}


def label(key: str, language: str = "en") -> str:
    """Return the label for a key in a language (English when a translation is missing)."""
    entry = LABELS[key]
    return entry.get(language) or entry["en"]
