package io.footfall.server;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Playwright;
import java.nio.file.Paths;
import java.util.List;

/**
 * Debian's Chromium for the browser tests, as Playwright for Java drives it here: headless, no
 * download of Playwright's own browser ({@code PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1}), and no sandbox
 * (the tests may run as root).
 */
public final class Chromium {
  private Chromium() {}

  /** Launches Chromium from {@code /usr/bin/chromium}; the caller closes it. */
  public static Browser launch(Playwright playwright) {
    return playwright
        .chromium()
        .launch(
            new BrowserType.LaunchOptions()
                .setExecutablePath(Paths.get("/usr/bin/chromium"))
                .setHeadless(true)
                .setArgs(List.of("--no-sandbox", "--disable-gpu", "--no-first-run")));
  }
}
