import '@testing-library/jest-dom/vitest';
import { cleanup } from '@testing-library/react';
import { afterEach, vi } from 'vitest';
import { resetRepositoriesUi } from '../../src-renderer/features/repositories/ui-store';

// What Mantine and the virtualizer need from a browser that jsdom does not have.
Object.defineProperty(window, 'matchMedia', {
  writable: true,
  configurable: true,
  value: vi.fn((query: string) => ({
    matches: false,
    media: query,
    onchange: null,
    addListener: vi.fn(),
    removeListener: vi.fn(),
    addEventListener: vi.fn(),
    removeEventListener: vi.fn(),
    dispatchEvent: vi.fn(),
  })),
});

class ResizeObserverStub {
  observe(): void {}
  unobserve(): void {}
  disconnect(): void {}
}
window.ResizeObserver = ResizeObserverStub;
// Mantine's autosizing Textarea listens for web fonts loading.
Object.defineProperty(document, 'fonts', {
  configurable: true,
  value: { addEventListener: vi.fn(), removeEventListener: vi.fn(), ready: Promise.resolve() },
});
Element.prototype.scrollIntoView = vi.fn();
Element.prototype.scrollTo = vi.fn() as unknown as typeof Element.prototype.scrollTo;
window.scrollTo = vi.fn() as unknown as typeof window.scrollTo;

// jsdom lays nothing out, so every element is 0×0 and the virtual list would render no rows.
// Give the list's scroller a viewport; everything else keeps jsdom's zeros.
const VIEWPORT = { clientHeight: 600, clientWidth: 1000 } as const;
for (const prop of ['clientHeight', 'clientWidth'] as const) {
  Object.defineProperty(HTMLElement.prototype, prop, {
    configurable: true,
    get(this: HTMLElement) {
      return this.dataset.testid === 'repo-list-scroller' ? VIEWPORT[prop] : 0;
    },
  });
}

afterEach(() => {
  cleanup();
  resetRepositoriesUi();
  window.sessionStorage.clear();
});
