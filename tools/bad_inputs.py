"""Every bad input the book promises to refuse, as data: one `Case` per input.

`tests/test_bad_inputs.py` runs each case and checks the exception's type and message.
The list is plain data (an id, what is wrong, a call, the exception, a regex its
message must match) so that the book's build can generate a page from it (the
Appendix's "Reliability" page, tools/page_facts.py): it lives with the build's tools, so
that the build never imports the tests: import `CASES`, call each
`case.call()` and show `case.what` beside the message it raises. Keep every call
self-contained and fast: it builds what it needs from fixed seeds.
"""

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from nnfs_lit import (
    SGD,
    AdaGrad,
    Adam,
    BinaryAccuracy,
    BinaryCrossEntropy,
    CategoricalCrossEntropy,
    Dense,
    DigitsConfig,
    Dropout,
    GradientDescent,
    MeanAbsoluteError,
    MeanSquaredError,
    Model,
    ModelConfig,
    RegressionAccuracy,
    ReLU,
    RMSProp,
    Sigmoid,
    Softmax,
    SoftmaxCrossEntropy,
    TrainingConfig,
    accuracy,
    build_digits_model,
    confusion_matrix,
    load_digits,
    save_model,
    spiral_data,
    stratified_split,
)
from nnfs_lit.conv import Conv2D, Reshape
from nnfs_lit.mnist import fit_and_centre


@dataclass(frozen=True)
class Case:
    id: str  # short, unique: the test's id
    what: str  # the bad input, in words, for a reader
    call: Callable[[], object]  # makes the call that must fail
    error: type  # the exception it must raise
    message: str  # a regex the message must match (re.search)


def _rng():
    return np.random.default_rng(0)


def _dense():
    return Dense(2, 3, rng=_rng())


def _model(**options):
    return Model(Dense(2, 3, rng=_rng()), loss=SoftmaxCrossEntropy(),
                 optimizer=SGD(), **options)


def _after_forward(layer, inputs):
    layer.forward(inputs)
    return layer


def _hostile_file(edit):
    """Load a small saved model after edit({member name: bytes}) changed its members:
    a model file from a stranger (chapter 15). The file sits in a temporary folder,
    which page_facts leaves out of the message shown."""
    import io
    import json
    import tempfile
    import zipfile
    from pathlib import Path

    from nnfs_lit import load_model, save_model

    def npy(array):
        buffer = io.BytesIO()
        np.lib.format.write_array(buffer, np.asarray(array), allow_pickle=False)
        return buffer.getvalue()

    with tempfile.TemporaryDirectory(prefix="nnfs-lit-") as folder:
        path = Path(folder) / "model.npz"
        save_model(_model(), path)
        with zipfile.ZipFile(path) as archive:
            members = {name: archive.read(name) for name in archive.namelist()}
        architecture = json.loads(str(np.lib.format.read_array(
            io.BytesIO(members["architecture.npy"]))))
        edit(members, architecture, npy)
        with zipfile.ZipFile(path, "w") as archive:
            for name, data in members.items():
                archive.writestr(name, data)
        return load_model(path)


def _claims_terabytes(members, architecture, npy):
    header = repr({"descr": "<f8", "fortran_order": False,
                   "shape": (1_000_000, 1_000_000)}).encode()
    header += b" " * (-(len(header) + 11) % 64) + b"\n"
    members["layer0.weights.npy"] = (b"\x93NUMPY\x01\x00" + len(header).to_bytes(2, "little")
                                     + header + bytes(64))


def _asks_for_huge_weights(members, architecture, npy):
    import json

    architecture["layers"][0]["settings"].update(n_inputs=100_000, n_neurons=100_000)
    members["architecture.npy"] = npy(np.array(json.dumps(architecture)))


def _nested_deep(members, architecture, npy):
    members["architecture.npy"] = npy(np.array("[" * 100_000 + "]" * 100_000))


def _not_an_array(members, architecture, npy):
    members["notes.txt"] = b"hello"


X4 = np.ones((4, 2))  # (4 samples, 2 features)
Y4 = np.array([0, 1, 2, 0])  # (4,) sparse labels for 3 classes
P4 = np.full((4, 3), 1 / 3)  # (4, 3) predictions


CASES = [
    # shapes of a batch
    Case("input-width", "a batch of 3 features into Dense(2, 3)",
         lambda: _dense().forward(np.ones((4, 3))), ValueError,
         r"Dense inputs must have 2 features per sample, got shape \(4, 3\)"),
    Case("input-1d", "a 1-D vector instead of a batch",
         lambda: _dense().forward(np.ones(2)), ValueError,
         r"Dense inputs must be 2-D \(n_samples, n_features\), got shape \(2,\)"),
    Case("input-3d", "a 3-D array instead of a batch",
         lambda: _dense().forward(np.ones((1, 4, 2))), ValueError,
         r"Dense inputs must be 2-D .*got shape \(1, 4, 2\)"),
    Case("relu-1d", "a 1-D vector into ReLU, which takes rows or images",
         lambda: ReLU().forward(np.ones(4)), ValueError,
         r"ReLU inputs must hold samples along its first axis, got shape \(4,\)"),
    Case("input-strings", "strings instead of numbers",
         lambda: Softmax().forward([["a", "b"]]), TypeError,
         r"Softmax inputs must hold real numbers, got dtype <U1"),
    # empty batches: a mean over nothing is NaN
    Case("empty-loss", "an empty batch into a loss",
         lambda: CategoricalCrossEntropy().forward(np.empty((0, 3)), np.empty(0, int)),
         ValueError, r"y_pred must hold at least one sample, got shape \(0, 3\)"),
    Case("empty-fused-loss", "an empty batch into softmax + cross-entropy",
         lambda: SoftmaxCrossEntropy().forward(np.empty((0, 3)), np.empty(0, int)),
         ValueError, r"Softmax inputs must hold at least one sample"),
    Case("empty-mse", "an empty batch into the mean squared error",
         lambda: MeanSquaredError().forward(np.empty((0, 1)), np.empty((0, 1))),
         ValueError, r"MeanSquaredError y_pred must hold at least one sample"),
    Case("empty-accuracy", "an empty batch into accuracy",
         lambda: accuracy(np.empty((0, 3)), np.empty(0, int)), ValueError,
         r"accuracy y_pred must hold at least one sample, got shape \(0, 3\)"),
    Case("empty-binary-accuracy", "an empty batch into BinaryAccuracy",
         lambda: BinaryAccuracy()(np.empty((0, 1)), np.empty((0, 1))), ValueError,
         r"BinaryAccuracy probabilities must hold at least one sample"),
    Case("empty-fit", "no samples at all into Model.fit",
         lambda: _model().fit(np.empty((0, 2)), np.empty(0, int), epochs=1),
         ValueError, r"X must hold at least one sample, got shape \(0, 2\)"),
    # NaN and infinity
    Case("nan-inputs", "NaN in a layer's inputs",
         lambda: _dense().forward([[np.nan, 1.0]]), ValueError,
         r"Dense inputs must be finite, got NaN or infinity"),
    Case("inf-inputs", "infinity in the training inputs",
         lambda: _model().fit([[np.inf, 1.0]], [0], epochs=1), ValueError,
         r"X must be finite, got NaN or infinity"),
    Case("nan-labels", "NaN among the class labels",
         lambda: CategoricalCrossEntropy().forward(P4, [0, 1, np.nan, 2]), TypeError,
         r"class labels must be integers, got dtype float64"),
    Case("nan-targets", "NaN among a regression's targets",
         lambda: MeanSquaredError().forward(np.ones((2, 1)), [np.nan, 1.0]),
         ValueError, r"MeanSquaredError: targets must be finite, got NaN or infinity"),
    # labels
    Case("float-labels", "float class labels",
         lambda: CategoricalCrossEntropy().forward(P4, [0.0, 1.0, 2.0, 0.0]),
         TypeError, r"class labels must be integers, got dtype float64"),
    Case("negative-label", "a negative class label",
         lambda: CategoricalCrossEntropy().forward(P4, [0, -1, 2, 0]), ValueError,
         r"class labels must be in \[0, 2\], got -1"),
    Case("label-too-large", "a label >= the number of classes",
         lambda: accuracy(P4, [0, 3, 2, 0]), ValueError,
         r"accuracy: class labels must be in \[0, 2\], got 3"),
    Case("one-hot-width", "one-hot labels wider than the predictions",
         lambda: SoftmaxCrossEntropy().forward(P4, np.eye(4)), ValueError,
         r"one-hot labels must have shape \(4, 3\), got \(4, 4\)"),
    Case("one-hot-rows", "one-hot rows with two 1s",
         lambda: CategoricalCrossEntropy().forward(P4[:2], [[1, 1, 0], [1, 0, 0]]),
         ValueError, r"one-hot rows must hold one 1, zeros elsewhere"),
    Case("binary-target-range", "a binary target of 2",
         lambda: BinaryCrossEntropy().forward([[0.2], [0.9]], [[0], [2]]), ValueError,
         r"BinaryCrossEntropy: targets must be in \[0, 1\], got 2.0"),
    # sample counts
    Case("sample-count-loss", "3 labels for 4 predictions",
         lambda: CategoricalCrossEntropy().forward(P4, [0, 1, 2]), ValueError,
         r"labels must have shape \(4,\) or \(4, 3\), got \(3,\)"),
    Case("sample-count-fit", "more labels than samples, in mini-batches",
         lambda: _model().fit(X4, np.zeros(5, int), epochs=1, batch_size=2, rng=_rng()),
         ValueError, r"y must have one row per sample \(4\), got shape \(5,\)"),
    Case("targets-shape", "targets of another shape than the outputs",
         lambda: MeanAbsoluteError().forward(np.ones((3, 1)), np.zeros((3, 2))),
         ValueError, r"targets must have the outputs' shape \(3, 1\), got \(3, 2\)"),
    # call order and gradients
    Case("backward-before-forward-layer", "Dense.backward before forward",
         lambda: _dense().backward(np.ones((4, 3))), RuntimeError,
         r"Dense dvalues: call forward\(\) before backward\(\)"),
    Case("backward-before-forward-loss", "a loss's backward before its forward",
         lambda: BinaryCrossEntropy().backward(), RuntimeError,
         r"BinaryCrossEntropy: call forward\(\) before backward\(\)"),
    Case("gradient-shape", "a gradient of the wrong shape",
         lambda: _after_forward(_dense(), X4).backward(np.ones((4, 2))), ValueError,
         r"Dense dvalues must have the forward output's shape \(4, 3\), got \(4, 2\)"),
    Case("gradient-nan", "a gradient holding NaN",
         lambda: _after_forward(Sigmoid(), X4).backward(np.full((4, 2), np.nan)),
         ValueError, r"Sigmoid dvalues must be finite, got NaN or infinity"),
    # sizes, rates, counts
    Case("layer-size-zero", "a layer of 0 neurons",
         lambda: Dense(2, 0, rng=_rng()), ValueError,
         r"n_neurons must be a positive integer, got 0"),
    Case("layer-size-float", "a layer size of 2.0",
         lambda: Dense(2.0, 3, rng=_rng()), ValueError,
         r"n_inputs must be a positive integer, got 2.0"),
    Case("weight-scale-zero", "a weight scale of 0 (every neuron the same)",
         lambda: Dense(2, 3, rng=_rng(), weight_scale=0), ValueError,
         r"weight_scale must be positive, got 0"),
    Case("learning-rate-zero", "a learning rate of 0",
         lambda: GradientDescent(0), ValueError, r"learning_rate must be positive, got 0"),
    Case("learning-rate-negative", "a negative learning rate",
         lambda: Adam(learning_rate=-0.01), ValueError,
         r"learning_rate must be positive, got -0.01"),
    Case("learning-rate-string", "a learning rate given as a string",
         lambda: SGD("0.1"), ValueError, r"learning_rate must be a finite number, got '0.1'"),
    Case("epochs-zero", "0 epochs",
         lambda: _model().fit(X4, Y4, epochs=0), ValueError,
         r"epochs must be a positive integer, got 0"),
    Case("batch-size-zero", "a batch size of 0",
         lambda: _model().fit(X4, Y4, epochs=1, batch_size=0), ValueError,
         r"batch_size must be a positive integer, got 0"),
    Case("log-every-negative", "log_every=-1",
         lambda: _model().fit(X4, Y4, epochs=1, log_every=-1), ValueError,
         r"log_every must be a positive integer, got -1"),
    Case("samples-per-class-zero", "a spiral of 0 points per class",
         lambda: spiral_data(0, 3, rng=_rng()), ValueError,
         r"samples_per_class must be a positive integer, got 0"),
    # optimizer settings
    Case("decay-negative", "a negative learning-rate decay",
         lambda: SGD(decay=-1e-3), ValueError, r"decay must be 0 or more, got -0.001"),
    Case("momentum-one", "a momentum of 1",
         lambda: SGD(momentum=1), ValueError, r"momentum must be in \[0, 1\), got 1.0"),
    Case("rho-negative", "a negative rho",
         lambda: RMSProp(rho=-0.1), ValueError, r"rho must be 0 or more, got -0.1"),
    Case("beta-1-one", "beta_1 = 1",
         lambda: Adam(beta_1=1.0), ValueError, r"beta_1 must be in \[0, 1\), got 1.0"),
    Case("beta-2-above-one", "beta_2 = 1.5",
         lambda: Adam(beta_2=1.5), ValueError, r"beta_2 must be in \[0, 1\), got 1.5"),
    Case("epsilon-zero", "an epsilon of 0",
         lambda: AdaGrad(epsilon=0), ValueError, r"epsilon must be positive, got 0"),
    # layers of chapter 13 and 14
    Case("dropout-rate-one", "a dropout rate of 1 (drops everything)",
         lambda: Dropout(1.0, rng=_rng()), ValueError, r"rate must be in \[0, 1\), got 1.0"),
    Case("dropout-rate-negative", "a negative dropout rate",
         lambda: Dropout(-0.1, rng=_rng()), ValueError, r"rate must be 0 or more, got -0.1"),
    Case("regularization-negative", "a negative L2 penalty",
         lambda: Dense(2, 3, rng=_rng(), weight_regularizer_l2=-1e-4), ValueError,
         r"weight_regularizer_l2 must be 0 or more, got -0.0001"),
    Case("rng-not-a-generator", "a seed where a generator is expected",
         lambda: Dropout(0.1, rng=0), TypeError,
         r"rng must be a NumPy random generator, e\.g\. np\.random\.default_rng\(0\); got int"),
    Case("regression-precision-zero", "a regression accuracy precision of 0",
         lambda: RegressionAccuracy(precision=0), ValueError,
         r"precision must be positive, got 0"),
    # the model
    Case("fit-incomplete", "Model.fit with no loss and no optimizer",
         lambda: Model(_dense()).fit(X4, Y4, epochs=1), RuntimeError,
         r"Model: set its loss and optimizer before using it"),
    Case("fit-no-layers", "Model.fit with no layers",
         lambda: Model(loss=SoftmaxCrossEntropy(), optimizer=SGD()).fit(X4, Y4, epochs=1),
         RuntimeError, r"Model: set its layers before using it"),
    Case("model-widths-do-not-chain", "Dense(2, 8) followed by Dense(4, 3)",
         lambda: Model(Dense(2, 8, rng=_rng()), ReLU(), Dense(4, 3, rng=_rng())),
         ValueError, r"layer 2 \(Dense\) takes 4 inputs, but layer 0 \(Dense\) gives 8"),
    Case("model-layer-class", "the class Dense where a layer belongs",
         lambda: Model(Dense), TypeError,
         r"a layer must be an instance, got the class Dense: write Dense\(\.\.\.\)"),
    Case("model-optimizer-string", "an optimizer given as the string 'adam'",
         lambda: Model(_dense(), loss=SoftmaxCrossEntropy(),
                       optimizer="adam").fit(X4, Y4, epochs=1), TypeError,
         r"Model: its optimizer must be an optimizer such as Adam\(0\.01\), got str"),
    Case("model-softmax-twice", "a Softmax layer before SoftmaxCrossEntropy",
         lambda: Model(_dense(), Softmax(), loss=SoftmaxCrossEntropy(),
                       optimizer=SGD()).fit(X4, Y4, epochs=1), ValueError,
         r"the last layer is a Softmax, and SoftmaxCrossEntropy applies the softmax"),
    Case("predict-no-layers", "predict with a model of no layers",
         lambda: Model().predict(X4), RuntimeError,
         r"Model: set its layers before using it"),
    Case("fit-mini-batches-no-rng", "mini-batches without a generator to shuffle",
         lambda: _model().fit(X4, Y4, epochs=1, batch_size=2), TypeError,
         r"fit: mini-batches need rng to shuffle them"),
    Case("fit-validation-not-a-pair", "validation_data that is not (X_val, y_val)",
         lambda: _model().fit(X4, Y4, epochs=1, validation_data=X4), TypeError,
         r"validation_data must be a pair \(X_val, y_val\), got ndarray"),
    Case("validation-width", "a validation set of 3 features for a 2-input model",
         lambda: _model().fit(X4, Y4, epochs=1, validation_data=(np.ones((4, 3)), Y4)),
         ValueError, r"validation_data X_val must have 2 features per sample, "
         r"got shape \(4, 3\)"),
    Case("validation-labels-count", "fewer validation labels than validation samples",
         lambda: _model().fit(X4, Y4, epochs=1, validation_data=(X4, Y4[:2])),
         ValueError, r"validation_data y_val must have one row per sample \(4\)"),
    Case("validation-label-out-of-range", "a validation label of class 5 of 3",
         lambda: _model().fit(X4, Y4, epochs=1,
                              validation_data=(X4, np.array([0, 1, 5, 0]))),
         ValueError, r"validation_data: CategoricalCrossEntropy: class labels must be "
         r"in \[0, 2\], got 5"),
    Case("model-layer-not-a-layer", "a layer without forward and backward",
         lambda: Model(ReLU(), "Dense(2, 3)"), TypeError,
         r"a layer needs forward\(\) and backward\(\), got str"),
    # real data (chapter 18)
    Case("digits-file-missing", "a digits file that is not there",
         lambda: load_digits(path="no-such-folder/digits.csv.gz"), FileNotFoundError,
         r"load_digits: there is no file no-such-folder/digits\.csv\.gz; the data "
         r"ships with the package"),
    # images (chapters 22 and 23)
    Case("conv-channels", "a grey image into a convolution that expects colour",
         lambda: Conv2D(3, 8, 5, rng=_rng()).forward(np.ones((1, 1, 28, 28))),
         ValueError, r"Conv2D inputs must have 3 channels \(axis 1\), got shape "
         r"\(1, 1, 28, 28\)"),
    Case("conv-too-small", "an image smaller than the filter",
         lambda: Conv2D(1, 8, 5, rng=_rng()).forward(np.ones((1, 1, 4, 4))),
         ValueError, r"Conv2D inputs of 4x4 pixels, padded to 4x4, are smaller than the "
         r"5x5 kernel"),
    Case("rows-not-images", "rows of 64 pixels where 28x28 images are expected",
         lambda: Reshape((1, 28, 28)).forward(np.ones((2, 64))), ValueError,
         r"Reshape to \(1, 28, 28\) needs 784 values per sample, got inputs of shape "
         r"\(2, 64\)"),
    Case("pad-ink-range", "a drawing with ink beyond 1",
         lambda: fit_and_centre(np.full((28, 28), 255.0)), ValueError,
         r"ink must be 28x28 values in \[0, 1\]"),
    Case("split-fractions-not-one", "split fractions that add up to more than 1",
         lambda: stratified_split(np.zeros(4, int), (0.5, 0.6), rng=_rng()), ValueError,
         r"fractions must be two or more positive numbers that add up to 1, "
         r"got \[0\.5, 0\.6\]"),
    Case("split-float-labels", "labels that are not integers, to split by",
         lambda: stratified_split(np.zeros(4), rng=_rng()), TypeError,
         r"y must be a 1-D array of integer labels, got shape \(4,\) and dtype float64"),
    Case("digits-learning-rate-zero", "a digits network learning at a rate of 0",
         lambda: build_digits_model(DigitsConfig(learning_rate=0), _rng()), ValueError,
         r"learning_rate must be positive, got 0"),
    Case("confusion-label-too-large", "a predicted class beyond n_classes",
         lambda: confusion_matrix([0, 1], [0, 3], 3), ValueError,
         r"confusion_matrix y_predicted: class labels must be in \[0, 2\], got 3"),
    # configurations (chapters 7, 12 and 18): checked when made
    Case("config-seed-negative", "a training run's seed of -1",
         lambda: TrainingConfig(seed=-1), ValueError,
         r"seed must be a whole number from 0 to 2\*\*32 - 1, got -1"),
    Case("config-data-seed-too-large", "a data seed beyond NumPy's range, 2**32",
         lambda: ModelConfig(data_seed=2**32), ValueError,
         r"data_seed must be a whole number from 0 to 2\*\*32 - 1, got 4294967296"),
    Case("config-hidden-bare-number", "hidden=64 where a tuple of widths belongs",
         lambda: ModelConfig(hidden=64), ValueError,
         r"hidden must be a tuple of layer widths, e\.g\. \(64,\) or \(64, 64\), "
         r"got 64"),
    Case("config-hidden-zero-width", "a hidden layer of width 0",
         lambda: DigitsConfig(hidden=(64, 0)), ValueError,
         r"hidden\[1\] must be a positive integer, got 0"),
    Case("config-optimizer-unknown", "an optimizer's name the run does not know",
         lambda: ModelConfig(optimizer="adamw"), ValueError,
         r"optimizer must be one of \['adam', 'sgd'\], got 'adamw'"),
    Case("save-into-missing-folder", "a model saved into a folder that does not exist",
         lambda: save_model(_model(), "no-such-folder/model.npz"), FileNotFoundError,
         r"cannot write no-such-folder/model\.npz: there is no folder no-such-folder"),
    Case("save-onto-folder", "a model saved over a folder",
         lambda: save_model(_model(), "."), IsADirectoryError,
         r"cannot write \.: it is a folder, not a file"),
    Case("fit-callback-not-callable", "a callback that is not a function",
         lambda: _model().fit(X4, Y4, epochs=1, callback=3), TypeError,
         r"callback must be None or a function callback\(epoch, loss, accuracy\), "
         r"got int"),
    Case("fit-engine-a-string", "an engine given by name, 'fast'",
         lambda: _model().fit(X4, Y4, epochs=1, engine="fast"), TypeError,
         r"engine must be None or an engine such as chapter 17's FastNetwork, "
         r"got str 'fast'"),
    Case("save-arguments-swapped", "save_model(path, model): the arguments swapped",
         lambda: save_model("model.npz", _model()), TypeError,
         r"save_model\(model, path\): the arguments are swapped: got str 'model\.npz' "
         r"first, the Model second"),
    # model files from strangers (chapter 15)
    Case("file-claims-terabytes", "a model file whose array header claims 8 TB",
         lambda: _hostile_file(_claims_terabytes), ValueError,
         r"model\.npz: layer0\.weights\.npy claims shape \(1000000, 1000000\) of "
         r"float64, more than its \d+ bytes hold"),
    Case("file-asks-for-huge-weights", "an architecture asking for weights the file "
         "lacks", lambda: _hostile_file(_asks_for_huge_weights), ValueError,
         r"model\.npz: layer 0 \(Dense\) declares weights of shape \(100000, 100000\), "
         r"and the file holds \(2, 3\)"),
    Case("file-nested-deep", "an architecture of 100000 nested lists",
         lambda: _hostile_file(_nested_deep), ValueError,
         r"model\.npz: the architecture is nested too deeply"),
    Case("file-not-an-array", "a model file with a member that is not an array",
         lambda: _hostile_file(_not_an_array), ValueError,
         r"model\.npz holds members that are not one array each: \['notes\.txt'\]"),
]
