import { signedIn, type Expectation, type FeatureSpec } from '../route-kit'

// The officers' dashboards (issue 12): city and county officers read them (a
// county officer only their own county: another county's code is a 404),
// everyone else signed in is refused (403), anonymous visitors go to the login
// page. Hostile query values fall back to "any" (200, never a 500). The
// registrar's queue figures are the registrar's alone. No route has an action.

const officers = (path: string, o: Partial<Expectation> = {}): Expectation => ({ ...signedIn(path, 403), cityOfficer: 200, countyOfficer: 200, ...o })
const registrar = (path: string): Expectation => ({ ...signedIn(path, 403), registrar: 200 })

const get: FeatureSpec['get'] = {
  'routes/dashboard._index': () => [
    { path: '/dashboard', expect: officers('/dashboard') },
    { path: '/dashboard?period=2022&industry=auto', expect: officers('/dashboard?period=2022&industry=auto') },
    { path: '/dashboard?county=450204', expect: officers('/dashboard?county=450204') },
    // Another county than the county officer's own (柳南区 450204).
    { path: '/dashboard?county=450223', expect: officers('/dashboard?county=450223', { countyOfficer: 404 }) },
    { path: '/dashboard?period=%3Cscript%3E&county=999999&industry=..%2F', expect: officers('/dashboard?period=%3Cscript%3E&county=999999&industry=..%2F') },
  ],
  'routes/dashboard.rows': () => [
    { path: '/dashboard/rows?view=contracts', expect: officers('/dashboard/rows?view=contracts') },
    { path: '/dashboard/rows?view=projects&month=2024-03', expect: officers('/dashboard/rows?view=projects&month=2024-03') },
    { path: '/dashboard/rows?view=subsidies&kind=paid', expect: officers('/dashboard/rows?view=subsidies&kind=paid') },
    { path: '/dashboard/rows?view=activity&kind=deals&page=2', expect: officers('/dashboard/rows?view=activity&kind=deals&page=2') },
    { path: '/dashboard/rows?view=flows&county=450223', expect: officers('/dashboard/rows?view=flows&county=450223', { countyOfficer: 404 }) },
    { path: '/dashboard/rows?view=bogus&page=-4&month=2024-13&seller=x', expect: officers('/dashboard/rows?view=bogus&page=-4&month=2024-13&seller=x') },
  ],
  'routes/dashboard[.]xlsx': () => [
    { path: '/dashboard.xlsx?view=projects', expect: officers('/dashboard.xlsx?view=projects') },
    { path: '/dashboard.xlsx?view=flows&county=450223', expect: officers('/dashboard.xlsx?view=flows&county=450223', { countyOfficer: 404 }) },
  ],
  'routes/registrations.figures': () => [
    { path: '/registrations/figures', expect: registrar('/registrations/figures') },
    { path: '/registrations/figures?year=abc', expect: registrar('/registrations/figures?year=abc') },
  ],
}

export const dashboards: FeatureSpec = { get, anonymousPosts: {} }
