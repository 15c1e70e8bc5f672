import numpy as np
import pytest
import tensorflow as tf

from rnnbook import legacy


def draw_weights(seed):
    with legacy.graph_session(seed=seed) as sess:
        W = tf.Variable(tf.compat.v1.random_normal([3, 4]))
        tf.compat.v1.global_variables_initializer().run()
        return sess.run(W), sess.graph


def test_same_seed_same_weights_in_separate_graphs():
    a, graph_a = draw_weights(42)
    b, graph_b = draw_weights(42)
    c, _ = draw_weights(43)
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a, c)
    assert graph_a is not graph_b


def test_eager_execution_stays_on():
    with legacy.graph_session() as sess:
        assert not tf.executing_eagerly()
        x = tf.compat.v1.placeholder(tf.float32, [None])
        assert sess.run(2 * x, {x: [1.0, 2.0]}).tolist() == [2.0, 4.0]
    assert tf.executing_eagerly()
    assert (tf.constant([1.0]) * 3).numpy().tolist() == [3.0]


def test_session_is_the_default_session():
    with legacy.graph_session() as sess:
        assert tf.compat.v1.get_default_session() is sess
        assert tf.compat.v1.get_default_graph() is sess.graph
    assert tf.compat.v1.get_default_session() is None


def test_source_cells_work_beside_keras_3():
    with legacy.graph_session() as sess:
        X = tf.compat.v1.placeholder(tf.float32, [None, 2, 3])
        cell = tf.compat.v1.nn.rnn_cell.BasicRNNCell(num_units=5)
        outputs, states = tf.compat.v1.nn.dynamic_rnn(cell, X, dtype=tf.float32)
        tf.compat.v1.global_variables_initializer().run()
        assert outputs.eval(feed_dict={X: np.ones((4, 2, 3))}).shape == (4, 2, 5)


@pytest.mark.parametrize("seed", ["1", 1.0, True])
def test_bad_seed(seed):
    with pytest.raises(TypeError, match="seed must be an int or None"):
        with legacy.graph_session(seed=seed):
            pass


def test_basic_rnn_weights_split_the_stacked_kernel():
    with legacy.graph_session() as sess:
        X = tf.compat.v1.placeholder(tf.float32, [None, 2, 3])
        cell = tf.compat.v1.nn.rnn_cell.BasicRNNCell(num_units=4)
        with pytest.raises(ValueError, match="no weights yet"):
            legacy.basic_rnn_weights(cell)
        tf.compat.v1.nn.dynamic_rnn(cell, X, dtype=tf.float32)
        tf.compat.v1.global_variables_initializer().run()
        kernel = sess.run(cell.weights[0])
        W_x, W_y, b = legacy.basic_rnn_weights(cell)
        assert W_x.shape == (3, 4) and W_y.shape == (4, 4) and b.shape == (4,)
        np.testing.assert_array_equal(np.concatenate([W_x, W_y]), kernel)
        with pytest.raises(ValueError, match="the cell needs W_x"):
            legacy.set_basic_rnn_weights(cell, W_y, W_x, b)
        with pytest.raises(ValueError, match="the cell needs b"):
            legacy.set_basic_rnn_weights(cell, W_x, W_y, np.zeros(5))
    with pytest.raises(ValueError, match="no session"):
        legacy.basic_rnn_weights(cell)
