// Which GET requests the page's index.html answers: its own client-side routes, never the API or a build asset.
import { describe, expect, it } from 'vitest';
import { isPageRoute } from '../../src/http/web-page.ts';

describe('isPageRoute', () => {
  it.each(['/', '/w/acme/billing', '/w/acme/members?tab=roles', '/invites/invite_123', '/sign-in'])(
    '%s is the page',
    (url) => {
      expect(isPageRoute('GET', url)).toBe(true);
    },
  );

  it.each([
    '/v1/workspaces',
    '/api/auth/session',
    '/sandbox/v1/tokens',
    '/docs',
    '/openapi.json',
    '/healthz',
    '/assets/index-old.js',
  ])('%s is not the page (a missing one is a 404)', (url) => {
    expect(isPageRoute('GET', url)).toBe(false);
  });

  it('only answers GET', () => {
    expect(isPageRoute('POST', '/w/acme/billing')).toBe(false);
  });
});
