import { createBadge } from '../../../components/badge';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { PlacedBadges } from '../../../utils/dom/badge-placement';
import { BlockMentions, type MentionChanges } from '../../../utils/dom/block-mentions';
import { FlagReporter, flagSummaries, newScanStats } from '../../../utils/dom/scan-report';
import { collectBlocks, OWN_ATTR } from '../../../utils/dom/text-blocks';
import type { FlagSummary } from '../../../utils/messages';
import { DEFAULT_SETTINGS, type Settings } from '../../../utils/settings';
import { defaultMatcher } from '../default-index';

const badgeIds = () => [...document.querySelectorAll(`[${OWN_ATTR}]`)].map((b) => b.getAttribute('data-flag-id'));

function make(settings: Partial<Settings> = {}, dryRun = false) {
  const hidden: Element[] = [];
  const changes: MentionChanges = { hiddenMention: (el) => hidden.push(el), own: (fn) => fn() };
  const stats = newScanStats();
  const badges = new PlacedBadges();
  const opts = { loadDetails: () => Promise.resolve(null), makeBadge: createBadge, dryRun };
  const mentions = new BlockMentions(
    defaultMatcher,
    { ...DEFAULT_SETTINGS, ...settings },
    opts,
    badges,
    changes,
    stats,
  );
  const scan = () => {
    for (const block of collectBlocks(document, [], { styleCheck: false }))
      mentions.scanBlock(block, defaultMatcher.scan(block.text));
    mentions.commit();
  };
  return { mentions, stats, hidden, badges, scan };
}

beforeEach(() => document.body.replaceChildren());

describe('BlockMentions', () => {
  const twoParagraphs = '<p>TikTok here, TikTok again, and DeepSeek.</p><p>TikTok once more, DeepSeek too.</p>';

  it('chooses by density and inserts only on commit', () => {
    document.body.innerHTML = twoParagraphs; // test fixture markup only
    const { mentions, stats } = make();
    for (const block of collectBlocks(document, [], { styleCheck: false }))
      mentions.scanBlock(block, defaultMatcher.scan(block.text));
    expect(badgeIds()).toEqual([]);
    mentions.commit();
    expect(badgeIds()).toEqual(['tiktok', 'deepseek', 'tiktok', 'deepseek']);
    expect(stats).toMatchObject({ blocks: 2, mentions: 5, inserted: 4 });
    expect(mentions.memory.inserted).toBe(4);
  });

  it('does not badge a mention twice when the same blocks are scanned again', () => {
    document.body.innerHTML = twoParagraphs; // test fixture markup only
    const { scan, stats } = make({ density: 'every' });
    scan();
    scan();
    expect(badgeIds()).toHaveLength(5);
    expect(stats.inserted).toBe(5);
  });

  it('keeps to the page cap and the settings', () => {
    document.body.innerHTML = twoParagraphs; // test fixture markup only
    make({ density: 'every', pageCap: 2 }).scan();
    expect(badgeIds()).toHaveLength(2);
    document.body.innerHTML = twoParagraphs; // test fixture markup only
    make({ showApps: false }).scan();
    expect(badgeIds()).toEqual([]);
  });

  it('past the page cap, checks only what the popup still lists: possible matches and mentions badged before', () => {
    // test fixture markup only
    document.body.innerHTML = '<p>TikTok</p><p style="display:none">DeepSeek</p><p>DeepSeek</p><p>Lemon8</p>';
    const { mentions, hidden, stats } = make({ pageCap: 1 });
    const blocks = collectBlocks(document, [], { styleCheck: false });
    const scan = () => {
      for (const block of blocks) {
        const found = defaultMatcher.scan(block.text);
        // A lower-confidence match is listed in the popup, never badged.
        mentions.scanBlock(
          block,
          block.text === 'Lemon8' ? found.map((m) => ({ ...m, tier: 'possible' as const })) : found,
        );
      }
      mentions.commit();
    };
    scan();
    expect(badgeIds()).toEqual(['tiktok']);
    expect([...mentions.memory.found.keys()]).toEqual(['tiktok']);
    expect([...mentions.memory.possible.keys()]).toEqual(['lemon8']);
    // The hidden DeepSeek could not get a badge: it is not watched for a reveal either, and the
    // visible one is not checked at all.
    expect(hidden).toEqual([]);
    expect(stats.mentions).toBe(2);
    // A rescan still counts the badged mention as found.
    scan();
    expect(badgeIds()).toEqual(['tiktok']);
    expect(mentions.memory.found.get('tiktok')?.sigs.size).toBe(1);
    expect(stats.mentions).toBe(4);
  });

  it('drops the mentions of a block the page changed after it was read', () => {
    document.body.innerHTML = twoParagraphs; // test fixture markup only
    const { mentions, stats } = make();
    const blocks = collectBlocks(document, [], { styleCheck: false });
    const found = blocks.map((b) => defaultMatcher.scan(b.text));
    // The page rewrites the first paragraph while the background reads it.
    document.querySelector('p')!.firstChild!.textContent = 'Nothing to see here, nothing at all, and no one.';
    blocks.forEach((b, i) => mentions.scanBlock(b, found[i]!));
    mentions.commit();
    expect(badgeIds()).toEqual(['tiktok', 'deepseek']);
    expect(stats.mentions).toBe(2);
  });

  it('remembers where mentions were hidden by style, and a dry run inserts nothing', () => {
    document.body.innerHTML = '<p style="display:none">TikTok</p><p>DeepSeek</p>'; // test fixture markup only
    const { scan, hidden } = make();
    scan();
    expect(badgeIds()).toEqual(['deepseek']);
    expect(hidden.map((el) => el.textContent)).toEqual(['TikTok']);
    document.body.innerHTML = twoParagraphs; // test fixture markup only
    const dry = make({}, true);
    dry.scan();
    expect(badgeIds()).toEqual([]);
    expect(dry.mentions.memory.chosenInDryRun).toBe(4);
  });
});

describe('scan reports', () => {
  it('summarises found flags and skips unchanged reports unless forced or forgotten', () => {
    document.body.innerHTML = '<p>TikTok here, TikTok again, and DeepSeek.</p>'; // test fixture markup only
    const { scan, mentions } = make({ density: 'every' });
    scan();
    const flags = flagSummaries(mentions.memory.found, defaultMatcher.entries);
    expect(flags.map((f) => [f.id, f.kind, f.count])).toEqual([
      ['tiktok', 'app', 2],
      ['deepseek', 'app', 1],
    ]);
    const onFlags = vi.fn<(flags: FlagSummary[], scanned: boolean) => void>();
    const reporter = new FlagReporter(onFlags);
    reporter.checking();
    reporter.report(flags, false);
    reporter.report(flags, false);
    reporter.report(flags, true);
    reporter.forget();
    reporter.report(flags, false);
    expect(onFlags.mock.calls.map((c) => c[1])).toEqual([false, true, true, true]);
    expect(onFlags.mock.calls[0]![0]).toEqual([]);
  });
});
