import jsQR from 'jsqr'
import { PNG } from 'pngjs'
import { translate } from '../server/i18n/catalog'
import { expect, hydrated, test } from './fixtures'

// Training events end to end (issue 12, ADR 037): the demo city officer
// publishes an event starting in half an hour; the demo technology manager
// registers; the organiser's check-in page shows a QR code, which decodes to
// the event's check-in link; the manager opens it (as a phone would after the
// scan) and is checked in; the attendance sheet shows it and the manager's
// training hours on their profile grow by the event's credit hours.

const zh = (key: string, params?: Record<string, string | number>) => translate('zh-CN', key, params)

/** A moment as a datetime-local value in Beijing time. */
const beijingLocal = (d: Date) => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 16)

const hoursIn = (text: string) => Number(/([\d.]+)/.exec(text)?.[1] ?? 'NaN')

test('an officer publishes a training, a manager registers and checks in with the QR code, and their hours grow', async ({ pageAs }) => {
  test.setTimeout(150_000)
  const title = `技术经理人实务培训 ${Date.now().toString(36)}`
  const manager = await pageAs('manager')
  await manager.goto('/profile')
  const before = hoursIn(await manager.getByTestId('profile-training').locator('strong').innerText())
  expect(before).not.toBeNaN()

  // The city officer publishes the event.
  const officer = await pageAs('city')
  await officer.goto('/trainings/new')
  const form = officer.locator('form#training-new')
  await hydrated(form)
  await form.getByLabel(zh('training.form.title')).fill(title)
  await form.getByLabel(zh('training.form.venue')).fill('柳州市科技大市场报告厅')
  await form.getByLabel(zh('training.form.county')).selectOption('450204')
  const start = new Date(Date.now() + 30 * 60_000)
  await form.getByLabel(zh('training.form.startsAt')).fill(beijingLocal(start))
  await form.getByLabel(zh('training.form.endsAt')).fill(beijingLocal(new Date(start.getTime() + 2 * 3_600_000)))
  await form.getByLabel(zh('training.form.creditHours')).fill('1.5')
  await form.getByLabel(zh('training.form.capacity')).fill('20')
  await form.getByRole('button', { name: zh('training.form.create') }).click()
  await expect(officer.getByText(zh('training.page.done.created'))).toBeVisible()
  await expect(officer.getByRole('heading', { level: 1, name: title })).toBeVisible()
  const trainingPath = new URL(officer.url()).pathname

  // The manager registers.
  await manager.goto(trainingPath)
  await manager.getByRole('button', { name: zh('training.page.register') }).click()
  await expect(manager.getByText(zh('training.page.done.registered'))).toBeVisible()
  await expect(manager.getByText(zh('training.page.registered'))).toBeVisible()

  // The organiser's page shows the QR code; it decodes to this event's check-in link.
  await officer.goto(`${trainingPath}/checkin`)
  const qr = officer.getByTestId('checkin-qr')
  await expect(qr).toBeVisible()
  const png = PNG.sync.read(await qr.screenshot())
  const code = jsQR(new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.byteLength), png.width, png.height)
  expect(code?.data).toBeTruthy()
  const scanned = new URL(code!.data)
  expect(scanned.pathname).toBe(`${trainingPath}/check-in`)
  expect(scanned.searchParams.get('token')).toBeTruthy()

  // The manager opens it, signed in: checked in.
  await manager.goto(scanned.pathname + scanned.search)
  await expect(manager.getByTestId('checkin-result')).toContainText(zh('training.scan.checkedIn', { title }))
  // A link with a wrong token is refused.
  await manager.goto(`${scanned.pathname}?token=wrong`)
  await expect(manager.getByTestId('checkin-result')).toContainText(zh('training.checkin.errors.badToken'))

  // The attendance sheet shows it.
  await officer.goto(`${trainingPath}/attendance`)
  await expect(officer.getByTestId('attendance-summary')).toContainText(zh('training.attendance.summary', { registered: 1, waiting: 0, attended: 1 }))
  await expect(officer.getByTestId('attendance-row').filter({ hasText: '蓝海燕' })).toContainText(zh('training.attendance.present'))

  // The manager's hours grew by the event's 1.5 hours.
  await manager.goto('/profile')
  await expect.poll(async () => hoursIn(await manager.getByTestId('profile-training').locator('strong').innerText())).toBe(before + 1.5)
  await expect(manager.getByTestId('profile-training').getByRole('link', { name: title })).toBeVisible()
})
