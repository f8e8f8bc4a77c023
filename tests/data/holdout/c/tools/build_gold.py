#!/usr/bin/env python3
"""The C-set annotations as code. Regenerates ../gold/*.json (run build_docs.py first)."""
import json, os
HERE = os.path.dirname(os.path.abspath(__file__))
GOLD = os.path.join(HERE, '..', 'gold')

CN = ('全国', 'CN')
NMG = ('内蒙古自治区', '150000')
XZ = ('西藏自治区', '540000')
QH = ('青海省', '630000')

def reg(name, code, level):
    return {'name': name, 'code': code, 'level': level}

def item(r, name, ev, optional=False, aliases=None, either=False):
    d = {'region': r[0], 'region_code': r[1], 'name': name, 'evidence': ev}
    if aliases: d['aliases'] = aliases
    if either: d['either'] = True
    if optional: d['optional'] = True
    return d

def tgt(r, metric, value, unit, comp, ev, year=None, optional=False):
    d = {'region': r[0], 'region_code': r[1], 'metric': metric, 'value': value, 'unit': unit,
         'comparator': comp, 'year': year, 'evidence': ev}
    if optional: d['optional'] = True
    return d

def goal(r, year, ev, optional=False):
    d = {'region': r[0], 'region_code': r[1], 'year': year, 'evidence': ev}
    if optional: d['optional'] = True
    return d

NATIONAL = [reg('全国', 'CN', 'national')]
FGF_ALIASES = ['简政放权、放管结合、优化服务', '简政放权、放管结合、优化服务改革', '放管服改革']

FILES = {}

FILES['C01_neimenggu_2026_gwr_bizenv'] = dict(
    source='2026年内蒙古自治区政府工作报告 (delivered 2026-02-04, 自治区十四届人大五次会议; 内蒙古日报 2026-02-12). '
           '2026 tasks, part 三 （四） 改革攻坚 (营商环境, 高效办成一件事, 国企/经营主体/财政) and （五） 区域布局 (noise).',
    regions=[reg('内蒙古自治区', '150000', 'province'), reg('呼和浩特市', '150100', 'city'),
             reg('包头市', '150200', 'city'), reg('乌海市', '150300', 'city')],
    platforms=[],
    initiatives=[
        item(NMG, '高效办成一件事', '再推出20个“高效办成一件事”重点事项'),
        item(NMG, '营商环境监测体系', '要建立以民营企业为主体的营商环境监测体系', optional=True,
             aliases=['以民营企业为主体的营商环境监测体系']),
        item(NMG, '网上办理', '先减后放、网上办理', optional=True, aliases=['网上办']),
    ],
    targets=[
        tgt(NMG, '今年再推出的“高效办成一件事”重点事项数', 20, '个', '=',
            '再推出20个“高效办成一件事”重点事项'),
    ],
    goals=[],
)

FILES['C02_xizang_2026_gwr_reform'] = dict(
    source='2026年西藏自治区政府工作报告 (delivered 2026-01-31, 自治区十二届人大四次会议; 西藏日报 2026-02-12). '
           '2026 tasks （五） 改革/开放/创新 (减证便民, 一表通) and the first item of （六） 就业 (percentage bait).',
    regions=[reg('西藏自治区', '540000', 'province'), reg('日喀则市', '540200', 'city'),
             reg('林芝市', '540400', 'city')],
    platforms=[],
    initiatives=[
        item(XZ, '减证便民', '推广实施“减证便民”行动', aliases=['减证便民行动']),
        item(XZ, '一表通', '推动基层填表报数实现“一表通”', either=True),
        item(XZ, '政府与企业常态化沟通协商机制', '健全政府与企业常态化沟通协商机制', optional=True),
        item(XZ, '招投标领域改革', '不断深化招投标、政府采购领域改革', optional=True,
             aliases=['招投标、政府采购领域改革', '政府采购领域改革']),
    ],
    targets=[],
    goals=[],
)

FILES['C03_qinghai_2026_gwr_market'] = dict(
    source='2026年青海省政府工作报告 (headed 政府工作报告; delivered 2026-01-27, 省十四届人大四次会议; 青海日报/qhnews 2026-01-31). '
           '2026 tasks （二） 扩大内需: 消费 and 投资 (noise), 全国统一大市场 (营商环境, 高效办成一件事, 免申即享).',
    regions=[reg('青海省', '630000', 'province'), reg('西宁市', '630100', 'city'),
             reg('黄南藏族自治州', '632300', 'city'), reg('海南藏族自治州', '632500', 'city'),
             reg('果洛藏族自治州', '632600', 'city'), reg('海西蒙古族藏族自治州', '632800', 'city')],
    platforms=[],
    initiatives=[
        item(QH, '高效办成一件事', '深化“高效办成一件事”改革', aliases=['高效办成一件事改革']),
        item(QH, '免申即享', '推动惠企便民政策直达快享、免申即享'),
        item(QH, '直达快享', '推动惠企便民政策直达快享', optional=True),
        item(QH, '优化营商环境行动', '纵深推进新一轮优化营商环境行动', optional=True,
             aliases=['新一轮优化营商环境行动']),
        item(QH, '规范涉企执法长效机制', '健全规范涉企执法长效机制', optional=True),
        item(QH, '投资兴业·优选青海', '打造“投资兴业·优选青海”品牌', optional=True, either=True,
             aliases=['投资兴业优选青海']),
    ],
    targets=[],
    goals=[],
)

FILES['C04_national_1982_gwr_sixthplan'] = dict(
    source='1982年中华人民共和国国务院政府工作报告 (report on the 第六个五年计划; zh.wikisource). '
           'Opening of 第六个五年计划的基本任务 and section 一 (工农业生产). Macro plan figures only: a precision test for goal years.',
    regions=NATIONAL,
    platforms=[], initiatives=[], targets=[],
    goals=[
        goal(CN, 1987, '要求从一九八三年到一九八七年的五年间争取实现国家财政经济状况的根本好转'),
        goal(CN, 1985, '第六个五年计划规定，一九八五年工农业总产值达到八千七百一十亿元'),
        goal(CN, 1985, '到一九八五年，全国粮食产量计划达到三亿六千万吨'),
        goal(CN, 2000, '从一九八一年到本世纪末的二十年内力争实现我国工农业年总产值翻两番', optional=True),
    ],
)

FILES['C05_national_2003_gwr_govreform'] = dict(
    source='2003年中华人民共和国国务院政府工作报告 (zh.wikisource). Five-year review item （九） 转变政府职能: '
           '机构改革 (internal counts), 行政审批制度改革 (1195项), 电子政务, 作风建设.',
    regions=NATIONAL,
    platforms=[],
    initiatives=[
        item(CN, '电子政务', '电子政务建设不断推进', optional=True, aliases=['电子政务建设']),
        item(CN, '行政审批制度改革', '转变政府职能，必须改革行政审批制度', optional=True),
        item(CN, '相对集中行政处罚权试点', '开展了相对集中行政处罚权试点工作', optional=True),
        item(CN, '社会信用体系', '努力建立社会信用体系', optional=True),
    ],
    targets=[
        tgt(CN, '国务院取消的行政审批事项数', 1195, '个', '=', '国务院已取消1195个行政审批事项'),
    ],
    goals=[],
)

FILES['C06_national_2016_gwr_fangguanfu'] = dict(
    source='2016年中华人民共和国国务院政府工作报告 (zh.wikisource). 2016 tasks: end of （一） (财税, 货币 M2, 金融: noise) '
           'and the start of （二） (简政放权、放管结合、优化服务, 证照分离, 双随机、一公开, 互联网+政务服务).',
    regions=NATIONAL,
    platforms=[],
    initiatives=[
        item(CN, '放管服', '推动简政放权、放管结合、优化服务改革向纵深发展', aliases=FGF_ALIASES),
        item(CN, '证照分离', '开展证照分离试点', aliases=['证照分离试点', '证照分离改革']),
        item(CN, '双随机、一公开', '全面推行“双随机、一公开”监管', aliases=['双随机一公开', '双随机、一公开监管']),
        item(CN, '互联网+政务服务', '大力推行“互联网+政务服务”'),
        item(CN, '商事制度改革', '深化商事制度改革', optional=True),
        item(CN, '权力和责任清单', '全面公布地方政府权力和责任清单', optional=True,
             aliases=['地方政府权力和责任清单']),
        item(CN, '市场准入负面清单制度', '在部分地区试行市场准入负面清单制度', optional=True),
        item(CN, '综合行政执法改革', '推进综合行政执法改革', optional=True),
    ],
    targets=[],
    goals=[],
)

FILES['C07_national_2017_gwr_approval'] = dict(
    source='2017年中华人民共和国国务院政府工作报告 (delivered 2017-03-05, 十二届全国人大五次会议; zh.wikisource). '
           '2016 review items 二 (去产能: noise), 三 (改革: 审批事项, 双随机、一公开, 互联网+政务服务; 开放: noise).',
    regions=NATIONAL,
    platforms=[],
    initiatives=[
        item(CN, '放管服', '持续推进简政放权、放管结合、优化服务改革', aliases=FGF_ALIASES),
        item(CN, '双随机、一公开', '全面推行“双随机、一公开”', aliases=['双随机一公开']),
        item(CN, '互联网+政务服务', '推进“互联网+政务服务”'),
        item(CN, '商事制度改革', '深化商事制度改革', optional=True),
        item(CN, '公平竞争审查制度', '建立公平竞争审查制度', optional=True),
        item(CN, '药品医疗器械审评审批制度改革', '深化药品医疗器械审评审批制度改革', optional=True,
             aliases=['审评审批制度改革']),
    ],
    targets=[
        tgt(CN, '本届政府减少行政审批事项比例目标（已提前完成）', 33.3, '%', '=',
            '减少行政审批事项三分之一目标', optional=True),
        tgt(CN, '取消的国务院部门及其指定地方实施的审批事项数', 165, '项', '=',
            '去年又取消165项国务院部门及其指定地方实施的审批事项'),
        tgt(CN, '清理规范的审批中介服务事项数', 192, '项', '=', '清理规范192项审批中介服务事项'),
        tgt(CN, '清理规范的职业资格许可认定事项数', 220, '项', '=', '220项'),
    ],
    goals=[],
)

FILES['C08_national_2018_gwr_zhengzhao'] = dict(
    source='2018年中华人民共和国国务院政府工作报告 (zh.wikisource). 2018 tasks （一）: 新动能 (网络提速降费), 制造强国, '
           '破除无效供给 (noise) and 深化“放管服”改革 (证照分离, 企业开办, 审批时间, 互联网+政务服务, 只进一扇门, 最多跑一次).',
    regions=NATIONAL,
    platforms=[
        item(CN, '政府信息系统', '加快政府信息系统互联互通', optional=True),
    ],
    initiatives=[
        item(CN, '放管服', '深化“放管服”改革', aliases=['放管服改革']),
        item(CN, '证照分离', '在全国推开“证照分离”改革', aliases=['证照分离改革']),
        item(CN, '双随机、一公开', '全面实施“双随机、一公开”监管', aliases=['双随机一公开', '双随机、一公开监管']),
        item(CN, '互联网+政务服务', '深入推进“互联网+政务服务”'),
        item(CN, '只进一扇门', '“只进一扇门”'),
        item(CN, '最多跑一次', '“最多跑一次”'),
        item(CN, '市场准入负面清单制度', '全面实施全国统一的市场准入负面清单制度', optional=True),
        item(CN, '企业投资项目承诺制改革试点', '推进企业投资项目承诺制改革试点', optional=True,
             aliases=['企业投资项目承诺制改革']),
        item(CN, '政务服务标准化建设', '加强政务服务标准化建设', optional=True),
        item(CN, '综合执法机构机制改革', '大力推进综合执法机构机制改革', optional=True),
        item(CN, '数字中国', '为数字中国、网络强国建设加油助力', optional=True),
    ],
    targets=[
        tgt(CN, '工程建设项目审批时间压减比例', 50, '%', '=', '工程建设项目审批时间再压减一半', optional=True),
        tgt(CN, '移动网络流量资费降幅', 30, '%', '>=', '移动网络流量资费年内至少降低30%', optional=True),
    ],
    goals=[],
)

FILES['C09_national_2021_gwr_kuasheng'] = dict(
    source='2021年中华人民共和国国务院政府工作报告 (delivered 2021-03-05, 十三届全国人大四次会议; zh.wikisource). '
           '2021 tasks （二） 重点领域改革: 放管服, 证照分离, 互联网＋监管, 数字政府, 跨省通办; 降低企业生产经营成本.',
    regions=NATIONAL,
    platforms=[],
    initiatives=[
        item(CN, '放管服', '纵深推进“放管服”改革', aliases=['放管服改革']),
        item(CN, '证照分离', '深化“证照分离”改革', aliases=['证照分离改革']),
        item(CN, '互联网+监管', '大力推行“互联网＋监管”', aliases=['互联网＋监管']),
        item(CN, '跨省通办', '今年要基本实现“跨省通办”'),
        item(CN, '数字政府', '加强数字政府建设', optional=True, aliases=['数字政府建设']),
        item(CN, '电子证照', '推动电子证照扩大应用领域和全国互通互认', optional=True, either=True),
        item(CN, '政务数据共享协调机制', '建立健全政务数据共享协调机制', optional=True),
        item(CN, '网上办', '实现更多政务服务事项网上办、掌上办、一次办', optional=True),
        item(CN, '掌上办', '实现更多政务服务事项网上办、掌上办、一次办', optional=True),
        item(CN, '一次办', '实现更多政务服务事项网上办、掌上办、一次办', optional=True),
        item(CN, '中小微企业简易注销制度', '实行中小微企业简易注销制度', optional=True,
             aliases=['简易注销制度']),
        item(CN, '要素市场化配置综合改革试点', '开展要素市场化配置综合改革试点', optional=True),
    ],
    targets=[
        tgt(CN, '中小企业宽带和专线平均资费降幅', 10, '%', '=', '中小企业宽带和专线平均资费再降10%', optional=True),
        tgt(CN, '民航发展基金航空公司征收标准降幅', 20, '%', '=',
            '将民航发展基金航空公司征收标准降低20%', optional=True),
    ],
    goals=[],
)

FILES['C10_national_2022_gwr_yiwangtongban'] = dict(
    source='2022年中华人民共和国国务院政府工作报告 (delivered 2022-03-05, 十三届全国人大五次会议; zh.wikisource). '
           '2021 review: end of 一 (宏观政策), 二 (助企纾困), 三 (改革/营商环境: 一网通办), 四 (创新). Mostly macro bait.',
    regions=NATIONAL,
    platforms=[],
    initiatives=[
        item(CN, '一网通办', '更多政务服务事项实现一网通办', either=True),
        item(CN, '营商环境创新试点', '开展营商环境创新试点', optional=True),
    ],
    targets=[
        tgt(CN, '新增减税降费', 1000000000000, '元', '>', '去年新增减税降费超过1万亿元', optional=True),
    ],
    goals=[],
)

FILES['C11_national_2023_gwr_bizreform'] = dict(
    source='2023年中华人民共和国国务院政府工作报告 (delivered 2023-03-05, 十四届全国人大一次会议; zh.wikisource). '
           'Five-year review: end of （二） (乡村振兴: noise), （三） 深化改革 (政府职能转变: 许可, 审批, 证照分离, 企业开办, '
           '数字政府, 跨省通办; 经营主体 counts), 所有制, 财税金融.',
    regions=NATIONAL,
    platforms=[],
    initiatives=[
        item(CN, '证照分离', '推行“证照分离”改革', aliases=['证照分离改革']),
        item(CN, '双随机、一公开', '推行“双随机、一公开”等方式加强公正监管', aliases=['双随机一公开']),
        item(CN, '跨省通办', '200多项群众经常办理事项实现跨省通办'),
        item(CN, '数字政府', '加快数字政府建设', optional=True, aliases=['数字政府建设']),
        item(CN, '市场准入负面清单制度', '全面实施市场准入负面清单制度', optional=True),
        item(CN, '商事制度改革', '改革商事制度', optional=True, aliases=['商事制度']),
        item(CN, '中小微企业简易注销制度', '实行中小微企业简易注销制度', optional=True,
             aliases=['简易注销制度']),
        item(CN, '政务服务集成办理', '推进政务服务集成办理', optional=True),
        item(CN, '公平竞争审查制度', '全面落实公平竞争审查制度', optional=True),
        item(CN, '简政放权', '进一步简政放权', optional=True),
        item(CN, '放管结合', '坚持放管结合', optional=True),
    ],
    targets=[
        tgt(CN, '市场准入负面清单管理措施压减比例（比制度建立之初）', 64, '%', '=', '清单管理措施比制度建立之初压减64%'),
        tgt(CN, '多年来取消和下放的行政许可事项数', 1000, '项', '>', '取消和下放行政许可事项1000多项'),
        tgt(CN, '中央政府层面核准投资项目压减比例', 90, '%', '>=', '中央政府层面核准投资项目压减90%以上'),
        tgt(CN, '工业产品生产许可证类别数', 10, '类', '=', '工业产品生产许可证从60类减少到10类'),
        tgt(CN, '工程建设项目全流程审批时间', 120, '个工作日', '<=', '工程建设项目全流程审批时间压缩到不超过120个工作日'),
        tgt(CN, '企业开办时间（平均）', 4, '个工作日', '<=', '压缩到目前的平均4个工作日以内'),
        tgt(CN, '网上可办的政务服务比例', 90, '%', '>=', '90%以上的政务服务实现网上可办'),
        tgt(CN, '实现跨省通办的群众经常办理事项数', 200, '项', '>', '200多项群众经常办理事项实现跨省通办'),
    ],
    goals=[],
)

FILES['C12_national_2024_gwr_efficiency'] = dict(
    source='2024年中华人民共和国国务院政府工作报告 (delivered 2024-03-05, 十四届全国人大二次会议; zh.wikisource). '
           '2024 tasks: end of part 三 (文化, 安全: noise, with "2024年奥运会") and the 政府自身建设 paragraphs '
           '(依法行政, 政务公开, 行政效能: 数字政府, 高效办成一件事).',
    regions=NATIONAL,
    platforms=[],
    initiatives=[
        item(CN, '高效办成一件事', '以推进“高效办成一件事”为牵引'),
        item(CN, '数字政府', '加快数字政府建设', optional=True, aliases=['数字政府建设']),
        item(CN, '政务公开', '完善政务公开制度', optional=True, aliases=['政务公开制度']),
    ],
    targets=[],
    goals=[],
)

def main():
    os.makedirs(GOLD, exist_ok=True)
    for stem, d in FILES.items():
        out = {'doc': '../docs/%s.txt' % stem, 'source': d['source'], 'regions': d['regions'],
               'platforms': d['platforms'], 'initiatives': d['initiatives'],
               'targets': d['targets'], 'goals': d['goals']}
        with open(os.path.join(GOLD, stem + '.json'), 'w', encoding='utf-8') as f:
            json.dump(out, f, ensure_ascii=False, indent=1)
            f.write('\n')
    print('wrote', len(FILES), 'gold files')

if __name__ == '__main__':
    main()
