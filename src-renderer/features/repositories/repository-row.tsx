import { Badge, Text, UnstyledButton } from '@mantine/core';
import type { CSSProperties } from 'react';
import type { Repository } from '../../lib/contract';
import { formatDateTime, formatRelativeTime } from '../../lib/relative-time';
import { BackupNowButton } from '../jobs/backup-now-button';
import { JobRowStatus } from '../jobs/job-row-status';
import { formatLocation } from './location';

/** Shared by the header and every row so the columns line up. */
export const GRID_COLUMNS = 'minmax(160px, 2fr) minmax(180px, 3fr) 130px 130px 80px 100px 90px 130px';
export const ROW_HEIGHT = 56;

const cell: CSSProperties = { minWidth: 0, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' };

interface RepositoryRowProps {
  repository: Repository;
  selected: boolean;
  now: number;
  onOpen: (id: number) => void;
  style: CSSProperties;
}

export function RepositoryRow({ repository: repo, selected, now, onOpen, style }: RepositoryRowProps) {
  const location = formatLocation(repo);
  const failed = repo.last_refresh_error !== null;
  return (
    <div
      role="row"
      data-testid="repo-row"
      data-repository-id={repo.id}
      data-status={failed ? 'error' : 'ok'}
      data-selected={selected}
      onClick={() => onOpen(repo.id)}
      style={{
        ...style,
        display: 'grid',
        gridTemplateColumns: GRID_COLUMNS,
        alignItems: 'center',
        gap: 12,
        padding: '0 12px',
        height: ROW_HEIGHT,
        cursor: 'pointer',
        borderBottom: '1px solid var(--mantine-color-default-border)',
        background: selected ? 'var(--mantine-color-blue-light)' : failed ? 'var(--mantine-color-red-light)' : undefined,
      }}
    >
      <div role="cell" style={cell}>
        {/* The name is the keyboard way in; the whole row is the mouse way in. */}
        <UnstyledButton
          onClick={(event) => {
            event.stopPropagation();
            onOpen(repo.id);
          }}
          style={{ ...cell, display: 'block', maxWidth: '100%', fontWeight: 600 }}
          title={repo.name}
        >
          {repo.name}
        </UnstyledButton>
        {failed && (
          <Text size="xs" c="red" style={cell} title={repo.last_refresh_error?.message} data-testid="repo-row-error">
            Status check failed: {repo.last_refresh_error?.message}
          </Text>
        )}
      </div>
      <div role="cell" style={cell} title={repo.path}>
        <Text size="sm" style={cell}>
          {location.primary}
        </Text>
        {location.secondary !== null && (
          <Text size="xs" c="dimmed" style={cell}>
            {location.secondary}
          </Text>
        )}
      </div>
      <div role="cell" style={cell}>
        <Text size="sm">{repo.encryption}</Text>
      </div>
      <div role="cell" style={cell} title={formatDateTime(repo.last_backup)}>
        <Text size="sm">{formatRelativeTime(repo.last_backup, now)}</Text>
      </div>
      <div role="cell" style={{ ...cell, textAlign: 'right' }}>
        <Text size="sm" data-testid="repo-archive-count">{repo.archive_count}</Text>
      </div>
      <div role="cell" style={{ ...cell, textAlign: 'right' }} title={repo.total_size_bytes === null ? undefined : `${repo.total_size_bytes} bytes`}>
        <Text size="sm">{repo.total_size ?? '—'}</Text>
      </div>
      <div role="cell" style={cell}>
        <Badge size="sm" variant="light" color={repo.mode === 'observe' ? 'gray' : 'blue'}>
          {repo.mode}
        </Badge>
      </div>
      {/* Jobs: Back up now, and what is running on it (no header: the button says what it is). */}
      <div role="cell" style={{ ...cell, display: 'flex', flexDirection: 'column', alignItems: 'flex-start', justifyContent: 'center', gap: 2 }}>
        <BackupNowButton repository={repo} />
        <JobRowStatus repositoryId={repo.id} />
      </div>
    </div>
  );
}
