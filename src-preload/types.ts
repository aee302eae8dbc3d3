/**
 * The shape of `window.borgDesk`, for the renderer (`import type` only).
 */
import type { Api, EventName, Events } from '../src-main/core/contract';

export type BorgDeskBridge = Api & {
  /** Subscribes to a push event; the returned function removes exactly this subscription. */
  on<K extends EventName>(name: K, listener: (payload: Events[K]) => void): () => void;
};

declare global {
  interface Window {
    borgDesk?: BorgDeskBridge;
  }
}
