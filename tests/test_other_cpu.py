"""The chapters that train, checked by nbval under another CPU's kernels.

TensorFlow picks its CPU kernels (oneDNN, XLA) by instruction set and thread count, so a training
run on another processor ends in slightly different figures. The stored outputs must not depend
on that (README, "Reprodutibilidade e saídas que vêm do treino"): this test executes the training
chapters with the kernels of an AVX-only processor, which no CI machine has natively (AVX-512 and
AVX2 machines both change kernels under it), and compares them with nbval against the stored
outputs, exactly as the default run does. `bench/cpu_spread.py` measures the spread under more
settings.

The run is a separate pytest process. The root conftest.py starts it as soon as this test is
selected, so that it overlaps the rest of the suite (the chapters are small recurrent networks,
which use about one core each), and moves this test to the end, where it waits for the result.
"""

import os
import subprocess
import sys
import tempfile

import pytest

from sitebuild import ROOT

pytestmark = pytest.mark.slow

TRAINING_CHAPTERS = ["book/05_classificador_mnist.ipynb", "book/06_series_temporais.ipynb",
                     "book/07_treinando_rnns.ipynb", "book/08_memoria_longa.ipynb",
                     "book/09_previsao_de_series.ipynb", "book/apendice_treino_distribuido.ipynb"]
OTHER_CPU = {"ONEDNN_MAX_CPU_ISA": "AVX", "XLA_FLAGS": "--xla_cpu_max_isa=AVX"}


def start():
    """Start the nbval run of the training chapters under OTHER_CPU; return (process, log file)."""
    log = tempfile.TemporaryFile(mode="w+", encoding="utf-8")
    # The run shares the CPU with the rest of the suite: a cell may take several times longer than
    # alone, so the per-cell timeout is generous (a timeout is not what this test checks).
    command = [sys.executable, "-m", "pytest", "-q", "--nbval-cell-timeout", "1800", *TRAINING_CHAPTERS]
    process = subprocess.Popen(command, cwd=ROOT,
                               env={**os.environ, **OTHER_CPU}, stdout=log, stderr=subprocess.STDOUT)
    return process, log


def test_training_chapters_match_stored_outputs_with_avx_kernels(request):
    process, log = getattr(request.config, "other_cpu_run", None) or start()
    returncode = process.wait(timeout=3600)
    log.seek(0)
    assert returncode == 0, log.read()[-8000:]
