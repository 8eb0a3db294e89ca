"""Access control: every view says who may open it, and a test checks that each one does."""

from functools import wraps
from urllib.parse import urlsplit

from flask import abort, redirect, request, url_for
from flask_login import current_user

from lms.models import Role

#: Pages a user who must change their password may still open.
PASSWORD_CHANGE_EXEMPT = {"auth.change_password", "auth.logout", "main.set_language"}


def roles_required(*roles: Role):
    """Let only signed-in users with one of ``roles`` through: others get 403, anonymous a sign-in."""
    allowed = frozenset(roles)

    def decorate(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
            if current_user.must_change_password and request.endpoint not in PASSWORD_CHANGE_EXEMPT:
                return redirect(url_for("auth.change_password"))
            if current_user.role not in allowed:
                abort(403)
            return view(*args, **kwargs)

        wrapped.allowed_roles = allowed
        return wrapped

    return decorate


def signed_in(view):
    """Any signed-in user, whatever the role."""
    return roles_required(*Role)(view)


def public(view):
    """Open to everyone, signed in or not (sign-in page, language switch, verification)."""
    view.allowed_roles = "public"
    return view


def local_path(target: str | None) -> str:
    """``target`` if it is a path on this site (never another host), else the home page."""
    if target and target.startswith("/") and not target.startswith("//") and not urlsplit(target).netloc:
        return target
    return url_for("main.home")
