// Upload limits, shared by the HTTP layer (request body size) and the service (per file).

/** One file: pictures and documents alike. */
export const MAX_FILE_BYTES = 8 * 1024 * 1024
/** A whole upload request: one file plus the form's other fields and multipart framing. */
export const MAX_UPLOAD_BODY_BYTES = 10 * 1024 * 1024
/** Files per achievement. */
export const MAX_FILES_PER_ACHIEVEMENT = 20
/** The paths that take bodies beyond the general 2 MiB limit: attachments, the bulk import (/achievements/import) and a deal room's messages (/deals/:id) and its contract's signed scan (/deals/:id/contract), a roadshow's slides (/roadshows/:id/edit), an article's and a training's files (/articles/:id/edit, /trainings/:id/edit), a manual assessment value's evidence (/assessment). */
export const UPLOAD_PATH = /^\/(?:achievements\/(?:[^/]+\/files|import)|deals\/[^/]+(?:\/contract)?|roadshows\/[^/]+\/edit|articles\/[^/]+\/edit|trainings\/[^/]+\/edit|assessment)\/?$/
