"""Build a wheelhouse: a folder of wheels from which sabo_eval installs with no network.

The folder holds the package's own wheel and every runtime dependency, at the versions
of the environment that runs this script (``pip freeze`` as constraints: the versions
the tests passed with), plus ``install.sh`` and ``install.bat``. Copy the folder to a
USB stick; on the office PC run the install script inside it (``pip install --no-index
--find-links <folder> sabo_eval`` into a new virtual environment).

``--platform host`` (default) uses ``pip wheel`` (any dependency published only as
source is built here). Another platform (``win_amd64``, ``macosx_11_0_arm64`` …) uses
``pip download --only-binary=:all: --platform … --python-version … --implementation cp``;
since pip judges environment markers (``colorama; platform_system == "Windows"``) by
this machine, not the target, the wheels' own requirements are then read again with the
target's markers and what is missing is downloaded, until nothing is. A dependency
published only as source but pure Python (:data:`PURE_SOURCE_ONLY`: ``kiwipiepy_model``,
the Korean analyser's model) is first built here with ``pip wheel`` into a
``py3-none-any`` wheel, which every platform installs.

Usage::

    python scripts/build_wheelhouse.py                       # build/wheelhouse/host
    python scripts/build_wheelhouse.py --platform win_amd64  # build/wheelhouse/win_amd64
"""

from __future__ import annotations

import argparse
import logging
import re
import shutil
import subprocess
import sys
import zipfile
from email.parser import Parser
from pathlib import Path

try:
    from packaging.requirements import Requirement
except ImportError:  # pragma: no cover  (pip always vendors it)
    from pip._vendor.packaging.requirements import Requirement

logger = logging.getLogger("build_wheelhouse")

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "sabo_eval"
#: Rounds of "read the target's requirements, download what is missing" before giving up.
MAX_ROUNDS = 10
#: Dependencies published only as source (no wheel on the index) that are pure Python:
#: built here into a ``py3-none-any`` wheel for any target platform.
PURE_SOURCE_ONLY = ("kiwipiepy_model",)


def normalize(name: str) -> str:
    """A distribution name as PEP 503 compares them (``Foo_Bar`` → ``foo-bar``)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def target_environment(platform: str, python_version: str) -> dict[str, str]:
    """The environment markers of the target platform (PEP 508), for a CPython ``python_version``."""
    if platform.startswith("win"):
        system, sys_platform, os_name = "Windows", "win32", "nt"
        machine = {"win_amd64": "AMD64", "win32": "x86", "win_arm64": "ARM64"}.get(platform, "AMD64")
    elif platform.startswith("macosx"):
        system, sys_platform, os_name = "Darwin", "darwin", "posix"
        machine = "arm64" if platform.endswith("arm64") else "x86_64"
    else:
        system, sys_platform, os_name = "Linux", "linux", "posix"
        machine = "aarch64" if "aarch64" in platform else "x86_64"
    full = python_version if python_version.count(".") == 2 else f"{python_version}.0"
    return {
        "os_name": os_name, "sys_platform": sys_platform, "platform_system": system,
        "platform_machine": machine, "platform_release": "", "platform_version": "",
        "platform_python_implementation": "CPython", "implementation_name": "cpython",
        "implementation_version": full, "python_version": ".".join(full.split(".")[:2]),
        "python_full_version": full, "extra": "",
    }


def pip(*args: str) -> None:
    """Run ``python -m pip`` with ``args``; raises SystemExit with pip's status when it fails."""
    command = [sys.executable, "-m", "pip", *args]
    logger.info("%s", " ".join(command))
    status = subprocess.call(command)
    if status:
        raise SystemExit(f"pip failed (exit {status}): {' '.join(args[:2])}")


def write_constraints(dest: Path, own: Path | None = None) -> Path:
    """``constraints.txt`` in ``dest``: this environment's versions (its own package and URLs left out).

    With ``own`` (the package's wheel) only its direct dependencies are pinned.
    """
    frozen = subprocess.run([sys.executable, "-m", "pip", "freeze", "--exclude-editable"],
                            check=True, capture_output=True, text=True).stdout
    direct = {normalize(r.name) for r in wheel_requirements(own)} if own else None
    lines = [line for line in frozen.splitlines()
             if "==" in line and " @ " not in line and normalize(line.split("==")[0]) != normalize(PACKAGE)
             and (direct is None or normalize(line.split("==")[0]) in direct)]
    path = dest / "constraints.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def pinned(dest: Path, own: Path, fetch) -> None:
    """Call ``fetch(constraints)`` with every version of this environment pinned; if the index lacks one of
    them for the target, with only the direct dependencies pinned; failing that, with none."""
    for own_only in (None, own):
        try:
            fetch(write_constraints(dest, own_only))
            return
        except SystemExit as exc:
            logger.warning("could not fetch with these versions pinned (%s); pinning fewer", exc)
    (dest / "constraints.txt").write_text("", encoding="utf-8")
    fetch(dest / "constraints.txt")


def build_own_wheel(dest: Path) -> Path:
    """Build the package's wheel into ``dest`` and return it."""
    for old in dest.glob(f"{PACKAGE}-*.whl"):
        old.unlink()
    pip("wheel", "--no-deps", "--quiet", "--wheel-dir", str(dest), str(ROOT))
    return next(dest.glob(f"{PACKAGE}-*.whl"))


def wheel_requirements(wheel: Path) -> list[Requirement]:
    """The ``Requires-Dist`` entries of a wheel's METADATA."""
    with zipfile.ZipFile(wheel) as archive:
        name = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
        metadata = Parser().parsestr(archive.read(name).decode("utf-8"))
    return [Requirement(text) for text in metadata.get_all("Requires-Dist") or []]


def dist_name(wheel: Path) -> str:
    """The normalized distribution name of a wheel file."""
    return normalize(wheel.name.split("-")[0])


def missing_requirements(dest: Path, environment: dict[str, str]) -> list[str]:
    """Requirements that the wheels in ``dest`` have on the target and that no wheel in ``dest`` meets.

    Walks from the package's own wheel through the requirements whose markers hold on
    the target (with the extras each distribution is asked for).
    """
    wheels = {dist_name(w): w for w in dest.glob("*.whl")}
    extras: dict[str, set[str]] = {normalize(PACKAGE): {""}}
    queue, missing = [normalize(PACKAGE)], {}
    while queue:
        name = queue.pop()
        for req in wheel_requirements(wheels[name]):
            if not any(req.marker is None or req.marker.evaluate({**environment, "extra": e}) for e in extras[name]):
                continue
            wanted = normalize(req.name)
            asked = {""} | set(req.extras)
            if wanted not in wheels:
                missing[wanted] = str(req).split(";")[0].strip()
            elif not asked <= extras.get(wanted, set()):
                extras[wanted] = extras.get(wanted, set()) | asked
                queue.append(wanted)
    return sorted(missing.values())


def build_pure_wheels(dest: Path, own: Path, constraints: Path) -> list[str]:
    """Build the wheels of :data:`PURE_SOURCE_ONLY` that the package needs into ``dest``; return their names."""
    needed = {normalize(r.name) for r in wheel_requirements(own)}
    present = {dist_name(w) for w in dest.glob("*.whl")}
    built = [name for name in PURE_SOURCE_ONLY if normalize(name) in needed and normalize(name) not in present]
    for name in built:
        pip("wheel", "--no-deps", "--quiet", "--wheel-dir", str(dest), "--constraint", str(constraints), name)
    return built


def fetch_for_platform(dest: Path, own: Path, platform: str, python_version: str, constraints: Path) -> None:
    """Download wheels for another platform, then whatever its markers add, until nothing is missing."""
    build_pure_wheels(dest, own, constraints)
    target = ["--only-binary=:all:", "--platform", platform, "--python-version", python_version,
              "--implementation", "cp", "--dest", str(dest), "--find-links", str(dest),
              "--constraint", str(constraints)]
    pip("download", "--quiet", *target, str(own))
    environment = target_environment(platform, python_version)
    for _ in range(MAX_ROUNDS):
        missing = missing_requirements(dest, environment)
        if not missing:
            return
        logger.info("needed on %s only: %s", platform, ", ".join(missing))
        pip("download", "--quiet", "--no-deps", *target, *missing)
    raise SystemExit(f"still missing after {MAX_ROUNDS} rounds: {', '.join(missing_requirements(dest, environment))}")


def build(dest: Path, platform: str, python_version: str) -> Path:
    """Fill ``dest`` with the wheels for ``platform`` and the install scripts; return ``dest``."""
    dest.mkdir(parents=True, exist_ok=True)
    own = build_own_wheel(dest)
    if platform == "host":
        pinned(dest, own, lambda constraints: pip("wheel", "--quiet", "--wheel-dir", str(dest), "--find-links",
                                                  str(dest), "--constraint", str(constraints), str(own)))
    else:
        pinned(dest, own, lambda constraints: fetch_for_platform(dest, own, platform, python_version, constraints))
    for script in ("install.sh", "install.bat"):
        shutil.copy2(ROOT / "scripts" / script, dest / script)
    logger.info("%d wheels in %s", len(list(dest.glob("*.whl"))), dest)
    return dest


def main(argv: list[str] | None = None) -> int:
    """Command line of the script (see the module docstring)."""
    parser = argparse.ArgumentParser(description="오프라인 설치용 휠 폴더 만들기 / build an offline wheelhouse")
    parser.add_argument("--platform", default="host",
                        help="대상 플랫폼: host(이 컴퓨터) 또는 win_amd64 등 / target platform: host or e.g. win_amd64")
    parser.add_argument("--python-version", default="3.11",
                        help="다른 플랫폼의 파이썬 버전 (기본 3.11) / Python version of another platform (default 3.11)")
    parser.add_argument("--dest", type=Path, default=None,
                        help="휠 폴더 (기본: build/wheelhouse/<플랫폼>) / output folder (default: build/wheelhouse/<platform>)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    build(args.dest or ROOT / "build" / "wheelhouse" / args.platform, args.platform, args.python_version)
    return 0


if __name__ == "__main__":
    sys.exit(main())
