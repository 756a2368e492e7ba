import { toBeijingLocal } from '../auctions/lifecycle-schemas'
import type { TrainingRow } from '../../db/repos/trainings'

// What the training form starts with: tomorrow 09:00–12:00 for a new event,
// the stored values (as Beijing wall-clock) for an edit.

const local = (d: Date) => toBeijingLocal(d).slice(0, 16)

export function newTrainingValues(now: Date, divisions: { code: string }[]) {
  const day = toBeijingLocal(new Date(now.getTime() + 7 * 86_400_000)).slice(0, 10)
  return {
    kind: 'policy',
    title: '',
    summary: '',
    venue: '',
    divisionCode: divisions.length === 1 ? divisions[0]!.code : '',
    startsAt: `${day}T09:00`,
    endsAt: `${day}T12:00`,
    creditHours: '3',
    capacity: '',
    registrationClosesAt: '',
  }
}

export function storedTrainingValues(t: TrainingRow) {
  return {
    kind: t.kind,
    title: t.title,
    summary: t.summary,
    venue: t.venue,
    divisionCode: t.division_code,
    startsAt: local(new Date(t.starts_at)),
    endsAt: local(new Date(t.ends_at)),
    creditHours: String(t.credit_minutes / 60),
    capacity: t.capacity == null ? '' : String(t.capacity),
    registrationClosesAt: t.registration_closes_at ? local(new Date(t.registration_closes_at)) : '',
  }
}
