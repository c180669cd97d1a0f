/**
 * Styles of badges and cards. Injected into each badge's shadow root (so page CSS cannot reach
 * them) and into the popup. Colours carry their own background, so they read on light and dark pages.
 */
export const CARD_CSS = `
.sf-card { font: 13px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "PingFang SC", "Microsoft YaHei", sans-serif;
  color: #1d2433; background: #ffffff; text-align: left; letter-spacing: normal; word-spacing: normal; text-transform: none; }
.sf-card header { display: flex; flex-direction: column; gap: 6px; margin-bottom: 8px; }
.sf-card h2 { font-size: 15px; line-height: 1.3; margin: 0; font-weight: 650; }
.sf-card h3 { font-size: 12px; margin: 10px 0 4px; text-transform: uppercase; letter-spacing: .04em; color: #5b6478; }
.sf-card p { margin: 6px 0; }
.sf-card dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 10px; margin: 6px 0; }
.sf-card dt { color: #5b6478; }
.sf-card dd { margin: 0; }
.sf-card a { color: #0b57d0; text-decoration: underline; }
.sf-card a:focus-visible { outline: 2px solid #0b57d0; outline-offset: 1px; }
.sf-card footer { margin-top: 8px; font-size: 12px; }
.sf-muted { color: #5b6478; font-size: 12px; }
.sf-caveat { background: #fff4d6; color: #5c3b00; border-left: 3px solid #d99a00; padding: 4px 8px; margin: 6px 0; }
.sf-card mark { background: #fde68a; color: inherit; border-radius: 2px; padding: 0 1px; }
.sf-why { border-top: 1px solid #d8dce6; border-bottom: 1px solid #d8dce6; margin: 6px 0; padding: 2px 0; }
.sf-dismiss button { font: inherit; font-size: 12px; padding: 1px 8px; margin: 2px 0; border: 1px solid #98a2b3;
  border-radius: 6px; background: #f2f4f7; color: #1d2433; cursor: pointer; }
.sf-dismiss button:focus-visible { outline: 2px solid #0b57d0; outline-offset: 1px; }
.sf-chip { align-self: flex-start; font-size: 12px; font-weight: 650; padding: 1px 8px; border-radius: 999px; color: #fff; }
.sf-chips { display: flex; gap: 6px; flex-wrap: wrap; }
.sf-applies { background: #b54708; }
.sf-applies-note { font-size: 11px; font-weight: 700; color: #b54708; }
.sf-mine th, .sf-mine td { background: rgba(181, 71, 8, .08); }
.sf-links { margin: 0; padding-left: 18px; }
.sf-links-compact { padding: 0; list-style: none; }
.sf-restrictions { border-collapse: collapse; width: 100%; font-size: 12px; }
.sf-restrictions caption { text-align: left; font-weight: 650; margin: 6px 0 4px; }
.sf-restrictions th, .sf-restrictions td { border-top: 1px solid #d8dce6; padding: 4px; vertical-align: top; text-align: left; }
.sf-restrictions thead th { color: #5b6478; font-weight: 600; }
.sf-status-lifted td, .sf-status-lifted th { color: #5b6478; }
.sf-tone-refuted.sf-chip, .sf-badge.sf-tone-refuted { background: #b42318; }
.sf-tone-denied.sf-chip, .sf-badge.sf-tone-denied { background: #c4320a; }
.sf-tone-misleading.sf-chip, .sf-badge.sf-tone-misleading { background: #93370d; }
.sf-tone-unproven.sf-chip, .sf-badge.sf-tone-unproven { background: #475467; }
.sf-tone-true.sf-chip, .sf-badge.sf-tone-true { background: #067647; }
.sf-tone-restricted.sf-chip, .sf-badge.sf-tone-restricted { background: #5925dc; }
.sf-tone-proposed.sf-chip, .sf-badge.sf-tone-proposed { background: #6941c6; }
.sf-tone-lifted.sf-chip, .sf-badge.sf-tone-lifted { background: #475467; }
@media (prefers-color-scheme: dark) {
  .sf-card { color: #e6e9f0; background: #1d2130; }
  .sf-card h3, .sf-card dt, .sf-muted, .sf-restrictions thead th { color: #a4acbf; }
  .sf-card a { color: #8ab4f8; }
  .sf-restrictions th, .sf-restrictions td { border-top-color: #394056; }
  .sf-caveat { background: #3d2e00; color: #ffe7a3; }
  .sf-status-lifted td, .sf-status-lifted th { color: #a4acbf; }
  .sf-applies-note { color: #fdb022; }
  .sf-card mark { background: #7a5c00; }
  .sf-why { border-color: #394056; }
  .sf-dismiss button { background: #2a3042; color: #e6e9f0; border-color: #667085; }
}
`;

export const BADGE_CSS = `
:host { all: initial !important; display: inline !important; visibility: inherit !important;
  writing-mode: inherit !important; -webkit-user-select: none !important; user-select: none !important; }
.sf-badge { all: initial; display: inline-block; box-sizing: border-box; margin: 0 0 0 .25em; padding: 0 .5em;
  font: 600 11px/16px system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif; color: #fff;
  border-radius: 8px; cursor: pointer; vertical-align: baseline; white-space: nowrap; border: 1px solid rgba(255,255,255,.55);
  box-shadow: 0 0 0 1px rgba(0,0,0,.25); max-width: 22em; overflow: hidden; text-overflow: ellipsis;
  -webkit-user-select: none; user-select: none; }
.sf-badge-compact { padding: 0; width: 16px; text-align: center; }
.sf-badge-mine { box-shadow: 0 0 0 2px #f79009; }
.sf-badge:focus-visible { outline: 2px solid #0b57d0; outline-offset: 2px; }
.sf-popover { position: fixed; z-index: 2147483647; width: min(440px, calc(100vw - 16px)); max-height: min(480px, calc(100vh - 16px));
  overflow: auto; border-radius: 10px; box-shadow: 0 8px 30px rgba(0,0,0,.3); border: 1px solid #c5cad6;
  inset: auto; margin: 0; padding: 0; height: auto; background: transparent; color: inherit;
  writing-mode: horizontal-tb; -webkit-user-select: text; user-select: text; }
.sf-popover .sf-card { padding: 12px 14px; }
.sf-popover[hidden] { display: none; }
.sf-loading { padding: 12px; font: 13px system-ui, sans-serif; background: #fff; color: #1d2433; }
`;
