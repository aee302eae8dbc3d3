import { Button, VisuallyHidden, type ButtonProps } from '@mantine/core';
import { useId, type MouseEvent } from 'react';

interface JobActionButtonProps extends Omit<ButtonProps, 'disabled' | 'children'> {
  label: string;
  /** Why it cannot be used now; null when it can. Shown on hover and read out as the description. */
  reason: string | null;
  onClick: () => void;
}

const stop = (event: MouseEvent): void => event.stopPropagation();

/**
 * A job button that says why it is disabled: on hover as the wrapper's native tooltip (a
 * disabled button gets no pointer events), and to screen readers as the button's description.
 * Native rather than Mantine's Tooltip, which would bring a positioning library into the first
 * screen's bundle for a line of text. Clicks are kept from the row underneath either way.
 */
export function JobActionButton({ label, reason, onClick, ...buttonProps }: JobActionButtonProps) {
  const reasonId = useId();
  return (
    <span style={{ display: 'inline-block' }} onClick={stop} title={reason ?? undefined}>
      <Button
        {...buttonProps}
        disabled={reason !== null}
        aria-describedby={reason === null ? undefined : reasonId}
        data-disabled-reason={reason ?? undefined}
        onClick={(event) => {
          stop(event);
          onClick();
        }}
      >
        {label}
      </Button>
      {reason !== null && <VisuallyHidden id={reasonId}>{reason}</VisuallyHidden>}
    </span>
  );
}
