"""Access control: every view says who may open it, and a test checks that each one does."""

import re
from collections.abc import Callable
from datetime import timedelta
from functools import wraps
from typing import Any
from urllib.parse import urlsplit

from flask import Response, abort, current_app, flash, g, redirect, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from lms import timeutil
from lms.extensions import login_manager
from lms.models import Role, User
from lms.session_user import SessionUser

#: Pages a user who must change their password may still open.
PASSWORD_CHANGE_EXEMPT = {"auth.change_password", "auth.logout", "main.set_language"}


def roles_required(*roles: Role):
    """Let only signed-in users with one of ``roles`` through: others get 403, anonymous a sign-in."""
    allowed = frozenset(roles)

    def decorate(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                return sign_in_first()
            return refusal(current_user, allowed) or view(*args, **kwargs)

        wrapped.allowed_roles = allowed
        return wrapped

    return decorate


def roles_required_with(load: Callable[..., Any], *roles: Role, first: Callable[..., Any] | None = None):
    """``roles_required`` for a view that reads the signed-in user in the same query as what it works on.

    Flask-Login would load the user first, in a statement of its own; the answer save, sent every few seconds by each
    of an exam room's agents, reads it with its item instead. ``load(session_user, **view_args)`` returns None when
    the session's user no longer signs in (``User.signs_in_with``), else a row with ``role`` and
    ``must_change_password``; the view gets it as its first argument. ``first(session_user, **view_args)``, if given,
    may answer the request before that: only by doing what the view would, in a statement that itself checks the
    user's standing and these roles; None leaves it to ``load`` and the view.
    """
    allowed = frozenset(roles)

    def decorate(view):
        @wraps(view)
        def wrapped(**kwargs):
            claimed = session_user()
            done = first(claimed, **kwargs) if first is not None and claimed is not None else None
            if done is not None:
                return done
            found = load(claimed, **kwargs) if claimed is not None else None
            if found is None:
                return sign_in_first()
            return refusal(found, allowed) or view(found, **kwargs)

        wrapped.allowed_roles = allowed
        return wrapped

    return decorate


def sign_in_first() -> Response:
    """Anonymous: to the sign-in page, and back here afterwards."""
    return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))


def refusal(user, allowed: frozenset[Role]) -> Response | None:
    """What a signed-in ``user`` gets here if not let through (403, or the password change owed first), else None."""
    if user.must_change_password and request.endpoint not in PASSWORD_CHANGE_EXEMPT:
        return redirect(url_for("auth.change_password"))
    if user.role not in allowed:
        abort(403)
    return None


def session_user() -> SessionUser | None:
    """The session's user, unchecked, or None when nobody is signed in or the session fails Flask-Login's protection
    (another address and browser than at sign-in: then it is cleared, as loading the user would)."""
    if login_manager._session_protection_failed():  # the check Flask-Login's own user loading starts with
        return None
    return SessionUser.parse(session.get("_user_id", ""))


def signed_in(view):
    """Any signed-in user, whatever the role."""
    return roles_required(*Role)(view)


def public(view):
    """Open to everyone, signed in or not (sign-in page, language switch, verification)."""
    view.allowed_roles = "public"
    return view


#: C0 controls, DEL and the C1 block: browsers drop tabs and newlines inside a URL, so "/\t/host" means "//host".
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def local_path(target: str | None) -> str:
    """``target`` if it is a path on this site (never another host), else the home page.

    Control characters are dropped first (as a browser would); a backslash anywhere is refused,
    since browsers read "/\\host" as "//host".
    """
    target = CONTROL_CHARACTERS.sub("", target or "")
    if target.startswith("/") and not target.startswith("//") and "\\" not in target and not urlsplit(target).netloc:
        return target
    return url_for("main.home")


def same_site_referrer(fallback: str) -> str:
    """The page the request came from if it is on this site (as a local path), else ``fallback``."""
    referrer = urlsplit(request.referrer or "")
    if referrer.scheme in ("http", "https") and referrer.netloc == request.host:
        path = referrer.path + (f"?{referrer.query}" if referrer.query else "")
        if local_path(path) == path:
            return path
    return fallback


#: Session keys: when the user signed in, and when they last opened a page (seconds since the epoch, UTC).
SIGNED_IN_AT, SEEN_AT = "signed_in_at", "seen_at"


def start_session(user: User, remember: bool) -> None:
    """Sign ``user`` in on a fresh session: a new CSRF token, the clock of both timeouts started.

    "Remember me" keeps the session cookie when the browser closes (a permanent session, whose signed
    timestamp Flask checks against SESSION_HOURS); there is no separate remember-me cookie that could
    outlive the timeouts.
    """
    locale = session.get("locale")
    session.clear()
    g.pop("csrf_token", None)  # Flask-WTF's token for this request, cached from the old session
    if locale:
        session["locale"] = locale
    session.permanent = remember
    login_user(user)
    session[SIGNED_IN_AT] = session[SEEN_AT] = timeutil.now().timestamp()


#: How often the last-seen time is written back: rewriting it on every request would re-sign and re-send the
#: session cookie with every answer an exam-taker saves.
SEEN_EVERY = 60


def session_expired() -> str | None:
    """Why the signed-in user's session has ended (a message to show), or None while it lasts.

    The last-seen time is kept to the minute (``SEEN_EVERY``), so a session ends between the idle minutes and one
    minute more after the last request: never early.
    """
    moment = timeutil.now().timestamp()
    idle = timedelta(minutes=current_app.config["IDLE_MINUTES"]).total_seconds()
    absolute = timedelta(hours=current_app.config["SESSION_HOURS"]).total_seconds()
    seen = session.get(SEEN_AT, moment)
    if moment - seen > idle + SEEN_EVERY:
        return _(
            "您已有 %(minutes)s 分钟没有操作，为了安全已自动退出，请重新登录。",
            minutes=current_app.config["IDLE_MINUTES"],
        )
    if moment - session.get(SIGNED_IN_AT, 0) > absolute:
        return _(
            "您已连续登录 %(hours)s 小时，为了安全已自动退出，请重新登录。", hours=current_app.config["SESSION_HOURS"]
        )
    if moment - seen >= SEEN_EVERY:
        session[SEEN_AT] = moment
    return None


def enforce_timeouts() -> None:
    """Before each request: end a session idle too long or open too long."""
    if request.endpoint == "static" or "_user_id" not in session:  # read without loading the user (the save does not)
        return
    reason = session_expired()
    if reason:
        logout_user()
        session.pop(SIGNED_IN_AT, None)
        session.pop(SEEN_AT, None)
        flash(reason, "info")
