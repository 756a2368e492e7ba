import { cjkBigramRuns, normalise, queryWords, wordCover } from './segment'
import { quoteLexeme } from './tsvector'

// Turns what a person typed into a tsquery over the lexemes tsvector.ts
// indexes. A run of Chinese matches as a bigram phrase, which finds it
// anywhere, inside longer words too (能源汽 in 新能源汽车); or, when jieba cuts
// it into words, as all of those words, each of which may be a synonym
// (电动汽车电池 also finds 新能源汽车 … 电池). Latin words and numbers match whole
// or as a prefix. `fuzzy` is the near-miss fallback (pg_trgm) used only when
// nothing matched; `single` a lone Chinese character, matched by substring.
//
// `broad` and `broadAny` are `all` and `any` with each Chinese run of three
// characters or more also matching as all of its words anywhere in the listing
// (segment.ts wordCover): 电机控制 finds 电机矢量控制. A search matches the
// broad query and ranks the listings matching the strict one (the query as
// written) above the rest; null when no run has words to spread.

export interface CompiledQuery {
  all: string | null
  any: string | null
  broad: string | null
  broadAny: string | null
  fuzzy: string | null
  single: string | null
  terms: string[]
}

const CJK = /[\u3400-\u9fff\uf900-\ufaff]+/g

function phrase(cjk: string): string {
  const run = cjkBigramRuns(cjk)[0] ?? []
  return run.length === 1 ? quoteLexeme(run[0]!) : `(${run.map(quoteLexeme).join(' <-> ')})`
}

function latinClause(word: string) {
  return `(${quoteLexeme(word)} | ${quoteLexeme(word)}:*)`
}

export function compileQuery(q: string, synonyms: Map<string, string[]>): CompiledQuery {
  const text = normalise(q).trim()
  if (!text) return { all: null, any: null, broad: null, broadAny: null, fuzzy: null, single: null, terms: [] }
  const terms = new Set<string>()
  const clauses: string[] = []
  const broadClauses: string[] = []
  let single: string | null = null

  const withSynonyms = (word: string, clause: string) => {
    const alternatives = [clause]
    for (const syn of synonyms.get(word) ?? []) {
      terms.add(syn)
      const parts = syn.match(CJK) ? synClause(syn) : latinClause(syn)
      alternatives.push(parts)
    }
    return alternatives.length > 1 ? `(${alternatives.join(' | ')})` : clause
  }
  const synClause = (syn: string) => {
    const pieces = [...syn.matchAll(/[\u3400-\u9fff\uf900-\ufaff]{2,}|[a-z0-9]+/g)].map((m) => (m[0].match(CJK) ? phrase(m[0]) : latinClause(m[0])))
    return pieces.length === 1 ? pieces[0]! : `(${pieces.join(' & ')})`
  }

  for (const chunk of text.split(/\s+/)) {
    for (const m of chunk.matchAll(/[\u3400-\u9fff\uf900-\ufaff]+|[a-z0-9][a-z0-9.-]*/g)) {
      const piece = m[0]
      if (!piece.match(CJK)) {
        terms.add(piece)
        clauses.push(withSynonyms(piece, latinClause(piece)))
        broadClauses.push(clauses.at(-1)!)
        continue
      }
      if ([...piece].length === 1) {
        single ??= piece
        continue
      }
      terms.add(piece)
      const words = queryWords(piece).map((w) => w.word)
      const whole = withSynonyms(piece, phrase(piece))
      const wordLevel =
        words.length > 1 && words.every((w) => [...w].length >= 2) && words.some((w) => synonyms.has(w))
          ? `(${words.map((w) => (terms.add(w), withSynonyms(w, phrase(w)))).join(' & ')})`
          : null
      const clause = wordLevel ? `(${whole} | ${wordLevel})` : whole
      clauses.push(clause)
      const cover = wordCover(piece)
      for (const w of cover.flat()) terms.add(w)
      broadClauses.push(cover.length ? `(${clause} | ${cover.map((g) => (g.length === 1 ? phrase(g[0]!) : `(${g.map(phrase).join(' | ')})`)).join(' & ')})` : clause)
    }
  }
  const compact = text.replace(/\s+/g, '')
  const spread = broadClauses.some((c, i) => c !== clauses[i])
  return {
    all: clauses.length ? clauses.join(' & ') : null,
    any: clauses.length > 1 ? clauses.join(' | ') : null,
    broad: spread ? broadClauses.join(' & ') : null,
    broadAny: spread && broadClauses.length > 1 ? broadClauses.join(' | ') : null,
    fuzzy: /^[a-z0-9.-]{4,}$/i.test(compact) ? compact : null,
    single: clauses.length ? null : single,
    terms: [...terms],
  }
}
