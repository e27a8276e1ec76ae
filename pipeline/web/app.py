"""FastAPI application over one catalog; ``create_app(path)`` builds it, ``bulletin serve`` runs it."""
from __future__ import annotations

import io
import ipaddress
from pathlib import Path
from typing import Optional
from urllib.parse import quote, urlencode

from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import HTMLResponse, JSONResponse, PlainTextResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from ..amounts import amount, amount_range
from ..catalog import Catalog, FilterError
from ..catalog.finding import METRIC_SORTS

HERE = Path(__file__).resolve().parent
CSP = ("default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; "
       "frame-ancestors 'none'")
FACETS = ("theme", "province", "city", "year", "publication", "section")
LABELS = {"theme": "主题", "province": "省份", "city": "城市", "county": "县区", "since": "起始日期",
          "until": "截止日期", "year": "年份", "publication": "刊物", "section": "栏目", "slogan": "数字化概括",
          "kind": "文章类型", "exclude_city": "不含城市", "exclude_province": "不含省份"}
KINDS = {"experience": "经验材料", "speech": "讲话报告", "news": "新闻"}
BASKET = "basket"
BASKET_MAX = 50
PAGE_SIZE = 20
MOST_PER_PAGE = 200
MOST_PAGES = 500
FACET_TOP = 12
MAX_ID = 2 ** 63 - 1  # SQLite's largest integer: a larger id names nothing
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
LOCAL_NAMES = ("localhost", "127.0.0.1", "::1")


SLOGANS_PER_PAGE = 100  # rows of the slogan list on one page
METRICS_PER_PAGE = 100  # … and of the metrics


def create_app(catalog_path: str | Path, host: str = "127.0.0.1") -> FastAPI:
    """The web page over a catalog. ``host`` is the address the server is bound to: a request must name
    it (or localhost) in its Host header, so a page elsewhere cannot reach this one through a name it
    points at this machine (DNS rebinding)."""
    catalog_path = Path(catalog_path)
    Catalog(catalog_path, readonly=True).close()  # refuse at once what is not a catalog
    app = FastAPI(title="bulletin miner", docs_url=None, redoc_url=None, openapi_url="/api/openapi.json")
    templates = Jinja2Templates(directory=str(HERE / "templates"))  # autoescape on for .html
    templates.env.filters["amount"] = amount
    templates.env.filters["amount_range"] = amount_range
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    allowed = _host_check(host)

    def catalog() -> Catalog:
        return Catalog(catalog_path, readonly=True)  # one connection per request: SQLite is not shared

    @app.middleware("http")
    async def security_headers(request: Request, call_next):
        if not allowed(request.headers.get("host", "")):
            response = PlainTextResponse("this page answers to its own address only (Host header refused)",
                                         status_code=400)
        else:
            response = await call_next(request)
        response.headers["Content-Security-Policy"] = CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        return response

    def basket_of(request: Request) -> list[int]:
        raw = request.cookies.get(BASKET, "")
        ids = [int(x) for x in raw.split(",") if x.isascii() and x.isdigit() and len(x) < 19]  # below SQLite's largest
        return list(dict.fromkeys(ids))[:BASKET_MAX]

    def search_data(q: str, filters: dict, limit: int, page: int = 1, top: int | None = FACET_TOP) -> dict:
        limit = max(1, min(limit, MOST_PER_PAGE))
        page = max(1, min(page, MOST_PAGES))
        chosen = _search_filters(filters)
        with catalog() as cat:  # plain rows, as the command line prints them: no DataFrame on the way
            found = cat.search_records(q, limit=limit, offset=(page - 1) * limit, **chosen)
            counted = cat.matches(q, top=top, **chosen)
        rows = _plain(found.rows)
        for r in rows:
            r["spans"] = [list(s) for s in r["spans"]]
        said = {name: getattr(found, name) for name in ("notes", "unmatched", "absent", "shown", "partial", "cut")}
        return {"query": q, "filters": {k: v for k, v in filters.items() if v}, "results": rows,
                "total": counted["total"], "facets": counted["facets"], "page": page, "limit": limit, **said}

    def themes_list() -> list[str]:
        with catalog() as cat:
            return cat.theme_names()

    # -- pages ---------------------------------------------------------------------------------
    @app.get("/", response_class=HTMLResponse)
    def home(request: Request, q: str = "", theme: Optional[str] = None, province: Optional[str] = None,
             city: Optional[str] = None, county: Optional[str] = None, since: Optional[str] = None,
             until: Optional[str] = None, year: Optional[str] = None, publication: Optional[str] = None,
             section: Optional[str] = None, slogan: Optional[str] = None, kind: Optional[str] = None,
             exclude_city: Optional[str] = None, exclude_province: Optional[str] = None,
             limit: int = PAGE_SIZE, page: int = 1, more: Optional[str] = None):
        filters = dict(theme=theme, province=province, city=city, county=county, since=since, until=until,
                       year=year, publication=publication, section=section, slogan=slogan, kind=kind,
                       exclude_city=exclude_city, exclude_province=exclude_province)
        filters = {k: (v.strip() if isinstance(v, str) else v) for k, v in filters.items()}
        here = _url("/", q, filters, extra={"limit": _not_default(limit),
                                            "page": page if page > 1 else None, "more": more})
        context = {"basket": basket_of(request), "themes": themes_list(), "kinds": KINDS, "labels": LABELS,
                   "form": filters, "query": q, "here": here, "more": more if more in FACETS else None,
                   "facet_names": FACETS}
        try:
            data = search_data(q, filters, limit, page, top=None)
        except FilterError as err:
            return templates.TemplateResponse(request, "search.html", {
                **context, "error": err.zh, "results": [], "total": 0, "facet_links": {}, "active": [],
                "pages": None}, status_code=400)
        for r in data["results"]:
            r["pieces"] = _pieces(r["snippet"], r["spans"])
        limit, page = data["limit"], data["page"]
        first = (page - 1) * limit + 1
        proper = sum(not r.get("related") for r in data["results"])  # the related ones follow, apart
        pages = {"first": first, "last": first + proper - 1, "page": page, "proper": proper,
                 "prev": _url("/", q, filters, extra={"limit": _not_default(limit), "page": page - 1})
                 if page > 1 else None,
                 "next": _url("/", q, filters, extra={"limit": _not_default(limit), "page": page + 1})
                 if first - 1 + len(data["results"]) < data["total"] and len(data["results"]) == limit
                 and page < MOST_PAGES else None}
        return templates.TemplateResponse(request, "search.html", {
            **context, **data, "pages": pages, "error": None, "said": _said(data),
            "facet_links": _facet_links(q, filters, data["facets"], context["more"]),
            "active": [(LABELS.get(k, k), KINDS.get(v, v) if k == "kind" else v, _url("/", q, {**filters, k: None}))
                       for k, v in filters.items() if v]})

    @app.get("/practice/{practice_id}", response_class=HTMLResponse)
    def practice(request: Request, practice_id: int):
        _check_id(practice_id)
        with catalog() as cat:
            detail = cat.practice_detail(practice_id)
            if detail is None:
                raise HTTPException(404, "no such practice")
            like = _plain(cat.similar(practice_id, limit=8).to_dict(orient="records"))
        article = detail["article"]
        by_id = {p["id"]: p for p in article["practices"]}
        trail, parent = [], detail["parent_id"]
        while parent in by_id:  # the headings it stands under, outermost first
            trail.insert(0, by_id[parent])
            parent = by_id[parent]["parent_id"]
        return templates.TemplateResponse(request, "practice.html", {
            "p": detail, "a": article, "trail": trail, "like": like, "basket": basket_of(request),
            "here": f"/practice/{practice_id}",
            "outline": [p for p in article["practices"] if p["parent_id"] is None]})

    @app.get("/original/{source_id}")
    def original(source_id: int):
        """The file as it was ingested, to download."""
        _check_id(source_id)
        with catalog() as cat:
            row = cat.db.execute("SELECT sha256, name FROM sources WHERE id = ?", (source_id,)).fetchone()
            if row is None:
                raise HTTPException(404, "no such source")
            try:
                data = cat.original(row["sha256"])
            except (KeyError, OSError):
                raise HTTPException(404, "the stored original is missing")
        return Response(data, media_type="application/octet-stream", headers=_attachment(row["name"]))

    @app.get("/slogans", response_class=HTMLResponse)
    def slogans(request: Request, place: Optional[str] = None, page: int = 1):
        with catalog() as cat:
            rows = _plain(cat.slogan_index(place=place).to_dict(orient="records"))
        pages = max(1, -(-len(rows) // SLOGANS_PER_PAGE))
        page = max(1, min(page, pages))  # a long list in pages: a thousand rows is no page to read
        shown = rows[(page - 1) * SLOGANS_PER_PAGE:page * SLOGANS_PER_PAGE]

        def link(k):
            return "/slogans?" + urlencode({**({"place": place} if place else {}), "page": k})

        return templates.TemplateResponse(request, "slogans.html", {
            "rows": shown, "place": place, "basket": basket_of(request), "total": len(rows),
            "first": (page - 1) * SLOGANS_PER_PAGE + 1, "page": page,
            "prev": link(page - 1) if page > 1 else None, "next": link(page + 1) if page < pages else None})

    @app.get("/metrics", response_class=HTMLResponse)
    def metrics(request: Request, unit: Optional[str] = None, place: Optional[str] = None,
                sort: str = "value", order: str = "desc", page: int = 1):
        with catalog() as cat:  # one connection for the count, the page and the units
            total = cat.count_metrics(unit=unit, place=place)
            pages = max(1, -(-total // METRICS_PER_PAGE))
            page = max(1, min(page, pages))
            rows = _metrics(cat, unit, place, sort, order, offset=(page - 1) * METRICS_PER_PAGE, limit=METRICS_PER_PAGE)
            units = _units(cat)

        def link(**changes):
            args = {"unit": unit, "place": place, "sort": sort, "order": order, **changes}
            return "/metrics?" + urlencode({k: v for k, v in args.items() if v and v != 1})

        return templates.TemplateResponse(request, "metrics.html", {
            "rows": rows, "unit": unit, "place": place, "sort": sort, "order": order, "units": units,
            "total": total, "first": (page - 1) * METRICS_PER_PAGE + 1, "page": page,
            "prev": link(page=page - 1) if page > 1 else None, "next": link(page=page + 1) if page < pages else None,
            "sort_link": lambda col: link(sort=col, order="asc" if sort == col and order == "desc" else "desc", page=1),
            "basket": basket_of(request)})

    def _metrics(cat, unit, place, sort, order, offset: int = 0, limit: int = 500):
        """The metrics in the order asked, sorted over every one that passes the filters (not a first few)."""
        df = cat.find_metrics(unit=unit, place=place, limit=limit, offset=offset,
                              sort=sort if sort in METRIC_SORTS else None, descending=order != "asc")
        return _plain(df.to_dict(orient="records"))

    def _units(cat):
        return [r[0] for r in cat.db.execute("SELECT unit FROM metrics GROUP BY unit ORDER BY COUNT(*) DESC LIMIT 30")]

    def basket_items(ids: list[int]) -> list[dict]:
        with catalog() as cat:
            return [d for d in (cat.practice_detail(i) for i in ids) if d is not None]

    @app.get("/basket", response_class=HTMLResponse)
    def basket(request: Request):
        ids = basket_of(request)
        return templates.TemplateResponse(request, "basket.html", {"items": basket_items(ids), "basket": ids,
                                                                   "here": "/basket"})

    @app.get("/basket/add/{practice_id}")
    def basket_add(request: Request, practice_id: int, back: str = "/basket"):
        _check_id(practice_id)
        ids = basket_of(request)
        if practice_id not in ids and len(ids) < BASKET_MAX:
            ids.append(practice_id)
        return _with_basket(RedirectResponse(_local(back), status_code=303), ids)

    @app.get("/basket/remove/{practice_id}")
    def basket_remove(request: Request, practice_id: int, back: str = "/basket"):
        _check_id(practice_id)
        ids = [i for i in basket_of(request) if i != practice_id]
        return _with_basket(RedirectResponse(_local(back), status_code=303), ids)

    @app.get("/basket/move/{practice_id}")
    def basket_move(request: Request, practice_id: int, to: str = "up"):
        """One place up or down in the basket: the digest keeps the basket's order."""
        _check_id(practice_id)
        ids = basket_of(request)
        if practice_id in ids:
            i = ids.index(practice_id)
            j = i - 1 if to == "up" else i + 1
            if 0 <= j < len(ids):
                ids[i], ids[j] = ids[j], ids[i]
        return _with_basket(RedirectResponse("/basket", status_code=303), ids)

    @app.get("/basket/digest.docx")
    def basket_digest(request: Request, home: Optional[str] = None):
        from ..digest import build_digest, write_docx

        ids = basket_of(request)
        if not ids:
            raise HTTPException(400, "the basket is empty")
        with catalog() as cat:
            digest = build_digest(cat, ids=ids, home=home or None, limit=len(ids))
        buffer = io.BytesIO()  # built in memory: nothing is left on disk after it is sent
        write_docx(digest, buffer)
        return Response(buffer.getvalue(), media_type=DOCX, headers=_attachment("市外参考.docx"))

    @app.get("/basket/practices.xlsx")
    def basket_excel(request: Request):
        import pandas as pd

        ids = basket_of(request)
        if not ids:
            raise HTTPException(400, "the basket is empty")
        rows = []
        for d in basket_items(ids):
            a = d["article"]
            rows.append({"序号": len(rows) + 1, "做法": d["heading"], "地方": a.get("place"),
                         "省份": a.get("province"), "城市": a.get("city"), "县区": a.get("county"),
                         "日期": a.get("date"), "刊物": a.get("publication"), "文章": a.get("title"),
                         "主题": "、".join(d["themes"]),
                         "数字化概括": "、".join(s["text"] for s in d["slogans"]),
                         "数据": "、".join(m["text"] for m in d["metrics"]),
                         "内容": d["body"], "来源文件": a.get("source"), "做法编号": d["id"]})
        from ..xlsx import xlsx_safe

        table = pd.DataFrame(rows)
        xlsx_safe(table)  # a control character in a practice's text would refuse the whole file
        buffer = io.BytesIO()
        table.to_excel(buffer, index=False, sheet_name="市外参考篮")
        return Response(buffer.getvalue(), media_type=XLSX, headers=_attachment("市外参考篮.xlsx"))

    # -- the JSON API --------------------------------------------------------------------------
    @app.get("/api/search")
    def api_search(q: str = "", theme: Optional[str] = None, province: Optional[str] = None,
                   city: Optional[str] = None, county: Optional[str] = None, since: Optional[str] = None,
                   until: Optional[str] = None, year: Optional[str] = None, publication: Optional[str] = None,
                   section: Optional[str] = None, slogan: Optional[str] = None, kind: Optional[str] = None,
                   exclude_city: Optional[str] = None, exclude_province: Optional[str] = None,
                   limit: int = PAGE_SIZE, page: int = 1):
        filters = dict(theme=theme, province=province, city=city, county=county, since=since, until=until,
                       year=year, publication=publication, section=section, slogan=slogan, kind=kind,
                       exclude_city=exclude_city, exclude_province=exclude_province)
        try:
            return JSONResponse(_plain(search_data(q, filters, limit, page)))
        except FilterError as err:
            raise HTTPException(400, str(err))

    @app.get("/api/practice/{practice_id}")
    def api_practice(practice_id: int):
        _check_id(practice_id)
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
        with catalog() as cat:
            return JSONResponse(_plain(_metrics(cat, unit, place, sort, order)))

    return app


def _check_id(value: int) -> None:
    if not 0 < value <= MAX_ID:
        raise HTTPException(404, "no such id")


def _host_check(bound: str):
    """Whether a Host header names this server: the address it is bound to or a loopback name; bound
    to every address (0.0.0.0, ::), any address written as numbers, never a name."""
    try:
        wildcard = ipaddress.ip_address(bound).is_unspecified
    except ValueError:
        wildcard = False
    names = {bound.lower().strip("[]"), *LOCAL_NAMES}

    def allowed(header: str) -> bool:
        name = header.strip().lower()
        if name.startswith("["):  # [::1]:8000
            name = name[1:name.find("]")] if "]" in name else name
        elif name.count(":") == 1:
            name = name.split(":")[0]
        if name in names:
            return True
        if wildcard:
            try:
                ipaddress.ip_address(name)
                return True
            except ValueError:
                return False
        return False

    return allowed


def _attachment(filename: str) -> dict:
    return {"Content-Disposition": "attachment; filename*=UTF-8''" + quote(filename)}


def _not_default(limit: int):
    return limit if limit != PAGE_SIZE else None


def _search_filters(filters: dict) -> dict:
    out = {k: v for k, v in filters.items() if v and k not in ("year",)}
    if filters.get("year"):
        out["since"], out["until"] = filters["year"], filters["year"]
    return out


def _url(path: str, q: str, filters: dict, extra: dict | None = None) -> str:
    params = {"q": q, **{k: v for k, v in filters.items() if v}, **(extra or {})}
    return path + "?" + urlencode({k: v for k, v in params.items() if v})


def _facet_links(q: str, filters: dict, facets: dict, more: str | None) -> dict:
    """Each facet's values with their counts and links: the first FACET_TOP, or all for the facet
    whose "more…" was followed; and the link to the rest."""
    out = {}
    for name, values in facets.items():
        shown = values if name == more else values[:FACET_TOP]
        rest = _url("/", q, filters, extra={"more": name}) if len(values) > FACET_TOP and name != more else None
        out[name] = {"values": [(value, count, _url("/", q, {**filters, name: value})) for value, count in shown],
                     "more": rest, "hidden": len(values) - len(shown)}
    return out


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
    return url if url.startswith("/") and not url.startswith("//") and "\\" not in url else "/"


def _with_basket(response, ids: list[int]):
    response.set_cookie(BASKET, ",".join(map(str, ids)), httponly=True, samesite="strict", max_age=30 * 86400)
    return response


def _said(data: dict) -> list[str]:
    """What the search has to say about the query (a word no practice holds, none within the filters,
    none holding every word, a query cut to its limit), in the page's language."""
    from ..catalog.search import QUERY_LIMIT

    out = []
    if data.get("cut"):
        out.append(f"查询过长（{data['cut']} 个字），只搜索了前 {QUERY_LIMIT} 个字。")
    shown = f"以下是含“{'”“'.join(data['shown'])}”的结果。" if data.get("shown") else ""
    if data.get("unmatched"):
        out.append(f"没有做法提到“{'”“'.join(data['unmatched'])}”。" + ("" if data.get("absent") else shown))
    if data.get("absent"):
        out.append(f"筛选范围内没有做法提到“{'”“'.join(data['absent'])}”。" + shown)
    if data.get("partial") and data.get("results"):
        out.append(f"没有做法同时提到查询的每个词（{data['query'].strip()}）；以下做法提到其中一部分。")
    return out


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


__all__ = ["create_app", "CSP", "amount"]
