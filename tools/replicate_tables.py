"""Tables of K × N articles from the tables of N analysed articles: a load test for the dashboard.

    python tools/replicate_tables.py TABLES_DIR CORPUS_DIR OUT_DIR --times 10

Every table with an ``article_id`` column (and shared_passages, by ``article_a`` /
``article_b``) is repeated K times, the copy k with its article ids prefixed ``rK_``; the
article files are copied under the same new names into ``OUT_DIR/corpus`` (the reader
shows their texts), the tables are written as Parquet into ``OUT_DIR/tables``. The
per-outlet tables that the dashboard recomputes from the articles (outlets,
sovereignty_outlets, frame_outlets) are recomputed; the other per-outlet tables
(tone, quotes, vocabulary…) are those of the N articles, with the same number of rows
as at any corpus size. This is NOT an analysis of K × N articles: it only gives the
dashboard tables of that size to read, filter and draw (tools/bench_pages.py --tables).
"""
from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> int:
    from analysis.corpus.articles import list_article_files
    from analysis.engine.tablefiles import read_tables, write_tables
    from analysis.measures.aggregate import outlet_readability
    from analysis.measures.vocabulary import frame_profile, sovereignty_by_outlet

    parser = argparse.ArgumentParser()
    parser.add_argument("tables", type=Path)
    parser.add_argument("corpus", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--times", type=int, default=10)
    args = parser.parse_args()
    tables, errors = read_tables(args.tables)
    if errors:
        print("\n".join(errors), file=sys.stderr)
        return 1
    k = args.times
    out = {}
    for name, t in tables.items():
        cols = [c for c in ("article_id", "article_a", "article_b") if c in t.columns]
        if not cols:
            out[name] = t
            continue
        copies = []
        for r in range(k):
            c = t.copy()
            for col in cols:
                c[col] = f"r{r}_" + c[col].astype(str)
            copies.append(c)
        out[name] = pd.concat(copies, ignore_index=True)
    out["outlets"] = outlet_readability(out["articles"])
    out["sovereignty_outlets"] = sovereignty_by_outlet(out["articles"])
    if "frames" in out:
        out["frame_outlets"] = frame_profile(out["frames"], out["articles"])
    write_tables(out, args.out / "tables", "parquet")
    corpus_out = args.out / "corpus"
    corpus_out.mkdir(parents=True, exist_ok=True)
    for p in list_article_files(args.corpus):
        for r in range(k):
            shutil.copyfile(p, corpus_out / f"r{r}_{p.name}")
    print(f"{len(out['articles'])} articles, {len(out.get('sentences', ()))} phrases : {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
