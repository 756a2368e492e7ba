import type { Database } from '../../../db/index'
import { findAchievement } from '../../../db/repos/achievements'
import { listAttachments } from '../../../db/repos/attachments'
import { listingRef } from '../../listings/workflow'
import { can } from '../../identity/permissions'
import type { Principal } from '../../identity/principal'

// The public pictures and documents of an achievement, for its page. Empty
// when the viewer may not see the achievement. Confidential files are never
// included: they are shown on /achievements/:id/details to granted viewers.

export interface MediaItem {
  id: string
  filename: string
  mime: string
  sizeBytes: number
  /** Served by /files/:id with safe headers. */
  url: string
}

export async function achievementMedia(db: Database, viewer: Principal | null, achievementId: string) {
  const a = await findAchievement(db, achievementId)
  const empty = { images: [] as MediaItem[], documents: [] as MediaItem[] }
  if (!a) return empty
  if (a.status !== 'published' && !can(viewer, { action: 'listing:view-unpublished', listing: listingRef('achievement', a) })) return empty
  const files = await listAttachments(db, a.id, { confidential: false })
  const item = (f: (typeof files)[number]): MediaItem => ({ id: f.id, filename: f.filename, mime: f.mime, sizeBytes: f.size_bytes, url: `/files/${f.id}` })
  return {
    images: files.filter((f) => f.kind === 'image').map(item),
    documents: files.filter((f) => f.kind === 'document').map(item),
  }
}
