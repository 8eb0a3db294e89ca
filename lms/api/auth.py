"""Who is calling the API: a bearer token, looked up by its hash, with the scope the call needs; and its rate key."""

from functools import wraps

from flask import current_app, g, request

from lms.api.errors import ApiError
from lms.models import TokenScope
from lms.services import api_tokens


def presented() -> str | None:
    """The token of ``Authorization: Bearer <token>``, or None (a session cookie never signs an API call)."""
    scheme, _, value = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not value.strip():
        return None
    return value.strip()


def rate_key() -> str:
    """Flask-Limiter's key: the token's hash (each token its own budget), or the address for calls without one."""
    token = presented()
    return f"api-token:{api_tokens.digest(token)}" if token else f"api-ip:{request.remote_addr}"


def rate_limit() -> str:
    """The API's rate limit per token (the API_RATE_LIMIT setting)."""
    return current_app.config["API_RATE_LIMIT"]


def token_required(needed: TokenScope):
    """Let a call through only with a live token whose scope covers ``needed``; each call is audited afterwards."""

    def decorate(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            token = presented()
            if token is None:
                raise ApiError("missing_token")
            row = api_tokens.find(token)
            g.api_call = (row, token)
            if row is None:
                raise ApiError("invalid_token")
            if row.revoked_at is not None:
                raise ApiError("token_revoked")
            if not row.allows(needed):
                raise ApiError("insufficient_scope", scope=needed.value)
            g.api_token = row
            return view(*args, **kwargs)

        wrapped.allowed_roles = "api_token"
        wrapped.api_scope = needed
        return wrapped

    return decorate
