"""Fixtures for the API: tokens of each scope, a revoked one, and calls signed with them."""

import pytest

from lms.extensions import db
from lms.models import TokenScope
from lms.services import api_tokens


def bearer(token: str) -> dict:
    """The header that signs a call."""
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def tokens(app) -> dict[str, str]:
    """A read token, a write token, and a revoked read and write token, by name."""
    made = {}
    with app.app_context():
        for name, scope in (("read", TokenScope.READ), ("write", TokenScope.WRITE)):
            made[name] = api_tokens.create(f"{name}-system", scope, actor=None)[1]
            row, made[f"revoked-{name}"] = api_tokens.create(f"old-{name}-system", scope, actor=None)
            api_tokens.revoke(row, actor=None)
        db.session.remove()
    return made
