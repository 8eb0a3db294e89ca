"""Whole numbers from the URL: only those every database column can hold (PostgreSQL's 32-bit INTEGER) reach a query."""

from flask import abort, request
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.routing import IntegerConverter

#: The largest id every backend stores: ids are INTEGER columns, 32-bit on PostgreSQL (SQLite's are 64-bit).
#: A larger number would make the driver fail ("integer out of range"), so it names nothing: a 404.
DB_INT_MAX = 2**31 - 1


class DatabaseId(IntegerConverter):
    """``<int:id>``: a non-negative whole number the database can hold; any other path is a 404."""

    def __init__(self, map, fixed_digits=0, min=None, max=DB_INT_MAX, signed=False):  # noqa: A002  (Werkzeug's names)
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


def int_arg(name: str, default: int | None = None, minimum: int = 0, maximum: int = DB_INT_MAX) -> int | None:
    """The query parameter ``name`` as a whole number; ``default`` when absent or empty, 404 when not a number in range.

    A hand-edited ``?page=99999999999999999999`` or ``?team=-x`` names nothing that exists: a 404, as an unknown id.
    """
    raw = request.args.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        abort(404)
    if not minimum <= value <= maximum:
        abort(404)
    return value


def refuse_nul() -> None:
    """Before each request: a NUL character anywhere in the URL or a form names nothing and saves nothing.

    PostgreSQL cannot hold NUL in text, so without this a ``/courses/%00`` would reach the driver and fail (a 500).
    """
    if "\x00" in request.path:
        abort(404)
    try:
        form = request.form
    except RequestEntityTooLarge:  # the view answers (and audits) that itself
        return
    if any("\x00" in value for values in (request.args, form) for value in values.values()):
        abort(400)
