import { MAX_FILE_BYTES } from '../platform/files/limits'
import { policyOn } from '../platform/policy'

// Configuration of the contract area: the signed scan's limits and where the
// reward floor comes from (server/platform/policy.ts, by effective date).

/** The signed scan (PDF): the deal rooms' per-file limit. */
export const MAX_SCAN_BYTES = MAX_FILE_BYTES
/** A PDF starts with these bytes. */
export const PDF_MAGIC = '%PDF-'

/** 职务科技成果: the minimum share of proceeds for those who made and transferred it, on `date`. */
export const rewardFloorPpmOn = (date: Date) => policyOn(date).researcherRewardFloorPpm
