package io.relata.assembly;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A web UI test class: its steps run in order against the run's one booted distribution and browser
 * ({@link WebUi}), reachable through these fields.
 */
@ExtendWith(WebUi.Shared.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class BrowserTest {

    static WebUi ui;
    static RelataServer server;
    static ChromeDriver browser;
    static WebDriverWait wait;

    @BeforeAll
    static void sharedBrowser() {
        ui = WebUi.get();
        server = ui.server;
        browser = ui.browser;
        wait = ui.wait;
    }
}
