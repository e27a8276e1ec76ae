"""Score the pipeline against the gold extraction of the seed documents (../shared/gold/README.md).

Every measure is computed per document from counts, and overall by summing the counts over the
documents (micro-average). A measure whose extraction is not built scores 0.
"""
from __future__ import annotations

import json
import math
import re
import tempfile
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path

MEASURES = ["bulletin_field_accuracy", "article_f1", "locality_accuracy", "practice_heading_f1",
            "practice_tree_accuracy", "slogan_f1", "component_recall", "component_precision", "metric_f1",
            "qualifier_accuracy",
            "theme_top1_accuracy", "ndcg_at_10", "recall_at_10"]
REAL_MEASURES = ["real_slogan_f1", "real_component_count_accuracy", "real_component_precision", "real_metric_f1", "real_qualifier_accuracy",
                 "real_place_accuracy"]
PAGE_MEASURES = ["page_title_accuracy", "page_place_accuracy", "page_practice_coverage", "page_slogan_f1",
                 "page_slogan_recall", "page_component_count_accuracy", "page_component_precision",
                 "page_metric_f1", "page_metric_recall", "page_qualifier_accuracy"]
MATCH = 0.85
_QUOTES = "“”‘’\"'「」『』《》"


def clean(s) -> str:
    """Strings are compared without white space, ``**``, quotation marks and trailing punctuation."""
    if s is None:
        return ""
    s = re.sub(r"\s+", "", str(s)).replace("**", "")
    s = s.translate({ord(c): None for c in _QUOTES})
    return s.rstrip("。，、；：！？.,;:!?")


def similar(a, b) -> float:
    a, b = clean(a), clean(b)
    if not a and not b:
        return 1.0
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def match_one_to_one(gold: list, found: list, score) -> list[tuple[int, int]]:
    """Greedy one-to-one matching by descending score, keeping pairs with score >= MATCH."""
    pairs = []
    for i, g in enumerate(gold):
        for j, f in enumerate(found):
            s = score(g, f)
            if s >= MATCH:
                pairs.append((s, i, j))
    pairs.sort(key=lambda p: (-p[0], p[1], p[2]))
    used_g, used_f, out = set(), set(), []
    for _, i, j in pairs:
        if i not in used_g and j not in used_f:
            used_g.add(i)
            used_f.add(j)
            out.append((i, j))
    return out


@dataclass
class Counts:
    """Numerators and denominators of every measure, for one document or summed over several."""

    c: dict = field(default_factory=lambda: defaultdict(float))

    def add(self, other: "Counts") -> None:
        for k, v in other.c.items():
            self.c[k] += v

    def ratio(self, a: str, b: str, undefined: float | None = 0.0) -> float | None:
        c = self.c
        return c[a] / c[b] if c[b] else undefined

    def f1(self, tp: str, n_gold: str, n_found: str, undefined: float | None = 0.0) -> float | None:
        c = self.c
        if not c[n_gold] and not c[n_found]:
            return undefined
        p = c[tp] / c[n_found] if c[n_found] else 0.0
        r = c[tp] / c[n_gold] if c[n_gold] else 0.0
        return 2 * p * r / (p + r) if p + r else 0.0

    def measures(self, undefined: float | None = 0.0) -> dict[str, float | None]:
        """Each measure; one with nothing to score (0 in its denominator) is ``undefined``."""
        def ratio(a, b):
            return self.ratio(a, b, undefined)

        def f1(tp, n_gold, n_found):
            return self.f1(tp, n_gold, n_found, undefined)

        return {
            "bulletin_field_accuracy": ratio("field_ok", "field_n"),
            "article_f1": f1("art_tp", "art_gold", "art_found"),
            "locality_accuracy": ratio("loc_ok", "art_tp"),
            "practice_heading_f1": f1("pr_tp", "pr_gold", "pr_found"),
            "practice_tree_accuracy": ratio("tree_ok", "tree_n"),
            "slogan_f1": f1("sl_tp", "sl_gold", "sl_found"),
            "component_recall": ratio("comp_ok", "comp_n"),
            "component_precision": ratio("comp_right", "comp_listed"),
            "metric_f1": f1("me_tp", "me_gold", "me_found"),
            "qualifier_accuracy": ratio("qual_ok", "me_tp"),
            "theme_top1_accuracy": ratio("theme_ok", "pr_tp"),
            "ndcg_at_10": ratio("ndcg", "queries"),
            "recall_at_10": ratio("recall", "queries"),
        }


def _field_counts(gold_b: dict | None, found: dict | None, counts: Counts) -> None:
    if gold_b is None:
        return
    found = found or {}
    note = gold_b.get("editor_note") or {}
    pairs = [
        (gold_b.get("publication"), found.get("publication")),
        (gold_b.get("issuer"), found.get("issuer")),
        (gold_b.get("issue"), found.get("issue")),
        (gold_b.get("total_issue"), found.get("total_issue")),
        (gold_b.get("date"), found.get("date")),
        ((gold_b.get("region") or {}).get("province"), found.get("province")),
        ((gold_b.get("region") or {}).get("city"), found.get("city")),
        (note.get("date"), found.get("note_date")),
        (note.get("by"), found.get("note_by")),
        (note.get("title"), found.get("note_title")),
        (note.get("instruction"), found.get("note_instruction")),
    ]
    gold_dist = gold_b.get("distribution") or {}
    found_dist = found.get("distribution") or {}
    for key in sorted(set(gold_dist) | set(found_dist)):
        pairs.append(([clean(x) for x in gold_dist.get(key, [])] or None,
                      [clean(x) for x in found_dist.get(key, [])] or None))
    for g, f in pairs:
        counts.c["field_n"] += 1
        if isinstance(g, (int, float)) or isinstance(f, (int, float)):
            ok = g is not None and f is not None and float(g) == float(f) or g is None and f is None
        elif isinstance(g, list) or isinstance(f, list):
            ok = g == f
        else:
            ok = clean(g) == clean(f)
        counts.c["field_ok"] += ok


def _flatten(practices: list[dict], parent: int | None = None, out: list | None = None) -> list[dict]:
    out = [] if out is None else out
    for p in practices:
        out.append({"heading": p["heading"], "parent": parent, "themes": p.get("themes") or []})
        _flatten(p.get("children") or [], len(out) - 1, out)
    return out


def _value_equal(a, b) -> bool:
    if isinstance(a, (list, tuple)) != isinstance(b, (list, tuple)):
        return False
    if isinstance(a, (list, tuple)):
        return len(a) == len(b) and all(_value_equal(x, y) for x, y in zip(a, b))
    return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=0.0)


def score_document(gold: dict, found: dict) -> Counts:
    """``found`` has the same shape as a gold file: bulletin, articles (with practices), slogans, metrics."""
    counts = Counts()
    c = counts.c
    _field_counts(gold.get("bulletin"), found.get("bulletin"), counts)

    gold_articles, found_articles = gold.get("articles", []), found.get("articles", [])
    title_pairs = match_one_to_one(
        gold_articles, found_articles,
        lambda g, f: max(similar(t, f["title"]) for t in [g["title"]] + g.get("title_variants", [])))
    c["art_gold"] += len(gold_articles)
    c["art_found"] += len(found_articles)
    c["art_tp"] += len(title_pairs)
    for i, j in title_pairs:
        g, f = gold_articles[i]["locality"], found_articles[j].get("locality") or {}
        name = clean(f.get("name"))
        c["loc_ok"] += (f.get("city") == g["city"] and f.get("province") == g["province"]
                        and bool(name) and name.endswith(clean(g["name"])))

    gold_nodes = []
    for a in gold_articles:
        offset = len(gold_nodes)
        gold_nodes += [{**n, "parent": None if n["parent"] is None else n["parent"] + offset}
                       for n in _flatten(a.get("practices", []))]
    found_nodes = []
    for a in found_articles:
        offset = len(found_nodes)
        for p in a.get("practices_flat", []):
            found_nodes.append({**p, "parent": None if p["parent"] is None else p["parent"] + offset})
    node_pairs = match_one_to_one(gold_nodes, found_nodes, lambda g, f: similar(g["heading"], f["heading"]))
    c["pr_gold"] += len(gold_nodes)
    c["pr_found"] += len(found_nodes)
    c["pr_tp"] += len(node_pairs)
    match_of = dict(node_pairs)
    for i, j in node_pairs:
        g = gold_nodes[i]
        if g["parent"] is not None:
            c["tree_n"] += 1
            c["tree_ok"] += found_nodes[j]["parent"] is not None and match_of.get(g["parent"]) == found_nodes[j]["parent"]
        themes = found_nodes[j].get("themes") or []
        c["theme_ok"] += bool(g["themes"] and themes and themes[0] == g["themes"][0])

    gold_slogans, found_slogans = gold.get("slogans", []), found.get("slogans", [])
    c["sl_gold"] += len(gold_slogans)
    c["sl_found"] += len(found_slogans)
    used = set()
    for g in gold_slogans:
        names = {clean(t) for t in [g["text"]] + g.get("variants", [])}
        hit = next((j for j, f in enumerate(found_slogans) if j not in used and clean(f["text"]) in names), None)
        if hit is not None:
            used.add(hit)
            c["sl_tp"] += 1
        if g.get("components"):
            c["comp_n"] += len(g["components"])
            if hit is not None and found_slogans[hit].get("components"):
                pairs = match_one_to_one(g["components"], found_slogans[hit]["components"], similar)
                c["comp_ok"] += len(pairs)
                # component precision: of the lists extracted for slogans the gold expands, the share that are right
                c["comp_listed"] += 1
                c["comp_right"] += len(found_slogans[hit]["components"]) == len(g["components"]) == len(pairs)

    gold_metrics, found_metrics = gold.get("metrics", []), found.get("metrics", [])
    c["me_gold"] += len(gold_metrics)
    c["me_found"] += len(found_metrics)
    used = set()
    for g in gold_metrics:
        for j, f in enumerate(found_metrics):
            if j not in used and f["unit"] == g["unit"] and _value_equal(f["value"], g["value"]):
                used.add(j)
                c["me_tp"] += 1
                c["qual_ok"] += (f.get("qualifier") or None) == (g.get("qualifier") or None)
                break
    return counts


def extracted(catalog, source_name: str, chinese_numerals: bool = False) -> dict:
    """What the catalog holds for one source, reshaped like a gold file.

    The seeds' gold counts quantities written with Arabic digits only (Chinese-numeral ones are an
    extra there); the real passages' gold counts both, so ``chinese_numerals`` says which to take.
    """
    db = catalog.db
    sid = db.execute("SELECT id FROM sources WHERE name=?", (source_name,)).fetchone()
    if sid is None:
        return {"bulletin": None, "articles": [], "slogans": [], "metrics": []}
    source_id = sid[0]
    b = db.execute("SELECT * FROM bulletins WHERE source_id=?", (source_id,)).fetchone()
    bulletin = None
    if b is not None:
        bulletin = dict(b)
        bulletin["distribution"] = json.loads(b["distribution"])
    articles = []
    for a in db.execute("SELECT * FROM articles WHERE source_id=? ORDER BY seq", (source_id,)).fetchall():
        rows = db.execute("SELECT id, parent_id, heading FROM practices WHERE article_id=? ORDER BY seq",
                          (a["id"],)).fetchall()
        index = {r["id"]: i for i, r in enumerate(rows)}
        flat = [{"heading": r["heading"], "parent": index.get(r["parent_id"]),
                 "themes": [t[0] for t in db.execute("SELECT theme FROM practice_themes WHERE practice_id=?"
                                                     " ORDER BY rank", (r["id"],))]} for r in rows]
        articles.append({"title": a["title"], "kind": a["kind"], "section": a["section"],
                         "locality": {"name": a["place"], "county": a["county"], "city": a["city"],
                                      "province": a["province"]},
                         "speaker": a["speaker"], "practices_flat": flat})
    slogans = [{"text": r["text"], "count": r["count"],
                "components": None if r["components"] is None else json.loads(r["components"])}
               for r in db.execute("SELECT * FROM slogans WHERE source_id=? ORDER BY id", (source_id,))]
    written = "" if chinese_numerals else " AND written='arabic'"
    metrics = [{"text": r["text"], "value": r["value"] if r["value_high"] is None else [r["value"], r["value_high"]],
                "unit": r["unit"], "qualifier": r["qualifier"]}
               for r in db.execute(f"SELECT * FROM metrics WHERE source_id=?{written} ORDER BY id", (source_id,))]
    return {"bulletin": bulletin, "articles": articles, "slogans": slogans, "metrics": metrics}


def _unit(u) -> str:
    """Units compare without a leading 个 (个百分点 = 百分点, 个月 = 月), and 平方千米 = 平方公里."""
    u = u or ""
    u = "平方公里" if u == "平方千米" else u  # one unit under two names
    return u[1:] if u.startswith("个") and len(u) > 1 else u


_MUNICIPALITIES = {"北京市", "上海市", "天津市", "重庆市"}


def _place_ok(gold: dict, found: dict) -> bool:
    """Province equal; city and county equal where gold gives them, and empty where it leaves them empty."""
    found = found or {}
    if not any(gold.get(k) for k in ("province", "city", "county", "name")):
        return not any(found.get(k) for k in ("province", "city", "county", "name"))
    city_g, city_f = gold.get("city"), found.get("city")
    if gold.get("province") in _MUNICIPALITIES:
        city_g = None if city_g == gold.get("province") else city_g
        city_f = None if city_f == found.get("province") else city_f
    return (found.get("province") == gold.get("province") and (city_f or None) == (city_g or None)
            and (found.get("county") or None) == (gold.get("county") or None))


def score_passage(gold: dict, found: dict, place_ok=None) -> Counts:
    """One real passage (../shared/gold-real/README.md): slogans, component counts, metrics, place
    (by ``place_ok``, the passages' rule by default)."""
    counts = Counts()
    c = counts.c
    found_slogans = list(found.get("slogans", []))
    used = set()
    for g in gold.get("slogans", []):
        hit = next((j for j, f in enumerate(found_slogans) if j not in used and clean(f["text"]) == clean(g["text"])),
                   None)
        if hit is not None:
            used.add(hit)
        if g.get("unsure"):
            continue
        c["rsl_gold"] += 1
        c["rsl_tp"] += hit is not None
        if g.get("components"):
            c["rcomp_n"] += 1
            comps = found_slogans[hit].get("components") if hit is not None else None
            c["rcomp_ok"] += bool(comps) and len(comps) == len(g["components"])
            if comps:  # component precision: the extracted lists that are right, over slogans the gold expands
                c["rcomp_listed"] += 1
                c["rcomp_right"] += _components_match(g["components"], comps)
    unsure_hits = {j for j in used for g in gold.get("slogans", [])
                   if g.get("unsure") and clean(found_slogans[j]["text"]) == clean(g["text"])}
    c["rsl_found"] += len(found_slogans) - len(unsure_hits)

    found_metrics = found.get("metrics", [])
    used = set()
    unsure_used = 0
    for g in gold.get("metrics", []):
        hit = next((j for j, f in enumerate(found_metrics) if j not in used and _unit(f["unit"]) == _unit(g["unit"])
                    and _value_equal(f["value"], g["value"])), None)
        if hit is not None:
            used.add(hit)
        if g.get("unsure"):
            unsure_used += hit is not None
            continue
        c["rme_gold"] += 1
        if hit is not None:
            c["rme_tp"] += 1
            c["rqual_ok"] += (found_metrics[hit].get("qualifier") or None) == (g.get("qualifier") or None)
    c["rme_found"] += len(found_metrics) - unsure_used

    articles = found.get("articles") or []
    c["rplace_n"] += 1
    c["rplace_ok"] += (place_ok or _place_ok)(gold.get("place") or {}, articles[0]["locality"] if articles else {})
    return counts


def _most_specific(place: dict) -> str | None:
    return place.get("county") or place.get("city") or place.get("province")


def _page_place_ok(gold: dict, found: dict) -> bool:
    """As for real passages; the same most specific division in the same province also counts, since a
    county-level city a province governs directly (or a 地区) may sit at another level in the gazetteer."""
    found = found or {}
    if _place_ok(gold, found):
        return True
    return (bool(_most_specific(gold)) and found.get("province") == gold.get("province")
            and _most_specific(found) == _most_specific(gold))


def _components_match(gold: list, found: list | None) -> bool:
    """An extracted list matches the gold's when it has as many parts and they pair off one to one."""
    if not found or len(found) != len(gold):
        return False
    return len(match_one_to_one(gold, found, similar)) == len(gold)


def score_page(gold: dict, found: dict) -> Counts:
    """One real web page (../shared/real-pages/README.md): the real-passage counts, the place by the
    page rule, plus title and practice coverage."""
    counts = score_passage(gold, found, place_ok=_page_place_ok)
    c = counts.c
    articles = found.get("articles") or []
    first = articles[0] if articles else {}
    if gold.get("title"):
        c["ptitle_n"] += 1
        c["ptitle_ok"] += similar(gold["title"], first.get("title") or "") >= 0.8
    c["ppractice_n"] += 1
    c["ppractice_ok"] += any(a.get("practices_flat") for a in articles)
    return counts


def page_measures(counts: Counts, undefined: float | None = 0.0) -> dict[str, float | None]:
    return {"page_title_accuracy": counts.ratio("ptitle_ok", "ptitle_n", undefined),
            "page_place_accuracy": counts.ratio("rplace_ok", "rplace_n", undefined),
            "page_practice_coverage": counts.ratio("ppractice_ok", "ppractice_n", undefined),
            "page_slogan_f1": counts.f1("rsl_tp", "rsl_gold", "rsl_found", undefined),
            "page_slogan_recall": counts.ratio("rsl_tp", "rsl_gold", undefined),
            "page_component_count_accuracy": counts.ratio("rcomp_ok", "rcomp_n", undefined),
            "page_component_precision": counts.ratio("rcomp_right", "rcomp_listed", undefined),
            "page_metric_f1": counts.f1("rme_tp", "rme_gold", "rme_found", undefined),
            "page_metric_recall": counts.ratio("rme_tp", "rme_gold", undefined),
            "page_qualifier_accuracy": counts.ratio("rqual_ok", "rme_tp", undefined)}


def _score_texts(items: list[dict], text_of, score, measures) -> tuple[dict, dict, list]:
    """Write each item's text to ID.txt, ingest the folder into a temporary catalog, and score each
    item's extraction: (overall measures, per-item measures and extraction, failures)."""
    from .catalog import Catalog

    total = Counts()
    per_item: dict[str, dict] = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "texts"
        folder.mkdir()
        for item in items:
            (folder / f"{item['id']}.txt").write_text(text_of(item), encoding="utf-8")
        catalog = Catalog(Path(tmp) / "texts.db")
        try:
            report = catalog.ingest([folder])
            for item in items:
                found = extracted(catalog, f"{item['id']}.txt", chinese_numerals=True)
                counts = score(item, found)
                total.add(counts)
                per_item[item["id"]] = {"measures": measures(counts, undefined=None), "found": found}
        finally:
            catalog.close()
    return measures(total), per_item, [(o.path, o.reason) for o in report.failures]


def evaluate_pages(real_pages: str | Path) -> dict:
    """Write each page's text as it is to ID.txt, ingest the folder, and score each page."""
    pages = json.loads((Path(real_pages) / "pages.json").read_text(encoding="utf-8"))
    overall, per_page, failures = _score_texts(pages, lambda p: p["text"], score_page, page_measures)
    return {"overall": overall, "pages": per_page, "failures": failures}


def real_measures(counts: Counts, undefined: float | None = 0.0) -> dict[str, float | None]:
    """The real-passage measures of ../shared/gold-real/README.md from their counts."""
    return {"real_slogan_f1": counts.f1("rsl_tp", "rsl_gold", "rsl_found", undefined),
            "real_component_count_accuracy": counts.ratio("rcomp_ok", "rcomp_n", undefined),
            "real_component_precision": counts.ratio("rcomp_right", "rcomp_listed", undefined),
            "real_metric_f1": counts.f1("rme_tp", "rme_gold", "rme_found", undefined),
            "real_qualifier_accuracy": counts.ratio("rqual_ok", "rme_tp", undefined),
            "real_place_accuracy": counts.ratio("rplace_ok", "rplace_n", undefined)}


def evaluate_real(gold_real: str | Path) -> dict:
    """Ingest each real passage as a plain-text document (title, blank line, text) and score it."""
    passages = json.loads((Path(gold_real) / "passages.json").read_text(encoding="utf-8"))
    overall, per_passage, failures = _score_texts(passages, lambda p: f"{p['title']}\n\n{p['text']}\n",
                                                  score_passage, real_measures)
    return {"overall": overall, "passages": per_passage, "failures": failures}


def evaluate(seeds: str | Path, gold: str | Path, gold_real: str | Path | None = None,
             real_pages: str | Path | None = None) -> dict:
    from .catalog import Catalog

    seeds, gold = Path(seeds), Path(gold)
    documents: dict[str, dict[str, float]] = {}
    total = Counts()
    with tempfile.TemporaryDirectory() as tmp:
        catalog = Catalog(Path(tmp) / "eval.db")
        try:
            report = catalog.ingest([seeds])
            for gold_file in sorted(gold.glob("*.json")):
                if gold_file.name == "queries.json":
                    continue
                g = json.loads(gold_file.read_text(encoding="utf-8"))
                found = extracted(catalog, g["source"])
                counts = score_document(g, found)
                total.add(counts)
                documents[g["source"]] = counts.measures(undefined=None)
            queries = gold / "queries.json"
            if queries.exists():
                per_query = score_queries(catalog, json.loads(queries.read_text(encoding="utf-8")))
                total.c["queries"] += len(per_query)
                total.c["ndcg"] += sum(q["ndcg_at_10"] for q in per_query)
                total.c["recall"] += sum(q["recall_at_10"] for q in per_query)
        finally:
            catalog.close()
    overall = total.measures()
    failures = [(o.path, o.reason) for o in report.failures]
    if gold_real is not None and (Path(gold_real) / "passages.json").exists():
        real = evaluate_real(gold_real)
        overall.update(real["overall"])
        failures += real["failures"]
    if real_pages is not None and (Path(real_pages) / "pages.json").exists():
        pages = evaluate_pages(real_pages)
        overall.update(pages["overall"])
        failures += pages["failures"]
    result = {"overall": overall, "documents": documents, "failures": failures}
    if queries.exists():
        result["queries"] = per_query
    return result


def score_queries(catalog, queries: list[dict], k: int = 10) -> list[dict]:
    """nDCG@k and recall@k of the catalog's own search for each query: a result is relevant when its
    heading matches one of the query's relevant headings (binary gain, each heading counted once)."""
    out = []
    for q in queries:
        relevant = q["relevant"]
        results = catalog.search(q["query"], limit=k)
        found, gains = set(), []
        for heading in results["heading"]:
            best = max(range(len(relevant)), key=lambda i: similar(relevant[i], heading), default=None)
            hit = best is not None and best not in found and similar(relevant[best], heading) >= MATCH
            if hit:
                found.add(best)
            gains.append(1.0 if hit else 0.0)
        dcg = sum(g / math.log2(i + 2) for i, g in enumerate(gains))
        ideal = sum(1 / math.log2(i + 2) for i in range(min(len(relevant), k)))
        out.append({"query": q["query"], "ndcg_at_10": dcg / ideal if ideal else 0.0,
                    "recall_at_10": len(found) / len(relevant) if relevant else 0.0,
                    "results": list(results["heading"])})
    return out


# -- where the input's text went (issue 8: nothing lost) --------------------------------------------
_HAN = re.compile(r"[\u4e00-\u9fff]")


def _han(texts) -> Counter:
    from .normalize.text import to_simplified

    out = Counter()
    for t in texts:
        if t:
            out.update(_HAN.findall(to_simplified(t)))
    return out


def landed_texts(parsed) -> list[str]:
    """Every string a parsed document keeps: titles, article texts, bulletin and page fields."""
    out = []
    for a in parsed.articles:
        out += [a.title, a.text, a.section or "", a.speaker or ""]
    b = parsed.bulletin
    if b is not None:
        out += [b.publication or "", b.issuer or "", *b.header, *b.footer]
        if b.editor_note is not None:
            out.append(b.editor_note.text)
        out += [x for items in b.distribution.values() for x in items]
    p = parsed.page
    if p is not None:
        out += [p.headline or "", p.original_title or "", p.channel or "", *p.neighbours, p.html_title or "",
                *p.header]
    out += [parsed.document.site_title or "", *parsed.document.site_notices, *parsed.contents, *parsed.front]
    return out


def coverage(raw, parsed) -> tuple[int, int, Counter]:
    """(Chinese characters of the input that land in titles, texts or fields; all of the input's;
    the characters that did not land). Counted as multisets after conversion to simplified script,
    so a character moved from one place to another still counts once."""
    given = _han([b.text for b in raw.blocks] + [d.text for d in raw.dropped])
    kept = _han(landed_texts(parsed))
    missing = given - kept
    total = sum(given.values())
    return total - sum(missing.values()), total, missing
