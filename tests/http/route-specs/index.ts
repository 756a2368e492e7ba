import type { FeatureSpec } from '../route-kit'
import { foundation } from './foundation'

// Every feature's rows of the route × role table. Add a line per feature.
export const FEATURES: Record<string, FeatureSpec> = {
  foundation,
}
