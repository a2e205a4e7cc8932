"""Sphinx configuration of the lesson's website; build it with `autograd-mini site` (autograd_mini/site.py).

The build stages this folder, the notebooks (tutorials/*.py) and the videos into a private source
folder and runs Sphinx there with -W --keep-going -n: any warning, broken cross-reference or
unresolved name fails the build. Offline: no CDN; every script, style and font is served by the site.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

HERE = Path(__file__).parent
ROOT = Path(os.environ.get("AUTOGRAD_MINI_SITE_ROOT", HERE.parent))  # the repository (the build says where)
sys.path.insert(0, str(HERE / "_ext"))
sys.path.insert(1, str(ROOT))

project = "autograd_mini"
author = "the autograd_mini authors"
copyright = "the autograd_mini authors"
html_title = "autograd_mini"

extensions = [
    "myst_nb",
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.napoleon",
    "sphinx.ext.viewcode",
    "lesson_site",
]
if (HERE / "_live" / "live_ext.py").exists():  # the live playground and quiz (issue 15)
    sys.path.insert(0, str(HERE / "_live"))
    extensions.append("live_ext")

# The pages: Markdown (and reST) here, and the notebooks staged into tutorials/; nothing in _folders.
include_patterns = ["**.md", "**.rst", "tutorials/*.py"]
exclude_patterns = ["_*", "**/.ipynb_checkpoints"]
root_doc = "index"

# --- strict: a warning, a broken reference or an unknown name fails the build -------------------
nitpicky = True
# Names of other libraries and of the standard library cannot be resolved offline (no intersphinx):
# a dotted name outside autograd_mini is not checked; every name of autograd_mini is.
nitpick_ignore_regex = [
    (r"py:.*", r"(?!autograd_mini\.)[A-Za-z_]\w*\..*"),
    (r"py:.*", r"(np|ndarray|ArrayLike|NDArray|DTypeLike|Figure|Axes)"),
]

# --- notebooks (myst-nb) ----------------------------------------------------------------------
# jupytext's percent format (jupytext.reads(text, fmt="py:percent")), with the checkers' inputs removed.
nb_custom_formats = {".py": ["lesson_site.read_tutorial", {}]}
nb_execution_mode = "cache"
nb_execution_cache_path = os.environ.get("AUTOGRAD_MINI_SITE_CACHE", str(HERE / "_build" / "jupyter_cache"))
nb_execution_timeout = 300  # seconds per notebook; each takes well under 60 s on two cores
nb_execution_raise_on_error = True
nb_execution_show_tb = True
nb_output_stderr = "warn"  # a cell writing to stderr (a warning) fails the build, as in the tests
nb_merge_streams = True
nb_ipywidgets_js = {}  # never load the widgets' JavaScript (from a CDN): each widget gets a static stand-in
myst_enable_extensions = ["colon_fence"]
myst_heading_anchors = 3

# --- API reference ----------------------------------------------------------------------------
autosummary_generate = True
autodoc_member_order = "bysource"
autodoc_typehints = "signature"
napoleon_google_docstring = True
napoleon_numpy_docstring = True

# --- HTML -------------------------------------------------------------------------------------
html_theme = "pydata_sphinx_theme"
html_static_path = ["_static"]
html_extra_path = ["_extra"] if (HERE / "_extra").exists() else []  # notebooks/NN_name.ipynb downloads
html_css_files = ["lesson.css"]
html_copy_source = False
html_show_sourcelink = False
html_last_updated_fmt = None
templates_path = ["_templates"]
html_sidebars = {"**": ["lesson-nav"]}  # the whole lesson on every page, not only the current section
html_theme_options = {
    "navbar_center": [],  # the parts' long titles do not fit a navigation bar; the sidebar lists them
    "show_prev_next": True,
    "navigation_with_keys": False,
    "show_toc_level": 2,
    "secondary_sidebar_items": ["page-toc"],
    "navbar_end": ["theme-switcher"],
    "header_links_before_dropdown": 4,
    "footer_start": ["copyright"],
    "footer_center": [],
    "footer_end": [],
    "icon_links": [],
}
html_context = {"default_mode": "light"}
