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
    # a renamed division: under the name the text uses (an old item keeps the old name, as the
    # hand-annotated real pages file it), the new name found although the gazetteer predates it
    ("潜山县推行网格化管理", "近年来……", ("潜山县", "潜山县", "安庆市", "安徽省")),
    ("潜山市推行网格化管理", "近年来……", ("潜山市", "潜山市", "安庆市", "安徽省")),
    ("成都市郫都区推行网格化管理", "近年来……", ("郫都区", "郫都区", "成都市", "四川省")),
    # no place in the title: the opening sentence's actor, after a news lead-in
    ("强化党建引领 破解治理难题", "新华社讯（记者 某某）山东省临沂市兰山区近年来探索……",
     ("兰山区", "兰山区", "临沂市", "山东省")),
    # a town named after its county is a fourth level, its county, city and province filled in
    ("强化党建引领 破解治理难题", "河南省兰考县东坝头镇近年来探索……", ("东坝头镇", "兰考县", "开封市", "河南省")),
    # a county's item whose first sentence opens with one town of it is about that town
    ("平江县：“三访三问”架起连心桥", "近日，平江县三市镇全面推行“三访三问”工作法……", ("三市镇", "平江县", "岳阳市", "湖南省")),
    ("平江县推进乡村振兴", "近日，平江县三市镇、长寿镇联合开展活动……", ("平江县", "平江县", "岳阳市", "湖南省")),
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


@pytest.mark.parametrize("title, body, city", [
    # a district name several cities have, in the title: the city the opening names decides
    ("朝阳区深化接诉即办改革", "近日，北京市朝阳区召开基层治理推进会……", "北京市"),
    ("朝阳区深化接诉即办改革", "近日，长春市朝阳区召开基层治理推进会……", "长春市"),
    ("鼓楼区打造红色物业", "今年以来，福州鼓楼坚持党建引领……", "福州市"),
])
def test_an_ambiguous_name_in_the_title_is_the_one_the_opening_places(title, body, city):
    assert place_of(title, body)[2] == city


def test_a_page_source_line_places_an_ambiguous_headline(tmp_path):
    from pipeline.ingest import read_bytes
    from pipeline.process import process

    for source, city in (("南京市委组织部", "南京市"), ("徐州市委组织部", "徐州市")):
        doc = f"鼓楼区推行“三单”服务机制\n\n来源：{source}　发布时间：2024-03-02\n\n今年以来，全区推行服务清单、需求清单、项目清单，群众满意度明显提升。\n"
        [article] = process(read_bytes(doc.encode(), "a.txt", "a.txt")).articles
        assert (article.place.county, article.place.city) == ("鼓楼区", city)


@pytest.mark.parametrize("written, city", [
    ("黔东南州", "黔东南苗族侗族自治州"), ("恩施州", "恩施土家族苗族自治州"), ("延边州", "延边朝鲜族自治州"),
])
def test_an_autonomous_prefecture_by_its_short_name_and_zhou(written, city):
    place = gazetteer().resolve(f"{written}推行“寨管家”模式")
    assert place is not None and place.city == city and place.county is None


def test_a_column_label_before_a_headline_is_its_section():
    from pipeline.ingest import read_bytes
    from pipeline.process import process

    doc = "【组工动态】平江县：“三访三问”架起连心桥\n\n近日，平江县全面推行“三访三问”工作法，着力解决群众急难愁盼问题，收效明显。\n"
    [article] = process(read_bytes(doc.encode(), "a.txt", "a.txt")).articles
    assert article.title.startswith("平江县：") and article.section == "组工动态"
    assert article.place.county == "平江县"



def test_an_exchange_material_signed_under_its_title_is_placed_by_the_signer():
    """——中共某县委组织部 under a title is joined to it, as any subtitle (gold: main title and
    subtitle joined by ——), and places a text that says only 我们 and 全县."""
    from pipeline.ingest import read_bytes
    from pipeline.process import process

    doc = ("强化党建引领 激活发展动能\n——中共平江县委组织部\n\n近年来，我们坚持以党建引领乡村振兴，"
           "全县村集体经济收入全部达到10万元以上。\n\n一、主要做法\n\n（一）建强班子。选优配强村党组织书记。\n")
    [article] = process(read_bytes(doc.encode(), "a.txt", "a.txt")).articles
    assert article.title == "强化党建引领 激活发展动能——中共平江县委组织部"
    assert article.place.county == "平江县"


def test_contributors_and_signatures_place_the_items_they_sign():
    """An issue's items each closed by the unit that supplied it (（某县委组织部供稿）, （供稿：…）) are
    placed by it where their own words name no place; the masthead's issuer shares its line with
    the date; a text signed by a unit and a date ends there (the signature opens no article)."""
    from pipeline.ingest import read_bytes
    from pipeline.process import process

    issue = ("组工信息\n第5期\n中共永州市委组织部编                2024年3月8日\n\n“三个一批”锻造后备力量\n\n"
             "今年以来，我们坚持把后备力量建设作为基础工程来抓，储备后备力量560名。\n（宁远县委组织部供稿）\n\n"
             "“四个到位”抓实党员教育\n\n全县坚持思想到位、责任到位、措施到位、保障到位，培训党员3200人次。\n"
             "（供稿：祁阳市委组织部）\n\n“两个清单”压实责任\n\n各地建立责任清单、任务清单，逐项抓好落实。\n")
    parsed = process(read_bytes(issue.encode(), "a.txt", "a.txt"))
    assert parsed.bulletin.issuer == "中共永州市委组织部" and parsed.bulletin.region.city == "永州市"
    places = [(a.place.county, a.place.city) for a in parsed.articles]
    # 祁阳 became a city after the gazetteer's data: today's name, the county it continues
    assert places == [("宁远县", "永州市"), ("祁阳市", "永州市"), (None, "永州市")]
    assert all("供稿" not in a.title for a in parsed.articles)

    signed = "后备力量建设的实践与思考\n\n近年来，全县上下坚持把后备力量建设作为基础工程来抓。\n\n双牌县委组织部\n2024年5月10日\n"
    parsed = process(read_bytes(signed.encode(), "b.txt", "b.txt"))
    [article] = parsed.articles
    assert parsed.bulletin is None and article.place.county == "双牌县"
    assert article.text.endswith("2024年5月10日")  # the signature stays in the text it signs


@pytest.mark.parametrize("text, expected", [
    ("祁阳市推行积分制管理", ("祁阳市", "祁阳县")),  # 县 → 市 after the data: today's name, the county it was
    ("宁乡市委组织部", ("宁乡市", "宁乡县")),
    ("和平市场繁荣兴旺", None),  # 和平县 → "和平市" would be a market here
    ("高标准建设雄安新区", None),  # not 安新县 → "安新区" inside 雄安新区
])
def test_counties_renamed_after_the_data(text, expected):
    place = gazetteer().resolve(text)
    assert (place and (place.county, place.former)) == expected


def test_a_province_named_by_its_short_name_stays_the_province():
    # the body names the city of the same name; the title's 吉林 is still the province
    assert place_of("吉林：冰雪经济释放热效应", "近日，吉林市北大湖滑雪场迎来客流高峰……")[3] == "吉林省"
    assert place_of("吉林：冰雪经济释放热效应", "近日，吉林市北大湖滑雪场迎来客流高峰……")[2] is None


def test_a_page_is_placed_by_its_own_account_of_where_it_comes_from():
    """A county site's page whose headline and text name no place: its 供稿 line, else its window
    title's site name, places it."""
    from pipeline.ingest import read_bytes
    from pipeline.process import process

    body = ("<h1>“三个到位”抓实党员教育</h1><div>发布时间：2024-03-08 10:21　来源：市委组织部</div>"
            "<p>今年以来，全市坚持思想到位、责任到位、措施到位，扎实推进党员教育培训。</p><p>一是思想到位。召开专题会议4次。</p>")
    for head, tail, county in (("<title>“三个到位”抓实党员教育_祁阳市人民政府</title>", "", "祁阳市"),
                               ("<title>“三个到位”抓实党员教育</title>", "<p>（供稿：宁远县委组织部）</p>", "宁远县")):
        html = f"<html><head>{head}</head><body>{body}{tail}</body></html>"
        [article] = process(read_bytes(html.encode(), "p.html", "p.html")).articles
        assert article.place is not None and article.place.county == county


@pytest.mark.parametrize("account, expected", [
    ("宁远组工", ("宁远县", "永州市")),  # one division of that name
    ("长沙发布", (None, "长沙市")),  # a city and a county of that name: the city
    ("鼓楼组工", None),  # four districts of that name: no guess
    ("清风组工", None),  # no division
])
def test_a_repost_saying_only_我县_is_placed_by_an_account_named_after_its_division(account, expected):
    from pipeline.ingest import read_bytes
    from pipeline.process import process

    doc = (f"“三访三问”架起连心桥\n原创 {account} 2024-03-05 08:30 发表于湖南\n\n"
           "近日，我县全面推行“三访三问”工作法，着力解决群众急难愁盼问题，收效明显。\n")
    [article] = process(read_bytes(doc.encode(), "post.txt", "post.txt")).articles
    assert (article.place and (article.place.county, article.place.city)) == expected
