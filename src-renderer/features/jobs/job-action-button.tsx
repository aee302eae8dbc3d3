import { Button, Tooltip, VisuallyHidden, type ButtonProps } from '@mantine/core';
import { useId, type MouseEvent } from 'react';

interface JobActionButtonProps extends Omit<ButtonProps, 'disabled' | 'children'> {
  label: string;
  /** Why it cannot be used now; null when it can. Shown as a tooltip and read out as the description. */
  reason: string | null;
  onClick: () => void;
}

const stop = (event: MouseEvent): void => event.stopPropagation();

/**
 * A job button that says why it is disabled. A disabled button gets no pointer events, so the
 * tooltip hangs on a wrapper; clicks are kept from the row underneath either way. The tooltip is
 * only there when there is a reason: a list shows many of these buttons, and an enabled one has
 * nothing to explain.
 */
export function JobActionButton({ label, reason, onClick, ...buttonProps }: JobActionButtonProps) {
  const reasonId = useId();
  const button = (
    <span style={{ display: 'inline-block' }} onClick={stop}>
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
  if (reason === null) return button;
  return (
    <Tooltip label={reason} multiline w={260} withArrow openDelay={200}>
      {button}
    </Tooltip>
  );
}
