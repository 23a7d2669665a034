// Sanity checks on the built pif.css; exits non-zero on the first failure.
// Usage: node check-css.js path/to/pif.css
"use strict";
const fs = require("fs");
const css = fs.readFileSync(process.argv[2], "utf8");
const fail = (msg) => { console.error(`check-css: ${msg}`); process.exit(1); };

if (!/font-family:arial,sans-serif/i.test(css)) fail("Arial is not the font");
if (/GDS Transport/i.test(css)) fail("mentions GDS Transport");
if (/@font-face/i.test(css)) fail("has an @font-face rule (we use Arial only)");
if (/sourceMappingURL/.test(css)) fail("has a source map comment");

// Every asset URL must be under Django's static path, never govuk's /assets/.
const urls = [...css.matchAll(/url\(\s*["']?([^"')]+)/g)].map((m) => m[1]);
const stray = urls.filter((u) => !u.startsWith("/static/pif/assets/") && !u.startsWith("data:"));
if (stray.length) fail(`asset URLs outside /static/pif/assets/: ${stray.join(", ")}`);
// No crown image (class names such as .govuk-footer__crown are harmless).
if (urls.some((u) => /crest|crown/i.test(u))) fail("references a crown image");

// RAG tags: text/background contrast must be at least 4.5:1 (WCAG 2.2 AA).
const lum = (hex) => {
  const c = hex.replace("#", "");
  const full = c.length === 3 ? [...c].map((x) => x + x).join("") : c;
  const [r, g, b] = [0, 2, 4].map((i) => parseInt(full.slice(i, i + 2), 16) / 255)
    .map((v) => (v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
};
const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
for (const colour of ["red", "amber", "green", "grey"]) {
  const m = css.match(new RegExp(`\\.pif-rag--${colour}\\{color:(#[0-9a-f]+);background-color:(#[0-9a-f]+)`, "i"));
  if (!m) fail(`.pif-rag--${colour} colours not found`);
  const r = ratio(m[1], m[2]);
  if (r < 4.5) fail(`.pif-rag--${colour} contrast ${r.toFixed(2)}:1 is below 4.5:1`);
  console.log(`check-css: .pif-rag--${colour} ${m[1]} on ${m[2]} = ${r.toFixed(2)}:1`);
}
console.log(`check-css: ok (${css.length} bytes, ${urls.length} asset URLs, all under /static/pif/assets/)`);
