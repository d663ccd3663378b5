"""Fixtures of the statistics tests: one OpenBLAS thread for the simulation modules."""

import ctypes
import glob
import os

import numpy as np
import pytest


def _numpy_openblas():
    """numpy's bundled OpenBLAS (scipy-openblas) with its thread setters, or None."""
    libdir = os.path.join(os.path.dirname(os.path.dirname(np.__file__)), "numpy.libs")
    for path in glob.glob(os.path.join(libdir, "*openblas*")):
        try:
            lib = ctypes.CDLL(path)
        except OSError:
            continue
        if hasattr(lib, "scipy_openblas_get_num_threads64_") and hasattr(lib, "scipy_openblas_set_num_threads64_"):
            return lib
    return None


@pytest.fixture(scope="module")
def one_blas_thread():
    """Pin numpy's OpenBLAS to one thread while this module's simulations run.

    A pilot module fits several hundred small regressions. With two OpenBLAS threads on a
    machine where another process keeps a core busy, every SVD waits for a
    descheduled thread and the module takes minutes instead of about ten seconds.
    Restored afterwards; a no-op when numpy does not bundle scipy-openblas (this is
    what threadpoolctl does, which the project does not depend on).
    """
    lib = _numpy_openblas()
    if lib is None:
        yield
        return
    before = lib.scipy_openblas_get_num_threads64_()
    lib.scipy_openblas_set_num_threads64_(1)
    try:
        yield
    finally:
        lib.scipy_openblas_set_num_threads64_(before)
