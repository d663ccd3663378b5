"""Generate the deterministic sample submissions in ``data/sample/``.

The sample covers 27 districts (수원시 41110, 사상구 26530 and Seoul's 25 자치구) for
2022 and 2023, plus 2021 service workbooks for the Seoul districts. Most of the
content is 합성(synthetic) data drawn from ``numpy.random.default_rng`` seeded per
district, but four parts are anchored to the seed documents in ``/work/shared/seeds``:

* 수원시 2022 연구기획분과 attendance roster reproduces seed 000's monthly table
  (합/민/관, 평균 63.7 %), its 8 excellent members, and the 12-subcommittee figures
  (mean 63.7 %, 이주민분과 81.9 %);
* 수원시 2023 plan and monitoring opinions copy seed 000's monitoring table verbatim;
* 사상구 2023 plan gives seed 001's 5/10/29 → 121.6 % and 4/9/18 → 110.7 %;
* Seoul 2021 services split seed 002's city totals exactly across the 25 districts,
  including 위기가구 발굴 45,701가구 and 정신건강 동행요청 246명 / 동행방문 281건.

The Seoul districts also have 2012 and 2013 workbooks (제출정보, 지역현황, 서비스실적
only) with monthly 복지상담/상담건수, 사례관리/사례관리건수 and 서비스연계/연계가구 rows in
the setting of seed 004 (서울시 복지서비스 전달체계 시범운영, 2013): synthetic, with a
KNOWN injected effect from 2013-03 in three pilot districts (+15 % 상담건수, +10 %
사례관리건수) and two already-strengthened districts (+5 %, +5 %), none on 연계가구;
see ``PILOT_OUTCOMES`` and :func:`pilot_truth`. They use their own random streams,
so adding them left every other file byte-identical.

Every 2021–2023 서비스실적 sheet ends with three programmes for rate indicators: 위기가구
(발굴가구, 연계가구 ≤ 발굴가구), 소나무센터 (신고접수, 초기상담 ≤ 신고접수) and
정신건강 (동행요청, 동행방문; a ratio that may exceed 100 %). They are synthetic apart
from the Seoul 2021 sums above and use their own random streams, so adding them left
every other value unchanged.

The package has one module per table family (districts, members, meetings,
attendance, plan, indicators, budget, opinions, services, pilot), the workbook
writers and the self-check; :mod:`benchmarks.national` builds its national-scale
set from the same functions.

Run ``python scripts/generate_sample_data.py`` or ``python -m sabo_eval.sampledata``
(``--out DIR`` to write elsewhere, ``--check`` to re-read the output and assert the
anchored figures, ``--determinism`` to generate twice into temporary folders and
compare every cell).
"""

from __future__ import annotations

import argparse
import logging
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from .check import check
from .districts import ALL_DISTRICTS, SEOUL_INDEX
from .minutes import write_minutes
from .pilot import pilot_submissions, pilot_truth
from .readback import compare_outputs
from .services import seoul_2021_services
from .submissions import district_submissions
from .workbook import write_csv_folder, write_xlsx

__all__ = ["generate", "check", "compare_outputs", "pilot_truth", "main"]

logger = logging.getLogger(__name__)

#: Output folder of :func:`main` when ``--out`` is not given (relative to the working
#: directory; ``scripts/generate_sample_data.py`` passes the repository's folder).
DEFAULT_OUT = Path("data") / "sample"


def generate(out_dir: Path) -> list[Path]:
    """Write every sample submission into ``out_dir``.

    Parameters
    ----------
    out_dir : pathlib.Path
        Target folder (created if missing). Files of the same names are overwritten.

    Returns
    -------
    list of pathlib.Path
        The submissions written, sorted: one ``.xlsx`` per district and year, and the
        folder of CSV files for 사상구 2022. The discussion minutes are written too, into
        ``discussions/`` (:func:`~.minutes.write_minutes`; not a submission, not listed).
    """
    t0 = time.perf_counter()
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    seoul2021 = seoul_2021_services()
    written: list[Path] = []
    for d in ALL_DISTRICTS:
        subs = district_submissions(d, seoul2021)
        if d.code in SEOUL_INDEX:
            subs += pilot_submissions(d)
        for sub in subs:
            if sub.as_csv:
                folder = out_dir / sub.stem
                write_csv_folder(sub, folder)
                written.append(folder)
            else:
                path = out_dir / f"{sub.stem}.xlsx"
                write_xlsx(sub, path)
                written.append(path)
        logger.info("%s %s: written", d.code, d.name)
    write_minutes(out_dir)
    logger.info("generated %d submissions in %.1f s", len(written), time.perf_counter() - t0)
    return sorted(written)


def _parser(default_out: Path) -> argparse.ArgumentParser:
    """The command-line options of :func:`main`."""
    parser = argparse.ArgumentParser(
        description="Write the deterministic sample submissions (합성 데이터 + seed anchors)."
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=default_out,
        help="output folder (default: data/sample)",
    )
    parser.add_argument(
        "--check", action="store_true", help="re-read the output and assert the anchored figures"
    )
    parser.add_argument(
        "--determinism",
        action="store_true",
        help="also generate twice into temporary folders and compare",
    )
    parser.add_argument(
        "--no-generate", action="store_true", help="only run the checks on an existing folder"
    )
    return parser


def _determinism_diff(out: Path, compare_out: bool) -> list[str]:
    """Generate twice into temporary folders; files that differ (also from ``out``)."""
    with tempfile.TemporaryDirectory() as t1, tempfile.TemporaryDirectory() as t2:
        generate(Path(t1))
        generate(Path(t2))
        diff = compare_outputs(Path(t1), Path(t2))
        if compare_out:
            diff += [f"{out.name}/{x}" for x in compare_outputs(Path(t1), out)]
    return diff


def main(argv: Sequence[str] | None = None, default_out: Path | None = None) -> int:
    """Generate (and optionally check) the sample from the command line.

    Parameters
    ----------
    argv : sequence of str, optional
        Arguments (default ``sys.argv[1:]``).
    default_out : pathlib.Path, optional
        Folder written when ``--out`` is not given (default :data:`DEFAULT_OUT`).

    Returns
    -------
    int
        Exit status: 0, or 1 when the determinism check finds a difference.
    """
    args = _parser(default_out or DEFAULT_OUT).parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    out = args.out if args.out.is_absolute() else (Path.cwd() / args.out)
    if not args.no_generate:
        paths = generate(out)
        logger.info("%d submissions in %s", len(paths), out)
    if args.check:
        check(out)
    if args.determinism:
        diff = _determinism_diff(out, not args.no_generate)
        if diff:
            logger.error("outputs differ: %s", diff)
            return 1
        logger.info("determinism: identical cell values in repeated runs")
    return 0
