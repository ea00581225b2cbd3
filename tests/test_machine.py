"""The cores bitext uses are the ones the process may run on (Slurm, PBS, taskset and containers
limit them by CPU affinity), not every core of the machine."""

import subprocess
import sys


def test_a_process_held_to_one_core_uses_one():
    code = ("from align.machine import cores; from align.pipeline.batch import LocalPool; "
            "from align.aligner.encoders import USEEncoder; "
            "print(cores(), LocalPool(1, 'usem3', False).threads, USEEncoder().threads)")
    out = subprocess.run(["taskset", "-c", "0", sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.split()
    assert out == ["1", "1", "1"]
