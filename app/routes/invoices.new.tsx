import { redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { FormErrors } from '~/components/forms'
import { DraftHead, LinesEditor, rowsAfter } from '~/components/invoice-bits'
import { PageHeader } from '~/components/layout'
import styles from '~/styles/invoices.css?url'
import { requestMeta, requireUser } from '~/utils/auth.server'
import { useT } from '~/utils/i18n'
import { attemptForm, formReply } from '~/utils/invoices.server'
import { pageTitle } from '~/utils/meta'
import { organisationsForInvoice } from '../../db/repos/invoices'
import { invoiceConfigOn } from '../../server/invoices/config'
import { lineValuesOf, parseDraftForm, type DraftValues } from '../../server/invoices/form'
import { createDraft } from '../../server/invoices/invoices'

// /invoices/new — a platform admin drafts a service fee invoice or a deposit
// receipt for a verified organisation. Anyone else: 403.

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: styles }]

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'invoice.new.title')

async function requireAdmin(request: Request, context: LoaderFunctionArgs['context']) {
  const principal = await requireUser(request, context)
  if (!principal.isPlatformAdmin) throw new Response('Forbidden', { status: 403 })
  return principal
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireAdmin(request, context)
  const cfg = invoiceConfigOn()
  const buyer = new URL(request.url).searchParams.get('buyer')?.slice(0, 64) ?? ''
  return { orgs: await organisationsForInvoice(context.services.db), itemKinds: cfg.itemKinds.map((k) => k.code), buyer }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const principal = await requireAdmin(request, context)
  const fd = await request.formData()
  const intent = String(fd.get('intent') ?? 'save')
  if (intent.startsWith('addRow:') || intent.startsWith('remove:')) {
    const values: DraftValues = { buyerOrgId: String(fd.get('buyerOrgId') ?? '').slice(0, 64), note: String(fd.get('note') ?? '').slice(0, 500), lines: lineValuesOf(fd) }
    const r = rowsAfter(intent, values.lines, fd.get('blank'))
    return formReply('draft', {}, { ...values, lines: r.lines }, { blank: r.blank }, 200)
  }
  const parsed = parseDraftForm(fd)
  if (!parsed.ok) return formReply('draft', parsed.errors, parsed.values, { blank: 0 })
  const r = await attemptForm('draft', parsed.values, () => createDraft(context.services.db, principal, parsed.value, requestMeta(context)), { blank: 0 })
  if (!r.ok) return r.response
  return redirect(`/invoices/${r.value.id}?done=created`)
}

interface ActionData {
  form: string
  errors: Record<string, string[]>
  values: DraftValues
  blank: number
}

export default function NewInvoicePage() {
  const t = useT()
  const { orgs, itemKinds, buyer } = useLoaderData<typeof loader>()
  const a = useActionData<typeof action>() as ActionData | undefined
  const values = a?.values ?? { buyerOrgId: buyer, note: '', lines: [] }
  const errors = a?.errors ?? {}
  const fieldErrorCount = Object.keys(errors).filter((k) => k !== '').length
  return (
    <div className="container medium">
      <nav className="breadcrumbs" aria-label={t('ach.breadcrumbs')}>
        <Link to="/invoices">{t('invoice.list.title')}</Link>
        <span aria-hidden="true"> / </span>
        <span aria-current="page">{t('invoice.new.title')}</span>
      </nav>
      <PageHeader title={t('invoice.new.title')} lead={t('invoice.new.lead')} />
      <Form method="post" className="card" noValidate>
        <FormErrors id="invoice-form-errors" errors={errors['']} fieldErrorCount={fieldErrorCount} />
        <DraftHead orgs={orgs} values={values} errors={errors} />
        <LinesEditor form="draft" lines={values.lines} blank={a?.blank ?? 1} itemKinds={itemKinds} errors={errors} />
        <div className="form-actions">
          <button type="submit" name="intent" value="save" className="btn btn-primary">
            {t('invoice.form.save')}
          </button>
        </div>
      </Form>
    </div>
  )
}
