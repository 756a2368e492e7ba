import { parseWithZod } from '@conform-to/zod'
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useActionData } from '@remix-run/react'
import type { SubmissionResult } from '@conform-to/react'
import { ArticleForm } from '~/components/article-form'
import { PageHeader } from '~/components/layout'
import { requestMeta, requireUser } from '~/utils/auth.server'
import { attempt } from '~/utils/forms.server'
import { useT } from '~/utils/i18n'
import { pageTitle } from '~/utils/meta'
import { createArticle, mayEditArticles } from '../../server/portal/articles'
import { ArticleSchema } from '../../server/portal/schemas'

// /articles/new — a city officer or platform admin drafts an article; it is
// published from its edit page, where attachments are added too.

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'article.new.pageTitle')

export async function loader({ request, context }: LoaderFunctionArgs) {
  const p = await requireUser(request, context)
  if (!mayEditArticles(p)) throw new Response('Forbidden', { status: 403 })
  return null
}

export async function action({ request, context }: ActionFunctionArgs) {
  const p = await requireUser(request, context)
  if (!mayEditArticles(p)) throw new Response('Forbidden', { status: 403 })
  const submission = parseWithZod(await request.formData(), { schema: ArticleSchema })
  if (submission.status !== 'success') return data({ result: submission.reply() }, { status: 400 })
  const r = await attempt(submission, () => createArticle(context.services.db, p, submission.value, requestMeta(context)))
  if (!r.ok) return r.response
  return redirect(`/articles/${r.value.id}/edit?done=saved`)
}

export default function NewArticle() {
  const t = useT()
  const a = useActionData<typeof action>() as { result: SubmissionResult<string[]> } | undefined
  return (
    <div className="container">
      <PageHeader title={t('article.new.pageTitle')} />
      <ArticleForm result={a?.result} defaults={{ channel: 'notice', title: '', body: '', source: '' }} submitLabel={t('article.action.create')} />
    </div>
  )
}
