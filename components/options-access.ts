/**
 * Host access for lists added by URL. `permissions.request` must run inside the click (a user
 * gesture; Firefox requires it synchronously), so callers start it first and never wait for it
 * before talking to the background: the browser resolves at once when access is already granted,
 * and otherwise shows its prompt while the download is attempted.
 */
import { browser } from 'wxt/browser';
import { originPattern } from '~/utils/source-url';

export function requestHostAccess(urls: readonly string[]): Promise<boolean> {
  const origins = [...new Set(urls.map(originPattern).filter((o): o is string => !!o))];
  if (!origins.length) return Promise.resolve(true);
  try {
    return browser.permissions.request({ origins }).catch(() => false);
  } catch {
    return Promise.resolve(false);
  }
}
