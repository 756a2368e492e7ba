import { getFormProps, useForm, type SubmissionResult } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { BackToAchievement, fileSize } from '~/components/engagement-bits'
import { FileField, FormErrors, Notice } from '~/components/forms'
import { PageHeader } from '~/components/layout'
import type { MessageKey } from '../../server/i18n/catalog'
import { requestMeta, requireUser } from '~/utils/auth.server'
import { DeleteFileSchema, UploadSchema } from '../../server/engagement/schemas'
import { orErrorPage } from '~/utils/engagement.server'
import { attempt } from '~/utils/forms.server'
import { formatDateTime, useLocale, useT } from '~/utils/i18n'
import { pageTitle } from '~/utils/meta'
import { deleteAttachment, filesPage, uploadAttachment } from '../../server/platform/files/attachments'
import { MAX_FILE_BYTES, MAX_FILES_PER_ACHIEVEMENT } from '../../server/platform/files/limits'
import { fileStoreFor } from '../../server/platform/files/store'
import { readUploadForm } from '~/utils/upload.server'

// /achievements/:id/files — pictures and documents of an achievement, for
// the members of its organisation; those who may edit it (or re-confirm it
// once published: its creator and the organisation's admins) upload and
// remove. Uploads are multipart, at most 8 MiB a file (the HTTP layer lets
// this path carry 10 MiB); the service decides the type from the bytes.

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  ...pageTitle(matches, 'engagement.files.pageTitle', { title: data?.page.achievement.title ?? '' }),
  { name: 'robots', content: 'noindex' },
]

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const principal = await requireUser(request, context)
  return { page: await orErrorPage(() => filesPage(context.services.db, principal, params.id ?? '')), maxMb: MAX_FILE_BYTES / 1024 / 1024, maxFiles: MAX_FILES_PER_ACHIEVEMENT }
}

const MB = MAX_FILE_BYTES / 1024 / 1024

export async function action({ request, params, context }: ActionFunctionArgs) {
  const principal = await requireUser(request, context)
  const id = params.id ?? ''
  const { db, config } = context.services
  // Who may not change the files is turned away before the body is read.
  const page = await orErrorPage(() => filesPage(db, principal, id))
  if (!page.canManage) throw new Response('Forbidden', { status: 403 })
  const store = fileStoreFor(config)

  const { form: formData, oversized, broken } = await readUploadForm(request, MAX_FILE_BYTES)
  if (broken) {
    // Broken multipart framing: say so at the file field rather than fail (docs/decisions/016).
    const result: SubmissionResult<string[]> = { status: 'error', error: { file: ['errors.badUpload'] } }
    return data({ result }, { status: 400 })
  }
  if (oversized.size) {
    const result: SubmissionResult<string[]> = { status: 'error', error: { file: [`engagement.errors.fileTooLarge|max=${MB}`] } }
    return data({ result }, { status: 413 })
  }

  if (formData.get('intent') === 'delete') {
    const submission = parseWithZod(formData, { schema: DeleteFileSchema })
    if (submission.status !== 'success') return data({ result: submission.reply() }, { status: 400 })
    const name = page.files.find((f) => f.id === submission.value.attachmentId)?.filename ?? ''
    const r = await attempt(submission, () => deleteAttachment(db, store, principal, id, submission.value.attachmentId, requestMeta(context)))
    if (!r.ok) return r.response
    return redirect(`/achievements/${id}/files?deleted=${encodeURIComponent(name)}`)
  }

  const submission = parseWithZod(formData, { schema: UploadSchema })
  if (submission.status !== 'success') return data({ result: submission.reply({ hideFields: ['file'] }) }, { status: 400 })
  const { file, confidential } = submission.value
  const r = await attempt(
    submission,
    async () => uploadAttachment(db, store, principal, id, { bytes: new Uint8Array(await file.arrayBuffer()), name: file.name, confidential }, requestMeta(context)),
    ['file'],
  )
  if (!r.ok) return r.response
  return redirect(`/achievements/${id}/files?uploaded=${r.value.id}`)
}

export default function FilesPage() {
  const t = useT()
  const locale = useLocale()
  const { page, maxMb, maxFiles } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>() as { result: SubmissionResult<string[]> } | undefined
  const [params] = useSearchParams()
  const a = page.achievement
  const uploaded = page.files.find((f) => f.id === params.get('uploaded'))
  const deleted = params.get('deleted')
  const [form, fields] = useForm({
    id: 'upload',
    lastResult: actionData?.result,
    constraint: getZodConstraint(UploadSchema),
    shouldValidate: 'onSubmit',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: UploadSchema }),
  })
  const full = page.files.length >= maxFiles
  return (
    <div className="container engagement">
      <BackToAchievement id={a.id} />
      <PageHeader title={t('engagement.files.title')} lead={t('engagement.files.lead', { title: a.title, org: a.orgName })}>
        {page.canDecide && a.status === 'published' ? (
          <a className="btn btn-secondary" href={`/achievements/${a.id}/access`}>
            {t('engagement.details.toAccess')}
          </a>
        ) : null}
      </PageHeader>
      {uploaded ? <Notice kind="success">{t('engagement.files.uploaded', { name: uploaded.filename })}</Notice> : null}
      {deleted ? <Notice kind="success">{t('engagement.files.deleted', { name: deleted })}</Notice> : null}
      {!page.canManage ? <Notice kind="info">{t('engagement.files.readOnly')}</Notice> : null}

      <div className="files-layout">
        {page.canManage ? (
          <section className="card" aria-labelledby="upload-h">
            <h2 id="upload-h">{t('engagement.files.uploadTitle')}</h2>
            <Form method="post" encType="multipart/form-data" className="form" {...getFormProps(form)}>
              <FormErrors id={form.errorId} errors={form.errors} />
              <input type="hidden" name="intent" value="upload" />
              <FileField meta={fields.file} label={t('engagement.files.file')} hint={t('engagement.files.fileHint', { max: maxMb })} accept=".png,.jpg,.jpeg,.webp,.pdf,.docx,.xlsx,image/png,image/jpeg,image/webp,application/pdf" disabled={full} />
              <div className="field field-check">
                <input type="checkbox" id="upload-confidential" name={fields.confidential.name} />
                <label htmlFor="upload-confidential">{t('engagement.files.confidential')}</label>
              </div>
              <div className="form-actions">
                <button type="submit" className="btn btn-primary" disabled={full}>
                  {t('engagement.files.submit')}
                </button>
                <span className="muted small">{t('engagement.files.count', { count: page.files.length, max: maxFiles })}</span>
              </div>
            </Form>
          </section>
        ) : null}

        <section className="card" aria-labelledby="list-h">
          <h2 id="list-h">{t('engagement.files.list')}</h2>
          {page.files.length === 0 ? (
            <p className="muted">{t('engagement.files.none')}</p>
          ) : (
            <ul className="file-grid">
              {page.files.map((f) => (
                <li key={f.id} className="file-card">
                  <a className="file-thumb" href={`/files/${f.id}`} aria-hidden="true" tabIndex={-1}>
                    {f.kind === 'image' ? <img src={`/files/${f.id}`} alt="" loading="lazy" /> : <span className="file-ext">{f.filename.split('.').pop()?.toUpperCase()}</span>}
                  </a>
                  <div className="file-meta">
                    <a href={`/files/${f.id}`} className="file-name">
                      {f.filename}
                    </a>
                    <span className="muted small">
                      {t(`engagement.files.kind.${f.kind}` as MessageKey)} · {fileSize(f.size_bytes)} · {formatDateTime(locale, f.created_at)}
                      {f.uploaded_by_name ? ` · ${f.uploaded_by_name}` : ''}
                    </span>
                    <span>
                      <span className={`badge ${f.confidential ? 'badge-pending' : 'badge-verified'}`}>
                        {f.confidential ? t('engagement.files.secret') : t('engagement.files.public')}
                      </span>{' '}
                      <span className="mono muted small" title="SHA-256">
                        {f.sha256.slice(0, 12)}
                      </span>
                    </span>
                  </div>
                  {page.canManage ? (
                    <Form method="post" className="file-delete">
                      <input type="hidden" name="intent" value="delete" />
                      <input type="hidden" name="attachmentId" value={f.id} />
                      <button type="submit" className="btn btn-ghost" aria-label={t('engagement.files.deleteLabel', { name: f.filename })}>
                        {t('engagement.files.delete')}
                      </button>
                    </Form>
                  ) : null}
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
    </div>
  )
}
