import { cjkBigramRuns, indexTokens, normalise } from './segment'

// Builds a tsvector literal ('lexeme':position+weight …) from our own tokens,
// so PostgreSQL never has to parse Chinese. Two kinds of lexemes:
//  - jieba search-mode words, for word matches and ranking;
//  - CJK character bigrams at consecutive positions, so any Chinese substring
//    of two or more characters is found with a phrase query (能源汽 → 能源 <-> 源汽),
//    the recall jieba alone (and prefix-only engines) cannot give.

type Weight = 'A' | 'B' | 'C'
const MAX_POSITION = 16383

export function quoteLexeme(lexeme: string) {
  return `'${lexeme.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`
}

export class TsvectorBuilder {
  private readonly lexemes = new Map<string, string[]>()
  private position = 1

  private add(lexeme: string, pos: number, w: Weight) {
    if (pos > MAX_POSITION) return
    const list = this.lexemes.get(lexeme)
    if (!list) this.lexemes.set(lexeme, [`${pos}${w}`])
    else if (list.length < 255) list.push(`${pos}${w}`)
  }

  /** Adds a field's text: words, then bigram runs with a gap between runs. */
  field(text: string, w: Weight, extraWords: string[] = []) {
    for (const word of [...indexTokens(text), ...extraWords.map((x) => normalise(x).trim()).filter(Boolean)]) this.add(word, this.position++, w)
    for (const run of cjkBigramRuns(text)) {
      this.position += 2
      for (const bigram of run) this.add(bigram, this.position++, w)
    }
    this.position += 2
    return this
  }

  toString() {
    return [...this.lexemes].map(([lex, pos]) => `${quoteLexeme(lex)}:${pos.join(',')}`).join(' ')
  }
}

/** Codes such as patent numbers, searchable whole, without punctuation, and by their digit runs. */
export function codeVariants(code: string): string[] {
  const c = normalise(code).trim()
  const bare = c.replace(/[^a-z0-9]/g, '')
  const digits = c.match(/\d{4,}/g) ?? []
  return [...new Set([c, bare, ...digits])].filter(Boolean)
}
