import type { Database } from '../../../db/index'
import { contractBetween } from '../../../db/seed/contracts'
import { registerContract, submitRegistration } from '../../../server/registrations/service'
import { testMeta } from '../../helpers/factories'
import { all, everyone, signedIn, toLogin, UNKNOWN_UUID, type Expectation, type FeatureSpec, type RoleUsers } from '../route-kit'

// 技术合同认定登记: the queue and list for everyone signed in (each sees their
// own); a registration, its certificate and the submit form for the parties
// (the researcher's university sells, the enterprise buys) and the registrar
// handling it — the buyer may not submit (403) — everyone else 404; the public
// API by number for anyone.

interface Fixtures {
  submitted: string
  registered: string
  number: string
  unsubmitted: string
}

const partiesAndRegistrar = (path: string): Expectation => ({
  ...all(404),
  anonymous: toLogin(path),
  researcher: 200,
  institutionAdmin: 200,
  enterprise: 200,
  registrar: 200,
  platformAdmin: 200,
})

const get: FeatureSpec<Fixtures>['get'] = {
  'routes/registrations._index': () => [
    { path: '/registrations', expect: signedIn('/registrations') },
    { path: '/registrations?status=submitted', expect: signedIn('/registrations?status=submitted') },
    { path: '/registrations?status=bogus', expect: signedIn('/registrations?status=bogus') },
  ],
  'routes/registrations.$id': (f) => [
    { path: `/registrations/${f.submitted}`, expect: partiesAndRegistrar(`/registrations/${f.submitted}`) },
    { path: `/registrations/${f.registered}`, expect: partiesAndRegistrar(`/registrations/${f.registered}`) },
    { path: `/registrations/${UNKNOWN_UUID}`, expect: signedIn(`/registrations/${UNKNOWN_UUID}`, 404) },
    { path: '/registrations/not-a-uuid', expect: signedIn('/registrations/not-a-uuid', 404) },
  ],
  'routes/registrations.$id_.certificate[.]pdf': (f) => [
    { path: `/registrations/${f.registered}/certificate.pdf`, expect: partiesAndRegistrar(`/registrations/${f.registered}/certificate.pdf`) },
    { path: `/registrations/${f.submitted}/certificate.pdf`, expect: signedIn(`/registrations/${f.submitted}/certificate.pdf`, 404) },
  ],
  'routes/registrations.new': (f) => {
    const path = `/registrations/new?contract=${f.unsubmitted}`
    return [
      { path, expect: { ...all(404), anonymous: toLogin(path), researcher: 200, institutionAdmin: 200, enterprise: 403 } },
      { path: '/registrations/new', expect: signedIn('/registrations/new', 404) },
    ]
  },
  'routes/api.v1.registrations.$number': (f) => [
    { path: `/api/v1/registrations/${f.number}`, expect: everyone(200) },
    { path: '/api/v1/registrations/2026450204999999', expect: all(404) },
    { path: '/api/v1/registrations/%3Cscript%3E', expect: all(404) },
  ],
}

const anonymousPosts: FeatureSpec<Fixtures>['anonymousPosts'] = {
  'routes/registrations.$id': (f) => ({ path: `/registrations/${f.submitted}`, body: { intent: 'register' }, expect: 401 }),
  'routes/registrations.new': (f) => ({ path: `/registrations/new?contract=${f.unsubmitted}`, body: { contractId: f.unsubmitted }, expect: 401 }),
  'routes/api.v1.registrations.$number': (f) => ({ path: `/api/v1/registrations/${f.number}`, body: {}, expect: 405 }),
}

async function setup(db: Database, users: RoleUsers): Promise<Fixtures> {
  const org = (id: string) => db.selectFrom('organisations').select(['id', 'name', 'credit_code', 'division_code']).where('id', '=', id).executeTakeFirstOrThrow()
  const [seller, buyer] = await Promise.all([org(users.researcher.orgId!), org(users.enterprise.orgId!)])
  const make = (title: string) =>
    contractBetween(db, { seller, buyer, userId: users.researcher.userId, buyerUserId: users.enterprise.userId, title, type: 'transfer_patent', contractAmountFen: 100_000_000, technologyAmountFen: 80_000_000, status: 'signed' })
  const submit = async (title: string) => {
    const c = await make(title)
    return submitRegistration(db, users.researcher.principal, { contractId: c.contractId, registrarId: users.registrar.orgId! }, testMeta)
  }
  const submitted = await submit('路由测试登记合同（待审查）')
  const reg = await submit('路由测试登记合同（已登记）')
  const registered = await registerContract(db, users.registrar.principal, reg.id, testMeta)
  const unsubmitted = await make('路由测试登记合同（未提交）')
  return { submitted: submitted.id, registered: registered.id, number: registered.number!, unsubmitted: unsubmitted.contractId }
}

export const registrations: FeatureSpec<Fixtures> = { setup, get, anonymousPosts }
