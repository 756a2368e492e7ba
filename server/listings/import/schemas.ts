import { z } from 'zod'

// The upload form of /achievements/import. The file's type and size are
// checked again on the server from its bytes (server/listings/import/jobs.ts).

export const ImportUploadSchema = z.object({
  orgId: z.string({ required_error: 'errors.org' }).uuid('errors.org'),
  file: z
    .instanceof(File, { message: 'import.errors.noFile' })
    .refine((f) => f.size > 0 && f.name !== '', 'import.errors.noFile'),
})
