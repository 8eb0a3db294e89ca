"""Audit entries as stored and as the log page reads them: the pieces, what a page names, and a reader per entry.

Details are stored as a JSON object. Older rows hold ``key=value`` pairs, a single value or free text;
``read_detail`` reads what it can and returns None for the rest.
"""

import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from lms.domain import N_

#: How many names are shown before "and N others".
NAMES_SHOWN = 3


@dataclass(frozen=True)
class Person:
    """Someone an entry names."""

    name: str
    employee_no: str


@dataclass(frozen=True)
class Thing:
    """An object an entry names: how to call it, whose it is, and its level (certificates and awards)."""

    label: str = ""
    holder: int | None = None
    level: str | None = None


@dataclass(frozen=True)
class Entry:
    """The stored fields of one audit row."""

    action: str
    actor_id: int | None
    object_type: str | None
    object_id: str | None
    detail: str


@dataclass
class Wants:
    """What a page of entries names, for the service to load in one query per kind."""

    people: set[int] = field(default_factory=set)
    numbers: set[str] = field(default_factory=set)
    objects: set[tuple[str, str]] = field(default_factory=set)
    modules: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class Lookup:
    """What the service loaded, and how to translate and show dates and level codes."""

    gettext: Callable[[str], str]
    level_name: Callable[[str], str]
    day: Callable[[str], str]
    people: Mapping[int, Person] = field(default_factory=dict)
    numbers: Mapping[str, Person] = field(default_factory=dict)
    objects: Mapping[tuple[str, str], Thing] = field(default_factory=dict)
    modules: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Line:
    """An entry as shown: the action's name, the sentence, and the stored detail when it could not be read."""

    action: str
    text: str
    raw: str | None = None


#: Older rows whose detail was one bare value: the key it stands for.
SINGLE_VALUE = {
    "auth.login_failed": "employee_no",
    "auth.login_inactive": "employee_no",
    "team.create": "name",
    "team.update": "name",
    "team.activate": "name",
    "team.deactivate": "name",
}
#: Sign-in actions that may keep the employee number typed in their detail.
NUMBER_IN_DETAIL = ("auth.login_failed", "auth.login_address_limited")
#: Objects whose label or holder the service loads (users and employee numbers are people).
LOADED_OBJECTS = ("team", "certificate", "level_award", "attempt", "question_bank")


def read_detail(action: str, text: str) -> dict | None:
    """The stored detail as a dict (JSON, ``key=value`` pairs or one bare value), or None when it cannot be read."""
    if not text:
        return {}
    try:
        value = json.loads(text)
    except ValueError:
        value = None
    if isinstance(value, dict):
        return value
    pairs = text.split()
    if all("=" in pair and not pair.startswith("=") for pair in pairs):
        return dict(pair.split("=", 1) for pair in pairs)
    if action in SINGLE_VALUE and len(pairs) == 1:
        return {SINGLE_VALUE[action]: text}
    return None


def wants(entries: Iterable[Entry]) -> Wants:
    """Everyone and everything a page of entries names."""
    found = Wants()
    for entry in entries:
        if entry.actor_id is not None:
            found.people.add(entry.actor_id)
        if entry.object_type == "user" and (entry.object_id or "").isdigit():
            found.people.add(int(entry.object_id or 0))
        elif entry.object_type == "employee_no" and entry.object_id:
            found.numbers.add(entry.object_id)
        elif entry.object_type in LOADED_OBJECTS and entry.object_id:
            found.objects.add((entry.object_type, entry.object_id))
        detail = read_detail(entry.action, entry.detail) or {}
        supervisors = detail.get("changes", {}).get("supervisor", []) if isinstance(detail.get("changes"), dict) else []
        for value in [*_list(detail.get("users")), detail.get("supervisor"), *supervisors]:
            if isinstance(value, int):
                found.people.add(value)
        found.modules.update(m for m in _list(detail.get("modules")) if isinstance(m, str))
        if entry.action in NUMBER_IN_DETAIL and isinstance(detail.get("employee_no"), str):
            found.numbers.add(detail["employee_no"])
    return found


def _list(value) -> list:
    """``value`` if it is a list, else nothing."""
    return value if isinstance(value, list) else []


class Reader:
    """One entry with what the page loaded: the pieces a sentence is built from."""

    def __init__(self, entry: Entry, detail: dict, lookup: Lookup):
        self.entry, self.d, self.lookup, self.t = entry, detail, lookup, lookup.gettext

    def say(self, template: str, **params) -> str:
        """``template`` translated and filled; the actor and the person are always available."""
        return self.t(template) % {"actor": self.actor(), "person": self.person(), **params}

    def name(self, user_id) -> str:
        """A person's name, or a placeholder for someone no longer there."""
        person = self.lookup.people.get(user_id) if isinstance(user_id, int) else None
        return person.name if person else self.t(N_("（已删除的用户）"))

    def actor(self) -> str:
        """Who did it: a name, or the system (the command line, a background job)."""
        return self.name(self.entry.actor_id) if self.entry.actor_id is not None else self.t(N_("系统"))

    def thing(self) -> Thing:
        """The loaded object, or an empty one."""
        key = (self.entry.object_type or "", self.entry.object_id or "")
        return self.lookup.objects.get(key, Thing())

    def holder(self) -> int | None:
        """The id of the person the object is about."""
        if self.entry.object_type == "user" and (self.entry.object_id or "").isdigit():
            return int(self.entry.object_id or 0)
        return self.thing().holder

    def person(self) -> str:
        """The name of the person the object is about ("" when there is none)."""
        holder = self.holder()
        return self.name(holder) if holder is not None else ""

    def people(self, ids: list) -> str:
        """A few names, then how many in all."""
        names = self.t(N_("、")).join(self.name(i) for i in ids[:NAMES_SHOWN])
        if len(ids) <= NAMES_SHOWN:
            return names
        return self.t(N_("%(names)s 等 %(n)s 人")) % {"names": names, "n": len(ids)}

    def quoted(self, title: str) -> str:
        """A title in the language's quotation marks."""
        return self.t(N_("「%(title)s」")) % {"title": title}

    def level(self) -> str:
        """The level the entry is about, by name."""
        code = self.d.get("level") or self.thing().level
        if not code:
            raise KeyError("level")
        return self.lookup.level_name(code)

    def changes(self, labels: Mapping[str, str], show: Callable[[str, object], str]) -> str:
        """``field old → new`` for each change, in the order of ``labels``."""
        changed = self.d["changes"]
        parts = [
            self.t(N_("%(field)s %(old)s → %(new)s"))
            % {"field": self.t(label), "old": show(key, changed[key][0]), "new": show(key, changed[key][1])}
            for key, label in labels.items()
            if key in changed
        ]
        return self.t(N_("；")).join(parts)

    def none_or(self, text) -> str:
        """``text``, or "none" for an empty value."""
        return str(text) if text not in (None, "") else self.t(N_("无"))


def figure(value) -> str:
    """A figure without trailing zeros (60.0 → 60, 0.875 → 0.875)."""
    return f"{float(value):g}"


def percent(value) -> str:
    """A fraction as a percentage figure (0.95 → 95)."""
    return f"{round(float(value) * 100, 1):g}"
