"""Read a user list exported by an HR system as CSV.

Columns: 工号, 姓名, 入职日期, 团队, 角色, and optionally 邮箱 (where reminders are e-mailed). Chinese Excel writes GBK, other tools UTF-8 with or
without a BOM, so all three are read. The whole file is checked before anything is imported:
the caller gets either every row or every problem, each with its line number.
"""

import csv
import io
import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from lms.domain import N_, Problem, control_characters

COLUMNS = ("工号", "姓名", "入职日期", "团队", "角色")
#: A column a file may have; without it, the addresses already stored stay as they are.
EMAIL_COLUMN = "邮箱"

#: The role names the 角色 column accepts, each with its code: the Chinese name or the code itself, nothing else
#: (a name such as 组长 is refused by line rather than guessed; the README lists these).
ROLE_NAMES = {
    "新员工": "new_hire",
    "客服": "agent",
    "主管": "supervisor",
    "人事": "hr",
    "管理员": "admin",
} | {code: code for code in ("new_hire", "agent", "supervisor", "hr", "admin")}
#: Roles whose people work in a team, so the team column may not be empty.
TEAM_ROLES = {"new_hire", "agent"}

EMPLOYEE_NO = re.compile(r"^[A-Za-z0-9_-]{1,32}$")
#: An e-mail address, loosely: something@domain.tld without spaces (the mail server has the last word).
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")
MAX_EMAIL = 254
DATE_FORMS = (
    re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"),
    re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})$"),
    re.compile(r"^(\d{4})\.(\d{1,2})\.(\d{1,2})$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
)
MAX_NAME = 64
MAX_TEAM = 64


@dataclass(frozen=True)
class UserRow:
    """One valid row of the file."""

    line: int
    employee_no: str
    name: str
    hire_date: date
    team: str | None
    role: str
    #: None when the file has no 邮箱 column (keep the stored address); "" clears it.
    email: str | None = None


class EncodingProblem(ValueError):
    """The bytes are neither UTF-8 nor GBK."""


def decode(data: bytes) -> str:
    """Decode an uploaded CSV: UTF-8 (with or without BOM) first, then GB18030 (a GBK superset)."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError as exc:
        raise EncodingProblem(str(exc)) from exc


def parse_date(text: str, today: date) -> date | None:
    """Read a hire date in the forms spreadsheets write; None if it is not a real past date."""
    for form in DATE_FORMS:
        match = form.match(text)
        if match:
            try:
                value = date(*(int(part) for part in match.groups()))
            except ValueError:
                return None
            return value if date(1950, 1, 1) <= value <= today else None
    return None


def parse(text: str, today: date) -> tuple[list[UserRow], list[Problem]]:
    """Check every row of ``text``; return the valid rows and every problem found."""
    control = control_characters.problem(text)
    if control:
        return [], [control]
    # newline="": a lone carriage return (old Mac files) ends a line rather than breaking the csv reader
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        return _parse_rows(reader, today)
    except csv.Error:  # e.g. a cell longer than the csv module's limit (128 KB)
        return [], [
            Problem(reader.line_num or 1, N_("这一行无法按 CSV 读取：单元格过长或引号不成对。"), code="unreadable_row")
        ]


def _parse_rows(reader, today: date) -> tuple[list[UserRow], list[Problem]]:
    """Check the header and every row read by ``reader``."""
    header = next(reader, None)
    if header is None:
        return [], [
            Problem(1, N_("文件是空的：第一行应为表头 %(columns)s。"), {"columns": "，".join(COLUMNS)}, "empty_file")
        ]
    header = [_clean(cell) for cell in header]
    missing = [column for column in COLUMNS if column not in header]
    if missing:
        return [], [Problem(1, N_("表头缺少列：%(columns)s。"), {"columns": "，".join(missing)}, "missing_columns")]
    index = {column: header.index(column) for column in COLUMNS + (EMAIL_COLUMN,) if column in header}

    rows: list[UserRow] = []
    errors: list[Problem] = []
    first_line_of: dict[str, int] = {}
    line = reader.line_num
    for record in reader:
        line, start = reader.line_num, line + 1
        if not any(cell.strip() for cell in record):
            continue
        cells = {column: _clean(record[i]) if i < len(record) else "" for column, i in index.items()}
        row_errors = _check(start, cells, today, first_line_of)
        errors.extend(row_errors)
        if not row_errors:
            rows.append(_row(start, cells, today))
    if not rows and not errors:
        errors.append(Problem(2, N_("文件只有表头，没有任何人员。"), code="no_rows"))
    return rows, errors


def _clean(cell: str) -> str:
    """Fold full-width letters and digits to half-width and trim spaces."""
    return unicodedata.normalize("NFKC", cell).strip()


def _check(line: int, cells: dict, today: date, first_line_of: dict) -> list[Problem]:
    """Every problem of one row."""
    errors = []

    def bad(code: str, message: str, **params) -> None:
        errors.append(Problem(line, message, params, code))

    number, name, hired, team = cells["工号"], cells["姓名"], cells["入职日期"], cells["团队"]
    if not number:
        bad("employee_no_missing", N_("工号不能为空。"))
    elif not EMPLOYEE_NO.match(number):
        bad("employee_no_invalid", N_("工号“%(value)s”只能包含字母、数字、下划线和短横线，最长 32 位。"), value=number)
    elif number.upper() in first_line_of:
        bad(
            "employee_no_duplicate",
            N_("工号“%(value)s”与第 %(other)s 行重复。"),
            value=number,
            other=first_line_of[number.upper()],
        )
    else:
        first_line_of[number.upper()] = line
    if not name:
        bad("name_missing", N_("姓名不能为空。"))
    elif len(name) > MAX_NAME:
        bad("name_too_long", N_("姓名超过 %(max)s 个字。"), max=MAX_NAME)
    if not hired:
        bad("hire_date_missing", N_("入职日期不能为空。"))
    elif parse_date(hired, today) is None:
        bad(
            "hire_date_invalid",
            N_("入职日期“%(value)s”无效：请写成 2024-03-01 这样的日期，且不能晚于今天。"),
            value=hired,
        )
    role = ROLE_NAMES.get(cells["角色"].lower())
    if role is None:
        bad(
            "role_unknown",
            N_("角色“%(value)s”无法识别：只接受 %(names)s。"),
            value=cells["角色"],
            names="、".join(ROLE_NAMES),
        )
    elif role in TEAM_ROLES and not team:
        bad("team_missing", N_("新员工和客服必须填写团队。"))
    if len(team) > MAX_TEAM:
        bad("team_too_long", N_("团队名称超过 %(max)s 个字。"), max=MAX_TEAM)
    email = cells.get(EMAIL_COLUMN)
    if email and (len(email) > MAX_EMAIL or not EMAIL.match(email)):
        bad("email_invalid", N_("邮箱“%(value)s”格式不对，应类似 name@example.com。"), value=email)
    return errors


def _row(line: int, cells: dict, today: date) -> UserRow:
    """Build the row of a line that passed every check."""
    hire_date = parse_date(cells["入职日期"], today)
    if hire_date is None:  # _check refuses a row whose date does not parse, so this is a bug
        raise ValueError(f"line {line}: unchecked hire date {cells['入职日期']!r}")
    return UserRow(
        line=line,
        employee_no=cells["工号"].upper(),
        name=cells["姓名"],
        hire_date=hire_date,
        team=cells["团队"] or None,
        role=ROLE_NAMES[cells["角色"].lower()],
        email=cells.get(EMAIL_COLUMN),
    )
