/**
 * The editor's keyboard shortcuts, as data: the help sheet (`?`) lists these,
 * and the editor maps each id to its action in a Record typed by the ids, so
 * a shortcut listed without an action (or the reverse) is a compile error.
 */
export const shortcuts = [
  { id: 'save', keys: ['Ctrl', 'S'], does: 'Save the draft' },
  { id: 'undo', keys: ['Ctrl', 'Z'], does: 'Undo' },
  { id: 'redo', keys: ['Ctrl', 'Shift', 'Z'], does: 'Redo (also Ctrl+Y)' },
  { id: 'copy', keys: ['Ctrl', 'C'], does: 'Copy the selected steps (and the lines between them) and notes' },
  { id: 'paste', keys: ['Ctrl', 'V'], does: 'Paste them — here or in another automation' },
  { id: 'delete', keys: ['Delete'], does: 'Delete the selected steps, lines or notes (also Backspace)' },
  { id: 'fit', keys: ['F'], does: 'Fit the whole graph in view' },
  { id: 'layout', keys: ['L'], does: 'Lay the steps out left to right' },
  { id: 'note', keys: ['N'], does: 'Add a note in the middle of the view' },
  { id: 'search', keys: ['/'], does: 'Search the steps to add' },
  { id: 'help', keys: ['?'], does: 'Show or hide this list' },
] as const;

export type ShortcutId = (typeof shortcuts)[number]['id'];

export interface KeyPress {
  key: string;
  ctrlKey?: boolean;
  metaKey?: boolean;
  shiftKey?: boolean;
  altKey?: boolean;
}

/**
 * Which shortcut a key press is, or null. Ctrl and Cmd (macOS) are the same.
 * Delete is left to the canvas (React Flow removes the selection itself).
 * Single letters count only without Ctrl, Cmd or Alt, so the browser's own
 * shortcuts (Ctrl+F, Ctrl+L) stay the browser's.
 */
export function shortcutOf(press: KeyPress): ShortcutId | null {
  const mod = !!(press.ctrlKey || press.metaKey);
  const key = press.key.length === 1 ? press.key.toLowerCase() : press.key;
  if (mod && !press.altKey) {
    if (key === 's') return 'save';
    if (key === 'z') return press.shiftKey ? 'redo' : 'undo';
    if (key === 'y') return 'redo';
    if (key === 'c' && !press.shiftKey) return 'copy';
    if (key === 'v' && !press.shiftKey) return 'paste';
    return null;
  }
  if (mod || press.altKey) return null;
  if (key === '?') return 'help';
  if (key === '/') return 'search';
  if (press.shiftKey) return null;
  if (key === 'f') return 'fit';
  if (key === 'l') return 'layout';
  if (key === 'n') return 'note';
  return null;
}
