// The plain closing lines .ci/run prints from Playwright's JSON report
// (test-results/e2e-results.json): how many passed, how many were flaky (failed
// first, passed on the retry CI allows as a safety net: this should be 0, and
// each one is named so it can be fixed), failed and skipped, and how many
// retries the run used. Usage: node e2e/summary.mjs [report.json]
import { readFileSync } from 'node:fs'

const file = process.argv[2] ?? 'test-results/e2e-results.json'
const report = JSON.parse(readFileSync(file, 'utf8'))
const s = report.stats
const flaky = []
let retries = 0
const walk = (suite, path) => {
  for (const spec of suite.specs ?? []) {
    for (const t of spec.tests ?? []) {
      retries += (t.results ?? []).filter((r) => r.retry > 0).length
      if (t.status === 'flaky') flaky.push(`${path} › ${spec.title}`)
    }
  }
  for (const child of suite.suites ?? []) walk(child, path ? `${path} › ${child.title}` : child.title)
}
for (const suite of report.suites ?? []) walk(suite, suite.file ?? suite.title)

console.log(
  `e2e: ${s.expected} passed, ${s.flaky} flaky (passed only on retry), ${s.unexpected} failed, ${s.skipped} skipped` +
    ` in ${Math.round(s.duration / 1000)} s; retries used: ${retries}`,
)
for (const f of flaky) console.log(`  flaky: ${f}`)
