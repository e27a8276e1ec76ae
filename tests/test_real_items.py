"""Issue 18: real web items become experiences: headline, place, date and practices.

Every text here is written for the test in the shapes real saved pages take (site furniture above
the headline, a date line and authors under it, a lead, measure paragraphs, a results paragraph);
none is copied from ../shared. The last test reads ../shared/real-pages and holds the floors.
"""
import pytest

from pipeline.ingest import read_bytes
from pipeline.process import process

from .conftest import CORPORA, SHARED


def parse_text(text: str, name: str = "item.txt"):
    return process(read_bytes(text.encode("utf-8"), name, name))


MEASURES = (
    "建立联户走访机制。全县干部每月走访联系户一次，记录群众诉求，建立问题台账并限时办结。\n\n"
    "推行积分管理办法。对村干部履职情况按月计分，积分结果与绩效报酬挂钩，每季度公开晾晒一次。\n\n"
    "搭建议事协商平台。在每个村设立议事会，由党员代表和村民代表共同商议公共事务，全年议事200余次。\n\n"
)
PAGE = (
    "清河在线——全县新闻门户网站\n"
    "清河日报 数字报纸\n"
    "03版：基层传真\n"
    "平原县“三项机制”激活基层治理\n"
    "2023-06-18 09:30 来源：县委组织部\n"
    "王立新 赵小明\n\n"
    "今年以来，山东省德州市平原县聚焦基层治理难点，探索推行“三项机制”，取得了明显成效。\n\n"
    + MEASURES +
    "截至目前，全县共解决群众诉求1300余件，群众满意度明显提升。\n"
)


def test_the_headline_is_chosen_among_the_site_furniture():
    parsed = parse_text(PAGE)
    [article] = parsed.articles
    assert article.title == "平原县“三项机制”激活基层治理"
    assert parsed.page is not None and parsed.page.date == "2023-06-18"
    assert article.date == "2023-06-18"
    # the furniture stays with the page's head as written, nothing of it in the article
    assert any("数字报纸" in line for line in parsed.page.header)
    assert "数字报纸" not in article.text and "王立新" not in article.text


def test_furniture_patterns_are_editable_and_do_not_catch_headlines():
    from pipeline.normalize.blocks import furniture_rule

    rule = furniture_rule()
    for line in ("某某网 打印 纠错", "收听本文 00:00/03:12", "（资料图）", "某某日报 数字报纸", "《某某组工》",
                 "www.example.gov.cn", "1 1 1", "□李某某", "活动现场（张三 摄）", "某刊 2021年第5期"):
        assert rule.fullmatch(line), line
    for line in ("织密一张网 服务千万家", "分享经验 共促发展", "某县“三项机制”激活基层治理", "新时代 新征程 新作为"):
        assert not rule.fullmatch(line), line


def test_a_subtitle_is_joined_and_a_region_tag_kept():
    text = ("某某网 打印 纠错\n"
            "【山东】平原县推行联户走访\n"
            "2023-06-18 来源：县委组织部\n\n"
            "今年以来，平原县推行联户走访机制，干部每月走访一次联系户，记录群众诉求并限时办结。\n")
    [article] = parse_text(text).articles
    assert article.title == "【山东】平原县推行联户走访"  # a region tag is part of the headline
    assert article.section is None and article.place.county == "平原县"
    text = ("手机版\n街巷吹哨 部门报到\n——某市以党建引领破解治理难题\n某某网 打印 纠错\n\n"
            "近年来，某市以党建引领城市治理，推动部门力量下沉，问题在一线解决。\n")
    [article] = parse_text(text).articles
    assert article.title == "街巷吹哨 部门报到——某市以党建引领破解治理难题"


def test_a_text_without_a_headline_gets_none_and_keeps_its_lead():
    text = ("（通讯员 王某）平原县坚持把基层组织建设作为基础工程，探索推行“三项机制”，不断提升基层治理水平。\n\n"
            + MEASURES)
    parsed = parse_text(text)
    [article] = parsed.articles
    assert article.title == ""  # never the first sentence
    assert parsed.front == []
    assert article.text.startswith("（通讯员 王某）平原县")  # the lead stays in the article
    assert article.place.county == "平原县"


def test_narrative_items_get_one_practice_per_measure():
    [article] = parse_text(PAGE).articles
    headings = [p.heading for p in article.practices]
    assert headings == ["建立联户走访机制", "推行积分管理办法", "搭建议事协商平台"]
    assert all(p.enumerator == "narrative" and p.level == 1 for p in article.practices)
    assert article.practices[1].body.startswith("对村干部履职情况按月计分")
    # the lead and the closing results stay in the article, as no practice
    assert not any("截至目前" in p.heading or "今年以来" in p.heading for p in article.practices)


def test_runs_of_paragraphs_under_short_heading_lines_are_practices():
    text = ("某某组工网首页 > 正文\n平原县探索“双线”工作法\n来源：县委组织部 2023-05-06\n\n"
            "近年来，平原县坚持党建引领，推动乡村振兴和基层治理双线并进，形成了一批可复制的经验。\n\n"
            "党建引领 把支部建在产业上\n\n"
            "全县依托特色产业建立产业党支部12个，组织党员技术骨干结对帮带农户，带动群众增收。\n\n"
            "该县还整合涉农资金，建设农产品加工车间，吸纳周边群众就近就业。\n\n"
            "头雁带动 把党员聚在岗位上\n\n"
            "选派优秀年轻干部到村任职，开展村干部轮训，每年组织集中培训两次。\n")
    [article] = parse_text(text).articles
    assert [p.heading for p in article.practices] == ["党建引领 把支部建在产业上", "头雁带动 把党员聚在岗位上"]
    assert "加工车间" in article.practices[0].body


def test_outlined_items_keep_their_trees():
    text = ("平原县推行“三项机制”\n\n近年来，平原县推行“三项机制”。\n\n"
            "一、建立走访机制。干部每月走访联系户。\n\n二、推行积分管理。积分与报酬挂钩。\n")
    [article] = parse_text(text).articles
    assert [(p.heading, p.enumerator) for p in article.practices] == [("建立走访机制", "cn_dun"),
                                                                       ("推行积分管理", "cn_dun")]


@pytest.mark.parametrize("title, body, expected", [
    # the title names the city, the lead the county under it: the county is the actor
    ("德州：党旗在田间地头飘扬", "迈入新阶段，基层党建工作如何抓？\n\n今年以来，平原县创新实施“三项工程”，推动基层党组织全面进步。"
     "平原县各乡镇积极响应。", ("山东省", "德州市", "平原县")),
    # no place in the title or the first sentence: the lead's second sentence names it
    ("让人才蓄水池蓄足动力", "人才兴则事业旺。近年来，六盘水市高度重视人才工作，推动人才工作迈上新台阶。\n\n"
     "六盘水市坚持党管人才原则，统筹推进人才强市战略。", ("贵州省", "六盘水市", None)),
    # a district renamed after the gazetteer's data, named with its city
    ("容错纠错激发干事活力", "今年初，成都市郫都区审计局在审计中发现一起问题。郫都区纪委介入调查。", ("四川省", "成都市", "郫都区")),
])
def test_the_place_is_weighed_over_the_whole_item(title, body, expected):
    [article] = parse_text(f"{title}\n\n{body}\n").articles
    place = article.place
    assert place is not None and (place.province, place.city, place.county) == expected


def test_a_street_named_after_a_province_is_no_place_and_our_city_is_the_one_named():
    from pipeline.parse.places import gazetteer

    assert [p.name for _, p in gazetteer().places("天津市河西区南京路街道和江苏路社区", None)] == ["天津市", "河西区"]
    text = ("近日，我市城关镇的丰城市某某实业有限公司成立了党支部，这是我市非公党建的新成果。\n\n"
            "近年来，我市全面推进非公企业党的组织建设，扎实开展党建指导员选派工作。\n")
    [article] = parse_text(text).articles
    assert article.place is not None and article.place.county == "丰城市"
    # two cities named beside 我市: no guess
    text = "近日，我市与南昌市、九江市签订合作协议，共建人才驿站。\n\n我市还推行人才积分管理办法。\n"
    [article] = parse_text(text).articles
    assert article.place is None


def test_national_news_is_not_placed_by_what_it_names_in_passing():
    text = ("全国秋粮收购有序推进\n\n记者从有关部门获悉，今年秋粮收购工作有序推进，收购进度快于去年同期。"
            "在河南、山东等主产区，收购网点普遍开秤。河南周口市设立收购网点200余个。\n")
    [article] = parse_text(text).articles
    assert article.place is None


def test_a_transcript_day_dates_its_items_and_is_no_bulletin():
    text = ("# 《晚间新闻》 (20240822)\n\n## 新闻摘要\n\n1.某地推进秋粮收购；\n\n2.第九届某某博览会开幕；\n\n"
            "## 详细新闻\n\n### 某地推进秋粮收购\n\n本台消息（晚间新闻）：记者从有关部门获悉，各地秋粮收购有序推进，"
            "收购进度快于去年同期。\n\n### 第九届某某博览会开幕\n\n本台消息（晚间新闻）：第九届某某博览会今天开幕，"
            "来自多个国家和地区的企业参展。\n")
    parsed = parse_text(text, "20240822.md")
    assert parsed.bulletin is None
    assert parsed.page is not None and parsed.page.site == "晚间新闻"  # its items' publication
    assert parsed.articles and all(a.date == "2024-08-22" for a in parsed.articles)
    assert all(a.kind == "news" and not any(p.enumerator == "narrative" for p in a.practices)
               for a in parsed.articles)


def test_articles_carry_their_date_in_the_catalog_and_export(tmp_path):
    from pipeline import Catalog

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "page.txt").write_text(PAGE, encoding="utf-8")
    cat = Catalog(tmp_path / "c.db")
    try:
        cat.ingest([folder])
        articles = cat.articles()
        assert list(articles["date"]) == ["2023-06-18"]
        assert set(cat.practices()["date"]) == {"2023-06-18"}
    finally:
        cat.close()


def test_head_lines_are_not_joined_to_the_headline():
    from pipeline.normalize import normalize

    text = "平原县推行联户走访\n2023-06-18 09:30 | 来源：县委组织部\n王立新 赵小明\n\n今年以来，平原县推行联户走访。\n"
    blocks = [b.text for b in normalize(read_bytes(text.encode(), "a.txt", "a.txt")).blocks]
    assert blocks[:3] == ["平原县推行联户走访", "2023-06-18 09:30 | 来源：县委组织部", "王立新 赵小明"]


def test_news_transcript_days_are_dated_and_never_bulletins():
    days = sorted((CORPORA / "xwlb").glob("*.md"))[::70]  # 21 days across the corpus
    for day in days:
        parsed = process(read_bytes(day.read_bytes(), day.name, str(day)))
        iso = f"{day.stem[:4]}-{day.stem[4:6]}-{day.stem[6:8]}"
        assert parsed.bulletin is None, day.name
        assert parsed.articles and all(a.date == iso for a in parsed.articles), day.name


# Issue 18's acceptance floors on the 44 hand-annotated real pages, at what this change reaches
# (measured: title 1.000, place 0.955, practice coverage 1.000).
PAGE_FLOORS = {"page_title_accuracy": 0.95, "page_place_accuracy": 0.95, "page_practice_coverage": 0.97}
# Issue 19's (slogan parts and metrics on real text), measured 0.927 / 0.846 / 0.909 / 0.985; the
# slogan floor raised when unquoted national formulas and quoted compounds naming a system came (0.944).
PAGE_FLOORS.update({"page_slogan_f1": 0.93, "page_component_count_accuracy": 0.75, "page_component_precision": 0.85,
                    "page_metric_f1": 0.96})


def test_real_pages_meet_the_floors():
    from pipeline.evaluation import evaluate_pages

    result = evaluate_pages(SHARED / "real-pages")
    assert not result["failures"]
    for measure, floor in PAGE_FLOORS.items():
        assert result["overall"][measure] >= floor, (measure, result["overall"][measure])


def test_a_speech_keeps_its_speaker_beside_news_and_experience_kinds():
    text = ("王某某同志在全县组织工作会议上的讲话\n\n同志们：今天召开全县组织工作会议，主要任务是总结工作、部署任务。\n\n"
            "平原县推行联户走访\n\n今年以来，平原县推行联户走访机制，干部每月走访一次联系户，记录群众诉求并限时办结。\n")
    speech, item = parse_text(text).articles
    assert (speech.kind, speech.speaker) == ("speech", "王某某")
    assert (item.kind, item.speaker) == ("experience", None)
