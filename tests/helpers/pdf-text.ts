import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'

/**
 * The text of a PDF as poppler's pdftotext extracts it (Chinese included), so a
 * test asserts what a reader of the document sees. .ci/run installs
 * poppler-utils; without it this throws, naming the missing tool.
 */
export function pdfText(pdf: Buffer | Uint8Array): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'pdf-text-'))
  try {
    const file = path.join(dir, 'doc.pdf')
    writeFileSync(file, pdf)
    return execFileSync('pdftotext', ['-enc', 'UTF-8', '-layout', file, '-'], { encoding: 'utf8' })
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new Error('pdftotext is not installed: apt-get install -y poppler-utils (.ci/run does)')
    throw e
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
