"""Launch the dashboard: ``python -m ui.serve [streamlit options]`` (what ``run.sh app`` does).

Same as ``streamlit run app.py``, with one fix. app.py declares its pages with
``st.navigation``, but because a ``pages/`` folder sits beside it, Streamlit starts in its
legacy folder-based mode until the first session has run ``st.navigation``: a deep link
opened first after start-up (``/lecteur?article=…``) then shows a "Page not found" dialog.
Declaring up front that the app does not use the legacy mode removes that.
"""
from __future__ import annotations

import sys
from pathlib import Path

APP = Path(__file__).resolve().parent.parent / "app.py"


def main(argv: list[str] | None = None) -> None:
    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.web import cli

    PagesManager.uses_pages_directory = False
    sys.argv = ["streamlit", "run", str(APP), *(sys.argv[1:] if argv is None else argv)]
    cli.main()


if __name__ == "__main__":
    main()
