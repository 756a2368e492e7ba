import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'
import type { Principal } from '../../server/identity/principal'
import { SOCKET_COMMANDS } from '../../server/realtime/commands'
import { testMeta } from '../helpers/factories'
import { scheduledRoadshow } from '../helpers/roadshows'
import { testDb } from '../helpers/worker-setup'
import { hostileJson, hostileString, RUNS, sample, saltOf } from './fuzz-kit'

// Every socket command (server/realtime/commands.ts), driven with generated
// hostile messages by people of every role in a live-able roadshow: messages
// that are not objects, real ids of the roadshow and its items with fields of
// the wrong type, size or content, and ids of nothing. A command must answer
// — never throw (a thrown error is a 5xx of the socket) — and a refusal must
// be `{ok: false, reason}`. A command added to the map is covered without
// touching this file.

type Who = { name: string; principal: Principal }
let people: Who[] = []
let ids: Record<string, string> = {}

beforeAll(async () => {
  const db = testDb()
  const rs = await scheduledRoadshow(db, {
    viewers: 1,
    judges: 1,
    startsInMs: -60_000,
  })
  people = [
    { name: 'host', principal: rs.host.principal },
    { name: 'judge', principal: rs.judges[0]!.principal },
    { name: 'viewer', principal: rs.viewers[0]!.principal },
    { name: 'owner', principal: rs.owner.principal },
    { name: 'outsider', principal: rs.outsider.principal },
  ]
  ids = {
    roadshowId: rs.roadshowId,
    itemId: rs.itemIds[0]!,
    auctionId: rs.roadshowId,
  }
})

const field = fc.oneof(hostileString, hostileJson, fc.integer(), fc.constant(null), fc.array(fc.integer({ min: -2, max: 10 }), { maxLength: 8 }))

function messages(name: string) {
  const shaped = fc.record(
    {
      roadshowId: fc.oneof(fc.constant(ids.roadshowId), field),
      auctionId: fc.oneof(fc.constant(ids.auctionId), field),
      itemId: fc.oneof(fc.constant(ids.itemId), field),
      action: fc.oneof(fc.constantFrom('start', 'next', 'goto', 'qa_open', 'qa_close', 'pin', 'unpin', 'end', 'hide', 'mute', 'unmute', 'remove'), field),
      body: field,
      key: field,
      questionId: field,
      pollId: field,
      chatId: field,
      userId: field,
      choices: field,
      options: field,
      scores: fc.oneof(
        fc.dictionary(fc.constantFrom('innovation', 'market', 'maturity', 'team', '__proto__'), fc.oneof(fc.integer(), fc.double(), hostileString)),
        field
      ),
      amountFen: field,
      maxFen: field,
      mode: field,
      note: field,
      minutes: field,
    },
    { requiredKeys: [] }
  )
  return sample(fc.oneof(shaped, hostileJson), Math.max(20, Math.floor(RUNS / 4)), saltOf(name))
}

describe('socket commands under hostile messages', () => {
  for (const name of Object.keys(SOCKET_COMMANDS)) {
    it(`${name} answers every message, never throws`, async () => {
      const db = testDb()
      const msgs = messages(name)
      for (const [i, msg] of msgs.entries()) {
        const who = people[i % people.length]!
        let answer: unknown
        try {
          answer = await SOCKET_COMMANDS[name]!(db, who.principal, msg, new Date(), testMeta)
        } catch (err) {
          throw new Error(`${name} threw for ${who.name} on ${JSON.stringify(msg)?.slice(0, 300)}: ${(err as Error).stack}`)
        }
        expect(answer, `${name} for ${who.name}`).toMatchObject({
          ok: expect.any(Boolean),
        })
        if ((answer as { ok: boolean }).ok === false) expect(answer).toMatchObject({ reason: expect.any(String) })
      }
    })
  }
})
