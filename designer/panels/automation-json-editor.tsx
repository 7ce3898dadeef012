/**
 * The automation's JSON in Monaco, checked as you type against the JSON
 * Schema the runtime publishes (made from the same zod schema). Loaded with
 * React.lazy: Monaco is never in the initial bundle.
 */
import { jsonDefaults } from 'monaco-editor/languages/features/json/register';
import { automationJsonSchema } from '../graph/automation-file.ts';
import JsonEditor from './json-editor.tsx';

/** Models of the automation JSON view end in this, so the automation schema applies to them only. */
export const automationModelSuffix = '.automation.json';
const schemaUri = 'http://kontera.local/schemas/automation.json';

if (!jsonDefaults.diagnosticsOptions.schemas?.some((s) => s.uri === schemaUri)) {
  jsonDefaults.setDiagnosticsOptions({
    ...jsonDefaults.diagnosticsOptions,
    validate: true,
    schemas: [...(jsonDefaults.diagnosticsOptions.schemas ?? []), { uri: schemaUri, fileMatch: [`*${automationModelSuffix}`], schema: automationJsonSchema() }],
  });
}

export default function AutomationJsonEditor({ id, text, onChangeText }: { id: string; text: string; onChangeText(text: string): void }) {
  return <JsonEditor path={`${id}${automationModelSuffix}`} text={text} onChangeText={onChangeText} ariaLabel="Automation JSON" height={420} />;
}
