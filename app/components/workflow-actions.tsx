import { getFormProps, useForm, type SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod'
import { Form } from '@remix-run/react'
import { FormErrors, Notice, TextAreaField } from '~/components/forms'
import { useT } from '~/utils/i18n'
import { TransitionSchema } from '../../server/listings/workflow-schemas'

// The review workflow's buttons on a listing page (achievement or need).
// Each is its own small form posting `intent` to the page's action; a
// return and a takedown ask for a reason. Shown by the `can` flags the
// service computed, and checked again by transitionListing on the server.

export type TransitionIntent = 'submit' | 'approve' | 'return' | 'reconfirm' | 'takedown' | 'withdraw' | 'restore'

export interface TransitionReply {
  intent: TransitionIntent
  result: SubmissionResult<string[]>
}

function SimpleAction({ intent, label, hint, className, reply }: { intent: TransitionIntent; label: string; hint?: string; className: string; reply?: TransitionReply | null }) {
  const [form] = useForm({
    id: `transition-${intent}`,
    lastResult: reply?.intent === intent ? reply.result : undefined,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: TransitionSchema }),
  })
  return (
    <Form method="post" className="workflow-action" {...getFormProps(form)}>
      <FormErrors id={form.errorId} errors={form.errors} />
      <input type="hidden" name="intent" value={intent} />
      <button type="submit" className={`btn ${className}`}>
        {label}
      </button>
      {hint ? <p className="hint">{hint}</p> : null}
    </Form>
  )
}

function ReasonAction({
  intent,
  label,
  reasonLabel,
  hint,
  reply,
  className = 'btn-danger',
}: {
  intent: 'return' | 'takedown' | 'restore'
  label: string
  reasonLabel: string
  hint: string
  reply?: TransitionReply | null
  className?: string
}) {
  const [form, fields] = useForm({
    id: `transition-${intent}`,
    lastResult: reply?.intent === intent ? reply.result : undefined,
    shouldValidate: 'onSubmit',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: TransitionSchema }),
  })
  return (
    <Form method="post" className="workflow-action form" {...getFormProps(form)}>
      <FormErrors id={form.errorId} errors={form.errors} />
      <input type="hidden" name="intent" value={intent} />
      <TextAreaField meta={(fields as any).reason} label={reasonLabel} hint={hint} rows={3} required />
      <div>
        <button type="submit" className={`btn ${className}`}>
          {label}
        </button>
      </div>
    </Form>
  )
}

export function WorkflowActions({
  can,
  reply,
}: {
  can: { workflow: boolean; submit: boolean; review: boolean; reconfirm: boolean; takedown: boolean; withdraw: boolean; restore: boolean; waitsForSecondPerson: boolean }
  reply?: TransitionReply | null
}) {
  const t = useT()
  if (!can.workflow) return null
  return (
    <div className="workflow-actions">
      {can.waitsForSecondPerson ? <Notice kind="info">{t('wf.fourEyesWait')}</Notice> : null}
      {can.submit ? <SimpleAction intent="submit" label={t('wf.submit')} hint={t('wf.submitHint')} className="btn-primary" reply={reply} /> : null}
      {can.review ? (
        <>
          <SimpleAction intent="approve" label={t('wf.approve')} hint={t('wf.approveHint')} className="btn-primary" reply={reply} />
          <ReasonAction intent="return" label={t('wf.return')} reasonLabel={t('wf.returnReason')} hint={t('wf.returnHint')} reply={reply} />
        </>
      ) : null}
      {can.reconfirm ? <SimpleAction intent="reconfirm" label={t('wf.reconfirm')} hint={t('wf.reconfirmHint')} className="btn-secondary" reply={reply} /> : null}
      {can.withdraw ? <SimpleAction intent="withdraw" label={t('wf.withdraw')} hint={t('wf.withdrawHint')} className="btn-secondary" reply={reply} /> : null}
      {can.takedown ? <ReasonAction intent="takedown" label={t('wf.takedown')} reasonLabel={t('wf.takedownReason')} hint={t('wf.takedownHint')} reply={reply} /> : null}
      {can.restore ? (
        <ReasonAction intent="restore" label={t('wf.restore')} reasonLabel={t('wf.restoreReason')} hint={t('wf.restoreHint')} reply={reply} className="btn-primary" />
      ) : null}
    </div>
  )
}
