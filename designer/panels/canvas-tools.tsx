/**
 * The canvas's tools: a strip over its top-right corner (note, auto-layout,
 * copy, paste, JSON, import, export, shortcuts), the keyboard shortcuts
 * (designer/graph/shortcuts.ts) with their help sheet, and the dialogs for
 * the automation's JSON and for an import that was refused.
 */
import { useReactFlow } from '@xyflow/react';
import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { AutomationDocument } from '../../shared/automation/schema.ts';
import { automationFileName, automationFileText, importFileBytesMax, readAutomationJson } from '../graph/automation-file.ts';
import { fitGraphOptions } from '../graph/canvas.tsx';
import {
  clipboardStorageKey, copyFragment, noteNodePrefix, parseFragment, pasteOffset, serializeFragment, type GraphFragment,
} from '../graph/clipboard.ts';
import type { Size } from '../graph/layout.ts';
import { shortcutOf, shortcuts, type ShortcutId } from '../graph/shortcuts.ts';
import { designerStore } from '../graph/store.ts';
import { t } from '../i18n/i18n.ts';

const AutomationJsonEditor = lazy(() => import('./automation-json-editor.tsx'));

type Say = (notice: { kind: 'success' | 'error' | 'info'; text: string }) => void;

function isTyping(target: EventTarget | null): boolean {
  const element = target as HTMLElement | null;
  return !!element?.closest?.('input, textarea, select, [contenteditable], .monaco-editor');
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

function describeFragment(fragment: Pick<GraphFragment, 'nodes' | 'notes'>): string {
  const parts = [fragment.nodes.length ? plural(fragment.nodes.length, 'step') : '', fragment.notes.length ? plural(fragment.notes.length, 'note') : ''];
  return parts.filter(Boolean).join(' and ');
}

export interface CanvasCommands {
  copy(): void;
  /** pastes `text` when it is a copied fragment, else the last copy this browser kept */
  paste(text?: string): Promise<void>;
  addNote(): void;
  layout(): void;
  fit(): void;
  exportFile(): void;
  importFile(file: File): Promise<void>;
  openJson(): void;
  toggleHelp(): void;
}

/**
 * The commands and the keyboard. `save` and `openSearch` come from the
 * editor (its Save button, its palette); `canEdit` false leaves only what
 * reads (fit, export, JSON, help).
 */
export function useCanvasCommands({ canEdit, say, save, openSearch }: {
  canEdit: boolean; say: Say; save(): void; openSearch(): void;
}) {
  const { fitView, getNodes, screenToFlowPosition } = useReactFlow();
  const [helpOpen, setHelpOpen] = useState(false);
  const [jsonOpen, setJsonOpen] = useState(false);
  const [importErrors, setImportErrors] = useState<{ file: string; errors: string[] } | null>(null);
  /** how many times the current clipboard was pasted into this automation (each paste lands a step further) */
  const pasteCount = useRef<{ text: string; count: number }>({ text: '', count: 0 });

  const canvasCentre = useCallback(() => {
    const box = window.document.querySelector('[data-testid="canvas"]')?.getBoundingClientRect();
    const screen = box ? { x: box.left + box.width / 2, y: box.top + box.height / 2 } : { x: window.innerWidth / 2, y: window.innerHeight / 2 };
    return screenToFlowPosition(screen);
  }, [screenToFlowPosition]);

  const fit = useCallback(() => { void fitView({ ...fitGraphOptions, duration: 250 }); }, [fitView]);

  const copy = useCallback(() => {
    const state = designerStore.getState();
    const fragment = state.document && copyFragment(state.document, state.selection.nodeIds);
    if (!fragment) { say({ kind: 'info', text: t('Select the steps or notes to copy first (click, Shift+click, or drag a box with Shift).') }); return; }
    const text = serializeFragment(fragment);
    try { window.localStorage.setItem(clipboardStorageKey, text); } catch { /* the system clipboard still has it */ }
    void navigator.clipboard?.writeText(text).catch(() => { /* refused: this browser's copy is in localStorage */ });
    pasteCount.current = { text, count: 0 };
    say({ kind: 'success', text: `Copied ${describeFragment(fragment)}. Paste with Ctrl+V — here or in another automation.` });
  }, [say]);

  const paste = useCallback(async (text?: string) => {
    if (!canEdit) return;
    let fragment = text ? parseFragment(text) : null;
    let source = text ?? '';
    if (!fragment) {
      try { source = window.localStorage.getItem(clipboardStorageKey) ?? ''; } catch { source = ''; }
      fragment = parseFragment(source);
    }
    const document = designerStore.getState().document;
    if (!fragment || !document) { say({ kind: 'info', text: t('Nothing to paste: select steps and copy them (Ctrl+C) first.') }); return; }
    // The copy's top-left corner: into the same automation it lands a little down and right of the
    // original (again further for each paste); into another one, in the middle of the view.
    const items = [...fragment.nodes, ...fragment.notes];
    const left = Math.min(...items.map((i) => i.position.x));
    const top = Math.min(...items.map((i) => i.position.y));
    let offset: { x: number; y: number };
    if (fragment.from === document.id) {
      pasteCount.current = pasteCount.current.text === source ? { text: source, count: pasteCount.current.count + 1 } : { text: source, count: 1 };
      offset = { x: pasteOffset.x * pasteCount.current.count, y: pasteOffset.y * pasteCount.current.count };
    } else {
      const centre = canvasCentre();
      const right = Math.max(...items.map((i) => i.position.x)) + 232;
      const bottom = Math.max(...items.map((i) => i.position.y)) + 110;
      offset = { x: Math.round(centre.x - (left + right) / 2), y: Math.round(centre.y - (top + bottom) / 2) };
    }
    const count = designerStore.getState().paste(fragment, offset);
    say({ kind: 'success', text: `Pasted ${describeFragment(fragment)}${fragment.from && fragment.from !== document.id ? ` from “${fragment.from}”` : ''} — selected, so you can drag them into place.` });
    if (count && fragment.from !== document.id) setTimeout(fit, 60);
  }, [canEdit, say, canvasCentre, fit]);

  const addNote = useCallback(() => {
    if (!canEdit) return;
    // In the middle of the view, unless a card is there: then just below the graph (and the view follows).
    const centre = canvasCentre();
    let position = { x: Math.round(centre.x - 110), y: Math.round(centre.y - 50) };
    const cards = getNodes().filter((n) => !n.id.startsWith(noteNodePrefix));
    const size = (n: (typeof cards)[number]) => ({ width: n.measured?.width ?? 232, height: n.measured?.height ?? 110 });
    const covered = cards.some((n) => position.x < n.position.x + size(n).width && n.position.x < position.x + 220
      && position.y < n.position.y + size(n).height && n.position.y < position.y + 100);
    if (covered) {
      position = { x: Math.min(...cards.map((n) => n.position.x)), y: Math.max(...cards.map((n) => n.position.y + size(n).height)) + 40 };
    }
    const id = designerStore.getState().addNote(position);
    if (!id) { say({ kind: 'error', text: t('This automation has as many notes as it may have (100).') }); return; }
    if (covered) setTimeout(fit, 60);
    setTimeout(() => (window.document.querySelector(`[data-testid="note-${id}"] textarea`) as HTMLTextAreaElement | null)?.focus(), 350);
  }, [canEdit, canvasCentre, say, getNodes, fit]);

  const layout = useCallback(() => {
    if (!canEdit) return;
    const sizes = new Map<string, Size>();
    for (const node of getNodes()) {
      if (!node.id.startsWith(noteNodePrefix) && node.measured?.width && node.measured.height) {
        sizes.set(node.id, { width: node.measured.width, height: node.measured.height });
      }
    }
    designerStore.getState().autoLayout(sizes);
    setTimeout(fit, 60);
  }, [canEdit, getNodes, fit]);

  const exportFile = useCallback(() => {
    const document = designerStore.getState().document;
    if (!document) return;
    const url = URL.createObjectURL(new Blob([automationFileText(document)], { type: 'application/json' }));
    const link = window.document.createElement('a');
    link.href = url;
    link.download = automationFileName(document);
    window.document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }, []);

  const importFile = useCallback(async (file: File) => {
    if (!canEdit) return;
    const current = designerStore.getState().document;
    if (!current) return;
    if (file.size > importFileBytesMax) { setImportErrors({ file: file.name, errors: [`The file is ${Math.round(file.size / 1024)} kB; at most ${importFileBytesMax / 1024 / 1024} MB`] }); return; }
    const result = readAutomationJson(await file.text(), current);
    if (!result.ok) { setImportErrors({ file: file.name, errors: result.errors }); return; }
    designerStore.getState().replaceDocument(result.document);
    say({ kind: 'success', text: `Imported ${file.name}: ${plural(result.document.nodes.length, 'step')}. Ctrl+Z brings the previous draft back; Save to keep it.` });
    setTimeout(fit, 60);
  }, [canEdit, say, fit]);

  const actions: Record<ShortcutId, (() => void) | null> = useMemo(() => ({
    save, undo: () => designerStore.getState().undo(), redo: () => designerStore.getState().redo(),
    copy, paste: null /* the paste event, below */, delete: null /* React Flow deletes the selection */,
    fit, layout, note: addNote, search: openSearch, help: () => setHelpOpen((open) => !open),
  }), [save, copy, fit, layout, addNote, openSearch]);
  const editing: ReadonlySet<ShortcutId> = useMemo(() => new Set<ShortcutId>(['undo', 'redo', 'paste', 'layout', 'note', 'search', 'save']), []);

  useEffect(() => {
    let pasteSeen = false;
    const onKey = (event: KeyboardEvent) => {
      const id = shortcutOf(event);
      if (!id) return;
      if (id !== 'save' && isTyping(event.target)) return;
      if (!canEdit && editing.has(id)) return;
      if (window.document.querySelector('.kt-modal__backdrop') && id !== 'help' && id !== 'save') return;
      if (id === 'copy') {
        // Text the person selected on the page is theirs to copy.
        if (!window.getSelection()?.isCollapsed) return;
        if (designerStore.getState().selection.nodeIds.length === 0) return;
      }
      if (id === 'paste') {
        // The browser fires a paste event with the system clipboard; if it does not (no focus, a
        // refusing browser), the copy this browser kept is pasted instead.
        pasteSeen = false;
        setTimeout(() => { if (!pasteSeen) void paste(); }, 120);
        return;
      }
      const action = actions[id];
      if (!action) return;
      event.preventDefault();
      action();
    };
    const onPaste = (event: ClipboardEvent) => {
      if (isTyping(event.target) || !canEdit || window.document.querySelector('.kt-modal__backdrop')) return;
      pasteSeen = true;
      event.preventDefault();
      void paste(event.clipboardData?.getData('text/plain') ?? undefined);
    };
    const onCopy = (event: ClipboardEvent) => {
      // Ctrl+C already kept the copy; this also puts it on the system clipboard without asking.
      if (isTyping(event.target) || !window.getSelection()?.isCollapsed) return;
      const state = designerStore.getState();
      const fragment = state.document && copyFragment(state.document, state.selection.nodeIds);
      if (!fragment) return;
      event.clipboardData?.setData('text/plain', serializeFragment(fragment));
      event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    window.addEventListener('paste', onPaste);
    window.addEventListener('copy', onCopy);
    return () => { window.removeEventListener('keydown', onKey); window.removeEventListener('paste', onPaste); window.removeEventListener('copy', onCopy); };
  }, [actions, editing, canEdit, paste]);

  const commands: CanvasCommands = {
    copy, paste, addNote, layout, fit, exportFile, importFile, openJson: () => setJsonOpen(true), toggleHelp: () => setHelpOpen((open) => !open),
  };
  const dialogs = (
    <>
      {helpOpen && <ShortcutSheet onClose={() => setHelpOpen(false)} />}
      {jsonOpen && <JsonDialog readOnly={!canEdit} onClose={() => setJsonOpen(false)} onApplied={(document) => {
        setJsonOpen(false);
        say({ kind: 'success', text: `The JSON is applied: ${plural(document.nodes.length, 'step')}. Ctrl+Z undoes it; Save to keep it.` });
      }} />}
      {importErrors && <ImportErrors {...importErrors} onClose={() => setImportErrors(null)} />}
    </>
  );
  return { commands, dialogs };
}

function Modal({ title, testId, onClose, children, wide = false }: { title: string; testId: string; onClose(): void; children: ReactNode; wide?: boolean }) {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => { if (event.key === 'Escape') onClose(); };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);
  return (
    <div className="kt-modal__backdrop" onMouseDown={(event) => { if (event.target === event.currentTarget) onClose(); }}>
      <div className={`kt-modal ${wide ? 'kt-modal--wide' : ''}`} role="dialog" aria-modal="true" aria-label={title} data-testid={testId}>
        <div className="kt-modal__head">
          <h2>{title}</h2>
          <button type="button" className="kt-icon-button" aria-label={t('Close')} onClick={onClose}>×</button>
        </div>
        {children}
      </div>
    </div>
  );
}

/** The help sheet: every shortcut (from shortcuts.ts), `?` opens and closes it. */
export function ShortcutSheet({ onClose }: { onClose(): void }) {
  const mac = /Mac|iPhone|iPad/.test(navigator.platform);
  return (
    <Modal title={t('Keyboard shortcuts')} testId="shortcut-sheet" onClose={onClose}>
      <table className="kt-shortcuts">
        <tbody>
          {shortcuts.map((shortcut) => (
            <tr key={shortcut.id} data-testid={`shortcut-${shortcut.id}`}>
              <td className="kt-nowrap">{shortcut.keys.map((key, i) => (
                <span key={i}>{i > 0 && '+'}<kbd>{key === 'Ctrl' && mac ? '⌘' : key}</kbd></span>
              ))}</td>
              <td>{shortcut.does}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="kt-muted">{t('Shortcuts work on the canvas, not while you type in a field.')}</p>
    </Modal>
  );
}

function ImportErrors({ file, errors, onClose }: { file: string; errors: string[]; onClose(): void }) {
  return (
    <Modal title={t('Not imported')} testId="import-errors" onClose={onClose}>
      <p>{file} is not an automation this designer can open; the draft is unchanged.</p>
      <ul className="kt-import-errors">{errors.map((error, i) => <li key={i}><code>{error}</code></li>)}</ul>
      <p className="kt-muted">{t('An automation file is what Export saves: an object with "name", "nodes" and "edges" (the schema is at /api/schema/automation.json).')}</p>
      <div className="kt-modal__actions"><button type="button" className="kt-button kt-button--primary" onClick={onClose}>OK</button></div>
    </Modal>
  );
}

/** The draft as JSON: read it, or edit and apply it (checked against the schema; one undo step). */
function JsonDialog({ readOnly, onClose, onApplied }: { readOnly: boolean; onClose(): void; onApplied(document: AutomationDocument): void }) {
  const document = designerStore.getState().document!;
  const [initialText] = useState(() => automationFileText(document));
  const [text, setText] = useState(initialText);
  const result = useMemo(() => readAutomationJson(text, document), [text, document]);
  const apply = () => {
    if (!result.ok) return;
    designerStore.getState().replaceDocument(result.document);
    onApplied(result.document);
  };
  return (
    <Modal title={`${document.name} — JSON`} testId="json-view" onClose={onClose} wide>
      <Suspense fallback={<div className="kt-monaco__loading">{t('Loading editor…')}</div>}>
        <AutomationJsonEditor id={document.id} text={text} onChangeText={readOnly ? () => undefined : setText} />
      </Suspense>
      {result.ok
        ? <p className="kt-field__help" data-testid="json-view-valid">{t('Valid against the automation schema (/api/schema/automation.json).')}</p>
        : <ul className="kt-import-errors" data-testid="json-view-errors">{result.errors.map((error, i) => <li key={i}><code>{error}</code></li>)}</ul>}
      <div className="kt-modal__actions">
        <button type="button" className="kt-button kt-button--ghost" onClick={onClose}>{readOnly ? t('Close') : t('Cancel')}</button>
        {!readOnly && <button type="button" className="kt-button kt-button--primary" data-testid="json-view-apply" disabled={!result.ok || text === initialText} onClick={apply}>{t('Apply to the draft')}</button>}
      </div>
    </Modal>
  );
}

/** The strip over the canvas's top-right corner. */
export function CanvasToolStrip({ commands, canEdit, hasSelection }: { commands: CanvasCommands; canEdit: boolean; hasSelection: boolean }) {
  const fileInput = useRef<HTMLInputElement>(null);
  return (
    <div className="kt-canvas-tools" role="toolbar" aria-label={t('Canvas tools')} data-testid="canvas-tools">
      {canEdit && <>
        <button type="button" className="kt-tool" data-testid="add-note" onClick={commands.addNote} title={t('Add a note (N)')}>{t('+ Note')}</button>
        <button type="button" className="kt-tool" data-testid="auto-layout" onClick={commands.layout} title={t('Lay the steps out left to right (L)')}>{t('Auto-layout')}</button>
        <span className="kt-canvas-tools__gap" />
        <button type="button" className="kt-tool" data-testid="copy-selection" onClick={commands.copy} disabled={!hasSelection} title={t('Copy the selected steps and notes (Ctrl+C)')}>{t('Copy')}</button>
        <button type="button" className="kt-tool" data-testid="paste" onClick={() => void commands.paste()} title={t('Paste what you copied, also from another automation (Ctrl+V)')}>{t('Paste')}</button>
        <span className="kt-canvas-tools__gap" />
      </>}
      <button type="button" className="kt-tool" data-testid="json-view-open" onClick={commands.openJson} title={t('The automation as JSON, checked against its schema')}>JSON</button>
      {canEdit && <>
        <button type="button" className="kt-tool" data-testid="import" onClick={() => fileInput.current?.click()} title={t('Replace the draft with an automation JSON file (or drop one on the canvas)')}>{t('canvas tool::Import')}</button>
        <input ref={fileInput} type="file" accept=".json,application/json" hidden data-testid="import-file"
          onChange={(event) => { const file = event.target.files?.[0]; event.target.value = ''; if (file) void commands.importFile(file); }} />
      </>}
      <button type="button" className="kt-tool" data-testid="export" onClick={commands.exportFile} title={t('Download the draft as an automation JSON file')}>{t('Export')}</button>
      <span className="kt-canvas-tools__gap" />
      <button type="button" className="kt-tool kt-tool--round" data-testid="shortcuts-open" onClick={commands.toggleHelp} title={t('Keyboard shortcuts (?)')} aria-label={t('Keyboard shortcuts')}>?</button>
    </div>
  );
}
