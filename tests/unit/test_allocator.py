"""glibc malloc settings applied when the model loads (analysis/engine/allocator.py)."""
import sys

import pytest

from analysis.engine import allocator


@pytest.fixture
def fresh(monkeypatch):
    monkeypatch.setattr(allocator, "_done", None)
    for var in (*allocator._USER_VARS, "ANALYSIS_MALLOC_TUNING"):
        monkeypatch.delenv(var, raising=False)
    return monkeypatch


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc only")
def test_settings_apply_once_on_glibc(fresh):
    assert allocator.tune_malloc() is True
    assert allocator._done is True
    assert allocator.tune_malloc() is True  # idempotent
    allocator.release_free_memory()  # malloc_trim found and callable


def test_opt_out_variable_leaves_malloc_alone(fresh):
    fresh.setenv("ANALYSIS_MALLOC_TUNING", "0")
    assert allocator.tune_malloc() is False


@pytest.mark.parametrize("var", allocator._USER_VARS)
def test_user_malloc_settings_are_kept(fresh, var):
    fresh.setenv(var, "1048576")
    assert allocator.tune_malloc() is False


def test_loading_the_model_applies_the_settings():
    from analysis.engine.nlp import get_nlp

    get_nlp()
    assert allocator._done is not None
