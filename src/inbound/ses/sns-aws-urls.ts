/**
 * SNS serves signing certificates and subscription endpoints only from `sns.<region>.amazonaws.com`
 * (`.com.cn` in China). Matching the parsed hostname exactly, rather than the raw string, is what
 * defeats `sns.us-east-1.amazonaws.com.evil.com`, `...amazonaws.com@evil.com` and friends.
 */
const SNS_HOST = /^sns\.[a-z]{2}(?:-[a-z]+)+-\d+\.amazonaws\.com(?:\.cn)?$/;

/** Returns the parsed URL when it is https on an SNS host with no userinfo or explicit port, else null. */
export function parseAwsSnsUrl(raw: string): URL | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:') return null;
  if (url.username !== '' || url.password !== '') return null;
  // WHATWG URL drops the default :443, so any remaining port is a non-standard one.
  if (url.port !== '') return null;
  if (!SNS_HOST.test(url.hostname)) return null;
  return url;
}

/** Certificate paths look like `/SimpleNotificationService-<hash>.pem`; anything else is not a cert. */
export function parseSnsSigningCertUrl(raw: string): URL | null {
  const url = parseAwsSnsUrl(raw);
  if (!url || url.search !== '' || url.hash !== '') return null;
  return /^\/SimpleNotificationService-[A-Za-z0-9]+\.pem$/.test(url.pathname) ? url : null;
}
