import type { ListingSort } from '../../db/repos/listing-filters'

// The sort orders of the public lists (/achievements, /needs), for the forms: no
// database code here, this module is bundled for the browser.
export const LISTING_SORTS = ['newest', 'updated', 'price_asc', 'price_desc', 'expiring'] as const satisfies readonly ListingSort[]
export type { ListingSort }
