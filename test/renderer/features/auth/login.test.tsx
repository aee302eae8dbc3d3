import { screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { consumeTokenLink, createTokenSession, TOKEN_STORAGE_KEY, watchTokenLinks } from '../../../../src-renderer/features/auth/token-session';
import { createHttpTransport } from '../../../../src-renderer/transport/http';
import { makeRepository, makeSystemInfo } from '../../fixtures';
import { renderApp } from '../../render-app';

const GOOD = 'admin-token-0123456789';
const VIEWER = 'viewer-token-0123456789';

/** A stand-in for the headless server: two tokens, a list of one repository. */
function fakeServer() {
  const seen: Array<{ url: string; authorization: string | undefined }> = [];
  const fetchMock = vi.fn((url: string, init: RequestInit) => {
    const authorization = (init.headers as Record<string, string>).Authorization;
    seen.push({ url, authorization });
    const role = authorization === `Bearer ${GOOD}` ? 'admin' : authorization === `Bearer ${VIEWER}` ? 'viewer' : null;
    const reply = (body: unknown, status = 200) => Promise.resolve(new Response(JSON.stringify(body), { status }));
    if (role === null) return reply({ success: false, error: { code: 'UNAUTHORIZED', message: 'A valid access token is needed.' } }, 401);
    if (url === '/api/auth/whoami') return reply({ success: true, role });
    if (url === '/api/system/info') return reply({ success: true, system: { ...makeSystemInfo(), mode: 'server' } });
    if (url === '/api/repositories/') return reply({ success: true, repositories: [makeRepository({ id: 1, name: 'served' })] });
    if (url === '/api/events') return new Promise<Response>(() => {});
    return reply({ success: false, error: { code: 'NOT_FOUND', message: url } }, 404);
  });
  return { fetchMock, seen };
}

function start(storage: Storage = window.sessionStorage) {
  const server = fakeServer();
  const session = createTokenSession(storage);
  const transport = createHttpTransport({
    fetch: server.fetchMock as unknown as typeof fetch,
    getToken: () => session.get(),
    onUnauthorized: () => session.clear(),
  });
  return { server, session, transport };
}

afterEach(() => {
  window.history.replaceState(null, '', '/');
});

describe('browser login', () => {
  it('asks for the access token first and explains where it comes from', async () => {
    const { transport, session, server } = start();
    renderApp(transport, session);
    expect(await screen.findByLabelText('Access token')).toBeInTheDocument();
    expect(screen.getByText(/printed where its token file is/)).toBeInTheDocument();
    expect(server.seen).toHaveLength(0);
  });

  it('signs in with a pasted token and sends it as a Bearer header', async () => {
    const { transport, session, server } = start();
    const { user } = renderApp(transport, session);
    await user.type(await screen.findByLabelText('Access token'), GOOD);
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByRole('button', { name: 'served' })).toBeInTheDocument();
    expect(server.seen.find((s) => s.url === '/api/auth/whoami')?.authorization).toBe(`Bearer ${GOOD}`);
    expect(window.sessionStorage.getItem(TOKEN_STORAGE_KEY)).toBe(GOOD);
  });

  it('returns to the login screen with a notice when the token is refused', async () => {
    const { transport, session } = start();
    const { user } = renderApp(transport, session);
    await user.type(await screen.findByLabelText('Access token'), 'wrong-token');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByTestId('login-notice')).toHaveTextContent('did not accept the access token');
    expect(screen.getByLabelText('Access token')).toBeInTheDocument();
    expect(window.sessionStorage.getItem(TOKEN_STORAGE_KEY)).toBeNull();
  });

  it('says the token was refused when that was answered before the app was first drawn', async () => {
    // As boot.ts does with a link's token: the request goes out before React renders anything.
    const { transport, session } = start();
    session.set('expired-token');
    await expect(transport.whoami()).rejects.toThrow();
    expect(session.get()).toBeNull();
    renderApp(transport, session);
    expect(await screen.findByTestId('login-notice')).toHaveTextContent('did not accept the access token');
  });

  it('takes a one-time #token= link into sessionStorage, strips it from the address, and signs in', async () => {
    window.history.replaceState(null, '', `/?x=1#token=${VIEWER}`);
    const { transport, session } = start();
    expect(consumeTokenLink(window, session)).toBe(true);
    expect(window.location.hash).toBe('');
    expect(window.location.search).toBe('?x=1');
    expect(window.sessionStorage.getItem(TOKEN_STORAGE_KEY)).toBe(VIEWER);

    renderApp(transport, session);
    expect(await screen.findByRole('button', { name: 'served' })).toBeInTheDocument();
    expect(screen.queryByLabelText('Access token')).toBeNull();
    // The link was a viewer token: the app is read-only.
    expect(screen.getByText('read-only')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Create repository' })).toBeNull();
  });

  it('signs in when the link is pasted into a tab already showing the login screen (hash change, no reload)', async () => {
    const { transport, session } = start();
    const stop = watchTokenLinks(window, session);
    try {
      renderApp(transport, session);
      await screen.findByLabelText('Access token');
      window.history.replaceState(null, '', `/#token=${GOOD}`);
      window.dispatchEvent(new HashChangeEvent('hashchange'));
      expect(await screen.findByRole('button', { name: 'served' })).toBeInTheDocument();
      expect(window.location.hash).toBe('');
    } finally {
      stop();
    }
  });

  it('leaves other hashes alone', () => {
    window.history.replaceState(null, '', '/#section');
    const session = createTokenSession(window.sessionStorage);
    expect(consumeTokenLink(window, session)).toBe(false);
    expect(window.location.hash).toBe('#section');
    expect(session.get()).toBeNull();
  });

  it('signs out without the refused-token notice', async () => {
    const { transport, session } = start();
    session.set(GOOD);
    const { user } = renderApp(transport, session);
    await user.click(await screen.findByRole('button', { name: 'Sign out' }));
    expect(await screen.findByLabelText('Access token')).toBeInTheDocument();
    expect(screen.queryByTestId('login-notice')).toBeNull();
    await waitFor(() => expect(window.sessionStorage.getItem(TOKEN_STORAGE_KEY)).toBeNull());
  });
});
