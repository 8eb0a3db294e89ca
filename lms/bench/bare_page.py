"""The pages' baseline: a bare Flask + Flask-SQLAlchemy app whose one page runs one query and renders a 25-row table.

It imports nothing of ours, so a gunicorn worker started in this folder (``--chdir``) carries only Flask and
SQLAlchemy. ``BENCH_BARE_DATABASE_URL`` names its database (default: in memory).
"""

import os

import sqlalchemy as sa
from flask import Flask, render_template_string
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy.orm import Mapped, mapped_column

ROWS = 25
PAGE = """<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>人员</title></head>
<body><table><thead><tr><th>工号</th><th>姓名</th><th>团队</th><th>入职日期</th></tr></thead><tbody>
{% for person in people %}<tr><td>{{ person.employee_no }}</td><td>{{ person.name }}</td><td>{{ person.team }}</td>
<td>{{ person.hired }}</td></tr>{% endfor %}
</tbody></table></body></html>"""

db = SQLAlchemy()


class Person(db.Model):  # type: ignore[name-defined]
    id: Mapped[int] = mapped_column(primary_key=True)
    employee_no: Mapped[str] = mapped_column(sa.String(32))
    name: Mapped[str] = mapped_column(sa.String(64))
    team: Mapped[str] = mapped_column(sa.String(64))
    hired: Mapped[str] = mapped_column(sa.String(10))


def create(url: str | None = None) -> Flask:
    """The app on ``url`` (else ``BENCH_BARE_DATABASE_URL``, else memory), its table created and filled if empty."""
    app = Flask(__name__)
    app.config["SQLALCHEMY_DATABASE_URI"] = url or os.environ.get("BENCH_BARE_DATABASE_URL", "sqlite://")
    db.init_app(app)
    with app.app_context():
        db.create_all()
        if not db.session.scalar(sa.select(sa.func.count()).select_from(Person)):
            db.session.add_all(
                Person(employee_no=f"D{i:04d}", name=f"客服{i:02d}", team="售后一组", hired="2025-03-01")
                for i in range(ROWS)
            )
            db.session.commit()

    @app.get("/")
    def people():
        rows = db.session.scalars(sa.select(Person).order_by(Person.id).limit(ROWS)).all()
        return render_template_string(PAGE, people=rows)

    return app
