import type { Insertable, Selectable } from 'kysely'
import type { Executor } from '../index'
import type {
  ContractNonTechnicalItemTable,
  ContractPartyTable,
  ContractPaymentTable,
  ContractRewardShareTable,
  ContractTable,
} from '../schema'

// 技术合同 rows (migration 0901). A contract is read whole — head, parties,
// payment plan, non-technical items, reward split — because every screen and
// every document that shows one shows all of it.

export type ContractRow = Selectable<ContractTable>
export type NewContract = Insertable<ContractTable>
type Child<T> = Omit<Insertable<T>, 'contract_id'>

export interface ContractChildren {
  parties: Child<ContractPartyTable>[]
  payments: Child<ContractPaymentTable>[]
  nonTechnical: Child<ContractNonTechnicalItemTable>[]
  rewards: Child<ContractRewardShareTable>[]
}

export async function insertContract(db: Executor, head: NewContract, children: ContractChildren) {
  const { id } = await db.insertInto('contracts').values(head).returning('id').executeTakeFirstOrThrow()
  await insertContractChildren(db, id, children)
  return id
}

/** Writes the children of a contract (after deleting the old ones when `replace`): parties, plan, items, rewards. */
export async function insertContractChildren(db: Executor, contractId: string, c: Partial<ContractChildren>, replace = false) {
  const tables = {
    parties: 'contract_parties',
    payments: 'contract_payments',
    nonTechnical: 'contract_non_technical_items',
    rewards: 'contract_reward_shares',
  } as const
  for (const key of Object.keys(tables) as (keyof typeof tables)[]) {
    const rows = c[key]
    if (!rows) continue
    if (replace) await db.deleteFrom(tables[key]).where('contract_id', '=', contractId).execute()
    if (rows.length) await db.insertInto(tables[key]).values(rows.map((r) => ({ ...r, contract_id: contractId })) as never).execute()
  }
}

export async function findContract(db: Executor, id: string) {
  return db.selectFrom('contracts').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function findContractByDeal(db: Executor, dealId: string) {
  return db.selectFrom('contracts').selectAll().where('deal_id', '=', dealId).executeTakeFirst()
}

/** The contract row locked for a state change. */
export async function lockContract(db: Executor, id: string) {
  return db.selectFrom('contracts').selectAll().where('id', '=', id).forUpdate().executeTakeFirst()
}

export async function contractChildren(db: Executor, contractId: string) {
  const [parties, payments, nonTechnical, rewards] = await Promise.all([
    db.selectFrom('contract_parties').selectAll().where('contract_id', '=', contractId).orderBy('side', 'desc').orderBy('name').execute(),
    db.selectFrom('contract_payments').selectAll().where('contract_id', '=', contractId).orderBy('position').execute(),
    db.selectFrom('contract_non_technical_items').selectAll().where('contract_id', '=', contractId).orderBy('position').execute(),
    db.selectFrom('contract_reward_shares').selectAll().where('contract_id', '=', contractId).orderBy('position').execute(),
  ])
  return { parties, payments, nonTechnical, rewards }
}
