// @vitest-environment node
/**
 * The layers are enforced by ESLint (eslint.config.js), not by a comment: each deliberate
 * violation below must be reported, and the same code in a place where it is allowed must not.
 */
import { describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import { ESLint } from 'eslint';

const eslint = new ESLint({ cwd: resolve(import.meta.dirname, '..', '..') });

/** Rule ids ESLint reports for `code` as if it were the file at `path` (the file need not exist). */
async function rulesHit(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: resolve(import.meta.dirname, '..', '..', path) });
  return result!.messages.map((m) => m.ruleId ?? 'fatal');
}

describe('layers, enforced by lint', () => {
  it.each([
    ['utils/match/x.ts', "import { browser } from 'wxt/browser';\nexport const b = browser;\n"],
    ['utils/feed/x.ts', "import { openDB } from 'idb';\nexport const o = openDB;\n"],
    ['utils/match/x.ts', "import { send } from '../send';\nexport const s = send;\n"],
    ['utils/feed/x.ts', "import type { Library } from '../background/library';\nexport type L = Library;\n"],
    ['utils/match/x.ts', "import { h } from 'preact';\nexport const v = h;\n"],
    ['utils/feed/x.ts', "import { send } from '~/utils/send';\nexport const s = send;\n"],
    ['utils/feed/x.ts', "import { readFileSync } from 'node:fs';\nexport const r = readFileSync;\n"],
    ['utils/feed/x.ts', "import { z } from 'zod';\nexport const s = z;\n"],
    ['utils/feed/x.ts', "import { pipe } from 'valibot/dist/index.js';\nexport const p = pipe;\n"],
  ])('the pure core may not import it: %s %j', async (path, code) => {
    expect(await rulesHit(path, code)).toContain('no-restricted-imports');
  });

  it('the pure core may not touch the DOM or browser APIs', async () => {
    expect(await rulesHit('utils/match/x.ts', 'export const t = () => document.title;\n')).toContain(
      'no-restricted-globals',
    );
    expect(await rulesHit('utils/feed/x.ts', "export const f = () => fetch('https://example.org');\n")).toContain(
      'no-restricted-globals',
    );
  });

  it('utils never imports components, and the protocol not the background', async () => {
    const view = "import { EntryCard } from '../../components/EntryCard';\nexport const c = EntryCard;\n";
    expect(await rulesHit('utils/dom/x.ts', view)).toContain('no-restricted-imports');
    const updater = "import type { UpdateOutcome } from './background/sources';\nexport type U = UpdateOutcome;\n";
    expect(await rulesHit('utils/messages.ts', updater)).toContain('no-restricted-imports');
  });

  it('allows the same imports where the layers permit them', async () => {
    expect(
      await rulesHit('utils/match/x.ts', "import { nextTask } from '../steps';\nexport const n = nextTask;\n"),
    ).toEqual([]);
    expect(
      await rulesHit('utils/match/x.ts', "import type { Entry } from '../feed/types';\nexport type E = Entry;\n"),
    ).toEqual([]);
    // The feed format is defined with valibot, the one package the pure core may use.
    expect(await rulesHit('utils/feed/x.ts', "import * as v from 'valibot';\nexport const s = v.string();\n")).toEqual(
      [],
    );
    expect(
      await rulesHit('utils/match/x.ts', "import { string } from 'valibot';\nexport const s = string();\n"),
    ).toEqual([]);
    expect(await rulesHit('utils/dom/x.ts', "import { send } from '../send';\nexport const s = send;\n")).toEqual([]);
    expect(
      await rulesHit('components/x.ts', "import { send } from '../utils/send';\nexport const s = send;\n"),
    ).toEqual([]);
  });
});
