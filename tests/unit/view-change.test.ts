// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { viewAction, viewChanged, type FrameShown } from '../../utils/view-change';
import { DEFAULT_SETTINGS, frameView } from '../../utils/settings';
import type { FrameViewResponse } from '../../utils/messages';

const view = frameView(DEFAULT_SETTINGS, ['news.example']);
const shown = (over: Partial<FrameShown> = {}): FrameShown => ({
  view,
  appliesToYou: new Set(['tiktok']),
  dismissed: { site: [], sentences: [] },
  scanning: true,
  ...over,
});
const next = (over: Partial<FrameViewResponse> = {}): FrameViewResponse => ({
  revision: 1,
  view,
  appliesToYou: ['tiktok'],
  dismissed: { site: [], sentences: [] },
  ...over,
});

describe('what a frame does when its view arrives again', () => {
  it('stops when switched off or paused here, whatever else changed', () => {
    expect(viewAction(shown(), next({ view: { ...view, active: false } }))).toBe('stop');
    expect(viewAction(shown({ scanning: false }), next({ view: { ...view, active: false, pageCap: 3 } }))).toBe('stop');
  });

  it('starts when it was off here and is on now', () => {
    expect(viewAction(shown({ scanning: false }), next())).toBe('start');
  });

  it('keeps the badges when nothing a badge shows changed (the switch alone is not a change)', () => {
    expect(viewAction(shown(), next())).toBe('keep');
    expect(viewChanged(shown({ view: { ...view, active: false } }), next())).toBe(false);
  });

  it.each<[string, Partial<FrameViewResponse>]>([
    ['badge style', { view: { ...view, badgeStyle: 'compact' } }],
    ['density', { view: { ...view, density: 'every' } }],
    ['page cap', { view: { ...view, pageCap: 5 } }],
    ['kinds shown', { view: { ...view, showApps: false } }],
    ['verdicts shown', { view: { ...view, verdicts: ['false'] } }],
    ['"Where I am" marks another app', { appliesToYou: ['deepseek'] }],
    ['"Where I am" marks one more app', { appliesToYou: ['tiktok', 'deepseek'] }],
    ['a claim hidden on this site', { dismissed: { site: ['c1'], sentences: [] } }],
    ['a claim hidden in a sentence', { dismissed: { site: [], sentences: ['c1\u0000it is so'] } }],
  ])('scans again when the %s changed', (_what, over) => {
    expect(viewAction(shown(), next(over))).toBe('rescan');
  });
});
