import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react'
import type { MessageKey } from '../../../server/i18n/catalog'
import { fenToWan, formatFen, parseWanToFen } from '../../../server/platform/money'
import { useLocale, useT } from '~/utils/i18n'
import { emitWithAck } from '~/utils/realtime'
import { newCommandKey, sendCommand } from '~/utils/send-command'

// One amount form of the live panel (bid, proxy limit, sealed bid), ADR 031:
// type the amount in 万元 (or take a quick increment), check it, confirm it in a
// second step, then send it over the socket with a key made for this action.
// No answer in time → the same message, same key, again (the server answers a
// known key with the stored bid, never a second one). Without JavaScript the
// form posts to the page's action with `intent`, the amount and the page's key.

/** An answer as a message key, so it follows a language switch; `amounts` (fen) are formatted when shown. */
export interface CommandResult {
  ok: boolean
  key: MessageKey
  params?: Record<string, string | number>
  amounts?: Record<string, number>
}

export interface CommandFormProps {
  id: string
  title: string
  hint?: ReactNode
  label: string
  /** Field name for the plain-form fallback ('amount' or 'max'). */
  name: 'amount' | 'max'
  intent: 'bid' | 'proxy' | 'sealed'
  formKey?: string
  /** What the field shows when the form opens or after an accepted answer. */
  suggestedFen: number | null
  quick?: { steps: number; amountFen: number }[]
  submitLabel: string
  confirmText: (amount: string) => string
  confirmLabel: string
  /** A client-side check before the confirm step (the server decides anyway). */
  check?: (fen: number) => string | null
  send: (amountFen: number, key: string) => { event: string; payload: { key: string } }
  onAnswer: (answer: unknown, amountFen: number) => CommandResult
  disabled?: boolean
}

type Status = { kind: 'idle' } | { kind: 'sending'; retry: number } | { kind: 'timeout' } | ({ kind: 'answered' } & CommandResult)

export function CommandForm(p: CommandFormProps) {
  const t = useT()
  const locale = useLocale()
  const [value, setValue] = useState(p.suggestedFen === null ? '' : fenToWan(p.suggestedFen))
  const [error, setError] = useState<string | null>(null)
  const [confirming, setConfirming] = useState<number | null>(null)
  const [status, setStatus] = useState<Status>({ kind: 'idle' })
  const pending = useRef<{ event: string; payload: { key: string }; amountFen: number } | null>(null)
  const confirmButton = useRef<HTMLButtonElement>(null)
  const input = useRef<HTMLInputElement>(null)
  const touched = useRef(false)

  // Keeps the suggestion current while the bidder has not typed anything of their own.
  useEffect(() => {
    if (!touched.current && p.suggestedFen !== null) setValue(fenToWan(p.suggestedFen))
  }, [p.suggestedFen])
  useEffect(() => {
    if (confirming !== null) confirmButton.current?.focus()
  }, [confirming])

  function review(e: FormEvent) {
    e.preventDefault()
    const fen = parseWanToFen(value)
    const problem = fen === null || fen <= 0 ? t('auction.live.error.amount') : (p.check?.(fen) ?? null)
    setError(problem)
    setStatus({ kind: 'idle' })
    if (problem || fen === null) {
      input.current?.focus()
      return
    }
    setConfirming(fen)
  }

  async function transmit() {
    const job = pending.current
    if (!job) return
    setStatus({ kind: 'sending', retry: 0 })
    try {
      const answer = await sendCommand(emitWithAck, job.event, job.payload, { onRetry: (n) => setStatus({ kind: 'sending', retry: n }) })
      const result = p.onAnswer(answer, job.amountFen)
      if (result.ok) {
        touched.current = false
        pending.current = null
      }
      setStatus({ kind: 'answered', ...result })
    } catch {
      setStatus({ kind: 'timeout' }) // pending stays: the retry button sends the very same message
    }
  }

  function confirm() {
    if (confirming === null) return
    const key = newCommandKey() // one key per confirmed action
    pending.current = { ...p.send(confirming, key), amountFen: confirming }
    setConfirming(null)
    void transmit()
  }

  const sending = status.kind === 'sending'
  const errorId = `${p.id}-error`
  return (
    <section className="auction-live-form" aria-labelledby={`${p.id}-h`}>
      <h3 id={`${p.id}-h`}>{p.title}</h3>
      {p.hint ? <p className="hint">{p.hint}</p> : null}
      <form id={p.id} method="post" onSubmit={review} noValidate>
        <input type="hidden" name="intent" value={p.intent} />
        {p.formKey ? <input type="hidden" name="key" value={p.formKey} /> : null}
        <div className="field" data-invalid={error ? '' : undefined}>
          <label htmlFor={`${p.id}-amount`}>{p.label}</label>
          <div className="auction-live-amount">
            <input
              ref={input}
              id={`${p.id}-amount`}
              name={p.name}
              inputMode="decimal"
              autoComplete="off"
              value={value}
              disabled={p.disabled || sending || confirming !== null}
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? errorId : undefined}
              onChange={(e) => {
                touched.current = true
                setValue(e.target.value)
                setError(null)
              }}
            />
            <button type="submit" className="btn btn-primary" disabled={p.disabled || sending || confirming !== null}>
              {p.submitLabel}
            </button>
          </div>
          {error ? (
            <ul id={errorId} className="field-errors" role="alert">
              <li>{error}</li>
            </ul>
          ) : null}
        </div>
        {p.quick?.length ? (
          <div className="auction-live-quick" role="group" aria-label={t('auction.live.bid.quick')}>
            {p.quick.map((q) => (
              <button
                key={q.steps}
                type="button"
                className="btn btn-secondary"
                disabled={p.disabled || sending || confirming !== null}
                aria-label={t('auction.live.bid.quickLabel', { n: q.steps, amount: formatFen(q.amountFen, locale) })}
                onClick={() => {
                  touched.current = true
                  setValue(fenToWan(q.amountFen))
                  setError(null)
                }}
              >
                {t('auction.live.bid.quickStep', { n: q.steps })}
              </button>
            ))}
          </div>
        ) : null}
      </form>
      {confirming !== null ? (
        <div className="auction-live-confirm" role="group" aria-labelledby={`${p.id}-confirm`}>
          <p id={`${p.id}-confirm`}>{p.confirmText(formatFen(confirming, locale))}</p>
          <button ref={confirmButton} type="button" className="btn btn-primary" onClick={confirm}>
            {p.confirmLabel}
          </button>{' '}
          <button type="button" className="btn btn-secondary" onClick={() => (setConfirming(null), input.current?.focus())}>
            {t('auction.live.back')}
          </button>
        </div>
      ) : null}
      <div aria-live="polite" className="auction-live-answer-slot">
        {status.kind === 'sending' ? <p className="muted">{status.retry ? t('auction.live.retrying', { n: status.retry }) : t('auction.live.sending')}</p> : null}
        {status.kind === 'timeout' ? (
          <div className="alert alert-warning" role="alert">
            <p>{t('auction.live.timeout')}</p>
            <button type="button" className="btn btn-secondary" onClick={() => void transmit()}>
              {t('auction.live.retry')}
            </button>
          </div>
        ) : null}
        {status.kind === 'answered' ? (
          <p className={`alert ${status.ok ? 'alert-success' : 'alert-error'}`} role={status.ok ? 'status' : 'alert'} data-testid="command-answer">
            {t(status.key, { ...status.params, ...Object.fromEntries(Object.entries(status.amounts ?? {}).map(([k, fen]) => [k, formatFen(fen, locale)])) })}
          </p>
        ) : null}
      </div>
    </section>
  )
}
