"""The committed sample is exactly what the deterministic generator produces."""

from pathlib import Path

from sabo_eval import sampledata

ROOT = Path(__file__).resolve().parents[2]


def test_regenerating_gives_the_committed_sample(tmp_path):
    generator = sampledata
    written = generator.generate(tmp_path)
    assert len(written) + 1 == len(list((ROOT / "data" / "sample").iterdir()))  # + discussions/
    for name in ("discussions/2023_민관협력_종합토론.txt", "discussions/행사목록.csv"):  # byte for byte
        assert (tmp_path / name).read_bytes() == (ROOT / "data" / "sample" / name).read_bytes()
    assert generator.compare_outputs(tmp_path, ROOT / "data" / "sample") == []


def test_sample_readme_says_what_is_synthetic():
    text = (ROOT / "data" / "README.md").read_text(encoding="utf-8")
    assert "합성" in text and "synthetic" in text
    for anchor in ("seed 000", "seed 001", "seed 002"):
        assert anchor in text.lower().replace("시드", "seed")
