/**
 * Recycle bin: deleted records are kept, listed and restorable instead of being destroyed.
 */
@Version("1.1.0")
package io.relata.api.recyclebin;

import org.osgi.annotation.versioning.Version;
