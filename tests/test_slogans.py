"""Slogan shapes, what is not a slogan, and every place an expansion can stand (own examples)."""
import pytest

from pipeline.extract.slogans import SloganFinder, split_to_count


@pytest.fixture(scope="module")
def finder():
    return SloganFinder()


def texts(finder, text):
    return [m.text for m in finder(text)]


@pytest.mark.parametrize("text, slogan, shape", [
    ("全面推行“四个到位”工作法。", "四个到位", "n_ge"),
    ("坚持“两个确保”不动摇。", "两个确保", "n_ge"),
    ("落实“六统六联”机制，形成合力。", "六统六联", "compound"),
    ("建立“一核两翼三支撑”格局。", "一核两翼三支撑", "compound"),
    ("严格执行“三会一课”制度。", "三会一课", "compound"),
    ("推行“一村一品”发展路径。", "一村一品", "compound"),
    ("深化“五不能六不宜”人选审查。", "五不能六不宜", "compound"),
    ("落实“三重一大”决策制度。", "三重一大", "compound"),  # 一大 inside a compound (十九大 alone is no formula)
    ("构建“1+3+N”服务体系。", "1+3+N", "code"),
    ("出台“2+6”配套政策。", "2+6", "code"),
    ("实现“三到户”目标。", "三到户", "single"),
    ("开展“双争”活动。", "双争", "single"),
    ("推广村干部“一肩挑”做法。", "一肩挑", "single"),
    ("打好“六大会战”。", "六大会战", "single"),
    ("落实基层党建“江苏30条”。", "江苏30条", "place_rule"),
])
def test_quoted_shapes(finder, text, slogan, shape):
    found = {m.text: m for m in finder(text)}
    assert slogan in found, texts(finder, text)
    assert found[slogan].shape == shape


def test_n_ge_with_quoted_symbol(finder):
    found = {m.text: m for m in finder("做到“到岗率、参训率、达标率”三个“100%”。")}
    assert "三个100%" in found and found["三个100%"].count == 3


def test_unquoted_shapes(finder):
    assert "1+N" in texts(finder, "推行1+N联户制度。")
    assert "双招双引" in texts(finder, "围绕产业培育、双招双引等重点工作。")
    assert "三会一课" in texts(finder, "各支部按时落实三会一课，规范组织生活。")
    assert "双帮" in texts(finder, "探索“1+X”双帮模式，结对帮扶。")


@pytest.mark.parametrize("text", [
    "潜山县三举措推进工作。",  # a plain count, unquoted
    "建立市县乡村四级联动机制。",  # 级: a count word
    "认真学习党的十九大精神。",  # an ordinal congress
    "书记是“第一责任人”。",  # 第: an ordinal
    "防止党建与业务“两张皮”。",  # an idiom (stop list)
    "不搞“一刀切”。",  # an idiom
    "干部队伍“三心二意”现象。",  # an idiom by jieba's dictionary
    "按照“三年任务两年完成”的思路推进。",  # durations, not a formula
    "实行“双重管理”。",  # 双重 is an ordinary word
    "每两个月调度一次。",  # unquoted N个X with no expansion
    "选派“一个项目”团队。",  # 一个X is a determiner and a noun
    "守住一个“底线”，评出底线甲、底线乙。",  # 一个“X” likewise
    "构建“一流人才服务体系”。",  # one numeral word and a system's name: no compound formula
    "会谈中双方一致同意深化合作。",  # 双方 is "both sides"
    "干部要一步一个脚印抓落实。",  # the opening of an idiom
])
def test_not_slogans(finder, text):
    assert texts(finder, text) == []


def expand(finder, text, slogan):
    match = next(m for m in finder(text) if m.text == slogan)
    return finder.expand(text, match)


def test_expansion_later_in_sentence_only_if_count_fits(finder):
    text = "推行以“一牌一栏一册”为主要内容的公开体系，即门口挂牌子、墙上设专栏、桌上放手册。"
    parts, _ = expand(finder, text, "一牌一栏一册")
    assert parts == ["门口挂牌子", "墙上设专栏", "桌上放手册"]
    text = "推行以“一牌一栏一册”为主要内容的公开体系，即门口挂牌子、墙上设专栏。"
    assert expand(finder, text, "一牌一栏一册")[0] is None


def test_a_title_in_book_brackets_is_not_a_slogan(finder):
    assert [m.text for m in finder("电视台播出《四季三餐》专题片，推行“三会一课”。")] == ["三会一课"]
    assert [m.text for m in finder("印发《关于推行“三个同步”的意见》。")] == ["三个同步"]


def test_expansion_pairs_joined_to_the_count(finder):
    text = "实现“任务重，但进度快，矛盾多，但信访少”两个突破。"
    parts, _ = expand(finder, text, "两个突破")
    assert parts == ["任务重，但进度快", "矛盾多，但信访少"]


def test_first_item_loses_the_clause_words_its_parallel_siblings_lack(finder):
    parts, _ = expand(finder, "切实守住保基本、兜底线、促公平“三条底线”要求。", "三条底线")
    assert parts == ["保基本", "兜底线", "促公平"]
    # items of different lengths are not parallel enough to cut the first one
    parts, _ = expand(finder, "统筹推进优化营商环境、减税降费、放管服改革“三项重点”。", "三项重点")
    assert parts == ["优化营商环境", "减税降费", "放管服改革"]


@pytest.mark.parametrize("text, slogan, parts, where", [
    ("按照“两个到位”，即“人员配备到位，经费保障到位”，抓好落实。", "两个到位",
     ["人员配备到位", "经费保障到位"], "after"),
    ("实行“三联”机制，即：联组织、联队伍、联服务。", "三联", ["联组织", "联队伍", "联服务"], "after"),
    ("党员带头做到“亮身份、亮承诺、亮业绩”“三亮”。", "三亮", ["亮身份", "亮承诺", "亮业绩"], "before"),
    ("着力打造干部讲政策、党员帮群众、能人带产业的“三带”品牌。", "三带",
     ["干部讲政策", "党员帮群众", "能人带产业"], "before"),
    ("实行红黄绿“三色”预警管理。", "三色", ["红", "黄", "绿"], "colours"),
    ("开展“三个标兵”评选，评出服务标兵 12 名、创新标兵 9 名、攻坚标兵 7 名。", "三个标兵",
     ["服务标兵", "创新标兵", "攻坚标兵"], "list"),
    # what precedes the first item of a list that repeats the word is not part of it
    ("三个“必须坚持”：全会提出三个“必须坚持”，即必须坚持党的全面领导、必须坚持人民至上、必须坚持系统观念。",
     "三个必须坚持", ["必须坚持党的全面领导", "必须坚持人民至上", "必须坚持系统观念"], "list"),
])
def test_expansion(finder, text, slogan, parts, where):
    assert expand(finder, text, slogan) == (parts, where)


@pytest.mark.parametrize("text, slogan", [
    ("在城东街道、城西镇开展“双评”工作。", "双评"),  # the list runs into the clause's verb
    ("推进编制改革、资金整合、村级“三资”管理、营商环境等工作。", "三资"),  # the slogan heads one item
    ("统筹推进综合保税区、中欧“两园一港”等平台建设。", "两园一港"),  # the slogan and 等 close the list
    ("深刻理解其重大意义、坚决做到“两个维护”。", "两个维护"),  # 的…、 and a bare adverb
    ("鼓励外资企业参与上下游配套协作、纳入“两新”支持范围。", "两新"),  # a bare verb, far apart in length
    ("开通至东南亚、中亚航线及3条左右“一带一路”航线。", "一带一路"),  # a part with a quantity
    ("建立任务“一张表”和项目式推进、闭环式解决“两项机制”。", "两项机制"),  # a part opening with 和
])
def test_lists_that_are_not_expansions(finder, text, slogan):
    assert expand(finder, text, slogan)[0] is None


def test_split_to_count_prefers_coarse_separators():
    assert split_to_count("甲乙、丙丁，戊己、庚辛", [2, 4]) == ["甲乙、丙丁", "戊己、庚辛"]
    assert split_to_count("甲、乙、丙", [3]) == ["甲", "乙", "丙"]
    # no separator gives the count: the finest list comes back, for the caller to flag
    assert split_to_count("甲、乙", [3]) == ["甲", "乙"]


# -- shapes from issue 8 (own sentences) ------------------------------------------------------------
@pytest.mark.parametrize("text, slogan, count, components", [
    # an unquoted count right after the list of its parts
    ("建立省、市、县三级联动机制，统一调度。", "三级联动", 3, ["省", "市", "县"]),
    ("全面实施稻米提质、果蔬增效、畜牧扩量三大工程，带动增收。", "三大工程", 3, ["稻米提质", "果蔬增效", "畜牧扩量"]),
    ("探索了托管、入股、租赁等3种模式。", "3种模式", 3, ["托管", "入股", "租赁"]),
    # parts each in their own quotes before the count
    ("抓住“长江经济带”、“中部崛起”两大国家战略机遇。", "两大国家战略", 2, ["长江经济带", "中部崛起"]),
    # a preposition before the first part, a duration after the last
    ("朝产值、税收“双百亿”目标迈进。", "双百亿", 2, ["产值", "税收"]),
    ("群众获得感、幸福感连续5年实现“双提升”。", "双提升", 2, ["群众获得感", "幸福感"]),
])
def test_summaries_and_lists_before(finder, text, slogan, count, components):
    found = {m.text: m for m in finder(text)}
    assert slogan in found, texts(finder, text)
    assert found[slogan].count == count
    assert finder.expand(text, found[slogan])[0] == components


@pytest.mark.parametrize("text, slogan", [
    ("深入践行“七七方略”，久久为功。", "七七方略"),  # a reduplicated numeral
    ("持续深化“百千万工程”建设。", "百千万工程"),  # counting with 百/千/万, in quotes
    ("推进“双一流”高校建设。", "双一流"),  # 双 before a numeral word
    ("打造“八大省级现代农业示范区”品牌。", "八大省级现代农业示范区"),  # a long N大X in quotes
    ("联合发布‘三个服务’，即“服务企业、服务项目、服务群众”。", "三个服务"),  # single quotes
])
def test_more_quoted_shapes(finder, text, slogan):
    assert slogan in texts(finder, text)


@pytest.mark.parametrize("text", [
    "会议由八部门联合召开。",  # a bare count, no parts in sight
    "县里推出三举措，破解难题。",
    "千万不要掉以轻心。",  # 千万 unquoted is an adverb
    "全省两级财政各承担一半。",  # a count whose parts are not in sight
])
def test_bare_counts_stay_plain(finder, text):
    assert texts(finder, text) == []


@pytest.mark.parametrize("text, slogan, shape", [
    ("他说：“要落实‘五个服务’要求，推动发展。”", "五个服务", "n_ge"),  # quoted inside a quotation
    ("推行“2468”工程，成效明显。", "2468", "code"),  # a digit code named by its mechanism
    ("探索1+X模式。", "1+X", "code"),
    ("构建“一核两翼双轮”发展格局。", "一核两翼双轮", "compound"),  # 一, 两 and 双 mixed
    ("实施“双轮驱动”战略。", "双轮驱动", "single"),  # a quoted formula, not two rounds
    # a quoted compound formula that names the system it makes, the noun inside the quotes
    ("该区打造“六化两融入一清单体系”，构建治理新格局。", "六化两融入一清单体系", "compound"),
    ("全县推行“两访三联一台账机制”，问题整改率持续提高。", "两访三联一台账机制", "compound"),
])
def test_shapes_missed_before(finder, text, slogan, shape):
    found = {m.text: m for m in finder(text)}
    assert slogan in found, texts(finder, text)
    assert found[slogan].shape == shape


@pytest.mark.parametrize("text, slogan, components", [
    ("坚持“三个到位”：“思想到位”“责任到位”“措施到位”。", "三个到位", ["思想到位", "责任到位", "措施到位"]),
    ("实施“双轮驱动”，通过科技创新、制度创新推动发展。", "双轮驱动", ["科技创新", "制度创新"]),
    ("落实“两个清单”，包括责任清单、负面清单。", "两个清单", ["责任清单", "负面清单"]),
])
def test_components_after_the_slogan(finder, text, slogan, components):
    found = {m.text: m for m in finder(text)}
    assert finder.expand(text, found[slogan])[0] == components


def test_numbered_sentences_after_a_slogan_are_its_parts():
    from pipeline.process import process
    from pipeline.ingest import read_bytes

    doc = ("某县推行“三个到位”工作法\n\n近年来，某县坚持“三个到位”，推动工作落实。一是思想到位。县委召开专题会议部署。"
           "二是责任到位。层层签订责任书。三是措施到位。出台配套文件12份。\n")
    parsed = process(read_bytes(doc.encode(), "a.txt", "a.txt"))
    [slogan] = [s for s in parsed.slogans if s.text == "三个到位"]
    assert slogan.components == ["思想到位", "责任到位", "措施到位"] and not slogan.count_mismatch


@pytest.mark.parametrize("text, slogan, components", [
    # the parts in brackets right after the formula, or after the kind of thing it is
    ("实施“三个一批”（从返乡青年中回引一批、从复员军人中选拔一批、从致富能人中培养一批），充实后备力量。",
     "三个一批", ["从返乡青年中回引一批", "从复员军人中选拔一批", "从致富能人中培养一批"]),
    ("建立“三个一”工作机制（每周一次碰头、每月一次讲评、每季一次总结），压实责任。",
     "三个一", ["每周一次碰头", "每月一次讲评", "每季一次总结"]),
    # enumerated right after it: each part is its enumerator's clause, the one naming what is counted
    ("全镇聚焦“两个提升”：一是提升组织力，二是提升服务力。", "两个提升", ["提升组织力", "提升服务力"]),
    ("双方朝着“两个伙伴”努力。一是加强互信，做彼此信赖的真诚伙伴。二是深化合作，做共同发展的合作伙伴。",
     "两个伙伴", ["做彼此信赖的真诚伙伴", "做共同发展的合作伙伴"]),
    ("坚持“三个聚焦”：第一，聚焦主责主业；第二，聚焦重点任务；第三，聚焦群众需求。", "三个聚焦",
     ["聚焦主责主业", "聚焦重点任务", "聚焦群众需求"]),
    ("实施“两大工程”。其一是头雁工程，其二是雏雁工程。", "两大工程", ["头雁工程", "雏雁工程"]),
    # a compound expanded by one list per half; the second list's verb is not part of its first item
    ("推行“三联三共”工作法，即组织联建、阵地联用、人才联育，实现资源共享、难题共解、成果共享，成效明显。",
     "三联三共", ["组织联建", "阵地联用", "人才联育", "资源共享", "难题共解", "成果共享"]),
    ("推广“两访两问”，即访困难户、访老党员，问需于民、问计于民。", "两访两问",
     ["访困难户", "访老党员", "问需于民", "问计于民"]),
    # a part counted once is a clause of its own
    ("构建“一核两联”模式，即以党支部为核心，联商户、联居民，共建街区。", "一核两联", ["以党支部为核心", "联商户", "联居民"]),
    # N + a word its parts repeat; the clause's verb is not part of the first
    ("坚持“三必到”制度，做到婚丧必到、病灾必到、纠纷必到，群众称赞。", "三必到", ["婚丧必到", "病灾必到", "纠纷必到"]),
    # the clause's words before the first item, up to what its siblings open with
    ("建立“三挂钩”机制，将考核结果与村干部报酬挂钩、与评先评优挂钩、与经费挂钩，激发干劲。", "三挂钩",
     ["与村干部报酬挂钩", "与评先评优挂钩", "与经费挂钩"]),
    # short parts that each hold what a quoted N+X counts (治), without the clause's closing words
    ("坚持“三治融合”，推动自治、法治、德治相结合。", "三治融合", ["自治", "法治", "德治"]),
    # a glossary's copula is not part of the first part
    ("“四廊”为水廊、绿廊、文廊、路廊。", "四廊", ["水廊", "绿廊", "文廊", "路廊"]),
    # a formula of two, its parts joined by 和/与 (the second ends before the clause's verb)
    ("落实“两个责任”（主体责任和监督责任），压实担子。", "两个责任", ["主体责任", "监督责任"]),
    ("实现“双提升”，即群众满意度与获得感同步提升。", "双提升", ["群众满意度", "获得感"]),
    # a list's last item ends where its clause does
    ("围绕“三个一”目标，即建好一个阵地、配强一支队伍、完善一套制度，全村12个小组均已达标。",
     "三个一", ["建好一个阵地", "配强一支队伍", "完善一套制度"]),
])
def test_expansions_of_bulletin_shapes(finder, text, slogan, components):
    found = {m.text: m for m in finder(text)}
    assert slogan in found, texts(finder, text)
    assert finder.expand(text, found[slogan])[0] == components


@pytest.mark.parametrize("text, absent", [
    # a document's parts, enumerated, make no formula of an unquoted count
    ("《方案》共分三个部分，一是明确目标，二是细化任务，三是强化保障。", "三个部分"),
    ("重点抓好两个方面：一是抓班子，二是抓队伍。", "两个方面"),
])
def test_enumerated_parts_of_a_text_are_no_slogan(finder, text, absent):
    """(and a passing mention followed by enumerators is not expanded by them: test_extract)"""
    assert absent not in texts(finder, text)


def test_real_formulas_expanded_by_their_definitions():
    """Two formulas of a national document, each defined in its own paragraph (是指 A、B), in a news
    transcript: each expands to the parts its definition lists, every one opening with its word."""
    import re

    from .conftest import CORPORA

    text = re.sub(r"<[^>]+>", "\n", (CORPORA / "xwlb" / "20250224.md").read_text(encoding="utf-8"))
    finder = SloganFinder()
    found = {}
    for m in finder(text):
        parts = finder.expand(text, m)[0]
        if parts:
            found.setdefault(m.text, parts)
    assert len(found["两持续"]) == 2 and all(p.startswith("持续") for p in found["两持续"])
    assert len(found["四着力"]) == 4 and all(p.startswith("着力") for p in found["四着力"])


@pytest.mark.parametrize("text", ["对重点人群实行红黄绿三色分级管理。", "实行“红黄绿”三色管理。"])
def test_colours_named_before_an_unquoted_count_of_colours(finder, text):
    found = {m.text: m for m in finder(text)}
    assert finder.expand(text, found["三色"]) == (["红", "黄", "绿"], "colours")


def test_a_report_glossary_expands_its_formulas():
    """A provincial report's glossary defines two formulas in one line (“四X”为…；“五X”为…): each
    expands to as many parts as it counts, every part holding the counted word."""
    import docx

    from .conftest import CORPORA

    path = CORPORA / "gov-reports-2025" / "2025年广东省政府工作报告.docx"
    text = "\n".join(p.text for p in docx.Document(str(path)).paragraphs)
    finder = SloganFinder()
    expanded = {}
    for m in finder(text):
        parts = finder.expand(text, m)[0]
        if parts and m.text in ("四旁", "五边"):
            expanded[m.text] = parts
    assert len(expanded["四旁"]) == 4 and all(p.endswith("旁") and len(p) == 2 for p in expanded["四旁"])
    assert len(expanded["五边"]) == 5 and all(p.endswith("边") for p in expanded["五边"])


@pytest.mark.parametrize("text", [
    "分为隔离恢复、疗养恢复两个阶段。", "包括思想、组织、作风三个方面。", "涵盖市、县、乡三个层级。",
    "合作聚焦金融、贸易、航运三个领域。",
])
def test_what_a_text_counts_as_it_goes_is_no_formula(finder, text):
    assert texts(finder, text) == []


def test_a_quoted_count_of_aspects_is_still_a_formula(finder):
    assert texts(finder, "抓好“三个方面”工作。") == ["三个方面"]
    assert texts(finder, "形成省、市、县三级联动。") == ["三级联动"]  # a formula its parts name


@pytest.mark.parametrize("text, expected", [
    ("党员干部要增强四个意识，坚定四个自信。", ["四个意识", "四个自信"]),  # national formulas, unquoted
    ("围绕乡村五大振兴目标，推进项目落地。", ["五大振兴"]),
    ("辩证看待矛盾的两重性。", []),  # 两重 inside a longer word
    ("全省第三农场开展春耕。", []),  # after an ordinal
])
def test_a_national_formula_is_one_quoted_or_not(finder, text, expected):
    """models/national_formulas.yaml names formulas: they are found unquoted too, but not where their
    characters belong to a longer word or follow a numeral."""
    assert texts(finder, text) == expected


def test_a_list_that_says_what_the_problem_is_is_not_the_parts(finder):
    """破解“A、B”的“X”难题: the list describes the problem the formula tackles, not the formula."""
    text = "该县积极探索破解“示范在点上、短板在面上”的“双整”难题，推动党建全面进步。"
    match = next(m for m in finder(text) if m.text == "双整")
    assert finder.expand(text, match)[0] is None
    text = "创新“党委领导联合社、支部领办合作社”的“双领”模式。"  # a mechanism noun: the list is its parts
    match = next(m for m in finder(text) if m.text == "双领")
    assert finder.expand(text, match)[0] == ["党委领导联合社", "支部领办合作社"]
