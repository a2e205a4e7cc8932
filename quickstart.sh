#!/usr/bin/env bash
# One entry point for a fresh Debian/Ubuntu machine: installs what is missing, then runs a job.
#   bash quickstart.sh demo   set up, train on two moons, write plots, render the videos
#   bash quickstart.sh test   set up, run the whole test suite
#   bash quickstart.sh site   set up, build the lesson's website into build/site (add --open to open it)
# Idempotent: a second run skips what is already installed.
set -euo pipefail
cd "$(dirname "$0")"

job="${1:-demo}"
shift || true
case "$job" in
  demo|test|setup|site) ;;
  *) echo "usage: bash quickstart.sh [demo|test|setup|site]  (got '$job')" >&2; exit 2 ;;
esac

# --- 1. Debian packages: cairo and pango build manim's bindings, graphviz draws graphs, ----
#        chromium is the headless browser the tests render the notebook pages and JupyterLab in
debian_packages=(python3-venv python3-dev build-essential pkg-config libcairo2-dev libpango1.0-dev graphviz chromium)
missing=()
if command -v dpkg-query >/dev/null 2>&1; then
  for p in "${debian_packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
fi
if [ "${#missing[@]}" -gt 0 ]; then
  # python3-venv/python3-dev are only needed when no working venv module is present.
  if python3 -c "import venv, ensurepip, os, sysconfig; assert os.path.exists(os.path.join(sysconfig.get_paths()['include'], 'Python.h'))" 2>/dev/null; then
    filtered=(); for p in "${missing[@]}"; do case "$p" in python3-venv|python3-dev) ;; *) filtered+=("$p");; esac; done
    missing=("${filtered[@]+"${filtered[@]}"}")
  fi
fi
if [ "${#missing[@]}" -gt 0 ]; then
  echo "==> installing Debian packages: ${missing[*]}"
  sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# --- 2. a virtual environment with the package and all its extras ---------------------------
venv=".venv"
if [ ! -x "$venv/bin/python" ]; then
  echo "==> creating virtual environment $venv"
  python3 -m venv "$venv"
fi
py="$venv/bin/python"
pip_install() {  # pip's output goes to a log, shown only if the install fails
  if ! "$py" -m pip install -q "$@" > "$venv/pip.log" 2>&1; then
    tail -n 40 "$venv/pip.log" >&2
    echo "==> pip install $* failed; the full log is $venv/pip.log" >&2
    return 1
  fi
}
stamp="$venv/.installed-$(cat pyproject.toml | sha1sum | cut -c1-12)"
if [ ! -f "$stamp" ]; then
  echo "==> installing autograd_mini[all] into $venv (first run takes a few minutes)"
  pip_install --upgrade pip setuptools wheel
  pip_install -e ".[all]"
  touch "$stamp"
fi
if [ "$job" = "test" ] && ! "$py" -c "import torch" 2>/dev/null; then
  # PyTorch is the optional oracle of the tests; only this exact CPU build is used.
  echo "==> installing torch==2.13.0 (optional test oracle)"
  pip_install "torch==2.13.0" || echo "==> torch==2.13.0 not available: the PyTorch-oracle tests will be skipped"
fi
if [ "$job" = "test" ] && ! "$py" -c "import playwright" 2>/dev/null; then
  # Drives the system chromium in the page and JupyterLab tests (no browser download: it uses /usr/bin/chromium).
  echo "==> installing playwright (browser tests)"
  pip_install playwright || echo "==> playwright not available: the browser tests will be skipped"
fi

# --- 2b. JupyterLab opens tutorials/*.py as notebooks on double-click ------------------------
# jupytext's default-viewer setting, written into this venv's JupyterLab settings (not ~/.jupyter).
"$py" -c "from autograd_mini.tutorials import set_default_viewer as s; p = s(); p and print(f'==> JupyterLab: .py notebooks open as notebooks ({p})')"
export MPLBACKEND="${MPLBACKEND:-Agg}"

# --- 3. the job --------------------------------------------------------------------------
case "$job" in
  setup) echo "==> set up; activate with: source $venv/bin/activate" ;;
  demo)  exec "$venv/bin/autograd-mini" demo "$@" ;;
  site)  exec "$venv/bin/autograd-mini" site "$@" ;;
  test)  # Two workers on two cores, one BLAS thread each: with more, OpenBLAS threads spin against the
         # other worker (a small convolution's matrix product ran 15x slower in the suite).
         export OPENBLAS_NUM_THREADS="${OPENBLAS_NUM_THREADS:-1}" OMP_NUM_THREADS="${OMP_NUM_THREADS:-1}"
         exec "$py" -m pytest -n 2 "$@" ;;
esac
