"""The examples in the survey package's docstrings run (pytest collects doctests only outside survey/)."""

import doctest
import importlib

import pytest

MODULES = [
    "survey",
    "survey.pairing_codes",
    "survey.logs",
    "survey.respond.drafts",
    "survey.accounts.passwords",
    "survey.templating",
    "survey.bounds",
    "survey.brief.charts",
    "survey.brief.links",
    "survey.brief.descriptions",
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_run(name):
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0
    assert result.failed == 0
