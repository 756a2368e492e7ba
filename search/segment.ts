import { Jieba } from '@node-rs/jieba'
import { dict } from '@node-rs/jieba/dict'

// Chinese-aware tokenising. jieba's search mode emits a word and the shorter
// words inside it (待处理 → 处理, 待处理), so a query for a word found inside a
// longer one still matches: the prefix-only behaviour users complain about in
// other engines. Latin words and numbers pass through lower-cased.

let jieba: Jieba | null = null
function segmenter() {
  jieba ??= Jieba.withDict(dict)
  return jieba
}

const FULLWIDTH = /[\uFF01-\uFF5E]/g
/** Full-width ASCII to half-width, lower case, trimmed. */
export function normalise(text: string) {
  return text.replace(FULLWIDTH, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/\u3000/g, ' ').toLowerCase()
}

const MEANINGFUL = /[\p{L}\p{N}]/u
const STOP = new Set(['的', '和', '与', '及', '或', '在', '对', '为', '等', '了', '是', '有', 'the', 'a', 'an', 'of', 'and', 'or', 'for', 'to', 'in'])

function keep(token: string) {
  const t = token.trim()
  return t.length > 0 && MEANINGFUL.test(t) && !STOP.has(t)
}

/** Every token for the index: search-mode cut, de-duplicated. `normalised`: the text already went through normalise(). */
export function indexTokens(text: string, normalised = false): string[] {
  if (!text) return []
  const out = new Set<string>()
  for (const t of segmenter().cutForSearch(normalised ? text : normalise(text), true)) {
    const token = t.trim()
    if (keep(token)) out.add(token)
  }
  return [...out]
}

/**
 * The words of a query (precise cut), each with the shorter words search mode
 * finds inside it: a document matches a word when it has the word or, for a
 * long compound, all of its parts.
 */
export function queryWords(query: string): { word: string; parts: string[] }[] {
  const words = segmenter().cut(normalise(query), true).map((t) => t.trim()).filter(keep)
  const seen = new Set<string>()
  const out: { word: string; parts: string[] }[] = []
  for (const word of words) {
    if (seen.has(word)) continue
    seen.add(word)
    const parts = segmenter()
      .cutForSearch(word, true)
      .map((t) => t.trim())
      .filter((t) => keep(t) && t !== word)
    out.push({ word, parts: [...new Set(parts)] })
  }
  return out
}

const CJK_RUN = /[\u3400-\u9fff\uf900-\ufaff]+/g

/** Consecutive CJK character pairs of each run (液冷板 → 液冷, 冷板), for substring recall. */
export function cjkBigramRuns(text: string, normalised = false): string[][] {
  const runs: string[][] = []
  for (const m of (normalised ? text : normalise(text)).matchAll(CJK_RUN)) {
    const chars = [...m[0]]
    if (chars.length < 2) continue
    const run: string[] = []
    for (let i = 0; i + 1 < chars.length; i++) run.push(chars[i]! + chars[i + 1]!)
    runs.push(run)
  }
  return runs
}

export function hasCjk(text: string) {
  return /[\u3400-\u9fff\uf900-\ufaff]/.test(text)
}
