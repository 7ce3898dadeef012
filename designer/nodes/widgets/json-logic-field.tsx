import { lazy, Suspense, useEffect, useRef, useState } from 'react';
import { formatRule } from './format-rule.ts';
import { previewRule } from './preview.ts';
import type { WidgetProps } from './types.ts';
import { t } from '../../i18n/i18n.ts';

const JsonLogicMonaco = lazy(() => import('./json-logic-monaco.tsx'));

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** A JSON Logic expression: Monaco with completions and squiggles, and a live preview. */
export function JsonLogicField({ field, value, onChange, node, context, produces, onDraftValid }: WidgetProps & {
  /** told whether the text in the editor is valid JSON (false: the document still has the last valid expression) */
  onDraftValid?(valid: boolean): void;
}) {
  const [text, setText] = useState(() => formatRule(value));
  const [parseError, setParseError] = useState<string | null>(null);

  // Follow the document when it changes from elsewhere (undo, another view).
  const textRef = useRef(text);
  textRef.current = text;
  useEffect(() => {
    let same = false;
    try { same = sameJson(JSON.parse(textRef.current), value); } catch { /* replace unparsable text */ }
    if (!same) { setText(formatRule(value)); setParseError(null); }
  }, [value]);

  const onDraftValidRef = useRef(onDraftValid);
  onDraftValidRef.current = onDraftValid;
  useEffect(() => onDraftValidRef.current?.(parseError === null), [parseError]);

  const onChangeText = (next: string) => {
    setText(next);
    if (next.trim() === '') { setParseError('Empty: write an expression'); return; }
    let parsed: unknown;
    try { parsed = JSON.parse(next); } catch { setParseError('Not valid JSON yet'); return; }
    setParseError(null);
    if (!sameJson(parsed, value)) onChange(parsed);
  };

  const preview = previewRule(value, context.eventExample, produces);
  return (
    <div className="kt-json-logic">
      <Suspense fallback={<div className="kt-monaco kt-monaco--loading" data-testid="json-logic-loading">{t('Loading editor…')}</div>}>
        <JsonLogicMonaco id={`${node.id}/${field.key}`} text={text} onChangeText={onChangeText}
          eventFields={context.eventFields} ariaLabel={field.label} readOnly={context.readOnly} />
      </Suspense>
      <div className={`kt-preview ${parseError ? 'is-stale' : preview.ok ? 'is-ok' : 'is-error'}`} data-testid={`preview-${field.key}`}>
        {parseError
          ? <>{parseError} <span className="kt-muted">— showing the last valid expression</span></>
          : <>{t('With the example event:')} <strong data-testid={`preview-${field.key}-value`}>{preview.text}</strong></>}
      </div>
    </div>
  );
}
