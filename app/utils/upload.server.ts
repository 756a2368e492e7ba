import { unstable_parseMultipartFormData, type UploadHandler } from '@remix-run/node'
import { checkFieldNames } from '../../server/platform/body-guard'

/**
 * Reads a multipart form keeping files in memory up to `maxBytes` each; a
 * larger file is read to its end and dropped (the HTTP layer caps the body),
 * and its field named in `oversized`. A form that is not multipart is read as
 * usual; broken framing gives `broken`.
 */
export async function readUploadForm(request: Request, maxBytes: number) {
  const oversized = new Set<string>()
  if (!(request.headers.get('content-type') ?? '').startsWith('multipart/form-data')) return { form: await request.formData(), oversized, broken: false }
  const handler: UploadHandler = async ({ name, filename, contentType, data }) => {
    const chunks: Uint8Array[] = []
    let size = 0
    for await (const chunk of data) {
      size += chunk.byteLength
      if (size <= maxBytes) chunks.push(chunk)
    }
    if (size > maxBytes) {
      oversized.add(name)
      return undefined
    }
    if (typeof filename === 'string') return new File([Buffer.concat(chunks)], filename, { type: contentType })
    return new TextDecoder().decode(Buffer.concat(chunks))
  }
  try {
    return { form: checkFieldNames(request, await unstable_parseMultipartFormData(request, handler)), oversized, broken: false }
  } catch (err) {
    if (err instanceof Response) throw err
    return { form: new FormData(), oversized, broken: true }
  }
}
