import { describe, expect, it } from 'vitest';
import { claimReviewBlocks, offerClaimReviews } from '../../../utils/learn';
import { parseRequest } from '../../../utils/messages';

function page(scripts: { type: string; text: string }[]): Document {
  const doc = document.implementation.createHTMLDocument('t');
  for (const s of scripts) {
    const el = doc.createElement('script');
    el.setAttribute('type', s.type);
    el.textContent = s.text;
    doc.head.append(el);
  }
  return doc;
}

describe('claimReviewBlocks', () => {
  it('reads the text of JSON-LD scripts that mention ClaimReview, and nothing else', () => {
    const review = '{"@type":"ClaimReview","claimReviewed":"x"}';
    const doc = page([
      { type: 'application/ld+json', text: review },
      { type: 'Application/LD+JSON; charset=utf-8', text: '[{"@type":"claimreview"}]' },
      { type: 'application/ld+json', text: '{"@type":"NewsArticle"}' },
      { type: 'text/javascript', text: 'var ClaimReview = 1' },
      { type: 'application/json', text: '{"@type":"ClaimReview"}' },
    ]);
    expect(claimReviewBlocks(doc)).toEqual([review, '[{"@type":"claimreview"}]']);
  });

  it('stays within the message limits, so the background accepts what it sends', () => {
    const big = `{"@type":"ClaimReview","x":"${'a'.repeat(600_000)}"}`;
    const doc = page(Array.from({ length: 30 }, () => ({ type: 'application/ld+json', text: big })));
    const blocks = claimReviewBlocks(doc);
    expect(blocks.length).toBe(3);
    expect(parseRequest({ type: 'learnClaimReviews', blocks })).not.toBeNull();
  });

  it('sends only when there is something to offer', async () => {
    const sent: unknown[] = [];
    const send = async (m: unknown) => void sent.push(m);
    offerClaimReviews(page([]), send);
    offerClaimReviews(page([{ type: 'application/ld+json', text: '{"@type":"ClaimReview"}' }]), send);
    expect(sent).toEqual([{ type: 'learnClaimReviews', blocks: ['{"@type":"ClaimReview"}'] }]);
  });
});
