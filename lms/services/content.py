"""Importing the course files: everything is checked first, then written in one transaction."""

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import sqlalchemy as sa

from lms.domain import N_, InputError, catalogue, course_directives, course_file, course_time, levels
from lms.domain.course_file import CourseFile
from lms.domain.rendering import nest_headings, render_body, render_parts
from lms.extensions import db
from lms.models import Module, ModuleFact, ModuleSection, Series
from lms.services import audit, drill_content, question_content, review_cards
from lms.services.levels import RULES_FILE
from lms.timeutil import utcnow

ONBOARDING_FILE = "onboarding-path.yaml"


@dataclass(frozen=True)
class FileProblem:
    """A problem in one content file, reported as ``path:line: message``."""

    path: str
    line: int
    message: str
    params: dict


@dataclass
class ImportReport:
    """What an import found and (when there were no problems) did."""

    problems: list[FileProblem] = field(default_factory=list)
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    retired: list[str] = field(default_factory=list)
    #: new questions, questions with a new version, exams created or changed
    questions: dict[str, int] = field(default_factory=dict)


def read_courses(
    root: Path, level_codes: tuple[str, ...] | None
) -> tuple[list[tuple[str, CourseFile]], list[str], list[FileProblem]]:
    """Parse every course file and the onboarding path under ``root/courses``; nothing is written."""
    courses_dir = root / "courses"
    files, problems = [], []
    for path in sorted(courses_dir.rglob("*.md")):
        name = str(path.relative_to(root))
        try:
            files.append((name, course_file.parse(path.read_text(encoding="utf-8"), path.stem, level_codes)))
        except InputError as error:
            problems += [FileProblem(name, p.line, p.message, p.params) for p in error.problems]
        except UnicodeDecodeError:
            problems.append(FileProblem(name, 1, N_("文件不是 UTF-8 编码。"), {}))
    problems += [FileProblem(name, p.line, p.message, p.params) for name, p in catalogue.check(files)]
    onboarding: list[str] = []
    path = courses_dir / ONBOARDING_FILE
    if path.exists():
        try:
            onboarding = catalogue.parse_onboarding(path.read_text(encoding="utf-8"), {c.slug for _, c in files})
        except InputError as error:
            problems += [FileProblem(str(path.relative_to(root)), p.line, p.message, p.params) for p in error.problems]
    return files, onboarding, problems


def import_content(root: Path, actor=None) -> ImportReport:
    """Bring the database in line with the course, bank and exam files: all of them, or none if any has a problem."""
    rules, problems = _read_level_rules(root)
    codes = tuple(level.code for level in rules) if rules is not None else None
    files, onboarding, course_problems = read_courses(root, codes)
    problems += course_problems
    module_slugs = {course.slug for _, course in files}
    banks, blueprints, bank_problems = question_content.read(root, module_slugs, codes)
    drills, drill_problems = drill_content.read(root)
    problems += [FileProblem(name, p.line, p.message, p.params) for name, p in bank_problems + drill_problems]
    if rules is not None:
        problems += _check_level_references(rules, files, blueprints)
    directives = _directives(rules, files)
    problems += _check_time(files, directives)
    report = ImportReport(problems=problems)
    if problems:
        return report
    existing = {module.slug: module for module in db.session.scalars(sa.select(Module))}
    series = {s.slug: s for s in db.session.scalars(sa.select(Series))}
    try:
        for source, course in files:
            module = existing.pop(course.slug, None)
            _sync_series(course, series)
            if module is None:
                module = Module(slug=course.slug, version=course.version)
                db.session.add(module)
                report.created.append(course.slug)
            elif module.digest == _digest(course, directives) and module.active:
                report.unchanged.append(course.slug)
                continue
            else:
                if module.digest != _digest(course, directives):
                    module.version = max(course.version, module.version + 1)
                report.updated.append(course.slug)
            _fill(module, course, source, series, directives)
        for module in existing.values():
            if module.active:
                module.active = False
                report.retired.append(module.slug)
        _set_onboarding(onboarding)
        db.session.flush()
        review_cards.facts_of_completed_modules(utcnow())
        report.questions = question_content.write(banks, blueprints)
        report.questions["drills"] = drill_content.write(drills)
        audit.record(
            "content.import",
            actor,
            detail={
                "created": len(report.created),
                "updated": len(report.updated),
                "unchanged": len(report.unchanged),
                "retired": len(report.retired),
                **report.questions,
            },
        )
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return report


def _read_level_rules(root: Path) -> tuple[tuple[levels.Level, ...] | None, list[FileProblem]]:
    """The level rules (the only source of level codes), or None with the file's problems."""
    path = root / RULES_FILE
    if not path.exists():
        return None, [FileProblem(str(RULES_FILE), 1, N_("缺少等级规则文件。"), {})]
    try:
        return levels.parse(path.read_text(encoding="utf-8")), []
    except InputError as error:
        return None, [FileProblem(str(RULES_FILE), p.line, p.message, p.params) for p in error.problems]


def _check_level_references(rules: tuple[levels.Level, ...], files, blueprints) -> list[FileProblem]:
    """The level rules name only modules, series and exams that exist."""
    name = str(RULES_FILE)
    known = {
        "modules": {c.slug for _, c in files},
        "series": {c.series for _, c in files if c.series},
        "exams": {b.slug for _, b in blueprints},
    }
    return [
        FileProblem(name, 1, N_("规则中的 %(value)s 不存在。"), {"value": ref})
        for kind, refs in levels.references(rules).items()
        for ref in sorted(refs - known[kind])
    ]


def _directives(rules: tuple[levels.Level, ...] | None, files: list[tuple[str, CourseFile]]) -> dict[str, str]:
    """What each directive renders, from the data being imported (no level rules: those files fail already)."""
    modules = {course.slug: course.title for _, course in files}
    series = {course.series: course.series_title or course.series for _, course in files if course.series}
    found = course_directives.expansions(rules or (), modules, series)
    if rules is None:
        del found["level-rules"]
    return found


def _check_time(files: list[tuple[str, CourseFile]], directives: dict[str, str]) -> list[FileProblem]:
    """Every course file whose declared minutes are more than 20% off the estimate from its content."""
    problems = []
    for name, course in files:
        if not course.directives <= set(directives):
            continue  # it renders the level rules, which have problems of their own
        declared = sum(s.minutes for s in course.sections)
        estimated = course_time.estimate_minutes(course, directives)
        if not course_time.is_true(declared, estimated):
            problems.append(
                FileProblem(
                    name,
                    course.minutes_line,
                    N_(
                        "minutes 合计%(declared)s分钟，但按内容估算约%(estimated)s分钟（阅读每分钟300字，"
                        "每个小测2分钟，每个角色扮演10分钟），相差超过20%%：请按估算改写 minutes。"
                    ),
                    {"declared": declared, "estimated": round(estimated)},
                )
            )
    return problems


def _digest(course: CourseFile, directives: dict[str, str]) -> str:
    """The module's fingerprint: its file and what its directives render (a change of levels.yaml changes it)."""
    rendered = [f"{name}\n{directives[name]}" for name in sorted(course.directives)]
    return hashlib.sha256("\n".join([course.digest, *rendered]).encode("utf-8")).hexdigest()


def _sync_series(course: CourseFile, series: dict[str, Series]) -> None:
    """Create or retitle the course's series."""
    if course.series is None:
        return
    assert course.series_title is not None, "a course file in a series must name its title"  # the parser checks
    if course.series not in series:
        series[course.series] = Series(slug=course.series, title=course.series_title)
        db.session.add(series[course.series])
    series[course.series].title = course.series_title


def _fill(
    module: Module, course: CourseFile, source: str, series: dict[str, Series], directives: dict[str, str]
) -> None:
    """Copy a parsed file onto ``module``; sections are updated in place by position."""
    module.title, module.level, module.objectives = course.title, course.level, list(course.objectives)
    module.series = series.get(course.series) if course.series else None
    module.series_order = course.order
    module.intro_html = render_parts(course.intro_parts, directives)
    module.total_minutes = sum(s.minutes for s in course.sections)
    jobaid = course.jobaid
    module.job_aid_title = jobaid.title if jobaid else None
    module.job_aid_html = nest_headings(render_body(jobaid.markdown)) if jobaid else ""
    module.digest, module.source, module.active = _digest(course, directives), source, True
    rows = list(module.sections)
    times = course_time.section_times(course, directives)
    for position, section in enumerate(course.sections, start=1):
        if position > len(rows):
            rows.append(ModuleSection(position=position))
            module.sections.append(rows[-1])
        row = rows[position - 1]
        row.title, row.minutes, row.html = section.title, section.minutes, render_parts(section.parts, directives)
        row.reading_seconds = times[position - 1].reading_seconds
    for row in rows[len(course.sections) :]:
        module.sections.remove(row)
    _fill_facts(module, course)


def _fill_facts(module: Module, course: CourseFile) -> None:
    """Copy the file's key facts onto the module, in place by number (agents' cards follow a fact's number);
    facts gone from the file are deleted with their cards."""
    facts = (
        list(
            db.session.scalars(
                sa.select(ModuleFact).where(ModuleFact.module_id == module.id).order_by(ModuleFact.number)
            )
        )
        if module.id is not None
        else []
    )
    sections = {row.title: row for row in module.sections}
    for number, fact in enumerate(course.key_facts, start=1):
        if number > len(facts):
            facts.append(ModuleFact(module=module, number=number))
            db.session.add(facts[-1])
        row = facts[number - 1]
        row.prompt, row.answer, row.section = fact.prompt, fact.answer, sections[fact.section]
    for row in facts[len(course.key_facts) :]:
        db.session.delete(row)


def _set_onboarding(slugs: list[str]) -> None:
    """Mark the onboarding path's modules with their place in it, and clear the rest."""
    db.session.flush()
    db.session.execute(sa.update(Module).values(onboarding_position=None))
    for position, slug in enumerate(slugs, start=1):
        db.session.execute(sa.update(Module).where(Module.slug == slug).values(onboarding_position=position))
