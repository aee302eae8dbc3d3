/**
 * 50 clients creating "the same" repository at once over a real socket: exactly one wins, the
 * others get 409 CONFLICT, and exactly one record is stored.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, serverSandbox, type ServerSandbox } from '../../fixtures/server';

const CLIENTS = 50;

let sb: ServerSandbox;
let source: string;

beforeAll(async () => {
  sb = await serverSandbox({ listen: true });
  source = sb.borg.tree('src', 1);
});

afterAll(async () => {
  await sb?.remove();
});

async function createAll(bodies: Record<string, unknown>[]): Promise<{ status: number; body: { success: boolean; error?: { code: string } } }[]> {
  return Promise.all(
    bodies.map(async (body) => {
      const res = await fetch(`${sb.url}/api/repositories`, {
        method: 'POST',
        headers: { ...admin, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      return { status: res.status, body: (await res.json()) as { success: boolean; error?: { code: string } } };
    }),
  );
}

function storedRecords(): { name: string; path: string }[] {
  return (JSON.parse(readFileSync(join(sb.dataDir, 'repositories.json'), 'utf8')) as { repositories: { name: string; path: string }[] }).repositories;
}

describe('concurrent creates over REST', () => {
  it('lets exactly one of 50 simultaneous creates with the same name win; the rest get 409 CONFLICT', async () => {
    // Spelled differently on purpose: names compare trimmed and case-insensitively.
    const spellings = ['Nightly', 'nightly', ' NIGHTLY ', 'nightly '];
    const results = await createAll(
      Array.from({ length: CLIENTS }, (_, i) => ({
        name: spellings[i % spellings.length],
        path: sb.borg.path(`same-name-${i}`),
        encryption: 'none',
        source_directories: [source],
      })),
    );
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    const refused = results.filter((r) => r.status !== 200);
    expect(refused).toHaveLength(CLIENTS - 1);
    for (const r of refused) expect(r).toMatchObject({ status: 409, body: { success: false, error: { code: 'CONFLICT' } } });

    expect(storedRecords().filter((r) => r.name.trim().toLowerCase() === 'nightly')).toHaveLength(1);
    const listed = (await (await fetch(`${sb.url}/api/repositories`, { headers: admin })).json()) as { repositories: unknown[] };
    expect(listed.repositories).toHaveLength(1);
  });

  it('lets exactly one of 50 simultaneous creates on the same path win', async () => {
    const path = sb.borg.path('same-path');
    const results = await createAll(Array.from({ length: CLIENTS }, (_, i) => ({ name: `path-race-${i}`, path, encryption: 'none', source_directories: [source] })));
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    for (const r of results.filter((x) => x.status !== 200)) {
      expect(r).toMatchObject({ status: 409, body: { success: false, error: { code: 'CONFLICT' } } });
    }
    expect(storedRecords().filter((r) => r.path === path)).toHaveLength(1);
    expect(storedRecords()).toHaveLength(2);
  });
});
