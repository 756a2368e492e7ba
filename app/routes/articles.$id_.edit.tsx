import { getFormProps, useForm, type SubmissionResult } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { ArticleForm } from '~/components/article-form'
import { fileSize } from '~/components/engagement-bits'
import { FileField, FormErrors, Notice, TextField } from '~/components/forms'
import { PageHeader } from '~/components/layout'
import { requestMeta, requireUser } from '~/utils/auth.server'
import { orErrorPage } from '~/utils/engagement.server'
import { attempt } from '~/utils/forms.server'
import { useT } from '~/utils/i18n'
import { pageTitle } from '~/utils/meta'
import { readUploadForm } from '~/utils/upload.server'
import { MAX_FILE_BYTES } from '../../server/platform/files/limits'
import { fileStoreFor } from '../../server/platform/files/store'
import { articlePage, mayEditArticles, publishArticle, removeArticleFile, updateArticle, uploadArticleFile, withdrawArticle } from '../../server/portal/articles'
import { ArticleFileSchema, ArticleSchema, RemoveArticleFileSchema, WithdrawArticleSchema } from '../../server/portal/schemas'

// /articles/:id/edit — the editors' page of one article: its text, publishing
// and withdrawing (each audited), and its attachments (multipart uploads, the
// type judged from the bytes). City officers and platform admins only.

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(matches, 'article.edit.pageTitle', undefined, data ? `${data.article.title}` : undefined)

async function guard(request: Request, context: LoaderFunctionArgs['context']) {
  const p = await requireUser(request, context)
  if (!mayEditArticles(p)) throw new Response('Forbidden', { status: 403 })
  return p
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const p = await guard(request, context)
  return orErrorPage(() => articlePage(context.services.db, p, params.id ?? ''))
}

type Reply = { result: SubmissionResult<string[]>; intent: string }
const reply = (intent: string, result: SubmissionResult<string[]>, status: number) => data({ result, intent }, { status })

export async function action({ request, params, context }: ActionFunctionArgs) {
  const p = await guard(request, context)
  const id = params.id ?? ''
  const { db, config } = context.services
  await orErrorPage(() => articlePage(db, p, id))
  const meta = requestMeta(context)
  const { form, oversized, broken } = await readUploadForm(request, MAX_FILE_BYTES)
  if (broken) return reply('upload', { status: 'error', error: { file: ['errors.badUpload'] } }, 400)
  if (oversized.size) return reply('upload', { status: 'error', error: { file: [`engagement.errors.fileTooLarge|max=${MAX_FILE_BYTES / 1024 / 1024}`] } }, 413)
  const intent = String(form.get('intent') ?? '')
  if (intent === 'publish') {
    const s = parseWithZod(form, { schema: ArticleSchema.partial() })
    const r = await attempt(s, () => publishArticle(db, p, id, meta))
    if (!r.ok) return r.response
    return redirect(`/articles/${id}/edit?done=published`)
  }
  if (intent === 'withdraw') {
    const s = parseWithZod(form, { schema: WithdrawArticleSchema })
    if (s.status !== 'success') return reply(intent, s.reply(), 400)
    const r = await attempt(s, () => withdrawArticle(db, p, id, s.value.reason, meta))
    if (!r.ok) return r.response
    return redirect(`/articles/${id}/edit?done=withdrawn`)
  }
  if (intent === 'upload') {
    const s = parseWithZod(form, { schema: ArticleFileSchema })
    if (s.status !== 'success') return reply(intent, s.reply({ hideFields: ['file'] }), 400)
    const file = s.value.file
    const r = await attempt(s, async () => uploadArticleFile(db, fileStoreFor(config), p, id, { bytes: new Uint8Array(await file.arrayBuffer()), name: file.name }, meta), ['file'])
    if (!r.ok) return r.response
    return redirect(`/articles/${id}/edit?done=uploaded`)
  }
  if (intent === 'remove-file') {
    const s = parseWithZod(form, { schema: RemoveArticleFileSchema })
    if (s.status !== 'success') return reply(intent, s.reply(), 400)
    const r = await attempt(s, () => removeArticleFile(db, fileStoreFor(config), p, id, s.value.fileId, meta))
    if (!r.ok) return r.response
    return redirect(`/articles/${id}/edit?done=removed`)
  }
  const s = parseWithZod(form, { schema: ArticleSchema })
  if (s.status !== 'success') return reply('save', s.reply(), 400)
  const r = await attempt(s, () => updateArticle(db, p, id, s.value, meta))
  if (!r.ok) return r.response
  return redirect(`/articles/${id}/edit?done=saved`)
}

const DONE = { saved: 'article.saved', published: 'article.publishedNotice', withdrawn: 'article.withdrawnNotice', uploaded: 'article.uploaded', removed: 'article.removed' } as const

export default function EditArticle() {
  const t = useT()
  const { article: a, files } = useLoaderData<typeof loader>()
  const act = useActionData<typeof action>() as Reply | undefined
  const [params] = useSearchParams()
  const done = params.get('done') as keyof typeof DONE | null
  const publishErrors = act && act.intent === 'publish' ? act : undefined
  return (
    <div className="container">
      <PageHeader title={t('article.edit.pageTitle')} lead={a.title}>
        <Link className="btn btn-secondary" to={`/articles/${a.id}`}>
          {t('article.action.view')}
        </Link>
      </PageHeader>
      {done && DONE[done] ? <Notice kind="success">{t(DONE[done])}</Notice> : null}
      <div className="grid grid-2">
        <ArticleForm
          result={act?.intent === 'save' ? act.result : undefined}
          defaults={{ channel: a.channel, title: a.title, body: a.body, source: a.source }}
          submitLabel={t('article.action.save')}
        />
        <div>
          <section className="card" aria-labelledby="pub-h">
            <h2 id="pub-h">{t('article.edit.manage')}</h2>
            <p>
              <span className={`badge ${a.status === 'published' ? 'badge-verified' : 'badge-pending'}`}>{t(`article.status.${a.status}`)}</span>
            </p>
            {publishErrors ? <FormErrors id="publish-errors" errors={[...(publishErrors.result.error?.[''] ?? []), ...(publishErrors.result.error?.body ?? [])]} /> : null}
            {a.status !== 'published' ? (
              <Form method="post">
                <input type="hidden" name="intent" value="publish" />
                <button type="submit" className="btn btn-primary">
                  {a.status === 'withdrawn' ? t('article.action.republish') : t('article.action.publish')}
                </button>
              </Form>
            ) : (
              <WithdrawForm result={act?.intent === 'withdraw' ? act.result : undefined} />
            )}
          </section>
          <section className="card" aria-labelledby="files-h">
            <h2 id="files-h">{t('article.detail.files')}</h2>
            {files.length ? (
              <ul>
                {files.map((f) => (
                  <li key={f.id} className="portal-actions">
                    <a href={`/articles/${a.id}/files/${f.id}`}>{f.filename}</a>
                    <span className="muted small">{fileSize(f.size_bytes)}</span>
                    <Form method="post" className="inline-form">
                      <input type="hidden" name="intent" value="remove-file" />
                      <input type="hidden" name="fileId" value={f.id} />
                      <button type="submit" className="btn btn-ghost" aria-label={`${t('article.action.removeFile')} ${f.filename}`}>
                        {t('article.action.removeFile')}
                      </button>
                    </Form>
                  </li>
                ))}
              </ul>
            ) : null}
            <UploadForm result={act?.intent === 'upload' ? act.result : undefined} />
          </section>
        </div>
      </div>
    </div>
  )
}

function WithdrawForm({ result }: { result?: SubmissionResult<string[]> }) {
  const t = useT()
  const [form, fields] = useForm({
    id: 'withdraw',
    lastResult: result,
    constraint: getZodConstraint(WithdrawArticleSchema),
    shouldValidate: 'onBlur',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: WithdrawArticleSchema }),
  })
  return (
    <Form method="post" {...getFormProps(form)}>
      <input type="hidden" name="intent" value="withdraw" />
      <FormErrors id={form.errorId} errors={form.errors} />
      <TextField meta={fields.reason} label={t('article.field.reason')} required />
      <button type="submit" className="btn btn-danger">
        {t('article.action.withdraw')}
      </button>
    </Form>
  )
}

function UploadForm({ result }: { result?: SubmissionResult<string[]> }) {
  const t = useT()
  const [form, fields] = useForm({
    id: 'upload',
    lastResult: result,
    constraint: getZodConstraint(ArticleFileSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ArticleFileSchema }),
  })
  return (
    <Form method="post" encType="multipart/form-data" {...getFormProps(form)}>
      <input type="hidden" name="intent" value="upload" />
      <FormErrors id={form.errorId} errors={form.errors} />
      <FileField meta={fields.file} label={t('article.field.file')} hint={t('article.field.fileHint')} accept=".pdf,.docx,.xlsx,.png,.jpg,.jpeg,.webp" />
      <button type="submit" className="btn btn-secondary">
        {t('article.action.upload')}
      </button>
    </Form>
  )
}
