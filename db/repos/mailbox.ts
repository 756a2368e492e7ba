import type { Executor } from '../index'

export async function insertMail(db: Executor, m: { to: string; subject: string; text: string }) {
  await db.insertInto('mailbox').values({ to_address: m.to.toLowerCase(), subject: m.subject, text_body: m.text }).execute()
}

export async function listMail(db: Executor, to?: string, limit = 50) {
  let q = db.selectFrom('mailbox').selectAll().orderBy('id', 'desc').limit(limit)
  if (to) q = q.where('to_address', '=', to.toLowerCase())
  return q.execute()
}
