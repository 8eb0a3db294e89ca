"""YAML that remembers lines: every mapping read gets ``__line__`` and ``__lines__`` (key -> line)."""

import yaml

from lms.domain import N_, Problem


class _LineLoader(yaml.SafeLoader):
    """SafeLoader whose mappings carry the lines they and their keys are on."""


def _mapping(loader: _LineLoader, node: yaml.MappingNode, deep: bool = False) -> dict:
    mapping = yaml.SafeLoader.construct_mapping(loader, node, deep=True)
    mapping["__line__"] = node.start_mark.line + 1
    mapping["__lines__"] = {key.value: key.start_mark.line + 1 for key, _ in node.value}
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)


class YamlProblem(ValueError):
    """The text is not valid YAML; ``problem`` says where."""

    def __init__(self, problem: Problem):
        super().__init__(problem.message)
        self.problem = problem


def load(text: str):
    """Parse YAML, keeping line numbers; raise YamlProblem on a syntax error."""
    try:
        return yaml.load(text, Loader=_LineLoader)  # noqa: S506 (a SafeLoader subclass)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise YamlProblem(
            Problem(
                mark.line + 1 if mark else 1,
                N_("YAML 语法错误：%(detail)s"),
                {"detail": getattr(exc, "problem", None) or str(exc)},
            )
        ) from exc


def line_of(mapping: dict, key: str | None = None) -> int:
    """The line ``key`` of ``mapping`` is on (the mapping's own line if the key is absent)."""
    return mapping.get("__lines__", {}).get(key, mapping.get("__line__", 1))


def strip(value):
    """The same data without the line bookkeeping."""
    if isinstance(value, dict):
        return {k: strip(v) for k, v in value.items() if not k.startswith("__")}
    if isinstance(value, list):
        return [strip(v) for v in value]
    return value
