"""The other-CPU pass's process (tests/other_cpu.py): it is stopped, with its children, however
the session ends, and gives the suite its cores back. A stand-in command replaces the nbval run."""

import os
import pathlib
import subprocess
import sys
import time

import pytest

from bookbuild.layout import ROOT
from other_cpu import OtherCpuRun

# A parent that starts a child and both sleep: stop() must end the whole process group.
SLEEPER = [sys.executable, "-c",
           "import subprocess, sys, time; "
           "child = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(120)']); "
           "print(child.pid, flush=True); time.sleep(120)"]


def _alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    with open(f"/proc/{pid}/stat", encoding="ascii") as stat:  # a zombie is not running
        return stat.read().split(")")[-1].split()[0] != "Z"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="process groups and affinity")
@pytest.mark.parametrize("split", ["split", "shared"])
def test_stop_ends_the_run_and_its_children_and_gives_the_cores_back(split):
    cores = os.sched_getaffinity(0)
    run = OtherCpuRun(ROOT, split=split, command=SLEEPER)
    try:
        if split == "split" and len(cores) > 1:
            assert os.sched_getaffinity(0) == cores - {max(cores)}
            assert os.sched_getaffinity(run.process.pid) == {max(cores)}
        else:
            assert os.sched_getaffinity(0) == cores
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            run.log.seek(0)
            if (child := run.log.read().strip()).isdigit():
                break
            time.sleep(0.1)
        child = int(child)
        assert _alive(child)
    finally:
        start = time.monotonic()
        run.stop()
    assert time.monotonic() - start < 25  # SIGINT first, then SIGTERM, then SIGKILL
    assert run.process.poll() is not None
    deadline = time.monotonic() + 5
    while _alive(child) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _alive(child)
    assert os.sched_getaffinity(0) == cores


def test_wait_reports_the_return_code_and_the_end_of_the_log():
    run = OtherCpuRun(ROOT, split="shared", command=[sys.executable, "-c", "print('fim'); exit(3)"])
    try:
        returncode, log = run.wait(timeout=30)
    finally:
        run.stop()
    assert (returncode, log.strip()) == (3, "fim")


def test_an_unknown_split_is_refused():
    with pytest.raises(ValueError, match="RNNBOOK_OTHER_CPU_SPLIT must be 'split' or 'shared'"):
        OtherCpuRun(ROOT, split="half", command=[sys.executable, "-c", "pass"])


def test_collecting_the_suite_starts_no_pass(tmp_path):
    """``pytest --collect-only`` (what an IDE runs) must not start the 15-minute pass: no process
    that inherited this collection's environment outlives it."""
    mark = f"collect-{os.getpid()}-{time.monotonic_ns()}"
    output = tmp_path / "collect.txt"  # a file, not a pipe: a process left behind holds a pipe
    with output.open("w") as stdout:
        result = subprocess.run([sys.executable, "-m", "pytest", "--collect-only", "-q",
                                 "tests/test_other_cpu.py"], cwd=ROOT, stdout=stdout,
                                stderr=subprocess.STDOUT, timeout=120,
                                env={**os.environ, "RNNBOOK_TEST_MARK": mark})
    text = output.read_text()
    assert result.returncode == 0, text[-2000:]
    assert "1 test collected" in text
    time.sleep(1)
    left = []
    for environ in pathlib.Path("/proc").glob("[0-9]*/environ"):
        try:
            if f"RNNBOOK_TEST_MARK={mark}".encode() in environ.read_bytes():
                left.append(environ.parent.name)
        except OSError:  # gone, or not ours to read
            continue
    assert not left, f"processes left by --collect-only: {left}"
