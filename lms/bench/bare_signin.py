"""The sign-in bench's baseline: a bare Flask app whose sign-in checks the same password hash and sets a session cookie.

Served by gunicorn as ``lms.bench.bare_signin:create_app()`` on the bench database in LMS_BENCH_BARE_URL (the app's
own ``users`` table), so the difference to the app is the app's own work: the form, the limits, the audit trail, the
session set-up, and then the home page, the sitting's start and the paper that the bare app does not have.
"""

import os
import secrets

import sqlalchemy as sa
from flask import Flask, abort, redirect, request, session

from lms.models.people import PASSWORD_HASHER


def create_app() -> Flask:
    """``GET /login`` gives a form with a token kept in the session; ``POST /login`` checks it and the password."""
    app = Flask(__name__)
    app.secret_key = os.environ["LMS_SECRET_KEY"]
    engine = sa.create_engine(os.environ["LMS_BENCH_BARE_URL"])
    users = sa.table("users", sa.column("id", sa.Integer), sa.column("employee_no"), sa.column("password_hash"))

    @app.get("/")
    def home():
        return "ok"

    @app.get("/login")
    def form():
        session["csrf"] = token = secrets.token_urlsafe(32)
        return f'<form method="post"><input name="csrf_token" type="hidden" value="{token}"></form>'

    @app.post("/login")
    def sign_in():
        if not secrets.compare_digest(request.form.get("csrf_token", ""), session.get("csrf", "")):
            abort(400)
        with engine.connect() as connection:
            row = connection.execute(
                sa.select(users.c.id, users.c.password_hash).where(users.c.employee_no == request.form["employee_no"])
            ).first()
        if row is None or not PASSWORD_HASHER.verify(row.password_hash, request.form["password"]):
            abort(403)
        session.clear()
        session["user"] = row.id
        return redirect("/")

    return app
