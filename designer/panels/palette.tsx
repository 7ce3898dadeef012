import { useState, type DragEvent, type KeyboardEvent } from 'react';
import { nodeDescriptors, type NodeDescriptor, type NodeType } from '../../shared/nodes/index.ts';
import { Icon } from '../nodes/icons.tsx';
import { cardSpecOf } from '../nodes/registry.ts';
import { filterNodeTypes } from './palette-filter.ts';
import { msg, nodeDescription, nodeLabel, t } from '../i18n/i18n.ts';

export const dragMimeType = 'application/x-kontera-node-type';
/** The search box's element id: "/" in the editor focuses it. */
export const paletteSearchId = 'kt-palette-search';

const categories: NodeDescriptor['category'][] = ['Triggers', 'Logic', 'Ledger', 'Review'];
/** The category headings ("Ledger" here is a kind of step, not the ledger page). */
const categoryLabels: Record<NodeDescriptor['category'], string> = {
  Triggers: msg('node category::Triggers'), Logic: msg('node category::Logic'), Ledger: msg('node category::Ledger'), Review: msg('node category::Review'),
};

/**
 * Node types to drag onto the canvas (or click to add), grouped by category,
 * with a search box on top. Collapsed, it is a narrow rail with the button
 * that opens it again.
 */
export function Palette({ onAdd, open, onToggle }: { onAdd(type: NodeType): void; open: boolean; onToggle(): void }) {
  const [query, setQuery] = useState('');
  if (!open) {
    return (
      <aside className="kt-palette kt-palette--collapsed" aria-label={t('Add a step')} data-testid="palette">
        <button type="button" className="kt-rail-toggle" data-testid="palette-toggle" aria-expanded={false}
          onClick={onToggle} title={t('Show the steps to add (/ to search)')} aria-label={t('Show the steps to add')}>
          <span aria-hidden>»</span>
          <span className="kt-rail-toggle__label">{t('Add a step')}</span>
        </button>
      </aside>
    );
  }
  const types = filterNodeTypes(query);
  const onDragStart = (event: DragEvent, type: NodeType) => {
    event.dataTransfer.setData(dragMimeType, type);
    event.dataTransfer.setData('text/plain', type);
    event.dataTransfer.effectAllowed = 'move';
  };
  const onSearchKey = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter' && types.length > 0) { event.preventDefault(); onAdd(types[0]); }
    if (event.key === 'Escape') { event.preventDefault(); if (query) setQuery(''); else event.currentTarget.blur(); }
  };
  return (
    <aside className="kt-palette" aria-label={t('Add a step')} data-testid="palette" id="kt-palette-body">
      <div className="kt-palette__head">
        <div className="kt-palette__title">{t('Add a step')}</div>
        <button type="button" className="kt-icon-button" data-testid="palette-toggle" aria-expanded aria-controls="kt-palette-body"
          onClick={onToggle} title={t('Hide the steps (more room for the canvas)')} aria-label={t('Hide the steps')}>«</button>
      </div>
      <input id={paletteSearchId} type="search" className="kt-input kt-palette__search" data-testid="palette-search" value={query}
        placeholder={t('Search steps  ( / )')} aria-label={t('Search steps')} autoComplete="off"
        onChange={(event) => setQuery(event.target.value)} onKeyDown={onSearchKey} />
      <p className="kt-palette__hint">{query && types.length ? t('Drag onto the canvas, or click to add (Enter adds the first).') : t('Drag onto the canvas, or click to add.')}</p>
      {types.length === 0 && (
        <p className="kt-palette__none" data-testid="palette-no-match">
          {t('No step matches “{query}”.', { query })} <button type="button" className="kt-link" onClick={() => setQuery('')}>{t('Show all steps')}</button>
        </p>
      )}
      {categories.map((category) => {
        const inCategory = types.filter((type) => nodeDescriptors[type].category === category);
        if (inCategory.length === 0) return null;
        return (
          <section key={category} className="kt-palette__group">
            <h3 className="kt-palette__heading">{t(categoryLabels[category])}</h3>
            {inCategory.map((type) => {
              const descriptor = nodeDescriptors[type] as unknown as NodeDescriptor;
              return (
                <button key={type} type="button" draggable className={`kt-palette__item kt-palette__item--${category.toLowerCase()}`}
                  data-testid={`palette-${type}`} title={nodeDescription(type, descriptor.description)}
                  onDragStart={(event) => onDragStart(event, type)} onClick={() => onAdd(type)}>
                  <span className="kt-palette__icon"><Icon name={cardSpecOf(type).icon} size={16} /></span>
                  <span className="kt-palette__text">
                    <span className="kt-palette__label">{nodeLabel(type, descriptor.label)}</span>
                    <span className="kt-palette__description">{nodeDescription(type, descriptor.description)}</span>
                  </span>
                </button>
              );
            })}
          </section>
        );
      })}
    </aside>
  );
}
