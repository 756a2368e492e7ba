// What a file really is, from its first bytes (magic numbers) and, for the
// Office formats, the names inside the zip. The declared Content-Type and the
// file name's extension are never trusted. Anything not listed is refused.

export type AttachmentKind = 'image' | 'document'

export interface Sniffed {
  mime: string
  ext: string
  kind: AttachmentKind
}

export const ALLOWED: Record<string, Sniffed> = {
  png: { mime: 'image/png', ext: 'png', kind: 'image' },
  jpeg: { mime: 'image/jpeg', ext: 'jpg', kind: 'image' },
  webp: { mime: 'image/webp', ext: 'webp', kind: 'image' },
  pdf: { mime: 'application/pdf', ext: 'pdf', kind: 'document' },
  docx: { mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', ext: 'docx', kind: 'document' },
  xlsx: { mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', ext: 'xlsx', kind: 'document' },
}

const startsWith = (b: Uint8Array, sig: number[], at = 0) => b.length >= at + sig.length && sig.every((x, i) => b[at + i] === x)
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0))

export function sniff(bytes: Uint8Array): Sniffed | null {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return ALLOWED.png!
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return ALLOWED.jpeg!
  if (startsWith(bytes, ascii('RIFF')) && startsWith(bytes, ascii('WEBP'), 8)) return ALLOWED.webp!
  if (startsWith(bytes, ascii('%PDF-'))) return ALLOWED.pdf!
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) return sniffOfficeZip(bytes)
  return null
}

/**
 * DOCX and XLSX are zips with `[Content_Types].xml` and a `word/` or `xl/`
 * part. Macro-enabled documents (a vbaProject.bin inside) and other zips are
 * refused: they could carry anything.
 */
function sniffOfficeZip(bytes: Uint8Array): Sniffed | null {
  const names = zipEntryNames(bytes)
  if (!names || !names.includes('[Content_Types].xml')) return null
  if (names.some((n) => /vbaProject\.bin$/i.test(n) || /\.(exe|dll|js|vbs|bat|cmd|scr)$/i.test(n))) return null
  const word = names.some((n) => n.startsWith('word/'))
  const xl = names.some((n) => n.startsWith('xl/'))
  if (word && !xl) return ALLOWED.docx!
  if (xl && !word) return ALLOWED.xlsx!
  return null
}

/** The entry names of a zip, read from its central directory; null when it is not a well-formed zip. */
export function zipEntryNames(bytes: Uint8Array): string[] | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  // End of central directory: 22 bytes plus a comment of up to 65,535 bytes, at the very end.
  let eocd = -1
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      eocd = i
      break
    }
  }
  if (eocd < 0) return null
  const count = view.getUint16(eocd + 10, true)
  let at = view.getUint32(eocd + 16, true)
  const names: string[] = []
  const decoder = new TextDecoder()
  for (let n = 0; n < count; n++) {
    if (at + 46 > bytes.length || view.getUint32(at, true) !== 0x02014b50) return null
    const nameLen = view.getUint16(at + 28, true)
    const extraLen = view.getUint16(at + 30, true)
    const commentLen = view.getUint16(at + 32, true)
    if (at + 46 + nameLen > bytes.length) return null
    names.push(decoder.decode(bytes.subarray(at + 46, at + 46 + nameLen)))
    at += 46 + nameLen + extraLen + commentLen
  }
  return names
}

/**
 * A file name fit for storage and a Content-Disposition header: no path, no
 * control characters, and the extension of what the file really is.
 */
export function safeFilename(name: string, sniffed: Sniffed) {
  const base = (name.split(/[\\/]/).pop() ?? '')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f"<>:|?*]+/g, '')
    .replace(/\.[A-Za-z0-9]{1,8}$/, '')
    .trim()
    .slice(0, 100)
  return `${base || 'file'}.${sniffed.ext}`
}

/** A file name as shown back to people: no folders, no control characters, not too long. */
export function cleanFilename(name: string) {
  const base = name.split(/[\\/]/).pop() ?? ''
  // eslint-disable-next-line no-control-regex
  return base.replace(/[\u0000-\u001f\u007f]+/g, '').trim().slice(0, 200) || 'upload'
}
