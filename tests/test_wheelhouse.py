"""The offline install (issue 19, part 7): ``scripts/build_wheelhouse.py`` builds a folder of
wheels, ``install.sh`` installs it into a fresh virtual environment with no index, and the
installed ``sabo-eval`` runs ``--version`` and ``validate`` on a sample file.

The end-to-end test needs the package registry for its first build (later builds find
the wheels already in ``build/wheelhouse/test-host``) and takes a few minutes.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from sabo_eval import __version__

ROOT = Path(__file__).resolve().parent.parent
SCRIPTS = ROOT / "scripts"
SAMPLE = ROOT / "data" / "sample" / "41110_2023_수원시.xlsx"


def _load_builder():
    spec = importlib.util.spec_from_file_location("build_wheelhouse", SCRIPTS / "build_wheelhouse.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


builder = _load_builder()


def _wheel(folder: Path, name: str, requires: list[str]) -> Path:
    """A minimal wheel whose METADATA lists ``requires``."""
    path = folder / f"{name}-1.0-py3-none-any.whl"
    metadata = f"Metadata-Version: 2.1\nName: {name}\nVersion: 1.0\n" + "".join(f"Requires-Dist: {r}\n" for r in requires)
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(f"{name}-1.0.dist-info/METADATA", metadata)
    return path


def test_requirements_that_only_windows_has_are_found_missing(tmp_path):
    _wheel(tmp_path, "sabo_eval", ["tqdm>=4", "moderndid[didhonest]>=0.2"])
    _wheel(tmp_path, "tqdm", ['colorama; platform_system == "Windows"'])
    _wheel(tmp_path, "moderndid", ['cvxpy; extra == "didhonest"', 'numba; extra == "gpu"'])
    _wheel(tmp_path, "pexpect", [])
    windows = builder.target_environment("win_amd64", "3.11")
    linux = builder.target_environment("manylinux2014_x86_64", "3.11")
    assert builder.missing_requirements(tmp_path, windows) == ["colorama", "cvxpy"]
    assert builder.missing_requirements(tmp_path, linux) == ["cvxpy"]
    _wheel(tmp_path, "colorama", [])
    _wheel(tmp_path, "cvxpy", ['pywinpty>=2; os_name == "nt"'])
    assert builder.missing_requirements(tmp_path, windows) == ["pywinpty>=2"]
    assert builder.missing_requirements(tmp_path, linux) == []


def test_pure_source_only_dependencies_are_built_only_when_needed_and_missing(tmp_path):
    declared = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert "kiwipiepy_model" in builder.PURE_SOURCE_ONLY and '"kiwipiepy_model' in declared
    own = _wheel(tmp_path, "sabo_eval", ["kiwipiepy_model>=0.20", "pandas"])
    _wheel(tmp_path, "kiwipiepy_model", [])
    constraints = tmp_path / "constraints.txt"
    constraints.write_text("", encoding="utf-8")
    assert builder.build_pure_wheels(tmp_path, own, constraints) == []  # already there: nothing to build
    other = tmp_path / "other"
    other.mkdir()
    assert builder.build_pure_wheels(other, _wheel(other, "sabo_eval", ["pandas"]), constraints) == []
    assert not list(other.glob("kiwipiepy*"))


def test_the_windows_environment_markers():
    env = builder.target_environment("win_amd64", "3.11")
    assert (env["sys_platform"], env["os_name"], env["platform_system"]) == ("win32", "nt", "Windows")
    assert env["python_version"] == "3.11" and env["python_full_version"] == "3.11.0"


def test_the_install_scripts_install_with_no_index():
    sh = (SCRIPTS / "install.sh").read_text(encoding="utf-8")
    bat = (SCRIPTS / "install.bat").read_bytes()
    for text in (sh, bat.decode("utf-8")):
        assert "--no-index --find-links" in text and "sabo_eval" in text and "--version" in text
    assert b"\r\n" in bat and b"\n" not in bat.replace(b"\r\n", b"")  # cmd.exe wants CRLF
    assert bat.decode("utf-8").count("chcp 65001") == 1  # the Korean lines show in a UTF-8 console


def _clean_env() -> dict[str, str]:
    """This environment without what would let the installed command see the source tree or an index."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "PIP_", "VIRTUAL_ENV"))}
    env["PIP_NO_INDEX"] = "1"
    return env


@pytest.mark.wheelhouse
@pytest.mark.skipif(sys.platform == "win32", reason="install.sh is the POSIX script")
def test_the_host_wheelhouse_installs_offline_and_validates_a_sample(tmp_path):
    wheels = ROOT / "build" / "wheelhouse" / "test-host"
    subprocess.run([sys.executable, str(SCRIPTS / "build_wheelhouse.py"), "--dest", str(wheels)],
                   check=True, timeout=900)
    assert (wheels / "install.sh").exists() and list(wheels.glob("sabo_eval-*.whl"))

    venv = tmp_path / "venv"
    env = {**_clean_env(), "PYTHON": sys.executable}
    done = subprocess.run(["sh", str(wheels / "install.sh"), str(venv)], env=env, cwd=tmp_path,
                          capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]

    command = venv / "bin" / "sabo-eval"
    version = subprocess.run([str(command), "--version"], env=_clean_env(), cwd=tmp_path,
                             capture_output=True, text=True, timeout=60)
    assert version.stdout.strip() == f"sabo-eval {__version__}"
    where = subprocess.run([str(venv / "bin" / "python"), "-c", "import sabo_eval; print(sabo_eval.__file__)"],
                           env=_clean_env(), cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert Path(where.stdout.strip()).is_relative_to(venv)  # the installed package, not the source tree

    korean = subprocess.run([str(venv / "bin" / "python"), "-c",
                             "from sabo_eval.text.codebook import load_codebook; from sabo_eval.text.tokens import nouns; "
                             "print(nouns('민관협력과 통합사례관리'), len(load_codebook().themes))"],
                            env=_clean_env(), cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert korean.stdout.strip() == "['민관협력', '통합사례관리'] 14", korean.stdout + korean.stderr[-2000:]  # model, dictionary, codebook installed

    checked = subprocess.run([str(command), "validate", str(SAMPLE)], env=_clean_env(), cwd=tmp_path,
                             capture_output=True, text=True, timeout=300)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert SAMPLE.name in checked.stdout and "Traceback" not in checked.stdout + checked.stderr
