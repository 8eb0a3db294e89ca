"""Paging and filtering arguments shared by every list page."""

import weakref
from dataclasses import dataclass

import sqlalchemy as sa
from flask import abort, current_app, request
from sqlalchemy.orm import lazyload

from lms.extensions import db
from lms.params import DB_INT_MAX, int_arg

#: The most rows a page may hold (``max_per_page``); a page number beyond what an offset can reach is a 404.
MAX_PER_PAGE = 100


def list_args() -> dict:
    """The search, filter and page arguments of the current request, cleaned."""
    return {
        "q": request.args.get("q", "").strip()[:64],
        "team": int_arg("team"),
        "role": request.args.get("role", ""),
        "status": request.args.get("status", "active"),
    }


def paginate(query: sa.Select, per_page: int | None = None) -> "ListPage":
    """One page of the entities of ``query`` (``?page=N``, ``per_page`` rows or PAGE_SIZE); a page past the end is a
    404. The statements ``db.paginate`` runs, but a statement built once is paged without building anything."""
    size = min(per_page or current_app.config["PAGE_SIZE"], MAX_PER_PAGE)
    page = page_arg()
    limited, counted = _paged(query)
    bounds = {"page_limit": size, "page_offset": (page - 1) * size}
    items = list(db.session.execute(limited, bounds).unique().scalars())
    if not items and page > 1:
        abort(404)
    return ListPage(items, page, size, db.session.execute(counted).scalar_one())


def paginate_rows(query: sa.Select, per_page: int | None = None, params: dict | None = None) -> "ListPage":
    """One page of the rows of ``query`` (the columns a list shows, no ORM entities), as ``paginate`` (two queries);
    ``params`` are the values of its bound parameters."""
    size = min(per_page or current_app.config["PAGE_SIZE"], MAX_PER_PAGE)
    page = page_arg()
    connection = db.session.connection()
    limited, counted = _paged(query)
    rows = list(connection.execute(limited, {**(params or {}), "page_limit": size, "page_offset": (page - 1) * size}))
    if not rows and page > 1:
        abort(404)
    total = connection.execute(counted, params or {}).scalar_one()
    return ListPage(rows, page, size, total)


#: A list's statement -> its page (limit and offset bound) and its count, built once for a statement built once.
_PAGED: "weakref.WeakKeyDictionary[sa.Select, tuple[sa.Select, sa.Select]]" = weakref.WeakKeyDictionary()


def _paged(query: sa.Select) -> tuple[sa.Select, sa.Select]:
    """``query`` limited to a page (``page_limit`` and ``page_offset`` bound), and the count of its rows."""
    found = _PAGED.get(query)
    if found is None:
        limited = query.limit(sa.bindparam("page_limit")).offset(sa.bindparam("page_offset"))
        # no eager loading in the count (as Flask-SQLAlchemy counts); for rows of columns it changes nothing
        counted = query.options(lazyload("*")).order_by(None).subquery()
        found = _PAGED[query] = (limited, sa.select(sa.func.count()).select_from(counted))
    return found


def page_arg() -> int:
    """``?page=N`` (1 when absent); 404 unless a page whose first row's offset the database can hold."""
    return int_arg("page", minimum=1, maximum=DB_INT_MAX // MAX_PER_PAGE) or 1


@dataclass
class ListPage:
    """One page of a list already in memory, shaped like a Flask-SQLAlchemy page for the ``pager`` macro."""

    items: list
    page: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        """How many pages the list fills (at least one)."""
        return max(1, -(-self.total // self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def prev_num(self) -> int:
        return self.page - 1

    @property
    def next_num(self) -> int:
        return self.page + 1


def paginate_list(items: list, per_page: int | None = None) -> ListPage:
    """One page (``?page=N``) of ``items``; a page past the end is a 404, as with ``paginate``."""
    per_page = per_page or current_app.config["PAGE_SIZE"]
    page = page_arg()
    if (page - 1) * per_page >= max(len(items), 1):
        abort(404)
    return ListPage(items[(page - 1) * per_page : page * per_page], page, per_page, len(items))
