import { redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { FieldErrors, FormErrors, Notice } from '~/components/forms'
import { DraftHead, InvoiceStatusBadge, LinesEditor, rowsAfter } from '~/components/invoice-bits'
import { PageHeader } from '~/components/layout'
import styles from '~/styles/invoices.css?url'
import { requestMeta, requireUser } from '~/utils/auth.server'
import { orErrorPage } from '~/utils/engagement.server'
import { formatDate, useLocale, useT } from '~/utils/i18n'
import { attemptForm, formReply } from '~/utils/invoices.server'
import { pageTitle } from '~/utils/meta'
import { organisationsForInvoice } from '../../db/repos/invoices'
import type { MessageKey } from '../../server/i18n/catalog'
import { invoiceConfigOn, seriesForKind, seriesOf } from '../../server/invoices/config'
import { rateText, yuan } from '../../server/invoices/format'
import { fenToYuan, lineValuesOf, parseCreditForm, parseDraftForm, parsePaymentForm, parseVoidForm, type LineValues } from '../../server/invoices/form'
import { createCreditNote, invoiceView, issueInvoice, recordPayment, updateDraft, voidInvoice } from '../../server/invoices/invoices'
import { shanghaiDate } from '../../server/platform/intl'

// /invoices/:id — one invoice, receipt or credit note: head, lines, totals,
// payments and credit notes; for a platform admin the draft editor and the
// actions its status allows (issue; record a payment; void with a reason;
// draft a credit note). The buyer organisation's members read it; anyone
// else gets 404 (drafts are the platform's own).

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: styles }]

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  pageTitle(matches, 'invoice.detail.title', { kind: '', number: data?.view.invoice.number ?? '' })

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const principal = await requireUser(request, context)
  const db = context.services.db
  const view = await orErrorPage(() => invoiceView(db, principal, params.id ?? ''))
  const cfg = invoiceConfigOn()
  const series = seriesOf(cfg, view.invoice.series)
  return {
    view,
    orgs: view.may.edit && view.invoice.kind !== 'credit_note' ? await organisationsForInvoice(db) : [],
    itemKinds: series?.itemKinds ?? [],
    creditKinds: seriesForKind(cfg, 'credit_note').itemKinds,
    today: shanghaiDate(),
  }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const principal = await requireUser(request, context)
  const db = context.services.db
  const id = params.id ?? ''
  const meta = requestMeta(context)
  // A stranger learns nothing (404); a reader who is not a platform admin may not act (403).
  await orErrorPage(() => invoiceView(db, principal, id))
  if (!principal.isPlatformAdmin) throw new Response('Forbidden', { status: 403 })
  const fd = await request.formData()
  const intent = String(fd.get('intent') ?? '')
  const done = (what: string, to = id) => redirect(`/invoices/${to}?done=${what}`)
  if (intent.startsWith('addRow:') || intent.startsWith('remove:')) {
    const form = intent.includes(':credit') ? 'credit' : 'draft'
    const lines = lineValuesOf(fd)
    const r = rowsAfter(intent, lines, fd.get('blank'))
    const values = { buyerOrgId: String(fd.get('buyerOrgId') ?? '').slice(0, 64), note: String(fd.get('note') ?? '').slice(0, 500), lines: r.lines }
    return formReply(form, {}, values, { blank: r.blank }, 200)
  }
  switch (intent) {
    case 'save': {
      const p = parseDraftForm(fd)
      if (!p.ok) return formReply('draft', p.errors, p.values, { blank: 0 })
      const r = await attemptForm('draft', p.values, () => updateDraft(db, principal, id, p.value, meta), { blank: 0 })
      return r.ok ? done('saved') : r.response
    }
    case 'issue': {
      const r = await attemptForm('issue', {}, () => issueInvoice(db, principal, id, meta))
      return r.ok ? done('issued') : r.response
    }
    case 'pay': {
      const p = parsePaymentForm(fd)
      if (!p.ok) return formReply('pay', p.errors, p.values)
      const r = await attemptForm('pay', p.values, () => recordPayment(db, principal, id, p.value, meta))
      return r.ok ? done('paid') : r.response
    }
    case 'void': {
      const p = parseVoidForm(fd)
      if (!p.ok) return formReply('void', p.errors, p.values)
      const r = await attemptForm('void', p.values, () => voidInvoice(db, principal, id, p.value.reason, meta))
      return r.ok ? done('voided') : r.response
    }
    case 'credit': {
      const p = parseCreditForm(fd)
      if (!p.ok) return formReply('credit', p.errors, p.values, { blank: 0 })
      const r = await attemptForm('credit', p.values, () => createCreditNote(db, principal, id, p.value, meta), { blank: 0 })
      return r.ok ? done('credit', r.value.id) : r.response
    }
    default:
      throw new Response('Bad intent', { status: 400 })
  }
}

interface ActionData {
  form: string
  errors: Record<string, string[]>
  values: Record<string, string> & { lines?: LineValues[] }
  blank?: number
}

const DONE = ['saved', 'issued', 'paid', 'voided', 'created', 'credit'] as const

export default function InvoicePage() {
  const t = useT()
  const locale = useLocale()
  const { view, orgs, itemKinds, creditKinds, today } = useLoaderData<typeof loader>()
  const a = useActionData<typeof action>() as ActionData | undefined
  const [params] = useSearchParams()
  const inv = view.invoice
  const done = DONE.find((d) => d === params.get('done'))
  const kind = t(`invoice.kind.${inv.kind}` as MessageKey)
  const errs = (form: string) => (a?.form === form ? a.errors : {})
  const vals = (form: string) => (a?.form === form ? a.values : undefined)
  const draftValues = vals('draft') ?? {
    buyerOrgId: inv.buyer_org_id,
    note: inv.note,
    lines: view.lines.map((l) => ({ itemKind: l.item_kind, description: l.description, quantity: String(l.quantity), unitPrice: fenToYuan(l.unit_price_fen) })),
  }
  const creditValues = vals('credit') ?? { note: '', lines: [] }
  const issuer = inv.issuer as unknown as { name: string; creditCode: string }
  return (
    <div className="container">
      <nav className="breadcrumbs" aria-label={t('ach.breadcrumbs')}>
        <Link to="/invoices">{t('invoice.list.title')}</Link>
        <span aria-hidden="true"> / </span>
        <span aria-current="page">{inv.number ?? t('invoice.detail.draftNumber')}</span>
      </nav>
      <PageHeader title={t('invoice.detail.title', { kind, number: inv.number ?? t('invoice.detail.draftNumber') })}>
        <a className="btn btn-secondary" href={`/invoices/${inv.id}.pdf`}>
          {t('invoice.detail.pdf')}
        </a>
      </PageHeader>
      {done ? <Notice kind="success">{t(`invoice.detail.done.${done}`)}</Notice> : null}
      {a && ['issue'].includes(a.form) ? <FormErrors id="invoice-action-errors" errors={a.errors['']} /> : null}

      <section className="card" aria-labelledby="head-h">
        <h2 id="head-h" className="visually-hidden">
          {kind}
        </h2>
        <dl className="facts">
          <dt>{t('invoice.field.status')}</dt>
          <dd>
            <InvoiceStatusBadge status={inv.status} />
          </dd>
          <dt>{t('invoice.field.issuer')}</dt>
          <dd>
            {issuer.name}（{t('invoice.field.creditCode')} {issuer.creditCode}）
          </dd>
          <dt>{t('invoice.field.buyer')}</dt>
          <dd>
            {inv.buyer_name}（{t('invoice.field.creditCode')} {inv.buyer_credit_code}）
          </dd>
          {inv.issued_at ? (
            <>
              <dt>{t('invoice.field.issuedAt')}</dt>
              <dd>{formatDate(locale, inv.issued_at)}</dd>
            </>
          ) : null}
          {inv.due_on ? (
            <>
              <dt>{t('invoice.field.dueOn')}</dt>
              <dd>{formatDate(locale, inv.due_on)}</dd>
            </>
          ) : null}
          {view.original ? (
            <>
              <dt>{t('invoice.detail.credited')}</dt>
              <dd>
                <Link to={`/invoices/${view.original.id}`}>{view.original.number}</Link>
              </dd>
            </>
          ) : null}
          {inv.note ? (
            <>
              <dt>{t('invoice.field.note')}</dt>
              <dd>{inv.note}</dd>
            </>
          ) : null}
        </dl>
        {inv.status === 'void' && inv.voided_at ? (
          <Notice kind="warning">{t('invoice.detail.voided', { date: formatDate(locale, inv.voided_at), reason: inv.void_reason ?? '' })}</Notice>
        ) : null}
      </section>

      <section className="card" aria-labelledby="lines-h">
        <h2 id="lines-h">{t('invoice.detail.lines')}</h2>
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('invoice.line.description')}</th>
                <th scope="col">{t('invoice.line.quantity')}</th>
                <th scope="col">{t('invoice.line.unitPrice')}</th>
                <th scope="col">{t('invoice.line.net')}</th>
                <th scope="col">{t('invoice.line.rate')}</th>
                <th scope="col">{t('invoice.line.tax')}</th>
              </tr>
            </thead>
            <tbody>
              {view.lines.map((l) => (
                <tr key={l.position}>
                  <td>
                    {l.description} <span className="muted small">{t(`invoice.item.${l.item_kind}` as MessageKey)}</span>
                  </td>
                  <td>{l.quantity}</td>
                  <td>{yuan(l.unit_price_fen)}</td>
                  <td>{yuan(l.net_fen)}</td>
                  <td>{rateText(locale, l)}</td>
                  <td>{l.exempt ? t('invoice.rate.exempt') : yuan(l.tax_fen)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <dl className="facts invoice-totals">
          <dt>{t('invoice.field.net')}</dt>
          <dd>{yuan(inv.net_fen)}</dd>
          <dt>{t('invoice.field.tax')}</dt>
          <dd>{yuan(inv.tax_fen)}</dd>
          <dt>{t('invoice.field.total')}</dt>
          <dd>
            <strong>{yuan(inv.total_fen)}</strong>
          </dd>
          {inv.kind !== 'credit_note' && inv.status !== 'draft' ? (
            <>
              <dt>{t('invoice.field.paid')}</dt>
              <dd>{yuan(inv.paid_fen)}</dd>
              {view.creditedFen ? (
                <>
                  <dt>{t('invoice.field.credited')}</dt>
                  <dd>{yuan(view.creditedFen)}</dd>
                </>
              ) : null}
              <dt>{t('invoice.field.owed')}</dt>
              <dd>{yuan(view.owedFen)}</dd>
            </>
          ) : null}
        </dl>
      </section>

      {view.may.issue ? (
        <section className="card" aria-labelledby="issue-h">
          <h2 id="issue-h">{t('invoice.detail.issue')}</h2>
          <p className="muted">{t('invoice.detail.issueHint')}</p>
          <Form method="post">
            <button type="submit" name="intent" value="issue" className="btn btn-primary">
              {t('invoice.detail.issue')}
            </button>
          </Form>
        </section>
      ) : null}

      {view.may.edit ? (
        <section className="card" aria-labelledby="edit-h">
          <h2 id="edit-h">{t('invoice.detail.edit')}</h2>
          <Form method="post" noValidate>
            <FormErrors id="draft-errors" errors={errs('draft')['']} fieldErrorCount={Object.keys(errs('draft')).filter((k) => k).length} />
            {inv.kind === 'credit_note' ? (
              <input type="hidden" name="buyerOrgId" value={inv.buyer_org_id} />
            ) : (
              <DraftHead orgs={orgs} values={{ buyerOrgId: draftValues.buyerOrgId ?? '', note: draftValues.note ?? '' }} errors={errs('draft')} />
            )}
            <LinesEditor form="draft" lines={draftValues.lines ?? []} blank={a?.form === 'draft' ? (a.blank ?? 0) : 0} itemKinds={itemKinds} errors={errs('draft')} />
            <div className="form-actions">
              <button type="submit" name="intent" value="save" className="btn btn-primary">
                {t('invoice.form.save')}
              </button>
            </div>
          </Form>
        </section>
      ) : null}

      {inv.kind !== 'credit_note' && inv.status !== 'draft' ? (
        <section className="card" aria-labelledby="pay-h">
          <h2 id="pay-h">{t('invoice.detail.payments')}</h2>
          {view.payments.length ? (
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t('invoice.detail.paidOn')}</th>
                    <th scope="col">{t('invoice.detail.amount')}</th>
                    <th scope="col">{t('invoice.detail.reference')}</th>
                  </tr>
                </thead>
                <tbody>
                  {view.payments.map((p) => (
                    <tr key={p.id}>
                      <td>{formatDate(locale, p.paid_on)}</td>
                      <td>{yuan(p.amount_fen)}</td>
                      <td>{p.reference}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : (
            <p className="muted">{t('invoice.detail.noPayments')}</p>
          )}
          {view.may.pay ? (
            <Form method="post" noValidate className="invoice-form-stack">
              <h3>{t('invoice.detail.pay')}</h3>
              <FormErrors id="pay-errors" errors={errs('pay')['']} />
              <SimpleField name="paidOn" type="date" label={t('invoice.detail.paidOn')} value={vals('pay')?.paidOn ?? today} errors={errs('pay').paidOn} />
              <SimpleField name="amount" label={t('invoice.detail.amount')} value={vals('pay')?.amount ?? fenToYuan(view.owedFen)} errors={errs('pay').amount} inputMode="decimal" />
              <SimpleField name="reference" label={t('invoice.detail.reference')} value={vals('pay')?.reference ?? ''} errors={errs('pay').reference} />
              <button type="submit" name="intent" value="pay" className="btn btn-primary">
                {t('invoice.detail.pay')}
              </button>
            </Form>
          ) : null}
        </section>
      ) : null}

      {view.credits.length ? (
        <section className="card" aria-labelledby="credits-h">
          <h2 id="credits-h">{t('invoice.detail.credits')}</h2>
          <ul>
            {view.credits.map((c) => (
              <li key={c.id}>
                <Link to={`/invoices/${c.id}`}>{c.number ?? t('invoice.detail.draftNumber')}</Link> <InvoiceStatusBadge status={c.status} /> {yuan(c.total_fen)}
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {view.may.credit ? (
        <section className="card" aria-labelledby="credit-h">
          <h2 id="credit-h">{t('invoice.detail.credit')}</h2>
          <p className="muted">{t('invoice.detail.creditHint', { room: yuan(inv.total_fen - view.creditedFen) })}</p>
          <Form method="post" noValidate>
            <FormErrors id="credit-errors" errors={errs('credit')['']} fieldErrorCount={Object.keys(errs('credit')).filter((k) => k).length} />
            <SimpleField name="note" label={t('invoice.detail.creditNote')} value={creditValues.note ?? ''} errors={errs('credit').note} idPrefix="credit" />
            <LinesEditor form="credit" lines={creditValues.lines ?? []} blank={a?.form === 'credit' ? (a.blank ?? 1) : 1} itemKinds={creditKinds} errors={errs('credit')} />
            <div className="form-actions">
              <button type="submit" name="intent" value="credit" className="btn btn-primary">
                {t('invoice.detail.creditSave')}
              </button>
            </div>
          </Form>
        </section>
      ) : null}

      {view.may.void ? (
        <section className="card" aria-labelledby="void-h">
          <h2 id="void-h">{t('invoice.detail.void')}</h2>
          <Form method="post" noValidate className="invoice-form-stack">
            <FormErrors id="void-errors" errors={errs('void')['']} />
            <SimpleField name="reason" label={t('invoice.detail.voidReason')} value={vals('void')?.reason ?? ''} errors={errs('void').reason} />
            <button type="submit" name="intent" value="void" className="btn btn-secondary">
              {t('invoice.detail.void')}
            </button>
          </Form>
        </section>
      ) : null}
    </div>
  )
}

function SimpleField(p: { name: string; label: string; value: string; errors?: string[]; type?: string; inputMode?: 'decimal'; idPrefix?: string }) {
  const id = `${p.idPrefix ?? 'f'}-${p.name}`
  return (
    <div className="field">
      <label htmlFor={id}>{p.label}</label>
      <input
        id={id}
        name={p.name}
        type={p.type ?? 'text'}
        inputMode={p.inputMode}
        defaultValue={p.value}
        aria-invalid={p.errors?.length ? true : undefined}
        aria-describedby={p.errors?.length ? `${id}-err` : undefined}
      />
      <FieldErrors id={`${id}-err`} errors={p.errors} />
    </div>
  )
}
