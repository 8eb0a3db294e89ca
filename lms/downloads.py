"""Sending an export from a view: the format checked, the bytes streamed, the file named."""

from flask import Response, abort, request, stream_with_context
from flask_login import current_user

from lms import timeutil
from lms.services import exports


def send(table: exports.Table, fmt: str) -> Response:
    """Stream ``table`` as CSV or XLSX (any other format is a 404), audited as the current user's export."""
    if fmt not in exports.FORMATS:
        abort(404)
    name = f"{table.list_name}-{timeutil.today().isoformat()}.{fmt}"
    chunks = exports.stream(table, fmt, current_user, request.remote_addr)
    return Response(
        stream_with_context(chunks),
        mimetype=exports.MIMETYPES[fmt],
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


def filters(form) -> dict[str, str]:
    """The filters a form applied, as text for the audit entry (empty ones left out)."""
    return {
        field.name: str(field.data) for field in form if field.data not in (None, "") and field.type != "SubmitField"
    }
