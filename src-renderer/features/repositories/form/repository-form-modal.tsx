import { Button, Divider, Group, Modal, Stack } from '@mantine/core';
import type { ReactNode } from 'react';
import { ErrorAlert } from '../../../ui/error-alert';
import { SettingsFields, type SettingsFieldsProps } from './settings-fields';

interface RepositoryFormModalProps extends SettingsFieldsProps {
  /** Window title and the form's accessible name. */
  title: string;
  submitLabel: string;
  errorTitle: string;
  pending: boolean;
  error: unknown;
  /** An SSH prompt (trust a host key, unlock a key) is open above: it owns Escape and focus. */
  promptOpen: boolean;
  onClose(): void;
  onSubmit(): void;
  /** The fields above the shared settings: name, location, encryption or keyfile. */
  children: ReactNode;
  /** The SSH prompt element, rendered beside the modal. */
  prompts: ReactNode;
}

/** The frame create and import share: modal, form, shared settings, server error and buttons. */
export function RepositoryFormModal(props: RepositoryFormModalProps) {
  const { title, submitLabel, errorTitle, pending, error, promptOpen, onClose, onSubmit, children, prompts, draft, onChange, errors } = props;
  return (
    <>
      <Modal opened onClose={onClose} title={title} size="lg" closeOnClickOutside={!pending} closeOnEscape={!promptOpen} trapFocus={!promptOpen}>
        <form
          noValidate
          aria-label={title}
          onSubmit={(event) => {
            event.preventDefault();
            onSubmit();
          }}
        >
          <Stack gap="md">
            {children}
            <Divider />
            <SettingsFields draft={draft} onChange={onChange} errors={errors} />
            <ErrorAlert error={error} title={errorTitle} />
            <Group justify="flex-end">
              <Button variant="default" onClick={onClose} disabled={pending}>
                Cancel
              </Button>
              <Button type="submit" loading={pending}>
                {submitLabel}
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
      {prompts}
    </>
  );
}
