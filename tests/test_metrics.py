"""Metric forms: values in base units, units, qualifiers, ranges, rates; what is not a metric (own examples)."""
import pytest

from pipeline.extract.metrics import MetricFinder


@pytest.fixture(scope="module")
def finder():
    return MetricFinder()


def one(finder, text):
    found = [m for m in finder(text) if m.written == "arabic"]
    assert len(found) == 1, [(m.text, m.value, m.unit) for m in found]
    return found[0]


@pytest.mark.parametrize("text, value, unit, qualifier", [
    ("审批时限缩短至3个工作日。", 3, "工作日", None),  # a span of working days, not 3 个
    ("服务热线24个小时在线。", 24, "小时", None),
    ("全村共有党员 57 名。", 57, "名", None),
    ("新建活动阵地12处。", 12, "处", None),
    ("开展宣讲活动超 260 场次。", 260, "场次", "超"),
    ("年出栏生猪1.5万头。", 15000, "头", None),
    ("全年发电量 3.2 亿千瓦时。", 3.2e8, "千瓦时", None),
    ("流转土地2.5万亩。", 25000, "亩", None),  # 万 multiplied out
    ("争取项目资金 1.2 亿元。", 120000000, "元", None),  # 亿
    ("修复河道 3千米。", 3000, "米", None),  # 千米 → 米
    ("村集体增收 30 余万元。", 300000, "元", "余"),  # 余 between number and 万
    ("带动 2万余名群众。", 20000, "名", "余"),  # 余 after 万
    ("收集意见 300 多条。", 300, "条", "多"),
    ("覆盖近 900 户。", 900, "户", "近"),
    ("总投资超 5 亿元。", 500000000, "元", "超"),
    ("投资约 60 万元。", 600000, "元", "约"),
    ("培训党员 1000 人以上。", 1000, "人", "以上"),
    ("用时 15 天左右。", 15, "天", "左右"),
    ("满意率达 98.5%。", 98.5, "%", None),
    ("投资超8个亿。", 800000000, "元", "超"),
    ("补助标准为 800元/人。", 800, "元/人", None),
    ("持续补助 5年。", 5, "年", None),
    ("整改期限 2个月。", 2, "月", None),
    ("建立健全 9大机制。", 9, "机制", None),
    ("每户 1,200 元。", 1200, "元", None),
    ("装机容量突破 300 万千瓦。", 3000000, "千瓦", "超"),  # 突破 means 超
    ("供水能力达到 60 万吨。", 600000, "吨", None),  # 达到 states the exact figure
    ("年输气 12.5 亿方。", 1250000000, "方", None),  # 方 of gas
    ("开启闸门 4 孔。", 4, "孔", None),
    ("驻点 2 个多月。", 2, "月", "多"),  # 个多月: a month-count with 多
    ("吸纳务工人员3.4万。", 34000, "人", None),
    ("帮助1.2万余群众转移。", 12000, "人", "余"),  # a bare 万 figure before a group of people
    ("2317.3亿元。", 231730000000, "元", None),  # exact in base units, not 231730000000.00003
])
def test_forms(finder, text, value, unit, qualifier):
    m = one(finder, text)
    assert m.value == pytest.approx(value) and m.unit == unit and m.qualifier == qualifier
    assert text[m.start:m.end] == m.text


def test_count_of_projects_above_a_sum_is_a_count(finder):
    m = one(finder, "推进 40个亿元以上项目建设。")
    assert (m.value, m.unit) == (40, "个")


def test_range(finder):
    m = one(finder, "每名干部联系 3-5户。")
    assert m.value == (3, 5) and m.unit == "户"


@pytest.mark.parametrize("text", [
    "2023 年 6 月 18 日召开推进会。",  # a date
    "2019年以来持续推进。",  # a year
    "第 12 期简报，总第 208 期。",  # issue numbers
    "1. 加强组织领导。",  # list numbering
    "学习“7.1”重要讲话。",  # a date written as a code
    "在全市排名第3位。",  # an ordinal
    "上午9:30召开会议。",  # a time
    "迎来建校 60 周年。",  # an anniversary dates, it does not measure
    "从三方面入手，形成 2方案。",  # 方 starting a word is not a unit
    "预计增长3.5万。",  # a bare 万 figure with no people noun beside it counts nothing known
])
def test_not_metrics(finder, text):
    assert [m.text for m in finder(text) if m.written == "arabic"] == []


def test_a_word_ending_in_a_qualifier_character_is_not_a_qualifier(finder):
    m = one(finder, "完成签约 56 户。")
    assert m.qualifier is None and m.text == "56 户"


def test_chinese_numeral_counts_with_a_measure_word(finder):
    found = finder("组织七所学校的千名教师参加。")
    assert [(m.value, m.unit) for m in found] == [(7, "所"), (1000, "名")]


def test_chinese_numeral_quantities_are_an_extra(finder):
    found = finder("选派三名干部驻村，帮助两户群众。")
    assert [(m.value, m.unit, m.written) for m in found] == [(3, "名", "chinese"), (2, "户", "chinese")]


@pytest.mark.parametrize("text, value, unit, qualifier", [
    ("全县超过八成的村实现目标。", 8, "成", "超"),  # tenths, as bulletins and the news write shares
    ("近两成农户参与入股。", 2, "成", "近"),
    ("群众满意度九成以上。", 9, "成", "以上"),
    ("全年培训党员三千余人次。", 3000, "人次", "余"),  # 人次 whole, not 人 and a stray 次
    ("开展活动两百场次。", 200, "场次", None),
])
def test_chinese_numeral_shares_and_visits(finder, text, value, unit, qualifier):
    [m] = finder(text)
    assert (m.value, m.unit, m.qualifier) == (value, unit, qualifier)


@pytest.mark.parametrize("text", ["工作思路一成不变。", "班子三成员分工明确。", "牛排五成熟即可。"])
def test_cheng_inside_a_word_is_no_share(finder, text):
    assert finder(text) == []


@pytest.mark.parametrize("text", [
    "启动实施文明创建五年行动计划。",  # a programme's name
    "严格执行中央八项规定精神。",  # a named set of rules
    "省人大十二届三次会议审议通过。",  # an ordinal session of 十二届
    "力争到二〇三〇年基本建成。",  # a year in Chinese numerals
    "村集体收入实现两位数增长。",  # 两位数 is a number of digits
    "落实渔业资源十年禁渔制度。",  # a span of time naming a programme
    "启动第二轮土地承包到期后再延长，推进二轮延包试点。",  # 二 before a measure word is an ordinal
])
def test_chinese_numerals_in_names_and_ordinals_are_not_quantities(finder, text):
    assert [m.text for m in finder(text)] == []


def test_chinese_numeral_durations_where_the_words_around_say_so(finder):
    found = finder("该村连续两年获评先进，历时三年建成，为期五天的培训已经结束。")
    assert [(m.text, m.value, m.unit) for m in found] == [("两年", 2, "年"), ("三年", 3, "年"), ("五天", 5, "天")]


def test_numerals_in_slogans_are_not_quantities(finder):
    text = "落实三会一课制度，推行三个同步。"
    assert finder(text, exclude_chinese=[(2, 6), (11, 15)]) == []


def test_about_names_what_is_measured(finder):
    m = one(finder, "全年村集体经营性收入达到 45 万元。")
    assert "收入" in m.about


def word_starts(text):
    from pipeline.extract.segment import Segmenter

    offsets, at = [], 0
    for word in Segmenter("jieba").cut(text):
        offsets.append(at)
        at += len(word)
    return offsets


def test_about_is_whole_words_when_word_offsets_are_given(finder):
    text = "新增国家级企业技术中心26家，培育高新技术企业8家。"
    plain = {m.text: m.about for m in finder(text)}
    whole = {m.text: m.about for m in finder(text, words=word_starts(text))}
    # eight characters back from the number start mid-word (家级…); the stray measure-word characters
    # are no noun and are cut off (issue 19), the word offsets give the whole word back
    assert plain["26家"] == "企业技术中心"
    assert whole["26家"] == "国家级企业技术中心"
    assert whole["8家"] == plain["8家"] == "培育高新技术企业"  # already whole words


def test_about_after_a_measure_word_stops_before_what_was_done(finder):
    text = "组织1200名机关干部到村报到，组建3个土地征收组党支部。"
    about = {m.text: m.about for m in finder(text, words=word_starts(text))}
    assert about == {"1200名": "机关干部", "3个": "土地征收组党支部"}


# -- issue 19: metrics on real text (own sentences) ------------------------------------------------
def found(finder, text):
    return [(m.text, m.value, m.unit, m.qualifier) for m in finder(text, words=word_starts(text))]


@pytest.mark.parametrize("text", [
    "打造15分钟便民服务圈。",  # the name of a circle
    "建设万亩高标准农田示范片项目。",  # a bare 万 opening a project's name
    "让改革成果惠及千家万户。",  # an idiom
    "开展“千名医生下乡村”活动。",  # a quoted activity name
    "开展百名干部进千村活动。",  # a bare 百 beside another
    "这是全县唯一一个获评的村。",  # 唯一 | 一个
])
def test_numbers_inside_names_and_idioms_are_no_metrics(finder, text):
    assert found(finder, text) == []


@pytest.mark.parametrize("text, expected", [
    ("遴选千名志愿者参与服务。", ("千名", 1000, "名", None)),  # a bare 千 counting, alone
    ("辖区面积3.6平方千米。", ("3.6平方千米", 3.6, "平方千米", None)),  # the unit as written
    ("辖区面积3.6平方公里。", ("3.6平方公里", 3.6, "平方公里", None)),
    ("全镇城镇人口近12万。", ("近12万", 120000, "人", "近")),  # the qualifier before a 万 figure
    ("街道拥有3万多常住人口。", ("3万多", 30000, "人", "多")),  # people, after a word qualifying them
    ("全年办理业务3万余笔。", ("3万余笔", 30000, "笔", "余")),
    ("片区建成商务楼宇12幢。", ("12幢", 12, "幢", None)),
    ("联盟联结小区800余住户。", ("800余住户", 800, "户", "余")),
    ("工会采取三种方式组建。", ("三种", 3, "种", None)),  # Chinese-numeral counts of 种 and 个
    ("全村分成四个小组。", ("四个", 4, "个", None)),
    ("在短短的一个月里走访全村。", ("一个月", 1, "月", None)),  # 一 in a span of time
    ("历时两个多月完成。", ("两个多月", 2, "月", "多")),  # not 两个 and a stray 多月
    ("从县城驱车近一个小时到达。", ("近一个小时", 1, "小时", "近")),
])
def test_metrics_real_text_gives(finder, text, expected):
    assert expected in found(finder, text)


@pytest.mark.parametrize("text, expected", [
    ("他是一位有着30年党龄的老党员。", ""),  # no noun before it: empty, not 是一位有着
    ("全年完成固定资产投资120亿元。", "固定资产投资"),  # not the verb 完成
    ("工业增加值同比增长6%。", "工业增加值"),  # not the words of change
    ("各村集体经济收入均达到10万元。", "集体经济收入"),  # 均 as "each" closes the clause
])
def test_about_is_a_noun_phrase_or_empty(finder, text, expected):
    [metric] = [m for m in finder(text, words=word_starts(text)) if m.written == "arabic"]
    assert metric.about == expected


@pytest.mark.parametrize("text, per", [("全镇农户户均增收3000元。", "户均增收"), ("村民人均 5 亩。", "人均"),
                                       ("水稻亩产平均 500 斤。", "平均")])
def test_about_keeps_a_per_head_measure_whole(finder, text, per):
    """人均, 户均, 平均: what is measured is per head, per household, on average; the 均 stays."""
    [metric] = [m for m in finder(text, words=word_starts(text)) if m.written == "arabic"]
    assert metric.about.endswith(per), metric.about
