"""The float contract (Appendix B): one float environment for every command of the book,
and examples that hold, exactly or within a stated tolerance, wherever it cannot."""

import doctest
import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import kernel_examples
import pytest

from nnfs_lit import floats

ROOT = Path(__file__).resolve().parent.parent
CAN_PIN = floats.can_pin(sys.executable, os.environ)
needs_the_pin = pytest.mark.skipif(not CAN_PIN, reason="this CPU cannot hold the pin "
                                   "(no x86-64-v3): nothing to compare it with")


def kernels_in(environment):
    """floats.in_effect() of a new Python process started in `environment`."""
    code = "import json; from nnfs_lit import floats; print(json.dumps(floats.in_effect()))"
    done = subprocess.run([sys.executable, "-c", code], env=environment,
                          capture_output=True, text=True, check=True, timeout=60)
    return json.loads(done.stdout)


def unpinned():
    """This process's environment without the pin or its switch."""
    return {name: value for name, value in os.environ.items()
            if name not in (*floats.PIN, floats.SWITCH)}


# The tolerance of a kernel-sensitive example, off the pin.

def test_numbers_with_a_decimal_point_may_differ_by_the_tolerance():
    assert kernel_examples.close_enough("loss 0.1024, accuracy 0.975",
                                        "loss 0.1020, accuracy 0.975")
    assert kernel_examples.close_enough("validation 0.877", "validation 0.903")
    assert kernel_examples.close_enough("(0.35, 0.863)", "(0.353, 0.877)")
    assert not kernel_examples.close_enough("validation 0.877", "validation 0.937")
    assert kernel_examples.close_enough("loss 20.0", "loss 20.9")  # 5% above 1
    assert not kernel_examples.close_enough("loss 20.0", "loss 21.1")


def test_whole_numbers_and_words_must_match_exactly():
    assert not kernel_examples.close_enough("(256, 0.865)", "(64, 0.865)")
    assert not kernel_examples.close_enough("at epoch 186", "at epoch 187")
    assert not kernel_examples.close_enough("chosen 0.9", "chosen 0.9 too")
    assert not kernel_examples.close_enough("'Adam'", "'SGD'")
    assert not kernel_examples.close_enough("[0.1, 0.2]", "[0.1, 0.2, 0.3]")
    # a wider number may shift the columns after it
    assert kernel_examples.close_enough("0.9 0.887", "0.897   0.887")


def run_example(source, want, tolerant):
    """Run one doctest example; True if it passed."""
    test = doctest.DocTestParser().get_doctest(f">>> {source}\n{want}\n", {}, "example",
                                               None, 0)
    runner = doctest.DocTestRunner()
    if tolerant:
        kernel_examples.tolerate(runner)
    return not runner.run(test, out=lambda text: None).failed


def test_only_a_marked_example_off_the_pin_is_compared_with_the_tolerance():
    marked = "0.5  # doctest: +KERNEL"
    assert run_example(marked, "0.52", tolerant=True)
    assert not run_example(marked, "0.52", tolerant=False)  # under the pin: exact
    assert not run_example(marked, "0.6", tolerant=True)    # beyond the tolerance
    assert not run_example("0.5", "0.52", tolerant=True)    # not marked: exact
    assert run_example(marked, "0.5", tolerant=False)


# The pin itself.

def test_turned_off_the_pin_sets_nothing_and_says_so():
    environment, note = floats.environment({"PATH": "/bin", floats.SWITCH: "native"})
    assert environment == {"PATH": "/bin", floats.SWITCH: "native"}
    assert "native" in note


@needs_the_pin
def test_the_pin_overrides_the_kernels_a_process_was_told_to_use():
    told = {**unpinned(), "OPENBLAS_CORETYPE": "Sandybridge",
            "NPY_ENABLE_CPU_FEATURES": "X86_V2", "OPENBLAS_NUM_THREADS": "2"}
    assert kernels_in(told) == {"blas": "openblas Sandybridge",
                                "simd": "baseline(X86_V2)", "threads": 2, "pinned": False}
    pinned, note = floats.environment(told, python=sys.executable)
    assert note == ""
    assert pinned[floats.SWITCH] == "pinned"
    assert kernels_in(pinned) == {"blas": "openblas Haswell", "simd": "X86_V3",
                                  "threads": 1, "pinned": True}


@needs_the_pin
def test_another_processors_kernels_differ_from_the_pin():
    other = floats.elsewhere(unpinned(), python=sys.executable)
    assert kernels_in(other)["blas"] == "openblas Sandybridge"
    assert not kernels_in(other)["pinned"]


def load_dev_py():
    spec = importlib.util.spec_from_file_location("dev", ROOT / "tools" / "dev.py")
    dev = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(dev)
    return dev


@needs_the_pin
def test_dev_py_applies_the_pin_to_the_command_it_becomes(monkeypatch):
    monkeypatch.setattr(os, "environ", {**unpinned(), "OPENBLAS_CORETYPE": "SkylakeX"})
    load_dev_py().float_environment(sys.executable)
    assert os.environ["OPENBLAS_CORETYPE"] == "Haswell"
    assert os.environ["NPY_ENABLE_CPU_FEATURES"] == "X86_V3"
    assert os.environ[floats.SWITCH] == "pinned"


def test_dev_py_leaves_a_native_run_alone(monkeypatch, capsys):
    monkeypatch.setattr(os, "environ", {**unpinned(), floats.SWITCH: "native",
                                        "OPENBLAS_CORETYPE": "Sandybridge"})
    load_dev_py().float_environment(sys.executable)
    assert os.environ["OPENBLAS_CORETYPE"] == "Sandybridge"
    assert "NPY_ENABLE_CPU_FEATURES" not in os.environ
    assert "native" in capsys.readouterr().err


@needs_the_pin
def test_the_test_suite_reports_its_float_environment_and_refuses_a_pin_that_did_not_take():
    command = [sys.executable, "-m", "pytest", "--collect-only", "-n", "0",
               "docs/appendix/floats.md"]
    pinned, _ = floats.environment(unpinned(), python=sys.executable)
    done = subprocess.run(command, cwd=ROOT, env=pinned, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "floats: pinned (openblas Haswell, NumPy X86_V3, 1 BLAS thread(s))" in done.stdout
    # asked for the pin, but told another kernel after it was applied
    broken = {**pinned, "OPENBLAS_CORETYPE": "Sandybridge"}
    done = subprocess.run(command, cwd=ROOT, env=broken, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 3
    assert "did not take" in done.stdout + done.stderr


@needs_the_pin
def test_a_command_line_started_outside_dev_py_runs_itself_again_under_the_pin():
    told = {**unpinned(), "OPENBLAS_CORETYPE": "Sandybridge"}
    code = ("from nnfs_lit import floats; floats.rerun_pinned(['-c', "
            "'from nnfs_lit import floats; print(floats.in_effect()[\"pinned\"])'])")
    done = subprocess.run([sys.executable, "-c", code], env=told, capture_output=True,
                          text=True, check=True, timeout=60)
    assert done.stdout.strip() == "True"
    native = {**told, floats.SWITCH: "native"}  # turned off: it runs as it was started
    done = subprocess.run([sys.executable, "-c", code + "; print('not rerun')"],
                          env=native, capture_output=True, text=True, check=True,
                          timeout=60)
    assert done.stdout.strip() == "not rerun"


# The book's examples, off the pin.

@pytest.mark.slow  # every example of the book once more, on other kernels
@needs_the_pin
def test_every_unmarked_example_holds_exactly_on_another_processors_kernels(tmp_path):
    """With the pin off and OpenBLAS and NumPy on the kernels of an older processor,
    every example passes: the unmarked ones exactly, the +KERNEL ones within the
    tolerance. So the marking is complete, for these kernels at least."""
    other = floats.elsewhere(unpinned(), python=sys.executable)
    done = subprocess.run([sys.executable, "-m", "pytest", "docs"],  # exercises included
                          cwd=ROOT, env=other, capture_output=True, text=True, timeout=900)
    assert "floats: NOT pinned (openblas Sandybridge" in done.stdout, done.stdout[:2000]
    assert done.returncode == 0, done.stdout[-6000:]


def test_the_kernel_note_is_on_the_page_under_a_marked_block_only():
    import pycon_copy

    marked = "```pycon\n>>> 0.5  # doctest: +KERNEL\n0.5\n\n```\n"
    plain = "```pycon\n>>> 0.5\n0.5\n\n```\n"
    shown = pycon_copy.wrap_blocks(marked, "../appendix/floats.md")
    assert 'class="kernel-note"' in shown
    assert "(../appendix/floats.md#where-the-pin-cannot-hold)" in shown
    assert "+KERNEL" not in shown.split("data-copy=")[1].split('markdown>', 1)[1]
    assert "kernel-note" not in pycon_copy.wrap_blocks(plain)



def test_the_published_site_is_tested_and_built_in_the_float_environment():
    import yaml

    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "pages.yml").read_text())
    commands = [step["run"] for step in workflow["jobs"]["build"]["steps"] if "run" in step]
    assert commands[0] == 'python3 tools/dev.py test -m "not slow"'  # before the build
    assert commands[1].startswith("python3 tools/dev.py build ")  # dev.py pins both
