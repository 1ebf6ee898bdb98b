"""Errors: rejected input is tradecast.InputError with the CLI's message; I/O is an OSError."""

from __future__ import annotations

import os
import shutil

import pytest

import tradecast

from conftest import AS_OF


@pytest.fixture
def bad_data(data_dir, tmp_path):
    """data/ with two problems in observations.csv: a misspelt bound and a thousands separator."""
    d = tmp_path / "data"
    shutil.copytree(data_dir, d)
    lines = (d / "observations.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    lines[1] = lines[1].replace(",exact,", ",atleast,", 1)
    lines[2] = lines[2].replace("o002,", "o001,", 1)  # duplicate id
    (d / "observations.csv").write_text("".join(lines), encoding="utf-8")
    return d


def _cli_error(cli, *args):
    done = cli.run(*args, check=False)
    assert done.returncode == 1, done.stderr
    assert done.stderr.startswith("error: ")
    return done.stderr[len("error: "):].rstrip("\n")


def test_input_error_has_the_cli_message_and_problems(cli, bad_data):
    want = _cli_error(cli, "check", "--data", str(bad_data))
    for call in (tradecast.check, tradecast.load, tradecast.series):
        with pytest.raises(tradecast.InputError) as info:
            call(bad_data)
        assert str(info.value) == want
    err = info.value
    assert isinstance(err, ValueError)
    assert len(err.problems) >= 2
    bound = [p for p in err.problems if p["column"] == "bound"]
    assert bound and bound[0]["line"] == 2 and "at_least" in bound[0]["message"]
    assert all(set(p) == {"file", "line", "column", "message"} for p in err.problems)
    with pytest.raises(tradecast.InputError) as info:
        tradecast.forecast(bad_data, as_of=AS_OF)
    assert str(info.value) == want


def test_missing_directory_and_file(tmp_path):
    with pytest.raises(tradecast.InputError, match="data directory .* not found"):
        tradecast.check(tmp_path / "nope")
    (tmp_path / "observations.csv").write_text("id\n", encoding="utf-8")
    with pytest.raises(tradecast.InputError, match="targets.csv not found"):
        tradecast.series(tmp_path)
    assert tradecast.InputError.problems == []


@pytest.mark.parametrize(
    "call, match",
    [
        (lambda d: tradecast.forecast(d, as_of="2026-13-01"), "as_of"),
        (lambda d: tradecast.forecast(d, as_of=AS_OF, model="prophet"), "unknown model \"prophet\""),
        (lambda d: tradecast.forecast(d, as_of=AS_OF, horizon=0), "horizon 0 is out of range"),
        (lambda d: tradecast.targets(d, as_of=AS_OF, paths=10), "paths 10 is out of range"),
    ],
)
def test_bad_arguments(data_dir, call, match):
    with pytest.raises(tradecast.InputError, match=match):
        call(data_dir)


def test_negative_seed_is_a_python_error(data_dir):
    with pytest.raises(OverflowError):
        tradecast.targets(data_dir, as_of=AS_OF, seed=-1)


def test_unwritable_output_is_an_os_error(data_dir, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a directory", encoding="utf-8")
    with pytest.raises(tradecast.FileError) as info:
        tradecast.report(data_dir, blocker / "out", as_of=AS_OF)
    assert isinstance(info.value, OSError)
    assert info.value.filename and str(blocker) in info.value.filename
    assert info.value.errno is not None


def test_locked_output_directory(data_dir, tmp_path):
    import fcntl

    out = tmp_path / "out"
    out.mkdir()
    # A lock held by a live process (an OS lock on the lock file, as tradecast takes it) must
    # not be taken over.
    with open(out / ".tradecast.lock", "w", encoding="utf-8") as held:
        held.write(str(os.getpid()))
        held.flush()
        fcntl.flock(held.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        with pytest.raises(OSError, match="another tradecast run"):
            tradecast.report(data_dir, out, as_of=AS_OF)
        assert not (out / "report.md").exists()
        fcntl.flock(held.fileno(), fcntl.LOCK_UN)
    # A file naming a pid but locked by nobody (its holder died) does not block.
    (out / ".tradecast.lock").write_text(str(os.getppid()), encoding="utf-8")
    tradecast.report(data_dir, out, as_of=AS_OF)
    assert (out / "report.md").is_file()
