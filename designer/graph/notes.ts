/**
 * Pure edits of the automation's sticky notes (layout only: the engine never
 * reads them). Like operations.ts, each returns a new document, or the same
 * one when nothing changed.
 */
import { automationLimits, type AutomationDocument, type AutomationNote } from '../../shared/automation/schema.ts';
import { uniqueId, type Position } from './operations.ts';

/** a new note's width in canvas pixels */
export const noteWidthDefault = 220;

/** Adds an empty note at `position`; returns the document and the note's id (null at the limit). */
export function addNote(document: AutomationDocument, position: Position, text = ''): { document: AutomationDocument; noteId: string | null } {
  const notes = document.notes ?? [];
  if (notes.length >= automationLimits.notesMax) return { document, noteId: null };
  const noteId = uniqueId('note', notes.map((n) => n.id));
  const note: AutomationNote = { id: noteId, text: text.slice(0, automationLimits.noteTextLengthMax), position: { x: Math.round(position.x), y: Math.round(position.y) } };
  return { document: { ...document, notes: [...notes, note] }, noteId };
}

function updateNote(document: AutomationDocument, noteId: string, update: (note: AutomationNote) => AutomationNote): AutomationDocument {
  if (!document.notes) return document;
  let changed = false;
  const notes = document.notes.map((note) => {
    if (note.id !== noteId) return note;
    const next = update(note);
    if (next !== note) changed = true;
    return next;
  });
  return changed ? { ...document, notes } : document;
}

/** Sets a note's text, cut at the limit the schema sets. */
export function setNoteText(document: AutomationDocument, noteId: string, text: string): AutomationDocument {
  const cut = text.slice(0, automationLimits.noteTextLengthMax);
  return updateNote(document, noteId, (note) => (note.text === cut ? note : { ...note, text: cut }));
}

export function moveNote(document: AutomationDocument, noteId: string, position: Position): AutomationDocument {
  return updateNote(document, noteId, (note) =>
    note.position.x === position.x && note.position.y === position.y ? note : { ...note, position: { x: position.x, y: position.y } });
}

export function deleteNotes(document: AutomationDocument, noteIds: Iterable<string>): AutomationDocument {
  const gone = new Set(noteIds);
  if (gone.size === 0 || !document.notes?.some((n) => gone.has(n.id))) return document;
  return { ...document, notes: document.notes.filter((n) => !gone.has(n.id)) };
}
