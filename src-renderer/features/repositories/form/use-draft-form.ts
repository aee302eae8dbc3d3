import { useState } from 'react';
import { explainError } from '../../../lib/errors';
import { hasErrors, type FieldErrors } from './validation';

/**
 * Draft state for a repository form. Client errors appear after the first submit attempt and
 * then follow the typing; server VALIDATION issues sit on their field until it is edited.
 */
export function useDraftForm<D extends object>(initial: () => D, validate: (draft: D) => FieldErrors) {
  const [draft, setDraft] = useState(initial);
  const [attempted, setAttempted] = useState(false);
  const [serverErrors, setServerErrors] = useState<FieldErrors>({});
  const errors: FieldErrors = { ...serverErrors, ...(attempted ? validate(draft) : {}) };

  const update = (patch: Partial<D>): void => {
    setDraft((current) => ({ ...current, ...patch }));
    setServerErrors((current) => {
      const next = { ...current };
      for (const key of Object.keys(patch)) delete next[key];
      return next;
    });
  };

  /** Marks the attempt; true when the draft may be sent. */
  const check = (): boolean => {
    setAttempted(true);
    setServerErrors({});
    return !hasErrors(validate(draft));
  };

  /** Puts a server VALIDATION error's issues on their fields. */
  const showServerError = (error: unknown): void => {
    setServerErrors(explainError(error).fieldErrors);
  };

  return { draft, update, errors, check, showServerError };
}
