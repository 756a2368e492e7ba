import type { Executor } from '../../db/index'
import { insertNotifications } from '../../db/repos/notifications'
import { publish, roomName } from '../realtime/publish'

// Tells people about an event they would act on, inside the transaction of the
// change: a row in their notification centre and a live event to their own
// room (the bell's count). Mail follows each person's preferences.

export interface Notice {
  /** A catalog key under `notifications.kinds.*`, e.g. 'deal_message'. */
  kind: string
  /** Strings the message shows (titles, names); plain values, translated at display. */
  params: Record<string, string>
  /** Where acting on it happens, a path of this site. */
  link: string
}

/** Notifies each of `userIds` (duplicates and the actor removed by the caller's choice of ids). */
export async function notify(trx: Executor, userIds: Iterable<string>, notice: Notice) {
  const ids = [...new Set(userIds)]
  const rows = await insertNotifications(
    trx,
    ids.map((userId) => ({ userId, ...notice })),
  )
  for (const r of rows) {
    await publish(trx, roomName('user', r.user_id), 'notification', { id: r.id, kind: notice.kind, params: notice.params, link: notice.link })
  }
  return rows.length
}
