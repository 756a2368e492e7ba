// Run by e2e/contract-chain.spec.ts under tsx (Playwright's loader cannot take
// the test helpers' imports): a deal whose terms the university (seller) and
// the enterprise (buyer) agreed, brokered by a technology manager of an agency;
// a registrar serving the whole city and a city officer (市科技局). Made on the
// database given as the first argument; prints what the spec needs as JSON.
import { createDatabase } from '../db/index'
import { dealWithTerms } from '../tests/helpers/contract-drafts'
import { createMember } from '../tests/helpers/factories'

const db = createDatabase(process.argv[2]!, { max: 2 })
const title = `压铸工艺转让 ${Date.now().toString(36)}`
const w = await dealWithTerms(db, { title })
const registrar = await createMember(db, { type: 'registrar', divisionCode: '450200' })
const city = await createMember(db, { type: 'government', divisionCode: '450200' })
const who = (m: { user: { email: string; password: string; name: string } }) => ({ email: m.user.email, password: m.user.password, name: m.user.name })
console.log(
  JSON.stringify({
    dealId: w.dealId,
    title,
    seller: who(w.uni),
    sellerOrg: w.uni.org.name,
    buyer: who(w.ent),
    buyerOrg: w.ent.org.name,
    manager: who(w.manager),
    agencyOrg: w.manager.org.name,
    registrar: who(registrar),
    registrarOrg: registrar.org.name,
    city: who(city),
  }),
)
await db.destroy()
