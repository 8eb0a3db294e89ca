"""The knowledge map for supervisors (their teams) and HR (every team), and a refresher in two clicks."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms import SelectChoice

from lms import timeutil
from lms.knowledge.forms import DUE_IN, RefresherForm
from lms.models import Role
from lms.pagination import paginate_list
from lms.params import int_arg
from lms.security import roles_required
from lms.services import knowledge_map

bp = Blueprint("knowledge", __name__)


@bp.route("/knowledge-map")
@roles_required(Role.SUPERVISOR, Role.HR)
def index():
    """Per module and per key fact, the share of each team likely to recall it today, weakest first."""
    teams = knowledge_map.teams_of(current_user)
    team_id, module_id = int_arg("team"), int_arg("module")
    found = knowledge_map.team_map(current_user, team_id, module_id)
    return render_template(
        "knowledge/map.html",
        found=found,
        page=paginate_list(found.figures.facts),
        teams=teams,
        team_id=team_id,
        module_id=module_id,
        modules=knowledge_map.modules_with_facts(),
        assigns=current_user.role is Role.SUPERVISOR,
    )


@bp.route("/knowledge-map/facts/<int:fact_id>/refresher", methods=["GET", "POST"])
@roles_required(Role.SUPERVISOR)
def refresher(fact_id: int):
    """Confirm who gets the fact's section to read again (the second click assigns it)."""
    team_id = int_arg("team") or abort(404)
    found = knowledge_map.refresher(current_user, fact_id, team_id) or abort(404)
    form = RefresherForm()
    form.people.choices = [SelectChoice(u.id, f"{u.name}（{u.employee_no}）") for u in found.forgetting]
    if request.method == "GET":
        form.people.data = [u.id for u in found.forgetting]
        form.due_date.data = timeutil.today() + DUE_IN
    if form.validate_on_submit():
        count = knowledge_map.assign_refresher(
            current_user, found.fact, form.people.data, form.due_date.data, request.remote_addr
        )
        section = found.fact.section
        flash(
            _(
                "已给 %(n)s 人布置复习：《%(module)s》“%(section)s”。",
                n=count,
                module=found.fact.module.title,
                section=section.title if section else "",
            ),
            "success",
        )
        return redirect(url_for("knowledge.index", team=team_id, module=found.fact.module_id))
    return render_template("knowledge/refresher.html", found=found, form=form)
