import { getFormProps, useForm, type SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod'
import { data, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { FieldErrors, FormErrors, TextAreaField } from '~/components/forms'
import { PageHeader } from '~/components/layout'
import { TrainingForm } from '~/components/trainings/training-form'
import styles from '~/styles/trainings.css?url'
import { requestMeta, requireUser } from '~/utils/auth.server'
import { orErrorPage } from '~/utils/engagement.server'
import { attempt } from '~/utils/forms.server'
import { useT } from '~/utils/i18n'
import { pageTitle } from '~/utils/meta'
import { readUploadForm } from '~/utils/upload.server'
import { MAX_FILE_BYTES } from '../../server/platform/files/limits'
import { fileStoreFor } from '../../server/platform/files/store'
import { cancelTraining, editTraining, trainingForEdit } from '../../server/trainings/events'
import { storedTrainingValues } from '../../server/trainings/form-values'
import { deleteMaterial, uploadMaterial } from '../../server/trainings/materials'
import { CancelTrainingSchema, DeleteMaterialSchema, MaterialSchema, TrainingSchema } from '../../server/trainings/schemas'

// /trainings/:id/edit — the organiser edits the event, uploads and removes its
// materials, or cancels it (with a reason; registered people are told).

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: styles }]
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'training.form.editTitle')

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const principal = await requireUser(request, context)
  const db = context.services.db
  const { training: t, divisions, materials } = await orErrorPage(() => trainingForEdit(db, principal, params.id ?? ''))
  return { id: t.id, title: t.title, cancelled: t.status === 'cancelled', values: storedTrainingValues(t), divisions, materials }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const principal = await requireUser(request, context)
  const id = params.id ?? ''
  const db = context.services.db
  const meta = requestMeta(context)
  const { form: formData, oversized, broken } = await readUploadForm(request, MAX_FILE_BYTES)
  if (broken || oversized.size) {
    const result: SubmissionResult<string[]> = {
      status: 'error',
      initialValue: { intent: 'material' },
      error: { file: [broken ? 'errors.badUpload' : `engagement.errors.fileTooLarge|max=${MAX_FILE_BYTES / 1024 / 1024}`] },
    }
    return data({ result }, { status: broken ? 400 : 413 })
  }
  const intent = formData.get('intent')
  if (intent === 'material') {
    const submission = parseWithZod(formData, { schema: MaterialSchema })
    if (submission.status !== 'success') return data({ result: submission.reply() }, { status: 400 })
    const file = submission.value.file
    const bytes = new Uint8Array(await file.arrayBuffer())
    const r = await attempt(submission, () => uploadMaterial(db, fileStoreFor(context.services.config), principal, id, { bytes, name: file.name }, meta))
    return r.ok ? redirect(`/trainings/${id}/edit#materials`) : r.response
  }
  if (intent === 'deleteMaterial') {
    const submission = parseWithZod(formData, { schema: DeleteMaterialSchema })
    if (submission.status !== 'success') return data({ result: submission.reply() }, { status: 400 })
    const r = await attempt(submission, () => deleteMaterial(db, fileStoreFor(context.services.config), principal, id, submission.value.materialId, meta))
    return r.ok ? redirect(`/trainings/${id}/edit#materials`) : r.response
  }
  if (intent === 'cancel') {
    const submission = parseWithZod(formData, { schema: CancelTrainingSchema })
    if (submission.status !== 'success') return data({ result: submission.reply() }, { status: 400 })
    const r = await attempt(submission, () => cancelTraining(db, principal, id, submission.value.reason, meta))
    return r.ok ? redirect(`/trainings/${id}?done=cancelled`) : r.response
  }
  const submission = parseWithZod(formData, { schema: TrainingSchema })
  if (submission.status !== 'success') return data({ result: submission.reply() }, { status: 400 })
  const r = await attempt(submission, () => editTraining(db, principal, id, submission.value, meta))
  return r.ok ? redirect(`/trainings/${id}?done=updated`) : r.response
}

type ActionData = { result: SubmissionResult<string[]> } | undefined

export default function EditTrainingPage() {
  const t = useT()
  const d = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>() as ActionData
  const replyTo = actionData?.result.initialValue?.intent
  const isMaterial = replyTo === 'material' || replyTo === 'deleteMaterial'
  const isCancel = replyTo === 'cancel'
  const [materialForm, materialFields] = useForm({ id: 'training-material', lastResult: isMaterial ? actionData?.result : undefined })
  const [cancelForm, cancelFields] = useForm({
    id: 'training-cancel',
    lastResult: isCancel ? actionData?.result : undefined,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: CancelTrainingSchema }),
  })
  return (
    <div className="container medium">
      <nav className="breadcrumbs" aria-label={t('ach.breadcrumbs')}>
        <Link to="/trainings">{t('training.list.pageTitle')}</Link>
        <span aria-hidden="true"> / </span>
        <Link to={`/trainings/${d.id}`}>{d.title}</Link>
      </nav>
      <PageHeader title={t('training.form.editTitle')} lead={t('training.form.lead')} />
      {d.cancelled ? null : (
        <TrainingForm
          id="training-edit"
          lastResult={!isMaterial && !isCancel ? actionData?.result : undefined}
          defaultValue={d.values}
          divisions={d.divisions}
          submitLabel={t('training.form.save')}
        />
      )}
      <section id="materials" className="card training-section" aria-labelledby="tr-mat-h">
        <h2 id="tr-mat-h">{t('training.materials.title')}</h2>
        <FormErrors id={materialForm.errorId} errors={materialForm.errors} />
        {d.materials.length ? (
          <ul>
            {d.materials.map((m) => (
              <li key={m.id} className="training-actions">
                <a href={`/trainings/${d.id}/materials/${m.id}`} download>
                  {m.filename}
                </a>
                <Form method="post">
                  <input type="hidden" name="intent" value="deleteMaterial" />
                  <input type="hidden" name="materialId" value={m.id} />
                  <button type="submit" className="btn btn-secondary" aria-label={t('training.materials.deleteFile', { name: m.filename })}>
                    {t('training.materials.delete')}
                  </button>
                </Form>
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">{t('training.page.noMaterials')}</p>
        )}
        <Form method="post" encType="multipart/form-data" className="form" {...getFormProps(materialForm)}>
          <input type="hidden" name="intent" value="material" />
          <div className="field" data-invalid={materialFields.file.errors?.length ? '' : undefined}>
            <label htmlFor="tr-material-file">{t('training.materials.file')}</label>
            <input id="tr-material-file" type="file" name="file" aria-describedby="tr-material-hint" />
            <p id="tr-material-hint" className="hint">
              {t('training.materials.hint')}
            </p>
            <FieldErrors id={materialFields.file.errorId} errors={materialFields.file.errors} />
          </div>
          <button type="submit" className="btn btn-secondary">
            {t('training.materials.upload')}
          </button>
        </Form>
      </section>
      {d.cancelled ? null : (
        <section className="card training-section" aria-labelledby="tr-cancel-h">
          <h2 id="tr-cancel-h">{t('training.form.cancelTitle')}</h2>
          <p className="muted">{t('training.form.cancelHint')}</p>
          <Form method="post" className="form" {...getFormProps(cancelForm)}>
            <input type="hidden" name="intent" value="cancel" />
            <FormErrors id={cancelForm.errorId} errors={cancelForm.errors} />
            <TextAreaField meta={cancelFields.reason} label={t('training.form.cancelReason')} required rows={3} />
            <button type="submit" className="btn btn-danger">
              {t('training.form.cancelSubmit')}
            </button>
          </Form>
        </section>
      )}
    </div>
  )
}
