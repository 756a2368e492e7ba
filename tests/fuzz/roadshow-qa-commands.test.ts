import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'
import type { Principal } from '../../server/identity/principal'
import { ROADSHOW_COMMANDS } from '../../server/roadshows/commands'
import { answer, launch } from '../../server/roadshows/polls'
import { ask } from '../../server/roadshows/questions'
import { testMeta } from '../helpers/factories'
import { goLive, setQa } from '../helpers/roadshow-qa'
import { scheduledRoadshow } from '../helpers/roadshows'
import { testDb } from '../helpers/worker-setup'
import { hostileJson, hostileString, RUNS, sample, saltOf } from './fuzz-kit'

// The Q&A and poll commands past their first checks: a LIVE roadshow with
// Q&A open, real question and poll ids, and hostile content in every field
// (tests/fuzz/socket-commands.test.ts drives them on a session not started,
// where most messages stop at the phase). Each must answer, never throw, and
// whatever it accepted must leave the state consistent: a question's count
// equals its stored votes, a poll's tally its stored answers.

type Who = { name: string; principal: Principal }
let people: Who[] = []
let ids: { roadshowId: string; itemId: string; questionId: string; pollId: string; multiPollId: string }

beforeAll(async () => {
  const db = testDb()
  const rs = await scheduledRoadshow(db, { viewers: 2, judges: 1, startsInMs: -60_000 })
  await goLive(db, rs.roadshowId, rs.itemIds[0]!)
  await setQa(db, rs.roadshowId, rs.itemIds[0]!, true)
  const q = await ask(db, rs.owner.principal, { roadshowId: rs.roadshowId, itemId: null, body: '种子问题', key: 'seed' }, new Date(), testMeta)
  const p = await launch(db, rs.host.principal, { roadshowId: rs.roadshowId, question: '单选', options: ['甲', '乙', '丙'] }, new Date(), testMeta)
  const m = await launch(
    db,
    rs.host.principal,
    { roadshowId: rs.roadshowId, question: '多选', options: ['甲', '乙', '丙', '丁'], multiple: true },
    new Date(),
    testMeta
  )
  if (!q.ok || !p.ok || !m.ok) throw new Error('seed failed')
  people = [
    { name: 'host', principal: rs.host.principal },
    { name: 'judge', principal: rs.judges[0]!.principal },
    { name: 'viewer', principal: rs.viewers[0]!.principal },
    { name: 'viewer2', principal: rs.viewers[1]!.principal },
    { name: 'owner', principal: rs.owner.principal },
    { name: 'outsider', principal: rs.outsider.principal },
  ]
  ids = { roadshowId: rs.roadshowId, itemId: rs.itemIds[0]!, questionId: q.question.id, pollId: p.poll.id, multiPollId: m.poll.id }
})

const field = fc.oneof(hostileString, hostileJson, fc.integer(), fc.constant(null), fc.boolean())

function messages(name: string) {
  const shaped = fc.record(
    {
      roadshowId: fc.oneof({ weight: 5, arbitrary: fc.constant('RS') }, field),
      itemId: fc.oneof(fc.constant('ITEM'), fc.constant(null), field),
      questionId: fc.oneof({ weight: 3, arbitrary: fc.constant('Q') }, field),
      pollId: fc.oneof(fc.constant('P'), fc.constant('MP'), field),
      body: fc.oneof(hostileString, fc.string({ maxLength: 600 }), field),
      key: fc.oneof(fc.string({ maxLength: 90 }), field),
      question: fc.oneof(hostileString, field),
      options: fc.oneof(fc.array(fc.oneof(hostileString, fc.string({ maxLength: 90 })), { maxLength: 8 }), field),
      multiple: fc.oneof(fc.boolean(), field),
      choices: fc.oneof(fc.uniqueArray(fc.integer({ min: -1, max: 6 }), { maxLength: 5 }), fc.array(fc.integer({ min: -2, max: 7 }), { maxLength: 8 }), field),
    },
    { requiredKeys: [] }
  )
  return sample(fc.oneof({ weight: 4, arbitrary: shaped }, hostileJson), Math.max(20, Math.floor(RUNS / 4)), saltOf(name))
}

const real = (msg: unknown) => {
  if (!msg || typeof msg !== 'object' || Array.isArray(msg)) return msg
  const map: Record<string, string> = { RS: ids.roadshowId, ITEM: ids.itemId, Q: ids.questionId, P: ids.pollId, MP: ids.multiPollId }
  return Object.fromEntries(Object.entries(msg).map(([k, v]) => [k, typeof v === 'string' && map[v] ? map[v] : v]))
}

const OURS = ['roadshow:ask', 'roadshow:vote', 'roadshow:answered', 'roadshow:poll_answer', 'roadshow:poll_open']

describe('Q&A and poll commands on a live roadshow under hostile messages', () => {
  for (const name of OURS) {
    it(`${name} answers every message and keeps counts equal to the stored rows`, async () => {
      const db = testDb()
      for (const [i, raw] of messages(name).entries()) {
        const who = people[i % people.length]!
        const msg = real(raw)
        let got: unknown
        try {
          got = await ROADSHOW_COMMANDS[name]!(db, who.principal, msg, new Date(), testMeta)
        } catch (err) {
          throw new Error(`${name} threw for ${who.name} on ${JSON.stringify(msg)?.slice(0, 300)}: ${(err as Error).stack}`)
        }
        expect(got, `${name} for ${who.name}`).toMatchObject({ ok: expect.any(Boolean) })
        if ((got as { ok: boolean }).ok === false) expect(got).toMatchObject({ reason: expect.any(String) })
      }
      const drift = await db
        .selectFrom('roadshow_questions as q')
        .select([
          'q.id',
          'q.votes',
          (eb) =>
            eb
              .selectFrom('roadshow_question_votes as v')
              .select((e) => e.fn.countAll<string>().as('n'))
              .whereRef('v.question_id', '=', 'q.id')
              .as('n'),
        ])
        .where('q.roadshow_id', '=', ids.roadshowId)
        .execute()
      for (const d of drift) expect(d.votes).toBe(Number(d.n))
      const bad = await db
        .selectFrom('roadshow_poll_answers as a')
        .innerJoin('roadshow_polls as p', 'p.id', 'a.poll_id')
        .select(['a.choices', 'p.options', 'p.multiple'])
        .execute()
      for (const b of bad) {
        expect(new Set(b.choices).size).toBe(b.choices.length)
        expect(b.choices.every((c) => c >= 0 && c < b.options.length)).toBe(true)
        if (!b.multiple) expect(b.choices).toHaveLength(1)
      }
    })
  }

  it('a vote from every participant on the seeded question counts once each', async () => {
    const db = testDb()
    for (const who of people)
      await ROADSHOW_COMMANDS['roadshow:vote']!(db, who.principal, { roadshowId: ids.roadshowId, questionId: ids.questionId }, new Date(), testMeta)
    const again = await answer(db, people[2]!.principal, { roadshowId: ids.roadshowId, pollId: ids.pollId, choices: [0] }, new Date())
    expect(again.ok).toBe(true)
    const row = await db.selectFrom('roadshow_questions').select('votes').where('id', '=', ids.questionId).executeTakeFirstOrThrow()
    // Everyone but the asker (the owner) may vote; the outsider takes part in a public session.
    expect(row.votes).toBe(people.length - 1)
  })
})
