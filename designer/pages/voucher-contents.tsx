/**
 * Voucher contents (BFL 5:7) in the designer: the counterparty fields of the
 * manual voucher form (typed, or picked from the customers and suppliers),
 * the files chosen to attach on save, and the voucher page's underlag — the
 * original it was posted from and the attached files, with their SHA-256,
 * download links and an upload. Attachments are never removed.
 */
import { useEffect, useRef, useState } from 'react';
import { voucherAttachmentBytesMax, type Voucher } from '../../shared/api.ts';
import { api } from '../api/client.ts';
import { useMasterData } from '../api/master-data.ts';
import { actorOf, useCan, useSession } from '../api/session.ts';
import { useApi } from '../api/use-api.ts';
import { describeActor, formatDateTime } from '../format.ts';
import { attachmentProblem } from '../ledger/voucher-form.ts';
import { MasterDataPicker } from '../nodes/widgets/master-data-picker.tsx';
import { href } from '../router.ts';
import { ErrorLine } from './parts.tsx';
import { t } from '../i18n/i18n.ts';

const accept = '.pdf,.png,.jpg,.jpeg,.xml,application/pdf,image/png,image/jpeg,application/xml,text/xml';

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} kB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/** "Kontorsgiganten AB (L2003)" */
export function describeCounterparty(counterparty: Voucher['counterparty']): string {
  if (!counterparty) return '—';
  return counterparty.id ? `${counterparty.name} (${counterparty.id})` : counterparty.name;
}

type Source = 'other' | 'supplier' | 'customer';

/** The form's counterparty: a supplier or customer from the master data, or any name and number typed. */
export function CounterpartyFields({ name, id, onChange }: { name: string; id: string; onChange(next: { name: string; id: string }): void }) {
  const [source, setSource] = useState<Source>('other');
  const data = useMasterData((s) => s.data);
  const pick = (kind: 'supplier' | 'customer', value: string) => {
    const found = kind === 'supplier' ? data?.suppliers.find((s) => s.supplierNo === value) : data?.customers.find((c) => c.customerNo === value);
    onChange({ name: found?.name ?? name, id: value });
  };
  return (
    <div className="kt-voucher-form__head kt-voucher-form__counterparty" data-testid="voucher-counterparty-fields">
      <div className="kt-filters__field">
        <label className="kt-field__label" htmlFor="voucher-counterparty-source">{t('Counterparty')}</label>
        <select id="voucher-counterparty-source" className="kt-input kt-select" value={source} data-testid="voucher-counterparty-source"
          onChange={(e) => setSource(e.target.value as Source)}>
          <option value="other">{t('Type a name')}</option>
          <option value="supplier">{t('Supplier')}</option>
          <option value="customer">{t('Customer')}</option>
        </select>
      </div>
      {source !== 'other' && (
        <div className="kt-filters__field kt-filters__field--grow">
          <label className="kt-field__label" htmlFor="voucher-counterparty-pick">{source === 'supplier' ? t('Supplier') : t('Customer')}</label>
          <MasterDataPicker kind={source} value={id} id="voucher-counterparty-pick" testId="voucher-counterparty-pick" showProblem={false}
            onChange={(value) => pick(source, value)} />
        </div>
      )}
      <div className="kt-filters__field kt-filters__field--grow">
        <label className="kt-field__label" htmlFor="voucher-counterparty">{t('Name')}</label>
        <input id="voucher-counterparty" className="kt-input" maxLength={200} value={name} placeholder={t('Who the business event was with (optional)')}
          data-testid="voucher-counterparty" onChange={(e) => onChange({ name: e.target.value, id })} />
      </div>
      <div className="kt-filters__field">
        <label className="kt-field__label" htmlFor="voucher-counterparty-id">{t('Number')}</label>
        <input id="voucher-counterparty-id" className="kt-input" maxLength={64} value={id} placeholder={t('Customer/supplier no. or org no.')}
          data-testid="voucher-counterparty-id" onChange={(e) => onChange({ name, id: e.target.value })} />
      </div>
    </div>
  );
}

/** Files to attach when the voucher is saved; each checked for type and size as it is chosen. */
export function AttachmentPicker({ files, onChange }: { files: File[]; onChange(files: File[]): void }) {
  const input = useRef<HTMLInputElement>(null);
  const problems = files.map(attachmentProblem).filter((p): p is string => p !== null);
  return (
    <div className="kt-voucher-form__files" data-testid="voucher-form-files">
      <label className="kt-field__label" htmlFor="voucher-files">{t('Attachments (underlag)')}</label>
      <input id="voucher-files" ref={input} type="file" multiple accept={accept} className="kt-input" data-testid="voucher-files"
        onChange={(e) => onChange([...files, ...Array.from(e.target.files ?? [])])} />
      <p className="kt-field__help">{t('Receipts and invoices: PDF, PNG, JPEG or XML, at most {size} MB each. Kept with the voucher; never removed.', { size: voucherAttachmentBytesMax / 1024 / 1024 })}</p>
      {files.length > 0 && (
        <ul className="kt-attachments__chosen">
          {files.map((file, index) => (
            <li key={`${file.name}-${index}`} data-testid="voucher-file">
              {file.name} <span className="kt-muted">{formatBytes(file.size)}</span>
              <button type="button" className="kt-icon-button" aria-label={t('Do not attach {file}', { file: file.name })}
                onClick={() => { onChange(files.filter((_, i) => i !== index)); if (input.current) input.current.value = ''; }}>×</button>
            </li>
          ))}
        </ul>
      )}
      {problems.map((p) => <p key={p} className="kt-field__issue kt-field__issue--error" role="alert" data-testid="voucher-file-problem">{p}</p>)}
    </div>
  );
}

/** Notes left by the form for the voucher page: files that could not be attached after posting. */
const attachNotices = new Map<string, string[]>();
export function leaveAttachNotice(voucherId: string, messages: string[]) { if (messages.length) attachNotices.set(voucherId, messages); }

/** The voucher page's underlag: where it came from (the stored original) and the files attached to it. */
export function VoucherAttachmentsSection({ voucher }: { voucher: Voucher }) {
  const underlag = useApi(() => api.voucherAttachments(voucher.id), `voucher-attachments:${voucher.id}`);
  const can = useCan();
  const me = useSession((s) => s.me);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [notice] = useState(() => attachNotices.get(voucher.id) ?? []);
  useEffect(() => { attachNotices.delete(voucher.id); }, [voucher.id]);
  const input = useRef<HTMLInputElement>(null);

  const upload = async (files: File[]) => {
    setError(null);
    const problem = files.map(attachmentProblem).find((p) => p !== null);
    if (problem) { setError(new Error(problem)); return; }
    setBusy(true);
    try {
      for (const file of files) await api.attachToVoucher(voucher.id, file, file.name);
    } catch (thrown) {
      setError(thrown);
    }
    setBusy(false);
    if (input.current) input.current.value = '';
    underlag.reload();
  };

  const source = underlag.data?.source ?? null;
  const attachments = underlag.data?.attachments ?? [];
  return (
    <section className="kt-section kt-attachments" data-testid="voucher-attachments" aria-label={t('Underlag')}>
      <h2>{t('Underlag')}</h2>
      {notice.length > 0 && (
        <div className="kt-banner kt-banner--error" role="alert" data-testid="voucher-attach-notice">
          {notice.length === 1
            ? t('The voucher was posted, but a file was not attached: {problems}. Attach it below.', { problems: notice.join('; ') })
            : t('The voucher was posted, but some files were not attached: {problems}. Attach them below.', { problems: notice.join('; ') })}
        </div>
      )}
      {underlag.error && <div className="kt-empty kt-empty--error" role="alert">{t('Could not load the underlag: {error}', { error: underlag.error.message })}</div>}
      <dl className="kt-attachments__source">
        <dt className="kt-run__label">{t('Original of the source')}</dt>
        <dd data-testid="voucher-source-original">
          {source ? (
            <>
              <a href={api.originalContentUrl(source.id)} download data-testid="voucher-source-original-link">{source.kind} · {formatBytes(source.byteLength)}</a>
              {' '}<span className="kt-muted">{t('received {time}', { time: formatDateTime(source.receivedAt) })}</span>
              {' · '}<a href={href({ page: 'originals', kind: source.kind })}>{t('All originals')}</a>
              <div className="kt-mono kt-attachments__hash" title={t('SHA-256 of the exact bytes')}>SHA-256 {source.sha256}</div>
            </>
          ) : <span className="kt-muted">{underlag.data ? t('None: the voucher was not posted from a stored file or delivery.') : t('Loading…')}</span>}
        </dd>
      </dl>
      {attachments.length > 0 ? (
        <table className="kt-table" data-testid="voucher-attachment-list">
          <thead><tr><th>{t('File')}</th><th>{t('Type')}</th><th className="kt-num">{t('Size')}</th><th>SHA-256</th><th>{t('Attached')}</th></tr></thead>
          <tbody>
            {attachments.map((a) => (
              <tr key={a.id} data-testid="voucher-attachment" data-sha256={a.sha256}>
                <td><a href={api.voucherAttachmentUrl(voucher.id, a.id)} download={a.fileName} data-testid="voucher-attachment-link">{a.fileName}</a></td>
                <td className="kt-table__secondary">{a.mediaType}</td>
                <td className="kt-num kt-nowrap">{formatBytes(a.byteLength)}</td>
                <td className="kt-mono kt-attachments__hash" title={a.sha256}>{a.sha256.slice(0, 16)}…</td>
                <td className="kt-table__secondary">{describeActor(a.attachedBy, { self: actorOf(me) })} · {formatDateTime(a.attachedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : underlag.data && <p className="kt-muted" data-testid="voucher-attachments-empty">{t('No files attached.')}{can('ledger:write') ? ` ${t('Attach the receipt or invoice below.')}` : ''}</p>}
      {can('ledger:write') && (
        <div className="kt-attachments__upload">
          <label className="kt-field__label" htmlFor="voucher-attach">{t('Attach files')}</label>
          <input id="voucher-attach" ref={input} type="file" multiple accept={accept} className="kt-input" disabled={busy} data-testid="voucher-attach"
            onChange={(e) => void upload(Array.from(e.target.files ?? []))} />
          <p className="kt-field__help">{t('PDF, PNG, JPEG or XML, at most {size} MB each.', { size: voucherAttachmentBytesMax / 1024 / 1024 })} {busy ? t('Attaching…') : t('Stored with their SHA-256; never removed or replaced.')}</p>
          <ErrorLine error={error} testId="voucher-attach-error" />
        </div>
      )}
    </section>
  );
}
