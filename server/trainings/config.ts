// Rules of training events (ADR 037), dated like the other areas' configuration:
// when the door's QR code accepts check-ins, how long a title may be, how many
// materials an event keeps, and the page size of the public list.

export interface TrainingRules {
  from: string
  /** Check-in opens this many minutes before the start and closes this many after the end. */
  checkinOpensBeforeMinutes: number
  checkinClosesAfterMinutes: number
  maxMaterials: number
  maxCapacity: number
  /** Credit minutes one event may count at most (a full day of 8 hours). */
  maxCreditMinutes: number
  pageSize: number
}

const VERSIONS: TrainingRules[] = [
  { from: '2020-01-01', checkinOpensBeforeMinutes: 120, checkinClosesAfterMinutes: 120, maxMaterials: 20, maxCapacity: 5000, maxCreditMinutes: 480, pageSize: 20 },
]

export function trainingRulesOn(date: Date = new Date()): TrainingRules {
  const day = date.toISOString().slice(0, 10)
  return [...VERSIONS].reverse().find((v) => v.from <= day) ?? VERSIONS[0]!
}

export const TRAINING_KINDS = ['policy', 'lecture'] as const
