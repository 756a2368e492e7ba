import { parseWithZod } from '@conform-to/zod'
import { data, redirect, type AppLoadContext } from '@remix-run/node'
import { DomainError } from '../../server/platform/errors'
import { transitionListing, type ListingKind } from '../../server/listings/workflow'
import { requestMeta, requireUser } from './auth.server'
import { TransitionSchema } from '../../server/listings/workflow-schemas'
import { DOMAIN_ERROR_STATUS } from './forms.server'

// The action behind a listing page's workflow buttons (see
// app/components/workflow-actions.tsx): parse, run the transition, and go
// back to the page saying what was done, or reply to the form that was used.

export async function transitionAction(request: Request, context: AppLoadContext, kind: ListingKind, id: string) {
  const principal = await requireUser(request, context)
  const formData = await request.formData()
  const submission = parseWithZod(formData, { schema: TransitionSchema })
  // Which of the page's forms to answer: the intent it posted, even when that is not a valid one.
  const intent = String(formData.get('intent') ?? '')
  if (submission.status !== 'success') return data({ intent, result: submission.reply() }, { status: 400 })
  const value = submission.value
  try {
    await transitionListing(
      context.services.db,
      principal,
      kind,
      id,
      value.intent,
      { reason: 'reason' in value ? value.reason : undefined, ttlMonths: context.services.config.LISTING_TTL_MONTHS },
      requestMeta(context),
    )
  } catch (err) {
    if (!(err instanceof DomainError)) throw err
    return data({ intent: value.intent, result: submission.reply({ formErrors: [err.messageKey] }) }, { status: DOMAIN_ERROR_STATUS[err.kind] })
  }
  return redirect(`/${kind === 'achievement' ? 'achievements' : 'needs'}/${id}?done=${value.intent}`)
}
