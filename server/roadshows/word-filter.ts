// The chat's word filter (ADR 033): a line is refused when it contains a word of
// the policy's list once both are normalised, so full-width letters (ｆｕｃｋ),
// capitals, and spaces or punctuation slipped between the characters
// (代 开 发 票, 代-开-发-票) do not get a word past it. Pure.

/** NFKC folds full-width forms to ASCII; then lower case; then only letters and digits are kept. */
export function normaliseForFilter(text: string) {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '')
}

/** The first blocked word the text contains, or null. */
export function blockedWordIn(text: string, words: readonly string[]) {
  const plain = normaliseForFilter(text)
  for (const w of words) {
    const needle = normaliseForFilter(w)
    if (needle && plain.includes(needle)) return w
  }
  return null
}
