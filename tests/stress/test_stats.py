import math

import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy.stats import binomtest

from upright.stress.stats import cohen_kappa, fisher, holm, wilson


@given(n=st.integers(1, 500), data=st.data())
def test_wilson_bounds_contain_the_estimate(n, data):
    k = data.draw(st.integers(0, n))
    lo, hi = wilson(k, n)
    assert 0.0 <= lo <= k / n <= hi <= 1.0
    assert hi - lo > 0


def test_wilson_matches_scipy_reference():
    ref = binomtest(7, 20).proportion_ci(confidence_level=0.95, method="wilson")
    lo, hi = wilson(7, 20)
    assert math.isclose(lo, ref.low, rel_tol=1e-9) and math.isclose(hi, ref.high, rel_tol=1e-9)


def test_wilson_edge_cases():
    assert wilson(0, 0) == (0.0, 1.0)
    assert wilson(0, 10)[0] == 0.0 and wilson(10, 10)[1] == 1.0
    with pytest.raises(ValueError):
        wilson(3, 2)


def test_fisher_detects_a_real_difference_and_not_a_fake_one():
    assert fisher(18, 20, 2, 20)[1] < 0.001
    assert fisher(5, 20, 5, 20)[1] == pytest.approx(1.0)


def test_holm_is_monotone_and_bounded():
    adj = holm([0.01, 0.04, 0.03, 0.5])
    assert adj == pytest.approx([0.04, 0.09, 0.09, 0.5])
    assert all(0 <= p <= 1 for p in holm([0.9, 0.8, 0.99]))


def test_kappa():
    assert cohen_kappa([True, False, True, False], [True, False, True, False]) == 1.0
    assert cohen_kappa([True, True, False, False], [True, False, True, False]) == 0.0
    assert cohen_kappa([], []) is None
    assert cohen_kappa([True, True], [True, True]) is None
