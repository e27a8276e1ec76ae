"""FastAPI application over one catalog; ``create_app(path)`` builds it, ``bulletin serve`` runs it."""
from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Optional
from urllib.parse import urlencode

from fastapi import FastAPI, HTTPException, Query, Request
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from ..catalog import Catalog

HERE = Path(__file__).resolve().parent
CSP = ("default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; "
       "frame-ancestors 'none'")
FACETS = ("theme", "province", "city", "year", "publication", "section")
BASKET = "basket"
LABELS = {"theme": "主题", "province": "省份", "city": "城市", "year": "年份", "publication": "刊物",
          "section": "栏目", "exclude_city": "不含"}


def create_app(catalog_path: str | Path) -> FastAPI:
    catalog_path = Path(catalog_path)
    Catalog(catalog_path, readonly=True).close()  # refuse at once what is not a catalog
    app = FastAPI(title="bulletin miner", docs_url=None, redoc_url=None, openapi_url="/api/openapi.json")
    templates = Jinja2Templates(directory=str(HERE / "templates"))  # autoescape on for .html
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")

    def catalog() -> Catalog:
        return Catalog(catalog_path, readonly=True)  # one connection per request: SQLite is not shared

    @app.middleware("http")
    async def security_headers(request: Request, call_next):
        response = await call_next(request)
        response.headers["Content-Security-Policy"] = CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        return response

    def basket_of(request: Request) -> list[int]:
        raw = request.cookies.get(BASKET, "")
        return [int(x) for x in raw.split(",") if x.isdigit()][:50]

    def search_data(q: str, filters: dict, limit: int) -> dict:
        with catalog() as cat:
            results = cat.search(q, limit=limit, **_search_filters(filters))
            facets = cat.facets(q, **_search_filters(filters))
        rows = _plain(results.to_dict(orient="records"))
        for r in rows:
            r["spans"] = [list(s) for s in r["spans"]]
        return {"query": q, "filters": {k: v for k, v in filters.items() if v}, "results": rows, "facets": facets}

    # -- pages ---------------------------------------------------------------------------------
    @app.get("/", response_class=HTMLResponse)
    def home(request: Request, q: str = "", theme: Optional[str] = None, province: Optional[str] = None,
             city: Optional[str] = None, year: Optional[str] = None, publication: Optional[str] = None,
             section: Optional[str] = None, exclude_city: Optional[str] = None, limit: int = Query(20, le=200)):
        filters = dict(theme=theme, province=province, city=city, year=year, publication=publication,
                       section=section, exclude_city=exclude_city)
        data = search_data(q, filters, limit)
        for r in data["results"]:
            r["pieces"] = _pieces(r["snippet"], r["spans"])
        return templates.TemplateResponse(request, "search.html", {
            **data, "basket": basket_of(request), "facet_links": _facet_links(q, filters, data["facets"]),
            "active": [(LABELS.get(k, k), v, _url("/", q, {**filters, k: None})) for k, v in filters.items() if v]})

    @app.get("/practice/{practice_id}", response_class=HTMLResponse)
    def practice(request: Request, practice_id: int):
        with catalog() as cat:
            detail = cat.practice_detail(practice_id)
            if detail is None:
                raise HTTPException(404, "no such practice")
            like = _plain(cat.similar(practice_id, limit=8).to_dict(orient="records"))
        return templates.TemplateResponse(request, "practice.html", {
            "p": detail, "a": detail["article"], "like": like, "basket": basket_of(request)})

    @app.get("/slogans", response_class=HTMLResponse)
    def slogans(request: Request, place: Optional[str] = None):
        with catalog() as cat:
            rows = _plain(cat.slogan_index(place=place).to_dict(orient="records"))
        return templates.TemplateResponse(request, "slogans.html", {"rows": rows, "place": place,
                                                                    "basket": basket_of(request)})

    @app.get("/metrics", response_class=HTMLResponse)
    def metrics(request: Request, unit: Optional[str] = None, place: Optional[str] = None,
                sort: str = "value", order: str = "desc"):
        rows = _metrics(unit, place, sort, order)
        units = _units()
        return templates.TemplateResponse(request, "metrics.html", {
            "rows": rows, "unit": unit, "place": place, "sort": sort, "order": order, "units": units,
            "sort_link": lambda col: "/metrics?" + urlencode({k: v for k, v in {
                "unit": unit, "place": place, "sort": col,
                "order": "asc" if sort == col and order == "desc" else "desc"}.items() if v}),
            "basket": basket_of(request)})

    def _metrics(unit, place, sort, order):
        with catalog() as cat:
            df = cat.find_metrics(unit=unit, place=place, limit=2000)
        if sort in df.columns:
            df = df.sort_values(sort, ascending=(order == "asc"), na_position="last")
        return _plain(df.head(500).to_dict(orient="records"))

    def _units():
        with catalog() as cat:
            return [r[0] for r in cat.db.execute("SELECT unit FROM metrics GROUP BY unit ORDER BY COUNT(*) DESC LIMIT 30")]

    @app.get("/basket", response_class=HTMLResponse)
    def basket(request: Request):
        ids = basket_of(request)
        with catalog() as cat:
            items = [d for d in (cat.practice_detail(i) for i in ids) if d is not None]
        return templates.TemplateResponse(request, "basket.html", {"items": items, "basket": ids})

    @app.get("/basket/add/{practice_id}")
    def basket_add(request: Request, practice_id: int, back: str = "/basket"):
        ids = basket_of(request)
        if practice_id not in ids:
            ids.append(practice_id)
        return _with_basket(RedirectResponse(_local(back), status_code=303), ids)

    @app.get("/basket/remove/{practice_id}")
    def basket_remove(request: Request, practice_id: int, back: str = "/basket"):
        ids = [i for i in basket_of(request) if i != practice_id]
        return _with_basket(RedirectResponse(_local(back), status_code=303), ids)

    @app.get("/basket/digest.docx")
    def basket_digest(request: Request, home: Optional[str] = None):
        from ..digest import build_digest, write_docx

        ids = basket_of(request)
        if not ids:
            raise HTTPException(400, "the basket is empty")
        with catalog() as cat:
            digest = build_digest(cat, ids=ids, home=home, limit=len(ids))
        out = Path(tempfile.mkdtemp(prefix="digest-")) / "市外参考.docx"
        write_docx(digest, out)
        return FileResponse(out, filename="市外参考.docx",
                            media_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document")

    # -- the JSON API --------------------------------------------------------------------------
    @app.get("/api/search")
    def api_search(q: str = "", theme: Optional[str] = None, province: Optional[str] = None,
                   city: Optional[str] = None, year: Optional[str] = None, publication: Optional[str] = None,
                   section: Optional[str] = None, exclude_city: Optional[str] = None, limit: int = Query(20, le=200)):
        return JSONResponse(_plain(search_data(q, dict(theme=theme, province=province, city=city, year=year,
                                                       publication=publication, section=section,
                                                       exclude_city=exclude_city), limit)))

    @app.get("/api/practice/{practice_id}")
    def api_practice(practice_id: int):
        with catalog() as cat:
            detail = cat.practice_detail(practice_id)
            if detail is None:
                raise HTTPException(404, "no such practice")
            detail["similar"] = cat.similar(practice_id, limit=8)[["id", "heading", "place", "date"]].to_dict(orient="records")
        return JSONResponse(_plain(detail))

    @app.get("/api/slogans")
    def api_slogans(place: Optional[str] = None):
        with catalog() as cat:
            return JSONResponse(_plain(cat.slogan_index(place=place).to_dict(orient="records")))

    @app.get("/api/metrics")
    def api_metrics(unit: Optional[str] = None, place: Optional[str] = None, sort: str = "value", order: str = "desc"):
        return JSONResponse(_plain(_metrics(unit, place, sort, order)))

    return app


def _search_filters(filters: dict) -> dict:
    out = {k: v for k, v in filters.items() if v and k not in ("year",)}
    if filters.get("year"):
        out["since"], out["until"] = filters["year"], filters["year"]
    return out


def _url(path: str, q: str, filters: dict) -> str:
    params = {"q": q, **{k: v for k, v in filters.items() if v}}
    return path + "?" + urlencode({k: v for k, v in params.items() if v})


def _facet_links(q: str, filters: dict, facets: dict) -> dict:
    return {name: [(value, count, _url("/", q, {**filters, name: value})) for value, count in values]
            for name, values in facets.items()}


def _pieces(snippet: str, spans) -> list[tuple[str, bool]]:
    """The snippet as (text, marked) pieces: the template escapes each and wraps marked ones."""
    out, pos = [], 0
    for a, b in spans:
        out += [(snippet[pos:a], False), (snippet[a:b], True)]
        pos = b
    out.append((snippet[pos:], False))
    return [p for p in out if p[0]]


def _local(url: str) -> str:
    """Only redirect within this site."""
    return url if url.startswith("/") and not url.startswith("//") else "/"


def _with_basket(response, ids: list[int]):
    response.set_cookie(BASKET, ",".join(map(str, ids)), httponly=True, samesite="strict", max_age=30 * 86400)
    return response


def _plain(value):
    """numpy and pandas values as JSON-ready Python values."""
    import math

    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


__all__ = ["create_app", "CSP"]
