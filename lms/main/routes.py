"""Home page, language choice, and the people lists of supervisors and HR."""

import sqlalchemy as sa
from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user

from lms import timeutil
from lms.extensions import db
from lms.labels import ROLE_LABELS, STATUS_LABELS
from lms.models import Role, Team, User
from lms.pagination import list_args, paginate
from lms.security import public, roles_required, signed_in
from lms.services import assignments, certificates, directory, readiness

bp = Blueprint("main", __name__)


@bp.route("/")
@signed_in
def home():
    """Each role's start page."""
    stats = {}
    if current_user.role in (Role.NEW_HIRE, Role.AGENT):
        stats["today"] = assignments.due_today(current_user, timeutil.today())
    if current_user.role is Role.NEW_HIRE:
        stats["readiness"] = readiness.of_user(current_user)
    if current_user.role is Role.SUPERVISOR:
        teams = db.session.scalars(directory.teams_led_by(current_user)).all()
        counts = directory.active_member_counts()
        stats["teams"] = [(team, counts.get(team.id, 0)) for team in teams]
        stats["not_ready"] = readiness.not_ready([team.id for team in teams])
        members = sa.select(User.id).where(User.team_id.in_([team.id for team in teams]))
        stats["expiring"] = certificates.expiring(list(db.session.scalars(members)))
    elif current_user.role in (Role.HR, Role.ADMIN):
        rows = db.session.execute(
            sa.select(User.role, sa.func.count(User.id)).where(User.active.is_(True)).group_by(User.role)
        ).all()
        stats["by_role"] = {role: count for role, count in rows}
        stats["teams"] = db.session.scalar(sa.select(sa.func.count(Team.id)))
    return render_template("main/home.html", stats=stats, statuses=STATUS_LABELS)


@bp.route("/language", methods=["POST"])
@public
def set_language():
    """Switch the interface language; remembered for the user and the session."""
    code = request.form.get("locale", "")
    if code not in current_app.config["LANGUAGES"]:
        flash(_("不支持该语言。"), "danger")
    else:
        session["locale"] = code
        if current_user.is_authenticated:
            current_user.locale = code
            db.session.commit()
    return redirect(_back())


def _back() -> str:
    """The page the form was posted from, if it is on this site."""
    target = request.form.get("next", "")
    return target if target.startswith("/") and not target.startswith("//") else url_for("main.home")


@bp.route("/team")
@roles_required(Role.SUPERVISOR)
def my_team():
    """The members of the teams the supervisor leads."""
    teams = db.session.scalars(directory.teams_led_by(current_user)).all()
    args = list_args()
    team_ids = [team.id for team in teams]
    query = directory.people_query(args["q"], status=args["status"]).where(User.team_id.in_(team_ids))
    return render_template("main/my_team.html", teams=teams, page=paginate(query), args=args)


@bp.route("/people")
@roles_required(Role.HR)
def people():
    """HR's read-only directory of everyone."""
    args = list_args()
    query = directory.people_query(args["q"], args["team"], args["role"], args["status"])
    teams = db.session.scalars(directory.all_teams()).all()
    return render_template("main/people.html", page=paginate(query), args=args, teams=teams, roles=ROLE_LABELS)
