"""The docs cannot drift: docs/tables.md describes every column the CLI writes, every relative
link of the README and of docs/ resolves, and the README stays short."""
import re
import unicodedata
from pathlib import Path

import pytest

from tests.conftest import ROOT

TABLES_DOC = ROOT / "docs" / "tables.md"
MARKDOWN_FILES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
README_MAX_LINES = 200

LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")
FENCE = re.compile(r"^```.*?^```", flags=re.M | re.S)


def _documented_columns() -> dict[str, set[str]]:
    text = TABLES_DOC.read_text(encoding="utf-8")
    sections = re.split(r"^#{2,4} ", text, flags=re.M)
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


def test_every_written_column_is_described_in_docs_tables(seed_results):
    documented = _documented_columns()
    missing = []
    for name, table in seed_results.tables.items():
        if name not in documented:
            missing.append(f"{name}.csv (no section)")
            continue
        missing += [f"{name}.csv:{c}" for c in table.columns if c not in documented[name]]
    assert not missing, f"undocumented in docs/tables.md: {missing}"


def test_readme_fits_in_two_hundred_lines():
    n = len((ROOT / "README.md").read_text(encoding="utf-8").splitlines())
    assert n <= README_MAX_LINES, f"README.md has {n} lines (at most {README_MAX_LINES}): move detail into docs/"


def github_anchor(heading: str) -> str:
    """The anchor GitHub gives a Markdown heading: lower case, punctuation dropped, spaces to '-'."""
    text = re.sub(r"`|\*\*|\*", "", heading.strip().lower())
    return "".join(ch for ch in text if ch in "-_ " or unicodedata.category(ch)[0] in "LN").replace(" ", "-")


def _anchors(path: Path) -> set[str]:
    text = FENCE.sub("", path.read_text(encoding="utf-8"))
    seen: dict[str, int] = {}
    out = set()
    for heading in re.findall(r"^#{1,6} +(.+?) *#*$", text, flags=re.M):
        base = github_anchor(heading)
        n = seen.get(base, 0)
        seen[base] = n + 1
        out.add(base if n == 0 else f"{base}-{n}")
    return out


def _relative_links(path: Path) -> list[str]:
    text = FENCE.sub("", path.read_text(encoding="utf-8"))
    text = re.sub(r"`[^`\n]*`", "", text)  # code spans are not links
    return [t for t in LINK.findall(text) if not re.match(r"[a-z][a-z0-9+.-]*:", t)]


@pytest.mark.parametrize(
    ("heading", "anchor"),
    [
        ("Passage à l'échelle", "passage-à-léchelle"),
        ("Sovereignty and framing (issue #5)", "sovereignty-and-framing-issue-5"),
        ("Cleaning: body, reader comments, boilerplate", "cleaning-body-reader-comments-boilerplate"),
        ("`articles.csv`", "articlescsv"),
    ],
)
def test_github_anchor_follows_githubs_rules(heading, anchor):
    assert github_anchor(heading) == anchor


def test_broken_links_and_anchors_are_reported(tmp_path):
    page = tmp_path / "page.md"
    page.write_text("# Title\n\n## A section\n\n[ok](#a-section) [bad](#nowhere) [gone](missing.md)\n",
                    encoding="utf-8")
    assert _broken_links(page) == ["#nowhere", "missing.md"]


def _broken_links(path: Path) -> list[str]:
    broken = []
    for target in _relative_links(path):
        file_part, _, anchor = target.partition("#")
        dest = (path.parent / file_part).resolve() if file_part else path
        if not dest.exists():
            broken.append(target)
        elif anchor and dest.suffix == ".md" and anchor not in _anchors(dest):
            broken.append(target)
    return broken


@pytest.mark.parametrize("path", MARKDOWN_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_relative_link_resolves(path):
    broken = _broken_links(path)
    assert not broken, f"{path.relative_to(ROOT)}: broken links {broken}"


def test_readme_links_to_every_docs_page():
    linked = {t.partition("#")[0] for t in _relative_links(ROOT / "README.md")}
    pages = {f"docs/{p.name}" for p in (ROOT / "docs").glob("*.md")}
    assert pages <= linked, f"docs pages the README does not link to: {sorted(pages - linked)}"
