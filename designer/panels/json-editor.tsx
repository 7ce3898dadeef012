/**
 * A plain JSON editor (Monaco, bundled locally). Loaded with React.lazy, like
 * the JSON Logic editor: Monaco is never in the initial bundle.
 */
import Editor from '@monaco-editor/react';
import '../nodes/widgets/monaco-setup.ts';
import { t } from '../i18n/i18n.ts';

export default function JsonEditor({ path, text, onChangeText, ariaLabel, height = 260 }: {
  path: string; text: string; onChangeText(text: string): void; ariaLabel: string; height?: number;
}) {
  return (
    <div className="kt-monaco" data-testid="json-editor" style={{ height }}>
      <Editor
        path={`inmemory://kontera/${path}`}
        defaultLanguage="json"
        language="json"
        value={text}
        onChange={(value) => onChangeText(value ?? '')}
        loading={<div className="kt-monaco__loading">{t('Loading editor…')}</div>}
        options={{
          ariaLabel, minimap: { enabled: false }, lineNumbers: 'on', lineNumbersMinChars: 3, folding: false, glyphMargin: false,
          scrollBeyondLastLine: false, tabSize: 2, fontSize: 12.5, automaticLayout: true, fixedOverflowWidgets: true,
          fontFamily: "ui-monospace, 'SF Mono', 'Cascadia Code', Menlo, Consolas, monospace", renderLineHighlight: 'none',
          padding: { top: 8, bottom: 8 }, scrollbar: { alwaysConsumeMouseWheel: false },
        }}
      />
    </div>
  );
}
