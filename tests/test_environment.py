"""environment.yml lists the same dependencies as pyproject.toml."""

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _normalise(spec: str) -> tuple[str, str]:
    spec = spec.strip().replace(" ", "")
    match = re.match(r"^([A-Za-z0-9_.\-]+)(.*)$", spec)
    return match.group(1).lower().replace("_", "-"), match.group(2)


def _environment_specs() -> set[tuple[str, str]]:
    specs = set()
    for raw in (ROOT / "environment.yml").read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].rstrip()
        match = re.match(r"^\s+-\s+(\S.*)$", line)
        if not match or match.group(1).endswith(":") or match.group(1).startswith(("-e", "conda-forge")):
            continue
        name, version = _normalise(match.group(1))
        if name in ("python", "pip"):
            continue
        specs.add((name, version))
    return specs


def test_environment_yml_matches_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = {_normalise(s) for s in project["dependencies"]}
    wanted |= {_normalise(s) for s in project["optional-dependencies"]["test"]}
    assert _environment_specs() == wanted


def test_user_requested_packages_are_listed():
    names = {n for n, _ in _environment_specs()}
    for package in ("jupyterlab", "pandas", "statsmodels", "seaborn", "papermill", "nbconvert", "pytest", "nbval"):
        assert package in names


def test_environment_yml_requires_python_311():
    assert re.search(r"-\s+python>=3\.11", (ROOT / "environment.yml").read_text(encoding="utf-8"))
