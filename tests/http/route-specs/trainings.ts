import type { Database } from '../../../db/index'
import { createTraining } from '../../../server/trainings/events'
import { testMeta } from '../../helpers/factories'
import { everyone, signedIn, UNKNOWN_UUID, type Expectation, type FeatureSpec, type RoleUsers } from '../route-kit'

// Training events and the directory (ADR 037): the lists, event pages and
// directory entries are public; organiser pages are for city officers (every
// county) and county officers (their own county: another county's event is a
// 404); others signed in get 403; the QR link wants a signed-in person and
// refuses a wrong token (409).

interface Fixtures {
  /** An event in 柳南区 (the county officer's county). */
  own: string
  /** An event in 柳北区: only the city organises it. */
  elsewhere: string
  manager: string
}

const officers = (path: string, county: number): Expectation => ({ ...signedIn(path, 403), cityOfficer: 200, countyOfficer: county })

const get: FeatureSpec<Fixtures>['get'] = {
  'routes/trainings._index': () => [
    { path: '/trainings', expect: everyone(200) },
    { path: '/trainings?when=past&kind=bogus&division=%00&page=-1', expect: everyone(200) },
  ],
  'routes/trainings.new': () => [{ path: '/trainings/new', expect: officers('/trainings/new', 200) }],
  'routes/trainings.$id': (f) => [
    { path: `/trainings/${f.own}`, expect: everyone(200) },
    { path: `/trainings/${UNKNOWN_UUID}`, expect: everyone(404) },
    { path: '/trainings/not-a-uuid', expect: everyone(404) },
  ],
  'routes/trainings.$id_.edit': (f) => [
    { path: `/trainings/${f.own}/edit`, expect: officers(`/trainings/${f.own}/edit`, 200) },
    { path: `/trainings/${f.elsewhere}/edit`, expect: officers(`/trainings/${f.elsewhere}/edit`, 404) },
    { path: `/trainings/${UNKNOWN_UUID}/edit`, expect: signedIn(`/trainings/${UNKNOWN_UUID}/edit`, 404) },
  ],
  'routes/trainings.$id_.checkin': (f) => [
    { path: `/trainings/${f.own}/checkin`, expect: officers(`/trainings/${f.own}/checkin`, 200) },
    { path: `/trainings/${f.elsewhere}/checkin`, expect: officers(`/trainings/${f.elsewhere}/checkin`, 404) },
  ],
  'routes/trainings.$id_.attendance': (f) => [
    { path: `/trainings/${f.own}/attendance`, expect: officers(`/trainings/${f.own}/attendance`, 200) },
    { path: `/trainings/${f.elsewhere}/attendance`, expect: officers(`/trainings/${f.elsewhere}/attendance`, 404) },
  ],
  'routes/trainings.$id_.attendance[.]csv': (f) => [
    { path: `/trainings/${f.own}/attendance.csv`, expect: officers(`/trainings/${f.own}/attendance.csv`, 200) },
    { path: `/trainings/${f.elsewhere}/attendance.csv`, expect: officers(`/trainings/${f.elsewhere}/attendance.csv`, 404) },
  ],
  'routes/trainings.$id_.check-in': (f) => [
    { path: `/trainings/${f.own}/check-in?token=wrong`, expect: signedIn(`/trainings/${f.own}/check-in?token=wrong`, 409) },
    { path: `/trainings/${UNKNOWN_UUID}/check-in?token=x`, expect: signedIn(`/trainings/${UNKNOWN_UUID}/check-in?token=x`, 404) },
  ],
  'routes/trainings.$id_.materials.$fileId': (f) => [{ path: `/trainings/${f.own}/materials/${UNKNOWN_UUID}`, expect: everyone(404) }],
  'routes/managers._index': () => [
    { path: '/managers', expect: everyone(200) },
    { path: '/managers?level=guru&industry=%00&page=abc', expect: everyone(200) },
  ],
  'routes/managers.$userId': (f) => [
    { path: `/managers/${f.manager}`, expect: everyone(200) },
    { path: `/managers/${UNKNOWN_UUID}`, expect: everyone(404) },
  ],
  'routes/managers.$userId_.contact': (f) => [{ path: `/managers/${f.manager}/contact`, expect: everyone(`→ /managers/${f.manager}`) }],
  'routes/agencies._index': () => [
    { path: '/agencies', expect: everyone(200) },
    { path: '/agencies?division=bogus&page=0', expect: everyone(200) },
  ],
}

const anonymousPosts: FeatureSpec<Fixtures>['anonymousPosts'] = {
  'routes/trainings.new': () => ({ path: '/trainings/new', body: { title: 'x' }, expect: 401 }),
  'routes/trainings.$id': (f) => ({ path: `/trainings/${f.own}`, body: { intent: 'register' }, expect: 401 }),
  'routes/trainings.$id_.edit': (f) => ({ path: `/trainings/${f.own}/edit`, body: { intent: 'cancel', reason: 'x' }, expect: 401 }),
  'routes/trainings.$id_.check-in': (f) => ({ path: `/trainings/${f.own}/check-in`, body: { intent: 'register', token: 'x' }, expect: 401 }),
  'routes/trainings.$id_.attendance': (f) => ({ path: `/trainings/${f.own}/attendance`, body: { userId: UNKNOWN_UUID, present: '1' }, expect: 401 }),
  'routes/managers.$userId_.contact': (f) => ({ path: `/managers/${f.manager}/contact`, body: {}, expect: 401 }),
}

async function setup(db: Database, users: RoleUsers): Promise<Fixtures> {
  const city = users.cityOfficer.principal
  const start = new Date(Date.now() + 3 * 86_400_000)
  const base = { kind: 'policy' as const, summary: '路由测试', venue: '会场', startsAt: start, endsAt: new Date(start.getTime() + 7_200_000), creditHours: 2, capacity: 30, registrationClosesAt: undefined }
  const own = await createTraining(db, city, { ...base, title: '路由测试培训（柳南）', divisionCode: '450204' }, testMeta)
  const elsewhere = await createTraining(db, city, { ...base, title: '路由测试培训（柳北）', divisionCode: '450205' }, testMeta)
  return { own: own.id, elsewhere: elsewhere.id, manager: users.manager.userId }
}

export const trainings: FeatureSpec<Fixtures> = { setup, get, anonymousPosts }
