// Opens migready's HTML report in real headless Chromium (Debian's /usr/bin/chromium, driven by
// playwright-core) and checks what a customer would see: no console errors, the hostile display
// name does not execute, filtering narrows the table, paging works; and on the sample tenant as a
// consultant hands it over: the cover, the executive summary, the message and the evidence (relative
// to the inputs) on every row, the affected users with links to their findings, a PDF that holds
// every row of every table (read back with pdftotext), and no word broken inside a badge or a
// short column at 1400 and 800 px. Saves screenshots and PDFs.
//   node html_report.test.mjs HOSTILE_HTML BIG_HTML ARTIFACT_DIR SAMPLE_HTML SAMPLE_JSON SAMPLE_DIR
import { chromium } from "playwright-core";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

const [hostileHtml, bigHtml, artifacts, sampleHtml, sampleJson, sampleDir] = process.argv.slice(2);
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
    assert.match(await box.locator(".tools span").textContent(), /^\d+ finding\(s\), page 1 of \d+$/);
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
    assert.match(await box.locator(".tools span").textContent(), /^1 finding\(s\), page 1 of 1$/);
    assert.equal(await box.locator("tbody tr").count(), 1);
    assert.match(await box.locator("tbody tr").first().textContent(), /user0000042@contoso\.com/);
    await box.locator("input[type=search]").fill("");
  });
  await test("sorting by a column reorders the rows", async () => {
    await box.locator("th", { hasText: "User" }).click();
    await box.locator("th", { hasText: "User" }).click(); // descending
    assert.match(await box.locator("tbody tr").first().textContent(), /zbronte@contoso\.com|user09/);
  });
  await big.screenshot({ path: `${artifacts}/html-report-big.png` });
  console.log(`first render of ${bigHtml}: ${renderMs} ms`);

  // The sample tenant, as handed over.
  const report = JSON.parse(readFileSync(sampleJson, "utf8"));
  const sample = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const sampleErrors = [];
  sample.on("pageerror", (e) => sampleErrors.push(String(e)));
  await sample.goto(pathToFileURL(sampleHtml).href);
  await sample.waitForSelector("body[data-rendered=true]");
  await test("the cover names the project and the customer; the executive summary has 3-5 sentences", async () => {
    assert.deepEqual(sampleErrors, []);
    const cover = await sample.locator("header .cover").textContent();
    assert.match(cover, /Exchange to Microsoft 365 migration/);
    assert.match(cover, /Contoso Ltd/);
    assert.match(await sample.title(), /^Exchange to Microsoft 365 migration/);
    const summary = await sample.locator("#executive-summary p").textContent();
    const sentences = summary.split(/(?<=\.)\s+(?=[A-Z])/);
    assert.ok(sentences.length >= 3 && sentences.length <= 5, `${sentences.length} sentences: ${summary}`);
    assert.match(summary, new RegExp(`${report.summary.users.blocked} of the \\d+ on-premises users scanned are blocked`));
    assert.match(summary, /AD Connect administrator/);
    assert.match(summary, /Entra ID administrator/);
  });
  await test("every finding row has its message and its evidence, relative to the inputs", async () => {
    await sample.evaluate(() => document.querySelectorAll("details.check").forEach((d) => (d.open = true)));
    const rows = await sample.evaluate(() => [...document.querySelectorAll("div.findings tbody tr")].map((tr) => {
      const heads = [...tr.closest("table").querySelectorAll("th")].map((th) => th.textContent);
      const cells = [...tr.children].map((td) => td.textContent);
      return { finding: cells[heads.indexOf("Finding")], evidence: cells[heads.indexOf("Evidence")],
               check: tr.closest("div.findings").dataset.check };
    }));
    assert.ok(rows.length > 300, `${rows.length} rows on screen`);
    for (const r of rows) {
      assert.ok(r.finding && r.finding.length > 10, `${r.check}: no message`);
      assert.ok(r.evidence, `${r.check}: no evidence`);
      assert.ok(!r.evidence.includes(sampleDir), `${r.check}: absolute path in ${r.evidence}`);
      assert.ok(!r.evidence.includes("\\x0a"), `${r.check}: a line break shown as \\x0a in ${r.evidence}`);
    }
    assert.ok(rows.some((r) => r.check === "CLOUD003" && /PendingInput|Error/.test(r.finding)), "CLOUD003 says the provisioning state");
    assert.ok(rows.some((r) => r.check === "AD001" && /^ad-users\.ldf:\d+\n/.test(r.evidence)), "AD001 evidence is ad-users.ldf:line");
  });
  await test("affected users: one row per user, each linking to only that user's findings", async () => {
    const box = sample.locator("div.users");
    assert.match(await box.locator(".tools span").textContent(), new RegExp(`^${report.summary.users.total} user\\(s\\), page 1 of`));
    const first = box.locator("tbody tr").first();
    assert.match(await first.locator("td").first().textContent(), /^blocked$/);
    const name = await first.locator("td a").textContent();
    await first.locator("td a").click();
    const upn = await first.locator("td").nth(2).textContent();
    const ad001 = sample.locator("div.findings[data-check=AD001]");
    assert.match(await ad001.locator(".tools span").textContent(), new RegExp(`^1 finding\\(s\\) of ${upn.replace(/[.]/g, "\\.")}`));
    for (const row of await ad001.locator("tbody tr").all()) assert.match(await row.textContent(), new RegExp(name));
    await ad001.getByRole("button", { name: "Show all" }).click();
    assert.match(await ad001.locator(".tools span").textContent(), /^131 finding\(s\), page 1 of 3$/);
  });
  await test("printed to PDF, every row of every table is there (pdftotext)", async () => {
    await sample.reload(); // no user's filter left from the test before
    await sample.waitForSelector("body[data-rendered=true]");
    const pdfPath = `${artifacts}/html-report-sample.pdf`;
    await sample.pdf({ path: pdfPath, format: "A4", landscape: true });
    const text = execFileSync("pdftotext", ["-layout", pdfPath, "-"], { encoding: "utf8", maxBuffer: 1 << 28 });
    // Each UPN as often as the findings name it, plus its row among the affected users.
    const expected = new Map();
    for (const f of report.findings) if (f.subject.upn) expected.set(f.subject.upn, (expected.get(f.subject.upn) || 0) + 1);
    const users = new Set(report.findings.filter((f) => f.subject.upn).map((f) => f.subject.upn));
    let missing = [];
    for (const [upn, n] of expected) {
      const found = text.split(new RegExp(`(?<![\\w.@-])${upn.replace(/[.+]/g, "\\$&")}(?![\\w.@-])`)).length - 1;
      if (found < n + (users.has(upn) ? 1 : 0)) missing.push(`${upn}: ${found} of ${n + 1}`);
    }
    assert.deepEqual(missing.slice(0, 10), []);
    assert.match(text, /131 finding\(s\), all shown/);
    assert.ok(!/page 1 of/.test(text), "a page indicator was printed");
    // After printing, the screen is paged again.
    assert.match(await sample.locator("div.findings[data-check=AD001] .tools span").textContent(), /page 1 of 3/);
  });
  for (const width of [1400, 800]) {
    await test(`no word broken inside a badge, a heading or a short column at ${width} px`, async () => {
      await sample.setViewportSize({ width, height: 900 });
      await sample.evaluate(() => document.querySelectorAll("details").forEach((d) => (d.open = true)));
      const broken = await sample.evaluate(() => {
        const out = [];
        const cells = document.querySelectorAll(".badge, th, td:not(.long):not(.text), .count, summary");
        for (const cell of cells) {
          const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
          for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            for (const m of node.textContent.matchAll(/\S+/g)) {
              const range = document.createRange();
              range.setStart(node, m.index);
              range.setEnd(node, m.index + m[0].length);
              const tops = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
              if (tops.size > 1) out.push(m[0]);
            }
          }
        }
        return out;
      });
      assert.deepEqual(broken.slice(0, 20), []);
      await sample.screenshot({ path: `${artifacts}/html-report-sample-${width}.png`, fullPage: false });
    });
  }
} finally {
  await browser.close();
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
