"""Issue 19: slogan parts where real text gives them, and none invented (own sentences, in the shapes
real pages use)."""
import pytest

from pipeline.extract.slogans import SloganFinder


@pytest.fixture(scope="module")
def finder():
    return SloganFinder()


def parts_of(finder, text, slogan):
    found = {m.text: m for m in finder(text)}
    assert slogan in found, list(found)
    return finder.expand(text, found[slogan])[0]


@pytest.mark.parametrize("text, slogan, parts", [
    # one quoted list before a count names its parts, with 的 or a short link between, or dashes
    ("通过“学、练、考”三步法提升队伍本领。", "三步法", ["学", "练", "考"]),
    ("构建“省—市—县—乡”四级联动体系。", "四级联动", ["省", "市", "县", "乡"]),
    ("探索形成以“问题发现闭环、群众参与连环、部门协作循环”为核心特征的“三环共治”路径。", "三环共治",
     ["问题发现闭环", "群众参与连环", "部门协作循环"]),
    # the last two parts joined by 和, not by 、
    ("坚持城区发展与乡村振兴、传统产业与新兴产业、政府推动与市场主导和当前任务与长远目标等“四个统筹”，推动发展。",
     "四个统筹", ["城区发展与乡村振兴", "传统产业与新兴产业", "政府推动与市场主导", "当前任务与长远目标"]),
    # quoted parts in brackets after the formula
    ("聚焦“三条主线”（“党建+产业发展”“党建+乡村治理”“党建+民生服务”），推动工作。", "三条主线",
     ["党建+产业发展", "党建+乡村治理", "党建+民生服务"]),
    # N位一体: N things made one
    ("着力建设图书室、活动室、议事室、荣誉室“四位一体”的服务阵地。", "四位一体", ["图书室", "活动室", "议事室", "荣誉室"]),
    # a verb the siblings share is their structure, not the clause's verb
    ("持续深化支部建在园区里、党员干在园区里、群众富在园区里的“三园”建设。", "三园",
     ["支部建在园区里", "党员干在园区里", "群众富在园区里"]),
    # of the clause's verbs, the cut that leaves the first part as long as its siblings
    ("全力推进创新驱动、改革攻坚、开放合作三大工程。", "三大工程", ["创新驱动", "改革攻坚", "开放合作"]),
    # a compound's two halves, one list per clause before it
    ("创新村委带动专业社、党员带领示范社，全域覆盖、全程服务“双带双全”模式。", "双带双全",
     ["村委带动专业社", "党员带领示范社", "全域覆盖", "全程服务"]),
    # a heading formula and its numbered lines
    ("（二）建强“两个中心”\n1.党群服务中心\n2.便民服务中心\n（三）抓实作风\n", "两个中心", ["党群服务中心", "便民服务中心"]),
    # parts quoted in the sentences that follow, each opening with the formula's word
    ("以“四个红色”为主要内容。强化“红色堡垒”，建强组织。培育“红色先锋”，选好骨干。建设“红色阵地”，用好场所。"
     "弘扬“红色文化”，传承精神。", "四个红色", ["红色堡垒", "红色先锋", "红色阵地", "红色文化"]),
    # a pair of opposites sharing one head names a formula of two
    ("培育内外贸双循环企业50家。", "双循环", ["内贸", "外贸"]),
    ("推动进出口双增长。", "双增长", ["进口", "出口"]),
    # two verbs in a row are one phrase when no sibling opens with a verb
    ("实施燃煤锅炉节能降碳改造、余热改造、管网改造“三改联动”。", "三改联动", ["燃煤锅炉节能降碳改造", "余热改造", "管网改造"]),
    # a place's own formula, in quotes
    ("推动“红网格 处处建”“双报到 人人在”“红管家 事事优”等“如东三处”做法落地。", "如东三处",
     ["红网格 处处建", "双报到 人人在", "红管家 事事优"]),
    # after 即, parts that are sentences of their own, joined by ；
    ("坚持“两个区分”，即：把因经验不足出现的失误，同明知故犯的行为区分开来；把探索中的过失，同谋取私利的行为区分开来。",
     "两个区分", ["把因经验不足出现的失误，同明知故犯的行为区分开来", "把探索中的过失，同谋取私利的行为区分开来"]),
    # the parts of steps are actions
    ("按照摸底、攻坚、巩固“三步走”思路推进。", "三步走", ["摸底", "攻坚", "巩固"]),
    # a code's parts each hold their number
    ("要求书记“2+1”办公，即每周走访2次、每月开会、总结1次，抓好落实。", "2+1", ["每周走访2次", "每月开会、总结1次"]),
    # a list after the formula repeating its word ends at that word, and starts as its siblings do
    ("这是赋予某市“四个中心”的使命，某市聚焦建设经济中心、金融中心、贸易中心、航运中心的重要使命。", "四个中心",
     ["经济中心", "金融中心", "贸易中心", "航运中心"]),
    ("抓好“三秋”，统筹秋收、秋种、秋管各项工作。", "三秋", ["秋收", "秋种", "秋管"]),
    # a national formula keeps a list that pairs off with its known parts
    ("增强政治意识、大局意识、核心意识、看齐意识“四个意识”。", "四个意识", ["政治意识", "大局意识", "核心意识", "看齐意识"]),
])
def test_parts_where_the_text_gives_them(finder, text, slogan, parts):
    assert parts_of(finder, text, slogan) == parts


@pytest.mark.parametrize("text, slogan", [
    # names standing beside the slogan in a list of names
    ("推广了“结对帮扶”“驻村帮扶”“两帮”做法等典型。", "两帮"),
    # a list going on from another noun, ending in an adverb
    ("要把握“三个统一”的重要意义、坚决做到“两个确保”。", "两个确保"),
    # the slogan is the object of the last clause's verb
    ("要立足本职岗位、大力弘扬“两种精神”。", "两种精神"),
    # places that stand on it
    ("从福州、厦门等“两港”城市出发。", "两港"),
    # a first item that still carries its clause
    ("某村地处古城遗址文物保护、农田保护、生态保护的“三保”区块。", "三保"),
    # five quoted names with the formula's word for a formula of four
    ("以“四个红色”为主要内容。强化“红色堡垒”，培育“红色先锋”，建设“红色阵地”，弘扬“红色文化”，设立“红色基金”。",
     "四个红色"),
    # two items for a compound of one and two that hold neither half's word
    ("打造了城市更新、乡村振兴的“一核两翼”。", "一核两翼"),
    # national formulas: a list that does not pair off with their known parts
    ("自泰国、印尼等“一带一路”沿线国家进口增长。", "一带一路"),
    ("建设世界一流学科、国内一流学科“双一流”。", "双一流"),
    ("深刻领悟“两个确立”的决定性意义、坚决做到“两个维护”。", "两个维护"),
])
def test_no_parts_invented(finder, text, slogan):
    assert parts_of(finder, text, slogan) is None


@pytest.mark.parametrize("text, absent", [
    ("创建“三湘第一县”。", "三湘第一县"),  # an ordinal inside a name
    ("打造“三秦爱心使者”品牌。", "三秦爱心使者"),  # a name opening with a region's name
    ("评选“五星级商户”。", "五星级商户"),  # a rating
    ("推行“一村一策”，因村施策。", "一村一策"),  # a plan for each village
    ("形成1+1>2的效果。", "1+1"),  # arithmetic
    ("将党员划分为甲、乙、丙、丁四个类别管理。", "四个类别"),  # what the text counts as it goes
    ("省、市、县、乡四级机关干部参加培训。", "四级机关干部"),
])
def test_not_formulas(finder, text, absent):
    assert absent not in [m.text for m in finder(text)]


def test_a_code_of_counted_terms_is_a_formula(finder):
    assert "1个中心村+N个联系村" in [m.text for m in finder("创新推行“1个中心村+N个联系村”结对模式。")]


def test_national_formulas_name_their_source():
    from pipeline.extract.settings import FORMULAS_FILE

    import yaml

    formulas = yaml.safe_load(FORMULAS_FILE.read_text(encoding="utf-8"))["formulas"]
    assert {"一带一路", "两个维护", "两个确立", "四个意识", "双一流"} <= set(formulas)
    assert all(entry.get("source") for entry in formulas.values())
