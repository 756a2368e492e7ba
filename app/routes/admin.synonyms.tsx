import { getFormProps, getInputProps, useForm, type SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod'
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { FormErrors, Notice } from '~/components/forms'
import { PageHeader } from '~/components/layout'
import { requestMeta, requirePermission } from '~/utils/auth.server'
import { attempt } from '~/utils/forms.server'
import { formatDateTime, translateError, useLocale, useT } from '~/utils/i18n'
import { pageTitle } from '~/utils/meta'
import { searchHref, SYNONYM_GROUP_MAX, SYNONYM_TERM_MAX, SynonymActionSchema, SynonymSaveSchema } from '../../server/engagement/search-schemas'
import { removeSynonymGroup, saveSynonymGroup, synonymGroups } from '../../server/engagement/synonyms'
import { cleanParam } from '../../server/platform/input'

// /admin/synonyms: the platform admin keeps the synonym list both search
// engines use. Each change is audited and reaches the engine at once.

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'search.synonyms.title')

export async function loader({ request, context }: LoaderFunctionArgs) {
  const principal = await requirePermission(request, context, { action: 'admin:area' })
  const url = new URL(request.url)
  const find = (cleanParam(url.searchParams, 'find') ?? '').trim().slice(0, 20)
  const all = await synonymGroups(context.services.db, principal)
  const needle = find.toLowerCase()
  const groups = needle ? all.filter((g) => g.terms.some((term) => term.toLowerCase().includes(needle))) : all
  const edit = Number(url.searchParams.get('edit'))
  const done = url.searchParams.get('done')
  return {
    groups,
    totalGroups: all.length,
    totalTerms: all.reduce((s, g) => s + g.terms.length, 0),
    find,
    editId: Number.isInteger(edit) && groups.some((g) => g.id === edit) ? edit : null,
    done: done === 'created' || done === 'updated' || done === 'deleted' ? done : null,
    doneTerms: (cleanParam(url.searchParams, 'terms') ?? '').slice(0, 600),
    doneId: Number(url.searchParams.get('group')) || null,
  }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const principal = await requirePermission(request, context, { action: 'admin:area' })
  const submission = parseWithZod(await request.formData(), { schema: SynonymActionSchema })
  if (submission.status !== 'success') return data({ result: submission.reply() }, { status: 400 })
  const { db, search, logger } = context.services
  const meta = requestMeta(context)
  const input = submission.value
  if (input.intent === 'delete') {
    const r = await attempt(submission, () => removeSynonymGroup(db, search, principal, input.id, meta, logger))
    if (!r.ok) return r.response
    return redirect(`/admin/synonyms?done=deleted&terms=${encodeURIComponent(r.value.join('、'))}`)
  }
  const r = await attempt(submission, () => saveSynonymGroup(db, search, principal, { id: input.id ?? null, terms: input.terms }, meta, logger))
  if (!r.ok) return r.response
  const terms = encodeURIComponent(input.terms.join('、'))
  return redirect(`/admin/synonyms?done=${input.id ? 'updated' : 'created'}&group=${r.value}&terms=${terms}#group-${r.value}`)
}

type ActionData = { result: SubmissionResult<string[]> } | undefined

/** The form a failed submission belongs to: an existing group's edit form, or the new-group form. */
function submittedId(actionData: ActionData) {
  const id = Number((actionData?.result.initialValue as Record<string, unknown> | undefined)?.id)
  return Number.isInteger(id) && id > 0 ? id : null
}

export default function Synonyms() {
  const t = useT()
  const locale = useLocale()
  const { groups, totalGroups, totalTerms, find, editId, done, doneTerms, doneId } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>() as ActionData
  const failedFor = actionData ? submittedId(actionData) : null
  const editing = failedFor ?? editId
  return (
    <div className="container">
      <PageHeader title={t('search.synonyms.title')} lead={t('search.synonyms.lead')}>
        <Link to="/search" className="btn btn-secondary">
          {t('search.synonyms.trySearch')}
        </Link>
      </PageHeader>

      {done === 'created' || done === 'updated' ? (
        <Notice kind="success">
          <p>{t(done === 'created' ? 'search.synonyms.created' : 'search.synonyms.updated', { terms: doneTerms })}</p>
        </Notice>
      ) : null}
      {done === 'deleted' ? (
        <Notice kind="success">
          <div className="synonym-undo">
            <p>{t('search.synonyms.deleted', { terms: doneTerms })}</p>
            <Form method="post">
              <input type="hidden" name="intent" value="save" />
              <input type="hidden" name="terms" value={doneTerms} />
              <button type="submit" className="btn btn-secondary">
                {t('search.synonyms.undo')}
              </button>
            </Form>
          </div>
        </Notice>
      ) : null}

      <div className="synonyms-layout">
        <section className="card synonyms-new" aria-labelledby="new-group-heading">
          <h2 id="new-group-heading">{t('search.synonyms.newHeading')}</h2>
          <SynonymForm key={doneId ?? 'new'} id={null} lastResult={failedFor === null ? actionData?.result : undefined} />
          <div className="synonyms-about">
            <h3>{t('search.synonyms.howHeading')}</h3>
            <ul>
              <li>{t('search.synonyms.how1')}</li>
              <li>{t('search.synonyms.how2', { max: SYNONYM_TERM_MAX, group: SYNONYM_GROUP_MAX })}</li>
              <li>{t('search.synonyms.how3')}</li>
            </ul>
          </div>
        </section>

        <section className="synonyms-list" aria-labelledby="groups-heading">
          <div className="synonyms-list-head">
            <h2 id="groups-heading">{t('search.synonyms.listHeading')}</h2>
            <p className="muted">{t('search.synonyms.totals', { groups: totalGroups, terms: totalTerms })}</p>
          </div>
          <Form method="get" className="synonyms-find" role="search" aria-label={t('search.synonyms.findLabel')}>
            <label htmlFor="synonym-find" className="visually-hidden">
              {t('search.synonyms.findLabel')}
            </label>
            <input id="synonym-find" name="find" type="search" defaultValue={find} placeholder={t('search.synonyms.findPlaceholder')} maxLength={20} />
            <button type="submit" className="btn btn-secondary">
              {t('search.synonyms.find')}
            </button>
            {find ? (
              <Link to="/admin/synonyms" className="btn btn-ghost">
                {t('search.synonyms.showAll')}
              </Link>
            ) : null}
          </Form>

          {groups.length === 0 ? (
            <p className="card muted">{find ? t('search.synonyms.noneFound', { find }) : t('search.synonyms.none')}</p>
          ) : (
            <ul className="synonym-groups">
              {groups.map((g) => (
                <li key={g.id} id={`group-${g.id}`} className={`synonym-group${g.id === doneId && done !== 'deleted' ? ' just-saved' : ''}`}>
                  {editing === g.id ? (
                    <SynonymForm id={g.id} terms={g.terms} lastResult={failedFor === g.id ? actionData?.result : undefined} />
                  ) : (
                    <>
                      <ul className="synonym-terms" aria-label={t('search.synonyms.groupLabel', { n: g.id })}>
                        {g.terms.map((term) => (
                          <li key={term}>
                            <Link to={searchHref({ q: term })} className="chip chip-term" title={t('search.synonyms.searchFor', { term })}>
                              {term}
                            </Link>
                          </li>
                        ))}
                      </ul>
                      <p className="synonym-meta muted">
                        {g.updated_by_name
                          ? t('search.synonyms.changedBy', { when: formatDateTime(locale, g.updated_at), who: g.updated_by_name })
                          : t('search.synonyms.changedAt', { when: formatDateTime(locale, g.updated_at) })}
                      </p>
                      <div className="synonym-actions">
                        <Link to={`?${new URLSearchParams({ ...(find ? { find } : {}), edit: String(g.id) })}#group-${g.id}`} className="btn btn-secondary" aria-label={t('search.synonyms.editLabel', { terms: g.terms.join('、') })}>
                          {t('search.synonyms.edit')}
                        </Link>
                        <Form method="post">
                          <input type="hidden" name="intent" value="delete" />
                          <input type="hidden" name="id" value={g.id} />
                          <button type="submit" className="btn btn-ghost btn-delete" aria-label={t('search.synonyms.deleteLabel', { terms: g.terms.join('、') })}>
                            {t('search.synonyms.delete')}
                          </button>
                        </Form>
                      </div>
                    </>
                  )}
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
    </div>
  )
}

function SynonymForm({ id, terms, lastResult }: { id: number | null; terms?: string[]; lastResult?: SubmissionResult<string[]> }) {
  const t = useT()
  const locale = useLocale()
  const navigation = useNavigation()
  const formId = id === null ? 'synonym-new' : `synonym-${id}`
  const busy = navigation.state === 'submitting' && navigation.formData?.get('intent') === 'save' && String(navigation.formData?.get('id') ?? '') === String(id ?? '')
  const [form, fields] = useForm({
    id: formId,
    lastResult,
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: SynonymSaveSchema }),
    defaultValue: { terms: terms?.join('、') ?? '' },
  })
  const termsProps = getInputProps(fields.terms, { type: 'text', ariaAttributes: false })
  const hintId = `${fields.terms.id}-hint`
  const invalid = !!fields.terms.errors?.length
  return (
    <Form method="post" className="form synonym-form" {...getFormProps(form)}>
      <FormErrors id={form.errorId} errors={form.errors} />
      <input type="hidden" name="intent" value="save" />
      {id !== null ? <input type="hidden" name="id" value={id} /> : null}
      <div className="field" data-invalid={invalid ? '' : undefined}>
        <label htmlFor={fields.terms.id}>{id === null ? t('search.synonyms.termsLabel') : t('search.synonyms.termsEditLabel')}</label>
        <input
          {...termsProps}
          key={termsProps.key}
          autoFocus={id !== null}
          placeholder={t('search.synonyms.termsPlaceholder')}
          aria-invalid={invalid || undefined}
          aria-describedby={[hintId, invalid ? fields.terms.errorId : null].filter(Boolean).join(' ')}
        />
        <p id={hintId} className="hint">
          {t('search.synonyms.termsHint', { max: SYNONYM_TERM_MAX })}
        </p>
        {invalid ? (
          <ul id={fields.terms.errorId} className="field-errors" role="alert">
            {fields.terms.errors!.map((e) => (
              <li key={e}>{translateError(locale, e)}</li>
            ))}
          </ul>
        ) : null}
      </div>
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {id === null ? t('search.synonyms.add') : t('search.synonyms.save')}
        </button>
        {id !== null ? (
          <Link to={`/admin/synonyms#group-${id}`} className="btn btn-ghost">
            {t('search.synonyms.cancel')}
          </Link>
        ) : null}
      </div>
    </Form>
  )
}
