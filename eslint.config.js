import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** utils is below components: views import utils, never the other way round. */
const NO_COMPONENTS = {
  group: ['**/components', '**/components/*', '~/components/*'],
  message: 'utils never imports components.',
};

export default tseslint.config(
  { ignores: ['.output/**', '.wxt/**', 'node_modules/**', 'demo-output/**', 'bench-output/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      // Feed text must be rendered as text: these sinks are never needed here.
      'no-restricted-properties': [
        'error',
        { property: 'innerHTML', message: 'Render feed and page text with textContent.' },
        { property: 'outerHTML', message: 'Render feed and page text with textContent.' },
        { property: 'insertAdjacentHTML', message: 'Render feed and page text with textContent.' },
      ],
      // Character classes of invisible and combining code points are deliberate here (normalisation, sanitising).
      'no-misleading-character-class': 'off',
      'no-control-regex': 'off',
      'no-eval': 'error',
      'no-implied-eval': 'error',
      'no-new-func': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  // ---- Layers (see README, Architecture) -----------------------------------------------------------
  {
    // The pure core is shared by the extension, the scan CLI, the precision scripts and the
    // benchmarks: it imports only itself, and touches no browser API and no DOM. Its one package
    // is valibot, in which the feed format is defined (utils/feed/schema.ts): it runs anywhere.
    files: ['utils/match/**', 'utils/feed/**', 'utils/steps.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['../*', '!../steps', '!../feed', '!../feed/*', '!../match', '!../match/*'],
              message: 'utils/match and utils/feed are the pure core: they import only each other and utils/steps.',
            },
            {
              // Any import that is not a relative path: packages (wxt, idb, preact…), Node's
              // modules and the `~/` and `@/` aliases; valibot alone is allowed.
              regex: '^(?!\\.)(?!valibot$)',
              message: 'The pure core uses no package but valibot: no extension, browser, storage or UI library.',
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        ...['window', 'document', 'navigator', 'chrome', 'browser', 'indexedDB', 'localStorage', 'sessionStorage'].map(
          (name) => ({ name, message: 'The pure core touches no browser API and no DOM.' }),
        ),
        ...['fetch', 'HTMLElement', 'Element', 'Node', 'Text', 'MutationObserver', 'getComputedStyle'].map((name) => ({
          name,
          message: 'The pure core touches no browser API and no DOM.',
        })),
      ],
    },
  },
  {
    // utils is below components: views import utils, never the other way round.
    files: ['utils/**'],
    ignores: ['utils/match/**', 'utils/feed/**', 'utils/steps.ts', 'utils/messages.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [NO_COMPONENTS],
        },
      ],
    },
  },
  {
    // The message protocol is what the background answers; it does not depend on how.
    files: ['utils/messages.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            NO_COMPONENTS,
            {
              group: ['./background/*', '**/background/*'],
              message: 'The protocol does not import from utils/background.',
            },
          ],
        },
      ],
    },
  },
  {
    // Tests build their own fixture markup.
    files: ['tests/**'],
    rules: { 'no-restricted-properties': 'off' },
  },
);
