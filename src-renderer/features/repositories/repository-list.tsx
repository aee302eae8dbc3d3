import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef, useState } from 'react';
import type { Repository } from '../../lib/contract';
import { GRID_COLUMNS, ROW_HEIGHT, RepositoryRow } from './repository-row';

const HEADERS = ['Name', 'Location', 'Encryption', 'Last backup', 'Archives', 'Size', 'Mode'];
const HEADER_HEIGHT = 36;

interface RepositoryListProps {
  repositories: Repository[];
  selectedId: number | null;
  onOpen: (id: number) => void;
}

/** Only the rows in view are in the DOM, so a thousand repositories scroll as fast as ten. */
export function RepositoryList({ repositories, selectedId, onOpen }: RepositoryListProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  // One clock per mount of the list, so every row says "2 hours ago" against the same now.
  const [now] = useState(() => Date.now());
  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer is read during render by design.
  const virtualizer = useVirtualizer({
    count: repositories.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
    // The sticky header sits above the rows inside the same scroller.
    scrollMargin: HEADER_HEIGHT,
    getItemKey: (index) => repositories[index]?.id ?? index,
  });

  return (
    <div
      ref={scrollRef}
      data-testid="repo-list-scroller"
      role="table"
      aria-label="Repositories"
      aria-rowcount={repositories.length + 1}
      style={{ flex: 1, minHeight: 0, overflowY: 'auto' }}
    >
      {/* Inside the scroller (sticky), so header and rows share one width whatever the scrollbar. */}
      <div role="rowgroup" style={{ position: 'sticky', top: 0, zIndex: 1, background: 'var(--mantine-color-body)' }}>
        <div
          role="row"
          style={{
            display: 'grid',
            gridTemplateColumns: GRID_COLUMNS,
            alignItems: 'center',
            gap: 12,
            padding: '0 12px',
            height: HEADER_HEIGHT,
            fontSize: 'var(--mantine-font-size-xs)',
            fontWeight: 700,
            textTransform: 'uppercase',
            color: 'var(--mantine-color-dimmed)',
            borderBottom: '1px solid var(--mantine-color-default-border)',
          }}
        >
          {HEADERS.map((header) => (
            <div key={header} role="columnheader" style={header === 'Archives' || header === 'Size' ? { textAlign: 'right' } : undefined}>
              {header}
            </div>
          ))}
        </div>
      </div>
      <div role="rowgroup" style={{ height: virtualizer.getTotalSize(), position: 'relative', width: '100%' }}>
        {virtualizer.getVirtualItems().map((item) => {
          const repository = repositories[item.index];
          if (repository === undefined) return null;
          return (
            <RepositoryRow
              key={item.key}
              repository={repository}
              selected={repository.id === selectedId}
              now={now}
              onOpen={onOpen}
              style={{ position: 'absolute', top: 0, left: 0, width: '100%', transform: `translateY(${item.start - HEADER_HEIGHT}px)` }}
            />
          );
        })}
      </div>
    </div>
  );
}
