import js from '@eslint/js';
import tseslint from 'typescript-eslint';

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
  {
    // Tests build their own fixture markup.
    files: ['tests/**'],
    rules: { 'no-restricted-properties': 'off' },
  },
);
