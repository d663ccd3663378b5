"""The documentation stays inside the repository: every relative link resolves to a file or
folder of the repository, and ``data/raw/`` exists with its README (issue 19, part 6)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCUMENTS = [ROOT / "README.md", ROOT / "data" / "README.md", ROOT / "data" / "raw" / "README.md",
             *sorted((ROOT / "docs").glob("*.md"))]
LINK = re.compile(r"\]\(([^)\s]+)\)")


def _relative_links(document: Path) -> list[str]:
    links = LINK.findall(document.read_text(encoding="utf-8"))
    return [link for link in links if not re.match(r"[a-z]+:", link) and not link.startswith("#")]


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_relative_link_resolves_inside_the_repository(document):
    for link in _relative_links(document):
        target = (document.parent / link.split("#")[0]).resolve()
        assert target.is_relative_to(ROOT), f"{document.name}: {link} points outside the repository"
        assert target.exists(), f"{document.name}: {link} does not exist"


def test_readme_has_no_web_or_outside_links():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert not re.search(r"\]\((https?:|\.\./)", text)


def test_readme_gives_the_secretariat_its_five_steps_first():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    first_steps = text.index("## 처음 쓰는 사무국")
    assert first_steps < text.index("## 요구 사항")
    section = text[first_steps:text.index("\n## ", first_steps + 1)]
    commands = ["sabo-eval template 제출서식.xlsx --district 41110 --year 2024",
                "sabo-eval validate 제출자료.xlsx --annotate 검토결과.xlsx",
                "sabo-eval ingest 제출자료.xlsx", "sabo-eval run --year 2024 --district 41110"]
    positions = [section.index(command) for command in commands]
    assert positions == sorted(positions)
    assert "창고(warehouse)는" in section and "data/raw/" in section


def test_data_raw_exists_with_its_readme():
    assert (ROOT / "data" / "raw" / "README.md").is_file()


@pytest.mark.skipif(shutil.which("git") is None or not (ROOT / ".git").exists(), reason="not a git checkout")
def test_files_under_data_raw_are_ignored_but_its_readme_is_not():
    def ignored(path: str) -> bool:
        return subprocess.run(["git", "check-ignore", "-q", path], cwd=ROOT).returncode == 0

    assert ignored("data/raw/41110_2024_수원시.xlsx")
    assert ignored("data/raw/제출/위원명단.csv")
    assert not ignored("data/raw/README.md")


def _advisor_section() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    start = text.index("## 연구자(자문위원)용 / For advisors")
    return text[start:text.index("\n## ", start + 1)]


def test_readme_tells_advisors_how_to_open_change_learn_and_look_up():
    section = _advisor_section()
    for needed in ("make lab", "127.0.0.1", "--allow-root", "data/demo.duckdb",  # open the notebooks
                   "-p district_code 11110 -p year 2023", "`parameters`",  # change a report's parameters
                   "notebooks/advisor_tutorial.ipynb",  # the tutorial
                   "make docs", "build/docs/index.html"):  # the API reference
        assert needed in section, needed


def test_readme_advisor_section_links_nothing_outside_the_repository():
    section = _advisor_section()
    assert not re.search(r"\]\(", section), "no links: paths are written as code"
    assert not re.search(r"https?://(?!127\.0\.0\.1)", section)


def test_the_notebooks_the_advisor_section_names_exist():
    paths = set(re.findall(r"notebooks/[\w./]+\.ipynb", _advisor_section()))
    assert "notebooks/district_report.ipynb" in paths
    for path in sorted(paths - {"notebooks/advisor_tutorial.ipynb"}):
        assert (ROOT / path).is_file(), path
    if not (ROOT / "notebooks" / "advisor_tutorial.ipynb").exists():
        pytest.skip("the tutorial notebook is not in this checkout yet (issue 20, part 3)")
