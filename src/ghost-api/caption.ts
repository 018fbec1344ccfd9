// Ghost keeps a feature image's caption and credit as one HTML string; Copydesk keeps them apart as
// plain text. Pure (no Worker types), so the e2e test of Ghost's client compares with the same rule.
const escapeHtml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** Caption then credit, each escaped, joined by a space; null when there is neither. */
export function captionHtml(caption: string | null, credit: string | null): string | null {
  const parts = [caption?.trim(), credit?.trim()].filter((p): p is string => !!p);
  return parts.length ? parts.map(escapeHtml).join(" ") : null;
}
