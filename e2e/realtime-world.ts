// Run by e2e/realtime-two-process.spec.ts under tsx (Playwright's loader cannot
// take the search code the deal helpers reach): makes a deal world on the
// database given as the first argument and prints what the spec needs as JSON.
import { createDatabase } from '../db/index'
import { dealFromMatch } from '../tests/helpers/deals'

const db = createDatabase(process.argv[2]!, { max: 2 })
const w = await dealFromMatch(db, { title: '两进程实时测试' })
console.log(JSON.stringify({ dealId: w.dealId, ent: { email: w.ent.user.email, password: w.ent.user.password }, uni: { email: w.uni.user.email, password: w.uni.user.password } }))
await db.destroy()
