"""Checks across course files: ids unique, series consistent, the onboarding path pointing at real modules."""

from lms.domain import N_, InputError, Problem, yaml_lines
from lms.domain.course_file import CourseFile


def check(files: list[tuple[str, CourseFile]]) -> list[tuple[str, Problem]]:
    """Problems between files, each as (path, problem); ``files`` are (path, parsed file) pairs."""
    problems = []
    first_path: dict[str, str] = {}
    series_title: dict[str, tuple[str | None, str]] = {}
    series_order: dict[tuple[str, int], str] = {}
    for path, course in files:
        if course.slug in first_path:
            problems.append(
                (
                    path,
                    Problem(
                        2,
                        N_("id “%(value)s”已在 %(other)s 中使用。"),
                        {"value": course.slug, "other": first_path[course.slug]},
                    ),
                )
            )
            continue
        first_path[course.slug] = path
        if course.series is None:
            continue
        title, where = series_title.setdefault(course.series, (course.series_title, path))
        if title != course.series_title:
            problems.append(
                (
                    path,
                    Problem(
                        2,
                        N_("系列 %(value)s 的 series_title 与 %(other)s 中的“%(title)s”不一致。"),
                        {"value": course.series, "other": where, "title": title},
                    ),
                )
            )
        key = (course.series, course.order)
        if key in series_order:
            problems.append(
                (
                    path,
                    Problem(
                        2,
                        N_("系列 %(value)s 中的 order %(order)s 已被 %(other)s 使用。"),
                        {"value": course.series, "order": course.order, "other": series_order[key]},
                    ),
                )
            )
        series_order.setdefault(key, path)
    return problems


def parse_onboarding(text: str, known: set[str]) -> list[str]:
    """The module ids of the onboarding path file, in order; raise InputError on any problem."""
    try:
        data = yaml_lines.strip(yaml_lines.load(text))
    except yaml_lines.YamlProblem as error:
        raise InputError([error.problem]) from error
    modules = data.get("modules") if isinstance(data, dict) else None
    if not isinstance(modules, list) or not modules or not all(isinstance(m, str) for m in modules):
        raise InputError([Problem(1, N_("应有 modules: 列表，列出新员工必修课程的 id。"))])
    lines = text.splitlines()
    problems = []
    for slug in modules:
        line = next((i + 1 for i, text_line in enumerate(lines) if text_line.strip().lstrip("- ").strip() == slug), 1)
        if slug not in known:
            problems.append(Problem(line, N_("没有 id 为“%(value)s”的课程。"), {"value": slug}))
        elif modules.count(slug) > 1:
            problems.append(Problem(line, N_("课程“%(value)s”重复出现。"), {"value": slug}))
    if problems:
        raise InputError(problems)
    return modules
