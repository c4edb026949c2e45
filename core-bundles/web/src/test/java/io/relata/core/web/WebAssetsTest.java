package io.relata.core.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;

class WebAssetsTest {

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void versionFollowsTheContentAndFillsTheIndex() {
        WebAssets one = new WebAssets(Map.of("index.html", bytes("<script src=\"/ui/{{version}}/app.js\">"),
                "app.js", bytes("a")));
        WebAssets same = new WebAssets(Map.of("index.html", bytes("<script src=\"/ui/{{version}}/app.js\">"),
                "app.js", bytes("a")));
        WebAssets changed = new WebAssets(Map.of("index.html", bytes("<script src=\"/ui/{{version}}/app.js\">"),
                "app.js", bytes("b")));
        assertThat(one.version()).isEqualTo(same.version()).isNotEqualTo(changed.version()).hasSize(12);
        assertThat(new String(one.index(), StandardCharsets.UTF_8))
                .isEqualTo("<script src=\"/ui/" + one.version() + "/app.js\">");
    }

    @Test
    void servesOnlyItsOwnFilesWithTheirTypes() {
        WebAssets assets = new WebAssets(Map.of("index.html", bytes("x"), "app.js", bytes("a"),
                "i18n/zh-CN.json", bytes("{}"), "app.css", bytes("")));
        assertThat(assets.asset("app.js")).get().extracting(WebAssets.Asset::contentType)
                .isEqualTo("text/javascript; charset=utf-8");
        assertThat(assets.asset("i18n/zh-CN.json")).get().extracting(WebAssets.Asset::contentType)
                .isEqualTo("application/json; charset=utf-8");
        assertThat(assets.asset("app.css")).get().extracting(WebAssets.Asset::contentType)
                .isEqualTo("text/css; charset=utf-8");
        assertThat(assets.asset("../etc/passwd")).isEmpty();
        assertThat(assets.asset("index.html")).as("only with its version filled in").isEmpty();
        assertThat(assets.asset("nothing.js")).isEmpty();
    }

    @Test
    void theContentSecurityPolicyAllowsNoInlineScript() {
        assertThat(WebAppServlet.CONTENT_SECURITY_POLICY).contains("script-src 'self'")
                .doesNotContain("unsafe-inline").doesNotContain("unsafe-eval").contains("object-src 'none'");
    }
}
