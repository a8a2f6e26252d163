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

  /**
   * Runs axe-core on the page once nothing is loading, and adds its serious and critical violations
   * to {@code found}, each prefixed with {@code name}.
   */
  public static void accessibility(Page page, String name, List<String> found) {
    page.locator(".skeleton, .refreshing")
        .first()
        .waitFor(new Locator.WaitForOptions().setState(WaitForSelectorState.DETACHED));
    page.addScriptTag(new Page.AddScriptTagOptions().setContent(axeScript()));
    Object result =
        page.evaluate(
            "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
                + ".filter(v => v.impact === 'serious' || v.impact === 'critical')"
                + ".map(v => v.impact + ' ' + v.id + ': ' + v.nodes.slice(0, 3)"
                + ".map(n => n.target.join(' ')).join('; '))");
    ((List<?>) result).forEach(v -> found.add(name + ": " + v));
  }

  private static String axeScript() {
    try (java.io.InputStream in = Chromium.class.getResourceAsStream("/axe/axe.min.js")) {
      if (in == null) {
        throw new IllegalStateException(
            "axe/axe.min.js is missing from the test resources (server/fetch-axe.sh)");
      }
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Saves the page as {@code target/screenshots/NAME.png} once no loading skeleton is left. */
  public static void screenshot(Page page, String name) {
    page.locator(".skeleton")
        .first()
        .waitFor(new Locator.WaitForOptions().setState(WaitForSelectorState.DETACHED));
    page.screenshot(new Page.ScreenshotOptions().setPath(SHOTS.resolve(name + ".png")));
  }
}
