"""Test-suite settings shared by every file."""

import os

from hypothesis import settings

# No per-example time limit: on a loaded 2-core CI machine a slow example is not a wrong one.
settings.register_profile("autograd_mini", deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "autograd_mini"))


import pytest


@pytest.fixture(autouse=True)
def _same_global_seed_in_every_test():
    """Each test starts from PyTorch's global generator at seed 0, whichever worker and order runs it."""
    from autograd_mini import random as global_random

    global_random.manual_seed(0)
    yield


@pytest.fixture(scope="session")
def site(tmp_path_factory):
    """The website, built once per test run by the command's own function (tests/test_site_*.py share it).

    Under xdist the workers share one build: the first to need it builds it under a file lock, in the
    run's common temporary folder; the other waits and reuses it (two builds would race on media/)."""
    import fcntl

    from autograd_mini import site as site_module

    base = tmp_path_factory.getbasetemp()
    common = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    target, done = common / "site-shared" / "site", common / "site-shared.done"
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(common / "site-shared.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        if not done.exists():
            site_module.build(target, video_quality="low", log=None)
            done.write_text("built\n")
    return target
