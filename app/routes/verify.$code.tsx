import { data, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { PageHeader } from '~/components/layout'
import resultStyles from '~/styles/auction-result.css?url'
import { formatDateTime, useLocale, useT } from '~/utils/i18n'
import { pageTitle } from '~/utils/meta'
import { verifyAuctionConfirmation } from '../../server/auctions/confirmation'
import type { MessageKey } from '../../server/i18n/catalog'
import { formatFen } from '../../server/platform/money'
import { findVerifiedDocument } from '../../server/platform/verification'
import { verifyRegistrationCertificate } from '../../server/registrations/certificate'
import { verifySubsidyNotice } from '../../server/subsidies/notices'
import { verifyInvoice } from '../../server/invoices/documents'
import { verifyEvaluationReport } from '../../server/evaluations/report'

// /verify/:code — public check of a document the platform issued (ADR 029):
// a 成交确认书 now, registration certificates later (add their resolver to the
// list). A known code shows the document's facts and its seal code, for the
// reader to compare with the paper; an unknown or forged one shows nothing of
// any document, only that none was found (404).

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: resultStyles }]

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'verify.page.title')

const RESOLVERS = [verifyAuctionConfirmation, verifyRegistrationCertificate, verifySubsidyNotice, verifyInvoice, verifyEvaluationReport]

export async function loader({ params, context }: LoaderFunctionArgs) {
  const code = (params.code ?? '').slice(0, 64)
  const doc = await findVerifiedDocument(context.services.db, code, RESOLVERS)
  return data({ doc, code }, { status: doc ? 200 : 404, headers: { 'Cache-Control': 'no-store', 'X-Robots-Tag': 'noindex' } })
}

export default function VerifyPage() {
  const { doc, code } = useLoaderData<typeof loader>()
  const t = useT()
  const locale = useLocale()
  if (!doc) {
    return (
      <div className="container verify-page">
        <PageHeader title={t('verify.page.notFoundTitle')} />
        <section className="card verify-missing" role="alert" data-testid="verify-not-found">
          <p>{t('verify.page.notFound', { code })}</p>
        </section>
      </div>
    )
  }
  const value = (f: (typeof doc.facts)[number]) =>
    f.money ? formatFen(Number(f.value), locale) : f.labelKey === 'verify.fact.closedAt' ? formatDateTime(locale, f.value) : f.value
  return (
    <div className="container verify-page">
      <PageHeader title={t('verify.page.title')} lead={t('verify.page.lead')} />
      <section className="card verify-card" aria-labelledby="verify-h" data-testid="verify-document">
        <p className="verify-valid" role="status">
          <span aria-hidden="true">✓ </span>
          {t('verify.page.valid')}
        </p>
        <h2 id="verify-h">{t(doc.kindKey as MessageKey)}</h2>
        <dl className="facts">
          <dt>{t('verify.page.number')}</dt>
          <dd>{doc.number}</dd>
          {doc.facts.map((f) => (
            <div key={f.labelKey} className="fact-row">
              <dt>{t(f.labelKey as MessageKey)}</dt>
              <dd>{value(f)}</dd>
            </div>
          ))}
          <dt>{t('verify.page.issuedAt')}</dt>
          <dd>{formatDateTime(locale, doc.issuedAt)}</dd>
          <dt>{t('verify.page.seal')}</dt>
          <dd className="verify-seal">{doc.seal}</dd>
        </dl>
        {doc.noteKey ? <p className="verify-note">{t(doc.noteKey as MessageKey)}</p> : null}
        <p className="small muted">{t('verify.page.sealHint')}</p>
        {doc.link ? (
          <p>
            <Link to={doc.link}>{t('verify.page.link')}</Link>
          </p>
        ) : null}
      </section>
    </div>
  )
}
