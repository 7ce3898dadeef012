/**
 * Monaco, bundled locally (never from a CDN): the editor core, the JSON
 * language and its worker, configured once. Imported only from the lazy
 * JSON Logic editor, so none of it is in the initial bundle.
 */
import { loader } from '@monaco-editor/react';
import * as monaco from 'monaco-editor/editor';
import 'monaco-editor/features/register.all';
import { jsonDefaults } from 'monaco-editor/languages/features/json/register';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';
import JsonWorker from 'monaco-editor/languages/features/json/json.worker?worker';
import type { EventField } from '../../../shared/nodes/index.ts';
import { operatorHelp } from './operators.ts';

declare global {
  interface Window { MonacoEnvironment?: { getWorker(workerId: string, label: string): Worker } }
}

self.MonacoEnvironment = {
  getWorker: (_id: string, label: string) => (label === 'json' ? new JsonWorker() : new EditorWorker()),
};
loader.config({ monaco });

/** Models of JSON Logic editors end in this, so the schema and completions apply to them only. */
export const modelSuffix = '.jsonlogic.json';

/** What each open editor may read: model URI → the trigger's event fields. */
const completionContexts = new Map<string, EventField[]>();

export function setCompletionContext(uri: string, fields: EventField[]): () => void {
  completionContexts.set(uri, fields);
  return () => { if (completionContexts.get(uri) === fields) completionContexts.delete(uri); };
}

const ruleRef = { $ref: '#/definitions/rule' };
jsonDefaults.setDiagnosticsOptions({
  validate: true,
  allowComments: false,
  enableSchemaRequest: false,
  schemas: [{
    uri: 'http://kontera.local/schemas/json-logic.json',
    fileMatch: [`*${modelSuffix}`],
    schema: {
      definitions: {
        rule: {
          anyOf: [
            { type: ['string', 'number', 'boolean', 'null'] },
            { type: 'array', items: ruleRef },
            {
              type: 'object', minProperties: 1, maxProperties: 1,
              description: 'A JSON Logic operation: {"operator": [arguments]}',
              properties: Object.fromEntries(operatorHelp.map((op) => [op.name, { description: op.description, ...ruleRef }])),
            },
          ],
        },
      },
      ...ruleRef,
    },
  }],
});

monaco.languages.registerCompletionItemProvider('json', {
  triggerCharacters: ['"', '.'],
  provideCompletionItems(model, position) {
    const uri = model.uri.toString();
    if (!uri.endsWith(modelSuffix)) return { suggestions: [] };
    const fields = completionContexts.get(uri) ?? [];
    const text = model.getValue();
    const offset = model.getOffsetAt(position);
    const before = text.slice(0, offset);
    const Kind = monaco.languages.CompletionItemKind;

    // Inside the path string of a var: offer the event's fields.
    const inVar = /"var"\s*:\s*\[?\s*"([^"]*)$/.exec(before);
    if (inVar) {
      const typed = inVar[1];
      const after = /^[^"\s]*/.exec(text.slice(offset))?.[0] ?? '';
      const start = model.getPositionAt(offset - typed.length);
      const end = model.getPositionAt(offset + after.length);
      const range = new monaco.Range(start.lineNumber, start.column, end.lineNumber, end.column);
      return {
        suggestions: fields.map((field) => ({
          label: field.path,
          kind: Kind.Field,
          detail: field.label,
          documentation: `${field.type} — example: ${JSON.stringify(field.example)}`,
          insertText: field.path,
          range,
          sortText: `0${field.path}`,
        })),
      };
    }
    // Inside some other string (e.g. an operator key): the JSON schema completes keys.
    const quotes = (before.match(/(?<!\\)"/g) ?? []).length;
    if (quotes % 2 === 1) return { suggestions: [] };

    // In a value position: whole {"var": …} expressions and operator snippets.
    const word = model.getWordUntilPosition(position);
    const range = new monaco.Range(position.lineNumber, word.startColumn, position.lineNumber, word.endColumn);
    return {
      suggestions: [
        ...fields.map((field) => ({
          label: field.path,
          kind: Kind.Variable,
          detail: `${field.label} (${field.type})`,
          documentation: `Example: ${JSON.stringify(field.example)}`,
          insertText: `{"var": "${field.path}"}`,
          range,
          sortText: `0${field.path}`,
        })),
        ...operatorHelp.filter((op) => op.name !== 'var').map((op) => ({
          label: op.name,
          kind: Kind.Function,
          detail: op.description,
          insertText: `{"${op.name}": ${op.arguments}}`,
          insertTextRules: monaco.languages.CompletionItemInsertTextRule.InsertAsSnippet,
          range,
          sortText: `1${op.name}`,
        })),
      ],
    };
  },
});

export { monaco };
