"""The local web page: search with facets, practice pages, the slogan index, metrics, a digest basket.

Server-rendered with FastAPI and Jinja2 (autoescaping on: every text from documents is escaped), over
a catalog opened read-only. /api mirrors the pages as JSON. No script runs in the page; the basket is
a cookie of practice ids. Every response carries a Content-Security-Policy that allows only this
site's own styles and nothing inline.
"""
from .app import create_app

__all__ = ["create_app"]
