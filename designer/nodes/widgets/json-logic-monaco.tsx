/**
 * The Monaco editor for one JSON Logic expression. Loaded with React.lazy:
 * it pulls in Monaco (several MB), which the rest of the designer never needs.
 */
import Editor, { type OnMount } from '@monaco-editor/react';
import { useEffect, useRef, useState } from 'react';
import { analyze } from '../../../shared/json-logic/index.ts';
import type { EventField } from '../../../shared/nodes/index.ts';
import { findVars, locateJson, valueAtPath } from './json-locate.ts';
import { modelSuffix, monaco, setCompletionContext } from './monaco-setup.ts';
import { t, useLanguage } from '../../i18n/i18n.ts';
import { expressionProblemText } from './expression-problems.ts';

export interface JsonLogicMonacoProps {
  /** unique per node and field, e.g. "is-fee/expression" */
  id: string;
  text: string;
  onChangeText(text: string): void;
  eventFields: EventField[];
  ariaLabel: string;
  readOnly?: boolean;
}

type Model = ReturnType<typeof monaco.editor.createModel>;
type CodeEditor = Parameters<OnMount>[0];

/** Squiggles from the shared analyzer, plus var paths the trigger does not provide. */
function updateMarkers(model: Model, eventFields: EventField[]): void {
  const text = model.getValue();
  const root = locateJson(text);
  const markers: Parameters<typeof monaco.editor.setModelMarkers>[2] = [];
  if (root) {
    const range = (start: number, end: number) => {
      const from = model.getPositionAt(start);
      const to = model.getPositionAt(end);
      return { startLineNumber: from.lineNumber, startColumn: from.column, endLineNumber: to.lineNumber, endColumn: to.column };
    };
    let rule: unknown;
    try { rule = JSON.parse(text); } catch { rule = undefined; }
    try {
      for (const problem of analyze(rule).errors) {
        const at = valueAtPath(root, problem.path ?? []);
        markers.push({ severity: monaco.MarkerSeverity.Error, message: expressionProblemText(useLanguage.getState().language, problem.message), source: 'JSON Logic', ...range(at.start, at.end) });
      }
    } catch (thrown) {
      markers.push({ severity: monaco.MarkerSeverity.Error, message: (thrown as Error).message, ...range(root.start, root.end) });
    }
    if (eventFields.length) {
      const known = eventFields.map((f) => f.path);
      for (const found of findVars(root)) {
        // Only event paths are checked here; item./steps. paths are the validator's job.
        if (!found.path.startsWith('event.')) continue;
        if (known.includes(found.path) || known.some((k) => found.path.startsWith(`${k}.`))) continue;
        markers.push({
          severity: monaco.MarkerSeverity.Error, source: 'JSON Logic',
          message: t('"{path}" is not provided by the trigger. Available: {available}', { path: found.path, available: known.join(', ') }),
          ...range(found.start, found.end),
        });
      }
    }
  }
  monaco.editor.setModelMarkers(model, 'kontera', markers);
}

export default function JsonLogicMonaco({ id, text, onChangeText, eventFields, ariaLabel, readOnly = false }: JsonLogicMonacoProps) {
  const path = `inmemory://kontera/${id.replace(/[^A-Za-z0-9_-]+/g, '-')}${modelSuffix}`;
  const [height, setHeight] = useState(Math.min(320, Math.max(56, text.split('\n').length * 19 + 16)));
  const editorRef = useRef<CodeEditor | null>(null);
  const fieldsRef = useRef(eventFields);
  fieldsRef.current = eventFields;

  useEffect(() => setCompletionContext(path, eventFields), [path, eventFields]);
  useEffect(() => {
    const model = editorRef.current?.getModel();
    if (model) updateMarkers(model, eventFields);
  }, [text, eventFields]);

  const onMount: OnMount = (editor) => {
    editorRef.current = editor;
    const model = editor.getModel();
    if (model) updateMarkers(model, fieldsRef.current);
    editor.onDidContentSizeChange((event) => {
      if (event.contentHeightChanged) setHeight(Math.min(320, Math.max(56, event.contentHeight + 4)));
    });
  };

  return (
    <div className="kt-monaco" data-testid="json-logic-editor" style={{ height }}>
      <Editor
        path={path}
        defaultLanguage="json"
        language="json"
        value={text}
        onChange={(value) => onChangeText(value ?? '')}
        onMount={onMount}
        loading={<div className="kt-monaco__loading">{t('Loading editor…')}</div>}
        options={{
          ariaLabel,
          readOnly,
          domReadOnly: readOnly,
          minimap: { enabled: false },
          lineNumbers: 'off',
          glyphMargin: false,
          folding: false,
          lineDecorationsWidth: 8,
          lineNumbersMinChars: 0,
          scrollBeyondLastLine: false,
          overviewRulerLanes: 0,
          hideCursorInOverviewRuler: true,
          renderLineHighlight: 'none',
          wordWrap: 'on',
          tabSize: 2,
          fontSize: 12.5,
          fontFamily: "ui-monospace, 'SF Mono', 'Cascadia Code', Menlo, Consolas, monospace",
          automaticLayout: true,
          fixedOverflowWidgets: true,
          wordBasedSuggestions: 'off',
          quickSuggestions: { strings: true, other: true, comments: false },
          scrollbar: { vertical: 'auto', horizontal: 'hidden', alwaysConsumeMouseWheel: false },
          padding: { top: 8, bottom: 8 },
        }}
      />
    </div>
  );
}
