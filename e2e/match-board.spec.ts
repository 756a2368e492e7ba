import { randomBytes } from 'node:crypto'
import { DEMO_PASSWORD, expect, mainNav, openMail, publishNeed, test } from './fixtures'

// The technology manager's match board, end to end: 柳州龙腾汽车零部件有限公司
// (the demo enterprise) has just published a need of its own (made by this
// test, so a retry claims a new one); the demo manager narrows the board to it,
// claims it and proposes its best candidate achievement; the company's owner
// (who posted the need) gets an e-mail and finds the match on /my/matches, and
// so does the institution behind the achievement. Both say they are
// interested, and the board shows the match as ready to become a deal.

const NOTE = '该院在电驱部件方面有成熟团队，建议先做样件试制。'

/** Who answers for each demo institution: its owner or admin (db/seed/demo.ts). */
const INSTITUTION_LOGINS: Record<string, string> = {
  柳州理工大学: 'institution@demo.kjdsc.cn',
  柳州汽车工程研究院: 'auto-admin@demo.kjdsc.cn',
  柳州新材料研究所: 'mat-admin@demo.kjdsc.cn',
  龙城医学院: 'lcmu-admin@demo.kjdsc.cn',
  融水山地农业科学研究所: 'agri-admin@demo.kjdsc.cn',
}

test('a technology manager proposes a match from the board and both sides see it and answer', async ({ pageAs, apiAs }) => {
  // Three people, ten pages in fresh browsers: 49-78 s measured at load 15-23 on 2 cores (ADR 018).
  test.setTimeout(150_000)
  // The enterprise's new need (like the demo's casting need, so the same achievements fit it).
  const NEED = `电驱壳体铸造气孔率高，急需工艺改进 ${randomBytes(3).toString('hex').toUpperCase()}`
  await publishNeed(await apiAs('enterprise'), {
    title: NEED,
    problem: '电驱动壳体采用低压铸造，X 光检测气孔超标率约 8%，导致密封试验不合格和返工，影响两家主机厂的交付。',
    desiredOutcome: '气孔超标率降至 2% 以下，并形成可固化的工艺参数与检测标准。',
    industryCode: 'auto.nev',
    divisionCode: '4502LD',
    budgetMin: 30,
    budgetMax: 60,
    preferredModes: ['service', 'co_development'],
    keywords: '低压铸造，气孔，电驱壳体',
  })

  // The manager opens the board from the header and narrows it by industry and county.
  const manager = await pageAs('manager')
  await manager.goto('/workspace')
  await mainNav(manager).getByRole('link', { name: '匹配看板', exact: true }).click()
  await expect(manager.getByRole('heading', { level: 1 })).toHaveText('匹配看板')
  const filters = manager.getByRole('form', { name: '筛选需求' })
  await filters.getByLabel('所属行业').selectOption({ label: '新能源汽车整车与三电' })
  await filters.getByLabel('所在县区').selectOption({ label: '柳东新区（高新区）' })
  await filters.getByRole('button', { name: '筛选' }).click()
  await expect(manager).toHaveURL(/industry=auto\.nev/)

  // Claim the need: it moves to "我认领的需求".
  const open = manager.locator('#open')
  await open.getByRole('button', { name: `认领需求“${NEED}”` }).click()
  await expect(manager.getByText('已认领该需求')).toBeVisible()
  const card = manager.locator('#mine li.board-need').filter({ has: manager.getByRole('heading', { name: NEED }) })
  await expect(card).toBeVisible()

  // Its best candidate from a demo institution, with a score and the reasons for it. Other tests publish
  // achievements of institutions they make (the contract chain's die-casting one fits this need too), and
  // those may rank higher: the demo is read, so the test proposes the best candidate it can sign in for.
  const demoInstitution = new RegExp(Object.keys(INSTITUTION_LOGINS).join('|'))
  const candidate = card.locator('li.candidate').filter({ has: manager.locator('.candidate-title .muted', { hasText: demoInstitution }) }).first()
  await expect(candidate.getByLabel(/^匹配度 \d+ 分/)).toBeVisible()
  await expect(candidate.locator('.match-sentence')).not.toBeEmpty()
  const achievement = (await candidate.locator('.candidate-title a').innerText()).trim()
  const institution = (await candidate.locator('.candidate-title .muted').innerText()).replace(/^\s*·\s*/, '').trim()
  expect(INSTITUTION_LOGINS[institution], `a login for ${institution}`).toBeTruthy()

  await candidate.getByText('提出匹配', { exact: true }).click()
  const form = candidate.getByRole('form', { name: `为“${achievement}”提出匹配` })
  await form.getByLabel(/给双方的说明/).fill(NOTE)
  await form.getByRole('button', { name: '发送匹配建议' }).click()
  await expect(manager.getByText('匹配建议已发送，供需双方已收到邮件通知。')).toBeVisible()
  const proposed = manager.locator('#matches li').filter({ hasText: achievement })
  await expect(proposed).toContainText('待答复')

  // The enterprise: an e-mail, and the match on /my/matches with the manager's note.
  const enterprise = await pageAs('enterprise')
  const mail = await openMail(enterprise, 'enterprise@demo.kjdsc.cn', `【柳州科技大市场】技术经理人为您的需求“${NEED}”推荐了成果`)
  await expect(mail).toContainText(achievement)
  await enterprise.goto('/workspace')
  await mainNav(enterprise).getByRole('link', { name: '我的匹配', exact: true }).click()
  const entCard = enterprise.locator('li.my-match').filter({ has: enterprise.getByRole('heading', { name: `推荐成果：${achievement}` }) })
  await expect(entCard).toContainText(NEED)
  await expect(entCard).toContainText(NOTE)
  await entCard.getByRole('button', { name: '有意向' }).click()
  await expect(enterprise.getByText('已答复有意向，等待对方答复。')).toBeVisible()

  // The institution behind the achievement sees it too, and is interested: the match is ready to become a deal.
  const inst = await pageAs({ email: INSTITUTION_LOGINS[institution]!, password: DEMO_PASSWORD })
  await inst.goto('/my/matches')
  const instCard = inst.locator('li.my-match').filter({ has: inst.getByRole('heading', { name: `推荐需求：${NEED}` }) })
  await expect(instCard).toContainText(achievement)
  await expect(instCard.locator('.answer-interested')).toHaveText('有意向') // the enterprise's answer
  await instCard.getByRole('button', { name: '有意向' }).click()
  await expect(inst.getByText('双方都有意向，这个匹配可以转为交易了。')).toBeVisible()
  await expect(inst.locator('li.my-match').filter({ hasText: achievement }).getByText('可转为交易', { exact: true })).toBeVisible()

  // Back on the board: shown clearly as ready to become a deal.
  await manager.goto('/match-board')
  const ready = manager.locator('#matches li').filter({ hasText: achievement })
  await expect(ready).toContainText('双方有意向')
  await expect(ready).toContainText('可转为交易')
})

test('the match board is for technology managers only', async ({ pageAs }) => {
  const enterprise = await pageAs('enterprise')
  const response = await enterprise.goto('/match-board')
  expect(response?.status()).toBe(403)
  await expect(mainNav(enterprise).getByRole('link', { name: '匹配看板', exact: true })).toHaveCount(0)
})
