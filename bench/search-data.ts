// Believable Chinese listings at scale for the search benchmark: titles and
// summaries composed from Liuzhou's industries' vocabulary with a seeded
// random generator, so every run indexes the same corpus.

import type { BulkListing } from '../db/seed/bulk'
import type { SearchQuery } from '../search/types'

export function rng(seed: number) {
  let s = seed >>> 0
  return () => {
    s = (s + 0x6d2b79f5) >>> 0
    let t = s
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export const VOCAB: Record<string, { objects: string[]; methods: string[]; benefits: string[] }> = {
  auto: {
    objects: ['新能源汽车', '电池包', '液冷板', '电驱动总成', '副车架', '热泵空调', '线控底盘', '高压线束', '座椅骨架', '空气悬架', '永磁同步电机', '车载终端', '轮毂', '制动系统'],
    methods: ['一体化成型', '高真空压铸', '轻量化设计', '热管理控制', '远程诊断', '激光拼焊', '动平衡校正', 'NVH诊断', '智能网联', '疲劳试验'],
    benefits: ['减重', '续航提升', '成本降低', '故障率下降', '节拍缩短'],
  },
  machinery: {
    objects: ['液压多路阀', '装载机', '焊接机器人', '轴承套圈', '数控机床', '注塑模具', '电梯曳引机', '履带底盘', '减速器', '工程机械'],
    methods: ['数字孪生', '自动铲装', '视觉跟踪', '磨削控制', '随形冷却', '增材制造', '在线监测', '参数化设计', '故障预测'],
    benefits: ['效率提升', '能耗降低', '返修率下降', '寿命延长'],
  },
  materials: {
    objects: ['耐候钢', '弹簧钢', '钢渣微粉', '药芯焊丝', '碳纤维复合材料', '镀锌线', '铝合金', '球墨铸铁', '粉末冶金齿轮', '不锈钢冷轧板'],
    methods: ['控轧控冷', '喷丸强化', '无铬钝化', '激光熔覆', '旋压成形', '热处理', '表面纳米化', '缺陷检测'],
    benefits: ['强度提高', '耐蚀性提升', '综合利用率提高', '成本下降'],
  },
  biomed: {
    objects: ['壮医药线', '瑶药提取物', '止血海绵', '超声影像', '罗汉果甜苷', '快速检测试剂', '医用防护服', '慢病随访'],
    methods: ['标准化操作', '提取纯化', '辅助诊断', '恒温扩增', '冻干成型', '虚拟仿真训练'],
    benefits: ['准确率提高', '检测时间缩短', '收率提高'],
  },
  electronics: {
    objects: ['设备联网', '能耗看板', '知识问答系统', '工业互联网平台', '视觉质检', '物联网传感器', '边缘网关', '追溯系统'],
    methods: ['深度学习', '大模型', '边缘计算', '数据采集', '预测性维护', '多参数传感'],
    benefits: ['OEE提升', '人工减少', '查找时间缩短'],
  },
  agrifood: {
    objects: ['螺蛳粉', '酸笋', '金桔', '糯米柚', '黄精', '茶叶', '甘蔗', '蔗梢', '百香果', '米粉', '罗汉果'],
    methods: ['发酵控制', '采后保鲜', '机械化栽培', '林下种植', '绿色防控', '杀菌工艺', '青贮加工', '脱毒快繁', '水肥一体化'],
    benefits: ['亩产提高', '货架期延长', '损耗降低', '合格率提高'],
  },
  green: {
    objects: ['退役动力电池', '储能柜', '铸造废砂', '高炉煤气', '糖蜜废液', '光储充系统', '蔗渣', '钢渣'],
    methods: ['梯次利用', '热失控预警', '热法再生', '干法脱硫', '达标处理', '能量管理', '高值化利用'],
    benefits: ['排放降低', '利用率提高', '电费节约'],
  },
}

export const INDUSTRY_SUBS: Record<string, string[]> = {
  auto: ['auto.nev', 'auto.thermal', 'auto.lightweight', 'auto.intelligent', 'auto.parts'],
  machinery: ['machinery.construction', 'machinery.robotics', 'machinery.hydraulics'],
  materials: ['materials.steel', 'materials.alloys', 'materials.surface', 'materials.composites'],
  biomed: ['biomed.ethnic', 'biomed.devices', 'biomed.diagnostics'],
  electronics: ['electronics.software', 'electronics.iot', 'electronics.ai'],
  agrifood: ['agrifood.sugar', 'agrifood.processing', 'agrifood.tea', 'agrifood.forestry'],
  green: ['green.energy', 'green.recycling', 'green.pollution'],
}

const TAILS = ['技术', '工艺', '系统', '装置', '方法', '平台', '关键技术研究', '成套设备', '应用示范']
const MODES = ['transfer', 'licence', 'equity', 'co_development', 'service', 'consulting']
const DIVISIONS = ['450202', '450203', '450204', '450205', '450206', '450222', '450223', '450224', '450225', '450226', '4502LD']

/** A listing as generated: what db/seed/bulk.ts stores, less the owner and the dates it derives. */
export type GeneratedListing = Omit<BulkListing, 'orgId' | 'createdBy' | 'publishedAt' | 'expiresAt'> & { publishedDaysAgo: number }

export function generateListing(r: () => number, kind: 'achievement' | 'need'): GeneratedListing {
  const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)]!
  const top = pick(Object.keys(VOCAB))
  const v = VOCAB[top]!
  const object = pick(v.objects)
  const method = pick(v.methods)
  const benefit = pick(v.benefits)
  const pct = 5 + Math.floor(r() * 60)
  const title =
    kind === 'achievement'
      ? `${object}${method}${pick(TAILS)}`
      : pick([`${object}${method}难题急需解决`, `寻求${object}${method}合作`, `${object}${benefit}技术需求`, `${object}生产线${method}改造`])
  const summary =
    kind === 'achievement'
      ? `采用${method}方法解决${object}的关键问题，已完成${pick(['实验室验证', '中试', '样机试制', '小批量应用'])}，${benefit}${pct}%。适用于${pick(v.objects)}等场景。`
      : `企业现有${object}存在${pick(['效率低', '成本高', '质量不稳定', '能耗偏高'])}问题，希望引进${method}技术，实现${benefit}${pct}%以上。`
  const priced = r() < 0.75
  const min = (5 + Math.floor(r() * 300)) * 1_000_000
  const modes = [...new Set([pick(MODES), pick(MODES)])]
  return {
    title,
    summary,
    benefit: `与现有方案相比${benefit}${pct}%`,
    keywords: [object, method],
    industryCode: pick(INDUSTRY_SUBS[top]!),
    trl: 3 + Math.floor(r() * 7),
    modes,
    priceMinFen: priced ? min : null,
    priceMaxFen: priced ? min + Math.floor(r() * 200) * 1_000_000 : null,
    division: pick(DIVISIONS),
    publishedDaysAgo: Math.floor(r() * 330),
  }
}

// 46 queries: common and rare terms, substrings inside words, mixed scripts, with and without filters and ORDER BY.
export const BENCH_QUERIES: SearchQuery[] = [
  ...['技术', '汽车', '电池', '液压', '检测', '螺蛳粉', '保鲜', '储能', '轻量化', '新能源汽车', '数字孪生', '大模型', '罗汉果', '黄精', '酸笋', '蔗梢', '糯米柚', '球墨铸铁', '镀锌线', '热失控', '副车架', '动平衡', 'NVH诊断', 'OEE提升'].map((q) => ({ q })),
  ...['能源汽', '冷板', '压铸', '处理', '寿命延长', '脱硫'].map((q) => ({ q })),
  { q: '电池', filters: { industry: 'green' } },
  { q: '汽车', filters: { trl: 7 } },
  { q: '检测', filters: { industry: 'materials' }, sort: 'newest' },
  { q: '保鲜', sort: 'price_asc' },
  { q: '液压', filters: { mode: 'licence' } },
  { q: '技术', filters: { industry: 'auto' }, sort: 'newest' },
  { q: '智能', filters: { division: '450204' } },
  { q: '', filters: { industry: 'agrifood' }, sort: 'newest' },
  { q: '', filters: { trl: 9 }, sort: 'price_desc' },
  { q: '焊接 机器人' },
  { q: 'AI 质检' },
  { q: '工程机械 寿命' },
  { q: '新能源 电池包', filters: { industry: 'auto' } },
  { q: '茶叶 采后', sort: 'newest' },
  { q: '铝合金 轮毂 旋压' },
  { q: '边缘计算', filters: { priceBand: '50to200' } },
]
