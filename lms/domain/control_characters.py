"""Control characters in an imported text file: refused with the line and the character, never stored.

A NUL or other C0 control (tab, line feeds and carriage returns apart) means a damaged file, or a
binary one saved under a text name; stored, it would break exports, PostgreSQL (which refuses NUL)
and every page that shows the text.
"""

import re

from lms.domain import N_, Problem

CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
CODE = "control_character"


def problem(text: str) -> Problem | None:
    """The first control character of ``text`` as a problem on its line, or None when there is none."""
    found = CONTROL.search(text)
    if found is None:
        return None
    line = len(re.split(r"\r\n|\r|\n", text[: found.start()]))
    return Problem(
        line,
        N_(
            "含有控制字符 %(character)s：文件可能已损坏，或不是文本文件。请删去这个字符（或重新另存为 UTF-8 文本）后再导入。"
        ),
        {"character": f"U+{ord(found.group()):04X}"},
        CODE,
    )
