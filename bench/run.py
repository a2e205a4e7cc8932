"""Run every benchmark in one go and print the tables (or write them into README.md).

    python bench/run.py                  # print
    python bench/run.py --update-readme  # also replace the table between the bench markers in README.md
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import bench_conv  # noqa: E402
import bench_scalar  # noqa: E402
import bench_tensor  # noqa: E402

START, END = "<!-- bench:start -->", "<!-- bench:end -->"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--update-readme", action="store_true")
    parser.add_argument("--quick", action="store_true", help="a fast smoke run (numbers not meaningful)")
    args = parser.parse_args(argv)
    load_before = os.getloadavg()[0]
    sections: list[str] = []
    targets: list[str] = []
    for title, module, bench_args in (
        ("Scalar engine vs micrograd 0.1.0", bench_scalar, ["--repeats", "3" if args.quick else "20"]),
        ("Tensor engine vs PyTorch (CPU, one thread) and hand-written numpy", bench_tensor, ["--quick"] if args.quick else []),
        ("Convolutional network vs PyTorch (CPU, one thread)", bench_conv, ["--quick"] if args.quick else []),
    ):
        buffer = io.StringIO()
        with contextlib.redirect_stdout(buffer):
            code = module.main(bench_args)
        # each benchmark ends with its "- target: ..." lines; they are gathered in one list at the end
        lines = buffer.getvalue().strip().splitlines()
        targets += [line for line in lines if line.startswith("- target: ")]
        body = "\n".join(line for line in lines if not line.startswith("- target: ")).strip()
        print(f"### {title}\n\n{body}\n")
        if code:
            return code
        sections.append(f"### {title}\n\n{body}\n")
    summary = "### The speed targets (issues 9 and 14), in this run\n\n" + "\n".join(targets) + "\n"
    print(summary)
    sections.append(summary)
    if args.update_readme:
        readme = HERE.parent / "README.md"
        text = readme.read_text()
        head, _, rest = text.partition(START)
        _, _, tail = rest.partition(END)
        body = "\n".join(sections)
        where = (f"on a {os.cpu_count()}-core machine (load average {load_before:.1f} before the run, "
                 f"{os.getloadavg()[0]:.1f} after)")
        readme.write_text(f"{head}{START}\nMade by `python bench/run.py --update-readme` {where}.\n\n{body}{END}{tail}")
        print(f"updated {readme}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
