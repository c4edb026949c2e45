package io.relata.core.customers.transfer;

import java.util.Map;

/**
 * The body of {@code POST /api/v1/imports/{id}/start}.
 *
 * @param mapping    header → field, e.g. {@code {"名称": "name", "Region": "cf.region"}}; a blank field leaves the
 *                   column out. Without a mapping the suggested one is used
 * @param dryRun     check everything and report, writing nothing
 * @param duplicates {@code skip} (the default), {@code update} or {@code create}
 */
public record StartRequest(Map<String, String> mapping, Boolean dryRun, String duplicates) {
}
