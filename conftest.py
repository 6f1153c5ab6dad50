"""Doctest option `+SLOW`: an example that trains a long run (the seed run's 53000
epochs) runs with the full suite and is skipped by `-m "not slow"`, like a test marked
slow. Kept at the root so that it applies to the chapters in docs/ however pytest is
called. CONTRIBUTING.md explains the doctest rules."""

import doctest

import pytest

SLOW = doctest.register_optionflag("SLOW")


def _slow_tests_selected(config):
    expression = config.getoption("markexpr")
    if not expression:
        return True
    from _pytest.mark.expression import Expression

    return Expression.compile(expression).evaluate(lambda name, **kwargs: name == "slow")


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    if _slow_tests_selected(config):
        return
    for item in items:
        for example in getattr(getattr(item, "dtest", None), "examples", []):
            if example.options.get(SLOW):
                example.options[doctest.SKIP] = True
