"""Epoch time of the MNIST sequence classifier: the source's legacy graph vs the book's Keras 3 path.

Usage: RNNBOOK_MNIST=/path/to/mnist.npz python bench/mnist_epoch.py [--repeats 3] [--lstm]

Prints one table: seconds per epoch (median of --repeats full epochs after a warm-up),
throughput, the modern/legacy ratio, and a lower bound for one epoch from its FLOP count
and this machine's measured matmul throughput.

With --lstm it times chapter 8's LSTM(128) classifier instead, with and without unrolling and XLA
(the chapter uses unroll=False, jit_compile=False), beside SimpleRNN(150) and the FLOP bound of
each.
"""

import argparse
import os
import statistics
import time

import rnnbook

import keras  # noqa: E402
import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402

from rnnbook import data, legacy, training  # noqa: E402

N_STEPS, N_INPUTS, N_NEURONS, N_OUTPUTS = 28, 28, 150, 10


def epoch_flops(n_samples, n_neurons=N_NEURONS, n_gates=1):
    """Multiply-adds x 2 of one training epoch: forward, plus twice that for the backward pass.

    ``n_gates`` dense layers per step: 1 for SimpleRNN, 4 for an LSTM (chapter 8).
    """
    per_step = 2 * n_gates * (N_INPUTS * n_neurons + n_neurons * n_neurons)
    forward = N_STEPS * per_step + 2 * n_neurons * N_OUTPUTS
    return 3 * forward * n_samples


def matmul_gflops(n=1024, repeats=20):
    """Best sustained float32 matmul throughput of this machine, in GFLOP/s."""
    a = tf.random.normal([n, n])
    b = tf.random.normal([n, n])
    matmul = tf.function(lambda: tf.matmul(a, b))
    matmul().numpy()
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        matmul().numpy()
        best = min(best, time.perf_counter() - start)
    return 2 * n**3 / best / 1e9


def legacy_epochs(X_train, y_train, batch_size, repeats):
    """The source's graph (BasicRNNCell + dynamic_rnn + dense + Adam), timed per epoch."""
    with legacy.graph_session(seed=42) as sess:
        cell = tf.compat.v1.nn.rnn_cell.BasicRNNCell(num_units=N_NEURONS)
        X, _, _, _, states = legacy.rnn_graph(cell, N_STEPS, N_INPUTS)
        y = tf.compat.v1.placeholder(tf.int32, [None])
        logits = tf.compat.v1.layers.dense(states, N_OUTPUTS)
        loss = tf.reduce_mean(tf.compat.v1.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=logits))
        training_op = tf.compat.v1.train.AdamOptimizer(learning_rate=0.001).minimize(loss)
        tf.compat.v1.global_variables_initializer().run()
        for X_batch, y_batch in data.shuffle_batch(X_train[:3000], y_train[:3000], batch_size):
            sess.run(training_op, feed_dict={X: X_batch, y: y_batch})  # warm-up
        times = []
        for _ in range(repeats):
            start = time.perf_counter()
            for X_batch, y_batch in data.shuffle_batch(X_train, y_train, batch_size):
                sess.run(training_op, feed_dict={X: X_batch, y: y_batch})
            times.append(time.perf_counter() - start)
    return times


def modern_epochs(X_train, y_train, batch_size, repeats):
    """The book's path (rnnbook.training), timed per epoch by its own epoch clock."""
    run = training.train_sequence_classifier(X_train, y_train, epochs=repeats + 1, batch_size=batch_size)
    return run.history["epoch_seconds"][1:]  # the first epoch includes tracing


def gated_epochs(X_train, y_train, repeats):
    """Chapter 8's variants: {label: (seconds per epoch, GFLOP per epoch)}."""
    simple, lstm = epoch_flops(len(X_train)) / 1e9, epoch_flops(len(X_train), 128, n_gates=4) / 1e9
    variants = {
        "SimpleRNN(150), unrolled, XLA (chapter 5)": (dict(), simple),
        "LSTM(128), loop, no XLA (chapter 8)": (dict(unroll=False, jit_compile=False), lstm),
        "LSTM(128), loop, XLA": (dict(unroll=False, jit_compile=True), lstm),
        "LSTM(128), unrolled, XLA": (dict(unroll=True, jit_compile=True), lstm),
    }
    results = {}
    for label, (kw, gflop) in variants.items():
        if label.startswith("LSTM"):
            kw = dict(kw, cell="lstm", n_neurons=128)
        run = training.train_sequence_classifier(X_train, y_train, epochs=repeats + 1, **kw)
        results[label] = (statistics.median(run.history["epoch_seconds"][1:]), gflop)
    return results


def main_lstm(X_train, y_train, repeats):
    gflops = matmul_gflops()
    print(f"MNIST, {len(X_train)} training sequences, batch {training.DEFAULTS['batch_size']};"
          f" {os.cpu_count()} CPU cores; TensorFlow {tf.__version__}, Keras {keras.__version__}")
    print(f"{'model and compilation':<44} {'s/epoch':>8} {'GFLOP':>6} {'x bound':>8}")
    for label, (seconds, gflop) in gated_epochs(X_train, y_train, repeats).items():
        print(f"{label:<44} {seconds:8.2f} {gflop:6.0f} {seconds / (gflop / gflops):8.2f}")
    print(f"(bound: GFLOP per epoch at {gflops:.0f} GFLOP/s matmul)")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3, help="timed epochs per implementation")
    parser.add_argument("--lstm", action="store_true", help="time chapter 8's LSTM variants instead")
    args = parser.parse_args()
    rnnbook.seed_everything(42)
    (X_train, y_train), _, _ = data.load_mnist()
    n = len(X_train)
    if args.lstm:
        return main_lstm(X_train, y_train, args.repeats)

    legacy_times = legacy_epochs(X_train, y_train, 150, args.repeats)
    modern_times = modern_epochs(X_train, y_train, training.DEFAULTS["batch_size"], args.repeats)
    gflops = matmul_gflops()
    bound = epoch_flops(n) / (gflops * 1e9)

    legacy_s, modern_s = statistics.median(legacy_times), statistics.median(modern_times)
    print(f"MNIST, {n} training sequences of {N_STEPS} steps, SimpleRNN({N_NEURONS}) + Dense({N_OUTPUTS});"
          f" {os.cpu_count()} CPU cores; TensorFlow {tf.__version__}, Keras {keras.__version__}")
    print(f"{'implementation':<42} {'s/epoch':>8} {'samples/s':>10}")
    print(f"{'source legacy graph (batch 150, Adam)':<42} {legacy_s:8.2f} {n / legacy_s:10.0f}")
    label = f"book's Keras 3 path (batch {training.DEFAULTS['batch_size']})"
    print(f"{label:<42} {modern_s:8.2f} {n / modern_s:10.0f}")
    print(f"{'FLOP lower bound':<42} {bound:8.2f} {n / bound:10.0f}"
          f"   ({epoch_flops(n) / 1e9:.0f} GFLOP per epoch at {gflops:.0f} GFLOP/s matmul)")
    print(f"modern / legacy throughput: {legacy_s / modern_s:.2f}x   modern / bound time: {modern_s / bound:.2f}x")
    print("epoch times, legacy:", " ".join(f"{t:.2f}" for t in legacy_times),
          "| modern:", " ".join(f"{t:.2f}" for t in modern_times))


if __name__ == "__main__":
    main()
