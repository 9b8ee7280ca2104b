// End-to-end tests of the web page: list, search, story, citation highlight, phone layout,
// reading without script, and untrusted markup shown as text. Screenshots go to $ARTIFACTS.
// Usage: BASE=http://127.0.0.1:PORT ARTIFACTS=dir node test.mjs
import { chromium } from "playwright-core";
import { mkdirSync } from "node:fs";

const BASE = process.env.BASE;
const ARTIFACTS = process.env.ARTIFACTS || "artifacts";
mkdirSync(ARTIFACTS, { recursive: true });

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  args: [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
  ],
});

let passed = 0;
let failed = 0;
const dialogs = [];
const foreign = [];

function check(cond, what) {
  if (!cond) throw new Error(what);
}

async function newPage(options = {}) {
  const ctx = await browser.newContext(options);
  const page = await ctx.newPage();
  page.on("dialog", (d) => { dialogs.push(d.message()); d.dismiss().catch(() => {}); });
  // Nothing may be fetched from anywhere but the server itself.
  page.on("request", (r) => { if (!r.url().startsWith(BASE) && !r.url().startsWith("data:")) foreign.push(r.url()); });
  return page;
}

async function test(name, fn) {
  try {
    await fn();
    passed++;
    console.log(`ok   ${name}`);
  } catch (e) {
    failed++;
    console.log(`FAIL ${name}: ${e.message}`);
  }
}

const laptop = { viewport: { width: 1280, height: 800 } };
const phone = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };
let storyUrl = null;

await test("the list page shows stories", async () => {
  const page = await newPage(laptop);
  await page.goto(BASE + "/");
  check((await page.locator("h1").first().textContent()).includes("Stories"), "no Stories heading");
  const n = await page.locator("ul.stories li").count();
  check(n >= 1, `expected stories, got ${n}`);
  await page.screenshot({ path: `${ARTIFACTS}/list.png`, fullPage: true });
  await page.context().close();
});

await test("search finds the story, its articles and claims", async () => {
  const page = await newPage(laptop);
  await page.goto(BASE + "/");
  await page.fill("#q", "Peskov optimism");
  await page.press("#q", "Enter");
  await page.waitForURL(/q=Peskov/);
  check((await page.locator("ul.stories li").count()) >= 1, "no story matched");
  const hits = page.locator("ul.hits li");
  check((await hits.count()) >= 1, "no article or claim hit");
  check((await page.locator("ul.hits .snippet b").count()) >= 1, "snippets have no highlighted term");
  await page.screenshot({ path: `${ARTIFACTS}/search.png`, fullPage: true });
  await page.locator("ul.stories a.headline").first().click();
  await page.waitForURL(/\/stories\//);
  storyUrl = page.url();
  await page.context().close();
});

await test("the story page has every section", async () => {
  check(storyUrl, "no story url from the search test");
  const page = await newPage(laptop);
  await page.goto(storyUrl);
  for (const id of ["brief", "quotes", "timeline", "claims", "copies", "articles"]) {
    check(await page.locator(`#${id}`).isVisible(), `section #${id} missing`);
  }
  check((await page.locator("#brief a.cite").count()) >= 1, "the brief has no citation");
  check((await page.locator("table.matrix tbody tr").count()) >= 1, "no claim matrix rows");
  await page.screenshot({ path: `${ARTIFACTS}/story.png`, fullPage: true });
  await page.context().close();
});

await test("a citation opens the article with the cited span highlighted", async () => {
  const page = await newPage(laptop);
  await page.goto(storyUrl);
  const cite = page.locator("#brief a.cite").first();
  const href = await cite.getAttribute("href");
  await cite.click();
  await page.waitForURL(/\/articles\/.*hl=/);
  const mark = page.locator("mark#hl");
  check(await mark.isVisible(), "no highlighted span");
  const text = (await mark.textContent()).trim();
  check(text.length > 3, `highlight too short: ${JSON.stringify(text)}`);
  check(await mark.evaluate((m) => { const r = m.getBoundingClientRect(); return r.top < innerHeight && r.bottom > 0; }),
    "the highlight is not scrolled into view");
  // The highlighted text is the cited byte range of the article body (checked via the API).
  const [, id, s, e] = href.match(/\/articles\/([^?]+)\?hl=(\d+)-(\d+)/);
  const api = await (await page.request.get(`${BASE}/api/articles/${id}`)).json();
  const body = Buffer.from(api.article.paragraphs.join("\n\n"), "utf8");
  const cited = body.subarray(Number(s), Number(e)).toString("utf8");
  check(cited.includes(text) || cited.replace(/\s+/g, " ").includes(text.replace(/\s+/g, " ")) || text.length > 0 && cited.startsWith(text.slice(0, 10)),
    `highlight ${JSON.stringify(text)} is not the cited span ${JSON.stringify(cited)}`);
  await page.screenshot({ path: `${ARTIFACTS}/citation.png` });
  await page.context().close();
});

await test("the story page fits a phone", async () => {
  const page = await newPage(phone);
  await page.goto(storyUrl);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - innerWidth);
  check(overflow <= 1, `page is ${overflow}px wider than the phone`);
  await page.screenshot({ path: `${ARTIFACTS}/story-phone.png`, fullPage: false });
  await page.goto(BASE + "/");
  await page.screenshot({ path: `${ARTIFACTS}/list-phone.png` });
  await page.context().close();
});

await test("pages read without script", async () => {
  const page = await newPage({ ...laptop, javaScriptEnabled: false });
  await page.goto(storyUrl);
  check((await page.locator("#brief .sentence").count()) >= 1, "no brief without script");
  await page.locator("#brief a.cite").first().click();
  await page.waitForURL(/hl=/);
  check(await page.locator("mark#hl").isVisible(), "no highlight without script");
  await page.context().close();
});

await test("article markup is shown as text, never run", async () => {
  const page = await newPage(laptop);
  await page.goto(BASE + "/?q=bakery+contest");
  const link = page.locator("ul.stories a.headline").first();
  check((await link.count()) === 1, "the markup fixture was not stored");
  check((await link.textContent()).includes("<script>"), "the title's markup is not shown as text");
  await link.click();
  await page.waitForURL(/\/stories\//);
  const bad = await page.evaluate(() => ({
    scripts: [...document.scripts].map((s) => s.src),
    foreign: document.querySelectorAll("img, iframe, svg, object, embed").length,
    jsLinks: [...document.querySelectorAll("a")].filter((a) => a.href.startsWith("javascript:")).length,
  }));
  check(bad.scripts.length === 1 && bad.scripts[0].endsWith("/assets/app.js"), `scripts: ${bad.scripts}`);
  check(bad.foreign === 0 && bad.jsLinks === 0, JSON.stringify(bad));
  for (const a of await page.locator("#articles a").all()) {
    await a.click();
    await page.waitForLoadState();
    const text = await page.locator("article.doc").textContent();
    check(text.includes("<img src=x onerror=alert(1)>"), "the article's markup is not shown as text");
    check((await page.locator("article.doc img, article.doc svg, article.doc iframe").count()) === 0, "markup rendered");
    await page.goBack();
  }
  await page.waitForTimeout(300);
  check(dialogs.length === 0, `dialogs opened: ${dialogs}`);
  await page.screenshot({ path: `${ARTIFACTS}/markup.png`, fullPage: true });
  await page.context().close();
});

await test("nothing was fetched from outside the server", async () => {
  check(foreign.length === 0, `foreign requests: ${foreign}`);
});

await browser.close();
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
