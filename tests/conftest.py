"""Test-suite settings shared by every file."""

import os

from hypothesis import settings

# No per-example time limit: on a loaded 2-core CI machine a slow example is not a wrong one.
settings.register_profile("autograd_mini", deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "autograd_mini"))
