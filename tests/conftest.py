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

    Its tests carry the xdist group "site", so with `--dist loadgroup` one worker builds it once."""
    from autograd_mini import site as site_module

    return site_module.build(tmp_path_factory.mktemp("site") / "site", video_quality="low", log=None)
