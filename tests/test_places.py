"""Places (issue 8): the actor an article reports on, from its title, dateline or opening sentence.
Own sentences; the gazetteer is cpca's division table with short names and renamings."""
import pytest

from pipeline.parse.articles import locate
from pipeline.parse.places import gazetteer
from pipeline.records import Article, Block, Place


def place_of(title: str, body: str, context: Place | None = None, document_place: Place | None = None):
    article = Article(seq=0, title=title, blocks=[Block(body)])
    p = locate(article, context, document_place)
    return None if p is None else (p.name, p.county, p.city, p.province)


@pytest.mark.parametrize("title, body, expected", [
    # short names stand for the division, in the title
    ("王某在江西调研", "他先后来到南昌市、赣州市。", ("江西省", None, None, "江西省")),
    ("2024年宁夏政府工作报告", "过去一年，全区上下……", ("宁夏回族自治区", None, None, "宁夏回族自治区")),
    ("苏州推行“三联”工作法", "近年来，苏州市……", ("苏州市", None, "苏州市", "江苏省")),
    # the most specific division named, with its city and province filled in
    ("河南省兰考县立足产业抓党建", "兰考县……", ("兰考县", "兰考县", "开封市", "河南省")),
    # a county's short name counts after its province or city
    ("浙江嘉善探索“红色物业”", "近年来……", ("嘉善县", "嘉善县", "嘉兴市", "浙江省")),
    # a renamed division resolves to today's name
    ("潜山县推行网格化管理", "近年来……", ("潜山市", "潜山市", "安庆市", "安徽省")),
    # no place in the title: the opening sentence's actor, after a news lead-in
    ("强化党建引领 破解治理难题", "新华社讯（记者 某某）山东省临沂市兰山区近年来探索……",
     ("兰山区", "兰山区", "临沂市", "山东省")),
    # a town named after its county is a fourth level, its county, city and province filled in
    ("强化党建引领 破解治理难题", "河南省兰考县东坝头镇近年来探索……", ("东坝头镇", "兰考县", "开封市", "河南省")),
    # a venue is not an actor
    ("全国性会议召开", "某某会议12日在北京举行。会议指出……", None),
    # places in many provinces: no single actor
    ("各地推进春耕生产", "在吉林，……；在湖南，……。", None),
    # anonymised places give nothing, never a guess
    ("XX县推行“三单”制度", "我县在全县推行……", None),
    # inside another word a short name is not a place
    ("中山大学举办论坛", "论坛邀请多位专家。", None),
])
def test_article_place(title, body, expected):
    assert place_of(title, body) == expected


def test_no_place_falls_back_to_the_document_then_the_issuer():
    issuer = Place(name="衢州市", province="浙江省", city="衢州市")
    report = Place(name="福建省", province="福建省")
    assert place_of("强化基层治理", "全面推进……", issuer) == ("衢州市", None, "衢州市", "浙江省")
    assert place_of("强化基层治理", "全面推进……", issuer, report) == ("福建省", None, None, "福建省")
    assert place_of("XX县推行新机制", "我县……", issuer) == ("衢州市", None, "衢州市", "浙江省")


def test_ambiguous_short_district_names_need_their_city():
    gaz = gazetteer()
    assert gaz.find("东城新区建设") == []  # 东城 is a district of 北京 and a word elsewhere
    assert gaz.resolve("北京东城推进接诉即办") is not None
    assert gaz.resolve("北京东城推进接诉即办").county == "东城区"


def test_chained_names_and_words_across_them():
    gaz = gazetteer()
    assert [n for _, _, n in gaz.find("江苏南京")] == ["江苏", "南京"]  # 苏南 inside is no reason to refuse
    assert gaz.find("大同小异") == []
