"""The wheel is the course: build the sdist and the wheel, install the wheel, use the course outside a clone.

What it proves, from a wheel installed in a fresh virtual environment and run in an empty folder:
`autograd-mini render opening -q l` writes its video under ./media; `autograd-mini tutorials --copy DIR`
copies the notebooks and never overwrites a learner's edits without --force; `autograd-mini tutorials 01
--html` executes notebook 01 and writes its page under ./tutorials-html; every command the notebook
prints is one that works there; and not one file of the environment's site-packages is added, removed
or changed by any of it.

Honest about the dependencies: installing the extras (manim, Jupyter, ...) from PyPI takes minutes, so
the fresh venv gets *this* project's installed dependencies: its site-packages holds a .pth file naming a
folder of links to every package of the environment running the tests, except autograd_mini itself,
and JUPYTER_PATH names that environment's share/jupyter (the data files of those packages, such as
nbconvert's templates, which pip puts beside site-packages, not in it).
The wheel is then installed with `pip install --no-index WHEEL[scenes,tutorials]`, so pip resolves the
extras' requirements against those packages with no index: a requirement they do not meet fails the test.
From PyPI instead, `AUTOGRAD_MINI_ONLINE=1` runs test_the_extras_resolve_from_the_package_index: a
`pip install --dry-run` of the wheel with its extras, resolved from the index as for a new user (138
packages; it took 4.5 minutes here, so it is opt-in). The sdist is built from a copy of the project and the wheel from the unpacked sdist (as `python -m build`
does), with the setuptools of this environment (no build isolation, so no download).
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import tarfile
import time
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
COURSE_FOLDERS = ("scenes", "tutorials", "docs/images")  # what the wheel carries besides the library
SOURCES = ("pyproject.toml", "README.md", "LICENSE", "autograd_mini", *COURSE_FOLDERS)
IGNORED = shutil.ignore_patterns("__pycache__", "*.pyc", ".ipynb_checkpoints", ".*-partial*")

pytestmark = pytest.mark.slow
requires_course_extras = pytest.mark.skipif(
    any(importlib.util.find_spec(m) is None for m in ("manim", "nbclient", "jupytext", "ipykernel")),
    reason="needs the scenes and tutorials extras installed in the environment running the tests",
)


def _run(command: list[str], cwd: Path, env: dict | None = None, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run([str(c) for c in command], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)


def _ok(proc: subprocess.CompletedProcess) -> str:
    assert proc.returncode == 0, f"{proc.args} exited {proc.returncode}:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
    return proc.stdout


def _build(backend_call: str, source: Path, out: Path) -> Path:
    """Call setuptools' PEP 517 backend (build_sdist or build_wheel) in `source`; the file it made in `out`."""
    code = f"from setuptools import build_meta; print(build_meta.{backend_call}({str(out)!r}))"
    stdout = _ok(_run([sys.executable, "-c", code], cwd=source))
    return out / stdout.strip().splitlines()[-1]


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, Path]:
    """The sdist built from a copy of the project, and the wheel built from the unpacked sdist."""
    root = tmp_path_factory.mktemp("wheel_build")
    project = root / "project"
    for name in SOURCES:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, project / name, ignore=IGNORED)
        else:
            (project / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, project / name)
    dist = root / "dist"
    start = time.perf_counter()
    sdist = _build("build_sdist", project, dist)
    with tarfile.open(sdist) as archive:
        archive.extractall(root / "unpacked", **({"filter": "data"} if hasattr(tarfile, "data_filter") else {}))
    wheel = _build("build_wheel", root / "unpacked" / sdist.name.removesuffix(".tar.gz"), dist)
    print(f"built {sdist.name} and {wheel.name} in {time.perf_counter() - start:.1f} s")
    return {"project": project, "sdist": sdist, "wheel": wheel}


def _course_files(project: Path) -> list[str]:
    """Every file of the library and of the course folders in the copied project, as paths from its root."""
    files = []
    for folder in ("autograd_mini", *COURSE_FOLDERS):
        files += [p.relative_to(project).as_posix() for p in sorted((project / folder).rglob("*")) if p.is_file()]
    return files


def test_build_system_asks_for_a_setuptools_with_pep_639():
    tomllib = pytest.importorskip("tomllib")
    from packaging.requirements import Requirement
    from packaging.version import Version

    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    requirement = next(Requirement(r) for r in config["build-system"]["requires"] if r.startswith("setuptools"))
    assert not requirement.specifier.contains("76.9"), "PEP 639's license = 'MIT' needs setuptools >= 77"
    import setuptools

    assert requirement.specifier.contains(Version(setuptools.__version__)), "the tests build with this setuptools"
    assert config["project"]["license"] == "MIT" and config["project"]["license-files"] == ["LICENSE"]
    assert "MIT License" in (REPO / "LICENSE").read_text(encoding="utf-8")


def test_wheel_and_sdist_carry_the_library_and_the_course(built):
    project = built["project"]
    expected = _course_files(project)
    assert any(f.startswith("scenes/common/") for f in expected) and any(f.endswith(".png") for f in expected)
    with zipfile.ZipFile(built["wheel"]) as wheel:
        names = set(wheel.namelist())
        metadata = wheel.read(next(n for n in names if n.endswith(".dist-info/METADATA"))).decode()
    in_wheel = {f if f.startswith("autograd_mini/") else f"autograd_mini/course/{f}" for f in expected}
    assert sorted(in_wheel - names) == [], "files of the clone missing from the wheel"
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)
    assert "License-Expression: MIT" in metadata and "License-File: LICENSE" in metadata
    # only the course goes in: no tests, goldens, benchmarks, tools or data files the scenes never read
    assert not [n for n in names if n.startswith(("tests/", "bench/", "tools/")) or "golden" in n or "docs/data" in n]
    with tarfile.open(built["sdist"]) as sdist:
        members = {m.split("/", 1)[1] for m in sdist.getnames() if "/" in m}
    assert sorted(set(expected) - members) == [], "files of the clone missing from the sdist"
    assert {"LICENSE", "README.md", "pyproject.toml"} <= members


def _dependency_view(folder: Path) -> Path:
    """A folder of links to every package installed here, except autograd_mini (the wheel brings its own)."""
    folder.mkdir()
    for site in dict.fromkeys([sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]]):
        for entry in Path(site).iterdir():
            if entry.name.startswith(("autograd_mini", "__editable__")) or entry.suffix == ".pth" \
                    or (folder / entry.name).exists():
                continue
            (folder / entry.name).symlink_to(entry)
    return folder


def _snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    """Every file under folder: path -> (size, modification time)."""
    return {p.relative_to(folder).as_posix(): (p.stat().st_size, p.stat().st_mtime_ns)
            for p in folder.rglob("*") if p.is_file() or p.is_symlink()}


COMMAND_WORDS = ("autograd-mini", "python", "python3", "bash", "pip", "jupyter", "manim", "source", "cd")


def _printed_commands(notebook: dict) -> list[str]:
    """The `...` spans that are shell commands in the text a notebook's cells printed."""
    texts = []
    for cell in notebook["cells"]:
        for output in cell.get("outputs", []):
            if output.get("output_type") == "stream":
                texts.append("".join(output["text"]))
    spans = re.findall(r"`([^`\n]+)`", "\n".join(texts))
    return [span for span in spans if span.split()[0] in COMMAND_WORDS]


@requires_course_extras
def test_the_installed_wheel_is_the_course(built, tmp_path):
    timings, start = {}, time.perf_counter()
    venv = tmp_path / "venv"
    _ok(_run([sys.executable, "-m", "venv", "--without-pip", venv], cwd=tmp_path))
    python = venv / "bin" / "python"
    site = Path(_ok(_run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], cwd=tmp_path))
                .strip())
    (site / "_project_dependencies.pth").write_text(f"{_dependency_view(tmp_path / 'dependencies')}\n")
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "AUTOGRAD_MINI_VIDEO_BASE", "PYTHONHOME") and not k.startswith("PIP_")}
    # pip sees no configuration (no find-links, no extra index): only the packages already installed
    env.update(VIRTUAL_ENV=str(venv), PATH=f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}", MPLBACKEND="Agg",
               PIP_CONFIG_FILE=os.devnull, PIP_DISABLE_PIP_VERSION_CHECK="1", PIP_NO_INPUT="1",
               JUPYTER_PATH=os.pathsep.join([str(Path(sys.prefix) / "share" / "jupyter"), env.get("JUPYTER_PATH", "")]))
    work = tmp_path / "empty"  # a new user's folder, outside any clone
    work.mkdir()
    install = _ok(_run([python, "-m", "pip", "install", "--no-index", "--no-cache-dir",
                        f"{built['wheel']}[scenes,tutorials]"], cwd=work, env=env))
    assert re.search(r"^Successfully installed autograd[-_]mini-[\d.]+$", install, flags=re.M), install[-2000:]
    timings["venv + install"] = time.perf_counter() - start
    before = _snapshot(site)
    installed = site / "autograd_mini"
    assert (installed / "course" / "scenes" / "common" / "__init__.py").is_file()
    cli = venv / "bin" / "autograd-mini"

    where = _ok(_run([python, "-c", "from autograd_mini import course_files as c; print(c.in_clone(), c.scenes_dir())"],
                     cwd=work, env=env)).split()
    assert where == ["False", str(installed / "course" / "scenes")]

    # the render runs while the notebooks are copied and executed (two cores when there are two)
    render_started = time.perf_counter()
    render = subprocess.Popen([str(cli), "render", "opening", "-q", "l"], cwd=work, env=env, text=True,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        # --copy: the notebooks where the learner can edit them
        shipped = installed / "course" / "tutorials"
        _ok(_run([cli, "tutorials", "--copy", "lesson"], cwd=work, env=env))
        copied = sorted(p.name for p in (work / "lesson").iterdir())
        assert {p.name for p in shipped.iterdir() if p.is_file()} <= set(copied)
        assert (work / "lesson" / "01_the_neuron.py").read_bytes() == (shipped / "01_the_neuron.py").read_bytes()
        # an edited notebook is never overwritten, and a refused copy writes nothing at all
        edited = (work / "lesson" / "01_the_neuron.py").read_text(encoding="utf-8") + "\nmy_answer = 42\n"
        (work / "lesson" / "01_the_neuron.py").write_text(edited, encoding="utf-8")
        (work / "lesson" / "02_tune_a_neuron_by_hand.py").unlink()
        refused = _run([cli, "tutorials", "--copy", "lesson"], cwd=work, env=env)
        assert refused.returncode == 2 and "01_the_neuron.py" in refused.stderr and "--force" in refused.stderr
        assert (work / "lesson" / "01_the_neuron.py").read_text(encoding="utf-8") == edited
        assert not (work / "lesson" / "02_tune_a_neuron_by_hand.py").exists(), "a refused copy wrote a file"
        _ok(_run([cli, "tutorials", "--copy", "lesson", "--force"], cwd=work, env=env))
        assert (work / "lesson" / "01_the_neuron.py").read_bytes() == (shipped / "01_the_neuron.py").read_bytes()
        assert (work / "lesson" / "02_tune_a_neuron_by_hand.py").is_file()

        # one notebook of the wheel, executed here; its page goes to ./tutorials-html
        notebook_started = time.perf_counter()
        ran = _ok(_run([cli, "tutorials", "01", "--html", "--ipynb", "executed"], cwd=work, env=env, timeout=400))
        timings["tutorials 01 --html"] = time.perf_counter() - notebook_started
        assert "1 notebook(s) ran without errors" in ran
        assert (work / "tutorials-html" / "01_the_neuron.html").stat().st_size > 10_000
        notebook = json.loads((work / "executed" / "01_the_neuron.ipynb").read_text(encoding="utf-8"))
        commands = _printed_commands(notebook)
        assert commands, "notebook 01 prints how to render the scene it shows (the neuron is never rendered here)"
        subcommands = _ok(_run([python, "-c", "from autograd_mini.cli import COMMANDS; print(*COMMANDS)"],
                               cwd=work, env=env)).split()
        for command in commands:  # a command of the installed package, not of a clone (tools/, quickstart.sh)
            words = command.split()
            if words[0] == "pip":
                assert words[1] == "install" and not any(w.startswith((".", "-e")) for w in words), command
                continue
            assert words[0] == "autograd-mini" and words[1] in subcommands, f"not a command of the wheel: {command!r}"
            if words[1] == "render":  # it names scenes the wheel renders
                _ok(_run([python, "-c", f"from autograd_mini.render import parse_scenes; parse_scenes({words[2:]!r})"],
                         cwd=work, env=env))
        assert f"in a terminal in {work.resolve()}" in json.dumps(notebook), "it names the folder it ran in"
    finally:
        try:
            output, _ = render.communicate(timeout=600)
        except subprocess.TimeoutExpired:
            render.kill()
            output, _ = render.communicate()
    timings["render opening -q l"] = time.perf_counter() - render_started
    assert render.returncode == 0, output[-3000:]
    video = work / "media" / "videos" / "opening" / "480p15" / "Opening.mp4"
    assert video.stat().st_size > 50_000, output
    where_shown = "from autograd_mini.tutorials import scene_files; print(scene_files('opening')[1].resolve())"
    found = _ok(_run([python, "-c", where_shown], cwd=work, env=env)).strip()
    assert Path(found).resolve() == video.resolve(), "a notebook run here shows the video rendered here"

    after = _snapshot(site)
    assert sorted(set(after) - set(before)) == [], "files were written into site-packages"
    assert sorted(set(before) - set(after)) == [], "files were removed from site-packages"
    assert [f for f in before if before[f] != after[f]] == [], "files of site-packages were changed"
    timings["total"] = time.perf_counter() - start
    print(", ".join(f"{k} {v:.1f} s" for k, v in timings.items()))


@pytest.mark.skipif(os.environ.get("AUTOGRAD_MINI_ONLINE") != "1", reason="asks the package index (AUTOGRAD_MINI_ONLINE=1)")
def test_the_extras_resolve_from_the_package_index(built, tmp_path):
    """What a new user's `pip install 'autograd_mini[scenes,tutorials]'` would install, resolved from the index."""
    report = tmp_path / "report.json"
    _ok(_run([sys.executable, "-m", "pip", "install", "--dry-run", "--ignore-installed", "--quiet", "--report", report,
              f"{built['wheel']}[scenes,tutorials]"], cwd=tmp_path, timeout=1200))
    names = {item["metadata"]["name"].lower().replace("_", "-") for item in json.loads(report.read_text())["install"]}
    assert {"autograd-mini", "manim", "jupyterlab", "nbclient", "jupytext", "scikit-learn", "matplotlib"} <= names
