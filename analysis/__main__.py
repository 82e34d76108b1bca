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


def write_tables(results, out_dir: Path, fmt: str = "csv") -> list[Path]:
    """Write every table of a run as ``<name>.csv`` (UTF-8, comma-separated) or
    ``<name>.parquet`` (see :func:`analysis.engine.tablefiles.write_tables`)."""
    from analysis.engine.tablefiles import write_tables as write

    return write(results.tables, out_dir, fmt)


def cmd_run(args: argparse.Namespace) -> int:
    from analysis.corpus.articles import corpus_exists, is_url, load_corpus
    from analysis.engine.pipeline import run_corpus

    corpus_dir = args.corpus if is_url(args.corpus) else Path(args.corpus)  # a folder, or an fsspec URL
    if not corpus_exists(corpus_dir):
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
    try:
        results = run_corpus(
            corpus=corpus, data_dir=args.data, cache_dir=args.cache, use_cache=not args.no_cache,
            progress=_tqdm_factory(), n_jobs=args.jobs, engine=args.engine, scheduler=args.scheduler,
            send_texts=args.send_texts,
        )
    except RuntimeError as exc:  # e.g. an unreachable Dask scheduler, or workers with other knowledge files
        print(f"erreur : {exc}", file=sys.stderr)
        return 1
    written = write_tables(results, out_dir, args.format)
    errs = results.tables.get("codebook_errors")
    for row in ([] if errs is None else errs.to_dict("records")):  # refused knowledge files (issue #5)
        line = f", ligne {row['line']}" if row["line"] == row["line"] and row["line"] is not None else ""
        print(f"refusé : {row['file']}{line} : {row['reason']} (version utilisée : {row['fallback']})", file=sys.stderr)
    s = results.stats
    print(
        f"{s['articles']} articles ({s['analysed']} analysés, {s['from_cache']} depuis le cache), "
        f"{len(corpus.errors)} fichier(s) ignoré(s) ; moteur {s.get('engine', args.engine)} ; tables écrites : "
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
    from analysis.engine.bench import cmd_bench

    return cmd_bench(args)

def cmd_evaluate_quotes(args: argparse.Namespace) -> int:
    from analysis.measures.quotes_eval import GOLD_FILE, evaluate_corpus, report

    ev = evaluate_corpus(args.corpus, gold_path=args.gold or GOLD_FILE, data_dir=args.data,
                         cache_dir=args.cache, use_cache=not args.no_cache)
    print(report(ev))
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    import functools

    from analysis.corpus.importers import fetch_url, import_sources
    from analysis.corpus.importers.webfetch import FetchPolicy

    corpus_dir = Path(args.corpus)
    if corpus_dir.exists() and not corpus_dir.is_dir():
        print(f"erreur : --corpus doit être un dossier : {corpus_dir}", file=sys.stderr)
        return 2
    overrides = {"outlet": args.outlet, "genre": args.genre, "date": args.date, "author": args.author}
    outcome = import_sources(
        args.sources, corpus_dir, overrides=overrides, allow_other_language=args.allow_other_language,
        allow_duplicates=args.allow_duplicates, dry_run=args.dry_run,
        fetcher=functools.partial(fetch_url, policy=FetchPolicy(unrestricted=True)) if args.allow_internal_urls
        else None,
    )
    for warn in outcome.warnings:
        print(f"avertissement : {warn}", file=sys.stderr)
    verb = "serait importé" if args.dry_run else "importé"
    for cand, path in outcome.written:
        m = cand.meta
        print(f"{verb} : {cand.source} -> {path} ({m['outlet']}, {m['date']}, « {m['title'][:60]} »)")
    for ref in outcome.refused:
        print(f"refusé : {ref.source} : {ref.reason}", file=sys.stderr)
    n_ok, n_bad = len(outcome.written), len(outcome.refused)
    summary = f"{n_ok} article(s) {'à importer' if args.dry_run else 'importé(s)'}, {n_bad} refusé(s)"
    print(summary, file=sys.stderr if n_bad else sys.stdout)
    return 0 if outcome.ok else 1


def cmd_export(args: argparse.Namespace) -> int:
    from analysis.corpus.articles import load_corpus
    from analysis.corpus.exporters import export_corpus, write_text_atomic

    corpus_dir = Path(args.corpus)
    if not corpus_dir.is_dir():
        print(f"erreur : dossier de corpus introuvable : {corpus_dir}", file=sys.stderr)
        return 2
    corpus = load_corpus(corpus_dir)
    for err in corpus.errors:
        print(f"ignoré : {err}", file=sys.stderr)
    out = Path(args.out)
    if out.is_dir():
        print(f"erreur : --out doit être un fichier, pas un dossier : {out}", file=sys.stderr)
        return 2
    write_text_atomic(out, export_corpus(corpus, args.format))
    print(f"{len(corpus.articles)} article(s) exporté(s) au format {args.format} : {out}")
    return 0


def _add_engine_options(p: argparse.ArgumentParser) -> None:
    """--engine and --scheduler: shared by run and bench."""
    p.add_argument("--engine", choices=["local", "dask"], default="local",
                   help="moteur de l'analyse par article : local (processus de cette machine, défaut) "
                        "ou dask (tâches Dask ; sans --scheduler, un LocalCluster sur cette machine)")
    p.add_argument("--scheduler", default=None, metavar="tcp://HÔTE:8786",
                   help="adresse d'un planificateur Dask déjà lancé (avec --engine dask)")
    p.add_argument("--send-texts", action="store_true",
                   help="avec --engine dask : envoyer le texte des articles aux workers (par défaut ils lisent "
                        "les fichiers du corpus, au même chemin sur chaque machine)")


def _add_analysis_options(p: argparse.ArgumentParser) -> None:
    """--data, --cache, --no-cache: shared by the subcommands that run the analysis."""
    p.add_argument("--data", default=None, help="dossier des fichiers de connaissances (défaut : data/)")
    p.add_argument("--cache", default=None, help="dossier du cache (défaut : .cache/)")
    p.add_argument("--no-cache", action="store_true", help="ne pas lire ni écrire le cache")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m analysis", description="Analyse de discours de presse française.")
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="analyser un corpus et écrire les tables CSV")
    run.add_argument("--corpus", default=str(DEFAULT_DATA_DIR / "corpus"),
                     help="dossier des articles, ou adresse fsspec (file:///…, s3://… si s3fs est installé)")
    run.add_argument("--out", required=True, help="dossier de sortie des CSV")
    _add_analysis_options(run)
    run.add_argument("--jobs", type=_jobs, default=0,
                     help="processus de calcul pour les articles hors cache (défaut : 0 = tous les cœurs ; "
                          "avec --engine dask sans --scheduler : workers du LocalCluster)")
    _add_engine_options(run)
    run.add_argument("--format", choices=["csv", "parquet"], default="csv",
                     help="format des tables : csv (défaut) ou parquet (grands corpus ; lu aussi par l'application)")
    run.set_defaults(func=cmd_run)
    bench = sub.add_parser("bench", help="mesurer vitesse et mémoire sur un corpus synthétique (vs spaCy seul)")
    bench.add_argument("--articles", type=int, default=200, help="nombre d'articles synthétiques (défaut : 200)")
    bench.add_argument("--jobs", type=_jobs, default=0, help="processus pour la mesure parallèle (0 = tous les cœurs)")
    bench.add_argument("--seed", type=int, default=0, help="graine du générateur de corpus (défaut : 0)")
    bench.add_argument("--start-method", choices=["fork", "spawn", "forkserver"], default=None,
                       help="démarrage des processus (défaut : fork sous Linux, spawn ailleurs)")
    bench.add_argument("--data", default=None, help="dossier des fichiers de connaissances (défaut : data/)")
    bench.add_argument("--repeat", type=int, default=1,
                       help="analyses à 1 processus, chacune entre deux passes de spaCy seul ; "
                            "le rapport retenu est leur médiane (défaut : 1)")
    _add_engine_options(bench)
    bench.set_defaults(func=_cmd_bench)

    ev = sub.add_parser("evaluate-quotes", help="précision et rappel des citations contre l'annotation manuelle")
    ev.add_argument("--corpus", default=str(DEFAULT_DATA_DIR / "corpus"), help="dossier des articles")
    ev.add_argument("--gold", default=None, help="fichier YAML de référence (défaut : tests/unit/data/quotes_gold.yaml)")
    _add_analysis_options(ev)
    ev.set_defaults(func=cmd_evaluate_quotes)

    imp = sub.add_parser(
        "import", help="ajouter des articles au corpus (.txt .md .csv .tsv .jsonl .json .html, Europresse, URL)",
        description="Importe des articles dans le dossier du corpus sans jamais modifier ni supprimer "
                    "les fichiers existants. Code de sortie 0 si toutes les sources sont importées, 1 sinon "
                    "(une ligne « refusé : » par source refusée sur la sortie d'erreur).",
    )
    imp.add_argument("sources", nargs="+", metavar="SRC", help="fichiers, dossiers ou adresses http(s)://")
    imp.add_argument("--corpus", default=str(DEFAULT_DATA_DIR / "corpus"), help="dossier des articles")
    imp.add_argument("--outlet", help="média des articles importés (remplace celui du fichier)")
    imp.add_argument("--genre", help="genre des articles importés (dépêche, analyse, entretien…)")
    imp.add_argument("--date", help="date des articles importés (AAAA, AAAA-MM ou AAAA-MM-JJ)")
    imp.add_argument("--author", help="auteur des articles importés")
    imp.add_argument("--allow-other-language", action="store_true",
                     help="importer aussi les articles qui ne semblent pas écrits en français")
    imp.add_argument("--allow-duplicates", action="store_true",
                     help="importer aussi les doublons d'articles du même média")
    imp.add_argument("--dry-run", action="store_true", help="tout vérifier sans rien écrire")
    imp.add_argument("--allow-internal-urls", action="store_true",
                     help="pour cette exécution seulement : télécharger aussi les adresses du réseau interne "
                          "(localhost, 10.x, 192.168.x…) et les ports autres que 80/443")
    imp.set_defaults(func=cmd_import)

    exp = sub.add_parser("export", help="exporter le corpus (métadonnées + corps nettoyé) en CSV, JSONL ou IRaMuTeQ")
    exp.add_argument("--corpus", default=str(DEFAULT_DATA_DIR / "corpus"), help="dossier des articles")
    exp.add_argument("--format", required=True, choices=["csv", "jsonl", "iramuteq"], help="format de sortie")
    exp.add_argument("--out", required=True, help="fichier de sortie")
    exp.set_defaults(func=cmd_export)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
