import type { Request } from 'express';
import { isCrossSite } from './mount-guard';

const req = (headers: Record<string, string>) =>
  ({ headers: { host: 'admin.example.org', ...headers } }) as Request;

describe('isCrossSite', () => {
  it('trusts Fetch Metadata when the browser sends it', () => {
    expect(isCrossSite(req({ 'sec-fetch-site': 'same-origin', origin: 'null' }))).toBe(false);
    expect(isCrossSite(req({ 'sec-fetch-site': 'none' }))).toBe(false);
    expect(isCrossSite(req({ 'sec-fetch-site': 'same-site' }))).toBe(true);
    expect(isCrossSite(req({ 'sec-fetch-site': 'cross-site' }))).toBe(true);
  });

  it('else compares the Origin, and counts an unreadable one as cross-site instead of throwing', () => {
    expect(isCrossSite(req({}))).toBe(false);
    expect(isCrossSite(req({ origin: 'https://admin.example.org' }))).toBe(false);
    expect(isCrossSite(req({ origin: 'https://evil.example' }))).toBe(true);
    for (const origin of ['null', 'http://[::1', 'not a url', '', 'file://']) {
      expect([origin, isCrossSite(req({ origin }))]).toEqual([origin, true]);
    }
  });
});
