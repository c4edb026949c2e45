/**
 * Modules: how a plugin describes itself (id, version, license key, required modules, permissions) and how core reports the state of every installed module.
 */
@Version("1.0.0")
package io.relata.api.module;

import org.osgi.annotation.versioning.Version;
