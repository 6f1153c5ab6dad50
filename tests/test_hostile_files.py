"""Model files from strangers (docs/15-saving.md, "Reading a file you do not trust").

Each class of hostile file has a test here that fails without its guard: sizes that
claim more than the file holds, an architecture that asks for weights the file does
not have, JSON nested past Python's stack, members that are not arrays, too many
layers. Then a seeded, structure-aware fuzzer: thousands of files mutated from valid
models, each of which must load or raise a ValueError naming the file, with the
memory the loader allocates bounded (tracemalloc counts NumPy's arrays too)."""

import io
import json
import random
import struct
import time
import tracemalloc
import zipfile

import numpy as np
import pytest

from nnfs_lit import (
    BinaryCrossEntropy,
    Dense,
    Dropout,
    Linear,
    MeanSquaredError,
    Model,
    ReLU,
    Sigmoid,
    SoftmaxCrossEntropy,
    dense_stack,
    load_model,
    save_model,
)
from nnfs_lit.metrics import BinaryAccuracy, RegressionAccuracy
from nnfs_lit.saving import MAX_LAYERS, read_npz


def members(path):
    """{member name: bytes} of the zip at `path`."""
    with zipfile.ZipFile(path) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def zipped(path, contents, compression=zipfile.ZIP_STORED):
    """Write {member name: bytes} as a zip at `path`."""
    with zipfile.ZipFile(path, "w", compression) as archive:
        for name, data in contents.items():
            archive.writestr(name, data)
    return path


def npy(array):
    buffer = io.BytesIO()
    np.lib.format.write_array(buffer, np.asarray(array), allow_pickle=False)
    return buffer.getvalue()


def npy_claiming(shape, dtype="<f8", data=b"\0" * 64):
    """A .npy member whose header claims `shape`, followed by only `data`."""
    header = repr({"descr": dtype, "fortran_order": False, "shape": shape}).encode()
    header += b" " * (-(len(header) + 11) % 64) + b"\n"
    return b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) + header + data


@pytest.fixture
def saved(tmp_path):
    path = tmp_path / "model.npz"
    save_model(Model(*dense_stack([2, 8, 3], rng=np.random.default_rng(0)),
                     loss=SoftmaxCrossEntropy()), path)
    return path


def peak_bytes(action):
    """The most memory Python and NumPy held at once while `action` ran."""
    tracemalloc.start()
    try:
        action()
    finally:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return peak


def refused(path, match):
    with pytest.raises(ValueError, match=match) as caught:
        load_model(path)
    assert str(path) in str(caught.value)


def test_an_array_header_that_claims_more_than_its_member_holds_is_refused(tmp_path, saved):
    """8 terabytes claimed in 300 bytes: refused from the header, nothing allocated."""
    contents = members(saved)
    contents["layer0.weights.npy"] = npy_claiming((1_000_000, 1_000_000))
    bomb = zipped(tmp_path / "bomb.npz", contents)
    assert peak_bytes(lambda: refused(
        bomb, r"layer0\.weights\.npy claims shape \(1000000, 1000000\)")) < 2**20


def test_a_file_that_unpacks_to_more_than_the_bound_is_refused(tmp_path, saved):
    """The table of contents' sizes are added before anything is read."""
    refused_at = 200  # bytes: the small model unpacks to more than this
    with pytest.raises(ValueError, match=r"claims to unpack to \d+ bytes, more than the "
                                         r"200 a model file may hold"):
        read_npz(saved, max_bytes=refused_at)
    assert read_npz(saved)["layer0.weights"].shape == (2, 8)  # the default bound


def test_a_zip_bomb_is_refused_before_it_is_inflated(tmp_path, saved):
    """300 MB of zeros compress to 300 KB; the members' sizes say 300 MB."""
    contents = members(saved)
    contents["padding.npy"] = npy(np.zeros(300 * 2**20 // 8))
    bomb = zipped(tmp_path / "zeros.npz", contents, zipfile.ZIP_DEFLATED)
    assert bomb.stat().st_size < 2 * 2**20
    assert peak_bytes(lambda: refused(bomb, r"claims to unpack to \d+ bytes")) < 2**20


def test_an_architecture_cannot_make_the_loader_allocate_weights_the_file_lacks(
        tmp_path, saved):
    contents = members(saved)
    with zipfile.ZipFile(saved) as archive:
        architecture = json.loads(str(np.lib.format.read_array(
            archive.open("architecture.npy"))))
    architecture["layers"][0]["settings"] = {"n_inputs": 100_000, "n_neurons": 100_000}
    contents["architecture.npy"] = npy(np.array(json.dumps(architecture)))
    huge = zipped(tmp_path / "huge.npz", contents)
    assert peak_bytes(lambda: refused(
        huge, r"layer 0 \(Dense\) declares weights of shape \(100000, 100000\), and "
              r"the file holds \(2, 8\)")) < 2**20


def test_json_nested_past_pythons_stack_is_refused(tmp_path, saved):
    contents = members(saved)
    contents["architecture.npy"] = npy(np.array("[" * 100_000 + "]" * 100_000))
    refused(zipped(tmp_path / "deep.npz", contents), "nested too deeply")


def test_too_many_layers_are_refused_before_any_is_built(tmp_path, saved):
    contents = members(saved)
    many = {"layers": [{"kind": "ReLU", "settings": {}}] * (MAX_LAYERS + 1),
            "loss": None, "accuracy": None}
    contents["architecture.npy"] = npy(np.array(json.dumps(many)))
    refused(zipped(tmp_path / "many.npz", contents), rf"{MAX_LAYERS + 1} layers, more")


@pytest.mark.parametrize("name, data, match", [
    ("notes.txt", b"hello", r"members that are not one array each: \['notes.txt'\]"),
    ("layer0.weights.npy", b"not an array at all", r"damaged or holds more than arrays"),
    ("layer0.weights.npy", npy(np.ones((2, 8), dtype="S3")), r"holds \|S3, not numbers"),
    ("layer0.weights.npy", npy(np.ones((2, 8))) + b"tail", r"has bytes after its array"),
])
def test_a_member_that_is_not_a_plain_array_is_refused(tmp_path, saved, name, data, match):
    contents = members(saved)
    contents[name] = data
    refused(zipped(tmp_path / "odd.npz", contents), match)


# The fuzzer.

def valid_models():
    """Saved models of every kind of part the file format names."""
    rng = np.random.default_rng(0)
    return {
        "spiral": Model(Dense(2, 8, rng=rng, weight_regularizer_l2=1e-3), ReLU(),
                        Dropout(0.1, rng=rng), Dense(8, 3, rng=rng),
                        loss=SoftmaxCrossEntropy()),
        "binary": Model(Dense(2, 4, rng=rng), Sigmoid(), Dense(4, 1, rng=rng), Sigmoid(),
                        loss=BinaryCrossEntropy(), accuracy=BinaryAccuracy()),
        "regression": Model(Dense(1, 4, rng=rng), ReLU(), Dense(4, 1, rng=rng), Linear(),
                            loss=MeanSquaredError(), accuracy=RegressionAccuracy()),
    }


def mutate_json(value, chance):
    """`value` (parsed JSON) with numbers, strings and containers changed at random."""
    if chance.random() < 0.15:
        return chance.choice([None, -1, 0, 10**12, 1e308, "Dense", "os.system", [], {},
                              [[[[]]]], {"kind": "Dense"}, True, 2**64, "\u0000"])
    if isinstance(value, dict):
        changed = {key: mutate_json(item, chance) for key, item in value.items()}
        if changed and chance.random() < 0.1:
            del changed[chance.choice(sorted(changed))]
        if chance.random() < 0.05:
            changed[chance.choice(["extra", "kind", "settings", "rng"])] = 1
        return changed
    if isinstance(value, list):
        changed = [mutate_json(item, chance) for item in value]
        if changed and chance.random() < 0.2:
            changed.insert(chance.randrange(len(changed) + 1), chance.choice(changed))
        return changed
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return chance.choice([value, value * 1000, -value, value + 1, 0])
    return value


def architecture_text(contents):
    """The architecture's JSON text, if the member is still there and parses."""
    try:
        text = str(np.lib.format.read_array(io.BytesIO(contents["architecture.npy"])))
        json.loads(text)
    except Exception:  # noqa: BLE001 - an earlier mutation took it apart
        return None
    return text


def mutated_file(original, chance):
    """The bytes of one mutated file: one or two changes to members, shapes, dtypes,
    the architecture's text, or the zip's own bytes."""
    contents = members(original)
    names = sorted(contents)
    for _ in range(chance.choice([1, 1, 2])):
        how = chance.randrange(9)
        name = chance.choice(names)
        if how == 0:  # a member dropped
            contents.pop(name, None)
        elif how == 1:  # a member renamed
            contents[chance.choice(["x.npy", "layer9.weights.npy", "a", name + ".npy"])] = (
                contents.pop(name, b""))
        elif how == 2:  # an array of another shape or dtype
            shape = tuple(chance.choice([0, 1, 2, 3, 8]) for _ in range(chance.randrange(4)))
            dtype = chance.choice(["<f8", "<f4", "<i8", "|u1", "<U3", "|b1", "<c16"])
            contents[name] = npy(np.zeros(shape, dtype=dtype))
        elif how == 3:  # a header that claims another shape
            shape = tuple(chance.choice([1, 2, 10**6, 2**31]) for _ in range(2))
            contents[name] = npy_claiming(shape, chance.choice(["<f8", "|O", "<U5"]))
        elif how == 4:  # NaN or infinity among the weights
            contents[name] = npy(np.full((2, 8), chance.choice([np.nan, np.inf])))
        elif how in (5, 6) and architecture_text(contents) is None:
            contents.pop(name, None)  # the architecture is already gone or garbled
        elif how == 5:  # the architecture's JSON changed
            text = architecture_text(contents)
            contents["architecture.npy"] = npy(np.array(json.dumps(
                mutate_json(json.loads(text), chance))))
        elif how == 6:  # the architecture's text cut or garbled
            text = architecture_text(contents)
            cut = chance.randrange(len(text) + 1)
            contents["architecture.npy"] = npy(np.array(text[:cut] + chance.choice(
                ["", "}", "[" * 5000, "x"])))
        elif how == 7:  # the format version changed
            contents["format_version.npy"] = npy(np.array(chance.choice([0, 2, -1, 2**40])))
        else:  # a member's bytes flipped or cut
            data = bytearray(contents.get(name, b""))
            if data:
                position = chance.randrange(len(data))
                data[position] ^= 1 << chance.randrange(8)
                if chance.random() < 0.3:
                    del data[position:]
            contents[name] = bytes(data)
    buffer = io.BytesIO()
    compression = chance.choice([zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED])
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in contents.items():
            archive.writestr(name, data)
    data = bytearray(buffer.getvalue())
    if chance.random() < 0.15 and data:  # the zip structure itself damaged
        position = chance.randrange(len(data))
        data[position] = chance.randrange(256)
    return bytes(data)


@pytest.mark.slow  # thousands of files
def test_thousands_of_mutated_model_files_load_or_are_refused_by_name(tmp_path):
    originals = {}
    for name, model in valid_models().items():
        originals[name] = tmp_path / f"{name}.npz"
        save_model(model, originals[name])
    chance = random.Random(2026)  # seeded: the same files every run
    outcomes, largest, started = {"loaded": 0, "refused": 0}, 0, time.perf_counter()
    target = tmp_path / "fuzzed.npz"
    for case in range(3000):
        original = originals[chance.choice(sorted(originals))]
        target.write_bytes(mutated_file(original, chance))
        tracemalloc.start()
        try:
            load_model(target)
            outcomes["loaded"] += 1
        except ValueError as error:
            assert str(target) in str(error), f"case {case}: {error}"
            outcomes["refused"] += 1
        except Exception as error:  # noqa: BLE001 - any other exception is the failure
            pytest.fail(f"case {case}: {type(error).__name__}: {error}")
        finally:
            largest = max(largest, tracemalloc.get_traced_memory()[1])
            tracemalloc.stop()
    seconds = time.perf_counter() - started
    print(f"fuzz: {sum(outcomes.values())} files, {outcomes}, largest allocation "
          f"{largest / 2**20:.2f} MiB, {seconds:.1f} s")
    assert outcomes["refused"] > 2000 and outcomes["loaded"] > 10  # both happen
    assert largest < 32 * 2**20  # a few MiB of JSON and arrays at most
