"""The command line: `autograd-mini demo | train | graph | render | quiz | playground | tutorials`.

Each command is a thin view: it asks the engine and `fit` for numbers and hands them to a
plot, a scene or the terminal. Optional pieces (matplotlib, graphviz, manim, Jupyter) are
imported only by the commands that need them; a missing one gets a message naming the extra.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Callable, Sequence

EXTRAS = {
    "matplotlib": "viz", "graphviz": "viz", "tqdm": "viz", "ipywidgets": "viz", "manim": "scenes",
    "contourpy": "scenes", "nbclient": "tutorials", "nbformat": "tutorials", "nbconvert": "tutorials",
    "jupytext": "tutorials", "ipykernel": "tutorials",
}


class CommandError(Exception):
    """A problem the user can fix; printed without a traceback."""


def _missing_extra(error: ImportError) -> CommandError:
    module = (error.name or "").split(".")[0]
    extra = EXTRAS.get(module)
    if extra:
        return CommandError(f"this command needs {module}, which is not installed: pip install 'autograd_mini[{extra}]'")
    return CommandError(f"a module this command needs is missing: {error}")


# ----------------------------------------------------------------------- commands
def cmd_demo(args: argparse.Namespace) -> int:
    """The main job: train the scalar MLP on two moons, write the pictures, render the videos."""
    from . import data, scalar
    from .train import fit

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    X, y = data.make_moons(100, noise=0.1, seed=args.seed)
    model = scalar.MLP(2, [16, 16, 1], seed=args.seed)
    print(f"training a scalar MLP 2-16-16-1 ({len(model.parameters())} Values) on {len(X)} two-moons points")
    start = time.perf_counter()
    history = fit(model, X, y, loss="bce_with_logits", optimizer="adam", lr=0.05, epochs=args.epochs,
                  seed=args.seed, progress=True, snapshot_every=max(1, args.epochs // 10))
    print(f"scalar engine: training accuracy {history.final_accuracy:.1%}, loss {history.final_loss:.4f} "
          f"after {history.epochs} epochs ({time.perf_counter() - start:.1f} s)")
    written: list[Path] = []
    try:
        written += _write_training_plots(model, X, y, history, out, "demo")
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
    print("next: the lesson's notebooks, in reading order, are tutorials/01_the_neuron.py ... 06_knowledge_check.py:\n"
          "  open them with   source .venv/bin/activate && jupyter lab tutorials/\n"
          "  or read them as HTML after   autograd-mini tutorials --html   (docs/tutorials/index.html);\n"
          "  then take the knowledge check: autograd-mini quiz")
    return 0


def cmd_train(args: argparse.Namespace) -> int:
    """Train a network with fit and write its decision boundary and history plots."""
    from . import data, nn, scalar
    from .train import fit

    _require("matplotlib")  # checked before training, so that no training is lost to a missing plot library
    kwargs = {"n": args.points, "seed": args.seed}
    if args.noise is not None:
        kwargs["noise"] = args.noise
    X, y = data.load(args.dataset, **kwargs)
    sizes = [*args.hidden, 1]
    if args.engine == "scalar":
        model = scalar.MLP(2, sizes, activation=args.activation, seed=args.seed)
    else:
        model = nn.MLP(2, sizes, activation=args.activation, seed=args.seed)
    print(f"training {args.engine} MLP {'-'.join(map(str, [2, *sizes]))} ({args.activation}) on {len(X)} "
          f"{args.dataset} points: {args.optimizer}, lr={args.lr}, {args.epochs} epochs")
    history = fit(model, X, y, optimizer=args.optimizer, lr=args.lr, epochs=args.epochs, batch_size=args.batch_size,
                  seed=args.seed, progress=not args.quiet, snapshot_every=max(1, args.epochs // 10))
    print(f"training accuracy {history.final_accuracy:.1%}, loss {history.final_loss:.4f}")
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    if args.save:
        if args.engine == "scalar":
            raise CommandError("--save writes tensor models only; use --engine tensor")
        print(f"wrote {model.save(out / f'{args.dataset}_model.npz')}")
    for path in _write_training_plots(model, X, y, history, out, args.dataset):
        print(f"wrote {path}")
    return 0


def cmd_graph(args: argparse.Namespace) -> int:
    """Write the computation graph of the lesson's neuron, with gradients after one backward."""
    print(f"wrote {_write_neuron_graph(Path(args.out), args.format)}")
    return 0


def cmd_render(args: argparse.Namespace) -> int:
    from .render import main as render_main

    return render_main(args.rest)


def cmd_quiz(args: argparse.Namespace) -> int:
    from .quiz import main as quiz_main

    return quiz_main(args.rest)


def cmd_playground(args: argparse.Namespace) -> int:
    from .viz import NoDisplayError, open_playground

    try:
        open_playground()
    except NoDisplayError as error:
        raise CommandError(str(error)) from None
    return 0


def cmd_tutorials(args: argparse.Namespace) -> int:
    from .tutorials import main as tutorials_main

    return tutorials_main(args.rest)


# ----------------------------------------------------------------------- helpers
def _require(module: str) -> None:
    import importlib.util

    if importlib.util.find_spec(module) is None:
        raise _missing_extra(ModuleNotFoundError(f"No module named {module!r}", name=module))


def _write_training_plots(model, X, y, history, out: Path, name: str) -> list[Path]:
    try:
        from .viz import write_training_figures

        return write_training_figures(model, X, y, history, out, prefix=f"{name}_")
    except ImportError as error:  # matplotlib missing, found at import or at first use
        raise _missing_extra(error) from None


def _write_neuron_graph(path: Path, fmt: str = "png") -> Path:
    try:
        from .viz import write_lesson_graph

        return write_lesson_graph(path, fmt)
    except ImportError as error:
        raise _missing_extra(error) from None


COMMANDS: dict[str, tuple[Callable[[argparse.Namespace], int], str]] = {
    "demo": (cmd_demo, "the main job: train on two moons, write plots, render the videos"),
    "train": (cmd_train, "train an MLP with fit and write its boundary and history plots"),
    "graph": (cmd_graph, "write the computation graph of the lesson's neuron"),
    "render": (cmd_render, "render the manim scenes into media/ (see: autograd-mini render --help)"),
    "quiz": (cmd_quiz, "take the five-question knowledge check"),
    "playground": (cmd_playground, "open the three-slider neuron playground in a window"),
    "tutorials": (cmd_tutorials, "execute the notebooks or export them to HTML"),
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="autograd-mini", description="Learn how neural networks train, from the engine up.")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    for name, (_, help_text) in COMMANDS.items():
        p = sub.add_parser(name, help=help_text, description=help_text)
        if name in ("render", "quiz", "tutorials"):
            p.add_argument("rest", nargs=argparse.REMAINDER, help=argparse.SUPPRESS)
            p.add_help = False
    demo = sub.choices["demo"]
    demo.add_argument("--epochs", type=_positive_int, default=100)
    demo.add_argument("--seed", type=int, default=0)
    demo.add_argument("--out", default="out", help="folder for the pictures (default: out/)")
    demo.add_argument("--no-render", action="store_true", help="skip rendering the videos")
    train = sub.choices["train"]
    train.add_argument("--dataset", default="moons", help="moons, circles, xor, spirals or separable")
    train.add_argument("--hidden", type=_positive_int, nargs="*", default=[16, 16], help="hidden layer sizes, e.g. 16 16")
    train.add_argument("--activation", default="relu", choices=["relu", "tanh", "sigmoid", "leaky_relu"])
    train.add_argument("--engine", default="tensor", choices=["tensor", "scalar"])
    train.add_argument("--optimizer", default="adam", choices=["sgd", "adam", "adamw"])
    train.add_argument("--lr", type=_positive_float, default=0.02)
    train.add_argument("--epochs", type=_positive_int, default=500)
    train.add_argument("--batch-size", type=_positive_int, default=None)
    train.add_argument("--points", type=_positive_int, default=200)
    train.add_argument("--noise", type=float, default=None)
    train.add_argument("--seed", type=int, default=0)
    train.add_argument("--out", default="out")
    train.add_argument("--save", action="store_true", help="also save the trained model as .npz")
    train.add_argument("--quiet", action="store_true", help="no progress bar")
    graph = sub.choices["graph"]
    graph.add_argument("--out", default="out/neuron_graph", help="output path without extension")
    graph.add_argument("--format", default="png", choices=["png", "svg", "pdf", "dot"])
    return parser


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def _positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, got {text!r}") from None
    if not value > 0:
        raise argparse.ArgumentTypeError(f"must be positive, got {value}")
    return value


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of `autograd-mini`."""
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    # render, quiz and tutorials parse their own options (and --help).
    if argv and argv[0] in ("render", "quiz", "tutorials"):
        args = argparse.Namespace(command=argv[0], rest=argv[1:])
    else:
        args = parser.parse_args(argv)
    try:
        return COMMANDS[args.command][0](args) or 0
    except CommandError as error:
        print(f"autograd-mini {args.command}: {error}", file=sys.stderr)
        return 1
    except ImportError as error:  # an optional package missing, at import or at first use: name the extra
        print(f"autograd-mini {args.command}: {_missing_extra(error)}", file=sys.stderr)
        return 1
    except (ValueError, FloatingPointError) as error:  # bad input (an unknown dataset), a diverged training
        print(f"autograd-mini {args.command}: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("\ninterrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
