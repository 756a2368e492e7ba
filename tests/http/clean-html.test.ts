import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ROLES } from './route-kit'
import { LAYOUT_ROUTES, routeTable, startRouteWorld, type RouteWorld } from './route-world'

// Every route of the build (the route × role table's samples), requested as
// every kind of principal: the bytes of each text response must be valid
// UTF-8 and hold neither U+0000 nor U+FFFD. React 18.3's streaming renderer
// (renderToPipeableStream) leaked unwritten bytes of its 2 KB buffer as NULs
// when a multi-byte character met the buffer's end (docs/decisions/016).

let world: RouteWorld
const fixtures: Record<string, any> = {}
const { spec } = routeTable(fixtures)

beforeAll(async () => {
  world = await startRouteWorld(fixtures)
})

afterAll(async () => {
  await world?.server.close()
})

const decoder = new TextDecoder('utf-8', { fatal: true })

/** What is wrong with a body's bytes, or null when they are clean. */
export function byteProblem(bytes: Uint8Array): string | null {
  let text: string
  try {
    text = decoder.decode(bytes)
  } catch {
    return 'invalid UTF-8'
  }
  for (const [ch, name] of [['\u0000', 'U+0000'], ['\uFFFD', 'U+FFFD']] as const) {
    const at = text.indexOf(ch)
    if (at >= 0) return `${name} at char ${at}: …${JSON.stringify(text.slice(Math.max(0, at - 40), at + 20))}…`
  }
  return null
}

describe('clean HTML', () => {
  it('covers every route of the build', () => {
    const ids = Object.keys(world.build.routes).filter((id) => !LAYOUT_ROUTES.has(id))
    expect(ids.filter((id) => !(id in spec))).toEqual([])
  })

  it('recognises the defects it looks for', () => {
    expect(byteProblem(new TextEncoder().encode('<p>科技服务</p>'))).toBeNull()
    expect(byteProblem(Uint8Array.from([0x3c, 0x00, 0x3e]))).toMatch(/U\+0000/)
    expect(byteProblem(Uint8Array.from([0xe7, 0xa7, 0x3e]))).toBe('invalid UTF-8') // a cut 科
    expect(byteProblem(new TextEncoder().encode('服\uFFFD务'))).toMatch(/U\+FFFD/)
  })

  for (const id of Object.keys(spec)) {
    it(`${id}: every text response is clean UTF-8, for every role`, { timeout: 120_000 }, async () => {
      const problems: Record<string, string> = {}
      for (const sample of spec[id]!()) {
        await Promise.all(
          ROLES.map(async (role) => {
            const res = await world.server.fetch(sample.path, { cookie: world.cookies[role] })
            const type = res.headers.get('content-type') ?? ''
            // PDFs and spreadsheets are binary; every text type is checked.
            if (!/^(text\/|application\/(json|javascript|xml)\b|[^;]*\+(json|xml)\b)/.test(type)) return void (await res.body?.cancel())
            const bytes = new Uint8Array(await res.arrayBuffer())
            const problem = byteProblem(bytes)
            if (problem) problems[`${role} ${sample.path}`] = problem
          }),
        )
      }
      expect(problems).toEqual({})
    })
  }
})
