"""`python -m nnfs_lit`: the seed project's script, reproduced to the last printed digit."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"

# What the seed project's README printed for its run.
SEED_LINES = [
    "Epoch     0 | Loss: 1.0986 | Accuracy: 0.3400",
    "Final Loss: 1.0826",
    "Final Accuracy: 0.4333",
    "True labels: [0 0 0 0 0]",
    "Predictions: [1 1 1 1 1]",
    "Sample 0: [0.31497345 0.35855036 0.32647619]",
]


def nnfs_lit(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "nnfs_lit", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=600)


def test_fast_run_prints_the_story_and_writes_both_figures(tmp_path):
    done = nnfs_lit("--epochs", "20", "--log-every", "10", "--hidden", "8",
                    "--learning-rate", "0.5", "--out", str(tmp_path / "figs"))
    assert done.returncode == 0, done.stderr
    for heading in ["1. Dataset", "2. Architecture", "3. Training", "4. Results",
                    "5. Sample predictions", "6. Plots"]:
        assert heading in done.stdout
    assert "Input(2) -> Dense(8) -> ReLU -> Dense(3)" in done.stdout
    assert [line[:11] for line in done.stdout.splitlines() if line.startswith("Epoch")] == [
        "Epoch     0", "Epoch    10"]
    for name in ["training_progress.png", "decision_boundary.png"]:
        data = (tmp_path / "figs" / name).read_bytes()
        assert data.startswith(PNG_SIGNATURE) and len(data) > 10_000
    assert not [p for p in (tmp_path / "figs").iterdir() if p.name.startswith(".")]


def test_progress_bar_stays_off_stdout_when_piped(tmp_path):
    done = nnfs_lit("--epochs", "5", "--out", str(tmp_path))
    assert "epoch/s" not in done.stdout and "\r" not in done.stdout
    assert done.stderr == ""


@pytest.mark.slow
def test_default_run_reproduces_the_seed_numbers(tmp_path):
    done = nnfs_lit(cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    for expected in SEED_LINES:
        assert expected in lines
    logged = [line for line in lines if line.startswith("Epoch")]
    assert len(logged) == 53 and logged[-1].startswith("Epoch 52000")
    assert (tmp_path / "figures" / "training_progress.png").read_bytes().startswith(PNG_SIGNATURE)
    assert (tmp_path / "figures" / "decision_boundary.png").read_bytes().startswith(PNG_SIGNATURE)


@pytest.mark.parametrize("args, message", [
    (["--epochs", "-5"], "argument --epochs: must be a positive integer, got '-5'"),
    (["--epochs", "0"], "argument --epochs: must be a positive integer, got '0'"),
    (["--epochs", "ten"], "argument --epochs: must be a positive integer, got 'ten'"),
    (["--hidden", "0"], "argument --hidden: must be a positive integer, got '0'"),
    (["--learning-rate", "-1"], "argument --learning-rate: must be a positive number, got '-1'"),
    (["--learning-rate", "inf"], "argument --learning-rate: must be a positive number, got 'inf'"),
    (["--log-every", "0"], "argument --log-every: must be a positive integer, got '0'"),
    (["--seed", "-1"], "argument --seed: must be a whole number >= 0, got '-1'"),
    # beyond what NumPy takes or a machine can allocate: refused before anything runs
    (["--seed", str(2**32)], f"argument --seed: must be at most {2**32 - 1}, got '{2**32}'"),
    (["--epochs", "1" + "0" * 15],
     "argument --epochs: must be at most 10000000, got '1000000000000000'"),
    (["--hidden", "1" + "0" * 12],
     "argument --hidden: must be at most 100000, got '1000000000000'"),
    (["--bogus"], "unrecognized arguments: --bogus"),
    (["--model", "nope"],
     "argument --model: invalid choice: 'nope' "
     "(choose from 'seed', 'textbook', 'best', 'digits', 'mnist', 'mnist-dense', "
     "'mnist1d')"),
    (["--model", "digits", "--learning-rate", "0.1"],
     "argument --model: --learning-rate is for the seed run only"),
    (["--model", "best", "--hidden", "8", "--epochs", "5"],
     "argument --model: --epochs, --hidden are for the seed run only"),
])
def test_bad_arguments_get_one_clear_line_and_exit_code_2(tmp_path, args, message):
    done = nnfs_lit(*args, "--out", str(tmp_path))
    assert done.returncode == 2
    assert done.stderr == f"nnfs-lit: error: {message}\n"
    assert done.stdout == ""
    assert not list(tmp_path.iterdir())


ONE_PATH_ONLY = """
import sys
import nnfs_lit.cli
import nnfs_lit.training
from nnfs_lit.fast import FastNetwork

out, path = sys.argv[1:]

def refuse(*args, **kwargs):
    raise SystemExit(f"the other path trained, not {path}")

if path == "plain":  # the engine's loop must not run
    FastNetwork.train = staticmethod(refuse)
else:  # chapter 7's train() must not run
    nnfs_lit.training.train = refuse
plain = ["--plain"] if path == "plain" else []
sys.exit(nnfs_lit.cli.main(["--epochs", "300", "--out", out, *plain]))
"""


def test_plain_trains_with_the_chapters_code_and_prints_the_same_numbers(tmp_path):
    """Without --plain the engine trains and chapter 7's train() never runs; with it,
    train() runs and the engine never does; and the two print the same story."""
    printed = {}
    for path in ("engine", "plain"):
        done = subprocess.run([sys.executable, "-c", ONE_PATH_ONLY, str(tmp_path / path),
                               path], capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, done.stderr
        printed[path] = [line for line in done.stdout.splitlines()
                         if "trained in" not in line and str(tmp_path) not in line]
    assert printed["engine"] == printed["plain"]
    assert any(line.startswith("Final Loss:") for line in printed["plain"])


def test_help_names_every_option():
    done = nnfs_lit("--help")
    assert done.returncode == 0
    for option in ["--epochs", "--learning-rate", "--hidden", "--seed", "--log-every",
                   "--out", "--show", "--model", "--json", "--plain"]:
        assert option in done.stdout
    assert "(default: 53000)" in done.stdout
    # argparse lists the choices
    assert "{seed,textbook,best,digits,mnist,mnist-dense,mnist1d}" in done.stdout


@pytest.mark.slow  # trains a whole recipe of chapter 16 or 18
def test_model_json_is_one_line_of_numbers_on_stdout(tmp_path):
    import json

    done = nnfs_lit("--model", "textbook", "--json", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert len(lines) == 1
    numbers = json.loads(lines[0])
    assert set(numbers) == {"model", "train_accuracy", "validation_accuracy",
                            "test_accuracy", "final_loss", "epochs", "seconds", "floats"}
    assert numbers["model"] == "textbook" and numbers["epochs"] == 10000
    assert numbers["train_accuracy"] > numbers["test_accuracy"] > 0.6  # it overfits
    assert list(tmp_path.iterdir()) == []  # --json saves no figures


@pytest.mark.slow  # trains a whole recipe of chapter 16 or 18
def test_model_story_reports_three_sets_and_saves_the_figures(tmp_path):
    done = nnfs_lit("--model", "textbook", "--seed", "1", "--out", str(tmp_path))
    assert done.returncode == 0, done.stderr
    for part, points in [("train", 300), ("validation", 300), ("test", 3000)]:
        assert f"({points} points)" in done.stdout and f"{part} accuracy:" in done.stdout
    assert "seed 1" in done.stdout
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "decision_boundary.png", "training_progress.png"]


def test_unwritable_output_directory_is_refused_before_training(tmp_path):
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("a file where the output directory should be")
    done = nnfs_lit("--epochs", "2", "--out", str(blocker / "figs"))
    assert done.returncode == 2
    assert done.stderr == (f"nnfs-lit: error: argument --out: cannot write to "
                           f"{blocker / 'figs'}: Not a directory\n")
    assert done.stdout == ""  # refused before the story starts, so before training
    assert blocker.read_text() == "a file where the output directory should be"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["not-a-dir"]


def test_a_figure_that_fails_to_save_leaves_the_previous_file_whole(tmp_path, monkeypatch):
    from matplotlib.figure import Figure

    from nnfs_lit.plots import save_figure

    target = tmp_path / "decision_boundary.png"
    good = save_figure(Figure(figsize=(2, 2)), target).read_bytes()

    def fail_halfway(self, file, **kwargs):
        file.write(PNG_SIGNATURE + b"half a picture")
        raise OSError("disk full")

    monkeypatch.setattr(Figure, "savefig", fail_halfway)
    with pytest.raises(OSError, match="disk full"):
        save_figure(Figure(figsize=(2, 2)), target)
    assert target.read_bytes() == good
    assert [p.name for p in tmp_path.iterdir()] == ["decision_boundary.png"]


def test_python_without_the_dependencies_names_them_and_the_command_that_works(tmp_path):
    # -S hides site-packages: this Python finds nnfs_lit (through PYTHONPATH) but not
    # matplotlib or tqdm, like a system Python in a fresh clone.
    root = Path(__file__).resolve().parent.parent
    numpy_dir = Path(__import__("numpy").__file__).parent.parent
    shim = tmp_path / "site"
    shim.mkdir()
    (shim / "numpy").symlink_to(numpy_dir / "numpy")
    env = {"PYTHONPATH": f"{root}{os.pathsep}{shim}", "PATH": os.environ["PATH"]}
    done = subprocess.run([sys.executable, "-S", "-m", "nnfs_lit"], capture_output=True,
                          text=True, env=env, cwd=tmp_path, timeout=60)
    assert done.returncode == 1
    assert "lacks matplotlib, tqdm" in done.stderr
    assert "python3 tools/dev.py run" in done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "figures").exists()


PAINTED_ELSEWHERE = """
import sys
from nnfs_lit.cli import main
status = main(["--epochs", "3", "--out", sys.argv[1]])
print("matplotlib in this process:", "matplotlib" in sys.modules)
"""


def test_the_pictures_are_drawn_by_painter_processes(tmp_path):
    """The command's own process never imports matplotlib: its painters draw."""
    done = subprocess.run([sys.executable, "-c", PAINTED_ELSEWHERE, str(tmp_path)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout.rstrip().endswith("matplotlib in this process: False")
    for name in ["training_progress.png", "decision_boundary.png"]:
        assert (tmp_path / name).read_bytes().startswith(PNG_SIGNATURE)


def _die():
    os._exit(3)


def test_a_dead_painter_leaves_the_pictures_to_the_command(tmp_path):
    from concurrent.futures import ProcessPoolExecutor

    from nnfs_lit.cli import save_pictures
    from nnfs_lit.training import TrainingConfig, run_training

    run = run_training(TrainingConfig(epochs=5))
    broken = ProcessPoolExecutor(1, initializer=_die)
    paths = save_pictures(run, tmp_path, painter=broken)
    assert sorted(path.name for path in paths) == ["decision_boundary.png",
                                                    "training_progress.png"]
    assert all(path.read_bytes().startswith(PNG_SIGNATURE) for path in paths)


@pytest.mark.slow  # trains a whole recipe of chapter 16 or 18
def test_model_digits_json_has_the_same_fields_and_a_real_test_accuracy(tmp_path):
    import json

    done = nnfs_lit("--model", "digits", "--json", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    (line,) = done.stdout.splitlines()
    numbers = json.loads(line)
    assert set(numbers) == {"model", "train_accuracy", "validation_accuracy",
                            "test_accuracy", "final_loss", "epochs", "seconds", "floats"}
    assert numbers["model"] == "digits" and numbers["epochs"] == 50
    assert numbers["test_accuracy"] >= 0.97  # chapter 18's network, seed 0
    assert numbers["train_accuracy"] >= numbers["validation_accuracy"] > 0.95
    assert 0 < numbers["seconds"] < 60
    assert list(tmp_path.iterdir()) == []  # --json saves no figures


@pytest.mark.slow  # trains a whole recipe of chapter 16 or 18
def test_model_digits_saves_its_own_pictures_not_a_decision_boundary(tmp_path):
    done = nnfs_lit("--model", "digits", "--seed", "1", "--out", str(tmp_path / "figs"))
    assert done.returncode == 0, done.stderr
    assert "handwritten digits" in done.stdout and "seed 1" in done.stdout
    assert "test accuracy:       0.9" in done.stdout and "(359 digits)" in done.stdout
    names = sorted(path.name for path in (tmp_path / "figs").iterdir())
    assert names == ["confusion_matrix.png", "misclassified.png", "training_progress.png"]
    for name in names:
        data = (tmp_path / "figs" / name).read_bytes()
        assert data.startswith(PNG_SIGNATURE) and len(data) > 10_000
