import type { Executor } from '../index'

// The platform's document-signing secret (migration 0721); read once per process.
export async function signingSecret(db: Executor, name = 'documents-v1') {
  const row = await db.selectFrom('signing_secrets').select('secret').where('name', '=', name).executeTakeFirst()
  return row?.secret
}
