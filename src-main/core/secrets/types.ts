/** Where passphrases live at rest: safeStorage in the app, an AES-256-GCM file headless. */
export interface SecretStore {
  get(name: string): Promise<string | null>;
  set(name: string, value: string): Promise<void>;
  delete(name: string): Promise<void>;
  /** False when secrets only live in memory (e.g. no OS keyring): the UI says so. */
  readonly persistent: boolean;
  /** Set when the stored secrets could not be read and were kept aside at start. */
  readonly recovered?: { brokenFile: string } | null;
}
