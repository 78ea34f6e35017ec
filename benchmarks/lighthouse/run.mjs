// Lighthouse on the signed-in web studio, in Debian's Chromium (never a downloaded browser).
//
//   PW_LH_EMAIL=... PW_LH_PASSWORD=... node run.mjs --base http://127.0.0.1:8123 \
//     --out results.json [--reports DIR] [--chromium /usr/bin/chromium] \
//     [--presets desktop,mobile] [--pages dashboard=/,studio=/studio]
//
// benchmarks/studio_lighthouse.py starts the server and runs this; it can also be run by
// hand against any `presswright serve`. For each preset (Lighthouse's desktop config, and
// its default config, which is mobile) one headless Chromium is launched with
// puppeteer-core, the owner signs in through the sign-in screen, then
// `lighthouse(url, flags, config, page)` audits each page on that signed-in page. The
// storage reset Lighthouse does before a navigation is turned off (`disableStorageReset`),
// so the refresh cookie the sign-in set survives and the app opens signed in, as for a
// returning user (one silent refresh, then the screen). A run that ended on the sign-in
// screen is reported as such (`signedIn: false`).
//
// The results file holds, per page and preset: the category scores (0-100), the main
// metrics, and for each category the audits that lost it points (title, score, weight,
// display value and a few detail rows), which the Python script prints.

import fs from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { parseArgs } from 'node:util';

import lighthouse, { desktopConfig } from 'lighthouse';
import puppeteer from 'puppeteer-core';

const CATEGORIES = ['performance', 'accessibility', 'best-practices'];
const METRICS = [
  'first-contentful-paint',
  'largest-contentful-paint',
  'total-blocking-time',
  'cumulative-layout-shift',
  'speed-index',
];
const MAX_DETAIL_ROWS = 6;
const MAX_ATTEMPTS = 3;

const { values: args } = parseArgs({
  options: {
    base: { type: 'string' },
    out: { type: 'string' },
    reports: { type: 'string' },
    chromium: { type: 'string', default: '/usr/bin/chromium' },
    presets: { type: 'string', default: 'desktop,mobile' },
    pages: { type: 'string', default: 'dashboard=/,studio=/studio' },
    timeout: { type: 'string', default: '60000' },
  },
});

function fail(message) {
  console.error(`run.mjs: ${message}`);
  process.exit(2);
}

if (!args.base || !args.out) fail('--base URL and --out FILE are required');
const email = process.env.PW_LH_EMAIL;
const password = process.env.PW_LH_PASSWORD;
if (!email || !password) fail('PW_LH_EMAIL and PW_LH_PASSWORD must name the account to sign in');
if (!fs.existsSync(args.chromium)) fail(`${args.chromium} is missing (install Debian's chromium)`);

const base = args.base.replace(/\/+$/, '');
const timeout = Number(args.timeout);
const presets = args.presets.split(',').map((name) => name.trim()).filter(Boolean);
for (const preset of presets) {
  if (preset !== 'desktop' && preset !== 'mobile') fail(`unknown preset ${preset}`);
}
const pages = args.pages.split(',').map((pair) => {
  const [name, route] = pair.split('=');
  if (!name || !route || !route.startsWith('/')) fail(`bad page ${pair} (want name=/path)`);
  return { name, route };
});

// The desktop preset is Lighthouse's own desktop config; mobile is its default config.
function configFor(preset) {
  const settings = { onlyCategories: CATEGORIES };
  if (preset === 'desktop') {
    return { ...desktopConfig, settings: { ...desktopConfig.settings, ...settings } };
  }
  return { extends: 'lighthouse:default', settings };
}

async function signIn(page) {
  await page.goto(`${base}/sign-in`, { waitUntil: 'networkidle0', timeout });
  try {
    const emailField = await page.waitForSelector('::-p-aria([name="Email"][role="textbox"])', {
      timeout,
    });
    await emailField.type(email);
    const passwordField = await page.waitForSelector('input[type="password"]', { timeout });
    await passwordField.type(password);
    const submit = await page.waitForSelector('::-p-aria([name="Sign in"][role="button"])', {
      timeout,
    });
    await Promise.all([
      page.waitForFunction(() => !window.location.pathname.startsWith('/sign-in'), { timeout }),
      submit.click(),
    ]);
  } catch (error) {
    const text = await page.evaluate(() => document.body.innerText).catch(() => '');
    throw new Error(
      `signing in failed at ${page.url()}: ${error.message}\npage text: ${text.slice(0, 800)}`,
    );
  }
}

function nodeText(node) {
  const parts = [];
  if (node.nodeLabel) parts.push(node.nodeLabel);
  if (node.selector) parts.push(`[${node.selector}]`);
  if (node.snippet) parts.push(node.snippet);
  if (node.explanation) parts.push(node.explanation.replace(/\s+/g, ' '));
  return parts.join(' | ');
}

function rowText(item) {
  const parts = [];
  const node = item.node ?? (item.source && item.source.type === 'node' ? item.source : null);
  if (node) parts.push(nodeText(node));
  for (const key of ['url', 'groupLabel', 'phase', 'description', 'label', 'directive']) {
    if (typeof item[key] === 'string' && item[key]) parts.push(item[key]);
  }
  if (item.source && item.source.type === 'source-location') {
    parts.push(`${item.source.url}:${item.source.line}`);
  }
  for (const key of ['wastedBytes', 'totalBytes', 'wastedMs', 'duration', 'timing', 'total']) {
    if (typeof item[key] === 'number') parts.push(`${key}=${Math.round(item[key])}`);
  }
  if (typeof item.percent === 'string') parts.push(item.percent);
  if (typeof item.cacheLifetimeMs === 'number') {
    parts.push(`cache ${Math.round(item.cacheLifetimeMs / 1000)} s`);
  }
  if (parts.length === 0) parts.push(JSON.stringify(item).slice(0, 200));
  return parts.join(' | ').slice(0, 600);
}

// A few readable rows of an audit's details (tables, lists of tables, opportunities).
function detailRows(details) {
  if (!details) return [];
  const tables = details.type === 'list' ? (details.items ?? []) : [details];
  const rows = [];
  for (const table of tables) {
    const items = Array.isArray(table.items) ? table.items : [];
    for (const item of items.slice(0, MAX_DETAIL_ROWS)) rows.push(rowText(item));
  }
  return rows.slice(0, MAX_DETAIL_ROWS * 2);
}

// The audits of a category that cost it points: scored, weighted, and not a full pass.
function lostPoints(lhr, categoryId) {
  const category = lhr.categories[categoryId];
  const lost = [];
  for (const ref of category.auditRefs) {
    const audit = lhr.audits[ref.id];
    if (!audit || ref.weight === 0) continue;
    if (!['binary', 'numeric', 'metricSavings'].includes(audit.scoreDisplayMode)) continue;
    if (audit.score === null || audit.score >= 1) continue;
    lost.push({
      id: ref.id,
      title: audit.title,
      score: Math.round(audit.score * 100),
      weight: ref.weight,
      displayValue: audit.displayValue ?? '',
      details: detailRows(audit.details),
    });
  }
  // Opportunities and diagnostics (weight 0 in the score) that name savings, for performance.
  if (categoryId === 'performance') {
    for (const audit of Object.values(lhr.audits)) {
      const savings = audit.metricSavings;
      if (!savings || audit.score === null || audit.score >= 1) continue;
      if (lost.some((entry) => entry.id === audit.id)) continue;
      if (!Object.values(savings).some((value) => value > 0)) continue;
      lost.push({
        id: audit.id,
        title: audit.title,
        score: Math.round(audit.score * 100),
        weight: 0,
        displayValue: audit.displayValue ?? '',
        details: detailRows(audit.details),
      });
    }
  }
  return lost;
}

async function auditPreset(preset) {
  const browser = await puppeteer.launch({
    executablePath: args.chromium,
    headless: true,
    defaultViewport: null, // Lighthouse emulates the screen of its preset itself
    // Two cores shared by many: no GPU process; no /dev/shm size limit in containers.
    // As root (containers), Chromium refuses to start sandboxed; Playwright adds the same.
    args: [
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--no-first-run',
      ...(process.getuid && process.getuid() === 0 ? ['--no-sandbox'] : []),
    ],
  });
  const results = [];
  try {
    const signInPage = await browser.newPage();
    await signIn(signInPage);
    await signInPage.close();
    for (const { name, route } of pages) {
      const url = `${base}${route}`;
      const started = Date.now();
      const flags = {
        logLevel: 'error',
        output: args.reports ? ['html', 'json'] : 'json',
        // Keep the refresh cookie of the sign-in (Lighthouse would clear the origin's storage).
        disableStorageReset: true,
        maxWaitForLoad: 90_000,
      };
      let runner;
      let attempts = 0;
      // A trace Chromium failed to record (NO_NAVSTART and the like) is retried on a new tab.
      while (attempts < MAX_ATTEMPTS) {
        attempts += 1;
        const page = await browser.newPage();
        try {
          // A cold HTTP cache, as a first visit has: the sign-in loaded the shared chunks.
          const cdp = await page.createCDPSession();
          await cdp.send('Network.clearBrowserCache');
          await cdp.detach();
          runner = await lighthouse(url, flags, configFor(preset), page);
        } finally {
          await page.close();
        }
        if (!runner) throw new Error(`Lighthouse returned nothing for ${url}`);
        if (!runner.lhr.runtimeError) break;
        console.error(`run.mjs: ${name} ${preset}: ${runner.lhr.runtimeError.code}, again`);
      }
      const { lhr } = runner;
      const finalUrl = lhr.finalDisplayedUrl ?? lhr.finalUrl ?? url;
      const signedIn = !new URL(finalUrl).pathname.startsWith('/sign-in');
      const scores = {};
      const lost = {};
      for (const id of CATEGORIES) {
        const category = lhr.categories[id];
        scores[id] = category && category.score !== null ? Math.round(category.score * 100) : null;
        lost[id] = category ? lostPoints(lhr, id) : [];
      }
      const metrics = {};
      for (const id of METRICS) {
        const audit = lhr.audits[id];
        if (audit) metrics[id] = { value: audit.numericValue, display: audit.displayValue };
      }
      const entry = {
        page: name,
        route,
        preset,
        finalUrl,
        signedIn,
        seconds: Math.round((Date.now() - started) / 100) / 10,
        scores,
        metrics,
        lost,
        attempts,
        runtimeError: lhr.runtimeError ? lhr.runtimeError.message : null,
        runWarnings: lhr.runWarnings ?? [],
        lighthouseVersion: lhr.lighthouseVersion,
        userAgent: lhr.environment?.hostUserAgent ?? '',
        reports: [],
      };
      if (args.reports) {
        fs.mkdirSync(args.reports, { recursive: true });
        const reports = Array.isArray(runner.report) ? runner.report : [runner.report];
        const stem = path.join(args.reports, `${name}-${preset}`);
        fs.writeFileSync(`${stem}.report.html`, reports[0]);
        fs.writeFileSync(`${stem}.report.json`, reports[1] ?? JSON.stringify(lhr));
        entry.reports = [`${stem}.report.html`, `${stem}.report.json`];
      }
      results.push(entry);
      console.error(`run.mjs: ${name} ${preset}: ${JSON.stringify(scores)} (${entry.seconds} s)`);
    }
  } finally {
    await browser.close();
  }
  return results;
}

const all = [];
for (const preset of presets) {
  all.push(...(await auditPreset(preset)));
}
fs.writeFileSync(args.out, JSON.stringify({ base, results: all }, null, 2));
