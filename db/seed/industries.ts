import type { Executor } from '../index'

// Industry taxonomy, seeded with Liuzhou's key industries (柳州市重点产业).
// Reference data every installation needs; admins may extend it later.
type Row = { code: string; name_zh: string; name_en: string; parent_code: string | null }

const TOP: [string, string, string][] = [
  ['auto', '汽车及新能源汽车', 'Automotive & new-energy vehicles'],
  ['machinery', '机械装备制造', 'Machinery & equipment'],
  ['materials', '钢铁及新材料', 'Steel & new materials'],
  ['biomed', '生物医药与大健康', 'Biomedicine & health'],
  ['electronics', '电子信息', 'Electronics & information'],
  ['agrifood', '现代农业与食品加工', 'Modern agriculture & food processing'],
  ['green', '节能环保', 'Energy saving & environment'],
  ['chemicals', '化工', 'Chemicals'],
  ['construction', '建筑与建材', 'Construction & building materials'],
  ['services', '科技服务与数字经济', 'Technology services & digital economy'],
]

const SUB: [string, string, string, string][] = [
  ['auto', 'auto.nev', '新能源汽车整车与三电', 'NEV vehicles & electric drive'],
  ['auto', 'auto.thermal', '汽车热管理', 'Vehicle thermal management'],
  ['auto', 'auto.lightweight', '汽车轻量化', 'Vehicle lightweighting'],
  ['auto', 'auto.intelligent', '智能网联汽车', 'Connected & autonomous vehicles'],
  ['auto', 'auto.parts', '汽车零部件', 'Auto parts'],
  ['machinery', 'machinery.construction', '工程机械', 'Construction machinery'],
  ['machinery', 'machinery.robotics', '工业机器人与智能制造', 'Industrial robots & smart manufacturing'],
  ['machinery', 'machinery.hydraulics', '液压与传动', 'Hydraulics & transmission'],
  ['materials', 'materials.steel', '钢铁深加工', 'Steel processing'],
  ['materials', 'materials.alloys', '特种合金', 'Special alloys'],
  ['materials', 'materials.surface', '表面工程与涂层', 'Surface engineering & coatings'],
  ['materials', 'materials.composites', '复合材料', 'Composites'],
  ['biomed', 'biomed.ethnic', '壮瑶医药', 'Zhuang & Yao medicine'],
  ['biomed', 'biomed.devices', '医疗器械', 'Medical devices'],
  ['biomed', 'biomed.diagnostics', '诊断与检测', 'Diagnostics'],
  ['electronics', 'electronics.software', '软件与信息服务', 'Software & IT services'],
  ['electronics', 'electronics.iot', '物联网与传感器', 'IoT & sensors'],
  ['electronics', 'electronics.ai', '人工智能与工业互联网', 'AI & industrial internet'],
  ['agrifood', 'agrifood.sugar', '蔗糖及综合利用', 'Cane sugar & by-products'],
  ['agrifood', 'agrifood.processing', '食品加工与保鲜', 'Food processing & preservation'],
  ['agrifood', 'agrifood.tea', '茶叶与特色种植', 'Tea & specialty crops'],
  ['agrifood', 'agrifood.forestry', '林业与林下经济', 'Forestry & understory economy'],
  ['green', 'green.energy', '新能源与储能', 'New energy & storage'],
  ['green', 'green.recycling', '资源循环利用', 'Resource recycling'],
  ['green', 'green.pollution', '污染治理', 'Pollution control'],
]

export const INDUSTRIES: Row[] = [
  ...TOP.map(([code, name_zh, name_en]) => ({ code, name_zh, name_en, parent_code: null })),
  ...SUB.map(([parent_code, code, name_zh, name_en]) => ({ code, name_zh, name_en, parent_code })),
]

export async function seedIndustries(db: Executor) {
  // Parents first, so the foreign key holds within one statement's batch order.
  const rows = INDUSTRIES.map((r, i) => ({ ...r, sort: i }))
  for (const batch of [rows.filter((r) => !r.parent_code), rows.filter((r) => r.parent_code)]) {
    await db
      .insertInto('industries')
      .values(batch)
      .onConflict((oc) =>
        oc.column('code').doUpdateSet((eb) => ({ name_zh: eb.ref('excluded.name_zh'), name_en: eb.ref('excluded.name_en'), sort: eb.ref('excluded.sort') })),
      )
      .execute()
  }
}
