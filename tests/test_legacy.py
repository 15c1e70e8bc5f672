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


def test_numpy_int_seed_is_accepted():
    with legacy.graph_session(seed=np.int64(7)) as sess:
        assert sess.graph.seed == 7 and type(sess.graph.seed) is int


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


def test_run_dynamic_rnn_builds_the_source_graph():
    """run_dynamic_rnn == the source's graph written out (chapter 3), with the same weights."""
    rng = np.random.default_rng(3)
    X = rng.normal(size=(4, 5, 3)).astype(np.float32)
    W_x, W_y, b = rng.normal(size=(3, 6)), rng.normal(size=(6, 6)) / 3, rng.normal(size=6)
    weights = [np.concatenate([W_x, W_y]).astype(np.float32), b.astype(np.float32)]
    lengths = np.array([5, 0, 2, 4])
    make = lambda: tf.compat.v1.nn.rnn_cell.BasicRNNCell(num_units=6)  # noqa: E731
    outputs, state = legacy.run_dynamic_rnn(make, X, weights=weights, sequence_length=lengths)
    with legacy.graph_session() as sess:
        X_ph = tf.compat.v1.placeholder(tf.float32, [None, 5, 3])
        cell = make()
        expected = tf.compat.v1.nn.dynamic_rnn(cell, X_ph, sequence_length=lengths, dtype=tf.float32)
        legacy.set_legacy_weights(cell, weights)
        expected_outputs, expected_state = sess.run(expected, {X_ph: X})
    np.testing.assert_array_equal(outputs, expected_outputs)
    np.testing.assert_array_equal(state, expected_state)
    assert outputs.dtype == np.float32 and not outputs[1].any()
    # float64 inputs give a float64 graph; without weights, the cell's initial values.
    outputs64, state64 = legacy.run_dynamic_rnn(make, X.astype(np.float64))
    assert outputs64.dtype == np.float64 and outputs64.shape == (4, 5, 6)
    np.testing.assert_array_equal(outputs64[:, -1], state64)


@pytest.mark.parametrize("lengths", [None, np.array([2, 0, 1], dtype=np.int32)])
def test_rnn_graph_static_equals_dynamic(lengths):
    """The two ways of unrolling (chapters 2 and 3) give the same outputs and state."""
    X = np.random.default_rng(4).normal(size=(3, 2, 3)).astype(np.float32)
    results = {}
    for unroll in legacy.UNROLLINGS:
        with legacy.graph_session() as sess:
            graph = legacy.rnn_graph(tf.compat.v1.nn.rnn_cell.BasicRNNCell(4), 2, 3, unroll=unroll,
                                     sequence_length=lengths is not None)
            assert graph.outputs.shape.as_list() == [None, 2, 4]
            sess.run(tf.compat.v1.global_variables_initializer())
            legacy.set_basic_rnn_weights(graph.cell, np.full((3, 4), 0.1), np.eye(4) * 0.5, np.zeros(4))
            feed = {graph.X: X}
            if lengths is not None:
                feed[graph.sequence_length] = lengths
            results[unroll] = sess.run([graph.outputs, graph.state], feed)
    for static, dynamic in zip(results["static"], results["dynamic"]):
        np.testing.assert_allclose(static, dynamic, rtol=1e-6, atol=1e-7)


def test_static_unrolling_needs_the_number_of_steps():
    with legacy.graph_session():
        cell = tf.compat.v1.nn.rnn_cell.BasicRNNCell(4)
        with pytest.raises(ValueError, match="^static unrolling needs n_steps"):
            legacy.rnn_graph(cell, None, 3, unroll="static")
        assert legacy.rnn_graph(cell, None, 3).outputs.shape.as_list() == [None, None, 4]


def test_count_operations_static_grows_dynamic_does_not():
    """Chapter 3's counts: 40 + 5 per step for static_rnn, a fixed graph plus loop nodes for
    dynamic_rnn (the loop's body and condition live in the graph's function library)."""
    counts = {}
    for unroll in legacy.UNROLLINGS:
        for n_steps in (2, 3, 10):
            with legacy.graph_session() as sess:
                cell = tf.compat.v1.nn.rnn_cell.BasicRNNCell(num_units=5)
                legacy.rnn_graph(cell, n_steps, 3, unroll=unroll)
                counts[unroll, n_steps] = legacy.count_operations(sess.graph)
    assert [counts["static", n][1] for n in (2, 3, 10)] == [0, 0, 0]
    assert counts["static", 3][0] - counts["static", 2][0] == 5
    assert counts["static", 10][0] - counts["static", 2][0] == 40
    assert counts["dynamic", 2] == counts["dynamic", 3] == counts["dynamic", 10]
    assert counts["dynamic", 2][1] > 0


def test_measure_unrolling_counts_and_times():
    rng = np.random.default_rng(0)
    static = legacy.measure_unrolling("static", 4, rng=rng, repeats=2, n_runs=2)
    dynamic = legacy.measure_unrolling("dynamic", 4, rng=rng, repeats=2, n_runs=2)
    # The counts chapter 3 prints: 40 + 5 × 4 operations for static_rnn; 95 plus 15 loop
    # nodes for dynamic_rnn, whatever the number of steps.
    assert static.operations == (60, 0)
    assert dynamic.operations == (95, 15)
    for cost in (static, dynamic):
        assert all(0 < t < 60 for t in (cost.build, cost.first_run, cost.run))
