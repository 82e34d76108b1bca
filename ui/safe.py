"""Showing corpus-derived text safely in Streamlit's Markdown-rendering widgets."""
from __future__ import annotations

_MD_SPECIAL = set("\\`*_{}[]()#+-.!|<>~$:")


def md_escape(text: str) -> str:
    """Escape Markdown (and Streamlit's $…$ maths) in a message that quotes corpus content.

    ``st.error``/``st.warning`` render Markdown: a file named ``![x](http://…)`` must show
    as text, not load an image.
    """
    return "".join("\\" + c if c in _MD_SPECIAL else c for c in str(text))
