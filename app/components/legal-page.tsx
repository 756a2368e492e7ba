import { PageHeader } from '~/components/layout'
import { useT } from '~/utils/i18n'
import { isMessageKey, type MessageKey } from '../../server/i18n/catalog'

// The terms of service and the privacy policy: numbered sections from the
// catalog (legal.<doc>.<n>.h / .p, paragraphs split on newlines), with contents.

export function LegalPage({ doc }: { doc: 'terms' | 'privacy' }) {
  const t = useT()
  const sections: { h: string; paragraphs: string[] }[] = []
  for (let n = 1; isMessageKey(`legal.${doc}.${n}.h`); n++) {
    sections.push({ h: t(`legal.${doc}.${n}.h` as MessageKey), paragraphs: t(`legal.${doc}.${n}.p` as MessageKey).split('\n') })
  }
  return (
    <div className="container medium legal-page">
      <PageHeader title={t(doc === 'terms' ? 'legal.termsTitle' : 'legal.privacyTitle')} lead={t(doc === 'terms' ? 'legal.termsLead' : 'legal.privacyLead')} />
      <p className="muted small">{t('legal.updated')}</p>
      <nav className="card legal-toc" aria-label={t('legal.contents')}>
        <h2>{t('legal.contents')}</h2>
        <ol>
          {sections.map((s, i) => (
            <li key={i}>
              <a href={`#s${i + 1}`}>{s.h}</a>
            </li>
          ))}
        </ol>
      </nav>
      {sections.map((s, i) => (
        <section key={i} id={`s${i + 1}`} className="legal-section">
          <h2>
            {i + 1}. {s.h}
          </h2>
          {s.paragraphs.map((p, j) => (
            <p key={j}>{p}</p>
          ))}
        </section>
      ))}
    </div>
  )
}
