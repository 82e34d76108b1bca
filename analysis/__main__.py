"""Command line: ``python -m analysis <command> ...`` (see ``--help``)."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .knowledge import DEFAULT_DATA_DIR


def _tqdm_factory():
    try:
        from tqdm import tqdm
    except ImportError:  # pragma: no cover
        return None
    return lambda total: tqdm(total=total, desc="analyse", unit="article", file=sys.stderr, disable=None)


def write_tables(results, out_dir: Path) -> list[Path]:
    """Write every table of a run as ``<name>.csv`` (UTF-8, comma-separated)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, table in sorted(results.tables.items()):
        path = out_dir / f"{name}.csv"
        table.to_csv(path, index=False, float_format="%.4f")
        written.append(path)
    return written


def cmd_run(args: argparse.Namespace) -> int:
    from .pipeline import run_corpus
    from .corpus import load_corpus

    corpus_dir = Path(args.corpus)
    if not corpus_dir.is_dir():
        print(f"erreur : dossier de corpus introuvable : {corpus_dir}", file=sys.stderr)
        return 2
    out_dir = Path(args.out)
    if out_dir.exists() and not out_dir.is_dir():
        print(f"erreur : --out doit être un dossier : {out_dir}", file=sys.stderr)
        return 2
    corpus = load_corpus(corpus_dir)
    for err in corpus.errors:
        print(f"ignoré : {err}", file=sys.stderr)
    for warn in corpus.warnings:
        print(f"avertissement : {warn}", file=sys.stderr)
    if not corpus.articles:
        print(f"erreur : aucun article lisible dans {corpus_dir}", file=sys.stderr)
        return 1
    results = run_corpus(
        corpus=corpus, data_dir=args.data, cache_dir=args.cache, use_cache=not args.no_cache,
        progress=_tqdm_factory(), n_jobs=args.jobs,
    )
    written = write_tables(results, out_dir)
    s = results.stats
    print(
        f"{s['articles']} articles ({s['analysed']} analysés, {s['from_cache']} depuis le cache), "
        f"{len(corpus.errors)} fichier(s) ignoré(s) ; tables écrites : "
        + ", ".join(p.name for p in written)
    )
    return 0


def _jobs(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"nombre de processus invalide : {value}") from None
    if n < 0:
        raise argparse.ArgumentTypeError("le nombre de processus doit être positif (0 = tous les cœurs)")
    return n


def _cmd_bench(args: argparse.Namespace) -> int:
    from .bench import cmd_bench

    return cmd_bench(args)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m analysis", description="Analyse de discours de presse française.")
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="analyser un corpus et écrire les tables CSV")
    run.add_argument("--corpus", default=str(DEFAULT_DATA_DIR / "corpus"), help="dossier des articles")
    run.add_argument("--out", required=True, help="dossier de sortie des CSV")
    run.add_argument("--data", default=None, help="dossier des fichiers de connaissances (défaut : data/)")
    run.add_argument("--cache", default=None, help="dossier du cache (défaut : .cache/)")
    run.add_argument("--no-cache", action="store_true", help="ne pas lire ni écrire le cache")
    run.add_argument("--jobs", type=_jobs, default=0,
                     help="processus de calcul pour les articles hors cache (défaut : 0 = tous les cœurs)")
    run.set_defaults(func=cmd_run)
    bench = sub.add_parser("bench", help="mesurer vitesse et mémoire sur un corpus synthétique (vs spaCy seul)")
    bench.add_argument("--articles", type=int, default=200, help="nombre d'articles synthétiques (défaut : 200)")
    bench.add_argument("--jobs", type=_jobs, default=0, help="processus pour la mesure parallèle (0 = tous les cœurs)")
    bench.add_argument("--seed", type=int, default=0, help="graine du générateur de corpus (défaut : 0)")
    bench.add_argument("--start-method", choices=["fork", "spawn", "forkserver"], default=None,
                       help="démarrage des processus (défaut : fork sous Linux, spawn ailleurs)")
    bench.add_argument("--data", default=None, help="dossier des fichiers de connaissances (défaut : data/)")
    bench.set_defaults(func=_cmd_bench)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
