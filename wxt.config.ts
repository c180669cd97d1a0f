import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';

// https://wxt.dev/api/config.html
export default defineConfig({
  // SF_OUT_DIR lets parallel builds (tests, benchmarks) use separate folders.
  outDir: process.env.SF_OUT_DIR ?? '.output',
  modules: ['@wxt-dev/webextension-polyfill'],
  vite: () => ({ plugins: [preact()] }),
  manifest: ({ browser }) => ({
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'en',
    // storage: settings; alarms: scheduled list updates. No host permissions: content
    // scripts are declared in the manifest and the bundled list needs no network.
    permissions: ['storage', 'alarms'],
    action: { default_title: 'Source Flags' },
    ...(browser === 'firefox'
      ? { browser_specific_settings: { gecko: { id: 'source-flags@example.org', strict_min_version: '115.0' } } }
      : {}),
  }),
});
