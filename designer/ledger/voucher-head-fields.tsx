/**
 * A voucher's date, series and text: the head of the new-voucher form and of
 * the inbox's "Book" dialog. Ids and test ids are `<prefix>-date`,
 * `<prefix>-series` and `<prefix>-text`.
 */
import type { VoucherForm } from './voucher-form.ts';
import { t } from '../i18n/i18n.ts';

export function VoucherHeadFields({ prefix, form, update, textPlaceholder }: {
  prefix: string;
  form: Pick<VoucherForm, 'date' | 'series' | 'text'>;
  update: (patch: Partial<VoucherForm>) => void;
  textPlaceholder?: string;
}) {
  return (
    <div className="kt-voucher-form__head">
      <div className="kt-filters__field">
        <label className="kt-field__label" htmlFor={`${prefix}-date`}>{t('Date')}</label>
        <input id={`${prefix}-date`} type="date" className="kt-input" required value={form.date} data-testid={`${prefix}-date`} onChange={(e) => update({ date: e.target.value })} />
      </div>
      <div className="kt-filters__field">
        <label className="kt-field__label" htmlFor={`${prefix}-series`}>{t('Series')}</label>
        <input id={`${prefix}-series`} className="kt-input kt-input--short" maxLength={2} value={form.series} data-testid={`${prefix}-series`}
          onChange={(e) => update({ series: e.target.value.toUpperCase() })} />
      </div>
      <div className="kt-filters__field kt-filters__field--grow">
        <label className="kt-field__label" htmlFor={`${prefix}-text`}>{t('Text')}</label>
        <input id={`${prefix}-text`} className="kt-input" maxLength={200} value={form.text} placeholder={textPlaceholder} data-testid={`${prefix}-text`}
          onChange={(e) => update({ text: e.target.value })} />
      </div>
    </div>
  );
}
