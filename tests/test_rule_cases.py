"""Every rule's own before/after cases (kept beside the rule), run through the whole engine."""

from __future__ import annotations

import pytest

from tfmigrate.engine import migrate_source
from tfmigrate.rules import ALL_RULES
from tfmigrate.rules.base import Case, MigrationRule


def _cases() -> list[tuple[type[MigrationRule], Case]]:
    return [(rule, case) for rule in ALL_RULES for case in rule.CASES]


@pytest.mark.parametrize(
    ("rule", "case"),
    _cases(),
    ids=[f"{rule.CODE}-{i}" for i, (rule, _) in enumerate(_cases())],
)
def test_rule_case(rule: type[MigrationRule], case: Case) -> None:
    result = migrate_source(case.before, **case.keywords(), layout=False)  # type: ignore[arg-type]
    errors = [f for f in result.findings if f.code == "TFM000"]
    assert not errors, errors
    expected = case.before if case.after is None else case.after
    assert result.code == expected
    reported = sorted(finding.where() for finding in result.findings)
    assert reported == sorted(case.findings), [finding.format() for finding in result.findings]
    again = migrate_source(result.code, **case.keywords(), layout=False)  # type: ignore[arg-type]
    assert again.code == result.code, "migrating twice must change nothing the second time"


def _codes(case: Case) -> set[str]:
    return {stated.split()[-1] for stated in case.findings}


def test_every_rule_has_cases_that_report_and_that_do_not() -> None:
    for rule in ALL_RULES:
        assert rule.CODE and rule.DESCRIPTION and "\n" not in rule.DESCRIPTION
        assert rule.CASES, rule.CODE
        assert any(rule.CODE in _codes(case) for case in rule.CASES), f"{rule.CODE}: no case reports it"
        assert any(rule.CODE not in _codes(case) for case in rule.CASES), f"{rule.CODE}: no case where it stays quiet"
        for case in rule.CASES:
            if case.after is not None:
                assert rule.CODE in _codes(case), f"{rule.CODE}: a rewrite must be reported by the rule that made it"
