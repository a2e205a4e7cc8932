"""Write the next lesson's pictures into docs/images/: the trained CNN's test digits, filters, feature maps
and confusion matrix, all from one training run of the engine.

    python tools/make_vision_figures.py [--out docs/images]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np

from autograd_mini.image_data import load_digits
from autograd_mini.train import accuracy, predict_class
from autograd_mini.viz.figures import save_figure
from autograd_mini.viz.images import plot_confusion_matrix, plot_feature_maps, plot_filters, plot_image_grid
from autograd_mini.vision import small_cnn, train_image_classifier

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    """Train the lesson's CNN once and write its four pictures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "images")
    args = parser.parse_args(argv)
    X_train, y_train, X_test, y_test = load_digits()
    model = small_cnn(seed=0)
    start = time.perf_counter()
    train_image_classifier(model, X_train, y_train, seed=0)
    seconds = time.perf_counter() - start
    test_accuracy = accuracy(model, X_test, y_test)
    print(f"trained in {seconds:.1f} s; test accuracy {test_accuracy:.1%}")
    predicted = predict_class(model, X_test)
    mistakes = np.flatnonzero(predicted != y_test)
    shown = np.concatenate([mistakes[:10], np.flatnonzero(predicted == y_test)[:20]])
    figures = {
        "digits_predictions.png": plot_image_grid(
            X_test[shown], y_test[shown], predicted[shown], count=30,
            title=f"test digits: the CNN gets {len(mistakes)} of {len(y_test)} wrong ({test_accuracy:.1%} right)"),
        "digits_filters.png": plot_filters(model[0], title="the CNN's first-layer filters after training"),
        "digits_feature_maps.png": plot_feature_maps(model, X_test[0]),
        "digits_confusion.png": plot_confusion_matrix(y_test, predicted).figure,
    }
    for name, fig in figures.items():
        print("wrote", save_figure(fig, args.out / name))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
