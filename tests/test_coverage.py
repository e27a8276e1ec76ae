"""Issue 8, item 2: nothing lost. Of the input's Chinese characters, at least 99.5% land in titles,
article texts or fields (bulletin, page and document fields); the rest is on record as dropped, with
its reason. Measured over each corpus as a whole, the parse stages only (extraction adds no text)."""
from collections import Counter

import pytest

from pipeline.evaluation import coverage
from pipeline.ingest import read_bytes
from pipeline.normalize import normalize
from pipeline.parse import NoArticle, parse

from .conftest import CORPORA, SEED_FILES
from .renderings import RENDERINGS, articles

FLOOR = 0.995


def measure(documents) -> tuple[float, Counter, Counter]:
    """Share landed over (name, bytes) documents; the characters that did not; the drop reasons."""
    landed = total = 0
    missing, reasons = Counter(), Counter()
    for name, data in documents:
        raw = read_bytes(data, name, name)
        try:
            parsed = parse(normalize(raw))
        except NoArticle:
            continue  # a file with no Chinese text to speak of (a LICENSE) fails the ingest instead
        got, of, lost = coverage(raw, parsed)
        landed, total = landed + got, total + of
        missing += lost
        reasons.update(d.reason for d in parsed.document.dropped + parsed.dropped)
    return landed / total, missing, reasons


def files(folder):
    return [(p.name, p.read_bytes()) for p in sorted(folder.iterdir()) if p.is_file()]


@pytest.mark.parametrize("corpus", ["seeds", "gov-reports-2025", "xwlb"])
def test_chinese_text_lands_in_titles_texts_or_fields(corpus):
    folder = SEED_FILES[0].parent if corpus == "seeds" else CORPORA / corpus
    share, missing, reasons = measure(files(folder))
    assert share >= FLOOR, (share, missing.most_common(20), reasons)
    assert set(reasons) <= {"boilerplate", "navigation"}, reasons


REPOSTS = {"public-account repost page", "public-account repost as text"}


def test_renderings_land_too():
    docs = []
    for seed in SEED_FILES:
        for n, (title, text) in enumerate(articles(seed)):
            for kind, (render, filename, seeded) in RENDERINGS.items():
                if kind not in REPOSTS:  # below: their furniture is a tenth of a short post, checked exactly
                    docs.append((filename, render(title, text, n) if seeded else render(title, text)))
    share, missing, reasons = measure(docs)
    assert share >= FLOOR, (share, missing.most_common(20), reasons)


def test_a_repost_loses_nothing_but_its_furniture():
    """Every character of a reposted article lands; what does not is the account's furniture (关注
    prompts, 阅读原文, the share bar) and its photos' captions, on record with their reasons."""
    from pipeline.evaluation import _han

    from .renderings import CAPTION

    furniture = _han(["点击蓝字关注我们", "点击上方蓝字关注我们", "阅读原文", "分享收藏点赞在看"] + [CAPTION] * 20)
    for seed in SEED_FILES:
        for n, (title, text) in enumerate(articles(seed)):
            for kind in REPOSTS:
                render, filename, _ = RENDERINGS[kind]
                share, missing, reasons = measure([(filename, render(title, text, n))])
                assert not missing - furniture, (kind, seed.name, missing - furniture)
                assert set(reasons) <= {"navigation", "related links", "photo caption"}, reasons


def test_what_is_dropped_is_on_record_with_its_reason(catalog, tmp_path):
    from .renderings import web_page

    title, text = articles(SEED_FILES[0])[0]
    page = tmp_path / "page.html"
    page.write_bytes(web_page(title, text, 3))
    catalog.ingest([page])
    dropped = catalog.dropped()
    assert not dropped.empty and set(dropped["reason"]) <= {"navigation", "boilerplate"}
    assert dropped["text"].str.contains("打印").any()
    pages = catalog.pages()
    assert pages.loc[0, "channel"] and len(pages.loc[0, "neighbours"]) == 2
