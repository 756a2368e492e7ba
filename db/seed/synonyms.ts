import type { Executor } from '../index'
import { countSynonyms, replaceSynonymGroup } from '../repos/search-docs'

// The starting synonym list for the domain; admins edit it at /admin/synonyms.
// Seeded once, into an empty table, so admins' edits are never overwritten.
export const DEFAULT_SYNONYMS: string[][] = [
  ['新能源汽车', '电动汽车', '电动车', 'nev'],
  ['热管理', '温控', '热控制'],
  ['动力电池', '锂电池', '蓄电池'],
  ['储能', '储能系统', '电化学储能'],
  ['轻量化', '减重'],
  ['机器人', '机械臂'],
  ['人工智能', 'ai', '智能算法'],
  ['物联网', 'iot', '传感网'],
  ['数字孪生', '虚拟仿真'],
  ['无损检测', '探伤'],
  ['固废', '固体废物', '废渣'],
  ['螺蛳粉', '柳州螺蛳粉'],
  ['甘蔗', '糖蔗'],
  ['保鲜', '贮藏', '储藏'],
  ['中试', '小试', '放大试验'],
  ['专利', '知识产权'],
  ['壮医', '壮医药', '民族医药'],
  ['工程机械', '装载机', '挖掘机'],
]

export async function seedSynonyms(db: Executor) {
  if ((await countSynonyms(db)) > 0) return
  for (const terms of DEFAULT_SYNONYMS) await replaceSynonymGroup(db, null, terms, null)
}
