"""Replays (Appendix D): the moments, the recorder's snapshots, the encoding that the
page's script decodes, and that a replay's frames are the network's real boundaries."""

import base64
import copy
import json
import zlib
from dataclasses import replace

import numpy as np
import pytest

from nnfs_lit.fast import FastNetwork
from nnfs_lit.plots import plane_grid
from nnfs_lit.replay import Recorder, moments, moments_figure, parameters, replay_classes
from nnfs_lit.runs import ModelConfig, build_model, train_model
from nnfs_lit.training import SpiralNetwork, TrainingConfig, run_training

SMALL = ModelConfig(hidden=(16,), epochs=60)  # a Part II run of a fraction of a second


def recorded(config=SMALL, count=12, resolution=40, fast=True):
    """A small Part II run watched by a Recorder, and its replay."""
    recorder = Recorder(count=count, resolution=resolution)
    run = train_model(config, watch=recorder.watch, engine=FastNetwork if fast else None)
    return run, recorder.replay(run)


def grid_classes(predict_proba, X, resolution):
    grid, _ = plane_grid(X, resolution)
    return predict_proba(grid).argmax(axis=1).reshape(resolution, resolution)


def test_moments_run_from_the_first_weights_to_the_last_epoch_closer_at_first():
    epochs = moments(53000)
    assert len(epochs) == 61 and epochs[0] == 0 and epochs[-1] == 53000
    assert np.all(np.diff(epochs) > 0)
    gaps = np.diff(epochs)
    assert gaps[0] < gaps[-1] / 50  # closer together at the start
    assert epochs[30] == round(53000 * 0.25)  # epoch i is E (i / 60)^2
    short = moments(10)
    assert short[0] == 0 and short[-1] == 10 and len(set(short)) == len(short) <= 11


@pytest.mark.parametrize("call, message", [
    (lambda: moments(0), "epochs"), (lambda: moments(10, count=0), "count"),
    (lambda: Recorder(resolution=1.5), "resolution"), (lambda: moments(2.5), "epochs")])
def test_bad_arguments_name_themselves(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_a_recorder_watches_one_run_and_replays_only_after_watching():
    recorder = Recorder()
    with pytest.raises(RuntimeError, match="before watch"):
        recorder.replay(None)
    network = build_model(SMALL, np.random.default_rng(0))
    recorder.watch(network, 10)
    with pytest.raises(RuntimeError, match="one run"):
        recorder.watch(network, 10)


def test_first_and_last_frames_are_the_first_and_trained_networks_boundaries():
    run, replay = recorded()
    classes = replay_classes(replay)  # (n_moments, 40, 40)
    assert replay["moments"] == moments(SMALL.epochs, 12).tolist()
    assert classes.shape == (len(replay["moments"]), 40, 40)
    first = build_model(SMALL, np.random.default_rng(SMALL.seed))  # the same first weights
    assert np.array_equal(classes[0], grid_classes(first.predict_proba, run.X, 40))
    assert np.array_equal(classes[-1], grid_classes(run.network.predict_proba, run.X, 40))
    assert not np.array_equal(classes[0], classes[-1])  # it learned something


def test_a_middle_frame_is_the_network_after_that_many_epochs():
    run, replay = recorded()
    k = len(replay["moments"]) // 2
    epochs = replay["moments"][k]
    shorter = train_model(replace(SMALL, epochs=epochs))  # the same run, stopped there
    classes = replay_classes(replay)
    assert np.array_equal(classes[k], grid_classes(shorter.network.predict_proba, run.X, 40))


def test_the_fast_and_plain_paths_record_the_same_replay():
    assert recorded(fast=True)[1] == recorded(fast=False)[1]


def test_replaying_leaves_the_trained_network_as_it_was():
    recorder = Recorder(count=5, resolution=20)
    run = train_model(SMALL, watch=recorder.watch)
    before = copy.deepcopy(parameters(run.network))
    recorder.replay(run)
    for (w0, b0), (w1, b1) in zip(before, parameters(run.network), strict=True):
        assert np.array_equal(w0, w1) and np.array_equal(b0, b1)


def test_the_seed_network_is_recorded_too_and_its_numbers_are_its_history():
    recorder = Recorder(count=8, resolution=30)
    config = TrainingConfig(epochs=400)
    run = run_training(config, watch=recorder.watch)
    replay = recorder.replay(run)
    classes = replay_classes(replay)
    assert np.array_equal(classes[-1], grid_classes(run.network.predict_proba, run.X, 30))
    first = SpiralNetwork(2, 3, 3, rng=_seed_state())
    assert np.array_equal(classes[0], grid_classes(first.predict_proba, run.X, 30))
    curves = replay["curves"]
    assert curves["epoch"][0] == 0 and curves["epoch"][-1] == 399
    assert curves["loss"] == [float(f"{v:.6g}") for v in run.history.loss[curves["epoch"]]]
    assert "val_loss" not in curves  # chapter 7's runs have no validation set


def _seed_state():
    """The RandomState of run_training after it drew the data: the first weights."""
    from nnfs_lit.data import spiral_data

    rng = np.random.RandomState(0)
    spiral_data(100, 3, rng=rng)
    return rng


def test_the_encoding_is_frame_differences_compressed_as_the_page_decodes_them():
    run, replay = recorded()
    side = replay["resolution"]
    changes = np.frombuffer(zlib.decompress(base64.b64decode(replay["classes"])), np.uint8)
    changes = changes.reshape(-1, side * side)
    classes = replay_classes(replay).reshape(len(changes), -1)
    assert np.array_equal(changes[0], classes[0])
    assert np.array_equal(changes[1:], classes[1:] ^ classes[:-1])
    assert replay["points"] == np.round(run.X, 3).tolist()
    assert replay["labels"] == run.y.tolist() and replay["n_classes"] == 3
    assert json.loads(json.dumps(replay)) == replay  # plain JSON


def test_the_picture_for_print_shows_five_moments_with_their_epochs():
    _, replay = recorded()
    figure = moments_figure(replay)
    titles = [ax.get_title() for ax in figure.axes]
    shown = np.unique(np.linspace(0, len(replay["moments"]) - 1, 5).round().astype(int))
    assert titles == [f"epoch {replay['moments'][i]}" for i in shown]
