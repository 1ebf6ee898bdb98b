#!/usr/bin/env bash
# Python bindings CI: venv (.venv-py/, gitignored) with pinned tools, build + install the wheel,
# build the CLI the tests compare against, run pytest, execute the example notebook in a Jupyter
# kernel and check its outputs. Exits non-zero on any failure.
#
#   bash python/ci.sh            from anywhere; PYTHON=python3.12 to choose the interpreter
set -euo pipefail
cd "$(dirname "$0")/.."

python=${PYTHON:-python3}
venv=.venv-py
wheels=target/python-wheels
start=$(date +%s)
step() { echo "== python: $* (at $(($(date +%s) - start)) s)"; }

echo "== python: $($python --version 2>&1)"
step "venv and pinned tools"
if [ ! -x "$venv/bin/python" ]; then
    "$python" -m venv "$venv"
fi
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r python/requirements-ci.txt

step "clippy (the bindings crate; the root clippy covers the core crate only)"
PYO3_PYTHON="$PWD/$venv/bin/python" cargo clippy --locked --quiet -p tradecast-py --all-targets -- -D warnings

step "CLI (release) for the comparisons"
cargo build --locked --release --quiet --bin tradecast

step "wheel"
rm -rf "$wheels"
"$venv/bin/maturin" build --locked --release --quiet -m python/Cargo.toml -i "$venv/bin/python" -o "$wheels"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check --force-reinstall --no-deps "$wheels"/tradecast-*.whl

step "pytest"
# The pytest script (not `python -m pytest`) keeps the source folder python/tradecast/ off
# sys.path, so the installed wheel is what gets tested.
status=0
TRADECAST_BIN="$PWD/target/release/tradecast" "$venv/bin/pytest" -q -p no:cacheprovider python/tests || status=$?
if [ "$status" -eq 5 ]; then
    echo "python: pytest collected no tests" >&2
fi
if [ "$status" -eq 0 ]; then
    step "notebook (python/examples/analyst.ipynb in a Jupyter kernel)"
    "$venv/bin/python" python/tests/check_notebook.py python/examples/analyst.ipynb || status=$?
fi
echo "== python: done in $(($(date +%s) - start)) s (status $status)"
exit "$status"
