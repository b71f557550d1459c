"""The Streamlit app, one module per part of the page; `app.py` at the top of the repository runs it.

The only package that imports Streamlit. Every rule, conversion and number it shows comes from the
library below it.
"""
