"""Read a question bank file (question_banks/<bank>.yaml), reporting every problem on its line."""

import hashlib
import json
from dataclasses import dataclass

from lms.domain import N_, InputError, Problem, question_rules, yaml_lines


@dataclass(frozen=True)
class Bank:
    """A bank that passed every check; questions are plain dicts in the FORMAT.md shape."""

    slug: str
    title: str
    questions: tuple[dict, ...]


def digest(question: dict) -> str:
    """A fingerprint of a question's content: a new one means a new version."""
    return hashlib.sha256(json.dumps(question, ensure_ascii=False, sort_keys=True).encode("utf-8")).hexdigest()


def parse(text: str, stem: str) -> Bank:
    """Check and read the bank file named ``stem``.yaml, or raise InputError."""
    try:
        data = yaml_lines.load(text)
    except yaml_lines.YamlProblem as error:
        raise InputError([error.problem]) from error
    if not isinstance(data, dict):
        raise InputError([Problem(1, N_("题库文件应包含 bank、title 和 questions。"))])
    found = []
    if data.get("bank") != stem:
        found.append(Problem(yaml_lines.line_of(data, "bank"), N_("bank 应与文件名一致：%(stem)s。"), {"stem": stem}))
    if not isinstance(data.get("title"), str) or not data["title"].strip():
        found.append(Problem(yaml_lines.line_of(data, "title"), N_("title 不能为空。")))
    questions = data.get("questions")
    if not isinstance(questions, list) or not questions:
        found.append(Problem(yaml_lines.line_of(data, "questions"), N_("questions 应列出至少一道题。")))
        raise InputError(found)
    found += check_questions(questions)
    if found:
        raise InputError(sorted(found, key=lambda p: p.line))
    return Bank(stem, data["title"].strip(), tuple(yaml_lines.strip(q) for q in questions))


def check_questions(questions: list) -> list[Problem]:
    """Problems of a list of question mappings (each carrying its lines), ids unique."""
    found: list[Problem] = []
    first_line: dict[str, int] = {}
    for question in questions:
        if not isinstance(question, dict):
            found.append(Problem(1, N_("每道题应是“键: 值”的映射。")))
            continue
        for key, message, params in question_rules.problems(question):
            found.append(Problem(yaml_lines.line_of(question, key), message, params))
        qid = question.get("id")
        if isinstance(qid, str) and qid in first_line:
            found.append(
                Problem(
                    yaml_lines.line_of(question, "id"),
                    N_("题目 id “%(value)s”与第 %(other)s 行重复。"),
                    {"value": qid, "other": first_line[qid]},
                )
            )
        elif isinstance(qid, str):
            first_line[qid] = yaml_lines.line_of(question, "id")
    return found
