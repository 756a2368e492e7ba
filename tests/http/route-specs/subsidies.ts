import type { Database } from '../../../db/index'
import { approveBatch, createBatch, recordPayment } from '../../../server/subsidies/desk'
import { createMember, testMeta } from '../../helpers/factories'
import { registeredContract } from '../../helpers/subsidies'
import { all, signedIn, UNKNOWN_UUID, type Expectation, type FeatureSpec, type RoleUsers } from '../route-kit'

// 免申即享 subsidies (ADR 036): the desk is for city officers (all claims, batches,
// payments), county officers (their county's beneficiaries, read only) and the
// members of organisations that can receive a subsidy (their own, read only);
// a claim others may not read is a 404; a batch is the city's alone (403).

interface Fixtures {
  /** The role registrar's claim (its organisation is in 柳南区, the county officer's), paid. */
  own: string
  /** A claim of a registrar in 柳北区: only the city reads it. */
  elsewhere: string
  batch: string
}

const reader = (path: string, o: Partial<Expectation>): Expectation => ({ ...signedIn(path, 404), ...o })
const city = (path: string, o: number = 200): Expectation => ({ ...signedIn(path, 403), cityOfficer: o })

const get: FeatureSpec<Fixtures>['get'] = {
  'routes/subsidies._index': () => [
    {
      path: '/subsidies',
      expect: { ...signedIn('/subsidies', 403), enterprise: 200, manager: 200, registrar: 200, cityOfficer: 200, countyOfficer: 200 },
    },
    { path: '/subsidies?status=bogus&from=2026-13-45&page=-1', expect: { ...signedIn('/subsidies?status=bogus&from=2026-13-45&page=-1', 403), enterprise: 200, manager: 200, registrar: 200, cityOfficer: 200, countyOfficer: 200 } },
  ],
  'routes/subsidies.$id': (f) => [
    { path: `/subsidies/${f.own}`, expect: reader(`/subsidies/${f.own}`, { registrar: 200, cityOfficer: 200, countyOfficer: 200 }) },
    { path: `/subsidies/${f.elsewhere}`, expect: reader(`/subsidies/${f.elsewhere}`, { cityOfficer: 200 }) },
    { path: `/subsidies/${UNKNOWN_UUID}`, expect: signedIn(`/subsidies/${UNKNOWN_UUID}`, 404) },
    { path: '/subsidies/not-a-uuid', expect: signedIn('/subsidies/not-a-uuid', 404) },
  ],
  'routes/subsidies.$id_.notice[.]pdf': (f) => [
    { path: `/subsidies/${f.own}/notice.pdf`, expect: reader(`/subsidies/${f.own}/notice.pdf`, { registrar: 200, cityOfficer: 200, countyOfficer: 200 }) },
    { path: `/subsidies/${f.elsewhere}/notice.pdf`, expect: reader(`/subsidies/${f.elsewhere}/notice.pdf`, { cityOfficer: 200 }) },
  ],
  'routes/subsidies.$id_.payment[.]pdf': (f) => [
    { path: `/subsidies/${f.own}/payment.pdf`, expect: reader(`/subsidies/${f.own}/payment.pdf`, { registrar: 200, cityOfficer: 200, countyOfficer: 200 }) },
    // Not paid: there is no payment notice.
    { path: `/subsidies/${f.elsewhere}/payment.pdf`, expect: signedIn(`/subsidies/${f.elsewhere}/payment.pdf`, 404) },
  ],
  'routes/subsidies.batches.$id': (f) => [
    { path: `/subsidies/batches/${f.batch}`, expect: city(`/subsidies/batches/${f.batch}`) },
    { path: `/subsidies/batches/${UNKNOWN_UUID}`, expect: city(`/subsidies/batches/${UNKNOWN_UUID}`, 404) },
  ],
  'routes/api.v1.subsidy-claims': () => [
    { path: '/api/v1/subsidy-claims', expect: { ...all(403), anonymous: 401, enterprise: 200, manager: 200, registrar: 200, cityOfficer: 200, countyOfficer: 200 } },
    { path: '/api/v1/subsidy-claims?status=bogus', expect: { ...all(400), anonymous: 401 } },
    { path: '/api/v1/subsidy-claims?pageSize=101', expect: { ...all(400), anonymous: 401 } },
  ],
}

const anonymousPosts: FeatureSpec<Fixtures>['anonymousPosts'] = {
  'routes/subsidies._index': (f) => ({ path: '/subsidies', body: { intent: 'batch', claimIds: f.elsewhere }, expect: 401 }),
  'routes/subsidies.$id': (f) => ({ path: `/subsidies/${f.elsewhere}`, body: { intent: 'pay', paidOn: '2026-12-01', amount: '1', bankReference: 'X' }, expect: 401 }),
  'routes/subsidies.batches.$id': (f) => ({ path: `/subsidies/batches/${f.batch}`, body: { intent: 'approve' }, expect: 401 }),
  'routes/api.v1.subsidy-claims': () => ({ path: '/api/v1/subsidy-claims', body: {}, expect: 405 }),
}

async function setup(db: Database, users: RoleUsers): Promise<Fixtures> {
  const officer = users.cityOfficer.principal
  const mine = await registeredContract(db, { registrar: { user: { id: users.registrar.userId }, org: { id: users.registrar.orgId! } } })
  const other = await registeredContract(db, { registrar: await createMember(db, { type: 'registrar', divisionCode: '450205' }) })
  const claimOf = async (registrationId: string) =>
    (await db.selectFrom('subsidy_claims').selectAll().where('registration_id', '=', registrationId).where('kind', '=', 'registrar').executeTakeFirstOrThrow())
  const own = await claimOf(mine.registrationId)
  const elsewhere = await claimOf(other.registrationId)
  const paid = await createBatch(db, officer, { claimIds: [own.id], note: '' }, testMeta)
  await approveBatch(db, officer, paid.id, testMeta)
  await recordPayment(db, officer, own.id, { paidOn: '2026-12-01', amountFen: own.amount_fen, bankReference: 'ROUTES-SUB-1', note: '' }, testMeta)
  // An open batch: its page offers the approval form (the forms fuzz submits it).
  const open = await createBatch(db, officer, { claimIds: [elsewhere.id], note: '路由测试批次' }, testMeta)
  return { own: own.id, elsewhere: elsewhere.id, batch: open.id }
}

export const subsidies: FeatureSpec<Fixtures> = { setup, get, anonymousPosts }
