import { elementScroll, useVirtualizer, type VirtualizerOptions } from '@tanstack/react-virtual';
import { useCallback, useRef, useState } from 'react';
import type { Repository } from '../../lib/contract';
import { useCanWrite } from '../auth/role-context';
import { useActiveJobsByRepository, useStartJob } from '../jobs/queries';
import { useJobsUi } from '../jobs/ui-store';
import { ROW_HEIGHT, RepositoryRow } from './repository-row';
import classes from './repository-row.module.css';

/**
 * The library's observeElementRect without its first, synchronous measurement. That one runs in
 * a layout effect and forces the browser to lay out the whole page before the first rows are
 * even committed; instead the rows are first drawn against `initialRect`, and the observer's
 * first report (after the browser's own layout) corrects the count if the window differs.
 */
const observeScrollerRect: VirtualizerOptions<HTMLDivElement, Element>['observeElementRect'] = (instance, onRect) => {
  const element = instance.scrollElement;
  if (element === null) return undefined;
  const observer = new ResizeObserver(() => {
    // Inside a ResizeObserver callback layout is already done: reading it forces nothing.
    const { width, height } = element.getBoundingClientRect();
    onRect({ width: Math.round(width), height: Math.round(height) });
  });
  observer.observe(element, { box: 'content-box' });
  return () => observer.disconnect();
};

const mountedScrollers = new WeakSet<Element>();

/**
 * The library's elementScroll, minus the write it makes when it is given a new scroller: that
 * asks for the offset a new element already has (the top), and setting a scroll position lays
 * out the whole page, synchronously, before the first rows are committed.
 */
const scrollScroller: VirtualizerOptions<HTMLDivElement, Element>['scrollToFn'] = (offset, options, instance) => {
  const element = instance.scrollElement;
  if (element !== null && !mountedScrollers.has(element)) {
    mountedScrollers.add(element);
    if (offset + (options.adjustments ?? 0) === 0) return;
  }
  elementScroll(offset, options, instance);
};

const HEADERS = ['Name', 'Location', 'Encryption', 'Last backup', 'Archives', 'Size', 'Mode'];
const RIGHT_ALIGNED = new Set(['Archives', 'Size']);
const HEADER_HEIGHT = 36;

interface RepositoryListProps {
  repositories: Repository[];
  selectedId: number | null;
  onOpen: (id: number) => void;
}

/**
 * Only the rows in view are in the DOM, so a thousand repositories scroll as fast as ten. The
 * list holds what every row needs (jobs, the start of a backup, the role) and hands each row
 * plain values, so a row re-renders only when something of its own changes.
 */
export function RepositoryList({ repositories, selectedId, onOpen }: RepositoryListProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const [now] = useState(() => Date.now());
  const jobs = useActiveJobsByRepository();
  const canWrite = useCanWrite();
  const setStartFailure = useJobsUi((s) => s.setStartFailure);
  // Given here rather than to mutate(), so a refusal is shown even if its row scrolled away.
  const start = useStartJob((error, input) => setStartFailure({ repositoryId: input.repository_id, kind: input.kind, error }));
  const { mutate } = start;
  const startBackup = useCallback(
    (repositoryId: number) => {
      setStartFailure(null);
      mutate({ repository_id: repositoryId, kind: 'backup' });
    },
    [mutate, setStartFailure],
  );
  const startingId = start.isPending ? start.variables.repository_id : null;

  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer is read during render by design.
  const virtualizer = useVirtualizer({
    count: repositories.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 3,
    // The sticky header sits above the rows inside the same scroller.
    scrollMargin: HEADER_HEIGHT,
    // Rows in the very first render, before the scroller has been measured: a window's height.
    initialRect: { width: 0, height: window.innerHeight },
    observeElementRect: observeScrollerRect,
    scrollToFn: scrollScroller,
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
        <div role="row" className={`${classes.grid} ${classes.header}`}>
          {HEADERS.map((header) => (
            <div key={header} role="columnheader" className={RIGHT_ALIGNED.has(header) ? classes.end : undefined}>
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
              job={jobs.get(repository.id) ?? null}
              startBackup={canWrite ? startBackup : null}
              starting={startingId === repository.id}
              onOpen={onOpen}
              offset={item.start - HEADER_HEIGHT}
            />
          );
        })}
      </div>
    </div>
  );
}
