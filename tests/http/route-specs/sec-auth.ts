import { everyone, type FeatureSpec } from '../route-kit'

// Sign-up by mailed link (issue 7, item 6; ADR 014). The page is the same for
// everyone: the link, not the session, says who is signing up.

const get: FeatureSpec['get'] = {
  'routes/confirm-signup.$token': () => [{ path: '/confirm-signup/not-a-real-token', expect: everyone() }], // the page says the link is no good
}

const anonymousPosts: FeatureSpec['anonymousPosts'] = {
  'routes/confirm-signup.$token': () => ({ path: '/confirm-signup/not-a-real-token', body: {}, expect: 400 }),
}

export const secAuth: FeatureSpec = { get, anonymousPosts }
