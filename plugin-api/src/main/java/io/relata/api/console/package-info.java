/**
 * Console commands: plugins contribute {@code relata:*} commands to the Karaf shell without depending on Karaf.
 */
@Version("1.0.0")
package io.relata.api.console;

import org.osgi.annotation.versioning.Version;
