import { requireDealAccess } from '~/utils/deals.server'
import { getFormProps, getTextareaProps, useForm, type SubmissionResult } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation, useParams } from '@remix-run/react'
import { Fragment, useEffect, useMemo, useRef, useState, type ReactNode } from 'react'
import { fileSize } from '~/components/engagement-bits'
import { FieldErrors, FormErrors } from '~/components/forms'
import { requestMeta } from '~/utils/auth.server'
import { attempt } from '~/utils/forms.server'
import { formatDateTime, useLocale, useT } from '~/utils/i18n'
import { useRoom } from '~/utils/realtime'
import { readUploadForm } from '~/utils/upload.server'
import { contractLinkFor } from '../../server/contracts/view'
import { conversation, markRead, sendMessage, type RoomMessage } from '../../server/deals/messages'
import { MAX_MESSAGE_CHARS, SendMessageSchema } from '../../server/deals/schemas'
import { systemLineText } from '../../server/deals/system-text'
import { MAX_FILE_BYTES } from '../../server/platform/files/limits'
import { fileStoreFor } from '../../server/platform/files/store'
import { roomName } from '../../server/realtime/publish'

// /deals/:id — the 洽谈 tab: the conversation (people's messages, @mentions,
// files, the quiet system lines), read receipts and the send form. Opening it
// marks the room read. Live: `message` events are appended, `read` events move
// the receipts; without the realtime transport the page works from its loader.

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { principal, access } = await requireDealAccess(request, params, context)
  const db = context.services.db
  await markRead(db, access, principal)
  const contract = await contractLinkFor(db, access)
  return { me: principal.userId, closed: access.deal.stage === 'closed_lost', maxMb: MAX_FILE_BYTES / 1024 / 1024, contract, ...(await conversation(db, access)) }
}

const MB = MAX_FILE_BYTES / 1024 / 1024

export async function action({ request, params, context }: ActionFunctionArgs) {
  // Outsiders are turned away before the body is read.
  const { principal, access } = await requireDealAccess(request, params, context)
  const { db, config } = context.services
  const { form, oversized, broken } = await readUploadForm(request, MAX_FILE_BYTES)
  if (broken) return data({ result: { status: 'error', error: { file: ['errors.badUpload'] } } as SubmissionResult<string[]>, sent: null }, { status: 400 })
  if (oversized.size) {
    const result = parseWithZod(form, { schema: SendMessageSchema }).reply({ fieldErrors: { file: [`engagement.errors.fileTooLarge|max=${MB}`] } })
    return data({ result, sent: null }, { status: 413 })
  }
  const submission = parseWithZod(form, { schema: SendMessageSchema })
  if (submission.status !== 'success') return data({ result: submission.reply(), sent: null }, { status: 400 })
  const v = submission.value
  const file = v.file ? { bytes: new Uint8Array(await v.file.arrayBuffer()), name: v.file.name } : undefined
  const r = await attempt(submission, () => sendMessage(db, fileStoreFor(config), principal, access.deal.id, { body: v.body, file }, requestMeta(context)))
  if (!r.ok) return data({ result: (r.response.data as { result: SubmissionResult<string[]> }).result, sent: null }, r.response.init ?? undefined)
  return data({ result: undefined, sent: r.value.id })
}

type Member = { userId: string; name: string; role: string; orgName: string | null }

/** The text with each `@name` of a member marked. */
function withMentions(body: string, members: Member[]): ReactNode[] {
  const names = members.map((m) => m.name).filter(Boolean).sort((a, b) => b.length - a.length)
  if (!names.length) return [body]
  const pattern = new RegExp(`(@(?:${names.map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')}))`, 'g')
  return body.split(pattern).map((part, i) => (i % 2 ? <mark key={i} className="mention">{part}</mark> : <Fragment key={i}>{part}</Fragment>))
}

export default function DealMessages() {
  const t = useT()
  const locale = useLocale()
  const d = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const navigation = useNavigation()
  const dealId = useParams().id ?? ''
  const [live, setLive] = useState<RoomMessage[]>([])
  const [liveReads, setLiveReads] = useState<{ userId: string; messageId: number }[]>([])
  // Receipts from the loader moved on by live `read` events (a receipt never goes back).
  const reads = useMemo(() => {
    const last = new Map<string, number>()
    for (const r of [...d.reads, ...liveReads]) last.set(r.userId, Math.max(last.get(r.userId) ?? 0, r.messageId))
    return [...last.entries()].map(([userId, messageId]) => ({ userId, messageId }))
  }, [d.reads, liveReads])
  // Messages from the loader plus those that arrived live, once each, in order.
  const messages = useMemo(() => {
    const seen = new Map<number, RoomMessage>()
    for (const m of [...(d.messages as RoomMessage[]), ...live]) seen.set(m.id, m)
    return [...seen.values()].sort((a, b) => a.id - b.id)
  }, [d.messages, live])
  const room = roomName('deal', dealId)
  useRoom<Record<string, unknown>>(
    room,
    (e) => {
      if (e.kind === 'message') setLive((l) => [...l, e.payload as unknown as RoomMessage])
      else if (e.kind === 'read') {
        const p = e.payload as { userId: string; messageId: number }
        setLiveReads((rs) => [...rs, { userId: p.userId, messageId: p.messageId }])
      }
    },
    { afterSeq: d.lastSeq },
  )

  const formRef = useRef<HTMLFormElement>(null)
  const bodyRef = useRef<HTMLTextAreaElement>(null)
  const [form, fields] = useForm({
    id: 'send-message',
    lastResult: actionData?.result,
    constraint: getZodConstraint(SendMessageSchema),
    shouldValidate: 'onSubmit',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: SendMessageSchema }),
  })
  useEffect(() => {
    if (actionData?.sent) formRef.current?.reset()
  }, [actionData])
  const listRef = useRef<HTMLOListElement>(null)
  useEffect(() => {
    const el = listRef.current
    if (el) el.scrollTop = el.scrollHeight
  }, [messages.length])

  const memberName = new Map(d.members.map((m) => [m.userId, m.name]))
  const readersOf = (m: RoomMessage) => reads.filter((r) => r.userId !== m.authorId && r.messageId >= m.id && memberName.has(r.userId)).map((r) => memberName.get(r.userId)!)
  const mention = (name: string) => {
    const el = bodyRef.current
    if (!el) return
    el.value = `${el.value}${el.value && !el.value.endsWith(' ') ? ' ' : ''}@${name} `
    el.focus()
  }
  const sending = navigation.state === 'submitting' && navigation.formData?.has('body')
  return (
    <section className="deal-chat" aria-label={t('deals.messages.label')}>
      {d.contract ? (
        <p className="deal-contract-link">
          <Link className="btn btn-secondary" to={`/deals/${dealId}/contract`}>
            {t(d.contract === 'view' ? 'contract.page.view' : 'contract.page.draft')}
          </Link>
        </p>
      ) : null}
      <ol className="chat-log" ref={listRef} aria-live="polite" aria-label={t('deals.messages.label')}>
        {messages.length === 0 ? <li className="chat-empty muted">{t('deals.messages.empty')}</li> : null}
        {messages.map((m) =>
          m.kind === 'system' ? (
            <li key={m.id} id={`m-${m.id}`} className="chat-system">
              <span>{systemLineText(locale, m.body, m.params)}</span> <time dateTime={m.at}>{formatDateTime(locale, m.at)}</time>
            </li>
          ) : (
            <li key={m.id} id={`m-${m.id}`} className={`chat-msg${m.authorId === d.me ? ' chat-mine' : ''}${m.mentions.includes(d.me) ? ' chat-mentions-me' : ''}`}>
              <div className="chat-meta">
                <strong>{m.authorId === d.me ? t('deals.messages.you') : m.authorName}</strong> <time dateTime={m.at}>{formatDateTime(locale, m.at)}</time>
              </div>
              {m.body ? <div className="chat-bubble">{withMentions(m.body, d.members)}</div> : null}
              {m.files?.length ? (
                <ul className="chat-files">
                  {m.files.map((f) => (
                    <li key={f.id}>
                      {f.kind === 'image' ? <img src={`/files/${f.id}`} alt={f.filename} className="chat-thumb" loading="lazy" /> : null}
                      <a href={`/files/${f.id}`}>📎 {f.filename}</a> <span className="muted small">{fileSize(f.sizeBytes)}</span>
                    </li>
                  ))}
                </ul>
              ) : null}
              {m.authorId === d.me ? <ReadReceipt names={readersOf(m)} /> : null}
            </li>
          ),
        )}
      </ol>
      {d.closed ? (
        <p className="alert alert-info">{t('deals.messages.closedNote')}</p>
      ) : (
        <Form method="post" encType="multipart/form-data" className="form chat-form" {...getFormProps(form)} ref={formRef} aria-label={t('deals.messages.compose')}>
          <FormErrors id={form.errorId} errors={form.errors} />
          <div className="field" data-invalid={fields.body.errors?.length ? '' : undefined}>
            <label htmlFor={fields.body.id} className="visually-hidden">
              {t('deals.messages.body')}
            </label>
            <textarea
              {...getTextareaProps(fields.body, { ariaAttributes: false })}
              key={fields.body.key}
              ref={bodyRef}
              rows={3}
              placeholder={t('deals.messages.body')}
              aria-invalid={fields.body.errors?.length ? true : undefined}
              aria-describedby={`${fields.body.id}-hint${fields.body.errors?.length ? ` ${fields.body.errorId}` : ''}`}
            />
            <p id={`${fields.body.id}-hint`} className="hint">
              {t('deals.messages.bodyHint', { max: MAX_MESSAGE_CHARS })}
            </p>
            <FieldErrors id={fields.body.errorId} errors={fields.body.errors} />
          </div>
          <div className="chat-mention-pick small">
            <span className="muted">{t('deals.messages.mentionPick')}：</span>
            {d.members
              .filter((m) => m.userId !== d.me)
              .map((m) => (
                <button key={m.userId} type="button" className="chip" onClick={() => mention(m.name)}>
                  @{m.name}
                </button>
              ))}
          </div>
          <div className="chat-form-row">
            <div className="field chat-file" data-invalid={fields.file.errors?.length ? '' : undefined}>
              <label htmlFor={fields.file.id}>{t('deals.messages.file')}</label>
              <input
                type="file"
                id={fields.file.id}
                name={fields.file.name}
                accept="image/png,image/jpeg,image/webp,application/pdf,.docx,.xlsx"
                aria-describedby={`${fields.file.id}-hint${fields.file.errors?.length ? ` ${fields.file.errorId}` : ''}`}
                aria-invalid={fields.file.errors?.length ? true : undefined}
              />
              <p id={`${fields.file.id}-hint`} className="hint">
                {t('deals.messages.fileHint', { max: d.maxMb })}
              </p>
              <FieldErrors id={fields.file.errorId} errors={fields.file.errors} />
            </div>
            <button type="submit" className="btn btn-primary" disabled={sending}>
              {sending ? t('deals.messages.sending') : t('deals.messages.send')}
            </button>
          </div>
        </Form>
      )}
    </section>
  )
}

function ReadReceipt({ names }: { names: string[] }) {
  const t = useT()
  if (!names.length) return null
  return (
    <p className="chat-read small muted" title={t('deals.messages.readByNames', { names: names.join('、') })}>
      {t('deals.messages.readBy', { count: names.length })}
      <span className="visually-hidden"> {t('deals.messages.readByNames', { names: names.join('、') })}</span>
    </p>
  )
}
