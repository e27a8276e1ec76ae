"""The practice hierarchy of an article, from every kind of marker (own examples)."""
from pipeline.parse.practices import extract_practices
from pipeline.records import Article, Block


def tree(article):
    return [(p.heading, p.level, None if p.parent is None else article.practices[p.parent].heading)
            for p in article.practices]


def run(blocks, kind="experience"):
    article = Article(seq=0, title="某县经验", kind=kind, blocks=blocks)
    article.practices = extract_practices(article)
    return article


def bold_block(text, *runs):
    spans = []
    for run in runs:
        start = text.index(run)
        spans.append((start, start + len(run)))
    return Block(text, bold=spans)


def test_numbered_headings_with_shi_children_in_running_text():
    a = run([
        Block("某县坚持党建引领，取得明显成效。"),
        Block("一、抓班子强队伍，夯实组织基础。县委统筹推进。一是选优配强书记。全县调整书记12名。二是加强教育培训。举办培训班5期。"),
        Block("二、抓服务惠民生，提升群众满意度。一是办好民生实事。完成实事30件。二是畅通诉求渠道。开通热线。"),
    ])
    assert tree(a) == [
        ("抓班子强队伍，夯实组织基础", 1, None),
        ("选优配强书记", 2, "抓班子强队伍，夯实组织基础"),
        ("加强教育培训", 2, "抓班子强队伍，夯实组织基础"),
        ("抓服务惠民生，提升群众满意度", 1, None),
        ("办好民生实事", 2, "抓服务惠民生，提升群众满意度"),
        ("畅通诉求渠道", 2, "抓服务惠民生，提升群众满意度"),
    ]
    assert a.practices[1].body.startswith("全县调整书记12名")


def test_paren_children_under_heading_blocks_and_di_steps():
    a = run([
        Block("一、强化组织保障", kind="heading", level=2),
        Block("（一）健全工作机制。建立周调度制度。"),
        Block("（二）压实工作责任。签订责任书。"),
        Block("二、分步实施", kind="heading", level=2),
        Block("第一步，摸底排查。逐户走访。第二步，集中整治。限期整改。"),
    ])
    assert tree(a) == [
        ("强化组织保障", 1, None),
        ("健全工作机制", 2, "强化组织保障"),
        ("压实工作责任", 2, "强化组织保障"),
        ("分步实施", 1, None),
        ("摸底排查", 2, "分步实施"),
        ("集中整治", 2, "分步实施"),
    ]


def test_bold_and_parallel_plain_run_in_headings():
    text = ("压茬推进抓落实。每周召开调度会，研究解决问题。"
            "典型引路抓示范。评选表彰先进村8个，组织观摩学习。"
            "考核问效抓长效。将结果纳入年度考核，与评优挂钩。")
    a = run([bold_block(text, "典型引路抓示范。", "考核问效抓长效。")])
    assert [h for h, _, _ in tree(a)] == ["压茬推进抓落实", "典型引路抓示范", "考核问效抓长效"]


def test_formula_headings_lead_their_plain_children():
    a = run([Block("“两个机制”提升效率。建立快速响应机制。组建专班，当日受理。建立跟踪问效机制。"
                   "每月通报，限期办结。“两个平台”提升质量。搭建线上服务平台。开通小程序，群众点单。"
                   "搭建线下议事平台。每月议事，民主决策。")])
    assert tree(a) == [
        ("“两个机制”提升效率", 1, None),
        ("建立快速响应机制", 2, "“两个机制”提升效率"),
        ("建立跟踪问效机制", 2, "“两个机制”提升效率"),
        ("“两个平台”提升质量", 1, None),
        ("搭建线上服务平台", 2, "“两个平台”提升质量"),
        ("搭建线下议事平台", 2, "“两个平台”提升质量"),
    ]


def test_short_sentences_that_are_not_parallel_are_body_text():
    from pipeline.parse.practices import outlined_practices

    a = run([Block("今年以来，该镇扎实推进工作，成效明显。群众非常满意。下一步将继续深化，久久为功。")])
    # no run-in headings (the item is narrative: see test_narrative_* for what it gives)
    assert outlined_practices(a) == []
    assert all(p.enumerator == "narrative" for p in a.practices)


def test_background_and_lessons_sections_are_not_practices():
    a = run([
        Block("一、基本情况。全镇辖12个村，党员800名。"),
        Block("二、主要做法一是建强组织。调整班子。二是做强产业。发展合作社。"),
        Block("三、几点启示一是必须坚持党建引领。二是必须依靠群众。"),
    ])
    assert tree(a) == [("主要做法", 1, None), ("建强组织", 2, "主要做法"), ("做强产业", 2, "主要做法")]


def test_speech_parts_without_practices_under_them_are_not_practices():
    a = run([
        Block("一、充分认识重要意义", kind="heading", level=3),
        Block("思想认识要到位，行动才能到位。"),
        Block("二、突出抓好重点任务", kind="heading", level=3),
        Block("（一）抓好党员教育。持续开展学习。"),
        Block("（二）抓好阵地建设。完善服务功能。"),
        Block("三、切实加强组织领导", kind="heading", level=3),
        Block("各级党组织要扛起责任。"),
    ], kind="speech")
    assert [h for h, _, _ in tree(a)] == ["突出抓好重点任务", "抓好党员教育", "抓好阵地建设"]


def test_a_list_that_does_not_start_at_one_is_not_a_heading():
    a = run([Block("根据文件三、按要求办理，落实到位。")])
    assert a.practices == []


def test_a_numbered_list_with_nothing_under_its_lines_is_not_practices():
    article = run([Block("本期主要内容："), Block("1.全市召开组织工作会议；"), Block("2.某县举办村干部培训班；"),
                   Block("3.某区开展党员志愿服务月活动；"), Block("4.组工简讯：", ), Block("（1）某镇换届完成；"),
                   Block("（2）某街道启用新阵地。")])
    assert article.practices == []
    # the same markers with text under them are practices
    article = run([Block("1.全市召开组织工作会议。会议部署全年任务。"), Block("2.某县举办村干部培训班。培训三天。"),
                   Block("3.某区开展党员志愿服务月活动。参与党员多。")])
    assert [p.heading for p in article.practices] == ["全市召开组织工作会议", "某县举办村干部培训班",
                                                     "某区开展党员志愿服务月活动"]


# -- long reports (issue 8, item 8): own text, many paragraphs -------------------------------------
def _report(paragraphs):
    from pipeline.records import Article, Block

    return Article(seq=0, title="某省政府工作报告", blocks=[Block(p) for p in paragraphs])


def _tree(article):
    from pipeline.parse.practices import extract_practices

    practices = extract_practices(article)
    return [(p.heading, None if p.parent is None else practices[p.parent].heading) for p in practices]


FILLER = ["过去一年，全省经济运行总体平稳，各项事业取得新进展，人民生活持续改善，社会大局和谐稳定。"] * 6


def test_report_levels_dashes_and_inline_lists():
    article = _report([
        "各位代表：", "现在，我代表省人民政府向大会报告工作，请予审议。",
        "一、过去一年工作回顾",
        "——我们坚持稳中求进，经济运行回升向好。全年生产总值增长5%。",
        "——我们坚持改革创新，发展动能不断增强。新增高新技术企业800家。",
        "（一）产业升级步伐加快。新建智能工厂30个。第一、第二批试点全部验收。",
        "（二）民生保障扎实有力。城镇新增就业40万人。",
        *FILLER,
        "二、今年重点工作",
        "要突出抓好三个方面。一是稳增长。扩大有效投资。二是促改革。深化要素市场化改革。三是保民生。办好十件实事。",
        "（一）全方位扩大内需",
        "促进消费提质升级。开展消费品以旧换新。",
        "名词解释",
        "1.“两重”：国家重大战略实施和重点领域安全能力建设。",
    ])
    tree = dict(_tree(article))
    assert "各位代表" not in tree and not any(h.startswith("现在") for h in tree)
    assert tree["过去一年工作回顾"] is None and tree["今年重点工作"] is None
    # dash paragraphs summarise: the numbered headings after them hang under the section, not a dash
    assert tree["产业升级步伐加快"] == "过去一年工作回顾" and tree["民生保障扎实有力"] == "过去一年工作回顾"
    assert not any(h.startswith("第二批") for h in tree)  # 第一、第二批 is a list of ordinals
    # 一是… inside a paragraph is a list of that paragraph, closed with it
    assert tree["全方位扩大内需"] == "今年重点工作"
    assert not any("两重" in h for h in tree)  # a glossary entry is no practice


def test_a_short_sentence_inside_a_paragraph_is_no_heading_in_a_long_report():
    article = _report([
        "一、工作回顾",
        "开放势能持续增强。开行国际货运班列200列。口岸建设获批。深化园区共建，落地项目11个。",
        "城乡发展持续优化。新建改建农村公路3000公里。",
        *FILLER * 2,
    ])
    headings = [h for h, _ in _tree(article)]
    assert "开放势能持续增强" in headings and "城乡发展持续优化" in headings
    assert "口岸建设获批" not in headings
