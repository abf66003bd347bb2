"""Every rule's own before/after cases (kept beside the rule), run through the whole engine."""

from __future__ import annotations

import pytest

from tfmigrate.engine import migrate_source
from tfmigrate.rules import ALL_RULES
from tfmigrate.rules.base import Case, MigrationRule


def _cases() -> list[tuple[type[MigrationRule], Case]]:
    return [(rule, case) for rule in ALL_RULES for case in rule.CASES]


def _options(case: Case) -> dict[str, object]:
    options: dict[str, object] = {}
    for option in case.options:
        key, _, value = option.partition("=")
        options[key] = value if value else True
    return options


@pytest.mark.parametrize(
    ("rule", "case"),
    _cases(),
    ids=[f"{rule.CODE}-{i}" for i, (rule, _) in enumerate(_cases())],
)
def test_rule_case(rule: type[MigrationRule], case: Case) -> None:
    result = migrate_source(case.before, **_options(case))  # type: ignore[arg-type]
    errors = [f for f in result.findings if f.code == "TFM000"]
    assert not errors, errors
    expected = case.before if case.after is None else case.after
    assert result.code == expected
    if case.after is not None:
        assert any(f.code == rule.CODE for f in result.findings), result.findings
    again = migrate_source(result.code, **_options(case))  # type: ignore[arg-type]
    assert again.code == result.code, "migrating twice must change nothing the second time"


def test_every_rule_has_cases_that_change_and_that_do_not() -> None:
    for rule in ALL_RULES:
        assert rule.CODE and rule.DESCRIPTION and "\n" not in rule.DESCRIPTION
        assert rule.CASES, rule.CODE
