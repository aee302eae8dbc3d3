import { EventEmitter } from 'node:events';
import type { EventName, Events } from '../contract';

/** A typed event bus; `on` returns its own unsubscribe. */
export class EventBus {
  private readonly emitter = new EventEmitter();

  constructor() {
    this.emitter.setMaxListeners(0);
  }

  emit<K extends EventName>(name: K, payload: Events[K]): void {
    this.emitter.emit(name, payload);
  }

  on<K extends EventName>(name: K, listener: (payload: Events[K]) => void): () => void {
    this.emitter.on(name, listener);
    return () => this.emitter.off(name, listener);
  }
}
