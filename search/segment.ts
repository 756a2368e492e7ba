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

/**
 * What "all words anywhere" asks of a run of Chinese (three characters or
 * more; a pair is its own bigram): every character must be found inside one of
 * the dictionary words (two characters or more, jieba's full mode) that cover
 * it in the run, or, where no such word covers it, next to one of its
 * neighbours in the run (the bigrams around it). 冷轧带钢, which the precise
 * cut splits 冷轧带 / 钢, asks for 冷轧 | 冷轧带 | 轧带 … and 带钢. Each entry
 * lists the alternatives for one or more characters; an entry implied by a
 * narrower one is dropped. Empty when the run is one word (the phrase itself).
 */
export function wordCover(run: string): string[][] {
  const chars = [...normalise(run)]
  if (chars.length < 3 || !chars.every((c) => /[\u3400-\u9fff\uf900-\ufaff]/.test(c))) return []
  const text = chars.join('')
  const covering: Set<string>[] = chars.map(() => new Set())
  for (const word of new Set(segmenter().cutAll(text))) {
    const len = [...word].length
    if (len < 2) continue
    // Positions in characters (every character here is one UTF-16 unit or a pair alike, so search the array).
    for (let i = 0; i + len <= chars.length; i++) {
      if (chars.slice(i, i + len).join('') === word) for (let k = i; k < i + len; k++) covering[k]!.add(word)
    }
  }
  covering.forEach((set, i) => {
    if (set.size) return
    if (i > 0) set.add(chars[i - 1]! + chars[i]!)
    if (i + 1 < chars.length) set.add(chars[i]! + chars[i + 1]!)
  })
  const groups = [...new Map(covering.map((set) => [[...set].sort().join('|'), [...set].sort()])).values()]
  const kept = groups.filter((g) => !groups.some((h) => h !== g && h.length < g.length && h.every((w) => g.includes(w))))
  return kept.length === 1 && kept[0]!.length === 1 && kept[0]![0] === text ? [] : kept
}
