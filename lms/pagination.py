"""Paging and filtering arguments shared by every list page."""

import sqlalchemy as sa
from flask import current_app, request

from lms.extensions import db


def list_args() -> dict:
    """The search, filter and page arguments of the current request, cleaned."""
    return {
        "q": request.args.get("q", "").strip()[:64],
        "team": request.args.get("team", type=int),
        "role": request.args.get("role", ""),
        "status": request.args.get("status", "active"),
    }


def paginate(query: sa.Select):
    """One page of ``query`` (``?page=N``); a page past the end gives the last page's 404."""
    return db.paginate(query, per_page=current_app.config["PAGE_SIZE"], max_per_page=100)
