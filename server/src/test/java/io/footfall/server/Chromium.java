package io.footfall.server;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.WaitForSelectorState;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

/**
 * Debian's Chromium for the browser tests, as Playwright for Java drives it here: headless, no
 * download of Playwright's own browser ({@code PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1}), and no sandbox
 * (the tests may run as root).
 */
public final class Chromium {
  /**
   * Where the browser tests' screenshots go, to be looked at (and copied to docs/ if they show a
   * change).
   */
  public static final Path SHOTS = Paths.get("target", "screenshots");

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

  /**
   * A new context with a viewport of the size given, in US English and UTC; the caller closes it.
   */
  public static BrowserContext context(Browser browser, int width, int height) {
    return browser.newContext(
        new Browser.NewContextOptions()
            .setViewportSize(width, height)
            .setLocale("en-US")
            .setTimezoneId("UTC"));
  }

  /** Saves the page as {@code target/screenshots/NAME.png} once no loading skeleton is left. */
  public static void screenshot(Page page, String name) {
    page.locator(".skeleton")
        .first()
        .waitFor(new Locator.WaitForOptions().setState(WaitForSelectorState.DETACHED));
    page.screenshot(new Page.ScreenshotOptions().setPath(SHOTS.resolve(name + ".png")));
  }
}
