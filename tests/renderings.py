"""Real text rendered, at test time, into the shapes staff meet it in (issue 8, item 9).

Each article of a seed and of a sample of news items is written out more ways: (a) a page saved
from a web site (navigation crumbs, the headline, a date/source/click-count line, a byline, half-width
punctuation, previous/next links), (b) traditional characters with pinyin after some of them, as
document-sharing sites print, (c) a PDF whose title is set in two centred lines in a larger font,
(d) a public account's repost, saved as a page or copied as text (account and time line, 关注 prompts,
a 往期推荐 list of other posts, 阅读原文), (e) a page whose headline is only in its <title>, (f) a
portal's page with lists of links beside and below the article and links inside its paragraphs.
Nothing here holds any of that text: it is read from ../shared at test time.
"""
from __future__ import annotations

import io
import random
import re
from pathlib import Path

from pipeline.process import process
from pipeline.ingest import read_bytes

from .fixtures import _escape

HALF = {"，": ",", "：": ":", "；": ";", "？": "?", "！": "!", "（": "(", "）": ")"}


def articles(path: Path) -> list[tuple[str, str]]:
    """(title, text) of each article of a document, as the pipeline reads the clean file."""
    parsed = process(read_bytes(path.read_bytes(), path.name, str(path)))
    return [(a.title, a.text) for a in parsed.articles]


def plain(title: str, text: str) -> bytes:
    return f"{title}\n\n{text}\n".encode("utf-8")


def web_page(title: str, text: str, seed: int = 0) -> bytes:
    rng = random.Random(seed)
    half = "".join(HALF.get(c, c) if rng.random() < 0.7 else c for c in text)
    day = f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d} {rng.randint(8, 20)}:{rng.randint(0, 59):02d}"
    paragraphs = "\n".join(f"<p>{_escape(p)}</p>" for p in half.split("\n\n") if p.strip())
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>{_escape(title)}_新闻中心</title>
<script>var pv = 1;</script></head><body>
<div class="crumbs">当前位置：<a href="/">首页</a> &gt; <a href="/news">新闻中心</a> &gt; 正文</div>
<div class="article">
<h1>{_escape(title)}</h1>
<div class="info">{"发布时间：" if seed % 2 else ""}{day}　来源：党建网　作者：办公室　点击数：{rng.randint(10, 9999)}</div>
<div class="font">【字号：大 中 小】</div>
<p>记者 郑明远 通讯员 何晓</p>
{paragraphs}
<div class="nav">上一篇：关于做好近期工作的通知</div>
<div class="nav">下一篇：工作动态简报</div>
<div>【打印本页】【关闭窗口】</div>
</div></body></html>""".encode("utf-8")


def traditional_with_pinyin(title: str, text: str, every: int = 9) -> bytes:
    """s2twp traditional script, and every ``every``-th Chinese character followed by its pinyin."""
    import opencc
    from pypinyin import Style, pinyin

    def annotate(s: str) -> str:
        out, n = [], 0
        for ch in s:
            out.append(ch)
            if "\u4e00" <= ch <= "\u9fff":
                n += 1
                if n % every == 0:
                    syllable = pinyin(ch, style=Style.TONE)[0][0]
                    if any(c in syllable for c in "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"):
                        out.append(f"({syllable})")
        return "".join(out)

    convert = opencc.OpenCC("s2t").convert
    return plain(annotate(convert(title)), annotate(convert(text)))


def pdf_two_line_title(title: str, text: str) -> bytes:
    """The title in two centred lines at 18 pt, the text below at 12 pt with first-line indents."""
    from reportlab.lib.enums import TA_CENTER
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    body = ParagraphStyle("body", fontName="STSong-Light", fontSize=12, leading=20, wordWrap="CJK",
                          firstLineIndent=24, spaceAfter=4)
    head = ParagraphStyle("head", parent=body, fontSize=18, leading=26, alignment=TA_CENTER, firstLineIndent=0,
                          spaceAfter=0)
    cut = _title_cut(title)
    story = [Paragraph(_escape(title[:cut]), head), Paragraph(_escape(title[cut:]), head), Spacer(1, 16)]
    story += [Paragraph(_escape(p), body) for p in text.split("\n\n") if p.strip()]
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=A4, topMargin=72, bottomMargin=72, leftMargin=72, rightMargin=72).build(story)
    return out.getvalue()


def _title_cut(title: str) -> int:
    """Where a typesetter breaks a title in two: at a space, a dash or a comma nearest the middle."""
    breaks = [m.end() for m in re.finditer(r"[\s——，,：:]+", title) if 2 <= m.end() <= len(title) - 2]
    return min(breaks, key=lambda i: abs(i - len(title) / 2)) if breaks else len(title) // 2


# A public account's repost: its furniture, and a list of its other posts whose titles hold numbered
# formulas of their own (which must not become the article's slogans).
ACCOUNTS = ["清风组工", "先锋南湖", "红色引擎", "组工e家"]
OTHER_POSTS = ["“四个一”激活村级议事新机制", "“三张清单”让基层减负落到实处", "全市召开组织工作会议",
               "“五个到位”抓实换届风气监督", "两新组织党建“三个覆盖”见行动"]


def _repost_lines(rng: random.Random) -> tuple[str, str, list[str]]:
    """The account, the line(s) under the headline, three other posts. The head is written the ways
    apps write it: 原创/转载, the account, the time and where it was posted from; the account and
    the time alone; or labelled fields parted by bars."""
    account = rng.choice(ACCOUNTS)
    when = f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d} {rng.randint(8, 20)}:{rng.randint(0, 59):02d}"
    meta = rng.choice([f"{rng.choice(['原创', '转载', '原创 办公室'])} {account} {when} "
                       f"发表于{rng.choice(['浙江', '北京', '江苏', '四川'])}",
                       f"{account}　{when}",
                       f"来源 | {account}　{when}\n文 | 张三　图 | 李四"])
    return account, meta, rng.sample(OTHER_POSTS, 3)


CAPTION = "图为党员志愿者在项目工地开展服务"


def _with_captions(text: str, mark: str) -> list[str]:
    """The text's paragraphs with a photo's caption after every third one, as posts set pictures."""
    out = []
    for k, p in enumerate(q for q in text.split("\n\n") if q.strip()):
        out.append(p)
        if k % 3 == 2:
            out.append(mark.format(CAPTION))
    return out


def repost_page(title: str, text: str, seed: int = 0) -> bytes:
    """A post saved from a public account's page: account and time line, 点击蓝字关注, the text in
    styled spans with captioned photos, source and editor lines, 往期推荐 with links to other posts,
    阅读原文."""
    account, meta, others = _repost_lines(random.Random(seed))
    paragraphs = "\n".join(f'<p><span style="font-size:15px">{_escape(p)}</span></p>'
                           for p in _with_captions(text, "▲{}"))
    links = "\n".join(f"<p><a href=\"#\">{_escape(t)}</a></p>" for t in others)
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>{_escape(title)}</title></head><body>
<div id="page-content"><div class="rich_media_area_primary">
<h1 class="rich_media_title">{_escape(title)}</h1>
{"".join(f'<div class="rich_media_meta_list">{_escape(line)}</div>' for line in meta.split(chr(10)))}
<div class="rich_media_content">
<p style="text-align:center"><span>点击蓝字 关注我们</span></p>
{paragraphs}
<p>来源：{account}</p><p>编辑：王小明　审核：李华</p>
<p><strong>往期推荐</strong></p>
{links}
</div>
<div>阅读原文</div><div>分享 收藏 点赞 在看</div>
</div></div></body></html>""".encode("utf-8")


def repost_text(title: str, text: str, seed: int = 0) -> bytes:
    """The same post copied from a phone into a text file: the furniture as lines of text."""
    account, meta, others = _repost_lines(random.Random(seed))
    text = "\n\n".join(_with_captions(text, "（{}）"))
    return "\n".join([title, meta, "点击上方蓝字关注我们", "", text, "", f"来源：{account}", "编辑：王小明　审核：李华",
                      "往期推荐", *others, "阅读原文", "分享　收藏　点赞　在看", ""]).encode("utf-8")


def page_titled_in_head(title: str, text: str, seed: int = 0) -> bytes:
    """A page whose headline is only in the window's title, after which the site names itself
    (标题_某某网, 标题 | 某某网, 标题 - 某某网); the body opens with the text."""
    site = ["_清风组工网", " | 先锋网", " - 组工在线"][seed % 3]
    paragraphs = "\n".join(f"<p>{_escape(p)}</p>" for p in text.split("\n\n") if p.strip())
    return f"""<html><head><meta charset="utf-8"><title>{_escape(title)}{_escape(site)}</title></head>
<body><div class="content">{paragraphs}</div></body></html>""".encode("utf-8")


def portal_page(title: str, text: str, seed: int = 0) -> bytes:
    """A government portal's article page: lists of links beside and below the article (热点文章,
    相关新闻; titles with formulas of their own), in containers no class names as navigation, and
    links inside the article's own paragraphs."""
    rng = random.Random(seed)

    def links(label: str) -> str:
        items = "".join(f'<li><a href="#">{_escape(t)}</a></li>' for t in rng.sample(OTHER_POSTS, 4))
        return f'<div class="{rng.choice(["right", "box", "list"])}"><h3>{label}</h3><ul>{items}</ul></div>'

    paragraphs = []
    for k, p in enumerate(q for q in text.split("\n\n") if q.strip()):
        # the first words of some paragraphs link elsewhere, as portals link names and terms
        paragraphs.append(f'<p><a href="#">{_escape(p[:4])}</a>{_escape(p[4:])}</p>' if k % 3 == 1 and len(p) > 40
                          else f"<p>{_escape(p)}</p>")
    return f"""<html><head><meta charset="utf-8"><title>{_escape(title)}</title></head><body>
<div class="top">{links("热点文章")}</div>
<div class="main"><h1>{_escape(title)}</h1><div class="info">发布时间：2024-03-05　来源：组织部</div>
<div class="content">{"".join(paragraphs)}</div></div>
{links("相关新闻")}</body></html>""".encode("utf-8")


# name → (render(title, text[, seed]), file name, whether it takes a seed)
RENDERINGS = {"web page": (web_page, "page.html", True),
              "traditional with pinyin": (traditional_with_pinyin, "page.txt", False),
              "pdf with a two-line title": (pdf_two_line_title, "page.pdf", False),
              "public-account repost page": (repost_page, "post.html", True),
              "public-account repost as text": (repost_text, "post.txt", True),
              "page titled only in its window title": (page_titled_in_head, "page.html", True),
              "portal page with lists of links": (portal_page, "page.html", True)}


def extraction(data: bytes, name: str) -> dict:
    """What a staffer checks of a one-article document: title, place, slogans with parts, metrics,
    the practices' headings."""
    parsed = process(read_bytes(data, name, name))
    first = parsed.articles[0]
    place = first.place
    return {
        "title": re.sub(r"\s+", "", first.title),
        "place": place and (place.province, place.city, place.county),
        "slogans": sorted((s.text, tuple(s.components or ())) for s in parsed.slogans),
        "metrics": sorted((round(m.value if not isinstance(m.value, tuple) else m.value[0], 6), m.unit,
                           m.qualifier or "") for m in parsed.metrics),
        "practices": [re.sub(r"\s+", "", p.heading) for p in first.practices],
    }
