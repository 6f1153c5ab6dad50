"""Every bad input of tools/bad_inputs.py raises its exception, with its message."""

import re

import pytest
from bad_inputs import CASES


def test_the_cases_have_unique_ids():
    ids = [case.id for case in CASES]
    assert len(ids) == len(set(ids))
    assert len(CASES) >= 30


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.id)
def test_a_bad_input_gets_a_clear_error(case):
    with pytest.raises(case.error) as raised:
        case.call()
    assert raised.type is case.error, f"{raised.type.__name__}: {raised.value}"
    assert re.search(case.message, str(raised.value)), str(raised.value)
