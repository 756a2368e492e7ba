import { everyone, platformAdmin, type FeatureSpec } from '../route-kit'

// Search: the /search page and its JSON (public, the same for everyone: search
// never shows anything unpublished, so who asks makes no difference), and the
// synonym list of the platform admin.

const get: FeatureSpec['get'] = {
  'routes/search': () => [
    { path: '/search', expect: everyone() },
    { path: `/search?q=${encodeURIComponent('电池')}&type=achievement&industry=auto&trl=7&mode=licence&sort=price_asc&page=2`, expect: everyone() },
    // A shared URL with a bad value still shows a page: the bad value is ignored.
    { path: '/search?type=gadget&trl=99&division=nowhere&page=-1&sort=best', expect: everyone() },
  ],
  'routes/api.v1.search': () => [
    { path: `/api/v1/search?q=${encodeURIComponent('电池')}&facets=1`, expect: everyone() },
    { path: '/api/v1/search?type=need&division=450204&priceBand=lt50&orgType=enterprise&page=2&pageSize=50', expect: everyone() },
    { path: '/api/v1/search?pageSize=51', expect: everyone(400) },
    { path: '/api/v1/search?type=gadget&sort=best', expect: everyone(400) },
  ],
  'routes/api.v1.search.suggest': () => [
    { path: `/api/v1/search/suggest?q=${encodeURIComponent('电池')}`, expect: everyone() },
    { path: '/api/v1/search/suggest?limit=0', expect: everyone(400) },
  ],
  'routes/admin.synonyms': () => [
    { path: '/admin/synonyms', expect: platformAdmin('/admin/synonyms') },
    { path: '/admin/synonyms?edit=1&find=%E7%94%B5', expect: platformAdmin('/admin/synonyms?edit=1&find=%E7%94%B5') },
  ],
}

const anonymousPosts: FeatureSpec['anonymousPosts'] = {
  'routes/admin.synonyms': () => ({ path: '/admin/synonyms', body: { intent: 'save', terms: '液冷板、水冷板' }, expect: 401 }),
}

export const search: FeatureSpec = { get, anonymousPosts }
