"""The HR CSV reader: encodings, every kind of bad row, and line numbers."""

from datetime import date

import pytest

from lms.domain import user_csv

TODAY = date(2026, 11, 23)
HEADER = "工号,姓名,入职日期,团队,角色\n"


def parse(body: str, header: str = HEADER):
    """Parse ``header + body`` as of TODAY."""
    return user_csv.parse(header + body, TODAY)


def test_good_rows_are_read_in_every_date_form_and_role_name():
    rows, errors = parse(
        "a001,王晓雯,2024-03-01,售后一组,客服\n"
        "A002,李嘉怡,2024/3/5,售后一组,新员工\n"
        "A003,张子喆,2023年12月1日,,主管\n"
        "Ａ００４,刘思琪,20220102,售后二组,agent\n"
        "A005,陈思远,2021.7.9,,人事\n"
    )
    assert errors == []
    assert [(r.line, r.employee_no, r.role, r.team) for r in rows] == [
        (2, "A001", "agent", "售后一组"),
        (3, "A002", "new_hire", "售后一组"),
        (4, "A003", "supervisor", None),
        (5, "A004", "agent", "售后二组"),
        (6, "A005", "hr", None),
    ]
    assert [r.hire_date for r in rows] == [
        date(2024, 3, 1),
        date(2024, 3, 5),
        date(2023, 12, 1),
        date(2022, 1, 2),
        date(2021, 7, 9),
    ]


@pytest.mark.parametrize(
    "row, fragment",
    [
        (",王晓雯,2024-03-01,一组,客服", "工号不能为空"),
        ("A 01,王晓雯,2024-03-01,一组,客服", "只能包含字母"),
        ("A001,,2024-03-01,一组,客服", "姓名不能为空"),
        ("A001," + "王" * 65 + ",2024-03-01,一组,客服", "姓名超过"),
        ("A001,王晓雯,,一组,客服", "入职日期不能为空"),
        ("A001,王晓雯,2024-02-30,一组,客服", "入职日期"),
        ("A001,王晓雯,2026-11-24,一组,客服", "不能晚于今天"),
        ("A001,王晓雯,三月一日,一组,客服", "入职日期"),
        ("A001,王晓雯,1949-12-31,一组,客服", "入职日期"),
        ("A001,王晓雯,2024-03-01,一组,经理", "无法识别"),
        ("A001,王晓雯,2024-03-01,一组,组长", "只接受 新员工、客服、主管、人事、管理员、new_hire"),
        ("A001,王晓雯,2024-03-01,一组,坐席", "无法识别"),
        ("A001,王晓雯,2024-03-01,,客服", "必须填写团队"),
        ("A001,王晓雯,2024-03-01," + "组" * 65 + ",主管", "团队名称超过"),
    ],
)
def test_each_bad_row_is_reported_on_its_line(row, fragment):
    rows, errors = parse("A000,好人,2024-01-01,一组,客服\n" + row + "\n")
    assert len(errors) == 1
    assert errors[0].line == 3
    assert fragment in errors[0].message % errors[0].params
    assert [r.employee_no for r in rows] == ["A000"]


def test_a_row_with_several_problems_reports_each():
    _, errors = parse("A001,,2099-01-01,,老板\n")
    assert [e.line for e in errors] == [2, 2, 2]


def test_duplicate_numbers_name_the_first_line_whatever_the_case():
    _, errors = parse("A001,甲,2024-01-01,一组,客服\nA002,乙,2024-01-01,一组,客服\na001,丙,2024-01-01,一组,客服\n")
    assert [(e.line, e.params.get("other")) for e in errors] == [(4, 2)]


def test_blank_lines_are_skipped_but_line_numbers_stay_true():
    _, errors = parse("\nA001,甲,2024-01-01,一组,客服\n,,,,\nA002,,2024-01-01,一组,客服\n")
    assert [e.line for e in errors] == [5]


def test_quoted_field_across_lines_keeps_the_following_line_numbers():
    rows, errors = parse('A001,"甲\n乙",2024-01-01,一组,客服\nA002,,2024-01-01,一组,客服\n')
    assert rows[0].name == "甲\n乙"
    assert [e.line for e in errors] == [4]


def test_columns_may_come_in_any_order_with_extra_columns():
    rows, errors = parse("一组,客服,A001,备注,甲,2024-01-01\n", header="团队,角色,工号,备注,姓名,入职日期\n")
    assert errors == [] and rows[0].employee_no == "A001" and rows[0].team == "一组"


@pytest.mark.parametrize(
    "text, fragment",
    [
        ("", "文件是空的"),
        ("工号,姓名,角色\nA1,甲,客服\n", "表头缺少列"),
        (HEADER, "没有任何人员"),
        (HEADER + "\n\n", "没有任何人员"),
    ],
)
def test_files_without_people_are_refused(text, fragment):
    rows, errors = user_csv.parse(text, TODAY)
    assert rows == [] and len(errors) == 1 and fragment in errors[0].message


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk"])
def test_utf8_with_or_without_bom_and_gbk_decode_to_the_same_text(encoding):
    text = HEADER + "A001,张子喆,2024-01-01,售后一组,客服\n"
    assert user_csv.decode(text.encode(encoding)) == text


def test_bytes_in_no_known_encoding_are_refused():
    with pytest.raises(user_csv.EncodingProblem):
        user_csv.decode(b"\xff\xfe\x00\x81\x30")


@pytest.mark.parametrize(
    ("name", "code"),
    [("新员工", "new_hire"), ("客服", "agent"), ("主管", "supervisor"), ("人事", "hr"), ("管理员", "admin")]
    + [(code, code) for code in ("new_hire", "agent", "supervisor", "hr", "admin")]
    + [("Agent", "agent"), ("HR", "hr")],
)
def test_every_documented_role_name_is_accepted(name, code):
    rows, errors = parse(f"A001,王晓雯,2024-03-01,一组,{name}\n")
    assert errors == [] and rows[0].role == code


def test_the_optional_email_column_is_read_checked_and_may_be_empty():
    rows, errors = parse(
        "A001,王晓雯,2024-03-01,售后一组,客服, wang@example.com \nA002,李嘉怡,2024-03-01,售后一组,客服,\n",
        header="工号,姓名,入职日期,团队,角色,邮箱\n",
    )
    assert errors == [] and [r.email for r in rows] == ["wang@example.com", ""]
    rows, errors = parse("A001,王晓雯,2024-03-01,售后一组,客服\n")
    assert rows[0].email is None  # no column: the stored address stays
    _rows, errors = parse("A001,王晓雯,2024-03-01,售后一组,客服,wang@\n", header="工号,姓名,入职日期,团队,角色,邮箱\n")
    assert [(e.line, e.message % e.params) for e in errors] == [(2, "邮箱“wang@”格式不对，应类似 name@example.com。")]


def test_a_lone_carriage_return_ends_a_line():
    rows, errors = user_csv.parse(
        HEADER.replace("\n", "\r") + "A001,王晓雯,2024-03-01,售后一组,客服\rA002,李嘉怡,2024-03-01,,主管\r", TODAY
    )
    assert errors == [] and [(r.line, r.employee_no) for r in rows] == [(2, "A001"), (3, "A002")]


def test_a_cell_too_long_for_the_csv_reader_is_a_problem_on_its_line():
    rows, errors = parse('A001,王晓雯,2024-03-01,售后一组,客服\nA002,"' + "长" * 200_000 + '",2024-03-01,,客服\n')
    assert rows == [] and [(e.line, e.code) for e in errors] == [(3, "unreadable_row")]
