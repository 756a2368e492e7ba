import { everyone, platformAdmin, type FeatureSpec } from '../route-kit'

// Issue 7's page fixes: the audit log's CSV export (platform admins only) and
// the terms of service and privacy policy (public, linked from sign-up and the footer).

const get: FeatureSpec['get'] = {
  'routes/admin.audit[.]csv': () => [
    { path: '/admin/audit.csv', expect: platformAdmin('/admin/audit.csv') },
    { path: '/admin/audit.csv?who=admin&action=user.&entityType=user&from=2020-01-01&to=2030-12-31', expect: platformAdmin('/admin/audit.csv?who=admin&action=user.&entityType=user&from=2020-01-01&to=2030-12-31') },
    // Bad values are dropped, not a 500.
    { path: '/admin/audit.csv?from=2020-13-45&who=%00x&beforeId=abc', expect: platformAdmin('/admin/audit.csv?from=2020-13-45&who=%00x&beforeId=abc') },
  ],
  'routes/terms': () => [{ path: '/terms', expect: everyone() }],
  'routes/privacy': () => [{ path: '/privacy', expect: everyone() }],
}

export const pagesB: FeatureSpec = { get, anonymousPosts: {} }
