import { ESLint } from 'eslint'
import { describe, expect, it } from 'vitest'

// The arrows run one way, app → server → db (search/ beside server/): the lint
// rule in eslint.config.js is what keeps them so, and this proves it bites.
describe('import direction', () => {
  const eslint = new ESLint()
  const lint = async (filePath: string, code: string) => {
    const [result] = await eslint.lintText(code, { filePath })
    return result.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message)
  }

  it.each([
    ['server/listings/probe.ts', "import { t } from '../../app/utils/i18n'\nexport const x = t\n"],
    ['server/probe.ts', "import { t } from '../app/utils/i18n'\nexport const x = t\n"],
    ['search/probe.ts', "import { t } from '~/utils/i18n'\nexport const x = t\n"],
    ['db/repos/probe.ts', "export { t } from '../../app/utils/i18n'\n"],
  ])('%s may not import from app/', async (file, code) => {
    expect(await lint(file, code)).toHaveLength(1)
  })

  it('app/ may import the domain and the catalog from server/', async () => {
    expect(await lint('app/routes/probe.tsx', "import { locales } from '../../server/i18n/catalog'\nexport const x = locales\n")).toEqual([])
  })
})
