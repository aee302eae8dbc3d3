import { Button, Checkbox, Group, NativeSelect, Stack, Textarea, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTransport } from '../../../transport/transport-context';
import { COMPRESSION_ALGORITHMS, type SettingsDraft } from './drafts';
import { ListEditor } from './list-editor';
import { isAbsoluteLocalPath, type FieldErrors } from './validation';

const ADVANCED_FIELDS = ['remote_path', 'custom_flags', 'archive_name_template', 'pre_backup_script', 'post_backup_script', 'pre_hook_timeout', 'post_hook_timeout'];

const MODE_OPTIONS = [
  { value: 'full', label: 'full: backups and status' },
  { value: 'observe', label: 'observe: read-only status' },
];

export interface SettingsFieldsProps {
  draft: SettingsDraft;
  onChange: (patch: Partial<SettingsDraft>) => void;
  errors: FieldErrors;
  /** Which groups to show; import asks for less than create and edit. */
  show?: { compression?: boolean; excludes?: boolean; advanced?: boolean };
}

/** The settings create, import and edit share: compression, mode, sources, excludes, advanced. */
export function SettingsFields({ draft, onChange, errors, show = {} }: SettingsFieldsProps) {
  const transport = useTransport();
  const [advancedOpen, setAdvancedOpen] = useState(false);
  // A server error on an advanced field must not hide behind a closed section.
  const advancedVisible = advancedOpen || ADVANCED_FIELDS.some((f) => errors[f] !== undefined);
  const takesLevel = draft.compression !== 'lz4' && draft.compression !== 'none';
  const algorithms: string[] = [...COMPRESSION_ALGORITHMS];
  if (!algorithms.includes(draft.compression)) algorithms.push(draft.compression);

  return (
    <Stack gap="md">
      <Group grow align="flex-start">
        <NativeSelect
          label="Mode"
          data={MODE_OPTIONS}
          value={draft.mode}
          onChange={(event) => onChange({ mode: event.currentTarget.value === 'observe' ? 'observe' : 'full' })}
          error={errors.mode}
          description={draft.mode === 'observe' ? 'Borg Desk only reads this repository; no backups run.' : 'Borg Desk runs backups into it.'}
        />
        {show.compression !== false && (
          <Group grow align="flex-start" gap="xs">
            <NativeSelect
              label="Compression"
              data={algorithms}
              value={draft.compression}
              onChange={(event) => onChange({ compression: event.currentTarget.value, compression_level: '' })}
              error={errors.compression}
            />
            <TextInput
              label="Compression level"
              inputMode="numeric"
              placeholder={draft.compression === 'zstd' ? '1-22' : takesLevel ? '0-9' : 'none'}
              disabled={!takesLevel}
              value={takesLevel ? draft.compression_level : ''}
              onChange={(event) => onChange({ compression_level: event.currentTarget.value })}
              error={errors.compression_level}
            />
          </Group>
        )}
      </Group>
      <Checkbox
        label="Bypass lock"
        description="Observe mode only: read without taking borg's lock, so a running backup elsewhere does not block the status check."
        checked={draft.bypass_lock}
        onChange={(event) => onChange({ bypass_lock: event.currentTarget.checked })}
        error={errors.bypass_lock}
      />
      <ListEditor
        legend="Source directories"
        inputLabel="Add source directory"
        description={draft.mode === 'full' ? 'The folders each backup saves. At least one is needed in full mode.' : 'Not used in observe mode.'}
        placeholder="/home/me"
        items={draft.source_directories}
        onChange={(source_directories) => onChange({ source_directories })}
        error={errors.source_directories}
        check={(value) => (isAbsoluteLocalPath(value) ? null : 'Use an absolute path, starting with /.')}
        browse={transport.canPickDirectory ? () => transport.pickDirectory({ title: 'Choose a folder to back up' }) : undefined}
        browseLabel="Browse for a source directory"
      />
      {show.excludes !== false && (
        <ListEditor
          legend="Exclude patterns"
          inputLabel="Add exclude pattern"
          description='borg patterns of files to skip, e.g. "*.log" or "sh:/home/*/.cache".'
          placeholder="*.tmp"
          items={draft.exclude_patterns}
          onChange={(exclude_patterns) => onChange({ exclude_patterns })}
          error={errors.exclude_patterns}
          check={(value) => (/[\n\r]/.test(value) ? 'A pattern is a single line.' : null)}
          trim={false}
        />
      )}
      {show.advanced !== false && (
        <>
          <Button variant="subtle" onClick={() => setAdvancedOpen((open) => !open)} aria-expanded={advancedVisible} style={{ alignSelf: 'flex-start' }}>
            {advancedVisible ? 'Hide advanced settings' : 'Advanced settings'}
          </Button>
          {advancedVisible && (
            <Stack gap="sm" data-testid="advanced-settings">
              <TextInput
                label="Remote borg path"
                description="For ssh repositories whose server has borg outside its PATH, e.g. /usr/local/bin/borg."
                value={draft.remote_path}
                onChange={(event) => onChange({ remote_path: event.currentTarget.value })}
                error={errors.remote_path}
              />
              <TextInput
                label="Custom flags"
                description='Extra options for "borg create", e.g. "--stats --list". Options that change how borg connects are refused.'
                value={draft.custom_flags}
                onChange={(event) => onChange({ custom_flags: event.currentTarget.value })}
                error={errors.custom_flags}
              />
              <TextInput
                label="Archive name template"
                description="How backups name their archives; borg fills in {hostname}, {now:%Y-%m-%d} and the like. Needs a time placeholder."
                value={draft.archive_name_template}
                onChange={(event) => onChange({ archive_name_template: event.currentTarget.value })}
                error={errors.archive_name_template}
              />
              <Textarea
                label="Pre-backup script"
                autosize
                minRows={2}
                value={draft.pre_backup_script}
                onChange={(event) => onChange({ pre_backup_script: event.currentTarget.value })}
                error={errors.pre_backup_script}
                styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
              />
              <Textarea
                label="Post-backup script"
                autosize
                minRows={2}
                value={draft.post_backup_script}
                onChange={(event) => onChange({ post_backup_script: event.currentTarget.value })}
                error={errors.post_backup_script}
                styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
              />
              <Group grow align="flex-start">
                <TextInput
                  label="Pre-backup hook timeout (seconds)"
                  inputMode="numeric"
                  value={draft.pre_hook_timeout}
                  onChange={(event) => onChange({ pre_hook_timeout: event.currentTarget.value })}
                  error={errors.pre_hook_timeout}
                />
                <TextInput
                  label="Post-backup hook timeout (seconds)"
                  inputMode="numeric"
                  value={draft.post_hook_timeout}
                  onChange={(event) => onChange({ post_hook_timeout: event.currentTarget.value })}
                  error={errors.post_hook_timeout}
                />
              </Group>
              <Checkbox
                label="Continue the backup if the pre-backup hook fails"
                checked={draft.continue_on_hook_failure}
                onChange={(event) => onChange({ continue_on_hook_failure: event.currentTarget.checked })}
              />
            </Stack>
          )}
        </>
      )}
    </Stack>
  );
}
