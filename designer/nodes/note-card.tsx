import type { NodeProps } from '@xyflow/react';
import { memo } from 'react';
import { automationLimits } from '../../shared/automation/schema.ts';
import { designerStore } from '../graph/store.ts';
import type { NoteNode } from '../graph/mapping.ts';
import { noteWidthDefault } from '../graph/notes.ts';
import { t } from '../i18n/i18n.ts';

/**
 * A sticky note: drag it by its top strip, type in it. Saved with the
 * automation; the engine never reads it.
 */
function NoteCardView({ data, selected }: NodeProps<NoteNode>) {
  const { note, readOnly } = data;
  return (
    <div className={`kt-note ${selected ? 'is-selected' : ''}`} style={{ width: note.width ?? noteWidthDefault }} data-testid={`note-${note.id}`}>
      <div className="kt-note__grip" title={t('Drag to move the note')}>{t('Note')}</div>
      {readOnly
        ? <div className="kt-note__text">{note.text || <span className="kt-muted">(empty note)</span>}</div>
        : <textarea className="kt-note__text nodrag nowheel" value={note.text} rows={Math.min(12, Math.max(3, note.text.split('\n').length + 1))}
            maxLength={automationLimits.noteTextLengthMax} placeholder={t('Write a note for whoever reads this graph…')}
            aria-label="Note" data-testid="note-text"
            onChange={(event) => designerStore.getState().setNoteText(note.id, event.target.value)} />}
    </div>
  );
}

export const NoteCard = memo(NoteCardView);
