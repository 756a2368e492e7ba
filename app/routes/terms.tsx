import type { MetaFunction } from '@remix-run/node'
import { LegalPage } from '~/components/legal-page'
import { pageTitle } from '~/utils/meta'

// /terms 服务条款: public, linked from sign-up and the footer.
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'legal.termsTitle')

export default function Terms() {
  return <LegalPage doc="terms" />
}
