package io.relata.api.metric;

import java.time.ZoneId;
import java.util.Objects;

/**
 * What the dashboard asks of a provider. Who asks is not here: the provider runs on the caller's thread and reads
 * the caller and their data scope from {@link io.relata.api.security.CurrentUser} and
 * {@link io.relata.api.security.AccessControl}, as every read of the plugin API does.
 *
 * @param weeks    for metrics over time: how many weeks to show, the current week included; between 1 and
 *                 {@value #MAX_WEEKS}; the descriptor's default when the caller chose none
 * @param timeZone the caller's time zone, where weeks start (on Monday) and days end
 * @param language the caller's language, {@code en} or {@code zh-CN}, for any label the provider writes itself
 */
public record MetricRequest(int weeks, ZoneId timeZone, String language) {

    public static final int MAX_WEEKS = 52;

    public MetricRequest {
        if (weeks < 1 || weeks > MAX_WEEKS) {
            throw new IllegalArgumentException("weeks must be between 1 and " + MAX_WEEKS + ": " + weeks);
        }
        Objects.requireNonNull(timeZone, "timeZone");
        language = language == null || language.isBlank() ? "en" : language;
    }
}
