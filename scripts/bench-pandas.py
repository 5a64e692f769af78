#!/usr/bin/python3
"""bench-pandas.py -- a pandas + numpy TOPSIS baseline for scripts/bench.

    /usr/bin/python3 scripts/bench-pandas.py FILE.csv c1:higher:5 c2:lower:3 ...

Does what `tradeoff rank FILE.csv -c ... -m topsis` does to the numbers,
the way a data scientist would write it: pd.read_csv, vector
normalisation, weights normalised to sum 1, distances to the ideal and
anti-ideal points, closeness, argsort. No checks beyond what pandas does
(no missing values, ranges, guardrails or reasons), so it is a floor to
compare with, not an equivalent. Prints one short line: the row count and
the best option, so the work cannot be skipped and nothing big is written.

Debian's python3-pandas and python3-numpy: run it with /usr/bin/python3.
"""

import sys

import numpy as np
import pandas as pd


def parse_criteria(specs):
    names, higher, weights = [], [], []
    for spec in specs:
        name, direction, weight = spec.rsplit(":", 2)
        if direction not in ("higher", "lower"):
            raise SystemExit(f"bench-pandas: bad direction in {spec!r}")
        names.append(name)
        higher.append(direction == "higher")
        weights.append(float(weight))
    return names, np.array(higher), np.array(weights)


def main(argv):
    if len(argv) < 3:
        print("usage: bench-pandas.py FILE.csv NAME:higher|lower:WEIGHT ...",
              file=sys.stderr)
        return 2
    names, higher, weights = parse_criteria(argv[2:])

    frame = pd.read_csv(argv[1])
    matrix = frame[names].to_numpy(dtype=np.float64)

    norm = matrix / np.sqrt((matrix * matrix).sum(axis=0))
    weighted = norm * (weights / weights.sum())
    ideal = np.where(higher, weighted.max(axis=0), weighted.min(axis=0))
    anti = np.where(higher, weighted.min(axis=0), weighted.max(axis=0))
    d_best = np.sqrt(((weighted - ideal) ** 2).sum(axis=1))
    d_worst = np.sqrt(((weighted - anti) ** 2).sum(axis=1))
    closeness = d_worst / (d_best + d_worst)
    order = np.argsort(-closeness, kind="stable")

    best = frame["option"].iloc[order[0]]
    print(f"{len(order)} rows, best {best} ({closeness[order[0]]:.6f})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
