# Tangled from the chapters in docs/ by tools/tangle.py: edit the book, not this file.

# docs/15-saving.md, "Writing a file that is never half written"
"""Saving and loading: a model's arrays and its architecture in one .npz, no pickle."""

import inspect
import json
import math
import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from nnfs_lit import checks
from nnfs_lit.activations import Linear, ReLU, Sigmoid, Softmax
from nnfs_lit.files import written_whole
from nnfs_lit.layers import Dense, Dropout
from nnfs_lit.losses import (
    BinaryCrossEntropy,
    CategoricalCrossEntropy,
    MeanAbsoluteError,
    MeanSquaredError,
    SoftmaxCrossEntropy,
)
from nnfs_lit.metrics import BinaryAccuracy, CategoricalAccuracy, RegressionAccuracy
from nnfs_lit.model import Model

FORMAT_VERSION = 1  # the layout of the file; a file of another version is refused
PARAMETERS = ("weights", "biases")  # the arrays of a layer with parameters


def write_npz(path, arrays):
    """Write `arrays` ({name: array}) to the .npz file `path`, atomically: a reader
    sees the old file or the new one, never half of one. `path` is used as given."""
    with written_whole(path) as file:  # Appendix G
        np.savez(file, allow_pickle=False, **arrays)  # a file: no ".npz" added


# docs/15-saving.md, "Describing a model: a table of kinds", block 1
@dataclass(frozen=True)
class Kind:
    """A class that a file may name, with what describes one of its objects.

    `settings` name the constructor's arguments, each also an attribute of the
    object, with the same meaning; `needs_rng` says the constructor takes rng=.
    """

    cls: type
    settings: tuple = ()
    needs_rng: bool = False


def kinds(*entries):
    """A table {class name: Kind}."""
    return {entry.cls.__name__: entry for entry in entries}


# Everything a file may name: support a new class in these tables, and nowhere else.
LAYERS = kinds(
    Kind(Dense, ("n_inputs", "n_neurons", "weight_regularizer_l1",
                 "weight_regularizer_l2", "bias_regularizer_l1", "bias_regularizer_l2"),
         needs_rng=True),
    Kind(Dropout, ("rate",), needs_rng=True),
    Kind(ReLU),
    Kind(Softmax),
    Kind(Sigmoid),
    Kind(Linear),
)  # chapter 23 adds the layers for images
LOSSES = kinds(
    Kind(SoftmaxCrossEntropy),
    Kind(CategoricalCrossEntropy),
    Kind(BinaryCrossEntropy),
    Kind(MeanSquaredError),
    Kind(MeanAbsoluteError),
)
ACCURACIES = kinds(
    Kind(CategoricalAccuracy),
    Kind(BinaryAccuracy, ("threshold",)),
    Kind(RegressionAccuracy, ("precision",)),
)


# docs/15-saving.md, "Describing a model: a table of kinds", block 2
def describe(role, table, part):
    """{"kind": class name, "settings": {...}} for a layer, loss or accuracy."""
    if part is None:
        return None
    kind = table.get(type(part).__name__)
    if kind is None or kind.cls is not type(part):
        raise ValueError(f"cannot save a {role} of kind {type(part).__name__}: add it "
                         f"to the table of {role} kinds in nnfs_lit/saving.py")
    defaults = {name: parameter.default for name, parameter
                in inspect.signature(kind.cls).parameters.items()}
    settings = {}
    for name in kind.settings:
        value = getattr(part, name)
        value = value.item() if isinstance(value, np.generic) else value  # JSON's types
        if name not in defaults or value != defaults[name]:
            settings[name] = value  # a setting at its default is left out
    return {"kind": kind.cls.__name__, "settings": settings}


def checked_model(function, model, path):
    """`model`, if it is a Model: else a TypeError that names the mistake, such as
    save_model(path, model), the arguments swapped."""
    if isinstance(path, Model) and not isinstance(model, Model):
        raise TypeError(f"{function}(model, path): the arguments are swapped: got "
                        f"{type(model).__name__} {model!r} first, the Model second")
    if not isinstance(model, Model):
        raise TypeError(f"{function}: expected a Model, got {type(model).__name__}")
    return model


def parameters(model):
    """{"layer<i>.<name>": array} for every parameter of every layer of `model`."""
    if not isinstance(model, Model):
        raise TypeError(f"expected a Model, got {type(model).__name__}")
    arrays = {}
    for index, layer in enumerate(model.layers):
        for name in PARAMETERS:
            if not hasattr(layer, name):
                continue
            array = np.asarray(getattr(layer, name))
            if not np.isfinite(array).all():
                raise ValueError(f"layer {index} ({type(layer).__name__}): {name} hold "
                                 "NaN or infinity: not saved")
            arrays[f"layer{index}.{name}"] = array
    return arrays


def save_parameters(model, path):
    """Write the weights and biases of every layer of `model` to `path` (.npz)."""
    checked_model("save_parameters", model, path)
    write_npz(path, {"format_version": np.array(FORMAT_VERSION), **parameters(model)})


def save_model(model, path):
    """Write `model` to `path` (.npz): its parameters, and its layers, loss and
    accuracy as JSON text. The optimizer is not saved."""
    checked_model("save_model", model, path)
    architecture = {
        "layers": [describe("layer", LAYERS, layer) for layer in model.layers],
        "loss": describe("loss", LOSSES, model.loss),
        "accuracy": describe("accuracy", ACCURACIES, model.accuracy),
    }
    text = json.dumps(architecture, allow_nan=False)
    write_npz(path, {"format_version": np.array(FORMAT_VERSION),
                     "architecture": np.array(text),  # a 0-d Unicode array: text
                     **parameters(model)})


# docs/15-saving.md, "Reading a file you do not trust", block 1
MAX_BYTES = 256 * 2**20  # what a model file may unpack to, in all: bounded memory
MAX_LAYERS = 10_000  # how many layers an architecture may list: bounded time


def array_headers(archive, path, max_bytes):
    """{name: (shape, dtype)} of every member of the zip `archive`, read from the
    headers alone, once the sizes they claim are checked against `max_bytes`."""
    members = archive.infolist()
    names = [member.filename for member in members]
    strangers = [name for name in names if not name.endswith(".npy")]
    if strangers or len(set(names)) != len(names):
        raise ValueError(f"{path} holds members that are not one array each: "
                         f"{(strangers or names)[:3]}")
    claimed = sum(member.file_size for member in members)  # from the table of contents
    if claimed > max_bytes:
        raise ValueError(f"{path} claims to unpack to {claimed} bytes, more than the "
                         f"{max_bytes} a model file may hold")
    headers = {}
    for member in members:
        with archive.open(member) as stream:
            version = np.lib.format.read_magic(stream)
            if version not in ((1, 0), (2, 0)):
                raise ValueError(f"{path}: {member.filename} is an array of format "
                                 f"{version}, not 1.0 or 2.0")
            read_header = (np.lib.format.read_array_header_1_0 if version == (1, 0)
                           else np.lib.format.read_array_header_2_0)
            shape, _, dtype = read_header(stream)
        if dtype.hasobject or dtype.kind not in "iufU":
            raise ValueError(f"{path}: {member.filename} holds {dtype}, not numbers "
                             "or text")
        if math.prod(shape) * dtype.itemsize > member.file_size:  # Python ints: exact
            raise ValueError(f"{path}: {member.filename} claims shape {shape} of "
                             f"{dtype}, more than its {member.file_size} bytes hold")
        headers[member.filename.removesuffix(".npy")] = (shape, dtype)
    return headers


def read_arrays(archive, path):
    """{name: array} of every member, each read to its end: zip checks its checksum
    there, and nothing may follow the array's data."""
    arrays = {}
    for member in archive.infolist():
        with archive.open(member) as stream:
            array = np.lib.format.read_array(stream, allow_pickle=False)
            if stream.read(1):
                raise ValueError(f"{path}: {member.filename} has bytes after its array")
        arrays[member.filename.removesuffix(".npy")] = array
    return arrays


# docs/15-saving.md, "Reading a file you do not trust", block 2
ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")  # how a zip archive (or an empty one) begins


def read_npz(path, max_bytes=MAX_BYTES):
    """{name: array} of every array in the .npz file `path`, read without pickle, and
    checked: a readable, undamaged archive of this format version, whose arrays take
    at most `max_bytes` in all."""
    path = Path(path)
    with open(path, "rb") as file:  # FileNotFoundError if there is no file
        magic = file.read(4)
    if magic not in ZIP_MAGIC:
        raise ValueError(f"{path} is not an .npz file (a zip archive); "
                         f"it begins with {magic!r}")
    try:
        with zipfile.ZipFile(path) as archive:
            array_headers(archive, path, max_bytes)  # before anything is allocated
            arrays = read_arrays(archive, path)
    except ValueError as error:
        if str(path) in str(error):  # one of ours: it names the file already
            raise
        raise ValueError(f"{path} is damaged or holds more than arrays: {error}"
                         ) from error
    except Exception as error:  # zipfile and NumPy raise a dozen kinds of error here
        raise ValueError(f"{path} is damaged or holds more than arrays: {error}"
                         ) from error
    version = arrays.get("format_version")
    if version is None or version.shape != () or version.dtype.kind not in "iu":
        raise ValueError(f"{path} has no format_version: not saved by nnfs_lit")
    if int(version) != FORMAT_VERSION:
        raise ValueError(f"{path} has format version {int(version)}; this nnfs_lit "
                         f"reads version {FORMAT_VERSION}")
    return arrays


# docs/15-saving.md, "Reading a file you do not trust", block 3
def set_parameters(model, arrays, path):
    """Give every layer of `model` its parameters from `arrays`, if all of them fit."""
    wanted = {f"layer{index}.{name}": (index, layer, name)
              for index, layer in enumerate(model.layers)
              for name in PARAMETERS if hasattr(layer, name)}
    saved = [name for name in arrays if name not in ("format_version", "architecture")]
    missing = [name for name in wanted if name not in saved]
    extra = [name for name in saved if name not in wanted]
    if missing:
        raise ValueError(f"{path} does not fit this model: the file has no "
                         f"{', '.join(missing)}")
    if extra:
        raise ValueError(f"{path} does not fit this model: the model has no "
                         f"{', '.join(extra)}")
    for key, (index, layer, name) in wanted.items():
        array, current = arrays[key], getattr(layer, name)
        where = f"{path}: layer {index} ({type(layer).__name__})"
        if array.shape != current.shape:
            raise ValueError(f"{where}: {name} have shape {array.shape} in the file "
                             f"and {current.shape} in the model")
        if array.dtype.kind != "f" or not np.isfinite(array).all():
            raise ValueError(f"{where}: {name} must be finite floats in the file")
    for key, (_, layer, name) in wanted.items():
        setattr(layer, name, arrays[key])


def load_parameters(model, path):
    """Load the weights and biases saved at `path` into `model`, which must have the
    architecture they were saved from. Returns the model."""
    checked_model("load_parameters", model, path)
    set_parameters(model, read_npz(path), path)
    return model


# docs/15-saving.md, "Reading a file you do not trust", block 4
def build(where, table, description, rng, path):
    """The object that `description` ({"kind", "settings"}) names, if the table
    lists its kind."""
    if description is None:
        return None
    if (not isinstance(description, dict) or set(description) != {"kind", "settings"}
            or not isinstance(description["kind"], str)):
        raise ValueError(f"{path}: {where} must be described by a kind and settings, "
                         f"got {description!r}")
    kind = table.get(description["kind"])  # looked up in the table, never imported
    if kind is None:
        raise ValueError(f"{path}: {where} has the unknown kind "
                         f"{description['kind']!r}; nnfs_lit/saving.py lists the "
                         "kinds a file may name")
    settings = description["settings"]
    if not isinstance(settings, dict) or not set(settings) <= set(kind.settings):
        raise ValueError(f"{path}: {where} ({description['kind']}) takes the settings "
                         f"{list(kind.settings)}, got {settings!r}")
    try:
        return kind.cls(**settings, **({"rng": rng} if kind.needs_rng else {}))
    except (TypeError, ValueError) as error:
        raise ValueError(f"{path}: {where} ({description['kind']}): {error}") from error


def read_architecture(text, path):
    """The architecture {"layers": [...], "loss": ..., "accuracy": ...} that the
    0-d text array `text` holds as JSON."""
    if text.shape != () or text.dtype.kind != "U":
        raise ValueError(f"{path}: the architecture must be text, got an array of "
                         f"dtype {text.dtype} and shape {text.shape}")
    try:
        architecture = json.loads(str(text))
    except ValueError as error:
        raise ValueError(f"{path}: the architecture is not JSON: {error}") from error
    except RecursionError:  # [[[[...]]]] deeper than Python's stack
        raise ValueError(f"{path}: the architecture is nested too deeply") from None
    if (not isinstance(architecture, dict)
            or set(architecture) != {"layers", "loss", "accuracy"}
            or not isinstance(architecture["layers"], list)):
        raise ValueError(f"{path}: the architecture must hold a list of layers, a loss "
                         "and an accuracy")
    if len(architecture["layers"]) > MAX_LAYERS:
        raise ValueError(f"{path}: the architecture has {len(architecture['layers'])} "
                         f"layers, more than {MAX_LAYERS}")
    return architecture


def claimed_shape(kind, settings):
    """The shape of weights that a Dense or Conv2D layer's settings claim; None for
    another kind, which allocates nothing, or for sizes that are not whole numbers
    (the layer refuses them when built, and says why)."""
    if kind == "Dense":
        shape = (settings.get("n_inputs"), settings.get("n_neurons"))
    elif kind == "Conv2D":  # (out_channels, in_channels, kh, kw)
        kernel = settings.get("kernel_size")
        kernel = [kernel, kernel] if isinstance(kernel, int) else kernel
        if not isinstance(kernel, list) or len(kernel) != 2:
            return None
        shape = (settings.get("out_channels"), settings.get("in_channels"), *kernel)
    else:
        return None
    return shape if all(isinstance(size, int) and size > 0 for size in shape) else None


def check_sizes(architecture, arrays, path):
    """Each Dense or Conv2D layer's sizes agree with the weights the file holds for
    it, checked before any layer is built: a file cannot make the loader allocate
    what it claims without holding it."""
    for index, description in enumerate(architecture["layers"]):
        if not isinstance(description, dict):
            continue  # build() names what is wrong with it
        settings = description.get("settings")
        if not isinstance(settings, dict):
            continue
        claimed = claimed_shape(description.get("kind"), settings)
        if claimed is None:
            continue
        held = arrays.get(f"layer{index}.weights")
        if held is None or held.shape != claimed:
            raise ValueError(f"{path}: layer {index} ({description['kind']}) declares "
                             f"weights of shape {claimed}, and the file holds "
                             f"{'none' if held is None else held.shape}")


def load_model(path, *, rng=None):
    """The Model saved at `path` by save_model, ready for predict() and evaluate().

    It has no optimizer: set model.optimizer to train it further. `rng` is for the
    layers that draw random numbers; by default np.random.default_rng(0).
    """
    arrays = read_npz(path)
    if "architecture" not in arrays:
        raise ValueError(f"{path} holds parameters only: build the model in code, "
                         "then load_parameters(model, path)")
    architecture = read_architecture(arrays["architecture"], path)
    check_sizes(architecture, arrays, path)  # before any layer allocates its weights
    rng = np.random.default_rng(0) if rng is None else checks.as_rng(rng)
    layers = [build(f"layer {index}", LAYERS, description, rng, path)
              for index, description in enumerate(architecture["layers"])]
    model = Model(*layers, loss=build("loss", LOSSES, architecture["loss"], rng, path),
                  accuracy=build("accuracy", ACCURACIES, architecture["accuracy"],
                                 rng, path))
    set_parameters(model, arrays, path)
    return model


# docs/23-mnist.md, "What the first layer looks for", block 2
from nnfs_lit.conv import Conv2D, Flatten, MaxPool2D, RandomShift, Reshape  # noqa: E402

LAYERS.update(kinds(
    Kind(Conv2D, ("in_channels", "out_channels", "kernel_size", "stride", "padding"),
         needs_rng=True),
    Kind(MaxPool2D, ("size",)),
    Kind(Reshape, ("shape",)),
    Kind(Flatten),
    Kind(RandomShift, ("max_shift",), needs_rng=True),
))
