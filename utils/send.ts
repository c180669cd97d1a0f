/** Typed wrapper over runtime.sendMessage for extension pages and content scripts. */
import { browser } from 'wxt/browser';
import type { Request, ResponseOf } from './messages';

export function send<R extends Request>(request: R): Promise<ResponseOf<R>> {
  return browser.runtime.sendMessage(request) as Promise<ResponseOf<R>>;
}
