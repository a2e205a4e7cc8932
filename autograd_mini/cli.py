"""The command line: `autograd-mini demo | train | graph | render | quiz | playground | tutorials`.

Each command is a thin view: it asks the engine and `fit` for numbers and hands them to a
plot, a scene or the terminal. Optional pieces (matplotlib, graphviz, manim, Jupyter) are
imported only by the commands that need them; a missing one gets a message naming the extra.
Every flag is checked before any work starts (one line naming the flag, exit code 2); files are
written whole or not at all (a temporary file renamed into place), so Ctrl-C never leaves half a file.
"""

from __future__ import annotations

import argparse
import contextlib
import inspect
import math
import os
import sys
import time
import traceback
from pathlib import Path
from typing import Any, Callable, Iterator, Sequence

EXTRAS = {
    "matplotlib": "viz", "graphviz": "viz", "tqdm": "viz", "ipywidgets": "viz", "manim": "scenes",
    "contourpy": "scenes", "nbclient": "tutorials", "nbformat": "tutorials", "nbconvert": "tutorials",
    "jupytext": "tutorials", "ipykernel": "tutorials",
}


class CommandError(Exception):
    """A problem the user can fix; printed as one line without a traceback (exit code 1)."""

    exit_code = 1


class UsageError(CommandError):
    """A bad flag or path, found before any work started (exit code 2, like argparse's own errors)."""

    exit_code = 2


def _missing_extra(error: ImportError) -> CommandError:
    module = (error.name or "").split(".")[0]
    extra = EXTRAS.get(module)
    if extra:
        return CommandError(f"this command needs {module}, which is not installed: pip install 'autograd_mini[{extra}]'")
    return CommandError(f"a module this command needs is missing: {error}")


# ------------------------------------------------------------------ flag checks
# One place for every subcommand's flag checks; render.py, tutorials.py and quiz.py may use them too:
#   type=positive_int / nonnegative_int / positive_float / nonnegative_float / fraction / int_range(lo, hi)
#     as argparse `type=` functions (argparse names the flag in the error);
#   OneLineParser instead of argparse.ArgumentParser: a bad flag is one line on stderr, exit code 2;
#   check_output_dir(path, "--media-dir") / check_output_file(path, "--save") / check_input_file(path, "--csv")
#     before any work starts: they raise UsageError naming the flag (main() prints it, exit code 2);
#   atomic_path(path): a context manager giving a temporary path to write, renamed onto `path` only on success.

class OneLineParser(argparse.ArgumentParser):
    """An ArgumentParser whose errors are one line: 'prog: argument --flag: problem (see prog --help)', exit 2."""

    def error(self, message: str) -> "None":  # type: ignore[override]
        """Print the problem on one line, with a pointer to --help, and exit with status 2."""
        self.exit(2, f"{self.prog}: {message} (see {self.prog} --help)\n")


def _number(text: str, kind: Callable[[str], Any], what: str) -> Any:
    try:
        value = kind(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected {what}, got {text!r}") from None
    if isinstance(value, float) and not math.isfinite(value):
        raise argparse.ArgumentTypeError(f"expected a finite number, got {text!r}")
    return value


def _flag_type(kind: Callable[[str], Any], what: str, ok: Callable[[Any], bool], problem: str,
               name: str, doc: str) -> Callable[[str], Any]:
    """An argparse `type=` function: parse `text` as `kind`, refuse values that are not `ok` with `problem`."""

    def check(text: str) -> Any:
        value = _number(text, kind, what)
        if not ok(value):
            raise argparse.ArgumentTypeError(problem.format(value=value))
        return value

    check.__name__, check.__qualname__, check.__doc__ = name, name, doc
    return check


positive_int = _flag_type(int, "a whole number", lambda v: v >= 1, "must be at least 1, got {value}",
                          "positive_int", "argparse type: a whole number >= 1.")
nonnegative_int = _flag_type(int, "a whole number", lambda v: 0 <= v < 2**32,
                             f"must be a whole number from 0 to {2**32 - 1}, got {{value}}",
                             "nonnegative_int", "argparse type: a whole number >= 0 (seeds), below 2**32.")
positive_float = _flag_type(float, "a number", lambda v: v > 0, "must be positive, got {value:g}",
                            "positive_float", "argparse type: a finite number > 0 (learning rates, timeouts).")
nonnegative_float = _flag_type(float, "a number", lambda v: v >= 0, "must be 0 or more, got {value:g}",
                               "nonnegative_float", "argparse type: a finite number >= 0 (noise).")
fraction = _flag_type(float, "a number", lambda v: 0 <= v < 1, "must be from 0 up to (not including) 1, got {value:g}",
                      "fraction", "argparse type: a number from 0 up to, not including, 1 (a share of the points).")


def int_range(low: int, high: int) -> Callable[[str], int]:
    """argparse type factory: a whole number from low to high (inclusive)."""
    return _flag_type(int, "a whole number", lambda v: low <= v <= high,
                      f"must be a whole number from {low} to {high:,}, got {{value}}",
                      f"int_from_{low}_to_{high}", f"argparse type: a whole number from {low} to {high}.")


def _blocking_file(path: Path) -> Path | None:
    """The first existing non-folder among path's parents (a folder cannot be made inside a file)."""
    for parent in path.absolute().parents:
        if parent.exists():
            return None if parent.is_dir() else parent
    return None


def _writable(path: Path, flag: str) -> None:
    existing = next((p for p in (path.absolute(), *path.absolute().parents) if p.exists()), None)
    if existing is not None and existing.is_dir() and not os.access(existing, os.W_OK | os.X_OK):
        raise UsageError(f"{flag} {path}: cannot write in {existing} (permission denied); choose another folder")


def check_output_dir(path: "str | Path", flag: str) -> Path:
    """A folder to write into: refuse (UsageError naming `flag`) a file, a path inside a file, or no permission."""
    path = Path(path)
    if path.exists() and not path.is_dir():
        raise UsageError(f"{flag} {path}: that is a file, not a folder; give a folder to write into")
    blocker = _blocking_file(path)
    if blocker is not None:
        raise UsageError(f"{flag} {path}: {blocker} is a file, so no folder can be made inside it")
    _writable(path, flag)
    return path


def check_output_file(path: "str | Path", flag: str) -> Path:
    """A file to write: refuse (UsageError naming `flag`) a folder, a path inside a file, or no permission."""
    path = Path(path)
    if path.is_dir():
        raise UsageError(f"{flag} {path}: that is a folder; give a file name to write")
    blocker = _blocking_file(path)
    if blocker is not None:
        raise UsageError(f"{flag} {path}: {blocker} is a file, so nothing can be written inside it")
    _writable(path.parent, flag)
    return path


def check_input_file(path: "str | Path", flag: str) -> Path:
    """A file to read: refuse (UsageError naming `flag`) a missing file or a folder."""
    path = Path(path)
    if not path.exists():
        raise UsageError(f"{flag} {path}: no such file")
    if path.is_dir():
        raise UsageError(f"{flag} {path}: that is a folder, not a file")
    return path


@contextlib.contextmanager
def atomic_path(path: "str | Path") -> Iterator[Path]:
    """Yield a temporary path beside `path`; rename it onto `path` only if the block finishes.

    An error or Ctrl-C inside the block removes the temporary file, so `path` is never half-written.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.stem}-partial{os.getpid()}{path.suffix}")
    try:
        yield temporary
        os.replace(temporary, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()


def _flag_value(rest: Sequence[str], flag: str) -> str | None:
    """The value given to `flag` in an argument list (--flag VALUE or --flag=VALUE), else None."""
    for i, arg in enumerate(rest):
        if arg == flag and i + 1 < len(rest):
            return rest[i + 1]
        if arg.startswith(flag + "="):
            return arg[len(flag) + 1:]
    return None


def _precheck(rest: Sequence[str], types: dict[str, Callable[[str], Any]], folders: Sequence[str] = ()) -> None:
    """Check some flags of a subcommand that parses its own arguments, before it starts any work."""
    for flag, check in types.items():
        value = _flag_value(rest, flag)
        try:
            if value is not None:
                check(value)
        except argparse.ArgumentTypeError as error:
            raise UsageError(f"argument {flag}: {error}") from None
    for flag in folders:
        value = _flag_value(rest, flag)
        if value is not None:
            check_output_dir(value, flag)


# ----------------------------------------------------------------------- commands
def cmd_demo(args: argparse.Namespace) -> int:
    """The main job: train the scalar MLP on two moons, write the pictures, render the videos."""
    from . import data, scalar
    from .train import fit

    out = check_output_dir(args.out, "--out")
    X, y = data.make_moons(100, noise=0.1, seed=args.seed)
    model = scalar.MLP(2, [16, 16, 1], seed=args.seed)
    print(f"training a scalar MLP 2-16-16-1 ({len(model.parameters())} Values) on {len(X)} two-moons points")
    start = time.perf_counter()
    history = _fit(fit, model, X, y, loss="bce_with_logits", optimizer="adam", lr=0.05, epochs=args.epochs,
                   seed=args.seed, progress=True, snapshot_every=max(1, args.epochs // 10))
    print(f"scalar engine: training accuracy {history.final_accuracy:.1%}, loss {history.final_loss:.4f} "
          f"after {history.epochs} epochs ({time.perf_counter() - start:.1f} s)")
    written: list[Path] = []
    try:
        written += _write_pictures(model, X, y, history, out, "demo")
        written.append(_write_neuron_graph(out / "neuron_graph"))
    except CommandError as error:
        print(f"(no pictures: {error})")
    for path in written:
        print(f"wrote {path}")
    if not args.no_render:
        from .render import RenderError, check_dependencies, main as render_main

        try:
            check_dependencies()
        except RenderError as error:
            print(f"(no videos: {error})")
        else:
            code = render_main(["--quality", "low"])
            if code:
                return code
    print(next_steps())
    return 0


def next_steps() -> str:
    """What to do after the demo: open the notebooks, read them as HTML, take the quiz (commands that work here)."""
    from .course_files import in_clone

    if in_clone():
        notebooks = ("the lesson's notebooks, in reading order, are tutorials/01_the_neuron.py ... 06_knowledge_check.py:\n"
                     "  open them with   source .venv/bin/activate && jupyter lab tutorials/\n"
                     "  or read them as HTML after   autograd-mini tutorials --html   (docs/tutorials/index.html);\n")
    else:
        notebooks = ("the lesson's notebooks, in reading order, come with the package:\n"
                     "  copy them to edit them   autograd-mini tutorials --copy lesson   then   jupyter lab lesson\n"
                     "  or read them as HTML after   autograd-mini tutorials --html   (tutorials-html/index.html);\n")
    return f"next: {notebooks}  then take the knowledge check: autograd-mini quiz"


def cmd_train(args: argparse.Namespace) -> int:
    """Train a network with fit on a built-in dataset or a CSV file; write its boundary and history plots."""
    from . import data, nn, scalar
    from .train import accuracy, fit

    # Everything that can be refused is refused here, before training starts.
    _require("matplotlib")  # no training lost to a missing plot library
    out = check_output_dir(args.out, "--out")
    if args.save is not None and args.engine == "scalar":
        raise UsageError("--save writes tensor models only; add --engine tensor (or drop --save)")
    if (args.dataset or "").lower() in IMAGE_DATASETS:
        args.dataset = args.dataset.lower()
        if args.save:
            check_output_file(args.save, "--save")
        return _train_images(args, out)
    if args.model == "cnn":
        raise UsageError(f"--model cnn needs images: use --dataset {' or --dataset '.join(IMAGE_DATASETS)}")
    args.lr = 0.02 if args.lr is None else args.lr
    args.epochs = 500 if args.epochs is None else args.epochs
    points = _load_training_data(args, data)
    X, y, name = points["X"], points["y"], points["name"]
    save = None
    if args.save is not None:
        save = check_output_file(args.save or out / f"{name}_model.npz", "--save")
        if save.suffix != ".npz":
            raise UsageError(f"--save {save}: model files end in .npz; use {save.with_suffix('.npz').name}")
    test_fraction = args.test_fraction if args.test_fraction is not None else (0.25 if args.csv else 0.0)
    (X_train, y_train), (X_test, y_test) = data.train_test_split(X, y, test_fraction, seed=args.seed)

    classes = int(y.max()) + 1
    sizes = [*args.hidden, classes if classes > 2 else 1]
    features = X.shape[1]
    make = scalar.MLP if args.engine == "scalar" else nn.MLP
    model = make(features, sizes, activation=args.activation, seed=args.seed)
    print(f"training {args.engine} MLP {'-'.join(map(str, [features, *sizes]))} ({args.activation}) on {len(X_train)} "
          f"{name} points, {classes} classes: {args.optimizer}, lr={args.lr:g}, {args.epochs} epochs")
    history = _fit(fit, model, X_train, y_train, optimizer=args.optimizer, lr=args.lr, epochs=args.epochs,
                   batch_size=args.batch_size, seed=args.seed, progress=not args.quiet,
                   snapshot_every=max(1, args.epochs // 10))
    print(f"training accuracy {history.final_accuracy:.1%}, loss {history.final_loss:.4f}")
    title = f"{name}: {history.final_accuracy:.1%} right on the {len(X_train)} training points"
    if len(X_test):
        test_accuracy = accuracy(model, X_test, y_test)
        print(f"test accuracy {test_accuracy:.1%} on {len(X_test)} held-out points")
        title += f", {test_accuracy:.1%} on the {len(X_test)} held out (all shown)"
    if save is not None:
        with atomic_path(save) as temporary:
            written = model.save(temporary)
        print(f"wrote {save}" if Path(written) == temporary else f"wrote {written}")
    for path in _write_pictures(model, X, y, history, out, name, points=points.get("csv"), title=title):
        print(f"wrote {path}")
    return 0


def _load_training_data(args: argparse.Namespace, data: Any) -> dict[str, Any]:
    """The points train uses: a CSV file (standardised, its report printed) or a built-in dataset."""
    if args.csv:
        given = [flag for flag, value in (("--dataset", args.dataset), ("--points", args.points), ("--noise", args.noise),
                                          ("--classes", args.classes)) if value is not None]
        if given:
            raise UsageError(f"{given[0]} does not apply with --csv: the points come from the file")
        path = check_input_file(args.csv, "--csv")
        try:
            points = data.load_csv(path, label_column=args.label_column)
        except ValueError as error:  # CsvError: the line and column are in the message
            raise UsageError(f"--csv {error}") from None
        print(points.describe())
        return {"X": points.X, "y": points.y, "name": path.stem, "csv": points}
    if args.label_column is not None:
        raise UsageError("--label-column applies only with --csv")
    name = (args.dataset or "moons").lower()
    if name not in data.DATASETS:
        raise UsageError(f"argument --dataset: unknown dataset {name!r}; choose one of {', '.join(sorted(data.DATASETS))}, "
                         f"or give your own with --csv FILE")
    maker = data.DATASETS[name]
    takes = inspect.signature(maker).parameters
    kwargs: dict[str, Any] = {"seed": args.seed}
    for flag, key, value in (("--points", "n", args.points), ("--noise", "noise", args.noise), ("--classes", "classes", args.classes)):
        if value is None:
            continue
        if key not in takes:
            which = sorted(n for n, f in data.DATASETS.items() if key in inspect.signature(f).parameters)
            raise UsageError(f"{flag} does not apply to --dataset {name}; it applies to {', '.join(which)}")
        kwargs[key] = value
    kwargs.setdefault("n", 200)
    try:
        X, y = maker(**kwargs)
    except ValueError as error:  # e.g. too few points for xor's four corners: name the flag
        flag = next((f for f, key in (("--points", "n ("), ("--noise", "noise"), ("--classes", "classes"), ("--points", "n="))
                     if str(error).startswith(key)), "--dataset")
        raise UsageError(f"argument {flag}: {error}") from None
    return {"X": X, "y": y, "name": name}


def _fit(fit: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """fit, with a diverged training reported as a failure that says which flag to change."""
    from .train import TrainingDiverged

    try:
        return fit(*args, **kwargs)
    except TrainingDiverged as error:
        lr = kwargs.get("lr", 0.1)
        raise CommandError(f"{error} On the command line: --lr {lr / 10:g}.") from None


def cmd_graph(args: argparse.Namespace) -> int:
    """Write the computation graph of the lesson's neuron, with gradients after one backward."""
    out = Path(args.out)
    check_output_file(out.with_suffix(f".{args.format}"), "--out")
    print(f"wrote {_write_neuron_graph(out, args.format)}")
    return 0


def cmd_render(args: argparse.Namespace) -> int:
    """`autograd-mini render ...`: render the lesson's manim videos (the flags go to render.main)."""
    from .render import main as render_main

    _precheck(args.rest, {"--jobs": positive_int}, folders=["--media-dir"])
    return render_main(args.rest)


def cmd_quiz(args: argparse.Namespace) -> int:
    """`autograd-mini quiz ...`: the lesson's five-question knowledge check (the flags go to quiz.main)."""
    from .quiz import main as quiz_main

    return quiz_main(args.rest)


def cmd_playground(args: argparse.Namespace) -> int:
    """The three-slider neuron playground, on the lesson's 40 points or on a two-feature, two-class CSV."""
    from .viz import NoDisplayError, open_playground

    playground = None
    if args.csv:
        from . import data
        from .viz.playground import NeuronPlayground

        path = check_input_file(args.csv, "--csv")
        try:
            points = data.load_csv(path, label_column=args.label_column)
        except ValueError as error:
            raise UsageError(f"--csv {error}") from None
        if len(points.feature_names) != 2 or len(points.classes) != 2:
            raise UsageError(f"--csv {path}: the playground's neuron draws two features and two classes; this file has "
                             f"{len(points.feature_names)} features ({', '.join(points.feature_names)}) and "
                             f"{len(points.classes)} classes. Use autograd-mini train --csv for it")
        print(points.describe())
        playground = NeuronPlayground(points.X, points.y)
    try:
        open_playground(playground)
    except NoDisplayError as error:
        raise CommandError(str(error)) from None
    return 0


def cmd_site(args: argparse.Namespace) -> int:
    """`autograd-mini site ...`: build the lesson's website (the flags go to site.main)."""
    from .site import main as site_main

    return site_main(args.rest)


def cmd_tutorials(args: argparse.Namespace) -> int:
    """`autograd-mini tutorials ...`: execute or export the notebooks (the flags go to tutorials.main)."""
    from .tutorials import main as tutorials_main

    _precheck(args.rest, {"--timeout": positive_float}, folders=["--html-dir", "--ipynb", "--copy"])
    return tutorials_main(args.rest)


# ----------------------------------------------------------------------- helpers
def _require(module: str) -> None:
    import importlib.util

    if importlib.util.find_spec(module) is None:
        raise _missing_extra(ModuleNotFoundError(f"No module named {module!r}", name=module))


def _write_pictures(model: Any, X: Any, y: Any, history: Any, out: Path, name: str, points: Any = None,
                    title: str | None = None) -> list[Path]:
    """The decision boundary (for two features) and the history, each written whole or not at all.

    points: the CsvData the model was trained on; the boundary is then drawn in the file's units.
    """
    try:
        from .viz import plot_decision_boundary, plot_history
        from .viz._optional import pyplot

        plt = pyplot("autograd-mini")
        figures = []
        if X.shape[1] == 2:
            if points is None:
                fig, ax = plot_decision_boundary(model, X, y, title=title)
            else:
                fig, ax = plot_decision_boundary(model, points.raw, y, transform=points.standardize,
                                                 class_names=points.classes, title=title)
                ax.set_xlabel(points.feature_names[0])
                ax.set_ylabel(points.feature_names[1])
            figures.append((fig, out / f"{name}_boundary.png"))
        else:
            print(f"(no boundary picture: the data has {X.shape[1]} features, and the plane shows two)")
        fig, _ = plot_history(history)
        figures.append((fig, out / f"{name}_history.png"))
        return _save_figures(plt, figures)
    except ImportError as error:  # matplotlib missing, found at import or at first use
        raise _missing_extra(error) from None


def _save_figures(plt: Any, figures: Sequence[tuple[Any, Path]]) -> list[Path]:
    """Write each (figure, path) as a PNG, whole or not at all; returns the paths written."""
    written = []
    for fig, path in figures:
        with atomic_path(path) as temporary:
            fig.savefig(temporary, dpi=110, bbox_inches="tight", facecolor="white", format="png")
        plt.close(fig)
        written.append(path)
    return written


IMAGE_DATASETS = ("digits", "strokes")


def _train_images(args: argparse.Namespace, out: Path) -> int:
    """train --dataset digits|strokes: a small CNN (or an MLP on the pixels) trained with fit on mini-batches."""
    import numpy as np

    from . import data, vision
    from .train import accuracy, fit, predict_class

    for flag, value in (("--csv", args.csv), ("--label-column", args.label_column), ("--classes", args.classes),
                        ("--test-fraction", args.test_fraction)):
        if value is not None:
            raise UsageError(f"{flag} does not apply to --dataset {args.dataset}: the images come with fixed classes "
                             f"and a fixed test split")
    if args.engine == "scalar":
        raise UsageError(f"--engine scalar cannot train on images (one Value per pixel would take hours); "
                         f"use --engine tensor with --dataset {args.dataset}")
    if args.dataset == "digits":
        if args.points is not None or args.noise is not None:
            raise UsageError(f"{'--points' if args.points is not None else '--noise'} does not apply to --dataset "
                             f"digits: the 1,797 digits are scikit-learn's, as they are")
        try:
            X_train, y_train, X_test, y_test = data.load_digits(seed=args.seed)
        except ImportError as error:
            raise CommandError(str(error)) from None
        names = [str(d) for d in range(10)]
    else:
        X, y = data.make_strokes(args.points or 300, noise=0.15 if args.noise is None else args.noise, seed=args.seed)
        (X_train, y_train), (X_test, y_test) = data.train_test_split(X, y, 0.25, seed=args.seed)
        names = list(data.STROKE_CLASSES)
    _require("matplotlib")
    classes = len(names)
    if args.model == "cnn":
        model = vision.small_cnn(classes=classes, seed=args.seed)
        what = "CNN (two 3x3 convolutions with max pooling)"
    else:
        model = vision.pixel_mlp(args.hidden[0] if args.hidden else 32, classes=classes, seed=args.seed)
        what = f"MLP on the pixels (one hidden layer of {args.hidden[0] if args.hidden else 32})"
    batch_size = args.batch_size or vision.CNN_RECIPE["batch_size"]
    lr = vision.CNN_RECIPE["lr"] if args.lr is None else args.lr
    epochs = vision.CNN_RECIPE["epochs"] if args.epochs is None else args.epochs
    print(f"training a {what}, {vision.count_weights(model)} weights, on {len(X_train)} {args.dataset} images, "
          f"{classes} classes: {args.optimizer}, lr={lr:g}, {epochs} epochs, batches of {batch_size}")
    history = _fit(fit, model, X_train, y_train, loss="cross_entropy", optimizer=args.optimizer, lr=lr,
                   epochs=epochs, batch_size=batch_size, seed=args.seed, progress=not args.quiet)
    test_accuracy = accuracy(model, X_test, y_test)
    print(f"training accuracy {history.final_accuracy:.1%}, loss {history.final_loss:.4f}")
    print(f"test accuracy {test_accuracy:.1%} on {len(X_test)} held-out images")
    name = f"{args.dataset}_{args.model}"
    try:
        from .viz import plot_history
        from .viz._optional import pyplot
        from .viz.images import plot_confusion_matrix, plot_filters, plot_image_grid

        plt = pyplot("autograd-mini")
        predicted = predict_class(model, X_test)
        mistakes = np.flatnonzero(predicted != y_test)
        shown = np.concatenate([mistakes[:10], np.flatnonzero(predicted == y_test)[:20]])
        figures = [
            (plot_image_grid(X_test[shown], y_test[shown], predicted[shown], class_names=names,
                             title=f"test images: {len(mistakes)} of {len(y_test)} wrong ({test_accuracy:.1%} right)"),
             out / f"{name}_predictions.png"),
            (plot_confusion_matrix(y_test, predicted, class_names=names), out / f"{name}_confusion.png"),
            (plot_history(history)[0], out / f"{name}_history.png"),
        ]
        if args.model == "cnn":
            figures.append((plot_filters(model[0]), out / f"{name}_filters.png"))
        for path in _save_figures(plt, figures):
            print(f"wrote {path}")
    except ImportError as error:
        raise _missing_extra(error) from None
    if args.save is not None:
        save = check_output_file(args.save or out / f"{name}_model.npz", "--save")
        with atomic_path(save) as temporary:
            model.save(temporary)
        print(f"wrote {save}")
    return 0


def _write_neuron_graph(path: Path, fmt: str = "png") -> Path:
    try:
        from .viz import write_lesson_graph

        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name.replace('.', '_')}-partial{os.getpid()}")
        try:
            written = Path(write_lesson_graph(temporary, fmt))
            final = path.with_suffix(written.suffix)
            os.replace(written, final)
        finally:
            for leftover in path.parent.glob(f"{temporary.name}*"):
                leftover.unlink()
        return final
    except ImportError as error:
        raise _missing_extra(error) from None


COMMANDS: dict[str, tuple[Callable[[argparse.Namespace], int], str]] = {
    "demo": (cmd_demo, "the main job: train on two moons, write plots, render the videos"),
    "train": (cmd_train, "train an MLP with fit (a built-in dataset or your CSV) and write its boundary and history plots"),
    "graph": (cmd_graph, "write the computation graph of the lesson's neuron"),
    "render": (cmd_render, "render the manim scenes into media/ (see: autograd-mini render --help)"),
    "quiz": (cmd_quiz, "take the five-question knowledge check"),
    "playground": (cmd_playground, "open the three-slider neuron playground in a window"),
    "site": (cmd_site, "build the lesson's website offline into build/site (see: autograd-mini site --help)"),
    "tutorials": (cmd_tutorials, "execute the notebooks, or export them to HTML pages or clean .ipynb copies"),
}


def build_parser() -> argparse.ArgumentParser:
    """The `autograd-mini` argument parser: one subcommand per entry of COMMANDS, with its flags."""
    parser = OneLineParser(prog="autograd-mini", description="Learn how neural networks train, from the engine up.")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=OneLineParser)
    sub.required = True
    for name, (_, help_text) in COMMANDS.items():
        p = sub.add_parser(name, help=help_text, description=help_text)
        if name in ("render", "quiz", "tutorials", "site"):
            p.add_argument("rest", nargs=argparse.REMAINDER, help=argparse.SUPPRESS)
            p.add_help = False
    demo = sub.choices["demo"]
    demo.add_argument("--epochs", type=int_range(1, 100_000), default=100)
    demo.add_argument("--seed", type=nonnegative_int, default=0)
    demo.add_argument("--out", default="out", help="folder for the pictures (default: out/)")
    demo.add_argument("--no-render", action="store_true", help="skip rendering the videos")
    train = sub.choices["train"]
    train.add_argument("--dataset", default=None,
                       help="moons (default), circles, xor, spirals, blobs, separable; images: digits, strokes")
    train.add_argument("--model", default="mlp", choices=["mlp", "cnn"],
                       help="mlp (default) or cnn (a small convolutional network; with --dataset digits or strokes)")
    train.add_argument("--csv", default=None, metavar="FILE",
                       help="your own data: numeric feature columns and a label column (numbers or names)")
    train.add_argument("--label-column", default=None, metavar="NAME", help="the CSV's label column (default: the last)")
    train.add_argument("--test-fraction", type=fraction, default=None,
                       help="share of points held out to measure test accuracy (default: 0.25 with --csv, else 0)")
    train.add_argument("--classes", type=int_range(2, 50), default=None, help="number of classes (spirals, blobs)")
    train.add_argument("--hidden", type=int_range(1, 4096), nargs="*", default=[16, 16], help="hidden layer sizes, e.g. 16 16")
    train.add_argument("--activation", default="relu", choices=["relu", "tanh", "sigmoid", "leaky_relu"])
    train.add_argument("--engine", default="tensor", choices=["tensor", "scalar"])
    train.add_argument("--optimizer", default="adam", choices=["sgd", "adam", "adamw"])
    train.add_argument("--lr", type=positive_float, default=None, help="learning rate (default 0.02; images 0.003)")
    train.add_argument("--epochs", type=int_range(1, 1_000_000), default=None, help="epochs (default 500; images 12)")
    train.add_argument("--batch-size", type=positive_int, default=None)
    train.add_argument("--points", type=int_range(2, 1_000_000), default=None, help="number of points (default 200)")
    train.add_argument("--noise", type=nonnegative_float, default=None)
    train.add_argument("--seed", type=nonnegative_int, default=0)
    train.add_argument("--out", default="out", help="folder for the pictures (default: out/)")
    train.add_argument("--save", nargs="?", const="", default=None, metavar="FILE.npz",
                       help="also save the trained model (default file: OUT/NAME_model.npz)")
    train.add_argument("--quiet", action="store_true", help="no progress bar")
    graph = sub.choices["graph"]
    graph.add_argument("--out", default="out/neuron_graph", help="output path without extension")
    graph.add_argument("--format", default="png", choices=["png", "svg", "pdf", "dot"])
    playground = sub.choices["playground"]
    playground.add_argument("--csv", default=None, metavar="FILE", help="a CSV with two feature columns and two classes")
    playground.add_argument("--label-column", default=None, metavar="NAME", help="the CSV's label column (default: the last)")
    return parser


# Kept for callers of the earlier private names.
_positive_int, _positive_float = positive_int, positive_float


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of `autograd-mini`."""
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    prog = f"autograd-mini {argv[0]}" if argv else "autograd-mini"
    try:
        # render, quiz and tutorials parse their own options (and --help).
        if argv and argv[0] in ("render", "quiz", "tutorials", "site"):
            args = argparse.Namespace(command=argv[0], rest=argv[1:])
        else:
            args = parser.parse_args(argv)
        return COMMANDS[args.command][0](args) or 0
    except CommandError as error:
        print(f"{prog}: {error}", file=sys.stderr)
        return error.exit_code
    except ImportError as error:  # an optional package missing, at import or at first use: name the extra
        print(f"{prog}: {_missing_extra(error)}", file=sys.stderr)
        return 1
    except (ValueError, FloatingPointError) as error:  # bad input the engine refused (its message says why)
        print(f"{prog}: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("\ninterrupted (nothing half-written was left behind)", file=sys.stderr)
        return 130
    except BrokenPipeError:  # the output went into a command that stopped reading it (| head): not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # so the exit's flush is quiet too
        return 0
    except Exception:  # anything else is a bug: show where it happened
        traceback.print_exc()
        print(f"{prog}: this is a bug in autograd-mini, not a problem with your input; please report it with the "
              f"traceback above.", file=sys.stderr)
        return 1


if __name__ == "__main__":
    raise SystemExit(main())
