/**
 * Security declarations: the permissions a module defines.
 */
@Version("1.0.0")
package io.relata.api.security;

import org.osgi.annotation.versioning.Version;
