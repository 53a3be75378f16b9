import { describe, expect, it } from 'vitest';
import { findChromium, type ChromiumPlaces } from './browser.ts';

const PLAYWRIGHT = '/root/.cache/ms-playwright/chromium-1/chrome-linux64/chrome';

/** A machine where only `files` exist, with playwright's Chromium expected at PLAYWRIGHT. */
const machine = (...files: string[]): ChromiumPlaces => ({ exists: (path) => files.includes(path), playwrightPath: () => PLAYWRIGHT });

describe('which Chromium the browser tests drive', () => {
  it('COSTLENS_CHROMIUM when set, even when Debian\'s and playwright\'s exist too', () => {
    expect(findChromium({ COSTLENS_CHROMIUM: '/opt/chrome/chrome' }, machine('/opt/chrome/chrome', '/usr/bin/chromium', PLAYWRIGHT)))
      .toEqual({ status: 'found', path: '/opt/chrome/chrome' });
  });

  it('COSTLENS_CHROMIUM is the only path tried: a missing one fails (CI or not) instead of falling back', () => {
    expect(findChromium({ COSTLENS_CHROMIUM: '/opt/none' }, machine('/usr/bin/chromium', PLAYWRIGHT))).toEqual({
      status: 'fail',
      message: 'COSTLENS_CHROMIUM=/opt/none: no such file; point it at a Chromium executable, or unset it to use /usr/bin/chromium',
    });
  });

  it('else Debian\'s /usr/bin/chromium, else playwright\'s own', () => {
    expect(findChromium({}, machine('/usr/bin/chromium', PLAYWRIGHT))).toEqual({ status: 'found', path: '/usr/bin/chromium' });
    expect(findChromium({ COSTLENS_CHROMIUM: '' }, machine(PLAYWRIGHT))).toEqual({ status: 'found', path: PLAYWRIGHT });
  });

  it('none: the browser tests are skipped with a line saying how to enable them', () => {
    expect(findChromium({}, machine())).toEqual({
      status: 'skip',
      message: `BROWSER TESTS SKIPPED: no Chromium found (tried /usr/bin/chromium, ${PLAYWRIGHT}); to run them, install it (\`apt-get install -y chromium\`) or set COSTLENS_CHROMIUM=/path/to/chromium`,
    });
  });

  it('none under CI=true: the browser tests fail with the reason', () => {
    expect(findChromium({ CI: 'true' }, { exists: () => false, playwrightPath: () => undefined })).toEqual({
      status: 'fail',
      message: 'CI=true and no Chromium for the browser tests (tried /usr/bin/chromium): install it (`apt-get install -y chromium`) or set COSTLENS_CHROMIUM=/path/to/chromium',
    });
  });
});
