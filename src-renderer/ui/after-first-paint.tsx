import { startTransition, useEffect, useState, type ReactNode } from 'react';

/**
 * Renders its children from the render after the first on, in a transition. For what the first
 * screen does not show — a closed drawer, a closed modal — but would still run hooks and code
 * for on the main thread the first rows wait for.
 */
export function AfterFirstPaint({ children }: { children: ReactNode }) {
  const [ready, setReady] = useState(false);
  useEffect(() => startTransition(() => setReady(true)), []);
  return ready ? children : null;
}
