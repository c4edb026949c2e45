/**
 * Background jobs: long work such as an import runs on the platform's job executor as the user who started it,
 * while its progress is kept where every node can read it ({@code GET /api/v1/jobs/{id}}). A module submits
 * a {@link io.relata.api.job.JobWork} through {@link io.relata.api.job.Jobs}; console commands can show a
 * job's progress with {@link io.relata.api.job.JobProgressBar}.
 */
@Version("1.0.0")
package io.relata.api.job;

import org.osgi.annotation.versioning.Version;
