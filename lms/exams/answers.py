"""Reading one question's answer from submitted form fields, the same way for autosave and hand-in.

Fields are named ``q<position>`` (``q3_0``, ``q3_1``… per slot for ordering and matching), and
option values are the question's own indices, so the stored answer does not depend on the order
the learner saw. Each question also sends ``q<position>__shown``: without it the question was not
part of the submission, which matters for checkboxes, where "nothing sent" also means "all unticked".
"""

from werkzeug.datastructures import MultiDict

MAX_TEXT = 2000


def _index(value, limit: int) -> int | None:
    """A valid part index from a field value, else None."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if 0 <= number < limit else None


def from_form(question: dict, position: int, form: MultiDict):
    """The answer to ``question`` in ``form`` (None when nothing was given)."""
    name, kind = f"q{position}", question["type"]
    if f"{name}__shown" not in form:
        return None
    if kind == "single":
        return _index(form.get(name), len(question["options"]))
    if kind == "multiple":
        chosen = {_index(v, len(question["options"])) for v in form.getlist(name)}
        return sorted(c for c in chosen if c is not None)
    if kind == "truefalse":
        return {"true": True, "false": False}.get(form.get(name, ""))
    if kind in ("fill", "numerical", "scenario"):
        text = form.get(name)
        return None if text is None or not text.strip() else text[:MAX_TEXT]
    if kind == "ordering":
        slots = [_index(form.get(f"{name}_{slot}"), len(question["items"])) for slot in range(len(question["items"]))]
        return None if all(s is None for s in slots) else slots
    if kind == "matching":
        rights = len(question["pairs"]) + len(question.get("distractors", []))
        chosen = [_index(form.get(f"{name}_{left}"), rights) for left in range(len(question["pairs"]))]
        return None if all(c is None for c in chosen) else chosen
    return None
