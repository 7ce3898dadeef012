import type { DragEvent } from 'react';
import { nodeDescriptors, type NodeDescriptor, type NodeType } from '../../shared/nodes/index.ts';
import { Icon } from '../nodes/icons.tsx';
import { cardSpecOf } from '../nodes/registry.ts';

export const dragMimeType = 'application/x-kontera-node-type';

const categories: NodeDescriptor['category'][] = ['Triggers', 'Logic', 'Ledger', 'Review'];

/** Node types to drag onto the canvas (or click to add), grouped by category. */
export function Palette({ onAdd }: { onAdd(type: NodeType): void }) {
  const types = Object.keys(nodeDescriptors) as NodeType[];
  const onDragStart = (event: DragEvent, type: NodeType) => {
    event.dataTransfer.setData(dragMimeType, type);
    event.dataTransfer.setData('text/plain', type);
    event.dataTransfer.effectAllowed = 'move';
  };
  return (
    <aside className="kt-palette" aria-label="Add a step" data-testid="palette">
      <div className="kt-palette__title">Add a step</div>
      <p className="kt-palette__hint">Drag onto the canvas, or click to add.</p>
      {categories.map((category) => {
        const inCategory = types.filter((type) => nodeDescriptors[type].category === category);
        if (inCategory.length === 0) return null;
        return (
          <section key={category} className="kt-palette__group">
            <h3 className="kt-palette__heading">{category}</h3>
            {inCategory.map((type) => {
              const descriptor = nodeDescriptors[type] as unknown as NodeDescriptor;
              return (
                <button key={type} type="button" draggable className={`kt-palette__item kt-palette__item--${category.toLowerCase()}`}
                  data-testid={`palette-${type}`} title={descriptor.description}
                  onDragStart={(event) => onDragStart(event, type)} onClick={() => onAdd(type)}>
                  <span className="kt-palette__icon"><Icon name={cardSpecOf(type).icon} size={16} /></span>
                  <span className="kt-palette__text">
                    <span className="kt-palette__label">{descriptor.label}</span>
                    <span className="kt-palette__description">{descriptor.description}</span>
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
