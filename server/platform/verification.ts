import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import QRCode from 'qrcode'
import type { Executor } from '../../db/index'
import { signingSecret } from '../../db/repos/signing-secrets'

// Documents the platform issues and anyone can check (ADR 029): a 成交确认书
// now, a registration certificate later. Each carries a random verification
// code (the key of its public page /verify/<code>, printed and as a QR code)
// and an HMAC over its key facts with the platform's secret, printed on the
// paper: the page recomputes it from the stored facts, so a document whose
// printed facts or seal differ from the page's is a forgery.

/** Crockford base32 without I, L, O, U: nothing a reader confuses when typing it from paper. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'
const CODE_LENGTH = 16

/** A new random code: 16 symbols (80 bits), shown in groups of four. */
export function newVerificationCode(random: (n: number) => Buffer = randomBytes): string {
  const bytes = random(CODE_LENGTH)
  let code = ''
  for (let i = 0; i < CODE_LENGTH; i++) code += ALPHABET[bytes[i]! % 32]
  return code
}

/** A code as typed or scanned (lower case, dashes, spaces, O for 0) → its stored form, or null if it cannot be one. */
export function normaliseCode(input: string): string | null {
  const s = input
    .toUpperCase()
    .replace(/[\s-]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1')
  if (s.length !== CODE_LENGTH) return null
  for (const ch of s) if (!ALPHABET.includes(ch)) return null
  return s
}

export const groupCode = (code: string) => code.match(/.{1,4}/g)?.join('-') ?? code

export const verifyPath = (code: string) => `/verify/${groupCode(code)}`

// Read each time, not cached: one query per document, and a process that serves several databases (tests) never mixes them.
async function secret(db: Executor) {
  const s = await signingSecret(db)
  if (!s) throw new Error('no signing secret: run the migrations')
  return s
}

/** The facts in a fixed order, one per line: the same text on paper and on the page signs to the same seal. */
export function canonicalFacts(facts: [string, string][]) {
  return facts.map(([k, v]) => `${k}=${v.replace(/[\r\n]/g, ' ')}`).join('\n')
}

/** HMAC-SHA256 over the facts, shown as 8 groups of 4 hex digits (32 of 64, enough to tell a forgery). */
export async function sealOf(db: Executor, kind: string, facts: [string, string][]): Promise<string> {
  const mac = createHmac('sha256', await secret(db)).update(`${kind}\n${canonicalFacts(facts)}`).digest('hex').slice(0, 32).toUpperCase()
  return mac.match(/.{4}/g)!.join(' ')
}

export async function sealMatches(db: Executor, kind: string, facts: [string, string][], seal: string) {
  const a = Buffer.from((await sealOf(db, kind, facts)).replace(/\s/g, ''))
  const b = Buffer.from(seal.replace(/\s/g, '').toUpperCase())
  return a.length === b.length && timingSafeEqual(a, b)
}

/** The QR code of a URL as a PNG (for PDFs). */
export function qrPng(url: string): Promise<Buffer> {
  return QRCode.toBuffer(url, { errorCorrectionLevel: 'M', margin: 1, width: 240 })
}

/** What the public page shows of a verified document: catalog keys with plain values. */
export interface VerifiedDocument {
  /** Catalog key of the document's name, e.g. 'verify.kind.auctionConfirmation'. */
  kindKey: string
  number: string
  issuedAt: string
  facts: { labelKey: string; value: string; money?: boolean }[]
  seal: string
  /** e.g. the lot's page. */
  link: string | null
  /** A note the page shows, e.g. that the buyer defaulted. */
  noteKey: string | null
}

export type VerificationResolver = (db: Executor, code: string) => Promise<VerifiedDocument | null>

/** The first resolver that knows the code; null for an unknown or malformed one. */
export async function findVerifiedDocument(db: Executor, input: string, resolvers: VerificationResolver[]): Promise<VerifiedDocument | null> {
  const code = normaliseCode(input)
  if (!code) return null
  for (const resolve of resolvers) {
    const doc = await resolve(db, code)
    if (doc) return doc
  }
  return null
}
