"""The chapters' doctests are real checks: a wrong expected value makes pytest fail."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def run_doctests(path, *options):
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--doctest-plus",
         "--doctest-glob=*.md", "--rootdir", str(path.parent), *options, str(path)],
        capture_output=True, text=True, cwd=path.parent, timeout=300,
    )


@pytest.mark.slow  # runs pytest on a chapter in a new process
def test_a_wrong_expected_value_fails_the_chapter(tmp_path):
    chapter = tmp_path / "04-loss-accuracy.md"
    shutil.copy(ROOT / "docs" / "04-loss-accuracy.md", chapter)
    assert run_doctests(chapter).returncode == 0
    text = chapter.read_text(encoding="utf-8")
    assert text.count("\n0.3851\n") >= 1
    chapter.write_text(text.replace("\n0.3851\n", "\n0.3852\n", 1), encoding="utf-8")
    done = run_doctests(chapter)
    assert done.returncode == 1
    assert "0.3852" in done.stdout


def test_a_gradient_check_fails_when_the_backward_pass_is_wrong(tmp_path, monkeypatch):
    import numpy as np

    from nnfs_lit.gradcheck import max_abs_difference, numerical_gradient
    from nnfs_lit.layers import Dense

    rng = np.random.default_rng(0)
    layer = Dense(3, 2, rng=rng, weight_scale=1.0)
    X = rng.normal(size=(4, 3))
    G = rng.normal(size=(4, 2))
    f = lambda: float(np.sum(layer.forward(X) * G))  # noqa: E731
    layer.forward(X)
    layer.backward(G)
    assert max_abs_difference(layer.dbiases, numerical_gradient(f, layer.biases)) < 1e-8
    wrong_dbiases = G.mean(axis=0, keepdims=True)  # a classic slip: mean instead of sum
    assert max_abs_difference(wrong_dbiases, numerical_gradient(f, layer.biases)) > 1e-3


@pytest.mark.slow  # runs pytest on a chapter in a new process
def test_a_slow_example_is_skipped_by_not_slow_and_checked_by_the_full_suite(tmp_path):
    shutil.copy(ROOT / "conftest.py", tmp_path / "conftest.py")  # defines +SLOW
    (tmp_path / "tools").mkdir()  # and +KERNEL, from here
    shutil.copy(ROOT / "tools" / "kernel_examples.py", tmp_path / "tools")
    chapter = tmp_path / "slow.md"
    chapter.write_text("```pycon\n>>> 1 + 1  # doctest: +SLOW\n3\n>>> 2 + 2\n4\n\n```\n")
    assert run_doctests(chapter, "-m", "not slow").returncode == 0
    done = run_doctests(chapter)
    assert done.returncode == 1
    assert "Expected:\n    3\nGot:\n    2" in done.stdout
