// Run by e2e/roadshow.spec.ts under tsx (Playwright's loader cannot take the
// achievement helpers' imports): makes a roadshow on the database given as the
// first argument — two agenda items owned by one university, one judge, two
// registered enterprise viewers, organised by a technology manager who hosts
// it, starting in a minute (the host starts it) — and prints what the spec
// needs as JSON.
import { createDatabase } from '../db/index'
import { scheduledRoadshow } from '../tests/helpers/roadshows'

const db = createDatabase(process.argv[2]!, { max: 2 })
const w = await scheduledRoadshow(db, { items: 2, judges: 1, viewers: 2, startsInMs: 60_000 })
const who = (m: { user: { email: string; password: string; name: string } }) => ({ email: m.user.email, password: m.user.password, name: m.user.name })
console.log(
  JSON.stringify({
    roadshowId: w.roadshowId,
    itemTitles: ['路演成果1', '路演成果2'],
    host: who(w.host),
    judge: who(w.judges[0]!),
    a: who(w.viewers[0]!),
    b: who(w.viewers[1]!),
    owner: who(w.owner),
  })
)
await db.destroy()
