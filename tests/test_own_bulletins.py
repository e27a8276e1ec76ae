"""End to end on bulletins written for these tests (not the seeds): a contents list without page
numbers, 一、 and 一是 practices, （一）/1． trees, paired compound slogans, metrics; the catalog may sit
among its inputs."""
import pytest

from pipeline import Catalog

DYNAMICS = """组工动态

第 7 期

中共南平市委组织部

2023 年 3 月 15 日

本期目录

建阳区“四联四帮”助推乡村振兴

邵武市实施“青苗计划”储备年轻干部

建阳区“四联四帮”助推乡村振兴

今年以来，建阳区坚持以党建引领乡村振兴，创新实施“四联四帮”工作机制，推动机关党组织与村党组织结对共建，取得明显成效。

一、联组织帮班子。全区128个机关党组织与156个村党组织结对，每季度至少开展1次联合主题党日，帮助村级班子理清发展思路，累计帮助解决问题230余个。

二、联党员帮群众。组织3200余名机关党员到村报到，开展“敲门走访”活动，建立民情台账，收集群众诉求1800多条，办结率达96.5%。

三、联项目帮产业。围绕茶叶、竹木等特色产业，引进项目42个、总投资约8.6亿元，带动村集体经济增收1500万元以上。

四、联阵地帮服务。统筹机关活动场所与村党群服务中心共建共享，新建提升服务阵地35处，打造“15分钟便民服务圈”。

邵武市实施“青苗计划”储备年轻干部

邵武市聚焦年轻干部“选育管用”全链条，实施“青苗计划”，着力建设一支忠诚干净担当的高素质年轻干部队伍。一是拓宽来源精准选。通过专项调研、个别谈话等方式，摸排35岁以下优秀年轻干部186名，建立动态管理库。二是多岗历练实践育。选派58名年轻干部到乡村振兴、信访维稳等一线岗位墩苗锻炼，时间不少于2年。三是从严从实全程管。建立“一人一档”成长档案，实行季度跟踪、年度评估，对表现不佳的及时调整出库。四是大胆使用激励用。近两年来，从库中提拔重用年轻干部43名，其中进入乡镇领导班子27名。

报：省委组织部
送：市委常委
发：各县（市、区）委组织部
"""

EXCHANGE = """经验交流材料

坚持“三抓三促” 推动社区治理提质增效
——鼓楼区东街街道党工委

近年来，东街街道党工委坚持把党建引领贯穿社区治理全过程，探索形成“三抓三促”工作法，辖区群众满意度连续三年保持在95%以上。

（一）抓网格，促精细管理
1．划细网格单元。以300户左右为标准，将辖区划分为48个网格，每个网格配备1名专职网格员和若干名兼职网格员。
2．推动力量下沉。组织在职党员到网格报到，全年开展志愿服务2.3万人次。

（二）抓阵地，促服务提升
1．打造红色驿站。建成“红色驿站”12个，提供政策咨询、矛盾调解等服务事项20项。
2．推行错时服务。实行“早八晚八”错时延时服务机制，群众办事等候时间缩短40%。

（三）抓队伍，促能力增强
街道每年举办社区干部培训班不少于4期，选派优秀社区书记到先进地区跟班学习，培育“领头雁”15名。
"""


@pytest.fixture(scope="module")
def cat(tmp_path_factory):
    folder = tmp_path_factory.mktemp("issue")
    (folder / "dynamics.txt").write_text(DYNAMICS, encoding="utf-8")
    (folder / "exchange.txt").write_text(EXCHANGE, encoding="gb18030")
    # The catalog sits in the folder it ingests: its own files are not inputs, now or on a rerun.
    catalog = Catalog(folder / "catalog.db")
    report = catalog.ingest([folder])
    assert (report.count("ingested"), report.failures) == (2, [])
    again = catalog.ingest([folder])
    assert (again.count("ingested"), again.count("already"), again.failures) == (0, 2, [])
    yield catalog
    catalog.close()


def test_contents_list_without_page_numbers_is_not_articles(cat):
    articles = cat.articles()
    assert articles[articles.source == "dynamics.txt"].title.tolist() == [
        "建阳区“四联四帮”助推乡村振兴", "邵武市实施“青苗计划”储备年轻干部"]
    exchange = articles[articles.source == "exchange.txt"]
    assert exchange.title.tolist() == ["坚持“三抓三促” 推动社区治理提质增效——鼓楼区东街街道党工委"]
    assert articles.place.tolist() == ["建阳区", "邵武市", "鼓楼区"]


def test_practice_trees(cat):
    p = cat.practices()
    first = p[p.article == "建阳区“四联四帮”助推乡村振兴"]
    assert first.heading.tolist() == ["联组织帮班子", "联党员帮群众", "联项目帮产业", "联阵地帮服务"]
    second = p[p.article == "邵武市实施“青苗计划”储备年轻干部"]
    assert second.heading.tolist() == ["拓宽来源精准选", "多岗历练实践育", "从严从实全程管", "大胆使用激励用"]
    third = p[p.source == "exchange.txt"].reset_index(drop=True)
    # the last （三） heading line is not run into the paragraph under it
    assert third.heading.tolist() == ["抓网格，促精细管理", "划细网格单元", "推动力量下沉", "抓阵地，促服务提升",
                                      "打造红色驿站", "推行错时服务", "抓队伍，促能力增强"]
    assert third.level.tolist() == [1, 2, 2, 1, 2, 2, 1]
    by_id = dict(zip(third.id, third.heading))
    assert [by_id.get(i) for i in third.parent_id] == [None, "抓网格，促精细管理", "抓网格，促精细管理", None,
                                                       "抓阵地，促服务提升", "抓阵地，促服务提升", None]
    assert third.body.iloc[-1].startswith("街道每年举办社区干部培训班")


def test_compound_slogans_over_headings_that_pair_their_parts(cat):
    s = cat.slogans().set_index("text")
    assert s.loc["四联四帮", "components"] == ["联组织帮班子", "联党员帮群众", "联项目帮产业", "联阵地帮服务"]
    assert s.loc["四联四帮", "count"] == 4 and not s.loc["四联四帮", "count_mismatch"]
    # headings that each give one part of each half (抓A，促B) give the halves' parts, as the real pages'
    # gold does for 三个坚持三个着力 (issue 19); 联组织帮班子, one phrase, stays whole
    assert s.loc["三抓三促", "components"] == ["抓网格", "促精细管理", "抓阵地", "促服务提升", "抓队伍", "促能力增强"]


def test_metrics(cat):
    m = cat.metrics()
    arabic = m[m.written == "arabic"]
    got = {(r.text, r.value, r.unit, None if r.qualifier != r.qualifier else r.qualifier) for r in arabic.itertuples()}
    for expected in [("230余个", 230, "个", "余"), ("1800多条", 1800, "条", "多"), ("96.5%", 96.5, "%", None),
                     ("约8.6亿元", 8.6e8, "元", "约"), ("1500万元以上", 1.5e7, "元", "以上"),
                     ("300户左右", 300, "户", "左右"), ("2.3万人次", 23000, "人次", None)]:
        assert expected in got
    about = dict(zip(arabic.text, arabic.about))
    assert about["96.5%"] == "办结率" and about["48个"] == "网格"
    assert not any(t.startswith(("第", "7")) for t in arabic.text)  # the issue number is no metric
