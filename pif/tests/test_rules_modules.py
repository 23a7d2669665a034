"""Every app's rules module (docs/adr/0008-business-rules.md) names each of its rules in its
docstring table, and each rule returns a tuple of findings."""

import importlib
import inspect
import pkgutil
from pathlib import Path

import pytest

PIF = Path(__file__).resolve().parents[1]


def rules_modules() -> list[str]:
    """Each app's `rules.py`, or each module of its `rules/` package."""
    found = []
    for app in sorted(path for path in PIF.iterdir() if (path / "apps.py").exists()):
        if (app / "rules.py").exists():
            found.append(f"pif.{app.name}.rules")
        elif (app / "rules").is_dir():
            found += [f"pif.{app.name}.rules.{module.name}"
                      for module in pkgutil.iter_modules([str(app / "rules")])]
    return found


MODULES = rules_modules()


def test_the_rules_modules_are_found():
    assert {"pif.measures.rules", "pif.outcomes.rules", "pif.partnerships.rules",
            "pif.improvement.rules.actions"} <= set(MODULES)


def rules_of(module):
    return {name: function for name, function in inspect.getmembers(module, inspect.isfunction)
            if name.startswith("check_") and function.__module__ == module.__name__}


@pytest.mark.parametrize("name", MODULES)
def test_every_rule_is_in_its_modules_table(name):
    module = importlib.import_module(name)
    assert rules_of(module)
    assert [rule for rule in rules_of(module) if f"`{rule}(" not in module.__doc__] == []


@pytest.mark.parametrize("name", MODULES)
def test_every_rule_says_it_returns_a_tuple_of_findings(name):
    module = importlib.import_module(name)
    returns = {rule: inspect.signature(function).return_annotation
               for rule, function in rules_of(module).items() if rule != "check_observation"}
    assert {rule: kind for rule, kind in returns.items()
            if kind != "tuple[Finding, ...]"} == {}
