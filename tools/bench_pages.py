"""Server time of every dashboard page, warm cache, on the bundled corpus and on N synthetic articles.

    python tools/bench_pages.py --articles 1000
    python tools/bench_pages.py --articles 1000 --work-dir /tmp/bench-pages   # reuse corpus + cache

Each page is run through streamlit.testing.v1.AppTest (the same script run as in the
browser, without the network): a first run fills the caches, then the page is re-run
REPEAT times and the median is reported. Prints a table and, last, a JSON line, with the
server's memory: the peak resident size of this process (the AppTest runs the app in it) and
its resident size at the end, with every page's tables cached.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
REPEAT = 3


def page_paths() -> list[str]:
    import re

    return re.findall(r'st\.Page\("(pages/\w+\.py)"', (ROOT / "app.py").read_text(encoding="utf-8"))


def time_pages(corpus_dir: Path, cache_dir: Path, pages: list[str]) -> dict[str, float]:
    from streamlit.testing.v1 import AppTest

    import ui.data

    ui.data.CORPUS_DIR = Path(corpus_dir)  # read once at import; the app takes it from DISCOURS_CORPUS
    os.environ["ANALYSIS_CACHE_DIR"] = str(cache_dir)
    out = {}
    for page in pages:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=1800)
        at.run()
        at.switch_page(page)
        at.run()  # warm: fills st.cache_data for this page's tables
        assert not at.exception, (page, [e.value for e in at.exception])
        times = []
        for _ in range(REPEAT):
            t = time.perf_counter()
            at.run()
            times.append(time.perf_counter() - t)
        out[page] = statistics.median(times)
        n = len(at.session_state["flt_outlets"]) if "flt_outlets" in at.session_state else "?"
        print(f"  {page}: {out[page]:.2f} s ({n} média(s) dans le filtre)", file=sys.stderr)
    return out


def _memory() -> dict:
    import resource

    import psutil

    return {"server_peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
            "server_end_rss_mb": round(psutil.Process().memory_info().rss / 2**20, 1),
            "load_average": os.getloadavg()}


def time_tables(tables: Path, corpus: Path | None, pages: list[str]) -> int:
    """Every page on a folder of tables (``DISCOURS_TABLES``), warm, median of REPEAT runs."""
    import tempfile

    import ui.data
    from analysis.engine.tablefiles import read_table, table_files

    ui.data.TABLES_DIR = str(tables)  # read once at import; the app takes it from DISCOURS_TABLES
    n = len(read_table(table_files(tables)["articles"], columns=["article_id"]))
    times = time_pages(corpus or tables / "absent", Path(tempfile.mkdtemp()), pages)
    print(f"{'page':28} {n:>6} articles (tables)")
    for page, sec in times.items():
        print(f"{page:28} {sec:14.2f}s")
    print(json.dumps({"articles": n, "tables": str(tables), "pages_s": times, "max_s": max(times.values()),
                      **_memory()}))
    return 0


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--work-dir", type=Path, default=None,
                        help="keep the synthetic corpus and the analysis cache here and reuse them on the next "
                             "run (default: a temporary folder, removed at the end)")
    parser.add_argument("--pages", nargs="*", default=None, metavar="NAME",
                        help="only these pages, e.g. overview reader (default: every page)")
    parser.add_argument("--tables", type=Path, default=None,
                        help="time the pages on this folder of tables (DISCOURS_TABLES) instead of analysing "
                             "N synthetic articles; --corpus gives their texts")
    parser.add_argument("--corpus", type=Path, default=None, help="with --tables: the articles' folder")
    args = parser.parse_args()
    pages = [p for p in page_paths() if not args.pages or Path(p).stem in args.pages]
    if args.tables:
        return time_tables(args.tables, args.corpus, pages)

    with tempfile.TemporaryDirectory() as tmp:
        tmp = args.work_dir / str(args.articles) if args.work_dir else Path(tmp)
        tmp.mkdir(parents=True, exist_ok=True)
        os.environ["ANALYSIS_CACHE_DIR"] = str(tmp / "cache")  # before analysis is imported
        import subprocess

        from analysis.engine.synthetic import build_synthetic_corpus

        build_synthetic_corpus(args.articles, tmp / "corpus")
        t = time.perf_counter()
        # fills the analysis cache, as after an import; in another process, so that this
        # process's peak memory is the server's alone
        subprocess.run([sys.executable, "-c", "import sys; from analysis import run_corpus; "
                        "run_corpus(sys.argv[1], n_jobs=None)", str(tmp / "corpus")], cwd=ROOT, check=True)
        print(f"analyse de {args.articles} articles : {time.perf_counter() - t:.1f} s", file=sys.stderr)
        small = time_pages(ROOT / "data" / "corpus", tmp / "cache", pages)
        large = time_pages(tmp / "corpus", tmp / "cache", pages)
    print(f"{'page':28} {'5 articles':>11} {args.articles:>6} articles {'rapport':>8}")
    for page in small:
        print(f"{page:28} {small[page]:10.2f}s {large[page]:14.2f}s {large[page] / small[page]:8.1f}×")
    print(json.dumps({"articles": args.articles, "pages_small_s": small, "pages_large_s": large,
                      "max_large_s": max(large.values()),
                      "max_ratio": max(large[p] / small[p] for p in small), **_memory()}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
