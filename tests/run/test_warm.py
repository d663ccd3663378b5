"""Warm execution changes nothing: one kernel, several districts, the outputs and HTML of cold runs."""

from __future__ import annotations

import os
import re
from pathlib import Path

import nbformat
import papermill as pm
import pytest
from papermill.exceptions import PapermillExecutionError

from sabo_eval.reports.export import notebook_to_html
from sabo_eval.run.plan import DEFAULT_NOTEBOOK
from sabo_eval.run.publish import run_context
from sabo_eval.run.warm import WarmKernel

#: 수원시 (roster-form attendance, seed 000), 종로구 (Seoul), 사상구 (CSV submission in 2022).
DISTRICTS = ("41110", "11110", "26530")
YEAR = 2022


def _outputs(notebook: nbformat.NotebookNode) -> list:
    """Every code cell's outputs and execution count (the run's timing metadata left out)."""
    return [(cell.get("execution_count"), cell.get("outputs")) for cell in notebook.cells if cell.cell_type == "code"]


def _html(notebook: nbformat.NotebookNode) -> str:
    return notebook_to_html(notebook, title="보고서")


@pytest.fixture(scope="module")
def context(tmp_path_factory) -> Path:
    """The all-district figures a run passes to every notebook."""
    path = tmp_path_factory.mktemp("warm") / "_run" / "headlines.json"
    run_context(os.environ["SABO_EVAL_DB"], YEAR, path, key="warm-test")
    return path


def _parameters(code: str, context: Path) -> dict:
    return {"district_code": code, "year": YEAR, "warehouse": os.environ["SABO_EVAL_DB"], "run_context": str(context)}


def test_districts_run_in_sequence_in_one_warm_kernel_equal_cold_single_runs(context, tmp_path):
    kernel = WarmKernel()
    warm = {}
    try:
        for code in DISTRICTS:
            warm[code] = kernel.execute(DEFAULT_NOTEBOOK, tmp_path / f"warm-{code}.ipynb", _parameters(code, context))
        pid = kernel.kernel_pid()
        assert kernel.starts == 1 and kernel.executed == len(DISTRICTS) and pid is not None  # one kernel did them all
    finally:
        kernel.shutdown()
    for code in DISTRICTS:
        cold = pm.execute_notebook(
            str(DEFAULT_NOTEBOOK), str(tmp_path / f"cold-{code}.ipynb"), parameters=_parameters(code, context),
            kernel_name="python3", progress_bar=False,
        )
        assert _outputs(warm[code]) == _outputs(cold), code
        assert [c["execution_count"] for c in warm[code].cells if c.cell_type == "code"][:2] == [1, 2]
        assert _html(warm[code]) == _html(cold), code
        assert len(re.findall(r"data:image/png;base64", _html(cold))) >= 5  # charts are part of what is compared


PROBE = """\
import random, warnings
import matplotlib, matplotlib.pyplot as plt
import numpy as np
state = {
    "leaked_name": "leak" in globals(),
    "open_figures": len(plt.get_fignums()),
    "linewidth": matplotlib.rcParams["lines.linewidth"],
    "execution_count": get_ipython().execution_count,
    "numpy_draw": float(np.random.random()),
    "random_draw": random.random(),
}
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("default")
    warnings.warn("only once per location", UserWarning)
state["warned"] = len(caught)
leak = 1
matplotlib.rcParams["lines.linewidth"] = 9.0
warnings.filterwarnings("ignore")
plt.figure()
print(state)
"""


def _probe_notebook(path: Path) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    parameters = nbformat.v4.new_code_cell("district_code = None")
    parameters.metadata["tags"] = ["parameters"]
    nb.cells = [parameters, nbformat.v4.new_code_cell(PROBE)]
    nbformat.write(nb, str(path))
    return path


def test_state_left_by_one_notebook_is_gone_before_the_next(tmp_path):
    """A notebook that leaks a name, an open figure, rcParams, filters and RNG state: the next sees none."""
    probe = _probe_notebook(tmp_path / "probe.ipynb")
    kernel = WarmKernel()
    try:
        seen = []
        for i in range(3):
            out = kernel.execute(probe, tmp_path / f"probe-{i}.ipynb", {"district_code": str(i)})
            seen.append(out.cells[-1].outputs[0]["text"])
    finally:
        kernel.shutdown()
    assert seen[0] == seen[1] == seen[2]  # same draws too: the generators are seeded before every notebook
    assert "'leaked_name': False" in seen[2] and "'open_figures': 0" in seen[2] and "'warned': 1" in seen[2]
    assert "'execution_count': 4" in seen[2]  # counter restarted: the probe is the third cell, as in a cold kernel
    assert [c.get("execution_count") for c in out.cells] == [1, 2, 3]
    cold = pm.execute_notebook(str(probe), str(tmp_path / "cold.ipynb"), parameters={"district_code": "0"}, progress_bar=False)
    cold_text = cold.cells[-1].outputs[0]["text"]
    drop_draws = re.compile(r", '(numpy|random)_draw': [0-9.e-]+")
    assert drop_draws.sub("", cold_text) == drop_draws.sub("", seen[2])  # a fresh kernel sees the same state


def test_failing_cell_is_reported_and_the_kernel_serves_the_next_notebook(tmp_path, context):
    kernel = WarmKernel()
    try:
        with pytest.raises(PapermillExecutionError) as failure:
            kernel.execute(DEFAULT_NOTEBOOK, tmp_path / "fail.ipynb", {**_parameters("11110", context), "fail_district": "11110"})
        assert failure.value.exec_count == 3  # the set-up cell after both parameter cells, In [3] as in a cold run
        pid = kernel.kernel_pid()
        out = kernel.execute(DEFAULT_NOTEBOOK, tmp_path / "ok.ipynb", _parameters("11140", context))
        assert kernel.kernel_pid() == pid and kernel.starts == 1
        assert "종로구" not in _html(out) and "중구" in _html(out)
    finally:
        kernel.shutdown()


def test_a_dead_kernel_is_replaced_before_the_next_notebook(tmp_path, context):
    kernel = WarmKernel()
    try:
        kernel.execute(DEFAULT_NOTEBOOK, tmp_path / "a.ipynb", _parameters("11110", context))
        first = kernel.kernel_pid()
        os.kill(first, 9)
        kernel.km.provisioner.process.wait()
        out = kernel.execute(DEFAULT_NOTEBOOK, tmp_path / "b.ipynb", _parameters("11140", context))
        assert kernel.starts == 2 and kernel.kernel_pid() != first
        assert "중구" in _html(out)
    finally:
        kernel.shutdown()


def test_a_kernel_warmed_up_ahead_serves_the_first_notebook_as_a_fresh_one(tmp_path):
    """warm_up() starts and warms the kernel; the first notebook after it sees a fresh kernel's state."""
    probe = _probe_notebook(tmp_path / "probe.ipynb")
    ahead, plain = WarmKernel(), WarmKernel()
    try:
        ahead.warm_up()
        pid = ahead.kernel_pid()
        assert ahead.warmed and ahead.alive() and ahead.executed == 0 and pid is not None
        first = ahead.execute(probe, tmp_path / "ahead.ipynb", {"district_code": "0"})
        assert ahead.kernel_pid() == pid and ahead.starts == 1  # the kernel warmed ahead did the notebook
        reference = plain.execute(probe, tmp_path / "plain.ipynb", {"district_code": "0"})
    finally:
        ahead.shutdown()
        plain.shutdown()
    assert _outputs(first) == _outputs(reference)
