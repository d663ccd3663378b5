"""The portable exclusive lock: a second holder waits until the first lets go."""

from __future__ import annotations

import threading

from sabo_eval.run.file_lock import exclusive_lock


def test_a_second_holder_waits_for_the_first(tmp_path):
    path = tmp_path / "publish.lock"
    acquired = threading.Event()
    first = open(path, "a+")  # noqa: SIM115
    second = open(path, "a+")  # noqa: SIM115

    def take_second():
        with exclusive_lock(second):
            acquired.set()

    try:
        with exclusive_lock(first):
            waiter = threading.Thread(target=take_second, daemon=True)
            waiter.start()
            assert not acquired.wait(0.3)  # held by the first
        assert acquired.wait(5)  # released: the second gets it
        waiter.join(5)
    finally:
        first.close()
        second.close()


def test_the_lock_can_be_taken_again_after_release(tmp_path):
    with open(tmp_path / "l", "a+") as handle:
        for _ in range(2):
            with exclusive_lock(handle):
                pass
    assert (tmp_path / "l").exists()
