import type { Executor } from '../index'

// What the partner API (/api/v1/deals) reads beyond the deal itself: the
// room's messages, oldest first, after a given id.

export async function dealMessagesAfter(db: Executor, dealId: string, afterId: number, limit: number) {
  return db
    .selectFrom('deal_messages as m')
    .leftJoin('users as u', 'u.id', 'm.author_id')
    .select(['m.id', 'm.kind', 'm.author_id', 'u.name as author_name', 'm.body', 'm.params', 'm.created_at'])
    .where('m.deal_id', '=', dealId)
    .where('m.id', '>', afterId)
    .orderBy('m.id')
    .limit(limit)
    .execute()
}
