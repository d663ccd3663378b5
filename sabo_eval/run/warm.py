"""Warm notebook execution: one long-lived kernel per worker, district after district.

Starting a kernel and importing pandas, seaborn and statsmodels costs seconds; the
report itself much less. A :class:`WarmKernel` starts one kernel, imports the stack
once (:data:`WARM_UP_CODE`), records the state a fresh kernel has after those
imports, and then executes one parameterised notebook after another through
papermill with the same kernel. Before each notebook the kernel is put back into
the recorded state (:func:`reset_kernel_state`): the user namespace and output
history are cleared and the execution counter restarts at 1, every matplotlib figure
is closed and the rcParams restored, warning filters and "shown once" registries are
restored, and the random generators of ``random`` and NumPy are seeded. A test
(``tests/run/test_warm.py``) checks that warm and cold runs give the same outputs and
HTML.

The functions ``snapshot_kernel_state`` and ``reset_kernel_state`` run *inside* the
kernel; :class:`WarmKernel` runs in the worker process.
"""

from __future__ import annotations

import copy
import gc
import logging
import random
import warnings
from pathlib import Path
from typing import Any

__all__ = [
    "WARM_UP_CODE",
    "RESET_CODE",
    "RANDOM_SEED",
    "WarmKernel",
    "snapshot_kernel_state",
    "reset_kernel_state",
]

logger = logging.getLogger(__name__)

#: Seed given to ``random`` and ``numpy.random`` before every notebook.
RANDOM_SEED = 0

#: Imports done once per kernel (what a cold run pays for every district).
WARM_UP_CODE = """\
import pandas, numpy, matplotlib, seaborn, statsmodels.api, duckdb
import sabo_eval.reports.district, sabo_eval.reports.comparison, sabo_eval.reports.pilot
__import__("sabo_eval.run.warm").run.warm.snapshot_kernel_state()
"""

#: Run before every notebook; binds no name in the user namespace.
RESET_CODE = '__import__("sabo_eval.run.warm").run.warm.reset_kernel_state(get_ipython())'

_STATE: dict[str, Any] = {}


def snapshot_kernel_state() -> None:
    """Record matplotlib's rcParams and the warning filters (run in the kernel after imports)."""
    import matplotlib

    _STATE["rcparams"] = copy.deepcopy(dict(matplotlib.rcParams))
    _STATE["warning_filters"] = list(warnings.filters)


def reset_kernel_state(shell: Any) -> None:
    """Put the kernel back into the state recorded by :func:`snapshot_kernel_state`.

    Parameters
    ----------
    shell : IPython.core.interactiveshell.InteractiveShell
        The kernel's shell (``get_ipython()``).
    """
    import matplotlib
    import matplotlib.pyplot as plt
    import numpy as np

    full_collect = gc.collect
    gc.collect = lambda generation=2: 0  # IPython's reset ends in a full collection (~0.1 s on this heap)
    try:
        shell.reset(new_session=True)  # namespace, Out/In history; execution counter back to 1
    finally:
        gc.collect = full_collect
    plt.close("all")
    if "rcparams" in _STATE:
        dict.update(matplotlib.rcParams, copy.deepcopy(_STATE["rcparams"]))  # values were validated when recorded
    if "warning_filters" in _STATE:
        warnings.filters[:] = _STATE["warning_filters"]
    warnings._filters_mutated()  # noqa: SLF001  ("once"/"default" warnings show again)
    random.seed(RANDOM_SEED)
    np.random.seed(RANDOM_SEED)  # noqa: NPY002  (the legacy global generator is what user code would touch)
    gc.collect(1)  # young cycles of the previous report; older generations are left to the automatic collector


class WarmKernel:
    """A kernel that stays up and executes parameterised notebooks one after another.

    Every exchange with the kernel goes through papermill's notebook client (a
    papermill engine registered as ``sabo_warm``), which first runs the warm-up
    imports (once per kernel) and the state reset, silently and outside the
    history, and then the notebook's cells as papermill always does.

    Parameters
    ----------
    kernel_name : str
        Jupyter kernel to start.
    start_timeout : float
        Seconds to wait for the kernel to start (one retry when it does not).
    recycle_after : int
        Restart the kernel after this many notebooks (bounds memory growth).
    """

    def __init__(self, kernel_name: str = "python3", *, start_timeout: float = 120, recycle_after: int = 200) -> None:
        self.kernel_name = kernel_name
        self.start_timeout = start_timeout
        self.recycle_after = recycle_after
        self.km = None
        self.kc = None
        self.warmed = False
        self.executed = 0
        self.starts = 0

    def start(self) -> None:
        """Start the kernel process (retried once when it fails to start)."""
        from jupyter_client.manager import KernelManager

        for attempt in (1, 2):
            km = KernelManager(kernel_name=self.kernel_name)
            try:
                km.start_kernel()
                break
            except RuntimeError as exc:
                if attempt == 2:
                    raise
                logger.warning("커널 시작 실패, 한 번 더 시도합니다 (kernel start failed, retrying once): %s", exc)
        self.km = km
        self.starts += 1
        self.executed = 0
        self.warmed = False

    def shutdown(self) -> None:
        """Stop the kernel (idempotent)."""
        if self.kc is not None:
            self.kc.stop_channels()
            self.kc = None
        if self.km is not None:
            try:
                self.km.shutdown_kernel(now=True)
            except Exception as exc:  # noqa: BLE001  (a dead kernel needs no shutdown)
                logger.debug("kernel shutdown: %s", exc)
        self.km = None

    def alive(self) -> bool:
        """Whether the kernel process is running."""
        return self.km is not None and self.km.is_alive()

    def kernel_pid(self) -> int | None:
        """Process id of the kernel (None when not running)."""
        provisioner = getattr(self.km, "provisioner", None)
        process = getattr(provisioner, "process", None)
        return getattr(process, "pid", None)

    def prelude(self) -> list[tuple[str, str]]:
        """Code to run before the next notebook: (what, code) pairs."""
        steps = [] if self.warmed else [("warm-up", WARM_UP_CODE)]
        return [*steps, ("state reset", RESET_CODE)]

    def warm_up(self) -> None:
        """Start the kernel and run the warm-up imports now, ahead of the first notebook.

        A one-cell notebook goes through :meth:`execute` (the prelude runs first, as
        for a report); the state reset before every notebook makes the next report
        exactly as it would have been without it.
        """
        import tempfile

        import nbformat

        if self.warmed and self.alive():
            return
        with tempfile.TemporaryDirectory(prefix="sabo-warm-") as scratch:
            source = Path(scratch) / "warm-up.ipynb"
            notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("pass")])
            notebook.metadata["kernelspec"] = {"name": self.kernel_name, "display_name": "Python 3", "language": "python"}
            notebook.metadata["language_info"] = {"name": "python"}
            nbformat.write(notebook, source)
            self.execute(source, Path(scratch) / "warmed.ipynb", {}, execution_timeout=self.start_timeout)
        self.executed = 0  # the warm-up is not a report: it does not count towards recycling

    def execute(self, notebook: str | Path, output: str | Path, parameters: dict, *, execution_timeout: float | None = None):
        """Execute ``notebook`` with ``parameters`` into ``output`` in this kernel.

        Raises what :func:`papermill.execute_notebook` raises
        (:class:`papermill.exceptions.PapermillExecutionError` when a cell fails).
        After any other failure (timeout, dead kernel) the kernel is restarted before
        the next notebook.

        Returns
        -------
        nbformat.NotebookNode
            The executed notebook (also written to ``output``).
        """
        import papermill as pm
        from papermill.exceptions import PapermillExecutionError

        _register_engine()
        if not self.alive() or self.executed >= self.recycle_after:
            self.shutdown()
            self.start()
        self.executed += 1
        try:
            return pm.execute_notebook(
                str(notebook),
                str(output),
                parameters=parameters,
                engine_name=ENGINE_NAME,
                kernel_name=self.kernel_name,
                progress_bar=False,
                log_output=False,
                request_save_on_cell_execute=False,
                start_timeout=self.start_timeout,
                execution_timeout=execution_timeout,
                warm_kernel=self,
            )
        except PapermillExecutionError:
            raise  # a failing cell: the kernel itself is fine
        except BaseException:
            self.shutdown()  # timed out or died mid-cell: never reuse it
            raise


ENGINE_NAME = "sabo_warm"
_registered = False


def _register_engine() -> None:
    """Register the ``sabo_warm`` papermill engine (once per process)."""
    global _registered  # noqa: PLW0603
    if _registered:
        return
    from papermill.clientwrap import PapermillNotebookClient
    from papermill.engines import NBClientEngine, papermill_engines
    from papermill.log import logger as papermill_logger

    class WarmNotebookClient(PapermillNotebookClient):
        """Papermill's client that runs the kernel prelude before the notebook's cells."""

        def papermill_execute_cells(self):  # noqa: D102
            for what, code in self.warm_kernel.prelude():
                msg_id = self.kc.execute(code, silent=True, store_history=False)
                reply = self.wait_for_reply(msg_id)
                content = (reply or {}).get("content", {})
                if content.get("status") != "ok":
                    raise RuntimeError(f"{what} failed in the kernel: {content.get('ename')}: {content.get('evalue')}")
                if what == "warm-up":
                    self.warm_kernel.warmed = True
            super().papermill_execute_cells()

    class WarmEngine(NBClientEngine):
        """Executes a notebook in a :class:`WarmKernel`'s running kernel."""

        @classmethod
        def execute_managed_notebook(  # noqa: D102
            cls, nb_man, kernel_name, log_output=False, stdout_file=None, stderr_file=None,
            start_timeout=60, execution_timeout=None, **kwargs,
        ):
            warm = kwargs.pop("warm_kernel")
            kwargs.pop("input_path", None)
            client = WarmNotebookClient(
                nb_man, km=warm.km, timeout=execution_timeout, startup_timeout=start_timeout, kernel_name=kernel_name,
                log=papermill_logger, log_output=log_output, stdout_file=stdout_file, stderr_file=stderr_file, **kwargs,
            )
            client.warm_kernel = warm
            client.kc = warm.kc  # None the first time: the notebook client connects, and its client is kept
            try:
                return client.execute()
            finally:
                warm.kc = client.kc

    papermill_engines.register(ENGINE_NAME, WarmEngine)
    _registered = True
