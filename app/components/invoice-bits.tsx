import { FieldErrors } from '~/components/forms'
import { useT } from '~/utils/i18n'
import type { MessageKey } from '../../server/i18n/catalog'
import type { LineValues } from '../../server/invoices/form'

// Pieces of the invoice pages: the status badge and the lines editor. The
// editor is plain form fields named lines[i].*, with "add a line" and "remove
// line n" as submit buttons the action answers by returning the form with one
// row more or less — so it works from the keyboard and without JavaScript.

export type FormErrorsMap = Record<string, string[]>

const BADGE: Record<string, string> = { draft: 'badge-listing-draft', issued: 'badge-pending', paid: 'badge-verified', void: 'badge-rejected' }

export function InvoiceStatusBadge({ status }: { status: string }) {
  const t = useT()
  return <span className={`badge ${BADGE[status] ?? ''}`}>{t(`invoice.status.${status}` as MessageKey)}</span>
}

const EMPTY: LineValues = { itemKind: '', description: '', quantity: '', unitPrice: '' }

export function LinesEditor({ form, lines, blank, itemKinds, errors }: { form: string; lines: LineValues[]; blank: number; itemKinds: string[]; errors: FormErrorsMap }) {
  const t = useT()
  const rows = [...lines, ...Array.from({ length: Math.max(lines.length ? 0 : 1, blank) }, () => EMPTY)].slice(0, 30)
  const id = (i: number, f: string) => `${form}-l${i}-${f}`
  const err = (i: number, f: string) => errors[`lines[${i}].${f}`]
  const input = (i: number, f: keyof LineValues, props: Record<string, unknown> = {}) => (
    <div className="field">
      <label htmlFor={id(i, f)}>{t(`invoice.line.${f}` as MessageKey)}</label>
      <input
        id={id(i, f)}
        name={`lines[${i}].${f}`}
        defaultValue={rows[i]![f]}
        aria-invalid={err(i, f) ? true : undefined}
        aria-describedby={err(i, f) ? `${id(i, f)}-err` : undefined}
        {...props}
      />
      <FieldErrors id={`${id(i, f)}-err`} errors={err(i, f)} />
    </div>
  )
  return (
    <fieldset className="invoice-lines">
      <legend>{t('invoice.form.linesLegend')}</legend>
      <p className="muted small">{t('invoice.form.hint')}</p>
      <FieldErrors id={`${form}-lines-err`} errors={errors.lines} />
      <input type="hidden" name="blank" value={Math.max(0, rows.length - lines.length)} />
      <ol className="invoice-line-rows">
        {rows.map((r, i) => (
          <li key={`${i}-${r.description}-${r.unitPrice}`} className="card invoice-line-row" aria-label={t('invoice.line.row', { n: i + 1 })}>
            <div className="field">
              <label htmlFor={id(i, 'itemKind')}>{t('invoice.line.itemKind')}</label>
              <select
                id={id(i, 'itemKind')}
                name={`lines[${i}].itemKind`}
                defaultValue={r.itemKind}
                aria-invalid={err(i, 'itemKind') ? true : undefined}
                aria-describedby={err(i, 'itemKind') ? `${id(i, 'itemKind')}-err` : undefined}
              >
                <option value="">{t('invoice.form.kindPlaceholder')}</option>
                {itemKinds.map((k) => (
                  <option key={k} value={k}>
                    {t(`invoice.item.${k}` as MessageKey)}
                  </option>
                ))}
              </select>
              <FieldErrors id={`${id(i, 'itemKind')}-err`} errors={err(i, 'itemKind')} />
            </div>
            {input(i, 'description', { maxLength: 200 })}
            {input(i, 'quantity', { inputMode: 'numeric', size: 6 })}
            {input(i, 'unitPrice', { inputMode: 'decimal', size: 12 })}
            <button type="submit" name="intent" value={`remove:${form}:${i}`} className="btn btn-secondary btn-small" formNoValidate>
              {t('invoice.line.remove', { n: i + 1 })}
            </button>
          </li>
        ))}
      </ol>
      <button type="submit" name="intent" value={`addRow:${form}`} className="btn btn-secondary" formNoValidate>
        {t('invoice.line.add')}
      </button>
    </fieldset>
  )
}

/** The form's rows after an "add" or "remove" button: what was typed, one more blank row or one row fewer. */
export function rowsAfter(intent: string, lines: LineValues[], blankField: FormDataEntryValue | null) {
  const blank = Math.min(20, Math.max(0, Number(blankField) || 0))
  if (intent.startsWith('addRow:')) return { lines, blank: blank + 1 }
  const i = Number(intent.split(':')[2])
  if (Number.isInteger(i) && i >= 0 && i < lines.length) return { lines: lines.filter((_, j) => j !== i), blank }
  return { lines, blank: Math.max(0, blank - 1) }
}

/** The draft's buyer and note fields. */
export function DraftHead({ orgs, values, errors }: { orgs: { id: string; name: string; credit_code: string }[]; values: { buyerOrgId: string; note: string }; errors: Record<string, string[]> }) {
  const t = useT()
  return (
    <>
      <div className="field">
        <label htmlFor="buyerOrgId">{t('invoice.field.buyer')}</label>
        <select
          id="buyerOrgId"
          name="buyerOrgId"
          defaultValue={values.buyerOrgId}
          aria-invalid={errors.buyerOrgId ? true : undefined}
          aria-describedby={errors.buyerOrgId ? 'buyerOrgId-err' : undefined}
        >
          <option value="">{t('invoice.form.buyerPlaceholder')}</option>
          {orgs.map((o) => (
            <option key={o.id} value={o.id}>
              {o.name}（{o.credit_code}）
            </option>
          ))}
        </select>
        <FieldErrors id="buyerOrgId-err" errors={errors.buyerOrgId} />
      </div>
      <div className="field">
        <label htmlFor="note">
          {t('invoice.field.note')} <span className="opt">{t('common.optionalMark')}</span>
        </label>
        <input id="note" name="note" defaultValue={values.note} maxLength={500} aria-invalid={errors.note ? true : undefined} aria-describedby={errors.note ? 'note-err' : undefined} />
        <FieldErrors id="note-err" errors={errors.note} />
      </div>
    </>
  )
}
