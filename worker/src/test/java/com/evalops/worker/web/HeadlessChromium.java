package com.evalops.worker.web;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.FluentWait;
import org.openqa.selenium.support.ui.Wait;

/**
 * Debian's headless Chromium through its own chromedriver ({@code apt-get install chromium
 * chromium-driver}, which {@code .ci/run} does). Nothing is downloaded: the driver and browser are
 * named, and Selenium Manager runs offline. Without them a test fails under CI ({@code CI=true})
 * and is skipped, with the reason, on a laptop.
 */
final class HeadlessChromium {
  static final Path BROWSER =
      Path.of(System.getenv().getOrDefault("EVALOPS_CHROMIUM", "/usr/bin/chromium"));
  static final Path DRIVER =
      Path.of(System.getenv().getOrDefault("EVALOPS_CHROMEDRIVER", "/usr/bin/chromedriver"));
  static final Path SCREENSHOTS = Path.of("target", "screenshots");

  private HeadlessChromium() {}

  /** Fails (CI) or skips (elsewhere) the calling test when the browser is not installed. */
  static void requireInstalled() {
    if (Files.isExecutable(BROWSER) && Files.isExecutable(DRIVER)) {
      return;
    }
    String message =
        "the web console's browser tests need "
            + BROWSER
            + " and "
            + DRIVER
            + " (Debian: apt-get install -y chromium chromium-driver; .ci/run installs them)";
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      fail(message);
    }
    Assumptions.abort(message);
  }

  static ChromeDriver start() {
    requireInstalled();
    System.setProperty("webdriver.chrome.driver", DRIVER.toString());
    Path profile;
    try {
      profile = Files.createTempDirectory("evalops-chromium");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary(BROWSER.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-extensions",
        "--no-first-run",
        "--window-size=1400,2200",
        "--user-data-dir=" + profile);
    ChromeDriverService service =
        new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile()).build();
    ChromeDriver driver = new ChromeDriver(service, options);
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    return driver;
  }

  /**
   * A wait for something on the page that may be replaced while it is read: after a click that
   * submits a form, chromedriver reports the old page's nodes as stale or as "not belonging to the
   * document" until the new page is in. Those answers mean "not yet", so the wait keeps polling; on
   * timeout it fails with the last of them as the cause.
   */
  static Wait<WebDriver> pageWait(ChromeDriver driver, Duration timeout) {
    return new FluentWait<WebDriver>(driver)
        .withTimeout(timeout)
        .pollingEvery(Duration.ofMillis(100))
        .ignoring(WebDriverException.class);
  }

  /** Saves what the browser shows as {@code target/screenshots/<name>.png}. */
  static Path screenshot(ChromeDriver driver, String name) {
    try {
      Files.createDirectories(SCREENSHOTS);
      Path file = SCREENSHOTS.resolve(name + ".png");
      Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
