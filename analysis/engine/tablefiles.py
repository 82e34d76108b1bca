"""The tables on disk: one file per table, CSV or Parquet (``--format``, issue #17).

CSV (UTF-8, comma-separated, floats to 4 decimals) stays the default: any spreadsheet reads
it. Parquet (pyarrow, zstd-compressed, full precision, typed columns) is for large corpora:
at 10,000 articles it is several times smaller and a reader can fetch only the columns
and rows it needs (:func:`read_table` with ``columns`` / ``filters``), which is how the
dashboard avoids loading every sentence row for a chart.

A folder may hold both formats (e.g. a CSV run then a Parquet run): for each table the
more recently written file is read.
"""
from __future__ import annotations

import os
import threading
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

FORMATS = ("csv", "parquet")
SUFFIXES = {"csv": ".csv", "parquet": ".parquet"}


class TableFileError(ValueError):
    """A table file that cannot be read; the message (French) names the file and the reason."""


def write_tables(tables: dict[str, pd.DataFrame], out_dir: Path | str, fmt: str = "csv") -> list[Path]:
    """Write every table as ``<name>.csv`` or ``<name>.parquet``; returns the paths, by name.

    Each file is written beside its final name then renamed, so a reader never sees half a table."""
    if fmt not in FORMATS:
        raise ValueError(f"format de table inconnu : {fmt} (choix : {', '.join(FORMATS)})")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, table in sorted(tables.items()):
        path = out_dir / f"{name}{SUFFIXES[fmt]}"
        tmp = path.with_name(f".{path.name}.tmp{os.getpid()}")
        if fmt == "csv":
            table.to_csv(tmp, index=False, float_format="%.4f")
        else:
            table.to_parquet(tmp, engine="pyarrow", index=False, compression="zstd")
        os.replace(tmp, path)
        written.append(path)
    return written


def table_files(folder: Path | str) -> dict[str, Path]:
    """Table name -> its file in ``folder`` (the newer one when both formats are present)."""
    found: dict[str, Path] = {}
    for fmt in FORMATS:
        for p in Path(folder).glob(f"*{SUFFIXES[fmt]}"):
            if p.name.startswith("."):
                continue
            old = found.get(p.stem)
            if old is None or p.stat().st_mtime_ns > old.stat().st_mtime_ns:
                found[p.stem] = p
    return dict(sorted(found.items()))


def read_table(path: Path | str, *, columns: list[str] | None = None, filters=None) -> pd.DataFrame:
    """One table file. For Parquet, ``columns`` and ``filters`` (pyarrow's DNF list, e.g.
    ``[("article_id", "in", ids)]``) are applied while reading; for CSV after reading."""
    path = Path(path)
    try:
        if path.suffix == ".parquet":
            return pd.read_parquet(path, engine="pyarrow", columns=columns, filters=filters)
        df = pd.read_csv(path, usecols=columns, keep_default_na=True)
    except FileNotFoundError:
        raise TableFileError(f"{path} : fichier de table introuvable") from None
    except Exception as exc:  # noqa: BLE001 - corrupt or truncated file, wrong columns
        raise TableFileError(f"{path} : table illisible ({type(exc).__name__} : {exc})") from exc
    for name, op, value in filters or ():
        if op == "in":
            df = df[df[name].isin(list(value))]
        elif op == "==":
            df = df[df[name] == value]
        else:
            raise ValueError(f"filtre non pris en charge pour un CSV : {op}")
    return df


def read_tables(folder: Path | str, *, skip: tuple[str, ...] = ()) -> tuple[dict[str, pd.DataFrame], list[str]]:
    """(name -> table, errors) for every table file of ``folder`` except ``skip``. A file that
    cannot be read is reported (French message naming it) and left out; the others are kept."""
    tables, errors = {}, []
    for name, path in table_files(folder).items():
        if name in skip:
            continue
        try:
            tables[name] = read_table(path)
        except TableFileError as exc:
            errors.append(str(exc))
    return tables, errors


class LazyTables(Mapping):
    """Read-only mapping name -> table over a folder of table files, each read on first access.

    The dashboard's tables at scale: a page that draws outlet charts reads ``articles`` and
    the per-outlet tables, never the sentence rows, which stay on disk until a page asks
    for them. A file that cannot be read is recorded in :attr:`errors` (French message
    naming the file) and gives an empty table; the other tables are unaffected. Safe to
    share between threads (one lock; a table is read once)."""

    def __init__(self, folder: Path | str):
        self.folder = Path(folder)
        self._files = table_files(self.folder)
        self._loaded: dict[str, pd.DataFrame] = {}
        self.errors: list[str] = []
        self._lock = threading.Lock()

    def __getitem__(self, name: str) -> pd.DataFrame:
        if name not in self._files:
            raise KeyError(name)
        with self._lock:
            if name not in self._loaded:
                try:
                    self._loaded[name] = read_table(self._files[name])
                except TableFileError as exc:
                    self.errors.append(str(exc))
                    self._loaded[name] = pd.DataFrame()
            return self._loaded[name]

    def __iter__(self):
        return iter(self._files)

    def __len__(self) -> int:
        return len(self._files)

    def __contains__(self, name) -> bool:
        return name in self._files

    def loaded(self) -> tuple[str, ...]:
        """Names of the tables read so far."""
        return tuple(self._loaded)

    def query(self, name: str, *, columns: list[str] | None = None, filters=None) -> pd.DataFrame:
        """Some columns / rows of a table, read from its file without loading the rest (Parquet),
        e.g. ``query("sentences", filters=[("article_id", "==", "a1")])`` for one article."""
        if name in self._loaded:
            df = self._loaded[name]
            for col, op, value in filters or ():
                df = df[df[col].isin(list(value))] if op == "in" else df[df[col] == value]
            return df[columns] if columns else df
        if name not in self._files:
            return pd.DataFrame()
        return read_table(self._files[name], columns=columns, filters=filters)
