"""A small, controlled set of course files for tests."""
from pathlib import Path

TEMPLATE = """---
id: {slug}
title: {title}
series: {series}
series_title: {series_title}
order: {order}
level: junior
version: 1
minutes: [{minutes}]
objectives:
  - 学会一件事
---
{intro}

{sections}
"""


def course_text(slug: str, title: str, sections: list[str], series: str | None = None, order: int = 1,
                intro: str = "课程简介。") -> str:
    """The text of a course file with one 5-minute section per title."""
    body = "\n\n".join(f"## {name}\n{name}的正文，讲一个要点。" for name in sections)
    return TEMPLATE.format(slug=slug, title=title, series=series or "null", series_title="营销系列" if series else "null",
                           order=order, minutes=", ".join("5" for _ in sections), intro=intro, sections=body)


def write_courses(root: Path) -> Path:
    """Three modules (one standalone in the onboarding path, a two-module series) under ``root``."""
    courses = root / "courses"
    (courses / "series").mkdir(parents=True, exist_ok=True)
    (courses / "alpha.md").write_text(course_text("alpha", "接听礼仪", ["问候", "倾听", "道别"]), encoding="utf-8")
    (courses / "series" / "s-1.md").write_text(course_text("s-1", "开场", ["开场白"], "sales", 1), encoding="utf-8")
    (courses / "series" / "s-2.md").write_text(course_text("s-2", "成交", ["信号", "促成"], "sales", 2), encoding="utf-8")
    (courses / "onboarding-path.yaml").write_text("modules:\n  - alpha\n", encoding="utf-8")
    return root
