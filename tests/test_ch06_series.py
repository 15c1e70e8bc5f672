"""Chapter 6 (time series): saved models give identical predictions once restored."""

import os

import numpy as np
import pytest
import tensorflow as tf

import rnnbook
from rnnbook import data, legacy

N_STEPS, N_NEURONS = 20, 8


@pytest.fixture
def windows():
    return data.next_batch(16, N_STEPS, rng=np.random.default_rng(0))


# Every `model.save` with TensorFlow 2.21 and NumPy 2 warns from inside Keras (TF variables'
# `__array__` has no `copy` argument); the warning is upstream and harmless here.
@pytest.mark.filterwarnings("ignore:__array__ implementation doesn't accept a copy keyword:DeprecationWarning")
def test_keras_model_round_trip(tmp_path, windows):
    import keras

    rnnbook.seed_everything(0)
    model = keras.Sequential([
        keras.Input(shape=(N_STEPS, 1)),
        keras.layers.SimpleRNN(N_NEURONS, activation="relu", return_sequences=True),
        keras.layers.Dense(1),
    ])
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=1e-3), loss="mse")
    rng = np.random.default_rng(1)
    before = keras.ops.convert_to_numpy(model(windows[0]))
    for _ in range(3):
        model.train_on_batch(*data.next_batch(8, N_STEPS, rng=rng))
    expected = keras.ops.convert_to_numpy(model(windows[0]))
    assert expected.shape == (16, N_STEPS, 1)
    assert not np.array_equal(expected, before), "training did not change the model"

    path = tmp_path / "modelo.keras"
    model.save(path)
    restored = keras.models.load_model(path)
    np.testing.assert_array_equal(keras.ops.convert_to_numpy(restored(windows[0])), expected)
    for a, b in zip(model.get_weights(), restored.get_weights()):
        np.testing.assert_array_equal(a, b)


def build_source_graph():
    cell = tf.compat.v1.nn.rnn_cell.BasicRNNCell(num_units=N_NEURONS, activation=tf.nn.relu)
    X, _, _, rnn_outputs, _ = legacy.rnn_graph(cell, N_STEPS, 1)
    y = tf.compat.v1.placeholder(tf.float32, [None, N_STEPS, 1])
    stacked = tf.compat.v1.layers.dense(tf.reshape(rnn_outputs, [-1, N_NEURONS]), 1)
    outputs = tf.reshape(stacked, [-1, N_STEPS, 1])
    loss = tf.reduce_mean(tf.square(outputs - y))
    training_op = tf.compat.v1.train.AdamOptimizer(learning_rate=1e-3).minimize(loss)
    return X, y, outputs, training_op


@pytest.mark.parametrize("restore", ["import_meta_graph", "rebuild"])
def test_legacy_saver_round_trip(tmp_path, windows, restore):
    prefix = os.fspath(tmp_path / "my_time_series_model")
    rng = np.random.default_rng(1)
    with legacy.graph_session(seed=0) as sess:
        X, y, outputs, training_op = build_source_graph()
        saver = tf.compat.v1.train.Saver()
        tf.compat.v1.global_variables_initializer().run()
        for _ in range(3):
            X_batch, y_batch = data.next_batch(8, N_STEPS, rng=rng)
            sess.run(training_op, feed_dict={X: X_batch, y: y_batch})
        expected = sess.run(outputs, feed_dict={X: windows[0]})
        saver.save(sess, prefix)
        names = X.name, outputs.name
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "checkpoint",
        "my_time_series_model.data-00000-of-00001",
        "my_time_series_model.index",
        "my_time_series_model.meta",
    ]

    # A fresh graph with a different seed: only the checkpoint can make the outputs equal.
    with legacy.graph_session(seed=1) as sess:
        if restore == "import_meta_graph":
            saver = tf.compat.v1.train.import_meta_graph(prefix + ".meta")
            X, outputs = (sess.graph.get_tensor_by_name(name) for name in names)
        else:
            X, _, outputs, _ = build_source_graph()
            saver = tf.compat.v1.train.Saver()
            tf.compat.v1.global_variables_initializer().run()
            assert not np.array_equal(sess.run(outputs, feed_dict={X: windows[0]}), expected)
        saver.restore(sess, prefix)
        np.testing.assert_array_equal(sess.run(outputs, feed_dict={X: windows[0]}), expected)
