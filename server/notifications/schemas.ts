import { z } from 'zod'
import { CATEGORIES, MAIL_PREFERENCES } from './categories'

// The mail settings form (/notifications/settings): one choice per category.
const choice = z.enum(MAIL_PREFERENCES, { errorMap: () => ({ message: 'notify.settings.invalid' }) })

export const MailPreferencesSchema = z.object(
  Object.fromEntries(CATEGORIES.map((c) => [c, choice])) as Record<(typeof CATEGORIES)[number], typeof choice>,
)
