"""The README describes every column of every table the CLI writes (docs cannot drift)."""
import re

from tests.conftest import ROOT


def _documented_columns() -> dict[str, set[str]]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    sections = re.split(r"^### ", readme, flags=re.M)
    out: dict[str, set[str]] = {}
    for sec in sections[1:]:
        title, _, body = sec.partition("\n")
        m = re.match(r"([\w-]+)\.csv\b", title.strip())
        if not m:
            continue
        cols = set()
        for line in body.splitlines():
            if line.startswith("|"):
                first_cell = line.split("|")[1]
                cols.update(re.findall(r"`([^`]+)`", first_cell))
        out[m.group(1)] = cols
    return out


def test_every_written_column_is_described_in_the_readme(seed_results):
    documented = _documented_columns()
    missing = []
    for name, table in seed_results.tables.items():
        if name not in documented:
            missing.append(f"{name}.csv (no section)")
            continue
        missing += [f"{name}.csv:{c}" for c in table.columns if c not in documented[name]]
    assert not missing, f"undocumented in README.md: {missing}"
