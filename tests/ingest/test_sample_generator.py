"""The committed sample is exactly what the deterministic generator produces."""

import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _generator():
    spec = importlib.util.spec_from_file_location("generate_sample_data", ROOT / "scripts" / "generate_sample_data.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses need the module registered
    spec.loader.exec_module(module)
    return module


def test_regenerating_gives_the_committed_sample(tmp_path):
    generator = _generator()
    written = generator.generate(tmp_path)
    assert len(written) == len(list((ROOT / "data" / "sample").iterdir()))
    assert generator.compare_outputs(tmp_path, ROOT / "data" / "sample") == []


def test_sample_readme_says_what_is_synthetic():
    text = (ROOT / "data" / "README.md").read_text(encoding="utf-8")
    assert "합성" in text and "synthetic" in text
    for anchor in ("seed 000", "seed 001", "seed 002"):
        assert anchor in text.lower().replace("시드", "seed")
