/** "Next fire times" of a schedule trigger: asked from the server (the same code that fires it), debounced as the config changes. */
import { useEffect, useState } from 'react';
import type { SchedulePreviewResponse } from '../../shared/api.ts';
import { api, ApiRequestError } from '../api/client.ts';
import { formatFireTime } from '../format.ts';
import { t } from '../i18n/i18n.ts';

const debounceMs = 350;

export function SchedulePreview({ config }: { config: unknown }) {
  const key = JSON.stringify(config ?? {});
  const [state, setState] = useState<{ key: string; data?: SchedulePreviewResponse; error?: string[] } | null>(null);
  useEffect(() => {
    let live = true;
    const timer = setTimeout(() => {
      api.schedulePreview(JSON.parse(key), 5).then(
        (data) => { if (live) setState({ key, data }); },
        (error: Error) => {
          if (!live) return;
          const issues = error instanceof ApiRequestError ? error.body?.issues?.map((i) => `${i.path.replace(/^config\./, '')}: ${i.message}`) : undefined;
          setState({ key, error: issues?.length ? issues : [error.message] });
        },
      );
    }, debounceMs);
    return () => { live = false; clearTimeout(timer); };
  }, [key]);
  const stale = state?.key !== key;
  return (
    <div className={`kt-schedule-preview ${stale ? 'is-stale' : ''}`} data-testid="schedule-preview" aria-live="polite">
      <h3 className="kt-inspector__heading">{t('Next fire times')}</h3>
      {!state && <p className="kt-muted">{t('Calculating…')}</p>}
      {state?.error && state.error.map((message, i) => (
        <p key={i} className="kt-field__issue kt-field__issue--error" data-testid="schedule-preview-error">{message}</p>
      ))}
      {state?.data && (
        <>
          <p className="kt-schedule-preview__description" data-testid="schedule-description">{state.data.description}</p>
          <ol className="kt-schedule-preview__list">
            {state.data.next.map((iso) => (
              <li key={iso} data-testid="schedule-fire-time" title={iso}>{formatFireTime(iso, state.data!.timeZone)}</li>
            ))}
          </ol>
          <p className="kt-field__help">{t('Times in {zone}.', { zone: state.data.timeZone })}</p>
        </>
      )}
    </div>
  );
}
