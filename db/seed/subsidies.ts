import { shanghaiDate } from '../../server/platform/intl'
import { approveBatch, createBatch, recordPayment } from '../../server/subsidies/desk'
import type { Executor } from '../index'
import { loadPrincipal } from '../repos/users'

// Demo 补助 (免申即享, ADR 036). The claims themselves come from the demo
// contracts the registrations seed registers through the real service (its
// hook generates them); this only plays the city officer's part afterwards:
// about two thirds of the pending claims go into one approval batch, which is
// approved, and half of those (at least one) are paid with a bank reference;
// the rest stay pending for the visitor to batch. With no claims it does
// nothing; once its batch exists, reseeding adds none.

const meta = { ip: null, userAgent: null, requestId: 'demo-seed' }
export const DEMO_BATCH_NOTE = '演示：2026 年第一批科技成果转化补助'

export async function seedDemoSubsidies(trx: Executor, now = new Date()) {
  const officer = await trx.selectFrom('users').select('id').where('email', '=', 'city@demo.kjdsc.cn').executeTakeFirst()
  if (!officer) return
  const principal = await loadPrincipal(trx, officer.id)
  if (!principal) return
  if (await trx.selectFrom('subsidy_batches').select('id').where('note', '=', DEMO_BATCH_NOTE).executeTakeFirst()) return
  const pending = await trx.selectFrom('subsidy_claims').select(['id', 'amount_fen']).where('status', '=', 'pending').where('batch_id', 'is', null).orderBy('seq').execute()
  if (!pending.length) return
  const chosen = pending.slice(0, Math.max(1, Math.floor((pending.length * 2) / 3)))
  const batch = await createBatch(trx, principal, { claimIds: chosen.map((c) => c.id), note: DEMO_BATCH_NOTE }, meta)
  await approveBatch(trx, principal, batch.id, meta)
  const paidOn = shanghaiDate(now)
  const toPay = chosen.slice(0, Math.max(1, Math.floor(chosen.length / 2)))
  for (const [i, c] of toPay.entries()) {
    await recordPayment(trx, principal, c.id, { paidOn, amountFen: c.amount_fen, bankReference: `GXNX-${paidOn.replace(/-/g, '')}-${String(i + 1).padStart(3, '0')}`, note: '' }, meta)
  }
}
