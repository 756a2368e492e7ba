import { cjkBigramRuns, indexTokens, normalise } from './segment'

// Builds a tsvector literal ('lexeme':position+weight …) from our own tokens,
// so PostgreSQL never has to parse Chinese. Two kinds of lexemes:
//  - jieba search-mode words, for word matches and ranking;
//  - CJK character bigrams at consecutive positions, so any Chinese substring
//    of two or more characters is found with a phrase query (能源汽 → 能源 <-> 源汽),
//    the recall jieba alone (and prefix-only engines) cannot give.

type Weight = 'A' | 'B' | 'C'
const MAX_POSITION = 16383

/**
 * Filter lexemes ("tags"): industry, TRL, mode, county, price band and
 * organisation type ride in the same tsvector as the words, without positions,
 * so a filtered search is one GIN scan (words & filters) instead of a scan
 * followed by reading every matching row to test its columns. The `~` prefix
 * is reserved: a word or code starting with it is never indexed.
 */
export type TagKind = 'i' | 'l' | 'm' | 'd' | 'p' | 'o'
export function tagLexeme(kind: TagKind, value: string | number) {
  return `~${kind}:${value}`
}

const NEEDS_ESCAPE = /['\\]/
export function quoteLexeme(lexeme: string) {
  return NEEDS_ESCAPE.test(lexeme) ? `'${lexeme.replace(/\\/g, '\\\\').replace(/'/g, "''")}'` : `'${lexeme}'`
}

export class TsvectorBuilder {
  /** Each lexeme's positions, as "12A" strings in the order added. */
  private readonly lexemes = new Map<string, string[]>()
  private readonly tags = new Set<string>()
  private position = 1

  private add(lexeme: string, w: Weight) {
    const pos = this.position++
    if (pos > MAX_POSITION || lexeme.charCodeAt(0) === 126 /* ~ */) return
    const list = this.lexemes.get(lexeme)
    if (!list) this.lexemes.set(lexeme, [pos + w])
    else if (list.length < 255) list.push(pos + w)
  }

  /** Adds a field's text: words, then bigram runs with a gap between runs. */
  field(text: string, w: Weight, extraWords: string[] = []) {
    const normal = normalise(text)
    for (const word of indexTokens(normal, true)) this.add(word, w)
    // A patent number written in the text is found however it is typed (with or without ZL, check digit, dot).
    for (const variant of patentNumberVariants(normal)) this.add(variant, w)
    for (const x of extraWords) {
      const word = normalise(x).trim()
      if (word) this.add(word, w)
    }
    for (const run of cjkBigramRuns(normal, true)) {
      this.position += 2
      for (const bigram of run) this.add(bigram, w)
    }
    this.position += 2
    return this
  }

  /** Adds filter lexemes (no positions); empty values are skipped. */
  tag(kind: TagKind, ...values: (string | number | null | undefined)[]) {
    for (const v of values) if (v !== null && v !== undefined && v !== '') this.tags.add(tagLexeme(kind, v))
    return this
  }

  toString() {
    let out = ''
    for (const [lex, pos] of this.lexemes) out += (out ? ' ' : '') + quoteLexeme(lex) + ':' + pos.join(',')
    for (const tag of this.tags) out += (out ? ' ' : '') + quoteLexeme(tag)
    return out
  }
}

/** Codes such as patent numbers, searchable whole, without punctuation, by their digit runs and as any patent number form. */
export function codeVariants(code: string): string[] {
  const c = normalise(code).trim()
  const bare = c.replace(/[^a-z0-9]/g, '')
  const digits = c.match(/\d{4,}/g) ?? []
  return [...new Set([c, bare, ...digits, ...patentNumberVariants(c)])].filter(Boolean)
}

// A Chinese patent (application) number: 12 digits (8 before 2003), an optional
// check character after an optional dot, optionally preceded by ZL or CN.
const PATENT_NUMBER = /(?<![a-z0-9])(?:(?:zl|cn)\s?)?(\d{12}|\d{8})(?:\.?([0-9x]))?(?![0-9a-z])/g

/**
 * Every written form of each patent number in (normalised) text, so that
 * 202010123456 finds "ZL202010123456.7" in a summary: the digits, with and
 * without ZL, with the check character with and without its dot.
 */
export function patentNumberVariants(normalised: string): string[] {
  const out: string[] = []
  for (const m of normalised.matchAll(PATENT_NUMBER)) {
    const [, core, check] = m
    const forms = check ? [core!, `${core}${check}`, `${core}.${check}`] : [core!]
    for (const f of forms) out.push(f, `zl${f}`)
  }
  return out
}
