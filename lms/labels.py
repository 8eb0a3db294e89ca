"""Names shown for codes stored in the database."""
from flask_babel import lazy_gettext as _l

from lms.models import Role

ROLE_LABELS = {
    Role.NEW_HIRE: _l("新员工"), Role.AGENT: _l("客服"), Role.SUPERVISOR: _l("主管"),
    Role.HR: _l("人事"), Role.ADMIN: _l("管理员"),
}
