"""The shareable plan report (HTML and PDF) and the charts it and the app draw."""

MESSAGES: dict[str, tuple[str, str]] = {}
