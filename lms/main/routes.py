"""Home page, language choice, and the people lists of supervisors and HR."""

from flask import (
    Blueprint,
    flash,
    redirect,
    render_template,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user

from lms import timeutil
from lms.labels import ROLE_LABELS, STATUS_LABELS
from lms.main.forms import LanguageForm
from lms.models import Role
from lms.pagination import list_args, paginate_rows
from lms.security import local_path, public, roles_required, signed_in
from lms.services import directory, scope, users
from lms.services import home as home_summary

bp = Blueprint("main", __name__)


@bp.route("/")
@signed_in
def home():
    """Each role's start page; a supervisor's is the team overview."""
    if current_user.role is Role.SUPERVISOR:
        return redirect(url_for("supervisor.dashboard"))
    return render_template(
        "main/home.html", stats=home_summary.summary(current_user, timeutil.today()), statuses=STATUS_LABELS
    )


@bp.route("/language", methods=["POST"])
@public
def set_language():
    """Switch the interface language; remembered for the user and the session."""
    form = LanguageForm()
    if not form.validate_on_submit():
        flash(_("不支持该语言。"), "danger")
    else:
        session["locale"] = form.locale.data
        if current_user.is_authenticated:
            users.set_locale(current_user, form.locale.data)
    return redirect(local_path(form.next.data))


@bp.route("/team")
@roles_required(Role.SUPERVISOR)
def my_team():
    """The people of the teams the supervisor leads (scope decides who they are)."""
    args = list_args()
    query = directory.people_query(current_user, args["q"])
    return render_template(
        "main/my_team.html", teams=scope.led_teams(current_user), page=paginate_rows(query), args=args
    )


@bp.route("/people")
@roles_required(Role.HR)
def people():
    """HR's read-only directory of everyone."""
    args = list_args()
    query = directory.people_query(current_user, args["q"], args["team"], args["role"], args["status"])
    teams = directory.team_choices()
    return render_template("main/people.html", page=paginate_rows(query), args=args, teams=teams, roles=ROLE_LABELS)
