"""The other-CPU pass: nbval on the training chapters under an AVX-only processor's kernels, in a
process of its own beside the rest of the suite (tests/test_other_cpu.py says why).

The root conftest.py's session fixture makes one :class:`OtherCpuRun` when that test is selected,
at the first test of the session (never at collection), and calls :meth:`OtherCpuRun.stop` when
the session ends: normally, on Ctrl-C, after ``-x``, or when the test's wait times out. If pytest
itself is killed, the kernel's parent-death signal stops the process (Linux), and its Jupyter
kernels stop on their own when their parent goes (ipykernel's parent poller).

Cores: with ``RNNBOOK_OTHER_CPU_SPLIT=split`` (the default, the faster of the two measured, see
the README's "Desempenho"), the pass runs on the last core and the rest of the suite on the others,
so that each TensorFlow sizes its thread pools to the cores it has; ``shared`` lets both use every
core.
"""

import ctypes
import os
import signal
import subprocess
import sys
import tempfile

from bookbuild.layout import TRAINING_CHAPTERS

OTHER_CPU = {"ONEDNN_MAX_CPU_ISA": "AVX", "XLA_FLAGS": "--xla_cpu_max_isa=AVX"}
SPLIT = os.environ.get("RNNBOOK_OTHER_CPU_SPLIT", "split")
PR_SET_PDEATHSIG = 1


def _die_with_parent():
    """In the child, before exec: receive SIGTERM when the parent (pytest) dies (Linux only)."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    except (OSError, AttributeError):
        pass


class OtherCpuRun:
    """``pytest`` on the training chapters with the kernels of OTHER_CPU, started at once."""

    def __init__(self, root, chapters=TRAINING_CHAPTERS, split=SPLIT, command=None):
        """``command`` replaces the nbval run (tests/test_other_cpu_run.py starts a stand-in)."""
        if split not in ("split", "shared"):
            raise ValueError(f"RNNBOOK_OTHER_CPU_SPLIT must be 'split' or 'shared', not {split!r}")
        self.log = tempfile.TemporaryFile(mode="w+", encoding="utf-8")
        cores = sorted(os.sched_getaffinity(0))
        own, others = None, None
        if split == "split" and len(cores) > 1:
            own, others = {cores[-1]}, set(cores[:-1])

        def prepare():
            _die_with_parent()
            if own:
                os.sched_setaffinity(0, own)

        # A cell may take longer than alone (a core, not two): the per-cell timeout is generous;
        # a timeout is not what the test checks.
        command = command or [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                              "--nbval-cell-timeout", "1800",
                              *(f"{chapter}.ipynb" for chapter in chapters)]
        self.process = subprocess.Popen(
            command, cwd=root, env={**os.environ, **OTHER_CPU}, stdout=self.log,
            stderr=subprocess.STDOUT, preexec_fn=prepare, start_new_session=True)
        if others:
            os.sched_setaffinity(0, others)  # this suite, and the kernels it starts from now on
        self._cores = cores

    def wait(self, timeout):
        """The process's return code and the end of its log."""
        returncode = self.process.wait(timeout=timeout)
        self.log.seek(0)
        return returncode, self.log.read()[-8000:]

    def stop(self):
        """End the process (and its group) if it still runs; give this suite its cores back."""
        if self.process.poll() is None:
            for sig, grace in ((signal.SIGINT, 20), (signal.SIGTERM, 10), (signal.SIGKILL, 10)):
                try:
                    os.killpg(self.process.pid, sig)
                    self.process.wait(timeout=grace)
                    break
                except subprocess.TimeoutExpired:
                    continue
                except ProcessLookupError:
                    break
        os.sched_setaffinity(0, self._cores)
        self.log.close()
