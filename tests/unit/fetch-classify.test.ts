import { describeStorageError, isQuotaError } from '../../utils/storage-errors';
import { describe, expect, it } from 'vitest';
import { charsetOf, classifyResponse, FETCH_ERRORS, mediaType } from '../../utils/fetch-classify';

describe('classifyResponse', () => {
  it.each<[number, string | null, string]>([
    [200, 'application/json', 'body'],
    [200, 'application/ld+json; charset=utf-8', 'body'],
    [200, 'application/vnd.api+json', 'body'],
    [200, 'text/json', 'body'],
    [200, 'text/html; charset=UTF-8', 'body'],
    [200, 'application/xhtml+xml', 'body'],
    [200, 'text/plain', 'body'],
    [200, 'application/octet-stream', 'body'],
    [200, null, 'body'],
    [203, 'application/json', 'body'],
    [304, null, 'not-modified'],
    [304, 'text/html', 'not-modified'],
  ])('%i %s → %s', (status, type, kind) => {
    expect(classifyResponse(status, type).kind).toBe(kind);
  });

  it.each<[number, string | null, RegExp]>([
    [200, 'image/png', /an image \(image\/png\)/],
    [200, 'video/mp4', /a video/],
    [200, 'application/pdf', /a PDF document/],
    [200, 'application/zip', /an archive/],
    [200, 'application/rss+xml', /XML \(perhaps an RSS feed\)/],
    [200, 'text/xml', /XML/],
    [200, 'text/css', /a style sheet/],
    [200, 'text/javascript', /a script/],
    [200, 'application/x-whatever', /unsupported type/],
    [204, null, /empty answer \(HTTP 204 No Content\)/],
    [301, null, /redirect that could not be followed \(HTTP 301\)/],
    [400, null, /HTTP 400 Bad Request/],
    [401, null, /refused access to the list \(HTTP 401 Unauthorized\)/],
    [403, null, /refused access.*HTTP 403 Forbidden/],
    [404, null, /No list at this address \(HTTP 404 Not Found\)/],
    [410, null, /removed from this address \(HTTP 410 Gone\)/],
    [429, null, /slow down \(HTTP 429 Too Many Requests\)/],
    [500, null, /server had a problem \(HTTP 500 Internal Server Error\)/],
    [502, null, /HTTP 502 Bad Gateway/],
    [599, null, /HTTP 599\)/],
  ])('%i %s is an error in plain words', (status, type, message) => {
    const v = classifyResponse(status, type);
    expect(v.kind).toBe('error');
    expect(v.kind === 'error' && v.error).toMatch(message);
  });
});

describe('content type parts', () => {
  it.each([
    ['Application/JSON; charset=ISO-8859-1', 'application/json', 'iso-8859-1'],
    ['text/html;charset="utf-8"', 'text/html', 'utf-8'],
    ['', '', undefined],
    [null, '', undefined],
  ])('%s', (raw, type, charset) => {
    expect(mediaType(raw)).toBe(type);
    expect(charsetOf(raw)).toBe(charset);
  });
});

describe('storage errors', () => {
  it.each<[unknown, boolean]>([
    [new DOMException('x', 'QuotaExceededError'), true],
    [{ name: 'Error', code: 22 }, true],
    [new Error('Quota exceeded for origin'), true],
    [new Error('wrapped', { cause: new DOMException('x', 'QuotaExceededError') }), true],
    [new DOMException('x', 'AbortError'), false],
    [new Error('DataCloneError'), false],
    ['quota', false],
    [null, false],
  ])('%s → quota %s', (e, quota) => {
    expect(isQuotaError(e)).toBe(quota);
    expect(describeStorageError(e) === FETCH_ERRORS.quota).toBe(quota);
  });

  it('says "Not enough storage space" for quota errors', () => {
    expect(describeStorageError(new DOMException('x', 'QuotaExceededError'))).toMatch(/^Not enough storage space/);
  });
});
