// Run in the page by tests/web/test_layout.py: what is wrong with this page's layout.
// Returns a list of problems (empty when all is well).
const problems = [];
const doc = document.documentElement;
if (doc.scrollWidth > Math.min(window.innerWidth, screen.width)) {
  problems.push(`page is ${doc.scrollWidth} px wide on a ${screen.width} px screen`);
}
if (document.querySelectorAll("h1").length !== 1) problems.push("not exactly one h1");
if (!doc.lang) problems.push("no lang");
const shown = (el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== "hidden";
const name = (el) => `${el.tagName.toLowerCase()}#${el.id}.${el.className} "${(el.textContent || el.value || "").trim().slice(0, 30)}"`;
for (const el of document.querySelectorAll("a[href], button, input, select, textarea, summary")) {
  if (el.type === "hidden" || !shown(el)) continue;
  // A radio button's target is its whole label.
  const target = (el.type === "radio" || el.type === "checkbox") ? el.closest("label") : el;
  const r = target.getBoundingClientRect();
  if (r.width < 44 || r.height < 44) problems.push(`target ${Math.round(r.width)}x${Math.round(r.height)}: ${name(target)}`);
  if (["INPUT", "SELECT", "TEXTAREA"].includes(el.tagName) && el.type !== "submit" && el.labels.length === 0 && !el.getAttribute("aria-label")) {
    problems.push(`no label: ${name(el)}`);
  }
}
function rgb(text) {
  const m = text.match(/rgba?\(([^)]+)\)/);
  if (!m) return null;
  const parts = m[1].split(",").map(Number);
  return parts.length === 4 ? parts : [...parts, 1];
}
function luminance([r, g, b]) {
  const c = [r, g, b].map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
  return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
}
function background(el) {
  for (let e = el; e; e = e.parentElement) {
    const c = rgb(getComputedStyle(e).backgroundColor);
    if (c && c[3] > 0.99) return c;
  }
  return [255, 255, 255, 1];
}
for (const el of document.querySelectorAll("body *")) {
  if (!shown(el) || el.closest("svg")) continue;
  const text = Array.from(el.childNodes).some((n) => n.nodeType === 3 && n.textContent.trim());
  if (!text) continue;
  const style = getComputedStyle(el);
  const fg = rgb(style.color), bg = background(el);
  const [a, b] = [luminance(fg), luminance(bg)].sort((x, y) => y - x);
  const ratio = (a + 0.05) / (b + 0.05);
  const size = parseFloat(style.fontSize), bold = parseInt(style.fontWeight, 10) >= 700;
  const large = size >= 24 || (bold && size >= 18.66);
  if (ratio < (large ? 3 : 4.5)) problems.push(`contrast ${ratio.toFixed(2)}: ${name(el)}`);
}
return problems;
