"""Shared fixtures: the repository's data/, the tradecast CLI to compare against, a small panel."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any, List

import pytest

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"
AS_OF = "2026-11-23"


class Cli:
    """Runs the tradecast binary (TRADECAST_BIN, or target/release/tradecast built on demand)."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        done = subprocess.run(
            [str(self.path), *args], capture_output=True, text=True, cwd=ROOT, timeout=300
        )
        if check and done.returncode != 0:
            raise AssertionError(f"tradecast {' '.join(args)} exited {done.returncode}: {done.stderr}")
        return done

    def json(self, *args: str) -> Any:
        return json.loads(self.run(*args, "--json", "--quiet").stdout)


@pytest.fixture(scope="session")
def cli() -> Cli:
    given = os.environ.get("TRADECAST_BIN")
    if given:
        path = Path(given)
    else:
        subprocess.run(
            ["cargo", "build", "--release", "--quiet", "--bin", "tradecast"], cwd=ROOT, check=True
        )
        path = ROOT / "target" / "release" / "tradecast"
    assert path.is_file(), f"tradecast binary not found at {path}"
    return Cli(path)


@pytest.fixture(scope="session")
def data_dir() -> Path:
    return DATA


def make_panel(n_series: int = 40, seed: int = 7) -> "Any":
    """A small deterministic long panel (series_id, year, value) with a few awkward series.

    Regular series have 3 to 24 annual points with growth and noise; extra series have too few
    points, a repeated year, a non-positive value, and rows out of order.
    """
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(seed)
    rows: List[tuple] = []
    for i in range(n_series):
        n = int(rng.integers(3, 25))
        last = 2024 - int(rng.integers(0, 3))
        level = float(np.exp(rng.uniform(np.log(5.0), np.log(50_000.0))))
        mu = float(rng.uniform(-0.02, 0.15))
        sd = float(rng.uniform(0.01, 0.15))
        logs = np.log(level) + np.cumsum(mu + sd * rng.standard_normal(n))
        for k, v in enumerate(np.exp(logs)):
            rows.append((f"s{i:03d}", last - n + 1 + k, round(float(v), 3)))
    rows += [
        ("x_two_points", 2022, 10.0),
        ("x_two_points", 2023, 12.0),
        ("x_repeated_year", 2020, 5.0),
        ("x_repeated_year", 2021, 6.0),
        ("x_repeated_year", 2021, 6.5),
        ("x_repeated_year", 2022, 7.0),
        ("x_negative", 2019, 3.0),
        ("x_negative", 2020, -1.0),
        ("x_negative", 2021, 4.0),
        ("x_negative", 2022, 4.5),
    ]
    df = pd.DataFrame(rows, columns=["series_id", "year", "value"])
    # Rows out of order: the panel must not depend on it.
    return df.sample(frac=1.0, random_state=3).reset_index(drop=True)


@pytest.fixture(scope="session")
def panel() -> "Any":
    return make_panel()
