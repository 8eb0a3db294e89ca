"""Views never write: blueprint modules parse a form, call a service and render; services own every transaction."""

import ast
from pathlib import Path

import lms

ROOT = Path(lms.__file__).parent
#: Session calls that write or end a transaction; only lms/services may make them.
SESSION_WRITES = {"add", "add_all", "commit", "delete", "flush", "merge", "rollback"}
#: SQLAlchemy statements that write.
WRITE_STATEMENTS = {"insert", "update", "delete"}


def is_blueprint_module(tree: ast.Module) -> bool:
    """Whether the module defines a Blueprint or a ``.route(`` view."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Name) and func.id == "Blueprint":
                return True
            if isinstance(func, ast.Attribute) and func.attr == "route":
                return True
    return False


def problems(tree: ast.Module) -> list[str]:
    """Writes, transaction calls and hand-read forms in a module, as 'line: what'."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            func = node.func
            on_session = isinstance(func.value, ast.Attribute) and func.value.attr == "session"
            if on_session and func.attr in SESSION_WRITES:
                found.append(f"{node.lineno}: session.{func.attr}()")
            if isinstance(func.value, ast.Name) and func.value.id == "sa" and func.attr in WRITE_STATEMENTS:
                found.append(f"{node.lineno}: sa.{func.attr}()")
        hand_read = isinstance(node, ast.Attribute) and node.attr == "form" and isinstance(node.value, ast.Name)
        if hand_read and node.value.id == "request":
            found.append(f"{node.lineno}: request.form (use a FlaskForm)")
    return sorted(found, key=lambda line: int(line.split(":")[0]))


def blueprint_modules() -> dict[str, ast.Module]:
    """Every module under lms/ that defines views, by path."""
    modules = {}
    for path in sorted(ROOT.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        if is_blueprint_module(tree):
            modules[str(path.relative_to(ROOT.parent))] = tree
    return modules


def test_no_blueprint_module_writes_or_reads_a_form_by_hand():
    offenders = {path: found for path, tree in blueprint_modules().items() if (found := problems(tree))}
    assert offenders == {}


def test_the_check_finds_the_blueprints_and_what_it_forbids():
    modules = blueprint_modules()
    assert {"lms/admin/routes.py", "lms/admin/questions.py", "lms/main/routes.py", "lms/exams/routes.py"} <= set(
        modules
    )
    assert not any(path.startswith("lms/services/") for path in modules)
    sample = ast.parse(
        "bp = Blueprint('x', __name__)\n"
        "db.session.add(row)\n"
        "db.session.commit()\n"
        "db.session.execute(sa.update(User).values(active=False))\n"
        "code = request.form.get('locale')\n"
    )
    assert is_blueprint_module(sample)
    assert problems(sample) == [
        "2: session.add()",
        "3: session.commit()",
        "4: sa.update()",
        "5: request.form (use a FlaskForm)",
    ]


def test_only_scope_decides_whom_a_supervisor_leads():
    """Another copy of "whom may this supervisor see" would start from ``Team.supervisor_id`` in a query."""
    found = []
    for path in sorted(ROOT.rglob("*.py")):
        if path == ROOT / "services" / "scope.py" or "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            on_class = isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "Team"
            if on_class and node.attr == "supervisor_id":
                found.append(f"{path.relative_to(ROOT.parent)}:{node.lineno}")
    assert found == []


#: What the services may import of ours: the domain, the models, the database, the clock and other services,
#: never the web layer (blueprints, ``lms.security``), which calls them.
SERVICE_IMPORTS = {
    "lms.domain",
    "lms.extensions",
    "lms.labels",
    "lms.models",
    "lms.services",
    "lms.session_user",
    "lms.timefmt",
    "lms.timeutil",
}


def imported_from_lms(tree: ast.Module) -> set[str]:
    """The ``lms.<package>`` modules a module imports from, at any depth of the file."""
    found = set()
    for node in ast.walk(tree):
        names = [node.module or ""] if isinstance(node, ast.ImportFrom) else []
        names += [alias.name for alias in node.names] if isinstance(node, ast.Import) else []
        found |= {".".join(name.split(".")[:2]) for name in names if name.startswith("lms.")}
    return found


def test_the_services_import_nothing_of_the_web_layer():
    found = {
        f"{path.relative_to(ROOT.parent)}: {name}"
        for path in sorted((ROOT / "services").rglob("*.py"))
        for name in imported_from_lms(ast.parse(path.read_text(encoding="utf-8")))
        if name not in SERVICE_IMPORTS
    }
    assert found == set()
    assert imported_from_lms(ast.parse("from lms.security import x\nimport lms.exams.routes\n")) == {
        "lms.security",
        "lms.exams",
    }
