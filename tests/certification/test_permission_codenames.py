"""No permission codename is written outside `certification/permissions/`.

Authority lives in one place so that a list and its check can never drift apart; a codename
typed in a view, a service or a template is a rule that escaped. This scans every Python file
of the project apps (certification, curriculum, lms) and every template for the codenames of
the project's permissions: each model's `Meta.permissions` and its default add, change,
delete and view permissions. It also refuses django-guardian and `has_perm` calls, and a
string that starts a permission name (`"certification." + codename`), anywhere else.

Exempt, and why:
- `certification/permissions/`: the one place the codenames belong;
- the `Meta.permissions` that declares them (a declaration, not a use);
- migrations: they grant permissions as data as they were at that point in history;
- tests.
"""

import ast
import re
from pathlib import Path

from django.apps import apps
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
APPS = ("certification", "curriculum", "lms")
PERMISSION_HOME = ROOT / "certification" / "permissions"
# Calls that check or grant a permission by name (Django's and django-guardian's).
PERMISSION_CALLS = {
    "has_perm",
    "has_perms",
    "assign_perm",
    "remove_perm",
    "get_perms",
    "get_user_perms",
    "get_group_perms",
    "get_objects_for_user",
    "get_objects_for_group",
    "get_users_with_perms",
    "get_groups_with_perms",
    "ObjectPermissionChecker",
    "permission_required",
    "permission_required_or_403",
}


def project_codenames() -> set[str]:
    names = set()
    for label in APPS:
        for model in apps.get_app_config(label).get_models():
            meta = model._meta
            names.update(f"{action}_{meta.model_name}" for action in meta.default_permissions)
            names.update(codename for codename, _label in meta.permissions)
    return names


CODENAMES = project_codenames()
_ANY_CODENAME = "|".join(sorted(CODENAMES, key=len, reverse=True))
CODENAME = re.compile(rf"\b({_ANY_CODENAME})\b")
PERMISSION_NAME_START = re.compile(rf"^({'|'.join(APPS)})\.(\w*)$")


def _declarations(tree) -> set[int]:
    """Ids of the nodes inside a `class Meta: permissions = [...]`: declarations, not uses."""
    inside = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef) and node.name == "Meta":
            for statement in node.body:
                if isinstance(statement, ast.Assign) and any(
                    isinstance(target, ast.Name) and target.id == "permissions"
                    for target in statement.targets
                ):
                    inside.update(id(child) for child in ast.walk(statement.value))
    return inside


def python_offences(source: str) -> list[tuple[int, str]]:
    """(line, what) for each codename or permission call written in `source`."""
    tree = ast.parse(source)
    declared = _declarations(tree)
    found = []
    for node in ast.walk(tree):
        if id(node) in declared:
            continue
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            match = CODENAME.search(node.value)
            if match:
                found.append((node.lineno, f"codename {match.group(1)!r}"))
            start = PERMISSION_NAME_START.match(node.value)
            if start and (start.group(2) == "" or start.group(2) in CODENAMES):
                found.append((node.lineno, f"permission name {node.value!r}"))
        elif isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name in PERMISSION_CALLS:
                found.append((node.lineno, f"call to {name}()"))
    return found


def template_offences(text: str) -> list[tuple[int, str]]:
    return [
        (number, f"codename {match.group(1)!r}")
        for number, line in enumerate(text.splitlines(), 1)
        for match in [CODENAME.search(line)]
        if match
    ]


def project_python_files():
    for label in APPS:
        for path in sorted((ROOT / label).rglob("*.py")):
            if "migrations" in path.parts or PERMISSION_HOME in path.parents:
                continue
            yield path


def test_the_project_has_codenames_to_look_for():
    assert {"view_roster", "manage_certifications", "change_organization"} <= CODENAMES
    assert any(path.parent == PERMISSION_HOME for path in PERMISSION_HOME.glob("*.py"))


def test_the_scan_finds_what_it_is_looking_for():
    """The scanner itself: each kind of use is found, a Meta.permissions declaration is not."""
    source = (
        "class Organization:\n"
        "    class Meta:\n"
        "        permissions = [('view_roster', 'See people')]\n"
        "def f(user, node):\n"
        "    has_organization_permission(user, 'review_concerns', node)\n"
        "    user.has_perm(f'certification.{codename}')\n"
        "    Permission.objects.filter(codename='change_organization')\n"
    )
    assert sorted(line for line, _what in python_offences(source)) == [5, 6, 6, 7]
    assert template_offences("{% if perms.certification.view_roster %}") == [
        (1, "codename 'view_roster'")
    ]


def test_no_permission_codename_outside_the_permissions_package():
    offences = [
        f"{path.relative_to(ROOT)}:{line}: {what}"
        for path in project_python_files()
        for line, what in python_offences(path.read_text())
    ]
    offences += [
        f"{path.relative_to(ROOT)}:{line}: {what}"
        for path in sorted((ROOT / "templates").rglob("*"))
        if path.is_file() and path.suffix in {".html", ".txt", ".xml", ".ics", ".csv"}
        for line, what in template_offences(path.read_text())
    ]
    assert offences == [], (
        "Permission codenames belong in certification/permissions/; ask a function there:\n"
        + "\n".join(offences)
    )


def test_the_package_exports_what_it_lists():
    """`from certification import permissions` keeps working for every public name."""
    from certification import permissions

    assert [name for name in permissions.__all__ if not hasattr(permissions, name)] == []
