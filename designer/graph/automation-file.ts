/**
 * The automation as a file: export (pretty JSON, what GET …/automations/:id
 * returns as the draft) and import (a file, a drop, the JSON view), checked
 * against the automation schema — the one the runtime publishes at
 * /api/schema/automation.json — with each problem naming its path.
 */
import { z } from 'zod';
import { automationDocumentSchema, type AutomationDocument } from '../../shared/automation/schema.ts';

/** A file larger than this is refused before it is read (the API takes at most 5 MB). */
export const importFileBytesMax = 5 * 1024 * 1024;

export type ReadResult = { ok: true; document: AutomationDocument } | { ok: false; errors: string[] };

/** How many problems an import names at most (the rest are counted). */
const errorsShownMax = 12;

/**
 * Reads an automation from JSON text. With `into`, the result keeps that
 * automation's id and draft version (an import replaces the draft of the
 * automation that is open; it never creates or overwrites another).
 */
export function readAutomationJson(text: string, into?: Pick<AutomationDocument, 'id' | 'version'>): ReadResult {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (thrown) {
    return { ok: false, errors: [`Not JSON: ${(thrown as Error).message}`] };
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    return { ok: false, errors: ['document: expected an automation object ({"name", "nodes", "edges", …})'] };
  }
  const candidate = into ? { ...json, id: into.id, version: into.version, status: 'draft' } : json;
  const parsed = automationDocumentSchema.safeParse(candidate);
  if (parsed.success) return { ok: true, document: parsed.data };
  return { ok: false, errors: describeIssues(parsed.error) };
}

function describeIssues(error: z.ZodError): string[] {
  const lines = error.issues.slice(0, errorsShownMax).map((issue) => `${issue.path.map(String).join('.') || 'document'}: ${issue.message}`);
  const more = error.issues.length - errorsShownMax;
  return more > 0 ? [...lines, `… and ${more} more`] : lines;
}

/** The document as the exported file's text. */
export function automationFileText(document: AutomationDocument): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}

export function automationFileName(document: Pick<AutomationDocument, 'id'>): string {
  return `${document.id}.json`;
}

/** The JSON Schema of the document, made from the same zod schema as GET /api/schema/automation.json. */
export function automationJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(automationDocumentSchema, { io: 'input' }) as Record<string, unknown>;
}
