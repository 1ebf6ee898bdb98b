"""tradecast.import_file: the Comtrade API fixture of tests/data/official/ into a copy of data/."""

import shutil
from pathlib import Path

import pytest

import tradecast

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "data" / "official" / "comtrade_api_kz_ch_2024.csv"


@pytest.fixture()
def data(tmp_path):
    for name in ("observations.csv", "targets.csv"):
        shutil.copy(ROOT / "data" / name, tmp_path / name)
    return tmp_path


def test_import_file_returns_the_rows_added_and_is_idempotent(data):
    before = (data / "observations.csv").read_bytes()
    dry = tradecast.import_file(FIXTURE, data=data, dry_run=True, backend="pandas")
    assert (data / "observations.csv").read_bytes() == before
    rows = tradecast.import_file(FIXTURE, data=data, backend="pandas")
    assert list(rows["id"]) == list(dry["id"])
    assert len(rows) == 11
    july = rows[(rows["pair"] == "KZ-CH") & (rows["period"] == "2024-07/2024-07") & (rows["flow"] == "exports")]
    assert list(july["value_usd"]) == ["61500000"]
    assert rows.attrs["import"]["files"][0]["layout"] == "ComtradeApi"
    again = tradecast.import_file(FIXTURE, data=data, backend="pandas")
    assert len(again) == 0
    assert again.attrs["import"]["already_present"] == 11


def test_a_bad_file_raises_input_error_and_writes_nothing(data, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("a,b\n1,2\n")
    before = (data / "observations.csv").read_bytes()
    with pytest.raises(tradecast.InputError):
        tradecast.import_file(bad, data=data)
    assert (data / "observations.csv").read_bytes() == before
