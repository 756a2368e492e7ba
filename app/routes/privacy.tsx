import type { MetaFunction } from '@remix-run/node'
import { LegalPage } from '~/components/legal-page'
import { pageTitle } from '~/utils/meta'

// /privacy 隐私政策: public, linked from sign-up and the footer.
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'legal.privacyTitle')

export default function Privacy() {
  return <LegalPage doc="privacy" />
}
