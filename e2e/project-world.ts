// Run by e2e/project-progress.spec.ts under tsx (Playwright's loader cannot take
// the test helpers' imports): an officer of 鹿寨县 (450223), a county other than
// the demo county officer's, made on the database given as the first argument;
// prints their login as JSON.
import { createDatabase } from '../db/index'
import { createMember } from '../tests/helpers/factories'

const db = createDatabase(process.argv[2]!, { max: 2 })
const officer = await createMember(db, { type: 'government', divisionCode: '450223' })
console.log(JSON.stringify({ email: officer.user.email, password: officer.user.password }))
await db.destroy()
