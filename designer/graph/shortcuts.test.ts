import { describe, expect, it } from 'vitest';
import { shortcutOf, shortcuts } from './shortcuts.ts';

describe('shortcutOf', () => {
  it('knows Ctrl and Cmd alike for save, undo, redo, copy and paste', () => {
    expect(shortcutOf({ key: 's', ctrlKey: true })).toBe('save');
    expect(shortcutOf({ key: 's', metaKey: true })).toBe('save');
    expect(shortcutOf({ key: 'z', ctrlKey: true })).toBe('undo');
    expect(shortcutOf({ key: 'Z', ctrlKey: true, shiftKey: true })).toBe('redo');
    expect(shortcutOf({ key: 'y', ctrlKey: true })).toBe('redo');
    expect(shortcutOf({ key: 'c', metaKey: true })).toBe('copy');
    expect(shortcutOf({ key: 'v', ctrlKey: true })).toBe('paste');
  });

  it('takes single keys only without Ctrl, Cmd or Alt, so the browser keeps Ctrl+F and Ctrl+L', () => {
    expect(shortcutOf({ key: 'f' })).toBe('fit');
    expect(shortcutOf({ key: 'F' })).toBe('fit');
    expect(shortcutOf({ key: 'l' })).toBe('layout');
    expect(shortcutOf({ key: 'n' })).toBe('note');
    expect(shortcutOf({ key: '/' })).toBe('search');
    expect(shortcutOf({ key: '?', shiftKey: true })).toBe('help');
    expect(shortcutOf({ key: 'f', ctrlKey: true })).toBeNull();
    expect(shortcutOf({ key: 'l', metaKey: true })).toBeNull();
    expect(shortcutOf({ key: 'f', altKey: true })).toBeNull();
    expect(shortcutOf({ key: 'F', shiftKey: true })).toBeNull();
    expect(shortcutOf({ key: 'c' })).toBeNull();
    expect(shortcutOf({ key: 'Enter' })).toBeNull();
  });

  it('every listed shortcut but Delete (the canvas handles it) is reached by its listed keys', () => {
    for (const shortcut of shortcuts) {
      if (shortcut.id === 'delete') continue;
      const press = {
        key: shortcut.keys[shortcut.keys.length - 1].toLowerCase(),
        ctrlKey: shortcut.keys.includes('Ctrl' as never), shiftKey: shortcut.keys.includes('Shift' as never) || shortcut.id === 'help',
      };
      expect(shortcutOf(press), shortcut.keys.join('+')).toBe(shortcut.id);
    }
    expect(new Set(shortcuts.map((s) => s.id)).size).toBe(shortcuts.length);
  });
});
