"""Saving and loading under faults (docs/15-saving.md): what the chapter's examples do
not already show. The chapter checks a save that fails inside Python, a text file, a
file cut at one length, every single flipped byte, a pickled object, a future format
version, an unknown kind and parameters of the wrong shape. Here: a save killed by
SIGKILL while it writes, a file cut at every length, a format version that is missing
or not an integer, and an architecture that contradicts the file's own arrays."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from nnfs_lit import Model, SoftmaxCrossEntropy, dense_stack, load_model, save_model

ROOT = Path(__file__).resolve().parent.parent

# A child that saves a model of about 96 MB (three 2000x2000 Dense layers): on this
# machine the write takes about a second, long enough to be killed in the middle.
BIG_SAVE = """
import sys
import numpy as np
from nnfs_lit import Model, SoftmaxCrossEntropy, dense_stack, save_model
model = Model(*dense_stack([2000, 2000, 2000, 2000, 3], rng=np.random.default_rng(1)),
              loss=SoftmaxCrossEntropy())
print("saving", flush=True)
save_model(model, sys.argv[1])
print("saved", flush=True)
"""


def small_model(seed=0, sizes=(2, 8, 3)):
    return Model(*dense_stack(list(sizes), rng=np.random.default_rng(seed)),
                 loss=SoftmaxCrossEntropy())


def snapshot(directory):
    """{name: (size, mtime)} of every file in `directory`."""
    return {p.name: (p.stat().st_size, p.stat().st_mtime_ns) for p in directory.iterdir()}


def test_a_save_killed_while_it_writes_leaves_the_previous_file_whole(tmp_path):
    path = tmp_path / "model.npz"
    good = small_model()
    save_model(good, path)
    before, files_before = path.read_bytes(), snapshot(tmp_path)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    child = subprocess.Popen([sys.executable, "-c", BIG_SAVE, str(path)], env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert child.stdout.readline() == "saving\n", child.stderr.read()
        # Wait until the save has written its first megabyte, wherever it writes it
        # (a temporary file, or the path itself if the save were not atomic), then kill.
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and child.poll() is None:
            now = snapshot(tmp_path)
            changed = {name: size for name, (size, _) in now.items()
                       if files_before.get(name) != now[name]}
            if any(size > 2**20 for size in changed.values()):
                break
            time.sleep(0.001)
        assert child.poll() is None, "the save finished before it could be killed"
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    assert child.returncode == -signal.SIGKILL
    assert changed, "nothing was being written when the save was killed"

    assert path.read_bytes() == before  # the previous good file, byte for byte
    loaded = load_model(path)
    assert all(np.array_equal(a.weights, b.weights) and np.array_equal(a.biases, b.biases)
               for a, b in zip(loaded.trainable_layers, good.trainable_layers, strict=True))
    # A killed process cannot clean up: its temporary file stays. It is named so that it
    # can never be taken for the model: hidden, beside it, ending in .tmp. save_model does
    # not delete such files (it cannot tell a dead writer's from a live one's: the
    # chapter says so), and the next save is not disturbed by it.
    left = sorted(set(os.listdir(tmp_path)) - {"model.npz"})
    assert len(left) == 1, left
    assert left[0].startswith(".model.npz.") and left[0].endswith(".tmp"), left
    save_model(small_model(seed=5), path)
    assert path.read_bytes() != before and load_model(path).layers[0].weights.shape == (2, 8)
    assert sorted(set(os.listdir(tmp_path)) - {"model.npz"}) == left


def test_a_file_cut_at_any_length_is_refused_with_a_value_error(tmp_path):
    path = tmp_path / "model.npz"
    save_model(small_model(), path)
    whole = path.read_bytes()
    cut = tmp_path / "cut.npz"
    for length in range(len(whole)):
        cut.write_bytes(whole[:length])
        with pytest.raises(ValueError) as refused:
            load_model(cut)
        message = str(refused.value)
        assert message.startswith(str(cut)), (length, message)
        assert ("is damaged" in message or "is not an .npz file" in message), (
            length, message)


def rewritten(path, target, drop=(), **changes):
    """A copy of the .npz at `path` at `target`, with arrays changed or dropped."""
    with np.load(path, allow_pickle=False) as saved:
        arrays = {name: saved[name] for name in saved.files if name not in drop}
    with open(target, "wb") as file:
        np.savez(file, **{**arrays, **changes})
    return target


@pytest.mark.parametrize("version, problem", [
    (None, "has no format_version: not saved by nnfs_lit"),
    (np.array(1.0), "has no format_version: not saved by nnfs_lit"),  # a float
    (np.array("1"), "has no format_version: not saved by nnfs_lit"),  # text
    (np.array([1]), "has no format_version: not saved by nnfs_lit"),  # not a scalar
    (np.array(0), "has format version 0; this nnfs_lit reads version 1"),
    (np.array(2), "has format version 2; this nnfs_lit reads version 1"),
], ids=["missing", "float", "text", "array", "older", "newer"])
def test_a_missing_or_other_format_version_is_named(tmp_path, version, problem):
    path = tmp_path / "model.npz"
    save_model(small_model(), path)
    changes = {} if version is None else {"format_version": version}
    target = rewritten(path, tmp_path / "other.npz",
                       drop=("format_version",) if version is None else (), **changes)
    with pytest.raises(ValueError) as refused:
        load_model(target)
    assert str(refused.value) == f"{target} {problem}"


def with_architecture(path, target, edit):
    with np.load(path, allow_pickle=False) as saved:
        architecture = json.loads(str(saved["architecture"]))
    edit(architecture)
    return rewritten(path, target, architecture=np.array(json.dumps(architecture)))


def test_an_architecture_that_contradicts_the_files_arrays_is_named(tmp_path):
    path = tmp_path / "model.npz"
    save_model(small_model(), path)  # Dense(2, 8), ReLU, Dense(8, 3)

    def narrower(architecture):
        architecture["layers"][0]["settings"]["n_neurons"] = 4
        architecture["layers"][2]["settings"]["n_inputs"] = 4

    target = with_architecture(path, tmp_path / "narrower.npz", narrower)
    with pytest.raises(ValueError, match=r"narrower\.npz: layer 0 \(Dense\) declares "
                       r"weights of shape \(2, 4\), and the file holds \(2, 8\)"):
        load_model(target)

    def deeper(architecture):
        architecture["layers"] += [{"kind": "ReLU", "settings": {}},
                                   {"kind": "Dense",
                                    "settings": {"n_inputs": 3, "n_neurons": 3}}]

    target = with_architecture(path, tmp_path / "deeper.npz", deeper)
    with pytest.raises(ValueError, match=r"deeper\.npz: layer 4 \(Dense\) declares "
                       r"weights of shape \(3, 3\), and the file holds none"):
        load_model(target)

    def shallower(architecture):
        del architecture["layers"][1:]

    target = with_architecture(path, tmp_path / "shallower.npz", shallower)
    with pytest.raises(ValueError, match=r"shallower\.npz does not fit this model: the "
                       r"model has no layer2\.weights, layer2\.biases"):
        load_model(target)

    target = rewritten(path, tmp_path / "ints.npz",
                       **{"layer0.weights": np.ones((2, 8), dtype=np.int64)})
    with pytest.raises(ValueError, match=r"ints\.npz: layer 0 \(Dense\): weights must be "
                       r"finite floats in the file"):
        load_model(target)


def test_the_one_writer_replaces_a_file_whole_or_leaves_it_as_it_was(tmp_path):
    """nnfs_lit.files.written_whole, which figures, saved models and the build's
    records all go through: a failure inside the block leaves the old bytes and no
    temporary file; a success replaces them, readable by everyone (0644)."""
    from nnfs_lit.files import written_whole

    path = tmp_path / "record.json"
    path.write_text("the old record")
    with pytest.raises(RuntimeError, match="the disk is full"):
        with written_whole(path, "w", encoding="utf-8") as file:
            file.write("half of a new rec")
            raise RuntimeError("the disk is full")
    assert path.read_text() == "the old record"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["record.json"]
    with written_whole(path, "w", encoding="utf-8") as file:
        file.write("the new record")
        assert path.read_text() == "the old record"  # nothing shows before the end
    assert path.read_text() == "the new record"
    assert path.stat().st_mode & 0o777 == 0o644
    assert sorted(p.name for p in tmp_path.iterdir()) == ["record.json"]
