"""Streamlit-side helpers: cached loaders, filters, theme, chart builders, glossary."""
