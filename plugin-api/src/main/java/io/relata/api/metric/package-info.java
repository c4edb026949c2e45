/**
 * Dashboard metrics: how a module puts a chart on the home dashboard. A module registers a
 * {@link io.relata.api.metric.MetricProvider} service describing one metric (id, titles, chart kind, permission,
 * order) and computing it for the current caller; core lists the metrics the caller may see at
 * {@code GET /api/v1/dashboard/metrics} and computes one at {@code GET /api/v1/dashboard/metrics/{id}}.
 */
@Version("1.0.0")
package io.relata.api.metric;

import org.osgi.annotation.versioning.Version;
