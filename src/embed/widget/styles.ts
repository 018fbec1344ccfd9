// The widget's one stylesheet, adopted by every element's shadow root (a constructable stylesheet:
// no <style> element, no style attribute, so a host page's CSP needs no style-src for it).
//
// Theming from the host page, on the element or any ancestor (custom properties inherit into the
// shadow tree):
//   --copydesk-font        font shorthand            default: inherit (the host page's font)
//   --copydesk-text        text colour               default: #1b1b1b light, #ececec dark
//   --copydesk-muted       dek, byline, time, credit default: #555 light, #b4b4b4 dark
//   --copydesk-link        headline links            default: #0b57d0 light, #8ab4f8 dark
//   --copydesk-background  the widget's background   default: #fff light, #16181b dark
//   --copydesk-border      lines between stories     default: #ddd light, #3a3d42 dark
//   --copydesk-gap         spacing unit              default: 0.75rem
//   --copydesk-radius      image and box corners     default: 6px
// Light or dark follows the reader's `prefers-color-scheme` unless the `theme` attribute says
// `light` or `dark`. Only logical properties (inline/block), so right-to-left items mirror.
// Single parts can be styled with ::part(list|item|figure|image|credit|link|dek|meta|byline|time).
export const CSS = `:host{display:block;container-type:inline-size;--t:#1b1b1b;--m:#555;--l:#0b57d0;--b:#fff;--r:#ddd;--g:var(--copydesk-gap,.75rem);font:var(--copydesk-font,inherit);color:var(--copydesk-text,var(--t));background:var(--copydesk-background,var(--b));border-radius:var(--copydesk-radius,6px);line-height:1.4}
:host([theme=dark]){--t:#ececec;--m:#b4b4b4;--l:#8ab4f8;--b:#16181b;--r:#3a3d42;color-scheme:dark}
@media(prefers-color-scheme:dark){:host(:not([theme=light])){--t:#ececec;--m:#b4b4b4;--l:#8ab4f8;--b:#16181b;--r:#3a3d42;color-scheme:dark}}
:host([hidden]){display:none}
ul{list-style:none;margin:0;padding:0 var(--g)}
li{display:flow-root;padding-block:var(--g);text-align:start}
li+li{border-block-start:1px solid var(--copydesk-border,var(--r))}
a{color:var(--copydesk-link,var(--l));font-weight:600;font-size:1.05em;text-decoration:none}
a:hover,a:focus-visible{text-decoration:underline}
a:focus-visible{outline:2px solid currentColor;outline-offset:2px}
p{margin:.25em 0 0}
[part=meta],figcaption{color:var(--copydesk-muted,var(--m));font-size:.85em}
time:not(:first-child){margin-inline-start:.5em}
[part=byline],time{unicode-bidi:isolate}
figure{margin:0 0 .5em}
img{display:block;inline-size:100%;block-size:auto;border-radius:var(--copydesk-radius,6px);background:var(--copydesk-border,var(--r))}
figcaption{margin-block-start:.25em}
@container(min-inline-size:30rem){figure{float:inline-start;inline-size:35%;margin-inline-end:var(--g)}}`;
