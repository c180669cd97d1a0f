import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';

// https://wxt.dev/api/config.html
export default defineConfig({
  // SF_OUT_DIR lets parallel builds (tests, benchmarks) use separate folders.
  outDir: process.env.SF_OUT_DIR ?? '.output',
  // Every name is imported where it is used (issue 14): no ambient auto-imports.
  imports: false,
  modules: ['@wxt-dev/webextension-polyfill'],
  vite: () => ({ plugins: [preact()] }),
  // The sources zip addons.mozilla.org asks for: what is needed to rebuild, not local outputs.
  zip: { excludeSources: ['demo-output/**', 'bench-output/**'] },
  manifest: ({ browser, manifestVersion }) => ({
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'en',
    // storage: settings; alarms: scheduled list updates; contextMenus: "Look up in Source Flags"
    // on selected text. No required host permissions: content scripts are declared in the
    // manifest and the bundled list needs no network.
    permissions: ['storage', 'alarms', 'contextMenus'],
    // Lists added by URL are downloaded by the background: the options page asks for the list's
    // host only (permissions.request on "Add source"). MV2 (Firefox) has no optional_host_permissions
    // key and takes host patterns in optional_permissions.
    ...(manifestVersion === 2
      ? { optional_permissions: ['http://*/*', 'https://*/*'] }
      : { optional_host_permissions: ['http://*/*', 'https://*/*'] }),
    action: { default_title: 'Source Flags' },
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: 'source-flags@example.org',
              // 142: data_collection_permissions (140 on desktop, 142 on Android); the card uses the popover API (125).
              strict_min_version: '142.0',
              // addons.mozilla.org asks every new add-on what it collects: nothing. Page text, lists
              // and settings never leave the browser (README, "Permissions and privacy").
              data_collection_permissions: { required: ['none'] },
            },
          },
        }
      : {}),
  }),
});
