// Opens migready's HTML report in real headless Chromium (Debian's /usr/bin/chromium, driven by
// playwright-core) and checks what a customer would see: no console errors, the hostile display
// name does not execute, filtering narrows the table, paging works. Saves a screenshot.
//   node html_report.test.mjs HOSTILE_HTML BIG_HTML ARTIFACT_DIR
import { chromium } from "playwright-core";
import assert from "node:assert/strict";
import { pathToFileURL } from "node:url";

const [hostileHtml, bigHtml, artifacts] = process.argv.slice(2);
let passed = 0, failed = 0;
async function test(name, fn) {
  try { await fn(); passed++; console.log(`ok - ${name}`); }
  catch (e) { failed++; console.log(`not ok - ${name}\n  ${String(e.stack || e).split("\n").join("\n  ")}`); }
}

const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"],
});
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors = [];
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  page.on("pageerror", (e) => errors.push(String(e)));
  const requests = [];
  page.on("request", (r) => { if (!r.url().startsWith("file:") && !r.url().startsWith("data:")) requests.push(r.url()); });
  await page.goto(pathToFileURL(hostileHtml).href);
  await page.waitForSelector("body[data-rendered=true]");

  await test("no console errors, no network requests", async () => {
    assert.deepEqual(errors, []);
    assert.deepEqual(requests, []);
  });
  await test("the hostile display name does not execute and is shown as text", async () => {
    assert.equal(await page.evaluate(() => window.__xss), undefined);
    await page.locator("details.check", { hasText: "AD001" }).first().evaluate((d) => (d.open = true));
    const cell = page.locator("div.findings[data-check=AD001] tbody td", { hasText: "window.__xss" }).first();
    assert.match(await cell.textContent(), /<img src=x onerror=/);
    assert.equal(await page.locator("img").count(), 0);
  });
  await page.screenshot({ path: `${artifacts}/html-report-hostile.png`, fullPage: true });
  await test("prints to PDF", async () => {
    const pdf = await page.pdf({ path: `${artifacts}/html-report-hostile.pdf`, format: "A4" });
    assert.ok(pdf.length > 10000, `PDF of ${pdf.length} bytes`);
    assert.equal(pdf.subarray(0, 5).toString(), "%PDF-");
  });

  const big = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const bigErrors = [];
  big.on("pageerror", (e) => bigErrors.push(String(e)));
  const start = Date.now();
  await big.goto(pathToFileURL(bigHtml).href);
  await big.waitForSelector("body[data-rendered=true]");
  const renderMs = Date.now() - start;
  const box = big.locator("div.findings[data-check=AD001]");
  await big.locator("details.check", { hasText: "AD001" }).first().evaluate((d) => (d.open = true));
  await test("a page of 50 rows out of many, never all rows in the DOM", async () => {
    assert.deepEqual(bigErrors, []);
    assert.equal(await box.locator("tbody tr").count(), 50);
    assert.match(await box.locator(".tools span").textContent(), /^\d+ row\(s\), page 1 of \d+$/);
  });
  await test("paging moves to the next rows", async () => {
    const first = await box.locator("tbody tr").first().textContent();
    await box.getByRole("button", { name: "Next ›" }).click();
    assert.match(await box.locator(".tools span").textContent(), /page 2 of/);
    assert.notEqual(await box.locator("tbody tr").first().textContent(), first);
    await box.getByRole("button", { name: "‹ Previous" }).click();
    assert.match(await box.locator(".tools span").textContent(), /page 1 of/);
  });
  await test("filtering as you type narrows the table", async () => {
    await box.locator("input[type=search]").fill("user0000042@");
    assert.match(await box.locator(".tools span").textContent(), /^1 row\(s\), page 1 of 1$/);
    assert.equal(await box.locator("tbody tr").count(), 1);
    assert.match(await box.locator("tbody tr").first().textContent(), /user0000042@contoso\.com/);
    await box.locator("input[type=search]").fill("");
  });
  await test("sorting by a column reorders the rows", async () => {
    await box.locator("th", { hasText: "UPN" }).click();
    await box.locator("th", { hasText: "UPN" }).click(); // descending
    assert.match(await box.locator("tbody tr").first().textContent(), /zbronte@contoso\.com|user09/);
  });
  await big.screenshot({ path: `${artifacts}/html-report-big.png` });
  console.log(`first render of ${bigHtml}: ${renderMs} ms`);
} finally {
  await browser.close();
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
