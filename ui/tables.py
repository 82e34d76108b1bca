"""Long tables, one page of rows at a time, with French page controls and a CSV of the whole table.

A table of more than ``PAGE_ROWS`` rows shows one page (in the table's own order: sort it
before calling), then a row of controls: previous / next, a page number, "Page x / y ·
N lignes" and a CSV download of every row. Only the page's rows are formatted and sent
to the browser, so a 27,000-sentence table costs what a 50-row one does.
"""
from __future__ import annotations

import math

import pandas as pd
import streamlit as st

from .export import export_filename
from .theme import fr_number, fr_table

PAGE_ROWS = 50


def page_key(key: str) -> str:
    """Session-state key of a table's page number (1-based)."""
    return f"{key}_page"


def page_count(n_rows: int, page_rows: int = PAGE_ROWS) -> int:
    return max(1, math.ceil(n_rows / page_rows))


def page_slice(n_rows: int, page: int, page_rows: int = PAGE_ROWS) -> slice:
    """Row positions of a 1-based page, the page clamped to the table."""
    page = min(max(1, int(page)), page_count(n_rows, page_rows))
    start = (page - 1) * page_rows
    return slice(start, min(n_rows, start + page_rows))


def _present(table: pd.DataFrame, columns: dict[str, str] | None) -> pd.DataFrame:
    """The shown columns with their labels; a missing text value shows as « – », never « None »."""
    shown = table[list(columns)].rename(columns=columns) if columns else table
    text_cols = [c for c in shown.columns if shown[c].dtype == object]
    if text_cols and shown[text_cols].isna().to_numpy().any():
        shown = shown.assign(**{c: shown[c].where(shown[c].notna(), "–") for c in text_cols})
    return shown


def table_csv(table: pd.DataFrame, columns: dict[str, str] | None = None) -> bytes:
    """The whole table as the CSV button gives it: every row, the shown columns with their labels,
    as French Excel opens it (``;``, decimal comma, UTF-8 with BOM)."""
    return _present(table, columns).to_csv(index=False, sep=";", decimal=",").encode("utf-8-sig")


def _step(key: str, delta: int, n_pages: int) -> None:
    pk = page_key(key)
    st.session_state[pk] = min(n_pages, max(1, int(st.session_state.get(pk, 1)) + delta))


def _current_page(key: str, n_rows: int, page_rows: int) -> int:
    """The page to show: 1 for a table whose length changed (new filter), clamped otherwise."""
    pk, nk = page_key(key), f"{key}_rows"
    if st.session_state.get(nk) != n_rows:
        st.session_state[pk] = 1
        st.session_state[nk] = n_rows
    page = min(max(1, int(st.session_state.get(pk, 1))), page_count(n_rows, page_rows))
    st.session_state[pk] = page
    return page


def paged_table(table: pd.DataFrame, *, key: str, columns: dict[str, str] | None = None,
                decimals: dict[str, int] | None = None, column_config: dict | None = None,
                selectable: bool = False, file_name: str | None = None,
                page_rows: int | None = None) -> pd.Series | None:
    """Draw ``table`` one page at a time; return the selected row of ``table`` (if ``selectable``).

    ``columns`` picks and renames the columns shown (French labels) and ``decimals`` gives the
    decimals of float columns by shown label (numbers are formatted the French way). Past
    ``page_rows`` rows (default :data:`PAGE_ROWS`), page controls follow the table and a CSV
    button downloads every row with the shown columns (``file_name``, default
    ``tableau_<key>_<date>``). The returned row is the original (unrenamed) row of ``table``,
    whatever the page."""
    page_rows = page_rows or PAGE_ROWS
    n_rows = len(table)
    paginated = n_rows > page_rows
    page = _current_page(key, n_rows, page_rows) if paginated else 1
    rows = page_slice(n_rows, page, page_rows)
    part = table.iloc[rows]
    shown = fr_table(_present(part, columns), decimals)
    if selectable:  # one selection state per page: a row picked on page 1 is not "row 0" of page 2
        event = st.dataframe(shown, hide_index=True, width="stretch", column_config=column_config,
                             on_select="rerun", selection_mode="single-row", key=f"{key}_p{page}")
    else:
        st.dataframe(shown, hide_index=True, width="stretch", column_config=column_config)
        event = None
    if paginated:
        _controls(table, key=key, columns=columns, page=page, n_pages=page_count(n_rows, page_rows), rows=rows,
                  file_name=file_name or export_filename("tableau", key))
    picked = event.selection.rows if event is not None else []
    return part.iloc[picked[0]] if picked else None


def _controls(table: pd.DataFrame, *, key: str, columns, page: int, n_pages: int, rows: slice,
              file_name: str) -> None:
    n_rows = len(table)
    bar = st.container(horizontal=True, gap="small", vertical_alignment="center")
    bar.button("Précédente", key=f"{key}_prev", icon=":material/chevron_left:", disabled=page <= 1,
               on_click=_step, args=(key, -1, n_pages), help="Page précédente")
    bar.number_input("Page", min_value=1, max_value=n_pages, step=1, key=page_key(key), width=130,
                     label_visibility="collapsed", help="Numéro de page")
    bar.button("Suivante", key=f"{key}_next", icon=":material/chevron_right:", icon_position="right",
               disabled=page >= n_pages, on_click=_step, args=(key, 1, n_pages), help="Page suivante")
    bar.markdown(f"Page {page} / {n_pages} · lignes {fr_number(rows.start + 1, 0)}–{fr_number(rows.stop, 0)} "
                 f"sur {fr_number(n_rows, 0)} lignes")
    bar.download_button("CSV", data=lambda: table_csv(table, columns),  # built on click only
                        file_name=f"{file_name}.csv", mime="text/csv", key=f"{key}_csv", icon=":material/table:",
                        on_click="ignore", help=f"Le tableau entier ({fr_number(n_rows, 0)} lignes), pas seulement cette page")
