"""Access control: every view says who may open it, and a test checks that each one does."""

import re
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
