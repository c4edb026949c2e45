/**
 * REST conventions shared by every resource under {@code /api/v1}: the shared application, problem details, paging, versions and merge patches.
 */
@Version("1.0.0")
package io.relata.api.rest;

import org.osgi.annotation.versioning.Version;
